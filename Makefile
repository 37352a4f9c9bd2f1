# mmcosim top-level Makefile.
#
#   make run     set up, build, boot the firmware kernel through the co-simulation
#   make test    set up, build, lint, synthesize, run every test suite
#   make fuzz    long libFuzzer run over firmware/mm (FUZZ_TIME=seconds)
#   make fuzz-gdb  the same over the GDB stub's packet parser
#   make fpga    bitstreams for iCEBreaker and ULX3S, resource/Fmax table
#   make report  every bench, then build/report/index.html (+ .md)
#   make sweep SWEEP=bench/sweeps/tlb.toml   a parameter sweep (CSV + plots)
#   make help    every target, one line each
#
# Progress: one line per step; full logs under build/logs/.
#
# Everything installs what it needs first (scripts/setup.sh).  Variables:
#   CONFIG=name   configuration from config/<name>.toml (default: default)
#   JOBS=n        parallel build jobs (default: number of cores)

CONFIG ?= default
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD := build
CMAKE_DIR := $(BUILD)/cmake-$(CONFIG)
FW_DIR := $(BUILD)/firmware
SIM := $(BUILD)/mmcosim
SETUP_STAMP := $(BUILD)/.setup-ok
PYTHON ?= python3

.PHONY: all setup gen gen-check sim firmware run test fuzz fuzz-gdb unit lint synth \
        fusesoc-lint bench bench-sim wave clean help

## all: build the simulator and the firmware
all: sim firmware

## help: this list (every target, one line each)
help:
	@$(PYTHON) scripts/help.py $(MAKEFILE_LIST)

# --- set-up -------------------------------------------------------------
$(SETUP_STAMP): scripts/setup.sh
	@scripts/step.sh setup 'setup: check and install tools (scripts/setup.sh)' scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@
## setup: check and install the tools (Debian packages, build/venv)
setup: $(SETUP_STAMP)

