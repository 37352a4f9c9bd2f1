# mmcosim top-level Makefile.
#
#   make run     set up, build, run firmware/hello through the co-simulation
#   make test    set up, build, lint, synthesize, run every test suite
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

.PHONY: all setup gen gen-check sim firmware run test unit lint synth \
        fusesoc-lint bench bench-sim wave clean help

all: sim firmware

help:
	@sed -n '2,10p' Makefile | sed 's/^# \{0,1\}//'

# --- set-up -------------------------------------------------------------
$(SETUP_STAMP): scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@
setup: $(SETUP_STAMP)

# --- generated parameters (config/*.toml -> config/gen/) ----------------
GEN_INPUTS := $(wildcard config/*.toml) config/gen.py
config/gen/.stamp: $(GEN_INPUTS)
	@$(PYTHON) config/gen.py
	@touch $@
gen: config/gen/.stamp
gen-check: $(SETUP_STAMP)
	@$(PYTHON) config/gen.py --check && echo "gen: config/gen is up to date"

# --- C++ / Verilator build ---------------------------------------------
$(CMAKE_DIR)/Makefile: CMakeLists.txt | $(SETUP_STAMP) config/gen/.stamp
	@cmake -S . -B $(CMAKE_DIR) -DMMCOSIM_CONFIG=$(CONFIG) \
	  -DMMCOSIM_FIRMWARE_DIR=$(abspath $(FW_DIR)) >/dev/null

# The firmware comes first: the simulator's model is trained on it (MMCOSIM_PGO).
sim: $(CMAKE_DIR)/Makefile config/gen/.stamp firmware
	@cmake --build $(CMAKE_DIR) -j $(JOBS)
	@ln -sf cmake-$(CONFIG)/bench/mmcosim $(SIM)

firmware: $(SETUP_STAMP) config/gen/.stamp
	@$(MAKE) --no-print-directory -C firmware O=$(abspath $(FW_DIR)) CONFIG=$(CONFIG)

# --- the main job -------------------------------------------------------
run: sim firmware
	$(SIM) --config=$(CONFIG) $(FW_DIR)/hello.elf

# --- tests ----------------------------------------------------------------
# setup first: lint and synth need verilator and yosys on a fresh machine.
test: setup gen-check lint lint-synth synth fusesoc-lint sim firmware
	@scripts/setup.sh plot slurm report
	@cd $(CMAKE_DIR) && ctest -j $(JOBS) --output-on-failure --timeout 600

# RTL lint and synthesis (rtl/rtl.mk defines lint and synth).
-include rtl/rtl.mk

fusesoc-lint: $(SETUP_STAMP) config/gen/.stamp
	@scripts/setup.sh fusesoc
	@build/venv/bin/fusesoc --cores-root=. run --target=lint mmcosim:mmcosim:mem_subsys \
	  >$(BUILD)/fusesoc-lint.log 2>&1 || { cat $(BUILD)/fusesoc-lint.log; exit 1; }
	@echo "fusesoc-lint: mmcosim:mmcosim:mem_subsys lint target passes"

# --- benches: figures, not timed tests ------------------------------------
-include bench/bench.mk
-include bench/report.mk

wave: $(SETUP_STAMP)
	@scripts/setup.sh wave
	@test -f $(BUILD)/trace.fst || { echo "wave: no $(BUILD)/trace.fst; run e.g. $(SIM) --trace=$(BUILD)/trace.fst $(FW_DIR)/hello.elf" >&2; exit 2; }
	gtkwave $(BUILD)/trace.fst bench/waves/$(or $(WAVE),platform).gtkw

clean:
	rm -rf $(BUILD)
