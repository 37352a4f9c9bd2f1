/*
 * irq_vectored -- mtvec in vectored mode: the timer interrupt enters at
 * base + 4 * 7, the software interrupt at base + 4 * 3, and exceptions at
 * base; the mode bits read back.  Prints "PASS irq_vectored".
 */
#include "expect.h"
#include "irq_log.h"
#include "test.h"

static volatile int32_t exception_vector;

/* Records the entry of exceptions too, then handles everything as usual. */
static void handler(struct trap_frame *tf) {
  if (!cause_is_interrupt(tf->cause)) exception_vector = tf->vector;
  irq_record_handler(tf);
}

int main(void) {
  test_begin("irq_vectored");
  clint_set_mtimecmp(MTIMECMP_NEVER);
  irq_log_reset();
  trap_set_m_handler(handler);
  uint32_t vec = (uintptr_t)m_trap_vector | MTVEC_MODE_VECTORED;
  csr_write(CSR_MTVEC, vec);
  CHECK_EQ(csr_read(CSR_MTVEC), vec);

  /* both pending with MIE = 0, then enabled: MSIP first (priority) */
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  csr_set(CSR_MIE, MIP_MSIP | MIP_MTIP);
  clint_set_msip(1);
  clint_set_mtimecmp(clint_mtime() + 1);
  uint32_t start = csr_read(CSR_MCYCLE);
  while (!(csr_read(CSR_MIP) & MIP_MTIP) &&
         csr_read(CSR_MCYCLE) - start < 100 * CYCLES_PER_MTIME_TICK) {
  }
  csr_set(CSR_MSTATUS, MSTATUS_MIE);
  __asm__ volatile("nop");
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  CHECK_EQ(irq_log.count, 2);
  CHECK_EQ(irq_log.vector[0], IRQ_M_SOFT);
  CHECK_EQ(irq_log.vector[1], IRQ_M_TIMER);

  exception_vector = TF_VECTOR_DIRECT;
  trap_expect_begin();
  __asm__ volatile("ebreak");
  CHECK_EQ(trap_expect_end().cause, CAUSE_BREAKPOINT);
  CHECK_EQ(exception_vector, 0);

  csr_write(CSR_MTVEC, (uintptr_t)m_trap_entry);
  return test_end();
}
