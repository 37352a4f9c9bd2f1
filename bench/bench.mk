# Benches: they print figures; none of them is a timed test.
# Included by the top-level Makefile.

.PHONY: bench bench-sim bench-tlb

bench: bench-sim bench-tlb

# Simulation speed: a CPU-bound program, tracing off and on.
bench-sim: sim firmware
	@bench/bench_sim.sh $(SIM) $(FW_DIR)/cpubound.elf $(BUILD)/bench

# TLB hit cost and miss penalty: a pointer chase over 1..4096 pages
# (4 KiB and megapages), figures per N from --stats bench regions.
bench-tlb: sim firmware
	@bench/bench_tlb.sh $(SIM) $(FW_DIR)/tlb_chase.elf $(BUILD)/bench
