// The L1 caches (rtl/cache) inside mem_subsys with cache.enable = 1:
// directed tests (hit latency, miss latency with a clean and a dirty
// victim, write-back of a dirty victim, uncached MMIO and holes, FENCE.I
// with self-modifying code, the walker seeing PTE stores that sit dirty in
// the D-cache, a Svadu A/D update of a dirty PTE line, an AMO racing that
// update, line fills as one DRAM column burst, the tohost line, the
// cache-block operations cbo.clean/flush/inval/zero on cached, MMIO and
// hole addresses) and a differential random test: loads, stores, AMOs,
// LR/SC, cbo operations, fetches and FENCE.I against a flat memory (data
// exact) and against the policy reference model/cache (hit, miss and
// write-back of every access exact).
//
// Built per memory variant (tests/rtl/CMakeLists.txt): the SRAM stand-in
// at latency 1 and 5 (exact latency formulas) and the DRAM.
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include "cache_ref.h"
#include "mmu_env.h"

using namespace mmcosim_test;

namespace {

constexpr bool kSram = MMCOSIM_TEST_MEM_SRAM != 0;
constexpr unsigned kLat = MMCOSIM_TEST_MEM_LATENCY;
constexpr unsigned kDLine = MMCOSIM_CACHE_DCACHE_LINE;
constexpr unsigned kDWays = MMCOSIM_CACHE_DCACHE_WAYS;
constexpr unsigned kDSize = MMCOSIM_CACHE_DCACHE_SIZE;
constexpr unsigned kWay = kDSize / kDWays;  // bytes per way: same set every kWay bytes
constexpr unsigned kWords = kDLine / 4;

constexpr uint8_t kFetchK = MMCOSIM_PORT_KIND_FETCH;
constexpr uint8_t kLoadK = MMCOSIM_PORT_KIND_LOAD;
constexpr uint8_t kStoreK = MMCOSIM_PORT_KIND_STORE;
constexpr uint8_t kAmoK = MMCOSIM_PORT_KIND_AMO;
constexpr uint8_t kLrK = MMCOSIM_PORT_KIND_LR;
constexpr uint8_t kScK = MMCOSIM_PORT_KIND_SC;
constexpr uint8_t kSfenceK = MMCOSIM_PORT_KIND_SFENCE;
constexpr uint8_t kFenceIK = MMCOSIM_PORT_KIND_FENCEI;
constexpr uint8_t kW = MMCOSIM_PORT_SIZE_WORD;
constexpr uint8_t kBlock = MMCOSIM_PORT_SIZE_BLOCK;
constexpr unsigned kInval = MMCOSIM_PORT_CBO_INVAL;
constexpr unsigned kClean = MMCOSIM_PORT_CBO_CLEAN;
constexpr unsigned kFlush = MMCOSIM_PORT_CBO_FLUSH;
constexpr unsigned kZero = MMCOSIM_PORT_CBO_ZERO;

Req load(uint32_t pa, uint8_t kind = kLoadK) { return Req{pa, kind, kW, false, 0}; }
Req store(uint32_t pa, uint32_t v, uint8_t size = kW, uint8_t kind = kStoreK) {
  return Req{pa, kind, size, true, v};
}
Req fetch(uint32_t pa) { return Req{pa, kFetchK, kW, false, 0}; }
Req fencei() { return Req{0, kFenceIK, kW, false, 0}; }
// cbo.<op> on the line at pa: cbo.zero is a block store, the others a block
// load with the op in wdata (docs/ports.md).
Req cbo(uint32_t pa, unsigned op) {
  return op == kZero ? Req{pa, kStoreK, kBlock, true, 0} : Req{pa, kLoadK, kBlock, false, op};
}

class CacheTest : public ::testing::Test {
 protected:
  CacheTest() : e(h) { h.top().htif_tohost_i = 0; }

  Rsp access(Port p, const Req& r) { return h.access(p, r); }
  static uint64_t stat(unsigned ev) { return rtl_perf_read(ev); }
  static uint64_t d(const char* what) {
    const std::map<std::string, unsigned> ev = {
        {"accesses", MMCOSIM_EVENT_CACHE_DCACHE_ACCESSES}, {"hits", MMCOSIM_EVENT_CACHE_DCACHE_HITS},
        {"misses", MMCOSIM_EVENT_CACHE_DCACHE_MISSES},     {"fills", MMCOSIM_EVENT_CACHE_DCACHE_FILLS},
        {"writebacks", MMCOSIM_EVENT_CACHE_DCACHE_WRITEBACKS},
        {"uncached", MMCOSIM_EVENT_CACHE_DCACHE_UNCACHED}, {"cbo", MMCOSIM_EVENT_CACHE_DCACHE_CBO}};
    return stat(ev.at(what));
  }

