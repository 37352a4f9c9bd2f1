#!/usr/bin/env bash
# Process memory costs (make bench-vm): boots the kernel twice with
# init=/vmbench (firmware/user/vmbench.c), ASIDs on and off (`noasid`),
# with --stats, and prints one row per operation: instructions, cycles,
# D/I-TLB misses, page walks and SFENCEs per operation (bench-region
# counter deltas / operations), then the targets with ok / MISSED:
#   anonymous write fault (clear_page included)  <= 1,600 instructions
#   D-TLB misses per context-switch pair, ASIDs on <= 1/10 of ASIDs off
# Also writes OUTDIR/bench-vm.dat for bench/plot_vm.gp.
# BENCH_VM_QUICK=1 leaves out the 16 MiB fork and the 256/1024-page mmap
# rows (vmbench "quick"), which take most of the simulated time.
#   bench_vm.sh SIM KERNEL_ELF OUTDIR
set -euo pipefail
sim=$1 elf=$2 out=$3
mkdir -p "$out"
[ -x "$sim" ] || { echo "bench-vm: no simulator at $sim" >&2; exit 2; }
[ -f "$elf" ] || { echo "bench-vm: no kernel $elf" >&2; exit 2; }

# run LABEL CMDLINE: one simulation, its log and stats in OUTDIR.
run() {
  "$sim" --max-cycles=400000000 --stats="$out/bench-vm-$1.json" --cmdline="$2" "$elf" \
    >"$out/bench-vm-$1.log" 2>&1
}
args=""
[ "${BENCH_VM_QUICK:-0}" = 1 ] && args=" -- quick"
run asid "init=/vmbench mmcosim.selftests=0$args" & on_pid=$!
run noasid "init=/vmbench mmcosim.selftests=0 noasid$args" & off_pid=$!
wait "$on_pid" || true
wait "$off_pid" || true
for label in asid noasid; do
  grep -q '^PASS vmbench$' "$out/bench-vm-$label.log" ||
    { echo "bench-vm: vmbench ($label) did not pass:" >&2; tail -20 "$out/bench-vm-$label.log" >&2; exit 1; }
done

python3 - "$out" <<'PY'
import json, re, sys

out = sys.argv[1]
COUNTERS = ["cpu.instret", "cpu.cycles", "mmu.dtlb.miss", "mmu.itlb.miss",
            "mmu.ptw.walks", "mmu.sfence"]

def load(label):
    log = open(f"{out}/bench-vm-{label}.log").read()
    rows = [(int(i), int(n), what) for i, n, what in
            re.findall(r"^vmbench: row (\d+) ops (\d+) (.+)$", log, re.M)]
    if not rows:
        sys.exit(f"bench-vm: no rows in the {label} log")
    deltas = {r["id"]: r["delta"] for r in json.load(open(f"{out}/bench-vm-{label}.json"))["regions"]}
    table = {}
    for rid, ops, what in rows:
        d = deltas.get(rid)
        if d is None:
            sys.exit(f"bench-vm: region {rid} ({what}) missing from the {label} stats")
        table[what] = [d.get(c, 0) / ops for c in COUNTERS]
    return table

on, off = load("asid"), load("noasid")
print("bench-vm: user processes on the whole system, per operation (bench-region deltas / ops);")
print("  measured from U mode: each row includes its two region-marker syscalls once (row 0)")
hdr = (f"{'operation':<34} {'instr':>9} {'cycles':>10} {'dTLB miss':>9} {'iTLB miss':>9}"
       f" {'walks':>8} {'sfence':>7}")
print(hdr)
print("-" * len(hdr))
with open(f"{out}/bench-vm.dat", "w") as dat:
    dat.write("# index \"operation\" instr cycles dtlb_miss sfence\n")
    i = 0
    for label, table in (("", on), (" [noasid]", off)):
        for what, v in table.items():
            if label and not what.startswith("context switch"):
                continue
            name = what + label
            print(f"{name:<34} {v[0]:9.1f} {v[1]:10.1f} {v[2]:9.2f} {v[3]:9.2f} {v[4]:8.2f} {v[5]:7.2f}")
            dat.write(f"{i} \"{name}\" {v[0]:.1f} {v[1]:.1f} {v[2]:.2f} {v[5]:.2f}\n")
            i += 1

def verdict(ok):
    return "ok" if ok else "MISSED"

wf = on["anon write fault"][0]
print(f"target: anon write fault {wf:.0f} instructions <= 1600: {verdict(wf <= 1600)}")
sw = next(k for k in on if k.startswith("context switch"))
a, b = on[sw][2], off[sw][2]
print(f"target: D-TLB misses per switch pair, ASIDs on {a:.2f} <= off {b:.2f} / 10: "
      f"{verdict(a <= b / 10)}")
PY
