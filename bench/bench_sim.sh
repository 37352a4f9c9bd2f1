#!/usr/bin/env bash
# Simulation speed of the whole co-simulation on a CPU-bound program:
# simulated cycles and instructions per host second and CPI, tracing off
# and on; beside it the SystemC ceiling of this host measured in the same
# run (../shared/tools/sc-ceiling from the repository root, where CI puts
# shared/ beside the clone) and the ratio co-simulation cycles/s over
# ceiling cycles/s, which moves far less between hosts than either figure.
# The same program in the functional mode (--functional: the same CPU
# model, no RTL) gives the functional instructions per host second, and
# the kernel boot (KERNEL, optional) functionally too.  The rows also go
# to OUTDIR/bench-sim.dat (the report's table).
#   bench_sim.sh SIM ELF OUTDIR [KERNEL]
set -euo pipefail
sim=$1 elf=$2 out=$3 kernel=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
ceiling_sh=$root/../shared/tools/sc-ceiling/run.sh
mkdir -p "$out"
[ -x "$sim" ] || { echo "bench-sim: no simulator at $sim" >&2; exit 2; }
[ -f "$elf" ] || { echo "bench-sim: no program $elf" >&2; exit 2; }
rm -f "$out"/bench-sim-*.row  # rows of an earlier run must not reach bench-sim.dat

run() {  # run LABEL ARGS... : prints one table row
  run_elf "$elf" "$@"
}

run_elf() {  # run_elf ELF LABEL ARGS... : prints one table row
  local elf=$1 label=$2; shift 2
  local log="$out/bench-sim-$label.log"
  local rc=0
  "$sim" "$@" "$elf" >/dev/null 2>"$log" || rc=$?
  # 3: the --max-cycles window ended first (expected for the traced run)
  [ $rc = 0 ] || [ $rc = 3 ] || { cat "$log" >&2; exit 1; }
  local line cycles insns secs
  line=$(grep -E '^mmcosim: (exit|stopped)' "$log")
  cycles=$(sed -E 's/.* after ([0-9]+) cycles.*/\1/' <<<"$line")
  insns=$(sed -E 's/.* cycles, ([0-9]+) instructions.*/\1/' <<<"$line")
  secs=$(grep -oE '[0-9.]+ s host time' "$log" | cut -d' ' -f1)
  awk -v l="$label" -v c="$cycles" -v i="$insns" -v s="$secs" 'BEGIN {
    printf "%-12s %12d %12d %8.3f %10.2f %10.3f %6.2f\n", l, c, i, s,
           c/s/1e6, i/s/1e6, c/i }'
}

echo "bench-sim: $(basename "$elf") on $(nproc) cores"
printf "%-12s %12s %12s %8s %10s %10s %6s\n" tracing cycles instret host_s Mcycles/s Minstr/s CPI
run off > "$out/bench-sim-off.row"
cat "$out/bench-sim-off.row"
off_rate=$(awk '{ printf "%.4f", $2 / $4 / 1e6 }' "$out/bench-sim-off.row")
# The ceiling right after the untraced run, on the same loaded host.
ceil=""
if [ -x "$ceiling_sh" ]; then
  ceil=$("$ceiling_sh" 2>/dev/null | sed -nE 's/^systemc-ceiling: ([0-9.]+) M cycles\/s.*/\1/p' || true)
fi
# Tracing writes every RTL signal at both edges: a 2 M-cycle window is
# enough for the rate and keeps the FST small.
run on --trace="$out/bench-sim.fst" --max-cycles=2000000 > "$out/bench-sim-on.row"
cat "$out/bench-sim-on.row"
# The functional mode: cycles = instructions (one per instruction).
run functional --functional > "$out/bench-sim-functional.row"
cat "$out/bench-sim-functional.row"
if [ -n "$kernel" ] && [ -f "$kernel" ]; then
  run_elf "$kernel" func-kernel --functional > "$out/bench-sim-func-kernel.row" || true
  cat "$out/bench-sim-func-kernel.row"
fi
{ echo "# run cycles instret host_s Mcycles_per_s Minstr_per_s CPI"
  for l in off on functional func-kernel; do
    [ -f "$out/bench-sim-$l.row" ] && cat "$out/bench-sim-$l.row"
  done; } > "$out/bench-sim.dat"
# On a loaded host the wall clock mostly measures waiting: every figure is
# also given per second of the simulator's own CPU time (the run only: the
# ELF load and set-up come before the simulator's clock starts).
cpu_rate() {  # cpu_rate LOG FIELD: M cycles or M instructions per CPU second
  grep 'of CPU time' "$1" | grep -oE "[0-9.]+ M $2/s" | cut -d' ' -f1
}
echo "off: $(cpu_rate "$out/bench-sim-off.log" cycles) M cycles/s," \
     "$(cpu_rate "$out/bench-sim-off.log" instructions) M instructions/s per CPU second" \
     "(target >= 1 M instructions/s)"
# A functional run of cpubound lasts ~0.1 s, of which first touches of the
# 64 MiB memory image (page faults) and cold host caches take a large and
# varying share: the figure is the best of FUNC_RUNS runs, i.e. the
# steady-state rate the 50 M target names, with the range beside it.
func_runs=${FUNC_RUNS:-5}
for l in functional func-kernel; do
  [ -f "$out/bench-sim-$l.log" ] || continue
  e=$elf; [ $l = func-kernel ] && e=$kernel
  rates=$(cpu_rate "$out/bench-sim-$l.log" instructions)
  for ((k = 1; k < func_runs; k++)); do
    "$sim" --functional "$e" >/dev/null 2>"$out/bench-sim-$l-$k.log" || true
    rates="$rates $(cpu_rate "$out/bench-sim-$l-$k.log" instructions)"
  done
  awk -v l="$l" -v n="$func_runs" -v r="$rates" 'BEGIN {
    k = split(r, v, " "); lo = v[1]; hi = v[1]
    for (i = 2; i <= k; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
    printf "%s: %.1f M instructions per CPU second, best of %d runs (range %.1f..%.1f; target >= 50 on cpubound)\n", l, hi, n, lo, hi }'
done
if [ -n "$ceil" ]; then
  awk -v r="$off_rate" -v c="$ceil" 'BEGIN {
    printf "ceiling: %.2f M cycles/s (smallest Verilated design under SystemC, ../shared/tools/sc-ceiling)\n", c
    printf "ratio:   %.3f (co-simulation cycles/s / ceiling cycles/s, tracing off)\n", r/c }'
else
  echo "ceiling: not measured (no ../shared/tools/sc-ceiling/run.sh beside the repository, or it failed)"
fi
echo "target: >= 2.00 M cycles/s with tracing off"