  MemSubsysHarness<Vmem_subsys> h;
  MmuEnv<MemSubsysHarness<Vmem_subsys>> e;
};

// Cycles of one line burst on the SRAM stand-in, from the first beat's
// accept to the last ack: the first beat takes 1 + latency edges, every
// next one is acked one cycle after the previous (page mode).
constexpr unsigned kBurst = kLat + kWords;
constexpr unsigned kIBurst = kLat + MMCOSIM_CACHE_ICACHE_LINE / 4;

// ------------------------------------------------------------------ timing
TEST_F(CacheTest, HitAnswersOneEdgeAfterAccept) {
  h.poke(0x100, 0xcafef00d);
  Rsp miss = access(kData, load(kDramBase + 0x100));
  EXPECT_EQ(miss.rdata, 0xcafef00du);
  Rsp hit = access(kData, load(kDramBase + 0x104 - 4));
  EXPECT_EQ(hit.rdata, 0xcafef00du);
  EXPECT_EQ(hit.from_accept(), 1u) << "load hit";
  EXPECT_EQ(access(kData, store(kDramBase + 0x108, 7)).from_accept(), 1u) << "store hit";
  EXPECT_EQ(access(kData, load(kDramBase + 0x108)).rdata, 7u);
  const Rsp imiss = access(kFetch, fetch(kDramBase + 0x100));
  if (kSram) EXPECT_EQ(imiss.from_accept(), 4u + kIBurst) << "first fetch misses in the I-cache";
  EXPECT_EQ(access(kFetch, fetch(kDramBase + 0x104)).from_accept(), 1u) << "fetch hit";
  EXPECT_EQ(d("hits"), 3u);
  EXPECT_EQ(d("misses"), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_CACHE_ICACHE_HITS), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_CACHE_ICACHE_MISSES), 1u);
}

// Clean miss: accept E1, lookup misses in E1..E2, fill stb from E2, one
// burst, then the replay read and the lookup that hits: 2 + burst + 2.
// Dirty victim: the write-back burst first, and the fill's first stb one
// cycle after the write-back's last ack: 2 + burst + 1 + burst + 2.
// Exact formulas on the fixed-latency SRAM stand-in; the DRAM builds run
// MissOnDramCostsTheRowAccess instead (each test exists where it applies).
#if MMCOSIM_TEST_MEM_SRAM
TEST_F(CacheTest, MissLatencyCleanAndDirtyVictim) {
  Rsp clean = access(kData, load(kDramBase + 0x2020));
  EXPECT_EQ(clean.from_accept(), 4u + kBurst);
  EXPECT_EQ(stat(MMCOSIM_EVENT_CACHE_DCACHE_MISS_CYCLES), 2u + kBurst + 1) << "cycles after the missing lookup";
  // Fill every way of set 0 with dirty lines, then one more tag: the
  // pseudo-LRU victim (way 0, the oldest) is dirty.
  for (unsigned w = 0; w < kDWays; ++w) access(kData, store(kDramBase + w * kWay, 0x100 + w));
  Rsp dirty = access(kData, load(kDramBase + kDWays * kWay));
  EXPECT_EQ(dirty.from_accept(), 5u + 2 * kBurst);
  EXPECT_EQ(d("writebacks"), 1u);
}
#endif

