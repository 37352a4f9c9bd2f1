#!/usr/bin/env bash
# Yosys synthesis of one top for the FPGA flow (make fpga, tests/fpga).
#
#   scripts/fpga_synth.sh FAMILY CONFIG TOP OUT [yosys commands after synth]
#
# FAMILY ice40 or ecp5; CONFIG names config/gen/CONFIG/mmcosim_cfg.svh; TOP a
# module of rtl/files.f + rtl/fpga/files.f, or dcache / icache: cache_l1 with
# the configuration's D-cache / I-cache geometry (its parameters have no
# configuration defaults: mem_subsys passes them).  Writes OUT.json (for nextpnr),
# OUT.v (netlist for gate-level simulation), OUT.stat and OUT.log; prints
# nothing unless Yosys fails (then the log's tail, exit 1).
set -eu
family=$1 cfg=$2 top=$3 out=$4
shift 4
root=$(cd "$(dirname "$0")/.." && pwd)
inc=$root/config/gen/$cfg
[ -f "$inc/mmcosim_cfg.svh" ] || { echo "fpga_synth: no $inc/mmcosim_cfg.svh (make gen)" >&2; exit 1; }
# A `define of the configuration as a decimal number.
cfg() {
  local v
  v=$(sed -n "s/^\`define MMCOSIM_$1 32'h\([0-9a-fA-F]*\).*/\1/p" "$inc/mmcosim_cfg.svh")
  [ -n "$v" ] || { echo "fpga_synth: no MMCOSIM_$1 in $inc/mmcosim_cfg.svh" >&2; exit 1; }
  echo $((16#$v))
}
pre=""
case $top in
  dcache|icache)
    c=$(echo "$top" | tr a-z A-Z) wb=0
    [ "$top" = dcache ] && wb=1
    pre="chparam -set Size $(cfg CACHE_${c}_SIZE) -set Ways $(cfg CACHE_${c}_WAYS) \
         -set LineBytes $(cfg CACHE_${c}_LINE) -set WriteBack $wb cache_l1;"
    top=cache_l1 ;;
esac
srcs=$(grep -hv '^#' "$root/rtl/files.f" "$root/rtl/fpga/files.f" | sed "s|^|$root/|" | tr '\n' ' ')
mkdir -p "$(dirname "$out")"
if ! ${YOSYS:-yosys} -q -l "$out.log" -p "read_verilog -sv -I$inc $srcs; $pre \
      synth_$family -top $top -json $out.json; $*; \
      tee -q -o $out.stat stat; write_verilog -noattr $out.v" >/dev/null 2>&1; then
  tail -20 "$out.log" >&2
  echo "fpga_synth: yosys failed for $top ($family, config $cfg), log $out.log" >&2
  exit 1
fi
