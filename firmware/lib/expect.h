/*
 * expect.h -- catching exceptions that a test provokes on purpose.
 *
 *   trap_expect_begin();
 *   load_from((uint32_t *)0);            // faults
 *   struct trap_record r = trap_expect_end();
 *   CHECK_EQ(r.cause, CAUSE_LOAD_ACCESS);
 *
 * While armed, the default trap handler (in M-mode or S-mode) records each
 * synchronous exception and resumes after the faulting instruction; for a
 * fetch fault (cause 0, 1 or 12) it resumes at ra, so provoke those with a
 * call (jalr ra, ...) to the bad address.
 */
#ifndef FW_EXPECT_H
#define FW_EXPECT_H

#include <stdint.h>

#include "trap.h"

struct trap_record {
  uint32_t count; /* exceptions caught since trap_expect_begin() */
  uint32_t cause; /* of the last one */
  uint32_t epc;
  uint32_t tval;
  uint32_t mode;  /* PRV_M or PRV_S: which handler caught it */
  uint32_t prev;  /* privilege the trap came from (from MPP / SPP) */
};

/* Arms the catcher and clears the record. */
void trap_expect_begin(void);

/* Disarms the catcher and returns what it caught. */
struct trap_record trap_expect_end(void);

/*
 * Called by trap_default(): records and skips `tf`'s exception if the
 * catcher is armed.  Returns nonzero if it handled the trap.
 */
int trap_expect_handle(struct trap_frame *tf);

#endif /* FW_EXPECT_H */
