/* priv.c -- privilege switches for tests (see priv.h). */
#include "priv.h"

#include "csr.h"

/* Skips the trapping instruction: used while probing optional CSRs. */
static void skip_insn(struct trap_frame *tf) {
  tf->epc += insn_length(tf->epc);
}

/*
 * Opens all of memory to S and U through PMP entry 0 (NAPOT, all ones),
 * as riscv-tests' environment does.  The PMP CSRs may be read-only zero;
 * if they trap instead, there is no PMP to open.  A private handler keeps
 * this from disturbing a trap_expect_begin() that is armed around us.
 */
static void pmp_open_all(void) {
  trap_handler_fn old = trap_set_m_handler(skip_insn);
  csr_write(CSR_PMPADDR0, 0xffffffffu);
  csr_write(CSR_PMPCFG0, PMPCFG_NAPOT | PMPCFG_R | PMPCFG_W | PMPCFG_X);
  trap_set_m_handler(old);
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
