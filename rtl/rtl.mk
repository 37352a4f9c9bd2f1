# rtl/rtl.mk: lint and synthesis of the RTL, included by the top Makefile.
#
#   make lint  [CONFIG=default]  verilator --lint-only -Wall, waivers in rtl/lint.vlt
#   make lint-synth              the same for the synthesis configuration
#   make synth [SYNTH_CONFIG=fpga]    yosys synth_ice40 of mem_subsys into build/synth/
#
# Both print one result line.  The configuration's generated include file
# config/gen/<CONFIG>/mmcosim_cfg.svh must exist (`make gen`).

RTL_ROOT      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
RTL_FILES     := $(addprefix $(RTL_ROOT)/,$(shell grep -v '^\#' $(RTL_ROOT)/rtl/files.f))
RTL_TOP       := mem_subsys
RTL_LINT_CFG  := $(or $(CONFIG),default)
RTL_SYNTH_CFG := $(or $(SYNTH_CONFIG),fpga)
RTL_SYNTH_DIR := $(RTL_ROOT)/build/synth
VERILATOR     ?= verilator
YOSYS         ?= yosys

.PHONY: lint lint-synth synth

lint-synth: $(SETUP_STAMP)
	@$(MAKE) --no-print-directory lint CONFIG=$(RTL_SYNTH_CFG)

lint: $(SETUP_STAMP)
	@test -f $(RTL_ROOT)/config/gen/$(RTL_LINT_CFG)/mmcosim_cfg.svh || \
	  { echo "lint: no config/gen/$(RTL_LINT_CFG)/mmcosim_cfg.svh (run make gen)"; exit 1; }
	@if $(VERILATOR) --lint-only -Wall --top-module $(RTL_TOP) \
	      -I$(RTL_ROOT)/config/gen/$(RTL_LINT_CFG) \
	      $(RTL_ROOT)/rtl/lint.vlt $(RTL_FILES) >/tmp/mmcosim-lint.$$$$.log 2>&1; then \
	  echo "lint: $(RTL_TOP) clean (verilator -Wall, config $(RTL_LINT_CFG), $(words $(RTL_FILES)) files)"; \
	  rm -f /tmp/mmcosim-lint.$$$$.log; \
	else \
	  cat /tmp/mmcosim-lint.$$$$.log; rm -f /tmp/mmcosim-lint.$$$$.log; \
	  echo "lint: $(RTL_TOP) FAILED (config $(RTL_LINT_CFG))"; exit 1; \
	fi

synth: $(SETUP_STAMP)
	@test -f $(RTL_ROOT)/config/gen/$(RTL_SYNTH_CFG)/mmcosim_cfg.svh || \
	  { echo "synth: no config/gen/$(RTL_SYNTH_CFG)/mmcosim_cfg.svh (run make gen)"; exit 1; }
	@mkdir -p $(RTL_SYNTH_DIR)
	@if $(YOSYS) -q -l $(RTL_SYNTH_DIR)/$(RTL_TOP)_$(RTL_SYNTH_CFG).log \
	      -p "read_verilog -sv -I$(RTL_ROOT)/config/gen/$(RTL_SYNTH_CFG) $(RTL_FILES); \
	          synth_ice40 -top $(RTL_TOP) -json $(RTL_SYNTH_DIR)/$(RTL_TOP)_$(RTL_SYNTH_CFG).json; \
	          tee -q -o $(RTL_SYNTH_DIR)/$(RTL_TOP)_$(RTL_SYNTH_CFG).stat stat" >/dev/null 2>&1; then \
	  s=$(RTL_SYNTH_DIR)/$(RTL_TOP)_$(RTL_SYNTH_CFG).stat; \
	  lut=$$(awk '$$1=="SB_LUT4"{n=$$2} END{print n+0}' $$s); \
	  ram=$$(awk '$$1=="SB_RAM40_4K"{n=$$2} END{print n+0}' $$s); \
	  ff=$$(awk '$$1 ~ /^SB_DFF/{n+=$$2} END{print n+0}' $$s); \
	  echo "synth: $(RTL_TOP) ok (ice40, config $(RTL_SYNTH_CFG)): $$lut LUT4, $$ff FF, $$ram SB_RAM40_4K -> build/synth/$(RTL_TOP)_$(RTL_SYNTH_CFG).json"; \
	else \
	  tail -20 $(RTL_SYNTH_DIR)/$(RTL_TOP)_$(RTL_SYNTH_CFG).log; \
	  echo "synth: $(RTL_TOP) FAILED (config $(RTL_SYNTH_CFG), log build/synth/$(RTL_TOP)_$(RTL_SYNTH_CFG).log)"; exit 1; \
	fi
