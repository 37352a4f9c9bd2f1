/*
 * csr -- the Zicsr instructions and the machine information CSRs:
 * misa, mhartid, mscratch (every csrr* form), mcycle/minstret and their
 * user aliases, time vs the CLINT's mtime, mcounteren/scounteren gating
 * of cycle/time/instret from S- and U-mode, and illegal CSR accesses
 * (unimplemented CSR, write to a read-only CSR, M/S CSRs from lower
 * modes) trapping with cause 2 and tval = the instruction.
 * Prints "PASS csr".
 */
#include "clint.h"
#include "csr.h"
#include "expect.h"
#include "hpm.h"
#include "priv.h"
#include "test.h"

#define CSR_HSTATUS 0x600 /* hypervisor CSR: must not exist here */

static void test_info(void) {
  uint32_t misa = csr_read(CSR_MISA);
  CHECK_EQ(misa >> MISA_MXL_SHIFT, MISA_MXL_32);
  const char *ext = "IMACSU";
  for (const char *e = ext; *e; e++) {
    if (!CHECK(misa & MISA_EXT(*e))) kprintf("  (misa lacks %c)\n", *e);
  }
  CHECK_EQ(misa & (MISA_EXT('E') | MISA_EXT('F') | MISA_EXT('D')), 0);
  CHECK_EQ(csr_read(CSR_MHARTID), MMCOSIM_CPU_HART_ID);
  trap_expect_begin();
  (void)csr_read(CSR_MVENDORID);
  (void)csr_read(CSR_MARCHID);
  (void)csr_read(CSR_MIMPID);
  CHECK_EQ(trap_expect_end().count, 0);
}

static void test_rw_forms(void) {
  uint32_t saved = csr_read(CSR_MSCRATCH);
  csr_write(CSR_MSCRATCH, 0xdeadbeef);
  CHECK_EQ(csr_read(CSR_MSCRATCH), 0xdeadbeef);
  CHECK_EQ(csr_swap(CSR_MSCRATCH, 0x0f0f0f0f), 0xdeadbeef);
  CHECK_EQ(csr_set(CSR_MSCRATCH, 0xf0000000), 0x0f0f0f0f);
  CHECK_EQ(csr_clear(CSR_MSCRATCH, 0x0000000f), 0xff0f0f0f);
  CHECK_EQ(csr_read(CSR_MSCRATCH), 0xff0f0f00);
  uint32_t old;
  __asm__ volatile("csrrwi %0, mscratch, 0x15" : "=r"(old));
  CHECK_EQ(old, 0xff0f0f00);
  __asm__ volatile("csrrsi %0, mscratch, 0x0a" : "=r"(old));
  CHECK_EQ(old, 0x15);
  __asm__ volatile("csrrci %0, mscratch, 0x01" : "=r"(old));
  CHECK_EQ(old, 0x1f);
  CHECK_EQ(csr_read(CSR_MSCRATCH), 0x1e);
  csr_write(CSR_MSCRATCH, saved);
}

static void test_counters(void) {
  uint64_t c0 = rd_mcycle(), i0 = rd_minstret();
  for (volatile int i = 0; i < 100; i++) {
  }
  uint64_t c1 = rd_mcycle(), i1 = rd_minstret();
  CHECK(c1 - c0 >= 100);
  CHECK(i1 - i0 >= 100);
  CHECK(c1 - c0 >= i1 - i0); /* no instruction takes less than a cycle */
  /* user aliases read the same counters */
  uint64_t uc = csr_read64(CSR_CYCLE, CSR_CYCLEH);
  uint64_t ui = csr_read64(CSR_INSTRET, CSR_INSTRETH);
  /* a few instructions apart; each fetch may wait for a DRAM row miss */
  CHECK(uc >= c1 && uc - c1 < 5000);
  CHECK(ui >= i1 && ui - i1 < 1000);
  /* writable from M-mode */
  csr_write(CSR_MCYCLEH, 0);
  csr_write(CSR_MCYCLE, 0);
  CHECK(rd_mcycle() < 1000);
  csr_write(CSR_MINSTRET, 0);
  csr_write(CSR_MINSTRETH, 1);
  CHECK_EQ(rd_minstret() >> 32, 1);
  /* time is mtime */
  uint64_t t0 = clint_mtime();
  uint64_t t = csr_read64(CSR_TIME, CSR_TIMEH);
  uint64_t t1 = clint_mtime();
  CHECK(t0 <= t && t <= t1);
}

static uint32_t read_cycle(uint32_t arg) { (void)arg; return csr_read(CSR_CYCLE); }
static uint32_t read_time(uint32_t arg) { (void)arg; return csr_read(CSR_TIME); }
static uint32_t read_instret(uint32_t arg) { (void)arg; return csr_read(CSR_INSTRET); }

