/*
 * clint.h -- the CLINT: mtime, mtimecmp and msip of hart 0.
 *
 * mtime advances once every MMCOSIM_CLOCK_MTIME_DIVIDER core cycles.
 * MTIP is pending while mtime >= mtimecmp; MSIP while msip bit 0 is set.
 */
#ifndef FW_CLINT_H
#define FW_CLINT_H

#include <stdint.h>

#include "platform.h"

#define CLINT_MSIP_BIT        (1u << 0)
#define MTIMECMP_NEVER        UINT64_MAX
#define CYCLES_PER_MTIME_TICK MMCOSIM_CLOCK_MTIME_DIVIDER

/* Returns the 64-bit mtime, read through MMIO (hi, lo, hi until stable). */
static inline uint64_t clint_mtime(void) {
  volatile uint32_t *lo = mmio32(clint_base, CLINT_MTIME_OFFSET);
  volatile uint32_t *hi = mmio32(clint_base, CLINT_MTIME_OFFSET + 4);
  uint32_t h, l;
  do {
    h = *hi;
    l = *lo;
  } while (h != *hi);
  return ((uint64_t)h << 32) | l;
}

/*
 * Sets mtimecmp without a spurious interrupt in between: the high word goes
 * to all ones first, so the intermediate value is never below the target.
 */
static inline void clint_set_mtimecmp(uint64_t when) {
  volatile uint32_t *lo = mmio32(clint_base, CLINT_MTIMECMP_OFFSET);
  volatile uint32_t *hi = mmio32(clint_base, CLINT_MTIMECMP_OFFSET + 4);
  *hi = UINT32_MAX;
  *lo = (uint32_t)when;
  *hi = (uint32_t)(when >> 32);
}

/* Returns mtimecmp. */
static inline uint64_t clint_mtimecmp(void) {
  volatile uint32_t *lo = mmio32(clint_base, CLINT_MTIMECMP_OFFSET);
  volatile uint32_t *hi = mmio32(clint_base, CLINT_MTIMECMP_OFFSET + 4);
  return ((uint64_t)*hi << 32) | *lo;
}

/* Raises (1) or clears (0) the machine software interrupt of hart 0. */
static inline void clint_set_msip(uint32_t on) {
  *mmio32(clint_base, CLINT_MSIP_OFFSET) = on ? CLINT_MSIP_BIT : 0;
}

/* Returns the msip register of hart 0. */
static inline uint32_t clint_msip(void) {
  return *mmio32(clint_base, CLINT_MSIP_OFFSET);
}

#endif /* FW_CLINT_H */
