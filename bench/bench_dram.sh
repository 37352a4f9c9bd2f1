#!/usr/bin/env bash
# DRAM bench (make bench-dram): figures, not a timed test.  For each DRAM
# configuration (built into build/cmake-<cfg>):
#   - the controller alone, from its RTL testbench (build/cmake-<cfg>/tests/
#     rtl/dram_test): unloaded latency of a row hit, a closed bank and a row
#     conflict (bus accept edge to ack edge), and the bandwidth of
#     back-to-back sequential reads as a share of the peak (one 32-bit word
#     per burst, tBURST core cycles); the line fill of a cache (a Wishbone
#     burst of 8 words): first and last word's latency on a row hit, a
#     closed bank and a conflict, and the bandwidth of back-to-back
#     sequential line reads as a share of the peak (the lower of the bus's
#     word per cycle and a BL8 burst per tBURST);
#   - the whole system (build/cmake-<cfg>/bench/mmcosim): firmware
#     dram_chase (pointer chases) and dram_stream (sequential and random
#     reads), per bench region from --stats JSON: cycles per load, row-hit
#     rate, bandwidth the blocking CPU reaches, refresh overhead, DRAM energy
#     per bit moved (dram.energy.*) and the share of refresh in it.
#   bench_dram.sh BUILD_DIR FIRMWARE_DIR OUTDIR CONFIG...
# Also writes OUTDIR/bench-dram.dat (one row per configuration) for
# bench/plot_dram.gp.
set -euo pipefail
build=$1 fw=$2 out=$3
shift 3
mkdir -p "$out"
for f in dram_chase dram_stream; do
  [ -f "$fw/$f.elf" ] || { echo "bench-dram: no $fw/$f.elf" >&2; exit 2; }
done

for cfg in "$@"; do
  dir=$build/cmake-$cfg
  sim=$dir/bench/mmcosim unit=$dir/tests/rtl/dram_test
  [ -x "$sim" ] && [ -x "$unit" ] || { echo "bench-dram: $cfg not built in $dir" >&2; exit 2; }
  "$unit" --gtest_filter='*Unloaded*:*SequentialBandwidth*:*LineReadStreams*:*LineBurstBandwidth*' \
    >"$out/dram-$cfg-unit.log" 2>&1 ||
    { cat "$out/dram-$cfg-unit.log" >&2; exit 1; }
  for f in dram_chase dram_stream; do
    "$sim" --config="$cfg" --quiet --stats="$out/dram-$cfg-$f.json" "$fw/$f.elf" \
      >"$out/dram-$cfg-$f.log" 2>&1 || { cat "$out/dram-$cfg-$f.log" >&2; exit 1; }
  done
done

python3 - "$out" "$build" "$@" <<'PY'
import json, re, sys
out, build, cfgs = sys.argv[1], sys.argv[2], sys.argv[3:]

def cfg_value(cfg, name):
    with open(f"{build}/../config/gen/{cfg}/mmcosim_cfg.h") as f:
        for line in f:
            m = re.match(rf"#define {name}\s+MMCOSIM_U(?:LL)?\((0x[0-9a-f]+|\d+)\)", line)
            if m:
                return int(m.group(1), 0)
    raise KeyError(name)

def region(js, rid):
    return next(r for r in js["regions"] if r["id"] == rid)

