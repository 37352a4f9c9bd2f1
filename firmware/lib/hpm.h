/*
 * hpm.h -- hardware performance monitor counters.
 *
 * mhpmcounterN (N = 3..31) counts the statistic whose event number
 * (MMCOSIM_EVENT_*, config/stats.toml order) is written to mhpmeventN.
 * CSR numbers are encoded in the instruction, so N must be a constant:
 * the helpers are macros over the literal counter number.
 */
#ifndef FW_HPM_H
#define FW_HPM_H

#include <stdint.h>

#include "csr.h"
#include "mmcosim_cfg.h"

#define HPM_FIRST 3
#define HPM_LAST  31

#define CSR_MHPMEVENT(n)    (CSR_MHPMEVENT3 - 3 + (n))
#define CSR_MHPMCOUNTER(n)  (CSR_MHPMCOUNTER3 - 3 + (n))
#define CSR_MHPMCOUNTERH(n) (CSR_MHPMCOUNTER3H - 3 + (n))
#define CSR_HPMCOUNTER(n)   (CSR_HPMCOUNTER3 - 3 + (n))

/* Makes counter n (constant) count `event` (MMCOSIM_EVENT_*) from zero. */
#define hpm_setup(n, event) do { \
    csr_write(CSR_MHPMEVENT(n), (event)); \
    csr_write(CSR_MHPMCOUNTER(n), 0); \
    csr_write(CSR_MHPMCOUNTERH(n), 0); \
  } while (0)

/* Returns the low 32 bits of counter n (constant). */
#define hpm_read(n) csr_read(CSR_MHPMCOUNTER(n))

/* Returns the 64-bit value of counter n (constant). */
#define hpm_read64(n) csr_read64(CSR_MHPMCOUNTER(n), CSR_MHPMCOUNTERH(n))

/* Returns the 64-bit cycle and instret counters (machine CSRs). */
static inline uint64_t rd_mcycle(void) { return csr_read64(CSR_MCYCLE, CSR_MCYCLEH); }
static inline uint64_t rd_minstret(void) { return csr_read64(CSR_MINSTRET, CSR_MINSTRETH); }

#endif /* FW_HPM_H */
