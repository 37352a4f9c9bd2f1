# Sweeps (bench/mmcosim-sweep): included by the top-level Makefile.
#   make sweep SWEEP=bench/sweeps/tlb.toml [JOBS=n] [RUNNER=slurm]

.PHONY: sweep

## sweep: run a parameter sweep, SWEEP=file.toml (CSV + plots in build/sweep/<name>/)
sweep: firmware
	@test -n "$(SWEEP)" || { echo "sweep: name a sweep file, e.g. make sweep SWEEP=bench/sweeps/tlb.toml" >&2; exit 2; }
	@scripts/setup.sh plot $(if $(filter slurm,$(RUNNER)),slurm)
	@bench/mmcosim-sweep --jobs=$(JOBS) --runner=$(or $(RUNNER),local) $(SWEEP)
