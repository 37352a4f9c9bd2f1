/* simctl.c -- simulation-control device access (see simctl.h). */
#include "simctl.h"

#include "platform.h"

/* Returns the simctl register at offset `reg` (MMCOSIM_SIMCTL_REG_*). */
static inline volatile uint32_t *simctl_reg(uint32_t reg) {
  return mmio32(simctl_base, reg);
}

void sim_exit(uint32_t status) {
  *simctl_reg(MMCOSIM_SIMCTL_REG_EXIT) = status;
  for (;;) {
    /* the simulator stops at the write; wait here if it lags behind */
  }
}

void sim_region_begin(uint32_t id) { *simctl_reg(MMCOSIM_SIMCTL_REG_REGION_BEGIN) = id; }

void sim_region_end(uint32_t id) { *simctl_reg(MMCOSIM_SIMCTL_REG_REGION_END) = id; }

void sim_trace(uint32_t on) { *simctl_reg(MMCOSIM_SIMCTL_REG_TRACE) = on; }

void sim_snapshot(uint32_t tag) { *simctl_reg(MMCOSIM_SIMCTL_REG_SNAPSHOT) = tag; }

/*
 * Selecting latches nothing: lo and hi are read live, so re-read hi to make
 * sure lo did not carry into it between the two loads.
 */
uint64_t sim_counter(uint32_t event) {
  uint32_t hi, lo, hi2;
  *simctl_reg(MMCOSIM_SIMCTL_REG_COUNTER_SEL) = event;
  do {
    hi = *simctl_reg(MMCOSIM_SIMCTL_REG_COUNTER_HI);
    lo = *simctl_reg(MMCOSIM_SIMCTL_REG_COUNTER_LO);
    hi2 = *simctl_reg(MMCOSIM_SIMCTL_REG_COUNTER_HI);
  } while (hi != hi2);
  return ((uint64_t)hi << 32) | lo;
}

void sim_putchar(char c) { *simctl_reg(MMCOSIM_SIMCTL_REG_PUTCHAR) = (uint8_t)c; }

void sim_marker(uint32_t id) { *simctl_reg(MMCOSIM_SIMCTL_REG_MARKER) = id; }
