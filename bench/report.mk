# Reports and sweeps: included by the top-level Makefile.
#   make report                      every bench, then build/report/index.{html,md}
#   make sweep SWEEP=bench/sweeps/tlb.toml [JOBS=n] [RUNNER=slurm]

.PHONY: report sweep

## report: run every bench, write build/report/index.html and index.md
report: sim firmware
	@scripts/setup.sh report
	@bench/mmcosim-report

## sweep: run a parameter sweep, SWEEP=file.toml (CSV + plots in build/sweep/<name>/)
sweep: firmware
	@test -n "$(SWEEP)" || { echo "sweep: name a sweep file, e.g. make sweep SWEEP=bench/sweeps/tlb.toml" >&2; exit 2; }
	@scripts/setup.sh plot $(if $(filter slurm,$(RUNNER)),slurm)
	@bench/mmcosim-sweep --jobs=$(JOBS) --runner=$(or $(RUNNER),local) $(SWEEP)
