/*
 * hpm -- hardware performance counters: mhpmevent3 = cpu.instret counts
 * exactly like minstret over the same instructions; loads, stores, AMOs,
 * branches / taken branches, exceptions and UART bytes count exactly;
 * the counters are writable (low and high word); hpmcounter3 is readable
 * from U-mode only with mcounteren bit 3 set.  Prints "PASS hpm".
 */
#include "expect.h"
#include "hpm.h"
#include "priv.h"
#include "test.h"
#include "uart.h"

#define NOPS 50

/* minstret and mhpmcounter3 (instret event) over the same NOPS + 2
 * instructions, each delta measured between two reads of that counter. */
static void test_instret(void) {
  hpm_setup(3, MMCOSIM_EVENT_CPU_INSTRET);
  CHECK_EQ(csr_read(CSR_MHPMEVENT(3)), MMCOSIM_EVENT_CPU_INSTRET);
  uint32_t i0, h0, i1, h1;
  __asm__ volatile(
      "csrr %0, minstret\n"
      "csrr %1, %4\n"
      ".rept %5\n nop\n .endr\n"
      "csrr %2, minstret\n"
      "csrr %3, %4\n"
      : "=&r"(i0), "=&r"(h0), "=&r"(i1), "=&r"(h1)
      : "i"(CSR_MHPMCOUNTER(3)), "i"(NOPS));
  CHECK_EQ(i1 - i0, NOPS + 2);
  CHECK_EQ(h1 - h0, NOPS + 2);
}

static volatile uint32_t scratch[8];

static void test_memory_events(void) {
  hpm_setup(4, MMCOSIM_EVENT_CPU_LOADS);
  hpm_setup(5, MMCOSIM_EVENT_CPU_STORES);
  hpm_setup(6, MMCOSIM_EVENT_CPU_AMOS);
  uint32_t l0, s0, a0, l1, s1, a1;
  __asm__ volatile(
      "csrr %0, %7\n csrr %1, %8\n csrr %2, %9\n"
      "lw t0, 0(%6)\n lw t0, 4(%6)\n lbu t0, 1(%6)\n"   /* 3 loads */
      "sw zero, 8(%6)\n sh zero, 12(%6)\n"              /* 2 stores */
      "amoadd.w t0, zero, (%6)\n"                        /* 1 AMO */
      "lr.w t0, (%6)\n sc.w t0, zero, (%6)\n"           /* +1 load, +1 store */
      "csrr %3, %7\n csrr %4, %8\n csrr %5, %9\n"
      : "=&r"(l0), "=&r"(s0), "=&r"(a0), "=&r"(l1), "=&r"(s1), "=&r"(a1)
      : "r"(scratch), "i"(CSR_MHPMCOUNTER(4)),
        "i"(CSR_MHPMCOUNTER(5)), "i"(CSR_MHPMCOUNTER(6))
      : "t0", "memory");
  CHECK_EQ(l1 - l0, 4);
  CHECK_EQ(s1 - s0, 3);
  CHECK_EQ(a1 - a0, 1);
}

static void test_branch_events(void) {
  hpm_setup(7, MMCOSIM_EVENT_CPU_BRANCHES);
  hpm_setup(8, MMCOSIM_EVENT_CPU_BRANCHES_TAKEN);
  uint32_t b0, t0, b1, t1;
  __asm__ volatile(
      "li t0, 10\n"
      "csrr %0, %4\n csrr %1, %5\n"
      "1: addi t0, t0, -1\n bnez t0, 1b\n"   /* 10 branches, 9 taken */
      "csrr %2, %4\n csrr %3, %5\n"
      : "=&r"(b0), "=&r"(t0), "=&r"(b1), "=&r"(t1)
      : "i"(CSR_MHPMCOUNTER(7)), "i"(CSR_MHPMCOUNTER(8))
      : "t0");
  CHECK_EQ(b1 - b0, 10);
  CHECK_EQ(t1 - t0, 9);
}

static void test_other_events(void) {
  hpm_setup(9, MMCOSIM_EVENT_CPU_EXCEPTIONS);
  hpm_setup(10, MMCOSIM_EVENT_UART_TX_BYTES);
  hpm_setup(11, MMCOSIM_EVENT_CPU_CYCLES);
  uint32_t e0 = hpm_read(9);
  trap_expect_begin();
  __asm__ volatile("ebreak");
  (void)trap_expect_end();
  CHECK_EQ(hpm_read(9) - e0, 1);

  static const char line[] = "hpm: counting uart bytes\n";
  uint32_t u0 = hpm_read(10);
  uart_puts(line);
  CHECK_EQ(hpm_read(10) - u0, sizeof(line) - 1);

  uint32_t c0 = hpm_read(11), m0 = csr_read(CSR_MCYCLE);
  for (volatile int i = 0; i < 20; i++) {
  }
  uint32_t c1 = hpm_read(11), m1 = csr_read(CSR_MCYCLE);
  CHECK(c1 - c0 >= m1 - m0 - 4 && c1 - c0 <= m1 - m0 + 4);
}

static void test_write(void) {
  csr_write(CSR_MHPMEVENT(12), 0); /* no event: stays where written */
  csr_write(CSR_MHPMCOUNTER(12), 0xfffffff0);
  csr_write(CSR_MHPMCOUNTERH(12), 7);
  CHECK_EQ(hpm_read64(12), 0x7fffffff0ull);
}

static uint32_t read_hpm3(uint32_t arg) {
  (void)arg;
  return csr_read(CSR_HPMCOUNTER(3));
}

static void test_user_access(void) {
  csr_write(CSR_MCOUNTEREN, 0);
  trap_expect_begin();
  (void)priv_call(PRV_U, read_hpm3, 0);
  struct trap_record r = trap_expect_end();
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_ILLEGAL_INSN);

  csr_write(CSR_MCOUNTEREN, COUNTEREN_HPM(3));
  csr_write(CSR_SCOUNTEREN, COUNTEREN_HPM(3));
  trap_expect_begin();
  uint32_t v = priv_call(PRV_U, read_hpm3, 0);
  CHECK_EQ(trap_expect_end().count, 0);
  CHECK(v != 0);
  csr_write(CSR_MCOUNTEREN, 0);
  csr_write(CSR_SCOUNTEREN, 0);
}

int main(void) {
  test_begin("hpm");
  test_instret();
  test_memory_events();
  test_branch_events();
  test_other_events();
  test_write();
  test_user_access();
  return test_end();
}
