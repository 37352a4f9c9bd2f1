/*
 * irq_timer -- the machine timer: mtime counts core cycles / divider,
 * mtimecmp raises mip.MTIP (visible with interrupts off), mie.MTIE and
 * mstatus.MIE gate it, a pending interrupt is taken as soon as MIE is
 * set, periodic interrupts count right, and WFI wakes up on MTIP both
 * with MIE off (no trap) and on (trap, then resume after wfi).
 * Prints "PASS irq_timer".
 */
#include "irq_log.h"
#include "test.h"

#define TICKS        20                         /* a short timeout, mtime ticks */
#define WAIT_CYCLES  (100 * TICKS * CYCLES_PER_MTIME_TICK)
#define PERIODS      5
#define WFI_TICKS    200

/* Spins until mip has `bit` set or the budget runs out; returns mip & bit. */
static uint32_t wait_mip(uint32_t bit) {
  uint32_t start = csr_read(CSR_MCYCLE);
  while (!(csr_read(CSR_MIP) & bit) && csr_read(CSR_MCYCLE) - start < WAIT_CYCLES) {
  }
  return csr_read(CSR_MIP) & bit;
}

static void test_mtime_rate(void) {
  uint32_t c0 = csr_read(CSR_MCYCLE);
  uint64_t t0 = clint_mtime();
  while (csr_read(CSR_MCYCLE) - c0 < 50 * CYCLES_PER_MTIME_TICK) {
  }
  uint32_t c1 = csr_read(CSR_MCYCLE);
  uint64_t t1 = clint_mtime();
  uint32_t want = (c1 - c0) / CYCLES_PER_MTIME_TICK;
  uint32_t got = (uint32_t)(t1 - t0);
  if (!CHECK(got + 2 >= want && got <= want + 2)) {
    kprintf("  (mtime advanced %u ticks in %u cycles)\n", (unsigned)got,
            (unsigned)(c1 - c0));
  }
}

static void test_pending_and_masks(void) {
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  csr_clear(CSR_MIE, MIP_MTIP);
  uint64_t when = clint_mtime() + 2;
  clint_set_mtimecmp(when);
  CHECK_EQ(clint_mtimecmp(), when);
  CHECK(wait_mip(MIP_MTIP));          /* pending though disabled */
  CHECK_EQ(irq_log.count, 0);
  csr_set(CSR_MIE, MIP_MTIP);
  __asm__ volatile("nop; nop; nop");
  CHECK_EQ(irq_log.count, 0);         /* mstatus.MIE still 0 */
  csr_set(CSR_MSTATUS, MSTATUS_MIE);  /* taken right here */
  __asm__ volatile("nop");
  CHECK_EQ(irq_log.count, 1);
  CHECK_EQ(irq_log.cause[0], MCAUSE_INTERRUPT | IRQ_M_TIMER);
  CHECK_EQ(irq_log.prev[0], PRV_M);
  CHECK_EQ(csr_read(CSR_MIP) & MIP_MTIP, 0); /* mtimecmp = never cleared it */
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
}

static volatile uint32_t periods_left;

/* Re-arms the timer PERIODS times, then silences it. */
static void periodic_handler(struct trap_frame *tf) {
  if (tf->cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER) && periods_left > 1) {
    periods_left--;
    irq_log.count++;
    clint_set_mtimecmp(clint_mtimecmp() + TICKS);
    return;
  }
  if (tf->cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) periods_left = 0;
  irq_record_handler(tf);
}

static void test_periodic(void) {
  irq_log_reset();
  periods_left = PERIODS;
  trap_set_m_handler(periodic_handler);
  uint64_t t0 = clint_mtime();
  clint_set_mtimecmp(t0 + TICKS);
  csr_set(CSR_MIE, MIP_MTIP);
  csr_set(CSR_MSTATUS, MSTATUS_MIE);
  uint32_t start = csr_read(CSR_MCYCLE);
  while (periods_left && csr_read(CSR_MCYCLE) - start < PERIODS * WAIT_CYCLES) {
  }
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  uint64_t elapsed = clint_mtime() - t0;
  trap_set_m_handler(irq_record_handler);
  CHECK_EQ(periods_left, 0);
  CHECK_EQ(irq_log.count, PERIODS);
  CHECK(elapsed >= PERIODS * TICKS);
}

static void test_wfi(void) {
  /* MIE = 0: wfi returns once MTIP is pending, no trap is taken */
  irq_log_reset();
  csr_set(CSR_MIE, MIP_MTIP);
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  uint64_t target = clint_mtime() + TICKS;
  clint_set_mtimecmp(target);
  __asm__ volatile("wfi");
  CHECK(clint_mtime() >= target);
  CHECK(csr_read(CSR_MIP) & MIP_MTIP);
  CHECK_EQ(irq_log.count, 0);
  clint_set_mtimecmp(MTIMECMP_NEVER);

  /* MIE = 1: wfi wakes, the trap is taken, execution resumes after wfi;
   * the long delay makes sure the interrupt comes after the wfi */
  target = clint_mtime() + WFI_TICKS;
  clint_set_mtimecmp(target);
  csr_set(CSR_MSTATUS, MSTATUS_MIE);
  __asm__ volatile("wfi");
  csr_clear(CSR_MSTATUS, MSTATUS_MIE);
  CHECK(clint_mtime() >= target);
  CHECK_EQ(irq_log.count, 1);
  CHECK_EQ(irq_log.cause[0], MCAUSE_INTERRUPT | IRQ_M_TIMER);
  csr_clear(CSR_MIE, MIP_MTIP);
}

int main(void) {
  test_begin("irq_timer");
  clint_set_mtimecmp(MTIMECMP_NEVER);
  irq_log_reset();
  trap_set_m_handler(irq_record_handler);
  test_mtime_rate();
  test_pending_and_masks();
  test_periodic();
  test_wfi();
  return test_end();
}
