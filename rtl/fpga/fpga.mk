# rtl/fpga/fpga.mk: the FPGA flow, included by the top Makefile.
#
#   make fpga   both boards: synthesis, place and route, bitstream, and the
#               resource / Fmax table (also out of context: the MMU, the DRAM
#               controller, controller + device, and the L1 caches)
#   make fpga-icebreaker | fpga-ulx3s    one board
#   make fpga-prog-icebreaker | fpga-prog-ulx3s   load it (iceprog / openFPGALoader)
#
# Outputs in build/fpga/: <board>.{json,v,stat,log} (yosys), <board>_pnr.log
# and <board>_report.json (nextpnr), icebreaker.bin / ulx3s.bit.  Boards,
# parts, configurations and target clocks are in the table below and in
# docs/fpga.md; `fusesoc run --target=synth_ice40|synth_ecp5` runs the same
# tools from fusesoc.core.

FPGA_DIR   := $(BUILD)/fpga
FPGA_SRCS  := $(shell grep -hv '^\#' rtl/files.f rtl/fpga/files.f)
FPGA_VENV  := $(abspath $(BUILD)/venv/bin)
FPGA_PATH  := PATH=$(FPGA_VENV):$$PATH
FPGA_OOC   := mmu dram_ctrl dram_top dcache icache   # blocks synthesized alone

# board      family  config     top              nextpnr part options               target MHz
# icebreaker ice40   fpga-up5k  fpga_icebreaker  --up5k --package sg48              12
# ulx3s      ecp5    fpga       fpga_ulx3s       --25k --package CABGA381          50
FPGA_ICE_PNR  := nextpnr-ice40 --up5k --package sg48 --pcf rtl/fpga/icebreaker.pcf --freq 12 --timing-allow-fail
FPGA_ECP5_PNR := nextpnr-ecp5 --25k --package CABGA381 --lpf rtl/fpga/ulx3s.lpf --freq 50 --timing-allow-fail

.PHONY: fpga fpga-icebreaker fpga-ulx3s fpga-ooc fpga-prog-icebreaker fpga-prog-ulx3s

## fpga: both boards (synthesis, place and route, bitstream) and the resource / Fmax table
fpga: fpga-icebreaker fpga-ulx3s fpga-ooc
	@$(PYTHON) scripts/fpga_table.py \
	  fpga_icebreaker:ice40:$(FPGA_DIR)/icebreaker.stat:$(FPGA_DIR)/icebreaker_report.json:12 \
	  $(foreach m,$(FPGA_OOC),$(m):ice40:$(FPGA_DIR)/ooc_$(m)_ice40.stat) \
	  fpga_ulx3s:ecp5:$(FPGA_DIR)/ulx3s.stat:$(FPGA_DIR)/ulx3s_report.json:50 \
	  $(foreach m,$(FPGA_OOC),$(m):ecp5:$(FPGA_DIR)/ooc_$(m)_ecp5.stat)

## fpga-icebreaker: the iCEBreaker (iCE40 UP5K) bitstream, build/fpga/icebreaker.bin
fpga-icebreaker: $(FPGA_DIR)/icebreaker.bin
## fpga-ulx3s: the ULX3S (ECP5 25k) bitstream, build/fpga/ulx3s.bit
## fpga-ooc: out-of-context synthesis counts of the MMU, the DRAM and the caches, both families
fpga-ulx3s: $(FPGA_DIR)/ulx3s.bit
fpga-ooc: $(foreach m,$(FPGA_OOC),$(foreach f,ice40 ecp5,$(FPGA_DIR)/ooc_$(m)_$(f).stat))

$(FPGA_DIR)/.setup: scripts/setup.sh | $(SETUP_STAMP)
	@scripts/setup.sh fpga ecp5
	@mkdir -p $(FPGA_DIR) && touch $@

$(FPGA_DIR)/icebreaker.json: $(FPGA_SRCS) config/gen/fpga-up5k/mmcosim_cfg.svh scripts/fpga_synth.sh | $(FPGA_DIR)/.setup
	@echo "fpga: yosys synth_ice40 fpga_icebreaker (fpga-up5k)"
	@scripts/fpga_synth.sh ice40 fpga-up5k fpga_icebreaker $(FPGA_DIR)/icebreaker

$(FPGA_DIR)/ulx3s.json: $(FPGA_SRCS) config/gen/fpga/mmcosim_cfg.svh scripts/fpga_synth.sh | $(FPGA_DIR)/.setup
	@echo "fpga: yosys synth_ecp5 fpga_ulx3s (fpga)"
	@scripts/fpga_synth.sh ecp5 fpga fpga_ulx3s $(FPGA_DIR)/ulx3s

