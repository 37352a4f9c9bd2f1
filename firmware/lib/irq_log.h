/*
 * irq_log.h -- helpers for interrupt tests: a bounded wait and a
 * recording M-mode interrupt handler.
 */
#ifndef FW_IRQ_LOG_H
#define FW_IRQ_LOG_H

#include <stdint.h>

#include "clint.h"
#include "csr.h"
#include "hpm.h"
#include "trap.h"

#define IRQ_LOG_LEN 8

/* What irq_record_handler() saw, in order. */
struct irq_log {
  volatile uint32_t count;
  volatile uint32_t cause[IRQ_LOG_LEN];
  volatile int32_t vector[IRQ_LOG_LEN];
  volatile uint32_t prev[IRQ_LOG_LEN]; /* privilege interrupted (MPP) */
};

extern struct irq_log irq_log;

/*
 * M-mode handler: logs each interrupt and silences its source (mtimecmp to
 * "never" for MTIP, msip to 0 for MSIP); exceptions go to trap_default().
 */
void irq_record_handler(struct trap_frame *tf);

/* Clears the log. */
void irq_log_reset(void);

/* Spins until *flag != 0 or `cycles` core cycles pass; returns *flag. */
uint32_t wait_flag(volatile uint32_t *flag, uint32_t cycles);

#endif /* FW_IRQ_LOG_H */
