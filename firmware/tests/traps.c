/*
 * traps -- synchronous exceptions taken in M-mode: illegal instruction
 * (tval = encoding), ecall from M/S/U (causes 11/9/8), ebreak, misaligned
 * AMO/LR/SC (causes 4/6, tval = address) and misaligned loads/stores
 * (performed in parts with cpu.misaligned = 1, else trapped like them),
 * access faults on holes
 * (load 5, store 7, fetch 1, tval = address), and mepc/mstatus.MPP on
 * each.  Prints "PASS traps".
 */
#include "csr.h"
#include "expect.h"
#include "platform.h"
#include "priv.h"
#include "test.h"

#define HOLE_LOW  0x00000000u             /* nothing is mapped at 0 */
#define HOLE_HIGH (DRAM_BASE + DRAM_SIZE) /* just past the end of DRAM */

static volatile uint32_t words[2] __attribute__((aligned(8)));

/* Checks the caught trap: one, with this cause, epc and tval. */
static void check_trap(struct trap_record r, uint32_t cause, uint32_t epc,
                       uint32_t tval, const char *what) {
  int ok = CHECK_EQ(r.count, 1);
  ok &= CHECK_EQ(r.cause, cause);
  ok &= CHECK_EQ(r.epc, epc);
  ok &= CHECK_EQ(r.tval, tval);
  if (!ok) kprintf("  (%s)\n", what);
}

/*
 * Runs asm_text (with %1 = addr) under the catcher and returns the record
 * with epc made relative to the instruction labelled `1:` (0 if right).
 */
#define CATCH(asm_text, addr) ({ \
  uint32_t pc_; \
  trap_expect_begin(); \
  __asm__ volatile(".option push\n.option norvc\n" asm_text \
                   "\n.option pop\nla %0, 1b" : "=&r"(pc_) \
                   : "r"((uint32_t)(addr)) : "t0", "memory"); \
  struct trap_record r_ = trap_expect_end(); \
  r_.epc -= pc_; \
  r_; })

static void test_illegal(void) {
  struct trap_record r;
  r = CATCH("1: .4byte 0x0000000b", 0); /* custom-0: not implemented */
  check_trap(r, CAUSE_ILLEGAL_INSN, 0, 0x0000000b, "custom-0 opcode");
  r = CATCH("1: .4byte 0xc0001073", 0); /* unimp = csrw cycle, x0 */
  check_trap(r, CAUSE_ILLEGAL_INSN, 0, 0xc0001073, "unimp");
  r = CATCH("1: .2byte 0x0000", 0);     /* all-zero 16-bit: illegal */
  check_trap(r, CAUSE_ILLEGAL_INSN, 0, 0, "c.unimp");
}

static void test_ecall_ebreak(void) {
  struct trap_record r = CATCH("1: ecall", 0);
  check_trap(r, CAUSE_ECALL_M, 0, 0, "ecall from M");
  CHECK_EQ(r.prev, PRV_M);
  r = CATCH("1: ebreak", 0);
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_BREAKPOINT);
  CHECK_EQ(r.epc, 0);
}

/* ecall from a lower mode (a7 = 0: not the priv_call return marker). */
static uint32_t do_ecall(uint32_t arg) {
  register uint32_t a7 __asm__("a7") = 0;
  __asm__ volatile("ecall" : : "r"(a7) : "memory");
  return arg;
}

static void test_ecall_lower(void) {
  trap_expect_begin();
  (void)priv_call(PRV_S, do_ecall, 0);
  struct trap_record r = trap_expect_end();
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_ECALL_S);
  CHECK_EQ(r.prev, PRV_S);
  CHECK_EQ(r.tval, 0);

  trap_expect_begin();
  (void)priv_call(PRV_U, do_ecall, 0);
  r = trap_expect_end();
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_ECALL_U);
  CHECK_EQ(r.prev, PRV_U);
  CHECK_EQ(r.tval, 0);
}

