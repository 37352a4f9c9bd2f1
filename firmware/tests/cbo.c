/*
 * cbo -- Zicbom and Zicboz on the machine with the L1 caches: the data
 * effect of each cache-block operation (cbo.inval drops a dirty store,
 * cbo.zero zeroes one block and nothing else, cbo.clean and cbo.flush
 * write the line back, as the D-cache's counters show), the envcfg enables
 * in S- and U-mode (illegal instruction when a more privileged envcfg
 * disables the op; cbo.inval performs a flush when CBIE = 01) and the
 * store access fault on a hole.  The block is the D-cache line
 * (MMCOSIM_CACHE_DCACHE_LINE bytes).  Prints "PASS cbo".
 */
#include <stdint.h>

#include "csr.h"
#include "expect.h"
#include "priv.h"
#include "simctl.h"
#include "test.h"

#define BLOCK MMCOSIM_CACHE_DCACHE_LINE
#define WORDS (BLOCK / 4)
#define HOLE  0x40000000u

/* cbo.<op> (rs1): MISC-MEM, funct3 2, imm[11:0] = op (assemblers for
 * rv32imac do not know the mnemonics). */
#define CBO(imm, p) __asm__ volatile(".insn i 0x0f, 2, x0, %0, " #imm ::"r"(p) : "memory")
#define cbo_inval(p) CBO(0, p)
#define cbo_clean(p) CBO(1, p)
#define cbo_flush(p) CBO(2, p)
#define cbo_zero(p)  CBO(4, p)

static volatile uint32_t buf[3 * WORDS] __attribute__((aligned(BLOCK)));

static uint64_t dcache(uint32_t event) { return sim_counter(event); }

static void test_inval_drops_a_dirty_store(void) {
  buf[0] = 1;
  cbo_flush(buf); /* memory holds 1, the line is gone */
  buf[0] = 2;     /* dirty in the D-cache only */
  cbo_inval(buf);
  CHECK_EQ(buf[0], 1);
}

static void test_zero_one_block(void) {
  for (unsigned i = 0; i < 3 * WORDS; ++i) buf[i] = 0xa5a5a5a5u;
  const uint64_t fills = dcache(MMCOSIM_EVENT_CACHE_DCACHE_FILLS);
  cbo_zero(&buf[WORDS + 3]); /* any address in the block */
  unsigned zeros = 0, kept = 0;
  for (unsigned i = 0; i < 3 * WORDS; ++i) {
    if (i >= WORDS && i < 2 * WORDS) zeros += buf[i] == 0;
    else kept += buf[i] == 0xa5a5a5a5u;
  }
  CHECK_EQ(zeros, WORDS);
  CHECK_EQ(kept, 2 * WORDS);
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_FILLS), fills); /* the line was cached: no fill */
}

static void test_clean_and_flush_write_back(void) {
  buf[0] = 5;
  uint64_t wb = dcache(MMCOSIM_EVENT_CACHE_DCACHE_WRITEBACKS);
  const uint64_t cbos = dcache(MMCOSIM_EVENT_CACHE_DCACHE_CBO);
  cbo_clean(buf);
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_WRITEBACKS), wb + 1);
  const uint64_t misses = dcache(MMCOSIM_EVENT_CACHE_DCACHE_MISSES);
  CHECK_EQ(buf[0], 5);
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_MISSES), misses); /* clean kept the line */
  buf[0] = 6;
  wb = dcache(MMCOSIM_EVENT_CACHE_DCACHE_WRITEBACKS);
  cbo_flush(buf);
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_WRITEBACKS), wb + 1);
  CHECK_EQ(buf[0], 6);
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_MISSES), misses + 1); /* flush dropped it */
  CHECK_EQ(dcache(MMCOSIM_EVENT_CACHE_DCACHE_CBO), cbos + 2);
}

static uint32_t do_clean(uint32_t p) { cbo_clean(p); return 0; }
static uint32_t do_zero(uint32_t p) { cbo_zero(p); return 0; }
/* Store 7 over a written-back 3, cbo.inval, read back (3: invalidated,
 * 7: performed as a flush). */
static uint32_t do_store_inval_load(uint32_t p) {
  volatile uint32_t *w = (volatile uint32_t *)p;
  *w = 7;
  cbo_inval(p);
  return *w;
}

/* Runs fn(buf) at `priv` under menvcfg m, senvcfg s; returns the cause of
 * the one exception it raised, or 0 when none (and fn's result in *res). */
static uint32_t run_at(uint32_t priv, priv_fn fn, uint32_t m, uint32_t s, uint32_t *res) {
  csr_write(CSR_MENVCFG, m);
  csr_write(CSR_SENVCFG, s);
  trap_expect_begin();
  const uint32_t v = priv_call(priv, fn, (uint32_t)(uintptr_t)buf);
  struct trap_record r = trap_expect_end();
  csr_write(CSR_MENVCFG, 0);
  csr_write(CSR_SENVCFG, 0);
  if (res) *res = v;
  CHECK(r.count <= 1);
  return r.count ? r.cause : 0;
}

static void test_enables(void) {
  CHECK_EQ(run_at(PRV_S, do_clean, 0, ENVCFG_CBCFE, 0), CAUSE_ILLEGAL_INSN);
  CHECK_EQ(run_at(PRV_S, do_clean, ENVCFG_CBCFE, 0, 0), 0);
  CHECK_EQ(run_at(PRV_U, do_clean, ENVCFG_CBCFE, 0, 0), CAUSE_ILLEGAL_INSN);
  CHECK_EQ(run_at(PRV_U, do_clean, ENVCFG_CBCFE, ENVCFG_CBCFE, 0), 0);
  CHECK_EQ(run_at(PRV_S, do_zero, ENVCFG_CBCFE, ENVCFG_CBZE, 0), CAUSE_ILLEGAL_INSN);
  CHECK_EQ(run_at(PRV_U, do_zero, ENVCFG_CBZE, ENVCFG_CBZE, 0), 0);
  CHECK_EQ(buf[0], 0);
  uint32_t v = 0;
  buf[0] = 3;
  cbo_flush(buf);
  CHECK_EQ(run_at(PRV_S, do_store_inval_load, 0, ENVCFG_CBIE_INVAL, &v), CAUSE_ILLEGAL_INSN);
  buf[0] = 3;
  cbo_flush(buf);
  CHECK_EQ(run_at(PRV_S, do_store_inval_load, ENVCFG_CBIE_INVAL, 0, &v), 0);
  CHECK_EQ(v, 3); /* CBIE = 11: the store was dropped */
  buf[0] = 3;
  cbo_flush(buf);
  CHECK_EQ(run_at(PRV_U, do_store_inval_load, ENVCFG_CBIE_INVAL, ENVCFG_CBIE_FLUSH, &v), 0);
  CHECK_EQ(v, 7); /* senvcfg.CBIE = 01: a flush, the store kept */
}

static void test_hole_faults(void) {
  trap_expect_begin();
  cbo_clean(HOLE);
  struct trap_record r = trap_expect_end();
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_STORE_ACCESS); /* a store fault, as the CMO spec says */
  CHECK_EQ(r.tval, HOLE);
}

int main(void) {
  test_begin("cbo");
  test_inval_drops_a_dirty_store();
  test_zero_one_block();
  test_clean_and_flush_write_back();
  test_enables();
  test_hole_faults();
  return test_end();
}
