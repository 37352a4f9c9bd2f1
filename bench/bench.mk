# Benches: they print figures; none of them is a timed test.
# Included by the top-level Makefile.

.PHONY: bench bench-sim bench-tlb bench-dram bench-mm bench-cache bench-vm bench-hammer bench-reclaim

## bench: every bench below (sim speed, TLB, DRAM, kernel mm, caches, processes)
bench: bench-sim bench-tlb bench-dram bench-mm bench-cache bench-vm

# Plots (gnuplot, SVG into build/bench/) read the TLB size from the
# generated header of the configuration the DRAM runs use.
DTLB_ENTRIES = $(shell printf '%d' $$(sed -nE 's/^\#define MMCOSIM_MMU_DTLB_ENTRIES +MMCOSIM_U\((0x[0-9a-f]+)\).*/\1/p' config/gen/$(CONFIG)/mmcosim_cfg.h))

# Simulation speed: a CPU-bound program, tracing off and on.
bench-sim: sim firmware
	@bench/bench_sim.sh $(SIM) $(FW_DIR)/cpubound.elf $(BUILD)/bench $(FW_DIR)/kernel.elf

# TLB hit cost and miss penalty: a pointer chase over 1..4096 pages
# (4 KiB and megapages), figures per N from --stats bench regions.
bench-tlb: sim firmware
	@$(MAKE) --no-print-directory CONFIG=sram $(BUILD)/cmake-sram/Makefile
	@cmake --build $(BUILD)/cmake-sram -j $(JOBS) --target mmcosim >/dev/null
	@bench/bench_tlb.sh $(BUILD)/cmake-sram/bench/mmcosim $(FW_DIR)/tlb_chase.elf $(BUILD)/bench sram
	@echo
	@bench/bench_tlb.sh $(SIM) $(FW_DIR)/tlb_chase.elf $(BUILD)/bench dram
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-tlb.svg'; sram='$(BUILD)/bench/bench-tlb-sram.dat'; \
	  dram='$(BUILD)/bench/bench-tlb-dram.dat'; entries=$(DTLB_ENTRIES)" bench/plot_tlb.gp
	@echo "bench-tlb: plot $(BUILD)/bench/bench-tlb.svg"

# DRAM: latency, bandwidth, refresh overhead and row-hit rate for DDR3-1600
# and DDR4-2400, open and closed page.  Each configuration is built into
# build/cmake-<cfg> (the simulator and the DRAM unit test only).
BENCH_DRAM_CONFIGS ?= default ddr3-1600-closed ddr4-2400 ddr4-2400-closed
bench-dram: firmware
	@for c in $(BENCH_DRAM_CONFIGS); do \
	  $(MAKE) --no-print-directory CONFIG=$$c $(BUILD)/cmake-$$c/Makefile && \
	  cmake --build $(BUILD)/cmake-$$c -j $(JOBS) --target mmcosim dram_test >/dev/null || exit 1; \
	done
	@bench/bench_dram.sh $(BUILD) $(FW_DIR) $(BUILD)/bench $(BENCH_DRAM_CONFIGS)
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-dram.svg'; dat='$(BUILD)/bench/bench-dram.dat'" bench/plot_dram.gp
	@echo "bench-dram: plot $(BUILD)/bench/bench-dram.svg"

# RowHammer: flips per mitigation (none, PARA, TRR, ECC) and the bandwidth
# each costs (RTL testbenches), and the firmware hammer on the whole system.
bench-hammer: firmware $(BUILD)/cmake-default/Makefile
	@cmake --build $(BUILD)/cmake-default -j $(JOBS) --target dram_mit_none_test dram_para_test \
	  dram_trr_test dram_mit_ecc_test mmcosim_hammer >/dev/null
	@bench/bench_hammer.sh $(BUILD) $(FW_DIR) $(BUILD)/bench

# Allocator costs: firmware/mm operations (pcp pair, buddy by order,
# kmem_cache pairs, kmalloc classes) on the whole system, with the debug
# firmware (firmware/Makefile DEBUG=1) beside the default one.
bench-mm: sim firmware
	@$(MAKE) --no-print-directory -C firmware DEBUG=1 O=$(abspath $(BUILD)/firmware-debug) CONFIG=$(CONFIG)
	@bench/bench_mm.sh $(SIM) $(FW_DIR)/mm_bench.elf $(BUILD)/firmware-debug/mm_bench.elf $(BUILD)/bench
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-mm.svg'; dat='$(BUILD)/bench/bench-mm.dat'" bench/plot_mm.gp
	@echo "bench-mm: plot $(BUILD)/bench/bench-mm.svg"

## bench-reclaim: cycles and TLB flushes per page reclaimed to swap, the thrashing curve
# The kernel booted with init=/swaptest, mem=6M and an 8 MiB RAM swap area,
# working sets from 50 % to 200 % of the free pages (bench/bench_reclaim.sh).
bench-reclaim: sim firmware
	@bench/bench_reclaim.sh $(SIM) $(FW_DIR)/kernel.elf $(BUILD)/bench
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-reclaim.svg'; dat='$(BUILD)/bench/bench-reclaim.dat'" bench/plot_reclaim.gp
	@echo "bench-reclaim: plot $(BUILD)/bench/bench-reclaim.svg"

## bench-vm: user processes: faults, COW, fork+exit, context switch with/without ASIDs, mmap+munmap
# The kernel booted with init=/vmbench, ASIDs on and off (noasid).
bench-vm: sim firmware
	@bench/bench_vm.sh $(SIM) $(FW_DIR)/kernel.elf $(BUILD)/bench
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-vm.svg'; dat='$(BUILD)/bench/bench-vm.dat'" bench/plot_vm.gp
	@echo "bench-vm: plot $(BUILD)/bench/bench-vm.svg"

# L1 caches: cycles per dependent load by working-set size and stride (hit,
# miss to an open row, miss to a closed row), on the default machine (L1
# caches on) next to the uncached one (mmcosim_uncached, configuration
# `uncached`).
DCACHE_SIZE = $(shell printf '%d' $$(sed -nE 's/^\#define MMCOSIM_CACHE_DCACHE_SIZE +MMCOSIM_U\((0x[0-9a-f]+)\).*/\1/p' config/gen/$(CONFIG)/mmcosim_cfg.h))
bench-cache: sim firmware
	@cmake --build $(CMAKE_DIR) -j $(JOBS) --target mmcosim_uncached >/dev/null
	@bench/bench_cache.sh $(SIM) $(CMAKE_DIR)/bench/mmcosim_uncached $(FW_DIR)/cache_sweep.elf $(BUILD)/bench
	@scripts/setup.sh plot
	@gnuplot -e "out='$(BUILD)/bench/bench-cache.svg'; dat='$(BUILD)/bench/bench-cache.dat'; \
	  dsize=$(DCACHE_SIZE)" bench/plot_cache.gp
	@echo "bench-cache: plot $(BUILD)/bench/bench-cache.svg"