// DRAM: a fill is one incrementing burst that the controller serves as one
// BL8 column command (docs/dram.md): on a row hit the first word arrives
// 1 + tCL (+ at most 2 cycles of controller overhead) after the first beat,
// the others one per cycle, so a miss costs 2 + (1 + tCL + Words - 1) + 2;
// a closed bank adds tRCD (ACT first), a row conflict tRP + tRCD (PRE, ACT).
// A dirty victim's write-back is one WR of the whole line.
#if !MMCOSIM_TEST_MEM_SRAM
TEST_F(CacheTest, LineFillIsOneColumnBurstOnDram) {
  constexpr unsigned kRowBytes = MMCOSIM_DRAM_COLUMNS * 4;
  constexpr unsigned kSameBankNextRow = kRowBytes * MMCOSIM_DRAM_BANKS;  // row_bank_col
  static_assert(kSameBankNextRow % kWay == 0, "the conflicting line falls in the same set");
  const uint32_t a = kDramBase + 0x4000;
  const Rsp closed = access(kData, load(a));                       // bank idle: ACT, RD
  EXPECT_EQ(access(kData, load(a + 4)).from_accept(), 1u);
  const Rsp hit = access(kData, load(a + kDLine));                 // same row, open: RD
  const Rsp conflict = access(kData, load(a + kSameBankNextRow));  // other row: PRE, ACT, RD
  const unsigned base = 4 + 1 + MMCOSIM_DRAM_CK_CL + (kWords - 1);
  EXPECT_GE(hit.from_accept(), base);
  EXPECT_LE(hit.from_accept(), base + 2) << "row hit: tCL + at most 2 cycles of controller overhead";
  EXPECT_EQ(closed.from_accept(), hit.from_accept() + MMCOSIM_DRAM_CK_RCD);
  EXPECT_EQ(conflict.from_accept(), hit.from_accept() + MMCOSIM_DRAM_CK_RP + MMCOSIM_DRAM_CK_RCD);
  std::printf("line miss (accept to response) on DRAM: row hit %llu, closed %llu, conflict %llu cycles; "
              "first/last word from the first beat: %llu/%llu, %llu/%llu, %llu/%llu\n",
              (unsigned long long)hit.from_accept(), (unsigned long long)closed.from_accept(),
              (unsigned long long)conflict.from_accept(), (unsigned long long)(hit.from_accept() - 4 - (kWords - 1)),
              (unsigned long long)(hit.from_accept() - 4), (unsigned long long)(closed.from_accept() - 4 - (kWords - 1)),
              (unsigned long long)(closed.from_accept() - 4),
              (unsigned long long)(conflict.from_accept() - 4 - (kWords - 1)),
              (unsigned long long)(conflict.from_accept() - 4));
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_READS), 3u * kWords) << "every word of three lines";
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_ROW_MISS_RD), 1u) << "one column command per line";
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_ROW_HIT_RD), 1u) << "one column command per line";
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_ROW_CONFLICT_RD), 1u) << "one column command per line";

  // A dirty victim: the write-back burst is one WR of Words beats.
  for (unsigned i = 0; i < kWords; ++i) access(kData, store(a + kDLine + 4 * i, 0x5000 + i));
  for (unsigned w = 1; w <= kDWays; ++w) access(kData, load(a + kDLine + w * kWay));
  EXPECT_EQ(d("writebacks"), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_WRITES), uint64_t(kWords));
  EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_ROW_HIT_WR) + stat(MMCOSIM_EVENT_DRAM_ROW_MISS_WR) +
                stat(MMCOSIM_EVENT_DRAM_ROW_CONFLICT_WR),
            1u)
      << "one WR for the whole line";
  for (unsigned i = 0; i < kWords; ++i) EXPECT_EQ(h.peek(a + kDLine + 4 * i - kDramBase), 0x5000 + i);
}
#endif

// ------------------------------------------------------------ write-back
TEST_F(CacheTest, DirtyVictimIsWrittenBackWhole) {
  const uint32_t line = 0x40 & ~(kDLine - 1);  // offset of the line in DRAM
  for (unsigned i = 0; i < kWords; ++i) access(kData, store(kDramBase + line + 4 * i, 0xa0000000u + i));
  EXPECT_EQ(h.peek(line), 0u) << "write-back cache: memory not written yet";
  // Ways more tags of the same set: the pseudo-LRU victim is the stored line.
  for (unsigned w = 1; w <= kDWays; ++w) access(kData, load(kDramBase + line + w * kWay));
  EXPECT_EQ(d("writebacks"), 1u);
  for (unsigned i = 0; i < kWords; ++i) EXPECT_EQ(h.peek(line + 4 * i), 0xa0000000u + i) << "word " << i;
  EXPECT_EQ(access(kData, load(kDramBase + line + 4)).rdata, 0xa0000001u) << "refilled";
}

TEST_F(CacheTest, ByteAndHalfStoresMergeInTheLine) {
  h.poke(0x80, 0x11223344);
  access(kData, store(kDramBase + 0x81, 0x0000aa00, MMCOSIM_PORT_SIZE_BYTE));
  access(kData, store(kDramBase + 0x82, 0xbbcc0000, MMCOSIM_PORT_SIZE_HALF));
  EXPECT_EQ(access(kData, load(kDramBase + 0x80)).rdata, 0xbbccaa44u);
}

