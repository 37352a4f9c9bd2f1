#!/usr/bin/env bash
# One step of `make run` / `make test` as one progress line, the full output
# in build/logs/<log>.log:
#
#   scripts/step.sh [--show=REGEX] LOG 'what is done' COMMAND...
#
# prints "[what is done] ..." then "[what is done] ok, 12 s" (or the
# failure: the last 25 lines of the log and where the rest is, and the
# command's exit status).  --show=REGEX also prints the log's lines that
# match REGEX at the end (ctest's closing summary for CI).
set -uo pipefail
show=
case "${1:-}" in --show=*) show=${1#--show=}; shift ;; esac
[ $# -ge 3 ] || { echo "usage: step.sh [--show=REGEX] LOG 'what' COMMAND..." >&2; exit 2; }
log=build/logs/$1.log what=$2
shift 2
mkdir -p build/logs
printf '[%s] ...\n' "$what"
t0=$(date +%s)
"$@" >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - t0 ))
if [ -n "$show" ]; then grep -E "$show" "$log"; fi
if [ $rc -eq 0 ]; then
  printf '[%s] ok, %d s\n' "$what" "$secs"
else
  echo "--- last lines of $log:"
  tail -n 25 "$log"
  printf '[%s] FAILED after %d s (exit %d); full log: %s\n' "$what" "$secs" "$rc" "$log"
fi
exit $rc
