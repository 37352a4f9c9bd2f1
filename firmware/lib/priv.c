/* priv.c -- privilege switches for tests (see priv.h). */
#include "priv.h"

#include "csr.h"
#include "expect.h"

/*
 * Opens all of memory to S and U through PMP entry 0 (NAPOT, all ones),
 * as riscv-tests' environment does.  PMP is optional: if the CSR traps,
 * there is no PMP to open.
 */
static void pmp_open_all(void) {
  trap_expect_begin();
  csr_write(CSR_PMPADDR0, 0xffffffffu);
  csr_write(CSR_PMPCFG0, PMPCFG_NAPOT | PMPCFG_R | PMPCFG_W | PMPCFG_X);
  (void)trap_expect_end();
}

uint32_t priv_call(uint32_t priv, priv_fn fn, uint32_t arg) {
  static int pmp_done;
  if (!pmp_done) {
    pmp_open_all();
    pmp_done = 1;
  }
  uint32_t mie = csr_clear(CSR_MSTATUS, MSTATUS_MIE) & MSTATUS_MIE;
  uint32_t result = priv_enter(priv, fn, arg);
  csr_set(CSR_MSTATUS, mie);
  return result;
}

int priv_handle_return(struct trap_frame *tf) {
  if ((tf->cause != CAUSE_ECALL_U && tf->cause != CAUSE_ECALL_S) ||
      tf->regs[REG_A7] != PRIV_ECALL_RETURN) {
    return 0;
  }
  tf->epc = (uint32_t)(uintptr_t)priv_resume;
  tf->status = (tf->status & ~(MSTATUS_MPP | MSTATUS_MPIE)) |
               (PRV_M << MSTATUS_MPP_SHIFT);
  return 1;
}