// ---------------------------------------------------------------- uncached
TEST_F(CacheTest, MmioAndHolesAreUncachedAndNeverAllocate) {
  h.mmio_handler = [](const MmioReq&) { return MmioReply{0x5a, false, 0}; };
  const uint32_t uart = MMCOSIM_MEMORY_MAP_UART_BASE + 4 * MMCOSIM_UART_REG_LSR;
  for (int i = 0; i < 2; ++i) EXPECT_EQ(access(kData, load(uart)).rdata, 0x5au);
  EXPECT_EQ(h.mmio_log.size(), 2u) << "each load reaches the device";
  Rsp hole = access(kData, load(0x40000000));
  EXPECT_TRUE(hole.fault);
  EXPECT_EQ(hole.cause, MMCOSIM_PORT_CAUSE_LOAD_ACCESS);
  Rsp shole = access(kData, store(0x40000000, 1));
  EXPECT_EQ(shole.cause, MMCOSIM_PORT_CAUSE_STORE_ACCESS);
  Rsp fhole = access(kFetch, fetch(0x40000000));
  EXPECT_EQ(fhole.cause, MMCOSIM_PORT_CAUSE_FETCH_ACCESS);
  EXPECT_EQ(d("uncached"), 4u);
  EXPECT_EQ(d("misses") + d("hits") + d("fills"), 0u) << "nothing allocated";
}

// ------------------------------------------------------------------ FENCE.I
TEST_F(CacheTest, FenceIMakesStoresVisibleToFetch) {
  h.poke(0x300, 0x00000013);  // nop
  EXPECT_EQ(access(kFetch, fetch(kDramBase + 0x300)).rdata, 0x00000013u);
  access(kData, store(kDramBase + 0x300, 0x00100093));  // addi x1, x0, 1: dirty in the D-cache
  EXPECT_EQ(access(kFetch, fetch(kDramBase + 0x300)).rdata, 0x00000013u) << "stale until FENCE.I";
  Rsp f = access(kFetch, fencei());
  EXPECT_FALSE(f.fault);
  EXPECT_EQ(h.peek(0x300), 0x00100093u) << "D-cache cleaned";
  EXPECT_EQ(access(kFetch, fetch(kDramBase + 0x300)).rdata, 0x00100093u);
  EXPECT_EQ(access(kData, load(kDramBase + 0x300)).from_accept(), 1u) << "clean keeps lines";
}

// ------------------------------------------------------------- the walker
TEST_F(CacheTest, WalkerSeesPteStoresInTheDCache) {
  const uint32_t root = e.alloc_table();
  const uint32_t l0 = e.alloc_table();
  const uint32_t data_ppn = kDramPpn + 0x400;
  const uint32_t va = 0x40005000;
  h.poke((data_ppn << 12) - kDramBase + 0x10, 0x600d600d);
  // The CPU writes both PTEs through the D-cache (M mode, physical).
  access(kData, store(uint32_t(e.l1_addr(root, va)), sv::make_pte(l0, sv::kPteV)));
  access(kData, store(uint32_t(e.l0_addr(l0, va)),
                      sv::make_pte(data_ppn, sv::kPteV | sv::kPteR | sv::kPteW | sv::kPteA | sv::kPteD)));
  EXPECT_EQ(h.peek(uint32_t(e.l1_addr(root, va)) - kDramBase), 0u) << "PTE only in the D-cache";
  access(kData, Req{0, kSfenceK, kW, false, 3});
  Csr c;
  c.satp = sv::make_satp(root, 1);
  c.priv_data = sv::kPrivS;
  e.set_csr(c);
  Rsp r = access(kData, load(va + 0x10));
  EXPECT_FALSE(r.fault) << "cause " << unsigned(r.cause);
  EXPECT_EQ(r.rdata, 0x600d600du);
}

TEST_F(CacheTest, SvaduUpdatesTheDirtyPteLine) {
  static_assert(MMCOSIM_MMU_SVADU, "the cache configurations have Svadu");
  const uint32_t root = e.alloc_table();
  const uint32_t data_ppn = kDramPpn + 0x800;
  const uint32_t l0 = e.alloc_table();
  const uint32_t va = 0x40007000;
  const uint32_t pte_pa = uint32_t(e.l0_addr(l0, va));
  access(kData, store(uint32_t(e.l1_addr(root, va)), sv::make_pte(l0, sv::kPteV)));
  access(kData, store(pte_pa, sv::make_pte(data_ppn, sv::kPteV | sv::kPteR | sv::kPteW)));  // A=D=0, dirty line
  access(kData, Req{0, kSfenceK, kW, false, 3});
  Csr c;
  c.satp = sv::make_satp(root, 1);
  c.priv_data = sv::kPrivS;
  c.adue = true;
  e.set_csr(c);
  Rsp w = access(kData, store(va + 8, 0x1234));
  EXPECT_FALSE(w.fault) << "cause " << unsigned(w.cause);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES), 1u);
  c.priv_data = sv::kPrivM;
  e.set_csr(c);
  const uint32_t pte = access(kData, load(pte_pa)).rdata;
  EXPECT_EQ(pte & (sv::kPteA | sv::kPteD), sv::kPteA | sv::kPteD) << "A and D set in the cached PTE";
  EXPECT_EQ(pte >> 10, data_ppn) << "the rest of the CPU's PTE kept";
  EXPECT_EQ(access(kData, load((data_ppn << 12) + 8)).rdata, 0x1234u);
}

