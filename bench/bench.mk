# Benches: they print figures; none of them is a timed test.
# Included by the top-level Makefile.

.PHONY: bench bench-sim

bench: bench-sim

# Simulation speed: a CPU-bound program, tracing off and on.
bench-sim: sim firmware
	@bench/bench_sim.sh $(SIM) $(FW_DIR)/cpubound.elf $(BUILD)/bench