rows, dat = [], []
for cfg in cfgs:
    unit = open(f"{out}/dram-{cfg}-unit.log").read()
    m = re.search(r"hit (\d+), miss (\d+), conflict (\d+) core cycles \(CL (\d+), tRCD (\d+), tRP (\d+)\)", unit)
    hit, miss, conf, cl, rcd, rp = map(int, m.groups())
    bw = float(re.search(r"= ([\d.]+)% of peak \(refresh costs ([\d.]+)%", unit).group(1))
    refcost = float(re.search(r"refresh costs ([\d.]+)%", unit).group(1))
    m = re.search(r"first/last word hit (\d+)/(\d+), miss (\d+)/(\d+), conflict (\d+)/(\d+)", unit)
    line = "{}/{} {}/{} {}/{}".format(*m.groups())
    line_bw = float(re.search(r"sequential line reads: .*= ([\d.]+)% of peak", unit).group(1))
    burst = cfg_value(cfg, "MMCOSIM_DRAM_CK_BURST")
    # the rank's data bus: one 32-bit column wide, two transfers per DRAM clock
    peak_mbs = 2 * cfg_value(cfg, "MMCOSIM_DRAM_TIMING_CLOCK_MHZ") * 4
    groups = cfg_value(cfg, "MMCOSIM_DRAM_BANK_GROUPS")
    grp = (f"{groups} (tCCD {cfg_value(cfg, 'MMCOSIM_DRAM_CK_CCD_L')}/{cfg_value(cfg, 'MMCOSIM_DRAM_CK_CCD')},"
           f" tRRD {cfg_value(cfg, 'MMCOSIM_DRAM_CK_RRD_L')}/{cfg_value(cfg, 'MMCOSIM_DRAM_CK_RRD')},"
           f" tWTR {cfg_value(cfg, 'MMCOSIM_DRAM_CK_WTR_L')}/{cfg_value(cfg, 'MMCOSIM_DRAM_CK_WTR')})"
           if groups > 1 else "1")
    peak = 4.0 / burst                                   # bytes per core cycle
    chase = json.load(open(f"{out}/dram-{cfg}-dram_chase.json"))
    stream = json.load(open(f"{out}/dram-{cfg}-dram_stream.json"))
    def per_load(rid):
        r = region(chase, rid)
        return (r["end_cycle"] - r["begin_cycle"]) / 513
    def hit_rate(js, rid):
        d = region(js, rid)["delta"]
        acc = d["dram.reads"] + d["dram.writes"]
        return 100.0 * (d["dram.row_hit_rd"] + d["dram.row_hit_wr"]) / max(acc, 1)
    def cpu_bw(rid, nbytes):
        r = region(stream, rid)
        return 100.0 * nbytes / (r["end_cycle"] - r["begin_cycle"]) / peak
    tot = stream["totals"]
    refresh = 100.0 * tot["dram.refresh_cycles"] / stream["cycles"]
    def pj_per_bit(rid):  # DRAM energy of the region per bit the DRAM moved
        d = region(stream, rid)["delta"]
        return d["dram.energy.total"] / max(8 * (d["dram.bytes_read"] + d["dram.bytes_written"]), 1)
    ref_share = 100.0 * tot["dram.energy.ref"] / max(tot["dram.energy.total"], 1)
    dat.append((cfg, hit, miss, conf, per_load(1), per_load(2), per_load(3),
                hit_rate(chase, 1), hit_rate(chase, 2), hit_rate(chase, 3),
                hit_rate(stream, 4), hit_rate(stream, 5)))
    rows.append((cfg, f"{peak_mbs} MB/s", grp, f"{hit}/{miss}/{conf}", f"{cl + 1}/{rcd + cl + 1}/{rp + rcd + cl + 1}",
                 f"{bw:.1f}% (>= {0.9 * (100 - refcost):.1f}%)", line,
                 f"{line_bw:.1f}% (>= {0.9 * (100 - refcost):.1f}%)",
                 f"{cpu_bw(4, 65536):.1f}%", f"{cpu_bw(5, 32768):.1f}%", f"{refresh:.2f}%",
                 f"{per_load(1):.0f}/{per_load(2):.0f}/{per_load(3):.0f}",
                 f"{hit_rate(chase, 1):.0f}/{hit_rate(chase, 2):.0f}/{hit_rate(chase, 3):.0f}/"
                 f"{hit_rate(stream, 4):.0f}/{hit_rate(stream, 5):.0f}%",
                 f"{pj_per_bit(4):.1f}/{pj_per_bit(5):.1f} ({ref_share:.1f}%)"))

with open(f"{out}/bench-dram.dat", "w") as f:
    f.write("# config lat_hit lat_miss lat_conflict cpu_cyc_per_load_row/bank/banks"
            " row_hit_pct_row/bank/banks/seq/rand\n")
    for r in dat:
        f.write(" ".join([r[0]] + [f"{v:.2f}" for v in r[1:]]) + "\n")

head = ("config", "peak", "bank groups (L/S core cycles)", "latency hit/miss/confl", "target (+1 ctrl)", "seq bw ctrl (target)",
        "line fill first/last hit miss confl", "line bw ctrl (target)",
        "seq bw CPU", "rand bw CPU", "refresh", "CPU cyc/load chase r/b/B", "row-hit % chase r/b/B, seq, rand",
        "pJ/bit seq/rand (refresh share)")
w = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
print("bench-dram: peak = 2 x DRAM clock x 4 bytes (a 32-bit rank data bus, DDR);")
print("  latency = bus accept to ack in core cycles (RTL testbench, unloaded);")
print("  bw = share of peak (one 32-bit word per burst); line = 8-word Wishbone burst, its bw")
print("  against min(a word per cycle, BL8 per tBURST); CPU figures from firmware on the whole")
print("  system (one blocking load at a time, every fetch a DRAM read: latency-bound);")
print("  pJ/bit = dram.energy.total of the stream region / bits the DRAM moved; refresh share")
print("  = dram.energy.ref / dram.energy.total over the whole dram_stream run")
for r in [head] + rows:
    print("  ".join(str(v).ljust(w[i]) for i, v in enumerate(r)))
PY