// An AMO on a PTE racing the walker's Svadu compare-and-set on the same
// PTE, the PTE line dirty in the D-cache: the fetch port (S mode) walks to
// a leaf with A=0 while the data port (M mode) performs an AMOOR of a
// software bit on the leaf k cycles later (read half, then at its response
// the write half).  The walker is a client of the D-cache, which takes no
// walker request between the AMO's halves (cpu_lock) and no CPU request
// inside the walker's compare-and-set (lock): over every timing both
// updates survive, and each order occurs.
TEST_F(CacheTest, AmoAndSvaduOnACachedPteNeverInterleave) {
  const uint32_t root = e.alloc_table();
  const uint32_t l0 = e.alloc_table();
  const uint32_t va = 0x40009000;
  const uint32_t leaf = uint32_t(e.l0_addr(l0, va));
  const uint32_t rsw = 1u << 8;
  const uint32_t base = sv::make_pte(kDramPpn + 0x900, sv::kPteV | sv::kPteR | sv::kPteX);
  access(kData, store(uint32_t(e.l1_addr(root, va)), sv::make_pte(l0, sv::kPteV)));
  h.on_response = [this, rsw](Port p, const Rsp& r) {
    if (p == kData && r.req.kind == kAmoK && !r.req.we)
      h.issue(kData, Req{r.req.addr, kAmoK, kW, true, r.rdata | rsw});
  };
  Csr c;
  c.satp = sv::make_satp(root, 1);
  c.priv_fetch = sv::kPrivS;
  c.priv_data = sv::kPrivM;
  c.adue = true;
  e.set_csr(c);
  unsigned amo_first = 0, cas_first = 0;
  for (unsigned k = 0; k < 24 + 4 * kLat; ++k) {
    access(kData, store(leaf, base));  // A = 0 again, in the (dirty) cached line
    access(kData, Req{0, kSfenceK, kW, false, 3});
    h.issue(kFetch, fetch(va));
    for (unsigned i = 0; i < k; ++i) h.tick();
    h.issue(kData, load(leaf, kAmoK));
    ASSERT_TRUE(h.run_until_idle());
    ASSERT_FALSE(h.responses[kFetch].back().fault) << "k=" << k;
    const size_t n = h.responses[kData].size();
    ASSERT_GE(n, 2u);
    const Rsp& rd = h.responses[kData][n - 2];
    ASSERT_TRUE(rd.req.kind == kAmoK && !rd.req.we && !rd.fault);
    const uint32_t pte = access(kData, load(leaf)).rdata;
    EXPECT_EQ(pte, base | rsw | sv::kPteA) << std::hex << "lost update: PTE " << pte << std::dec << " k=" << k;
    if (rd.rdata & sv::kPteA) ++cas_first; else ++amo_first;
  }
  h.on_response = nullptr;
  EXPECT_GT(amo_first, 0u) << "the AMO never came before the compare-and-set";
  EXPECT_GT(cas_first, 0u) << "the compare-and-set never came before the AMO";
  EXPECT_EQ(h.peek(leaf - kDramBase), 0u) << "the PTE lived in the D-cache throughout";
}

