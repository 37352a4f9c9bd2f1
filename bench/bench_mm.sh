#!/usr/bin/env bash
# Allocator costs (make bench-mm): runs firmware/apps/mm_bench.c, which
# times alloc_pages() and __free_pages() of the buddy allocator
# (firmware/mm) by order on the whole system, and prints cycles and
# instructions per call, with the cycles per page of the block.  Also
# writes OUTDIR/bench-mm.dat for bench/plot_mm.gp.
#   bench_mm.sh SIM ELF OUTDIR
set -euo pipefail
sim=$1 elf=$2 out=$3
mkdir -p "$out"
[ -x "$sim" ] || { echo "bench-mm: no simulator at $sim" >&2; exit 2; }
[ -f "$elf" ] || { echo "bench-mm: no program $elf" >&2; exit 2; }
log="$out/bench-mm.log"
"$sim" --stats="$out/bench-mm.json" "$elf" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
grep -q '^PASS mm_bench$' "$log" || { echo "bench-mm: mm_bench did not pass:" >&2; cat "$log" >&2; exit 1; }

python3 - "$log" "$out/bench-mm.dat" <<'PY'
import re, sys
rows = [tuple(map(int, m.groups())) for m in
        re.finditer(r"^mm_bench: order (\d+) blocks (\d+) alloc (\d+)/(\d+) free (\d+)/(\d+)$",
                    open(sys.argv[1]).read(), re.M)]
if not rows:
    sys.exit("bench-mm: no figures in the log")
with open(sys.argv[2], "w") as f:
    f.write("# order blocks alloc_cycles alloc_instret free_cycles free_instret\n")
    for r in rows:
        f.write(" ".join(map(str, r)) + "\n")
print("bench-mm: buddy allocator (firmware/mm) on the whole system, movable blocks,")
print("  per call, averaged over 4 rounds; order 0 goes through the per-CPU lists")
print(f"{'order':>5} {'blocks':>6} {'alloc cyc':>10} {'instr':>7} {'free cyc':>10} {'instr':>7}"
      f" {'alloc cyc/page':>14} {'CPI':>5}")
for o, n, ac, ai, fc, fi in rows:
    print(f"{o:>5} {n:>6} {ac:>10} {ai:>7} {fc:>10} {fi:>7} {ac / (1 << o):>14.1f}"
          f" {(ac + fc) / max(ai + fi, 1):>5.1f}")
PY
