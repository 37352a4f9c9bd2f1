/*
 * simctl -- the simulation-control device: statistics read by event
 * number agree with the CSRs (cpu.instret with minstret, cpu.cycles with
 * mcycle), count exactly (uart.tx_bytes, cpu.exceptions,
 * mem.access_faults), event 0 reads 0; region markers, snapshot and
 * trace-off writes leave the program running; putchar prints without the
 * UART.  Prints "simctl putchar ok" (through putchar) and "PASS simctl".
 */
#include "expect.h"
#include "hpm.h"
#include "simctl.h"
#include "test.h"
#include "uart.h"

#define REGION_ID 7

static void test_counters(void) {
  uint64_t i0 = rd_minstret();
  uint64_t s = sim_counter(MMCOSIM_EVENT_CPU_INSTRET);
  uint64_t i1 = rd_minstret();
  CHECK(i0 <= s && s <= i1);
  uint64_t c0 = rd_mcycle();
  s = sim_counter(MMCOSIM_EVENT_CPU_CYCLES);
  uint64_t c1 = rd_mcycle();
  CHECK(c0 <= s && s <= c1);
  CHECK_EQ(sim_counter(0), 0);
}

static void test_exact_counts(void) {
  static const char line[] = "simctl: counting uart bytes\n";
  uint64_t u0 = sim_counter(MMCOSIM_EVENT_UART_TX_BYTES);
  uart_puts(line);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_UART_TX_BYTES) - u0, sizeof(line) - 1);

  uint64_t e0 = sim_counter(MMCOSIM_EVENT_CPU_EXCEPTIONS);
  uint64_t f0 = sim_counter(MMCOSIM_EVENT_MEM_ACCESS_FAULTS);
  trap_expect_begin();
  __asm__ volatile("lw t0, 0(zero)" : : : "t0", "memory");
  CHECK_EQ(trap_expect_end().cause, CAUSE_LOAD_ACCESS);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_CPU_EXCEPTIONS) - e0, 1);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MEM_ACCESS_FAULTS) - f0, 1);
}

static void test_putchar(void) {
  static const char msg[] = "simctl putchar ok\n";
  uint64_t u0 = sim_counter(MMCOSIM_EVENT_UART_TX_BYTES);
  for (const char *p = msg; *p; p++) sim_putchar(*p);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_UART_TX_BYTES) - u0, 0);
}

static void test_markers(void) {
  sim_marker(REGION_ID); /* --ff-until=marker:N switches here (tests/cli) */
  sim_region_begin(REGION_ID);
  for (volatile int i = 0; i < 10; i++) {
  }
  sim_region_end(REGION_ID);
  sim_snapshot(REGION_ID);
  sim_trace(0);
  CHECK(1); /* still running */
}

int main(void) {
  test_begin("simctl");
  test_counters();
  test_exact_counts();
  test_putchar();
  test_markers();
  return test_end();
}