$(FPGA_DIR)/icebreaker.asc: $(FPGA_DIR)/icebreaker.json rtl/fpga/icebreaker.pcf
	@echo "fpga: nextpnr-ice40 (log $(FPGA_DIR)/icebreaker_pnr.log)"
	@$(FPGA_ICE_PNR) --json $< --asc $@ --report $(FPGA_DIR)/icebreaker_report.json \
	  >$(FPGA_DIR)/icebreaker_pnr.log 2>&1 || { tail -20 $(FPGA_DIR)/icebreaker_pnr.log; exit 1; }

$(FPGA_DIR)/icebreaker.bin: $(FPGA_DIR)/icebreaker.asc
	@icepack $< $@ && echo "fpga: $@"

$(FPGA_DIR)/ulx3s.config: $(FPGA_DIR)/ulx3s.json rtl/fpga/ulx3s.lpf
	@echo "fpga: nextpnr-ecp5 (log $(FPGA_DIR)/ulx3s_pnr.log)"
	@$(FPGA_PATH) $(FPGA_ECP5_PNR) --json $< --textcfg $@ --report $(FPGA_DIR)/ulx3s_report.json \
	  >$(FPGA_DIR)/ulx3s_pnr.log 2>&1 || { tail -20 $(FPGA_DIR)/ulx3s_pnr.log; exit 1; }

$(FPGA_DIR)/ulx3s.bit: $(FPGA_DIR)/ulx3s.config
	@$(FPGA_PATH) ecppack $< $@ && echo "fpga: $@"

# Out of context: a block alone, synthesis counts (more ports than pins:
# not placeable alone, so no Fmax; the board rows carry the timing).  The
# MMU and the DRAM in the board's configuration; the caches (dcache, icache:
# cache_l1, scripts/fpga_synth.sh) in fpga-cache, the boards' being off.
fpga_ooc_cfg = $(if $(filter dcache icache,$(1)),fpga-cache,$(2))
.SECONDEXPANSION:
$(FPGA_DIR)/ooc_%_ice40.stat: $(FPGA_SRCS) config/gen/$$(call fpga_ooc_cfg,$$*,fpga-up5k)/mmcosim_cfg.svh \
    scripts/fpga_synth.sh | $(FPGA_DIR)/.setup
	@echo "fpga: yosys synth_ice40 $* alone ($(call fpga_ooc_cfg,$*,fpga-up5k))"
	@scripts/fpga_synth.sh ice40 $(call fpga_ooc_cfg,$*,fpga-up5k) $* $(FPGA_DIR)/ooc_$*_ice40
$(FPGA_DIR)/ooc_%_ecp5.stat: $(FPGA_SRCS) config/gen/$$(call fpga_ooc_cfg,$$*,fpga)/mmcosim_cfg.svh \
    scripts/fpga_synth.sh | $(FPGA_DIR)/.setup
	@echo "fpga: yosys synth_ecp5 $* alone ($(call fpga_ooc_cfg,$*,fpga))"
	@scripts/fpga_synth.sh ecp5 $(call fpga_ooc_cfg,$*,fpga) $* $(FPGA_DIR)/ooc_$*_ecp5

## fpga-prog-icebreaker: load the iCEBreaker bitstream (iceprog)
fpga-prog-icebreaker: $(FPGA_DIR)/icebreaker.bin
	iceprog $<
## fpga-prog-ulx3s: load the ULX3S bitstream (openFPGALoader)
fpga-prog-ulx3s: $(FPGA_DIR)/ulx3s.bit
	openFPGALoader --board ulx3s $<

# Lint of both board tops in their configurations (part of make test).
## lint-fpga: verilator lint of both board tops in their configurations
.PHONY: lint-fpga
lint-fpga: $(SETUP_STAMP)
	@for t in fpga_icebreaker:fpga-up5k fpga_ulx3s:fpga; do \
	  top=$${t%%:*}; cfg=$${t#*:}; \
	  $(VERILATOR) --lint-only -Wall --top-module $$top -Iconfig/gen/$$cfg rtl/lint.vlt \
	    $(FPGA_SRCS) || { echo "lint-fpga: $$top FAILED (config $$cfg)"; exit 1; }; \
	done; echo "lint-fpga: fpga_icebreaker (fpga-up5k), fpga_ulx3s (fpga) clean (verilator -Wall)"
