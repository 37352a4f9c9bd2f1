#!/usr/bin/env python3
"""Breaks a Yosys iCE40 netlist on purpose: inverts the LUT_INIT of one SB_LUT4.

    fpga_flip_lut.py IN.v OUT.v [--net REGEX]

The LUT is the first (in netlist order) whose output net matches REGEX
(default: the D-TLB's logic in the MMU, so that translation itself is
wrong and the self-test's checks, not its UART, must catch it).  Prints the instance, its net
and the old and new init.  Exit status 2 when no LUT matches.
"""
import argparse
import re
import sys

LUT = re.compile(r"SB_LUT4\s+#\(\s*\.LUT_INIT\(16'h([0-9a-fA-F]{4})\)\s*\)\s*(\S+)\s*\((.*?)\);",
                 re.S)
OUT = re.compile(r"\.O\(([^()]*?)\)\s*[,)]?", re.S)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--net", default=r"u_mmu\.u_dtlb\.")
    args = ap.parse_args()
    text = open(args.src).read()
    pick = re.compile(args.net)
    for m in LUT.finditer(text):
        out = OUT.search(m.group(3))
        if not out or not pick.search(out.group(1)):
            continue
        old = int(m.group(1), 16)
        new = old ^ 0xFFFF
        start, end = m.span(1)
        open(args.dst, "w").write(text[:start] + f"{new:04x}" + text[end:])
        print(f"fpga_flip_lut: {m.group(2)} driving {out.group(1).strip()}: "
              f"LUT_INIT 16'h{old:04x} -> 16'h{new:04x}")
        return 0
    print(f"fpga_flip_lut: no SB_LUT4 drives a net matching {args.net!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
