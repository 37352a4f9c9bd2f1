/* trap.c -- C-level trap dispatch and the default handler (see trap.h). */
#include "trap.h"

#include "csr.h"
#include "expect.h"
#include "printf.h"
#include "priv.h"
#include "simctl.h"

static trap_handler_fn m_handler = trap_default;
static trap_handler_fn s_handler = trap_default;

trap_handler_fn trap_set_m_handler(trap_handler_fn fn) {
  trap_handler_fn old = m_handler;
  m_handler = fn ? fn : trap_default;
  return old;
}

trap_handler_fn trap_set_s_handler(trap_handler_fn fn) {
  trap_handler_fn old = s_handler;
  s_handler = fn ? fn : trap_default;
  return old;
}

unsigned insn_length(uint32_t pc) {
  /* read 16 bits only: pc may be 2-aligned at the end of memory */
  uint16_t low = *(const volatile uint16_t *)(uintptr_t)pc;
  return (low & 3u) == 3u ? 4u : 2u;
}

uint32_t insn_bits(uint32_t pc) {
  const volatile uint16_t *half = (const volatile uint16_t *)(uintptr_t)pc;
  if (insn_length(pc) == 2) return half[0];
  return half[0] | ((uint32_t)half[1] << 16);
}

void m_trap_dispatch(struct trap_frame *tf) { m_handler(tf); }

void s_trap_dispatch(struct trap_frame *tf) { s_handler(tf); }

void trap_default(struct trap_frame *tf) {
  uint32_t mode = tf->mode;
  if (mode == PRV_M && priv_handle_return(tf)) return;
  if (mode == PRV_S && tf->cause == CAUSE_ECALL_U &&
      tf->regs[REG_A7] == PRIV_ECALL_RETURN) {
    /* a delegated "return to M" ecall: pass it on from S-mode */
    priv_return(tf->regs[REG_A0]);
  }
  if (trap_expect_handle(tf)) return;
  kprintf("unexpected trap in %s-mode: cause=0x%08x epc=0x%08x tval=0x%08x\n",
          mode == PRV_M ? "M" : "S", (unsigned)tf->cause, (unsigned)tf->epc,
          (unsigned)tf->tval);
  sim_exit(FW_EXIT_UNEXPECTED_TRAP);
}
