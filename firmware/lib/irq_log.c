/* irq_log.c -- recording interrupt handler for tests (see irq_log.h). */
#include "irq_log.h"

struct irq_log irq_log;

void irq_log_reset(void) {
  irq_log.count = 0;
  for (int i = 0; i < IRQ_LOG_LEN; i++) {
    irq_log.cause[i] = 0;
    irq_log.vector[i] = 0;
    irq_log.prev[i] = 0;
  }
}

void irq_record_handler(struct trap_frame *tf) {
  if (!cause_is_interrupt(tf->cause)) {
    trap_default(tf);
    return;
  }
  uint32_t n = irq_log.count;
  if (n < IRQ_LOG_LEN) {
    irq_log.cause[n] = tf->cause;
    irq_log.vector[n] = tf->vector;
    irq_log.prev[n] = (tf->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
  }
  irq_log.count = n + 1;
  switch (tf->cause & ~MCAUSE_INTERRUPT) {
    case IRQ_M_TIMER:
      clint_set_mtimecmp(MTIMECMP_NEVER);
      break;
    case IRQ_M_SOFT:
      clint_set_msip(0);
      break;
    default:
      break;
  }
}

uint32_t wait_flag(volatile uint32_t *flag, uint32_t cycles) {
  uint32_t start = csr_read(CSR_MCYCLE);
  while (*flag == 0 && csr_read(CSR_MCYCLE) - start < cycles) {
  }
  return *flag;
}
