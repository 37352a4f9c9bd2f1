#!/usr/bin/env bash
# Profile-guided optimization of the simulator's Verilated model: run the
# instrumented simulator on the training programs, then file the profile
# under the object names of the optimized build (GCC names a profile after
# its object file, with '/' written as '#').
#   pgo_train.sh SIM RAW_DIR PROFILE_DIR FROM_TARGET TO_TARGET CYCLES ELF...
set -euo pipefail
sim=$1 raw=$2 profile=$3 from=$4 to=$5 cycles=$6
shift 6

for elf in "$@"; do
  [ -f "$elf" ] || {
    echo "pgo: no training program $elf: build the firmware first (make firmware)," \
         "or configure with -DMMCOSIM_PGO=OFF" >&2
    exit 2
  }
done

rm -rf "$raw" "$profile"
mkdir -p "$raw" "$profile"
for elf in "$@"; do
  rc=0
  "$sim" --quiet --max-cycles="$cycles" "$elf" >/dev/null 2>&1 || rc=$?
  # 0: the program ended; 3: the training window ended first
  [ $rc = 0 ] || [ $rc = 3 ] || {
    echo "pgo: training run of $(basename "$elf") failed with status $rc" >&2
    exit 1
  }
done

n=0
for f in "$raw"/*.gcda; do
  [ -e "$f" ] || break
  base=$(basename "$f")
  cp "$f" "$profile/${base//$from/$to}"
  n=$((n + 1))
done
[ $n -gt 0 ] || { echo "pgo: the training runs wrote no profile into $raw" >&2; exit 1; }
echo "pgo: $n profiles from $# training programs ($cycles cycles each at most)"