# --- generated parameters (config/*.toml -> config/gen/) ----------------
GEN_INPUTS := $(wildcard config/*.toml) config/gen.py
config/gen/.stamp: $(GEN_INPUTS)
	@scripts/step.sh gen 'gen: config/*.toml -> config/gen' $(PYTHON) config/gen.py
	@touch $@
## gen: generate RTL, C and firmware headers from config/*.toml
gen: config/gen/.stamp
## gen-check: fail when config/gen is stale
gen-check: $(SETUP_STAMP)
	@$(PYTHON) config/gen.py --check && echo "gen: config/gen is up to date"

# --- C++ / Verilator build ---------------------------------------------
$(CMAKE_DIR)/Makefile: CMakeLists.txt | $(SETUP_STAMP) config/gen/.stamp
	@scripts/step.sh cmake-$(CONFIG) 'configure $(CMAKE_DIR)' cmake -S . -B $(CMAKE_DIR) \
	  -DMMCOSIM_CONFIG=$(CONFIG) -DMMCOSIM_FIRMWARE_DIR=$(abspath $(FW_DIR))

# The firmware comes first: the simulator's model is trained on it (MMCOSIM_PGO).
## sim: build the simulator, its tests and the RTL models (build/mmcosim)
sim: $(CMAKE_DIR)/Makefile config/gen/.stamp firmware
	@scripts/step.sh build-$(CONFIG) 'build $(CMAKE_DIR) (simulator, RTL, tests)' \
	  cmake --build $(CMAKE_DIR) -j $(JOBS)
	@ln -sf cmake-$(CONFIG)/bench/mmcosim $(SIM)

## firmware: build firmware/ into build/firmware
firmware: $(SETUP_STAMP) config/gen/.stamp
	@scripts/step.sh firmware-$(CONFIG) 'build the firmware ($(FW_DIR))' \
	  $(MAKE) --no-print-directory -C firmware O=$(abspath $(FW_DIR)) CONFIG=$(CONFIG)

# --- the main job -------------------------------------------------------
## run: set up, build, boot the firmware kernel through the co-simulation
# The kernel (firmware/kernel): M-mode shim, Sv32 on, Linux's memory boot
# lines, self-tests with paging on, the allocator views.
run: sim firmware
	$(SIM) --config=$(CONFIG) $(FW_DIR)/kernel.elf

# --- tests ----------------------------------------------------------------
# setup first: lint and synth need verilator and yosys on a fresh machine.
# ctest's full output goes to build/logs/ctest-<config>.log; its closing
# summary (and the failed tests) is printed.
## test: set up, build, lint, synthesize, run every test suite
test: setup gen-check lint lint-synth lint-fpga synth fusesoc-lint sim firmware
	@scripts/step.sh setup-tests 'setup: gnuplot, Slurm, Chromium, gdb-multiarch for the tool tests' \
	  scripts/setup.sh plot slurm report gdb
	@scripts/step.sh --show='tests passed|tests failed|Total Test time|The following tests|^[[:space:]]+[0-9]+ - ' \
	  ctest-$(CONFIG) 'ctest ($(CMAKE_DIR))' \
	  ctest --test-dir $(CMAKE_DIR) -j $(JOBS) --output-on-failure --timeout 600

# Long libFuzzer run over firmware/mm (tests/fuzz; make test runs a
# bounded one): FUZZ_TIME seconds, new inputs kept in build/fuzz-corpus.
FUZZ_TIME ?= 600
## fuzz: long libFuzzer run over firmware/mm (FUZZ_TIME seconds)
fuzz: $(CMAKE_DIR)/Makefile config/gen/.stamp
	@cmake --build $(CMAKE_DIR) --target mm_fuzz -j $(JOBS)
	@mkdir -p $(BUILD)/fuzz-corpus
	ASAN_OPTIONS=detect_leaks=0 $(CMAKE_DIR)/tests/fuzz/mm_fuzz -max_total_time=$(FUZZ_TIME) \
	  -max_len=512 -print_final_stats=1 $(BUILD)/fuzz-corpus tests/fuzz/corpus

# Long libFuzzer run over the GDB stub's packet parser (tests/fuzz/gdb_fuzz.cc).
## fuzz-gdb: long libFuzzer run over the GDB packet parser (FUZZ_TIME seconds)
fuzz-gdb: $(CMAKE_DIR)/Makefile config/gen/.stamp
	@cmake --build $(CMAKE_DIR) --target gdb_fuzz -j $(JOBS)
	@mkdir -p $(BUILD)/fuzz-gdb-corpus
	ASAN_OPTIONS=detect_leaks=0 $(CMAKE_DIR)/tests/fuzz/gdb_fuzz -max_total_time=$(FUZZ_TIME) \
	  -max_len=6000 -print_final_stats=1 $(BUILD)/fuzz-gdb-corpus tests/fuzz/gdb_corpus

# RTL lint and synthesis (rtl/rtl.mk defines lint and synth).
-include rtl/rtl.mk
# FPGA bitstreams and the resource/Fmax table (rtl/fpga/fpga.mk, docs/fpga.md).
-include rtl/fpga/fpga.mk

## fusesoc-lint: the FuseSoC core's lint target
fusesoc-lint: $(SETUP_STAMP) config/gen/.stamp
	@scripts/setup.sh fusesoc
	@build/venv/bin/fusesoc --cores-root=. run --target=lint mmcosim:mmcosim:mem_subsys \
	  >$(BUILD)/fusesoc-lint.log 2>&1 || { cat $(BUILD)/fusesoc-lint.log; exit 1; }
	@echo "fusesoc-lint: mmcosim:mmcosim:mem_subsys lint target passes"

# --- benches: figures, not timed tests ------------------------------------
-include bench/bench.mk
-include bench/report.mk

## wave: GTKWave on build/trace.fst (WAVE=platform|mmu|dram)
wave: $(SETUP_STAMP)
	@scripts/setup.sh wave
	@test -f $(BUILD)/trace.fst || { echo "wave: no $(BUILD)/trace.fst; run e.g. $(SIM) --trace=$(BUILD)/trace.fst $(FW_DIR)/hello.elf" >&2; exit 2; }
	gtkwave $(BUILD)/trace.fst bench/waves/$(or $(WAVE),platform).gtkw

## clean: remove build/
clean:
	rm -rf $(BUILD)