// ------------------------------------------------------ cache-block ops
TEST_F(CacheTest, CboCleanFlushInvalOnADirtyLine) {
  const uint32_t l = 0x5000;
  const uint32_t pa = kDramBase + l;
  h.poke(l, 0x11);
  h.poke(l + 4, 0x22);
  access(kData, store(pa, 0xa1));
  EXPECT_FALSE(access(kData, cbo(pa, kClean)).fault);
  EXPECT_EQ(h.peek(l), 0xa1u) << "clean wrote the line back";
  EXPECT_EQ(h.peek(l + 4), 0x22u);
  EXPECT_EQ(d("writebacks"), 1u);
  EXPECT_EQ(access(kData, load(pa + 4)).from_accept(), 1u) << "clean keeps the line";
  access(kData, cbo(pa, kClean));
  EXPECT_EQ(d("writebacks"), 1u) << "a clean line is not written again";

  access(kData, store(pa, 0xb2));
  EXPECT_FALSE(access(kData, cbo(pa, kFlush)).fault);
  EXPECT_EQ(h.peek(l), 0xb2u) << "flush wrote the line back";
  EXPECT_EQ(d("writebacks"), 2u);
  uint64_t m0 = d("misses");
  EXPECT_EQ(access(kData, load(pa)).rdata, 0xb2u);
  EXPECT_EQ(d("misses"), m0 + 1) << "flush dropped the line";

  access(kData, store(pa, 0xc3));
  EXPECT_FALSE(access(kData, cbo(pa, kInval)).fault);
  EXPECT_EQ(d("writebacks"), 2u) << "inval writes nothing back";
  m0 = d("misses");
  EXPECT_EQ(access(kData, load(pa)).rdata, 0xb2u) << "inval discarded the dirty store";
  EXPECT_EQ(d("misses"), m0 + 1);
  EXPECT_EQ(d("cbo"), 4u);
}

// cbo.zero: a missing line is allocated without a fill (one word of zeros
// per cycle, 1 + Words cycles with a clean victim), dirty in the cache.
TEST_F(CacheTest, CboZeroAllocatesWithoutAFill) {
  const uint32_t l = 0x6000;
  const uint32_t pa = kDramBase + l;
  for (unsigned i = 0; i < kWords; ++i) h.poke(l + 4 * i, 0xdead0000u + i);
  const uint64_t reads0 = stat(MMCOSIM_EVENT_DRAM_READS);
  Rsp z = access(kData, cbo(pa, kZero));
  EXPECT_FALSE(z.fault);
  EXPECT_EQ(z.from_accept(), 1u + kWords);
  EXPECT_EQ(d("fills"), 0u) << "no fill";
  if (!kSram) EXPECT_EQ(stat(MMCOSIM_EVENT_DRAM_READS), reads0) << "nothing read from the DRAM";
  for (unsigned i = 0; i < kWords; ++i) {
    Rsp r = access(kData, load(pa + 4 * i));
    EXPECT_EQ(r.rdata, 0u) << "word " << i;
    EXPECT_EQ(r.from_accept(), 1u) << "word " << i << " hits";
  }
  EXPECT_EQ(h.peek(l), 0xdead0000u) << "the zeros are in the (dirty) line only";
  access(kFetch, fencei());
  for (unsigned i = 0; i < kWords; ++i) EXPECT_EQ(h.peek(l + 4 * i), 0u) << "word " << i;
  access(kData, store(pa + 8, 5));  // a cached line: zeroed in place
  EXPECT_EQ(access(kData, cbo(pa, kZero)).from_accept(), 1u + kWords);
  EXPECT_EQ(access(kData, load(pa + 8)).rdata, 0u);
}

// MMIO windows: the management ops do nothing, cbo.zero faults; holes
// fault (a management op with the load kind's cause, which the CPU reports
// as a store access fault).  Nothing reaches the bus.
TEST_F(CacheTest, CboOnMmioAndHolesNeverReachesTheBus) {
  h.mmio_handler = [](const MmioReq&) { return MmioReply{0, false, 0}; };
  const uint32_t uart = MMCOSIM_MEMORY_MAP_UART_BASE;
  for (unsigned op : {kInval, kClean, kFlush}) EXPECT_FALSE(access(kData, cbo(uart, op)).fault) << op;
  Rsp z = access(kData, cbo(uart, kZero));
  EXPECT_TRUE(z.fault);
  EXPECT_EQ(z.cause, MMCOSIM_PORT_CAUSE_STORE_ACCESS);
  EXPECT_TRUE(h.mmio_log.empty()) << "no cbo reaches a device";
  Rsp hole = access(kData, cbo(0x40000000, kClean));
  EXPECT_TRUE(hole.fault);
  EXPECT_EQ(hole.cause, MMCOSIM_PORT_CAUSE_LOAD_ACCESS);
  Rsp zhole = access(kData, cbo(0x40000000, kZero));
  EXPECT_EQ(zhole.cause, MMCOSIM_PORT_CAUSE_STORE_ACCESS);
  EXPECT_EQ(d("cbo"), 6u);
  EXPECT_EQ(d("uncached"), 6u);
  EXPECT_EQ(d("misses") + d("hits"), 0u) << "nothing looked up or allocated";
}

