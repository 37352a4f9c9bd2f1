/*
 * irq_soft -- the machine software interrupt: writing the CLINT's msip
 * sets mip.MSIP, mie.MSIE and mstatus.MIE gate it, clearing msip clears
 * it; from U-mode it is taken even with MIE = 0; and with MSIP and MTIP
 * both pending, MSIP is taken first (privileged spec priority).
 * Prints "PASS irq_soft".
 */
#include "irq_log.h"
#include "priv.h"
#include "test.h"

static void test_msip(void) {
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  csr_clear(CSR_MIE, MIP_MSIP);
  clint_set_msip(1);
  CHECK_EQ(clint_msip() & CLINT_MSIP_BIT, CLINT_MSIP_BIT);
  CHECK(csr_read(CSR_MIP) & MIP_MSIP);
  csr_set(CSR_MSTATUS, MSTATUS_MIE);     /* MSIE still 0 */
  __asm__ volatile("nop; nop");
  CHECK_EQ(irq_log.count, 0);
  csr_set(CSR_MIE, MIP_MSIP);            /* taken here */
  __asm__ volatile("nop");
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  CHECK_EQ(irq_log.count, 1);
  CHECK_EQ(irq_log.cause[0], MCAUSE_INTERRUPT | IRQ_M_SOFT);
  CHECK_EQ(clint_msip(), 0);             /* the handler cleared it */
  CHECK_EQ(csr_read(CSR_MIP) & MIP_MSIP, 0);
}

/* In U-mode: spin until the interrupt count moves past `seen`. */
static uint32_t u_wait(uint32_t seen) {
  for (volatile int i = 0; i < 100 && irq_log.count == seen; i++) {
  }
  return irq_log.count;
}

static void test_from_user(void) {
  irq_log_reset();
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  csr_set(CSR_MIE, MIP_MSIP);
  clint_set_msip(1);                     /* pending, masked in M-mode */
  CHECK_EQ(irq_log.count, 0);
  CHECK_EQ(priv_call(PRV_U, u_wait, 0), 1);
  CHECK_EQ(irq_log.prev[0], PRV_U);
}

static void test_priority(void) {
  irq_log_reset();
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  csr_set(CSR_MIE, MIP_MSIP | MIP_MTIP);
  clint_set_mtimecmp(0);                 /* MTIP pending at once */
  clint_set_msip(1);
  uint32_t start = csr_read(CSR_MCYCLE);
  while ((csr_read(CSR_MIP) & (MIP_MSIP | MIP_MTIP)) != (MIP_MSIP | MIP_MTIP) &&
         csr_read(CSR_MCYCLE) - start < 10000) {
  }
  csr_set(CSR_MSTATUS, MSTATUS_MIE);
  __asm__ volatile("nop");
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  CHECK_EQ(irq_log.count, 2);
  CHECK_EQ(irq_log.cause[0], MCAUSE_INTERRUPT | IRQ_M_SOFT);
  CHECK_EQ(irq_log.cause[1], MCAUSE_INTERRUPT | IRQ_M_TIMER);
  csr_clear(CSR_MIE, MIP_MSIP | MIP_MTIP);
}

int main(void) {
  test_begin("irq_soft");
  clint_set_mtimecmp(MTIMECMP_NEVER);
  irq_log_reset();
  trap_set_m_handler(irq_record_handler);
  test_msip();
  test_from_user();
  test_priority();
  return test_end();
}
