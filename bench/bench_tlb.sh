#!/usr/bin/env bash
# TLB and page-walk costs: runs firmware/apps/tlb_chase.c (a pointer chase
# over N pages, one bench region per N and page size) with --stats and
# prints, per N: cycles per access, D- and I-TLB miss rates, walk cycles
# per miss and PTE reads per miss; then the measured TLB-hit cost and
# miss penalty against the targets (TLB hit adds <= 1 cycle; a 4 KiB miss
# = exactly 2 PTE reads + <= 3 cycles of walker overhead).
#   bench_tlb.sh SIM ELF OUTDIR [LABEL]
# Also writes OUTDIR/bench-tlb[-LABEL].dat (pages, N, cycles/access, dTLB
# miss rate, walk cycles per miss) for bench/plot_tlb.gp.
# The targets are the MMU's own costs: they are judged on a fixed-latency
# memory (LABEL containing "sram"); on the DRAM a PTE read may hit or miss
# the row buffer, so the same figures are printed without a verdict.
set -euo pipefail
sim=$1 elf=$2 out=$3 label=${4:-}
mkdir -p "$out"
[ -x "$sim" ] || { echo "bench-tlb: no simulator at $sim" >&2; exit 2; }
[ -f "$elf" ] || { echo "bench-tlb: no program $elf" >&2; exit 2; }

json="$out/bench-tlb${label:+-$label}.json" log="$out/bench-tlb${label:+-$label}.log"
echo "bench-tlb: ${label:-$(basename "$sim")} memory"
"$sim" --stats="$json" "$elf" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
loads=$(sed -nE 's/^tlb_chase: done, ([0-9]+) loads per region$/\1/p' "$log")
[ -n "$loads" ] || { echo "bench-tlb: tlb_chase did not finish cleanly:" >&2; cat "$log" >&2; exit 1; }

python3 - "$json" "$loads" "$label" "${json%.json}.dat" <<'EOF'
import json, sys

stats = json.load(open(sys.argv[1]))
loads = int(sys.argv[2])
judge = "sram" in sys.argv[3]
def verdict(ok):
    return ("ok" if ok else "MISSED") if judge else "(judged on the SRAM run)"
KINDS = {1: "4k", 2: "mega", 3: "bare"}   # region id = kind << 16 | N

def ratio(a, b):
    return a / b if b else 0.0

rows = {}
for r in stats["regions"]:
    kind, n, d = r["id"] >> 16, r["id"] & 0xffff, r["delta"]
    dacc = d["mmu.dtlb.hit"] + d["mmu.dtlb.miss"]
    iacc = d["mmu.itlb.hit"] + d["mmu.itlb.miss"]
    misses = d["mmu.dtlb.miss"] + d["mmu.itlb.miss"]
    rows[(kind, n)] = {
        "cpa": d["cpu.cycles"] / loads,
        "stall": ratio(d["cpu.data_stall"], d["cpu.loads"]),
        "dmr": ratio(d["mmu.dtlb.miss"], dacc),
        "imr": ratio(d["mmu.itlb.miss"], iacc),
        "wcy": ratio(d["mmu.ptw.cycles"], d["mmu.ptw.walks"]),
        "pte": ratio(d["mmu.ptw.pte_reads"], misses),
        "walks": d["mmu.ptw.walks"],
        "lookups": (dacc + iacc) / loads,  # TLB lookups (fetches + loads) per access
    }

print(f"bench-tlb: {loads} dependent loads per region (tlb_chase)")
print(f"{'pages':<6} {'N':>5} {'cyc/access':>10} {'dTLB miss':>10} {'iTLB miss':>10}"
      f" {'walk cyc/miss':>13} {'PTE rd/miss':>11}")
for (kind, n) in sorted(rows):
    x = rows[(kind, n)]
    walk = f"{x['wcy']:13.2f}" if x["walks"] else f"{'-':>13}"
    pte = f"{x['pte']:11.2f}" if x["walks"] else f"{'-':>11}"
    print(f"{KINDS.get(kind, kind):<6} {n:>5} {x['cpa']:10.3f} {100*x['dmr']:9.2f}%"
          f" {100*x['imr']:9.2f}% {walk} {pte}")

with open(sys.argv[4], "w") as dat:
    dat.write("# pages N cycles_per_access dtlb_miss_rate walk_cycles_per_miss\n")
    for kind in (1, 2, 3):
        for n in sorted(n for (k, n) in rows if k == kind):
            x = rows[(kind, n)]
            dat.write(f"{KINDS[kind]} {n} {x['cpa']:.4f} {x['dmr']:.4f} {x['wcy']:.2f}\n")
        dat.write("\n\n")  # one gnuplot data block per page size

def get(kind, n):
    return rows.get((kind, n))

bare = get(3, 1)
hit4k, hitmega = get(1, 1), get(2, 1)
big4k = max((n for (k, n) in rows if k == 1), default=None)
bigmega = max((n for (k, n) in rows if k == 2), default=None)
if not (bare and hit4k and hitmega and big4k and bigmega):
    sys.exit("bench-tlb: regions missing from the stats")
miss4k, missmega = get(1, big4k), get(2, bigmega)
mem_read = bare["stall"]  # cycles a load waits on memory without translation

print()
# Every instruction fetch and every load of the translated loop looks up a
# TLB: the hit cost is the added cycles per lookup.
hit_cost = ratio(hit4k["cpa"] - bare["cpa"], hit4k["lookups"])
print(f"TLB hit cost      {hit_cost:6.2f} cycles/lookup (4 KiB, N=1, vs Bare;"
      f" {hit4k['lookups']:.2f} lookups/access)   target <= 1    {verdict(hit_cost <= 1)}")
hit_cost_m = ratio(hitmega["cpa"] - bare["cpa"], hitmega["lookups"])
print(f"                  {hit_cost_m:6.2f} cycles/lookup (megapage, N=1, vs Bare)")
for name, big, x, ptes_want in (("4 KiB", big4k, miss4k, 2), ("megapage", bigmega, missmega, 1)):
    penalty = ratio(x["cpa"] - (hit4k if ptes_want == 2 else hitmega)["cpa"], x["dmr"])
    overhead = x["wcy"] - ptes_want * mem_read
    print(f"{name + ' miss':<17} {penalty:6.2f} cycles/miss (N={big}, from cycles/access)"
          f"; walk {x['wcy']:.2f} cycles, {x['pte']:.2f} PTE reads per miss")
    print(f"{'':<17} walker overhead {overhead:.2f} cycles = walk - {ptes_want} x {mem_read:.2f}"
          f" (a memory read: data stall per load, Bare)")
    ok = abs(x["pte"] - ptes_want) < 0.01 and (ptes_want == 1 or overhead <= 3)
    target = ("exactly 2 PTE reads + <= 3 cycles" if ptes_want == 2 else "exactly 1 PTE read")
    print(f"{'':<17} target {target:<34} {verdict(ok)}")
EOF
