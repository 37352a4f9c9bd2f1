/*
 * deleg -- trap delegation to S-mode: medeleg sends U- and S-mode
 * exceptions to the S handler (stvec, scause/sepc/stval, SPP, sret back),
 * never M-mode ones; undelegated causes still reach M; mideleg sends the
 * supervisor software interrupt to S (in U-mode regardless of SIE, in
 * S-mode only with SIE), and without delegation it reaches M.
 * Prints "PASS deleg".
 */
#include "csr.h"
#include "expect.h"
#include "platform.h"
#include "priv.h"
#include "test.h"

#define DELEGATED ((1u << CAUSE_ILLEGAL_INSN) | (1u << CAUSE_BREAKPOINT) | \
                   (1u << CAUSE_ECALL_U))

static volatile uint32_t irq_count, irq_cause, irq_mode;

/* Counts an interrupt and clears SSIP; other traps go to trap_default(). */
static void irq_handler(struct trap_frame *tf) {
  if (!cause_is_interrupt(tf->cause)) {
    trap_default(tf);
    return;
  }
  irq_count++;
  irq_cause = tf->cause;
  irq_mode = tf->mode;
  if (tf->mode == PRV_M) {
    csr_clear(CSR_MIP, MIP_SSIP);
  } else {
    csr_clear(CSR_SIP, MIP_SSIP);
  }
}

static uint32_t do_ebreak(uint32_t arg) {
  __asm__ volatile("ebreak");
  return arg;
}

static uint32_t do_illegal(uint32_t arg) {
  __asm__ volatile(".4byte 0x0000000b"); /* custom-0 */
  return arg;
}

static uint32_t do_ecall(uint32_t arg) {
  register uint32_t a7 __asm__("a7") = 0;
  __asm__ volatile("ecall" : : "r"(a7) : "memory");
  return arg + 1; /* proves sret resumed after the ecall */
}

/* Loads from address 0, a hole (asm: C would call it undefined). */
static uint32_t do_load_hole(uint32_t arg) {
  uint32_t v;
  __asm__ volatile("lw %0, 0(zero)" : "=r"(v) : : "memory");
  return arg + v;
}

/* Runs fn at `priv` under the catcher; checks where the trap went. */
static void expect_at(uint32_t priv, priv_fn fn, uint32_t cause,
                      uint32_t handler_mode, const char *what) {
  trap_expect_begin();
  uint32_t ret = priv_call(priv, fn, 41);
  struct trap_record r = trap_expect_end();
  int ok = CHECK_EQ(r.count, 1);
  ok &= CHECK_EQ(r.cause, cause);
  ok &= CHECK_EQ(r.mode, handler_mode);
  ok &= CHECK_EQ(r.prev, priv);
  if (fn == do_ecall) ok &= CHECK_EQ(ret, 42);
  if (!ok) kprintf("  (%s)\n", what);
}

static void test_exceptions(void) {
  csr_write(CSR_MEDELEG, DELEGATED);
  CHECK_EQ(csr_read(CSR_MEDELEG) & DELEGATED, DELEGATED);
  expect_at(PRV_U, do_ebreak, CAUSE_BREAKPOINT, PRV_S, "ebreak U->S");
  expect_at(PRV_U, do_illegal, CAUSE_ILLEGAL_INSN, PRV_S, "illegal U->S");
  expect_at(PRV_U, do_ecall, CAUSE_ECALL_U, PRV_S, "ecall U->S");
  expect_at(PRV_S, do_ebreak, CAUSE_BREAKPOINT, PRV_S, "ebreak S->S");
  expect_at(PRV_U, do_load_hole, CAUSE_LOAD_ACCESS, PRV_M, "undelegated U->M");
  /* M-mode traps never go down */
  trap_expect_begin();
  (void)do_ebreak(0);
  struct trap_record r = trap_expect_end();
  CHECK_EQ(r.mode, PRV_M);
  CHECK_EQ(r.cause, CAUSE_BREAKPOINT);
  csr_write(CSR_MEDELEG, 0);
  expect_at(PRV_U, do_ebreak, CAUSE_BREAKPOINT, PRV_M, "ebreak U->M");
}

/* In S-mode: raise SSIP with SIE off, then on; returns interrupts seen
 * before SIE was set (bit 0..7) and after (bit 8..15). */
static uint32_t s_raise_ssip(uint32_t arg) {
  (void)arg;
  csr_set(CSR_SIE, MIP_SSIP);
  csr_set(CSR_SIP, MIP_SSIP);
  uint32_t before = irq_count;
  csr_set(CSR_SSTATUS, MSTATUS_SIE);
  __asm__ volatile("nop");
  csr_clear(CSR_SSTATUS, MSTATUS_SIE);
  return before | (irq_count << 8);
}

/* In U-mode: just wait for the interrupt raised before entry. */
static uint32_t u_wait(uint32_t arg) {
  for (volatile int i = 0; i < 10 && irq_count == arg; i++) {
  }
  return irq_count;
}

static void test_interrupts(void) {
  trap_set_m_handler(irq_handler);
  trap_set_s_handler(irq_handler);

  csr_write(CSR_MIDELEG, MIP_SSIP);
  CHECK_EQ(csr_read(CSR_MIDELEG) & MIP_SSIP, MIP_SSIP);
  irq_count = 0;
  uint32_t seen = priv_call(PRV_S, s_raise_ssip, 0);
  CHECK_EQ(seen & 0xff, 0);    /* S-mode with SIE = 0: masked */
  CHECK_EQ(seen >> 8, 1);      /* taken once SIE = 1 */
  CHECK_EQ(irq_cause, MCAUSE_INTERRUPT | IRQ_S_SOFT);
  CHECK_EQ(irq_mode, PRV_S);

  /* U-mode: S interrupts are enabled whatever SIE says */
  irq_count = 0;
  csr_clear(CSR_MSTATUS, MSTATUS_SIE);
  csr_set(CSR_MIE, MIP_SSIP);
  csr_set(CSR_MIP, MIP_SSIP);
  CHECK_EQ(priv_call(PRV_U, u_wait, 0), 1);
  CHECK_EQ(irq_mode, PRV_S);

  /* not delegated: the same interrupt goes to M (enabled below M) */
  csr_write(CSR_MIDELEG, 0);
  irq_count = 0;
  csr_set(CSR_MIP, MIP_SSIP);
  CHECK_EQ(priv_call(PRV_U, u_wait, 0), 1);
  CHECK_EQ(irq_mode, PRV_M);
  CHECK_EQ(irq_cause, MCAUSE_INTERRUPT | IRQ_S_SOFT);
  csr_clear(CSR_MIE, MIP_SSIP);

  trap_set_m_handler(0);
  trap_set_s_handler(0);
}

int main(void) {
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);
  test_begin("deleg");
  test_exceptions();
  test_interrupts();
  return test_end();
}
