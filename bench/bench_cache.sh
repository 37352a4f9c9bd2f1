#!/usr/bin/env bash
# L1 cache bench (make bench-cache): runs firmware/apps/cache_sweep.c on the
# machine with the caches (cache.enable = 1) and on the uncached one, and
# prints cycles per load by working-set size and stride: cache hits, misses
# to an open row, misses to a closed row (a row conflict).  Writes OUTDIR/bench-cache.dat
# (stride bytes cached uncached) for bench/plot_cache.gp.
#   bench_cache.sh SIM_CACHED SIM_UNCACHED ELF OUTDIR
set -euo pipefail
cached=$1 uncached=$2 elf=$3 out=$4
mkdir -p "$out"
for s in "$cached" "$uncached"; do
  [ -x "$s" ] || { echo "bench-cache: no simulator at $s" >&2; exit 2; }
done
[ -f "$elf" ] || { echo "bench-cache: no program $elf" >&2; exit 2; }
"$cached" "$elf" >"$out/bench-cache-on.log" 2>&1 || { cat "$out/bench-cache-on.log" >&2; exit 1; }
"$uncached" "$elf" >"$out/bench-cache-off.log" 2>&1 || { cat "$out/bench-cache-off.log" >&2; exit 1; }

python3 - "$out/bench-cache-on.log" "$out/bench-cache-off.log" "$out/bench-cache.dat" <<'PY'
import re, sys
pat = re.compile(r"^cache_sweep: stride=(\d+) n=(\d+) bytes=(\d+) loads=(\d+) cycles=(\d+)$", re.M)
def points(path):
    return {(int(m[1]), int(m[2])): int(m[5]) / int(m[4]) for m in pat.finditer(open(path).read())}
on, off = points(sys.argv[1]), points(sys.argv[2])
if not on or on.keys() != off.keys():
    sys.exit("bench-cache: the two runs do not have the same points")
names = {4: "4 B: 8 loads per line", 32: "32 B: miss to the open row",
         16416: "16 KiB+32: miss to a closed row"}
with open(sys.argv[3], "w") as f:
    f.write("# stride n bytes cycles_per_load_cached cycles_per_load_uncached\n")
    for s in sorted({k[0] for k in on}):
        for (s2, n) in sorted(k for k in on if k[0] == s):
            f.write(f"{s} {n} {n * s} {on[(s, n)]:.2f} {off[(s, n)]:.2f}\n")
        f.write("\n\n")  # gnuplot index per stride
print("bench-cache: dependent loads (pointer chase), cycles per load incl. ~3 loop instructions")
print(f"{'stride':>26} {'cells':>6} {'span':>10} {'cached':>8} {'uncached':>9}")
for (s, n) in sorted(on):
    print(f"{names.get(s, str(s)):>26} {n:>6} {n * s:>10} {on[(s, n)]:>8.2f} {off[(s, n)]:>9.2f}")
PY