/* Returns the number of traps fn causes when run at `priv`. */
static uint32_t traps_at(uint32_t priv, priv_fn fn) {
  trap_expect_begin();
  (void)priv_call(priv, fn, 0);
  struct trap_record r = trap_expect_end();
  if (r.count) CHECK_EQ(r.cause, CAUSE_ILLEGAL_INSN);
  return r.count;
}

static void test_counteren(void) {
  const priv_fn readers[] = {read_cycle, read_time, read_instret};
  const uint32_t bits[] = {COUNTEREN_CY, COUNTEREN_TM, COUNTEREN_IR};
  for (int i = 0; i < 3; i++) {
    csr_write(CSR_MCOUNTEREN, 0);
    csr_write(CSR_SCOUNTEREN, 0);
    CHECK_EQ(traps_at(PRV_S, readers[i]), 1);
    CHECK_EQ(traps_at(PRV_U, readers[i]), 1);
    csr_write(CSR_MCOUNTEREN, bits[i]);
    CHECK_EQ(traps_at(PRV_S, readers[i]), 0);
    CHECK_EQ(traps_at(PRV_U, readers[i]), 1); /* scounteren still 0 */
    csr_write(CSR_SCOUNTEREN, bits[i]);
    CHECK_EQ(traps_at(PRV_U, readers[i]), 0);
    csr_write(CSR_MCOUNTEREN, 0);             /* M gates U too */
    CHECK_EQ(traps_at(PRV_U, readers[i]), 1);
  }
}

/* Checks that the last caught trap is an illegal instruction at its epc. */
static void check_illegal(struct trap_record r, const char *what) {
  int ok = CHECK_EQ(r.count, 1);
  ok &= CHECK_EQ(r.cause, CAUSE_ILLEGAL_INSN);
  if (r.count) ok &= CHECK_EQ(r.tval, insn_bits(r.epc));
  if (!ok) kprintf("  (%s)\n", what);
}

static uint32_t read_mstatus(uint32_t arg) { (void)arg; return csr_read(CSR_MSTATUS); }
static uint32_t read_mscratch(uint32_t arg) { (void)arg; return csr_read(CSR_MSCRATCH); }
static uint32_t read_sstatus(uint32_t arg) { (void)arg; return csr_read(CSR_SSTATUS); }

static void test_illegal(void) {
  trap_expect_begin();
  (void)csr_read(CSR_HSTATUS);
  check_illegal(trap_expect_end(), "read of an unimplemented CSR");

  trap_expect_begin();
  csr_write(CSR_MHARTID, 1);
  check_illegal(trap_expect_end(), "csrw to read-only mhartid");

  trap_expect_begin();
  __asm__ volatile("li t1, 0\n\tcsrrs t0, mhartid, t1" : : : "t0", "t1");
  check_illegal(trap_expect_end(), "csrrs with rs1 != x0 on read-only mhartid");

  trap_expect_begin();
  csr_write(CSR_CYCLE, 0);
  check_illegal(trap_expect_end(), "csrw to read-only cycle");

  trap_expect_begin();
  (void)priv_call(PRV_S, read_mstatus, 0);
  check_illegal(trap_expect_end(), "mstatus from S-mode");

  trap_expect_begin();
  (void)priv_call(PRV_U, read_mscratch, 0);
  check_illegal(trap_expect_end(), "mscratch from U-mode");

  trap_expect_begin();
  (void)priv_call(PRV_U, read_sstatus, 0);
  check_illegal(trap_expect_end(), "sstatus from U-mode");

  trap_expect_begin();
  (void)priv_call(PRV_S, read_sstatus, 0);
  CHECK_EQ(trap_expect_end().count, 0); /* S reads its own CSRs */
}

static void test_sstatus_view(void) {
  csr_clear(CSR_MSTATUS, MSTATUS_SIE);
  csr_set(CSR_SSTATUS, MSTATUS_SIE);
  CHECK(csr_read(CSR_MSTATUS) & MSTATUS_SIE);
  csr_clear(CSR_SSTATUS, MSTATUS_SIE);
  CHECK_EQ(csr_read(CSR_MSTATUS) & MSTATUS_SIE, 0);
  /* M-only fields are invisible in sstatus */
  CHECK_EQ(csr_read(CSR_SSTATUS) & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP), 0);
}

int main(void) {
  test_begin("csr");
  test_info();
  test_rw_forms();
  test_counters();
  test_counteren();
  test_illegal();
  test_sstatus_view();
  return test_end();
}