// -------------------------------------------------------------------- HTIF
TEST_F(CacheTest, TohostStoreCleansTheCacheAndReachesTheBus) {
  const uint32_t tohost = kDramBase + 0x1000;
  h.top().htif_tohost_i = tohost;
  access(kData, store(kDramBase + 0x2040, 0x77));  // dirty data the host will read
  access(kData, store(tohost, 0x2041 - 1 + kDramBase));
  ASSERT_EQ(h.htif.size(), 1u) << "the snoop saw the tohost write";
  EXPECT_EQ(h.htif[0].data, 0x2040u + kDramBase);
  EXPECT_EQ(h.peek(0x2040), 0x77u) << "memory current when the host looks";
  h.poke(0x2040, 0x88);  // the host answers through the backdoor
  EXPECT_EQ(access(kData, load(kDramBase + 0x2040)).rdata, 0x88u) << "cache invalidated";
  h.poke(0x1000, 0);
  EXPECT_EQ(access(kData, load(tohost)).rdata, 0u) << "tohost line uncached";
}

// ------------------------------------------------------- differential test
// Random traffic over a few sets with more tags than ways (evictions of
// clean and dirty lines), both ports, FENCE.I now and then.
TEST_F(CacheTest, RandomTrafficMatchesFlatMemoryAndPolicy) {
  std::mt19937 rng(9);
  mmcosim::CacheRef dref(kDSize, kDWays, kDLine);
  mmcosim::CacheRef iref(MMCOSIM_CACHE_ICACHE_SIZE, MMCOSIM_CACHE_ICACHE_WAYS, MMCOSIM_CACHE_ICACHE_LINE);
  std::map<uint32_t, uint32_t> mem;  // flat memory: word offset -> value
  auto word = [&](uint32_t off) {
    auto it = mem.find(off);
    return it == mem.end() ? 0u : it->second;
  };
  // 3 sets x (ways + 3) tags, spread over two DRAM rows' worth of tags.
  std::vector<uint32_t> lines;
  for (unsigned t = 0; t < kDWays + 3; ++t)
    for (unsigned s = 0; s < 3; ++s) lines.push_back(t * kWay * 3 + s * kDLine + 0x10000);
  for (uint32_t l : lines)
    for (unsigned i = 0; i < kWords; ++i) {
      mem[l + 4 * i] = rng();
      h.poke(l + 4 * i, mem[l + 4 * i]);
    }
  unsigned counts[9] = {};
  unsigned cbo_counts[4] = {};
  std::map<uint32_t, std::vector<uint32_t>> iline;  // I-cache contents: memory at fill time
  uint64_t hits = 0, misses = 0;
  for (int n = 0; n < 3000; ++n) {
    const uint32_t off = lines[rng() % lines.size()] + 4 * (rng() % kWords);
    const uint32_t pa = kDramBase + off;
    const unsigned op = rng() % 9;
    ++counts[op];
    const uint64_t h0 = d("hits"), m0 = d("misses"), w0 = d("writebacks");
    mmcosim::CacheRef::Outcome o;
    if (op == 8) {  // a cache-block operation on the line
      const unsigned k = rng() % 4;
      const unsigned cop = k == 0 ? kInval : k == 1 ? kClean : k == 2 ? kFlush : kZero;
      const mmcosim::CacheRef::Cbo rop = k == 0   ? mmcosim::CacheRef::Cbo::kInval
                                         : k == 1 ? mmcosim::CacheRef::Cbo::kClean
                                         : k == 2 ? mmcosim::CacheRef::Cbo::kFlush
                                                  : mmcosim::CacheRef::Cbo::kZero;
      ++cbo_counts[k];
      const uint32_t lpa = pa & ~(kDLine - 1), loff = off & ~(kDLine - 1);
      const bool was_dirty = dref.dirty(lpa);
      EXPECT_FALSE(access(kData, cbo(lpa, cop)).fault) << "op " << n;
      o = dref.cbo(lpa, rop);
      EXPECT_EQ(d("hits") - h0, o.hit ? 1u : 0u) << "op " << n << " cbo " << cop;
      EXPECT_EQ(d("writebacks") - w0, o.writeback ? 1u : 0u) << "op " << n << " cbo " << cop;
      if (o.writeback) {
        const uint32_t wl = o.wb_line - kDramBase;
        for (unsigned i = 0; i < kWords; ++i)
          EXPECT_EQ(h.peek(wl + 4 * i), word(wl + 4 * i)) << "written-back line " << std::hex << o.wb_line;
      }
      for (unsigned i = 0; i < kWords; ++i) {
        if (cop == kZero) mem[loff + 4 * i] = 0;
        if (cop == kInval && was_dirty) mem[loff + 4 * i] = h.peek(loff + 4 * i);  // the stores are gone
      }
      hits += o.hit;
      misses += !o.hit;
      continue;
    }
    if (op == 7) {  // fetch through the I-cache, or FENCE.I
      if (rng() % 4 == 0) {
        access(kFetch, fencei());
        EXPECT_EQ(d("writebacks") - w0, dref.flush(false).size()) << "FENCE.I cleans every dirty line";
        iref.invalidate_all();
      } else {
        // Without FENCE.I the I-cache keeps what memory held when it filled.
        const uint64_t ih = stat(MMCOSIM_EVENT_CACHE_ICACHE_HITS);
        const uint32_t il = iref.line_of(off);
        const bool ihit = iref.access(pa, false).hit;
        if (!ihit) {
          iline[il].clear();
          for (uint32_t i = 0; i < iref.line_bytes(); i += 4) iline[il].push_back(h.peek(il + i));
        }
        Rsp r = access(kFetch, fetch(pa));
        EXPECT_EQ(r.rdata, iline[il][(off - il) / 4]) << "op " << n << " fetch " << std::hex << pa;
        EXPECT_EQ(stat(MMCOSIM_EVENT_CACHE_ICACHE_HITS) - ih, ihit ? 1u : 0u) << "op " << n;
      }
      continue;
    }
    if (op <= 2 || op == 5) {  // load, LR, AMO read + write
      const uint8_t kind = op == 5 ? kAmoK : op == 2 ? kLrK : kLoadK;
      Rsp r = access(kData, load(pa, kind));
      EXPECT_EQ(r.rdata, word(off)) << "op " << n << " load " << std::hex << pa;
      o = dref.access(pa, false);
      EXPECT_EQ(d("hits") - h0, o.hit ? 1u : 0u) << "op " << n;
      EXPECT_EQ(d("misses") - m0, o.hit ? 0u : 1u) << "op " << n;
      EXPECT_EQ(d("writebacks") - w0, o.writeback ? 1u : 0u) << "op " << n;
      if (op == 5) {  // the AMO's write half: add 1
        access(kData, store(pa, r.rdata + 1, kW, kAmoK));
        mem[off] = r.rdata + 1;
        dref.access(pa, true);
      }
    } else {  // store of a byte, half or word, or SC
      const uint8_t size = op == 3 ? MMCOSIM_PORT_SIZE_BYTE : op == 4 ? MMCOSIM_PORT_SIZE_HALF : kW;
      const uint32_t a = size == kW ? pa : pa + (size == MMCOSIM_PORT_SIZE_BYTE ? rng() % 4 : 2 * (rng() % 2));
      const uint32_t v = rng();
      access(kData, store(a, v, size, op == 6 ? kScK : kStoreK));
      const uint32_t mask = size == kW ? 0xffffffffu : size == MMCOSIM_PORT_SIZE_HALF ? 0xffffu << 8 * (a & 2)
                                                                                        : 0xffu << 8 * (a & 3);
      mem[off] = (word(off) & ~mask) | (v & mask);
      o = dref.access(pa, true);
      EXPECT_EQ(d("hits") - h0, o.hit ? 1u : 0u) << "op " << n;
      EXPECT_EQ(d("writebacks") - w0, o.writeback ? 1u : 0u) << "op " << n;
      if (o.writeback) {
        const uint32_t wl = o.wb_line - kDramBase;
        for (unsigned i = 0; i < kWords; ++i)
          EXPECT_EQ(h.peek(wl + 4 * i), word(wl + 4 * i)) << "written-back line " << std::hex << o.wb_line;
      }
    }
    hits += o.hit;
    misses += !o.hit;
  }
  // Clean everything and compare the whole working set.
  access(kFetch, fencei());
  dref.flush(false);
  for (uint32_t l : lines)
    for (unsigned i = 0; i < kWords; ++i) EXPECT_EQ(h.peek(l + 4 * i), word(l + 4 * i)) << std::hex << l + 4 * i;
  for (unsigned op = 0; op < 9; ++op) EXPECT_GT(counts[op], 200u) << "op class " << op;
  for (unsigned k = 0; k < 4; ++k) EXPECT_GT(cbo_counts[k], 40u) << "cbo op " << k;
  EXPECT_GT(hits, 500u);
  EXPECT_GT(misses, 200u);
  EXPECT_GT(d("writebacks"), 100u) << "dirty victims";
}

}  // namespace
