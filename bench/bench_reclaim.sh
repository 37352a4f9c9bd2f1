#!/usr/bin/env bash
# Reclaim costs and the thrashing curve (make bench-reclaim): boots the
# kernel with init=/swaptest under mem=6M and an 8 MiB RAM swap area
# (mmcosim.ramswap=8M) for working sets from 50 % to 200 % of the free
# pages, each run one simulation with --stats, and prints per run:
#   - the workload's cycles (swaptest's write and read passes, region 0x600),
#     its page faults and major faults (vmstat pgfault / pgmajfault);
#   - pages reclaimed anonymous to swap (pgsteal_*, pswpout), and the
#     cycles and SFENCE.VMAs of reclaim per page reclaimed (every
#     shrink_inactive_list pass is region 0x500: isolate, references,
#     add_to_swap, try_to_unmap with its flushes, swap_writepage, free).
# Writes OUTDIR/bench-reclaim.dat for bench/plot_reclaim.gp.
#   bench_reclaim.sh SIM KERNEL_ELF OUTDIR
# BENCH_RECLAIM_POINTS="50 100 200" picks the working sets (percent).
set -euo pipefail
sim=$1 elf=$2 out=$3
mkdir -p "$out"
[ -x "$sim" ] || { echo "bench-reclaim: no simulator at $sim" >&2; exit 2; }
[ -f "$elf" ] || { echo "bench-reclaim: no kernel $elf" >&2; exit 2; }
points=${BENCH_RECLAIM_POINTS:-"50 75 100 125 150 200"}

run() {
  nice "$sim" --max-cycles=2000000000 --stats="$out/bench-reclaim-$1.json" \
    --cmdline="init=/swaptest mmcosim.selftests=0 mem=6M mmcosim.ramswap=8M mmcosim.vmstat=1 -- x$1" \
    "$elf" >"$out/bench-reclaim-$1.log" 2>&1
}
# two at a time (the machine has two cores)
set -- $points
while [ $# -gt 0 ]; do
  run "$1" & a=$!
  b=""
  if [ $# -gt 1 ]; then run "$2" & b=$!; fi
  wait "$a" || true
  [ -n "$b" ] && { wait "$b" || true; }
  shift; [ $# -gt 0 ] && shift
done
for p in $points; do
  grep -q '^PASS swaptest$' "$out/bench-reclaim-$p.log" ||
    { echo "bench-reclaim: swaptest x$p did not pass:" >&2; tail -20 "$out/bench-reclaim-$p.log" >&2; exit 1; }
done

python3 - "$out" $points <<'PY'
import json, re, sys

out, points = sys.argv[1], sys.argv[2:]

def vmstat(log, name):
    m = re.search(rf"^{name} (\d+)$", log, re.M)
    if not m:
        sys.exit(f"bench-reclaim: no '{name}' line in the log")
    return int(m.group(1))

def region_sum(stats, rid, counter):
    return sum(r["delta"].get(counter, 0) for r in stats["regions"] if r["id"] == rid)

print("bench-reclaim: swaptest under mem=6M with an 8 MiB RAM swap area; working set in % of the free pages")
hdr = (f"{'set %':>6} {'pages':>6} {'Mcycles':>9} {'pgfault':>8} {'majflt':>7} {'pswpout':>8}"
       f" {'pswpin':>7} {'reclaimed':>9} {'cyc/page':>9} {'sfence/page':>11}")
print(hdr)
print("-" * len(hdr))
rows = []
with open(f"{out}/bench-reclaim.dat", "w") as dat:
    dat.write("# percent pages workload_cycles pgfault pgmajfault pswpout pswpin reclaimed cycles_per_page sfence_per_page\n")
    for p in points:
        log = open(f"{out}/bench-reclaim-{p}.log").read()
        stats = json.load(open(f"{out}/bench-reclaim-{p}.json"))
        m = re.search(r"^swaptest: wrote (\d+) pages", log, re.M)
        pages = int(m.group(1))
        work = region_sum(stats, 0x600, "cpu.cycles")
        reclaimed = vmstat(log, "pgsteal_kswapd") + vmstat(log, "pgsteal_direct")
        rcyc = region_sum(stats, 0x500, "cpu.cycles")
        rsf = region_sum(stats, 0x500, "mmu.sfence")
        cpp = rcyc / reclaimed if reclaimed else 0.0
        spp = rsf / reclaimed if reclaimed else 0.0
        row = (int(p), pages, work, vmstat(log, "pgfault"), vmstat(log, "pgmajfault"),
               vmstat(log, "pswpout"), vmstat(log, "pswpin"), reclaimed, cpp, spp)
        rows.append(row)
        print(f"{row[0]:>6} {row[1]:>6} {row[2] / 1e6:>9.1f} {row[3]:>8} {row[4]:>7} {row[5]:>8}"
              f" {row[6]:>7} {row[7]:>9} {row[8]:>9.0f} {row[9]:>11.2f}")
        dat.write(" ".join(str(round(v, 3)) if isinstance(v, float) else str(v) for v in row) + "\n")
PY
