#!/usr/bin/env bash
# RowHammer bench (make bench-hammer): figures, not a timed test.
#   - the controller and device alone (RTL testbenches on configuration
#     test-mitigation, threshold 64, radius 1; build/cmake-default/tests/rtl):
#     dram_mit_none_test, dram_para_test, dram_trr_test, dram_mit_ecc_test run
#     a double-sided hammer (8 x threshold ACTs of each aggressor) and a
#     random read stream; per variant: words flipped in the cells, words
#     read back wrong, ACTs, the mitigation's own ACTs, the hammer's cycles,
#     and the random stream's bandwidth against the variant without
#     mitigation (the cost);
#   - software on the whole system (build/cmake-default/bench/mmcosim_hammer,
#     configuration test-hammer: threshold 512): firmware dram_hammer, its
#     flips found, cycles and the DRAM energy of its hammer region.
#   bench_hammer.sh BUILD_DIR FIRMWARE_DIR OUTDIR
set -euo pipefail
build=$1 fw=$2 out=$3
mkdir -p "$out"
dir=$build/cmake-default
for v in mit_none para trr mit_ecc; do
  t=$dir/tests/rtl/dram_${v}_test
  [ -x "$t" ] || { echo "bench-hammer: no $t (build it)" >&2; exit 2; }
  "$t" --gtest_filter='*DoubleSidedHammer*:*RandomReadBandwidth*' >"$out/hammer-$v.log" 2>&1 ||
    { cat "$out/hammer-$v.log" >&2; exit 1; }
done
sim=$dir/bench/mmcosim_hammer
[ -x "$sim" ] && [ -f "$fw/dram_hammer.elf" ] || { echo "bench-hammer: no $sim or $fw/dram_hammer.elf" >&2; exit 2; }
"$sim" --quiet --stats="$out/hammer-fw.json" "$fw/dram_hammer.elf" >"$out/hammer-fw.log" 2>&1 ||
  { cat "$out/hammer-fw.log" >&2; exit 1; }

python3 - "$out" "$build" <<'PY'
import json, re, sys
out, build = sys.argv[1], sys.argv[2]
names = {"mit_none": "none", "para": "PARA 1/2", "trr": "TRR 16, 4 entries", "mit_ecc": "SEC-DED ECC"}
base = None
print("bench-hammer: RTL testbench, test-mitigation (threshold 64, radius 1), "
      "double-sided hammer of 512 ACTs per aggressor; random reads over 64 rows of 2 banks")
print(f"{'mitigation':<20} {'words flipped':>13} {'read wrong':>10} {'ACTs':>6} {'extra ACTs':>10} "
      f"{'hammer cycles':>13} {'random B/cycle':>14} {'cost':>7}")
rows = {}
for v in ("mit_none", "para", "trr", "mit_ecc"):
    log = open(f"{out}/hammer-{v}.log").read()
    m = re.search(r"in (\d+) cycles, (\d+) ACTs, PARA (\d+), TRR (\d+), victims (\d+), words flipped (\d+)", log)
    cyc, acts, para, trr, vic, flips = map(int, m.groups())
    w = re.search(r"words read wrong (\d+)", log)
    wrong = int(w.group(1)) if w else 0
    r = re.search(r"random reads: \d+ in (\d+) cycles, ([\d.]+) bytes/cycle", log)
    bw = float(r.group(2))
    if base is None:
        base = bw
    cost = 100.0 * (1 - bw / base)
    print(f"{names[v]:<20} {flips:>13} {wrong:>10} {acts:>6} {para + trr:>10} {cyc:>13} "
          f"{bw:>14.4f} {cost:>6.1f}%")
fw = open(f"{out}/hammer-fw.log").read()
m = re.search(r"dram_hammer: rounds=(\d+) cycles=(\d+) flipped_words=(\d+) flipped_bits=(\d+) victims=(\d+)", fw)
js = json.load(open(f"{out}/hammer-fw.json"))
with open(f"{build}/../config/gen/test-hammer/mmcosim_cfg.h") as f:
    cpu_mhz = int(re.search(r"#define MMCOSIM_CLOCK_CPU_MHZ\s+MMCOSIM_U\((0x[0-9a-f]+)\)", f.read()).group(1), 16)
reg = next(r for r in js["regions"] if r["id"] == 1)["delta"]
acts = reg["dram.act"]
print(f"bench-hammer: firmware dram_hammer on test-hammer (threshold 512, cached, cbo.flush): "
      f"{m.group(1)} rounds in {m.group(2)} cycles, {acts} ACTs, {m.group(3)} words / "
      f"{m.group(4)} bits flipped found, {m.group(5)} victims counted; hammer region DRAM energy "
      f"{reg['dram.energy.total'] / 1e6:.3f} uJ (ACT {reg['dram.energy.act'] / 1e6:.3f}, "
      f"PRE {reg['dram.energy.pre'] / 1e6:.3f}, RD {reg['dram.energy.rd'] / 1e6:.3f}, "
      f"background {(reg['dram.energy.bg_active'] + reg['dram.energy.bg_precharged']) / 1e6:.3f}, "
      f"REF {reg['dram.energy.ref'] / 1e6:.3f}), average power "
      f"{reg['dram.energy.total'] / (reg['cpu.cycles'] * 1000.0 / cpu_mhz):.1f} mW "
      f"({reg['cpu.cycles']} cycles at {cpu_mhz} MHz)")
PY