static void test_misaligned(void) {
  uintptr_t base = (uintptr_t)words;
  struct trap_record r;
#if MMCOSIM_CPU_MISALIGNED
  /* cpu.misaligned = 1: loads and stores are done in aligned parts */
  uint32_t v;
  words[0] = 0x44332211;
  words[1] = 0x88776655;
  __asm__ volatile("lw %0, 1(%1)" : "=r"(v) : "r"(base) : "memory");
  CHECK_EQ(v, 0x55443322);
  __asm__ volatile("lh %0, 3(%1)" : "=r"(v) : "r"(base) : "memory");
  CHECK_EQ(v, 0x5544);
  __asm__ volatile("lhu %0, 5(%1)" : "=r"(v) : "r"(base) : "memory");
  CHECK_EQ(v, 0x7766);
  __asm__ volatile("sw %0, 2(%1)" : : "r"(0xa1b2c3d4u), "r"(base) : "memory");
  CHECK_EQ(words[0], 0xc3d42211);
  CHECK_EQ(words[1], 0x8877a1b2);
  __asm__ volatile("sh %0, 1(%1)" : : "r"(0xbeefu), "r"(base) : "memory");
  CHECK_EQ(words[0], 0xc3beef11);
#else
  r = CATCH("1: lw t0, 1(%1)", base);
  check_trap(r, CAUSE_MISALIGNED_LOAD, 0, base + 1, "lw +1");
  r = CATCH("1: lh t0, 3(%1)", base);
  check_trap(r, CAUSE_MISALIGNED_LOAD, 0, base + 3, "lh +3");
  r = CATCH("1: lhu t0, 1(%1)", base);
  check_trap(r, CAUSE_MISALIGNED_LOAD, 0, base + 1, "lhu +1");
  r = CATCH("1: sw zero, 2(%1)", base);
  check_trap(r, CAUSE_MISALIGNED_STORE, 0, base + 2, "sw +2");
  r = CATCH("1: sh zero, 1(%1)", base);
  check_trap(r, CAUSE_MISALIGNED_STORE, 0, base + 1, "sh +1");
  /* aligned halfword inside a word is fine; the misaligned store wrote nothing */
  words[0] = 0x11223344;
  r = CATCH("1: lh t0, 2(%1)\n sw zero, 1(%1)", base);
  CHECK_EQ(r.count, 1);
  CHECK_EQ(words[0], 0x11223344);
#endif
  /* AMOs and LR/SC trap whatever cpu.misaligned says */
  r = CATCH("1: amoadd.w t0, zero, (%1)", base + 2);
  check_trap(r, CAUSE_MISALIGNED_STORE, 0, base + 2, "amoadd.w +2");
  r = CATCH("1: lr.w t0, (%1)", base + 2);
  check_trap(r, CAUSE_MISALIGNED_LOAD, 0, base + 2, "lr.w +2");
  r = CATCH("1: sc.w t0, zero, (%1)", base + 1);
  check_trap(r, CAUSE_MISALIGNED_STORE, 0, base + 1, "sc.w +1");
}

/* Calls `addr` as a function; the fetch fault resumes at the return address. */
static void call_address(uint32_t addr) {
  __asm__ volatile("jalr ra, 0(%0)" : : "r"(addr) : "ra", "memory");
}

static void test_access_faults(void) {
  struct trap_record r;
  r = CATCH("1: lw t0, 0(%1)", HOLE_LOW);
  check_trap(r, CAUSE_LOAD_ACCESS, 0, HOLE_LOW, "load from 0x0");
  r = CATCH("1: sw zero, 0(%1)", HOLE_LOW);
  check_trap(r, CAUSE_STORE_ACCESS, 0, HOLE_LOW, "store to 0x0");
  r = CATCH("1: lb t0, 0(%1)", HOLE_HIGH);
  check_trap(r, CAUSE_LOAD_ACCESS, 0, HOLE_HIGH, "load past DRAM");
  r = CATCH("1: amoswap.w t0, zero, (%1)", HOLE_LOW);
  check_trap(r, CAUSE_STORE_ACCESS, 0, HOLE_LOW, "AMO to 0x0");

  trap_expect_begin();
  call_address(HOLE_LOW);
  r = trap_expect_end();
  check_trap(r, CAUSE_FETCH_ACCESS, HOLE_LOW, HOLE_LOW, "fetch from 0x0");
}

int main(void) {
  test_begin("traps");
  test_illegal();
  test_ecall_ebreak();
  test_ecall_lower();
  test_misaligned();
  test_access_faults();
  return test_end();
}
