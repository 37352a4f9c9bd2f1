/*
 * simctl.h -- the simulation-control device: end the run, mark bench
 * regions, switch tracing, read any simulator statistic by event number.
 */
#ifndef FW_SIMCTL_H
#define FW_SIMCTL_H

#include <stdint.h>

/* Exit statuses used by the runtime (the simulator itself uses 2 for bad input, 3 for the cycle limit). */
#define FW_EXIT_PASS             0 /* every check passed */
#define FW_EXIT_CHECK_FAILED     1 /* at least one CHECK failed */
#define FW_EXIT_UNEXPECTED_TRAP  4 /* a trap nobody expected */

/* Ends the simulation with exit status `status`; never returns. */
void sim_exit(uint32_t status) __attribute__((noreturn));

/* Marks the beginning / end of bench region `id` (counter deltas per region). */
void sim_region_begin(uint32_t id);
void sim_region_end(uint32_t id);

/* Starts (on != 0) or stops waveform tracing. */
void sim_trace(uint32_t on);

/* Asks the simulator to print a counter snapshot tagged with `tag`. */
void sim_snapshot(uint32_t tag);

/* Returns the statistic with hpm event number `event` (MMCOSIM_EVENT_*). */
uint64_t sim_counter(uint32_t event);

/* Writes one character to the simulator console, bypassing the UART. */
void sim_putchar(char c);
/* Marks that the firmware reached point `id`: ends `mmcosim
 * --ff-until=marker` (or marker:id) there; no effect otherwise. */
void sim_marker(uint32_t id);

#endif /* FW_SIMCTL_H */
