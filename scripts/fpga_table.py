#!/usr/bin/env python3
"""Resource and Fmax table of the FPGA flow (make fpga, docs/fpga.md).

    fpga_table.py ROW...     ROW = name:family:stat[:report.json:clock_mhz]

stat is a Yosys `stat` output; report.json a nextpnr --report file (place
and route done: Fmax and the device's totals come from it).  Rows without
one are out-of-context blocks: synthesis counts only, totals of the part.
Prints a Markdown table.
"""
import json
import re
import sys

# Cells per family: (LUT cells, FF prefix, BRAM cell, DSP cell).
FAMILY = {
    "ice40": ("SB_LUT4", "SB_DFF", "SB_RAM40_4K", "SB_MAC16"),
    "ecp5": ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D"),
}
# Totals of the parts we build for, when no place-and-route report says so.
PART = {
    "ice40": {"lut": 5280, "ff": 5280, "bram": 30, "dsp": 8},      # iCE40 UP5K
    "ecp5": {"lut": 24288, "ff": 24288, "bram": 56, "dsp": 28},    # LFE5U-25F
}
# nextpnr utilisation keys per family.
BEL = {
    "ice40": {"lut": "ICESTORM_LC", "bram": "ICESTORM_RAM", "dsp": "ICESTORM_DSP"},
    "ecp5": {"lut": "TRELLIS_COMB", "ff": "TRELLIS_FF", "bram": "DP16KD", "dsp": "MULT18X18D"},
}


def stat_counts(path, family):
    lut, ff_prefix, bram, dsp = FAMILY[family]
    n = {"lut": 0, "ff": 0, "bram": 0, "dsp": 0, "carry": 0}
    for line in open(path):
        m = re.match(r"\s+(\S+)\s+(\d+)\s*$", line)
        if not m:
            continue
        cell, count = m.group(1), int(m.group(2))
        if cell == lut:
            n["lut"] += count
        elif cell.startswith(ff_prefix):
            n["ff"] += count
        elif cell == bram:
            n["bram"] += count
        elif cell == dsp:
            n["dsp"] += count
        elif cell in ("SB_CARRY", "CCU2C"):
            n["carry"] += count
    return n


def main(rows):
    print("| block | part | LUT4 (logic cells) | FF | BRAM | DSP | Fmax / target |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        f = row.split(":")
        name, family, stat = f[0], f[1], f[2]
        n = stat_counts(stat, family)
        avail = dict(PART[family])
        cells = ""
        fmax = "— (out of context)"
        if len(f) >= 5:
            rep = json.load(open(f[3]))
            util = rep.get("utilization", {})
            for k, bel in BEL[family].items():
                if bel in util:
                    avail[k] = util[bel]["available"]
            if BEL[family]["lut"] in util:
                cells = f" ({util[BEL[family]['lut']]['used']} cells)"
            target = float(f[4])
            got = [v.get("achieved", 0.0) for v in rep.get("fmax", {}).values()]
            if got:
                a = min(got)
                verdict = "meets" if a >= target else f"misses by {target - a:.1f} MHz"
                fmax = f"{a:.1f} MHz / {target:g} MHz ({verdict})"
        carry = f" + {n['carry']} carry" if n["carry"] else ""
        print(f"| {name} | {family} | {n['lut']}{carry}{cells} / {avail['lut']} "
              f"| {n['ff']} / {avail['ff']} | {n['bram']} / {avail['bram']} "
              f"| {n['dsp']} / {avail['dsp']} | {fmax} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
