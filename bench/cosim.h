/*
 * mmcosim C API: the co-simulation as a library.
 *
 *   char err[256];
 *   mmcosim_t *sim = mmcosim_create("default", err, sizeof err);
 *   if (!sim || mmcosim_load_elf(sim, "prog.elf", err, sizeof err) != 0)
 *     { fprintf(stderr, "%s\n", err); ... }
 *   while (mmcosim_run(sim, 1000000) == MMCOSIM_RUN_LIMIT) { ... }
 *   uint64_t misses; mmcosim_stat(sim, "cpu.instret", &misses);
 *   int status = mmcosim_exit_code(sim);
 *   mmcosim_destroy(sim);
 *
 * One simulation per process: SystemC cannot restart, so a second
 * mmcosim_create() in the same process fails.  Functions that can fail
 * return 0 on success and -1 on failure, with a one-line message in `err`.
 */
#ifndef MMCOSIM_COSIM_H
#define MMCOSIM_COSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mmcosim_handle mmcosim_t;

enum mmcosim_run_result {
  MMCOSIM_RUN_EXITED = 0, /* the program ended (simctl exit or HTIF) */
  MMCOSIM_RUN_LIMIT = 1,  /* the cycle budget ran out first */
  MMCOSIM_RUN_ERROR = -1, /* no program loaded, or already exited */
  MMCOSIM_RUN_KILLED = 2  /* GDB killed the program (mmcosim_gdb_serve) */
};

/* Builds the system for configuration `config` (config/<config>.toml);
 * NULL: the configuration this library was built for. */
mmcosim_t *mmcosim_create(const char *config, char *err, size_t err_len);
/* Loads an RV32 ELF executable into DRAM and resets the CPU at its entry. */
int mmcosim_load_elf(mmcosim_t *sim, const char *path, char *err,
                     size_t err_len);
/* Writes `cmdline` into the loaded program's `boot_command_line` array
 * (the kernel's command line, e.g. "init=/fork_cow"). */
int mmcosim_set_cmdline(mmcosim_t *sim, const char *cmdline, char *err,
                        size_t err_len);
/* Runs for at most `max_cycles` core cycles; see enum mmcosim_run_result. */
int mmcosim_run(mmcosim_t *sim, uint64_t max_cycles);
/* GDB remote serial protocol on 127.0.0.1:`port` (0: any free port): prints
 * "mmcosim: waiting for GDB on 127.0.0.1:PORT" to stderr, waits for GDB
 * before the first instruction and runs the program under its control
 * (bench/sim/gdb_stub.h); after a detach the program runs on to its end.
 * Returns MMCOSIM_RUN_EXITED, MMCOSIM_RUN_LIMIT (`max_cycles` in all, 0: no
 * limit), MMCOSIM_RUN_KILLED, or MMCOSIM_RUN_ERROR with `err` when the port
 * cannot be had or no program is loaded. */
int mmcosim_gdb_serve(mmcosim_t *sim, unsigned port, uint64_t max_cycles,
                      char *err, size_t err_len);
/* Functional mode (docs/simulator.md): the same CPU model with no RTL
 * evaluated, one cycle per instruction.  Runs until the program ends or
 * `max_cycles` more cycles; see enum mmcosim_run_result. */
int mmcosim_run_functional(mmcosim_t *sim, uint64_t max_cycles);
/* Fast-forward: runs functionally for `instructions` instructions (0: no
 * count) or until `until` (NULL: none): an ELF symbol the pc reaches,
 * "marker" (any simctl marker) or "marker:N".  The next mmcosim_run()
 * continues in the co-simulation.  0: the point was reached; 1: the program
 * ended first; -1: bad `until` (message in err). */
int mmcosim_fast_forward(mmcosim_t *sim, uint64_t instructions,
                         const char *until, char *err, size_t err_len);
/* Checkpoints: save the functional state (before the switch to the
 * co-simulation), restore one after mmcosim_load_elf() and before running.
 * A file of another configuration or program, or damaged, is refused. */
int mmcosim_save(mmcosim_t *sim, const char *path, char *err, size_t err_len);
int mmcosim_restore(mmcosim_t *sim, const char *path, char *err,
                    size_t err_len);
/* 1 when the program has ended. */
int mmcosim_exited(const mmcosim_t *sim);
/* The program's exit status (valid once mmcosim_exited()). */
int mmcosim_exit_code(const mmcosim_t *sim);
/* Core cycles simulated so far. */
uint64_t mmcosim_cycles(const mmcosim_t *sim);

/* Statistics by dotted name (config/stats.toml): 0, or -1 if unknown. */
int mmcosim_stat(mmcosim_t *sim, const char *name, uint64_t *value);
unsigned mmcosim_stat_count(void);
const char *mmcosim_stat_name(unsigned index); /* NULL past the end */
/* Bench regions marked by firmware through simctl: number closed so far, and
 * the delta of statistic `name` over region number `index` (in end order). */
unsigned mmcosim_region_count(const mmcosim_t *sim);
int mmcosim_region(mmcosim_t *sim, unsigned index, uint32_t *id,
                   const char *name, uint64_t *delta);

/* FST waveform of the RTL from core cycle `start_cycle` on. */
int mmcosim_trace_open(mmcosim_t *sim, const char *fst_path,
                       uint64_t start_cycle, char *err, size_t err_len);
/* Reports: statistics JSON (totals, per region) and the Spike signature. */
int mmcosim_write_stats(mmcosim_t *sim, const char *json_path, char *err,
                        size_t err_len);
int mmcosim_write_signature(mmcosim_t *sim, const char *path, char *err,
                            size_t err_len);
/* Console (UART, simctl putchar, HTIF write) output: default stdout. */
void mmcosim_set_console(mmcosim_t *sim, void *file /* FILE* */);
/* A one-line human summary of the run to `file` (FILE*). */
void mmcosim_print_summary(mmcosim_t *sim, void *file);

void mmcosim_destroy(mmcosim_t *sim);

#ifdef __cplusplus
}
#endif
#endif /* MMCOSIM_COSIM_H */
