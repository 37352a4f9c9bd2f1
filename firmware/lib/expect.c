/* expect.c -- catching provoked exceptions (see expect.h). */
#include "expect.h"

#include "csr.h"

/* volatile: written by trap handlers, read by the interrupted code */
static volatile uint32_t expect_armed;
static volatile struct trap_record expect_rec;

void trap_expect_begin(void) {
  expect_rec.count = 0;
  expect_rec.cause = expect_rec.epc = expect_rec.tval = 0;
  expect_rec.mode = expect_rec.prev = 0;
  expect_armed = 1;
}

struct trap_record trap_expect_end(void) {
  expect_armed = 0;
  struct trap_record r;
  r.count = expect_rec.count;
  r.cause = expect_rec.cause;
  r.epc = expect_rec.epc;
  r.tval = expect_rec.tval;
  r.mode = expect_rec.mode;
  r.prev = expect_rec.prev;
  return r;
}

/* Returns nonzero for the causes whose epc is the bad fetch address. */
static int is_fetch_fault(uint32_t cause) {
  return cause == CAUSE_MISALIGNED_FETCH || cause == CAUSE_FETCH_ACCESS ||
         cause == CAUSE_FETCH_PAGE;
}

int trap_expect_handle(struct trap_frame *tf) {
  uint32_t mode = tf->mode;
  if (!expect_armed || cause_is_interrupt(tf->cause)) return 0;
  expect_rec.count++;
  expect_rec.cause = tf->cause;
  expect_rec.epc = tf->epc;
  expect_rec.tval = tf->tval;
  expect_rec.mode = mode;
  if (mode == PRV_M) {
    expect_rec.prev = (tf->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
  } else {
    expect_rec.prev = (tf->status & MSTATUS_SPP) ? PRV_S : PRV_U;
  }
  if (is_fetch_fault(tf->cause)) {
    tf->epc = tf->regs[REG_RA];
  } else {
    tf->epc += insn_length(tf->epc);
  }
  return 1;
}
