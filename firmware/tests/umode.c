/*
 * umode -- U-mode entry and exit: mret into U-mode (priv_call), mret
 * state updates (MIE <- MPIE, MPIE <- 1, MPP <- U),
 * a system call round trip (ecall cause 8, mepc at the ecall, MPP = U,
 * the handler's result back in a0, execution resumes after the ecall),
 * U-mode memory access under Bare, and mret/sret/M-CSR access from U
 * trapping as illegal instructions.  Prints "PASS umode".
 */
#include "csr.h"
#include "expect.h"
#include "priv.h"
#include "test.h"

#define SYS_TEST_ADD 1 /* a7 of the test system call: a0 = a0 + a1 */

static volatile uint32_t sys_calls, sys_first_epc, sys_prev;

/* Serves SYS_TEST_ADD ecalls from U-mode; the rest goes to trap_default. */
static void syscall_handler(struct trap_frame *tf) {
  if (tf->cause == CAUSE_ECALL_U && tf->regs[REG_A7] == SYS_TEST_ADD) {
    if (sys_calls++ == 0) sys_first_epc = tf->epc;
    sys_prev = (tf->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    tf->regs[REG_A0] += tf->regs[REG_A1];
    tf->epc += 4; /* ecall is never compressed */
    return;
  }
  trap_default(tf);
}

static volatile uint32_t user_data;
static volatile uint32_t ecall_pc;

/* In U-mode: two system calls and a store; returns the last sum. */
static uint32_t user_main(uint32_t arg) {
  register uint32_t a0 __asm__("a0") = arg;
  register uint32_t a1 __asm__("a1") = 100;
  register uint32_t a7 __asm__("a7") = SYS_TEST_ADD;
  __asm__ volatile("1: ecall\n\tla t0, 1b\n\tsw t0, 0(%3)"
                   : "+r"(a0) : "r"(a1), "r"(a7), "r"(&ecall_pc) : "t0", "memory");
  a1 = 1000;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
  user_data = a0;
  return a0;
}

static void test_syscalls(void) {
  trap_set_m_handler(syscall_handler);
  csr_set(CSR_MSTATUS, MSTATUS_MPP); /* priv_call must set MPP itself */
  CHECK_EQ(priv_call(PRV_U, user_main, 5), 1105);
  CHECK_EQ(sys_calls, 2);
  CHECK_EQ(sys_first_epc, ecall_pc);
  CHECK_EQ(sys_prev, PRV_U);
  CHECK_EQ(user_data, 1105);
  trap_set_m_handler(0);
}

static uint32_t do_mret(uint32_t arg) {
  __asm__ volatile("mret");
  return arg;
}

static uint32_t do_sret(uint32_t arg) {
  __asm__ volatile("sret");
  return arg;
}

static uint32_t do_csr_mstatus(uint32_t arg) {
  csr_set(CSR_MSTATUS, MSTATUS_MIE);
  return arg;
}

/* Runs fn in U-mode; checks it raised exactly one illegal instruction. */
static void expect_illegal(priv_fn fn, const char *what) {
  trap_expect_begin();
  (void)priv_call(PRV_U, fn, 0);
  struct trap_record r = trap_expect_end();
  int ok = CHECK_EQ(r.count, 1);
  ok &= CHECK_EQ(r.cause, CAUSE_ILLEGAL_INSN);
  ok &= CHECK_EQ(r.prev, PRV_U);
  if (!ok) kprintf("  (%s)\n", what);
}

static void test_forbidden(void) {
  expect_illegal(do_mret, "mret in U-mode");
  expect_illegal(do_sret, "sret in U-mode");
  expect_illegal(do_csr_mstatus, "csrs mstatus in U-mode");
  CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_MIE, 0);
}

/* mret from M to M: MIE <- MPIE (0), MPIE <- 1, MPP <- U (least
 * privileged mode). */
static void test_mret_state(void) {
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  uint32_t after;
  __asm__ volatile(
      "li t0, %1\n\tcsrc mstatus, t0\n"      /* MPP = U */
      "li t0, %2\n\tcsrs mstatus, t0\n"      /* then MPP = M */
      "li t0, %3\n\tcsrc mstatus, t0\n"      /* MPIE = 0 */
      "la t0, 1f\n\tcsrw mepc, t0\n"
      "mret\n"
      "1: csrr %0, mstatus"
      : "=r"(after)
      : "i"(MSTATUS_MPP), "i"(PRV_M << MSTATUS_MPP_SHIFT), "i"(MSTATUS_MPIE)
      : "t0", "memory");
  CHECK_EQ(after & MSTATUS_MPP, PRV_U << MSTATUS_MPP_SHIFT);
  CHECK_EQ(after & MSTATUS_MPIE, MSTATUS_MPIE);
  CHECK_EQ(after & MSTATUS_MIE, 0);
}

int main(void) {
  test_begin("umode");
  test_syscalls();
  test_forbidden();
  test_mret_state();
  return test_end();
}
