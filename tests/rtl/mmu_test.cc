// Directed tests of the RTL Sv32 MMU inside mem_subsys (rtl/mmu): TLB
// bypass, exact latencies (hit, 4 KiB miss, megapage miss, SFENCE.VMA),
// every fault cause, permission re-checks on hits, the four SFENCE.VMA
// forms with globals, a fence during a walk, ASID isolation, pseudo-LRU
// replacement against the reference TLB, Svade and Svadu (including the
// compare-and-set restart), an AMO racing the compare-and-set, sideband
// changes while requests wait, both ports walking at once, and the
// counters.
#include <cstdio>
#include <random>

#include "mmu_env.h"

using namespace mmcosim_test;
namespace sv = mmcosim::sv32;

namespace {

constexpr unsigned kLat = MMCOSIM_TEST_MEM_LATENCY;
constexpr uint8_t kFetchK = MMCOSIM_PORT_KIND_FETCH;
constexpr uint8_t kLoadK = MMCOSIM_PORT_KIND_LOAD;
constexpr uint8_t kStoreK = MMCOSIM_PORT_KIND_STORE;
constexpr uint8_t kAmoK = MMCOSIM_PORT_KIND_AMO;
constexpr uint8_t kLrK = MMCOSIM_PORT_KIND_LR;
constexpr uint8_t kScK = MMCOSIM_PORT_KIND_SC;
constexpr uint8_t kSfenceK = MMCOSIM_PORT_KIND_SFENCE;
constexpr uint8_t kW = MMCOSIM_PORT_SIZE_WORD;

constexpr uint32_t kRwxAD = sv::kPteV | sv::kPteR | sv::kPteW | sv::kPteX | sv::kPteA | sv::kPteD;
constexpr uint32_t kDataPpn = kDramPpn + (8u << 20 >> sv::kPageShift);  // 8 MiB into DRAM, 4 MiB aligned
constexpr uint32_t kVa = 0x40001234;

Req load(uint32_t va, uint8_t kind = kLoadK) { return Req{va, kind, kW, false, 0}; }
Req store(uint32_t va, uint32_t v, uint8_t kind = kStoreK) { return Req{va, kind, kW, true, v}; }
Req fetch(uint32_t va) { return Req{va, kFetchK, kW, false, 0}; }
Req sfence(uint32_t va, uint32_t asid, bool rs1_x0, bool rs2_x0) {
  const uint32_t w = (rs2_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS2_X0_BIT : 0u) |
                     (rs1_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS1_X0_BIT : 0u) |
                     asid << MMCOSIM_PORT_SFENCE_ASID_LSB;
  return Req{va, kSfenceK, kW, false, w};
}
uint32_t tag(uint64_t pa) { return uint32_t(pa * 2654435761u) ^ 0x5a5a0000u; }

class MmuTest : public ::testing::Test {
 protected:
  MmuTest() : e(h) {
    root = e.alloc_table();
    csr.satp = sv::make_satp(root, 1);
    csr.priv_fetch = csr.priv_data = sv::kPrivS;
    e.set_csr(csr);
  }
  // Maps va's 4 KiB page to data page `page` and tags the word va lands on.
  void map(uint32_t va, uint32_t page, uint32_t flags = kRwxAD, uint32_t r = 0) {
    e.map4k(r ? r : root, va, kDataPpn + page, flags);
    const uint64_t pa = uint64_t(kDataPpn + page) * sv::kPageSize + (va & 0xffc);
    h.poke(uint32_t(pa) - kDramBase, tag(pa));
  }
  uint64_t pa_of(uint32_t va, uint32_t page) {
    return uint64_t(kDataPpn + page) * sv::kPageSize + (va & 0xffc);
  }
  Rsp access(Port p, const Req& r) { return h.access(p, r); }
  void flush_all() { access(kData, sfence(0, 0, true, true)); }
  // A race with the walker's Svadu compare-and-set: the fetch port (S
  // mode) walks to a fresh leaf of kVa with A=0 (data page `page`) while
  // the data port (M mode: physical) sends `d` to the leaf's address k
  // cycles later.  Runs both to their responses; returns the leaf address.
  uint64_t RaceTheWalker(uint32_t page, unsigned k, Req d) {
    csr.adue = true;
    csr.priv_data = sv::kPrivM;
    e.set_csr(csr);
    flush_all();
    map(kVa, page, sv::kPteV | sv::kPteR | sv::kPteX);
    const uint64_t leaf = e.l0_addr(sv::pte_ppn(e.shadow_pte(e.l1_addr(root, kVa))), kVa);
    h.issue(kFetch, fetch(kVa));
    for (unsigned i = 0; i < k; ++i) h.tick();
    d.addr = uint32_t(leaf);
    h.issue(kData, d);
    EXPECT_TRUE(h.run_until_idle());
    const Rsp& f = h.responses[kFetch].back();
    EXPECT_FALSE(f.fault) << k;
    EXPECT_EQ(f.rdata, tag(pa_of(kVa, page)));
    return leaf;
  }
  static uint64_t stat(unsigned ev) { return rtl_perf_read(ev); }

  MemSubsysHarness<Vmem_subsys> h;
  MmuEnv<MemSubsysHarness<Vmem_subsys>> e;
  Csr csr;
  uint32_t root = 0;
};

// ------------------------------------------------------------------ bypass
TEST_F(MmuTest, MachineModeAndBareBypassTheTlb) {
  csr.priv_fetch = csr.priv_data = sv::kPrivM;  // satp says Sv32, but M mode
  e.set_csr(csr);
  h.poke(0x40, 0x11223344);
  Rsp r = access(kData, load(kDramBase + 0x40));
  EXPECT_EQ(r.rdata, 0x11223344u);
  EXPECT_EQ(r.from_drive(), 2u + kLat) << "no cycle added";
  EXPECT_EQ(access(kFetch, fetch(kDramBase + 0x40)).from_drive(), 2u + kLat);
  csr.satp = 0;  // Bare
  csr.priv_fetch = csr.priv_data = sv::kPrivU;
  e.set_csr(csr);
  EXPECT_EQ(access(kData, load(kDramBase + 0x40)).from_drive(), 2u + kLat);
  for (unsigned ev = MMCOSIM_EVENT_MMU_ITLB_HIT; ev <= MMCOSIM_EVENT_MMU_PTW_WALKS; ++ev)
    EXPECT_EQ(stat(ev), 0u) << "event " << ev;
}

// ----------------------------------------------------------------- latency
TEST_F(MmuTest, HitAddsOneCycleAndFourKMissCostsTwoPteReads) {
  for (Port p : {kData, kFetch}) {
    const uint32_t va = p == kData ? kVa : kVa + 0x10000;
    map(va, p == kData ? 1 : 2);
    const uint64_t reads0 = stat(MMCOSIM_EVENT_MMU_PTW_PTE_READS);
    Rsp miss = access(p, p == kData ? load(va) : fetch(va));
    EXPECT_FALSE(miss.fault);
    EXPECT_EQ(miss.rdata, tag(pa_of(va, p == kData ? 1 : 2)));
    EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_PTE_READS) - reads0, 2u) << "exactly two PTE reads";
    Rsp hit = access(p, p == kData ? load(va) : fetch(va));
    EXPECT_EQ(hit.from_drive(), 3u + kLat) << "a TLB hit adds one cycle (the port's slot)";
    const uint64_t pte_read = 1 + kLat;  // bus handshake to ack of one read
    const uint64_t overhead = miss.from_drive() - hit.from_drive() - 2 * pte_read;
    EXPECT_LE(overhead, 3u);
    EXPECT_EQ(overhead, 1u) << "L1 PTE read issued in the miss cycle, L0 in the L1 ack cycle";
    std::printf("port %s, L=%u: hit %llu cycles, 4K miss %llu cycles = hit + 2 PTE reads x %llu + %llu\n",
                p == kData ? "data" : "fetch", kLat, (unsigned long long)hit.from_drive(),
                (unsigned long long)miss.from_drive(), (unsigned long long)pte_read,
                (unsigned long long)overhead);
  }
}

TEST_F(MmuTest, MegapageMissCostsOnePteRead) {
  e.map_mega(root, kVa, kDataPpn, kRwxAD);
  const uint64_t pa = uint64_t(kDataPpn) * sv::kPageSize + (kVa & 0x3ffffc);
  h.poke(uint32_t(pa) - kDramBase, tag(pa));
  const uint64_t reads0 = stat(MMCOSIM_EVENT_MMU_PTW_PTE_READS);
  Rsp miss = access(kData, load(kVa));
  EXPECT_EQ(miss.rdata, tag(pa));
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_PTE_READS) - reads0, 1u);
  Rsp hit = access(kData, load(kVa));
  EXPECT_EQ(miss.from_drive() - hit.from_drive(), (1u + kLat) + 1u);
  // Another 4 KiB page of the same megapage hits.
  const uint32_t va2 = kVa + 0x5000;
  const uint64_t pa2 = pa + 0x5000;
  h.poke(uint32_t(pa2) - kDramBase, tag(pa2));
  Rsp r2 = access(kData, load(va2));
  EXPECT_EQ(r2.rdata, tag(pa2));
  EXPECT_EQ(r2.from_drive(), 3u + kLat);
  std::printf("megapage miss %llu cycles, hit %llu\n", (unsigned long long)miss.from_drive(),
              (unsigned long long)hit.from_drive());
}

TEST_F(MmuTest, SfenceAnswersInTwoCycles) {
  const uint64_t n0 = stat(MMCOSIM_EVENT_MMU_SFENCE);
  for (bool rs1 : {false, true})
    for (bool rs2 : {false, true}) {
      Rsp r = access(kData, sfence(kVa, 3, rs1, rs2));
      EXPECT_FALSE(r.fault);
      EXPECT_EQ(r.from_drive(), 2u);
    }
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_SFENCE) - n0, 4u);
}

// ------------------------------------------------------------------ faults
TEST_F(MmuTest, PageFaultCausesOfEveryAccessKind) {
  e.map4k(root, kVa, kDataPpn, kRwxAD & ~sv::kPteV);  // invalid leaf
  struct K { Port p; Req r; uint8_t cause; };
  const K ks[] = {{kFetch, fetch(kVa), 12},     {kData, load(kVa), 13},
                  {kData, load(kVa, kLrK), 13}, {kData, store(kVa, 1), 15},
                  {kData, store(kVa, 1, kScK), 15}, {kData, Req{kVa, kAmoK, kW, false, 0}, 15},
                  {kData, Req{kVa, kAmoK, kW, true, 1}, 15}};
  for (const K& k : ks) {
    Rsp r = access(k.p, k.r);
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.cause, k.cause) << "kind " << int(k.r.kind);
    EXPECT_EQ(r.rdata, 0u);
  }
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_FAULT_FETCH_PAGE), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_FAULT_LOAD_PAGE), 2u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_FAULT_STORE_PAGE), 4u);
  EXPECT_TRUE(h.mmio_log.empty());
}

TEST_F(MmuTest, MalformedPtesArePageFaults) {
  struct M { const char* what; bool mega; uint32_t pte; };
  const M ms[] = {
      {"W without R", false, sv::make_pte(kDataPpn, sv::kPteV | sv::kPteW | sv::kPteA | sv::kPteD)},
      {"W+X without R", false, sv::make_pte(kDataPpn, sv::kPteV | sv::kPteW | sv::kPteX | sv::kPteA)},
      {"pointer at level 0", false, sv::make_pte(kDataPpn, sv::kPteV)},
      {"misaligned megapage", true, sv::make_pte(kDataPpn + 1, kRwxAD)},
      {"pointer with A", true, sv::make_pte(e.alloc_table(), sv::kPteV | sv::kPteA)},
      {"pointer with D", true, sv::make_pte(e.alloc_table(), sv::kPteV | sv::kPteD)},
      {"pointer with U", true, sv::make_pte(e.alloc_table(), sv::kPteV | sv::kPteU)},
      {"V=0 at level 1", true, sv::make_pte(e.alloc_table(), 0)},
  };
  for (const M& m : ms) {
    flush_all();
    if (m.mega) {
      e.write_pte(e.l1_addr(root, kVa), m.pte);
    } else {
      e.map4k(root, kVa, kDataPpn, kRwxAD);
      e.write_pte(e.l0_addr(sv::pte_ppn(e.shadow_pte(e.l1_addr(root, kVa))), kVa), m.pte);
    }
    EXPECT_EQ(access(kData, load(kVa)).cause, 13) << m.what;
    EXPECT_EQ(access(kData, store(kVa, 0)).cause, 15) << m.what;
    EXPECT_EQ(access(kFetch, fetch(kVa)).cause, 12) << m.what;
  }
}

TEST_F(MmuTest, WalkAccessFaultsHaveTheAccessType) {
  // Root table below DRAM: the very first PTE address is outside memory.
  csr.satp = sv::make_satp(0x100, 1);
  e.set_csr(csr);
  EXPECT_EQ(access(kFetch, fetch(kVa)).cause, 1);
  EXPECT_EQ(access(kData, load(kVa)).cause, 5);
  EXPECT_EQ(access(kData, store(kVa, 0)).cause, 7);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_FAULT_WALK_ACCESS), 3u);
  // Level-0 table in MMIO space (the UART) and above 4 GiB.
  csr.satp = sv::make_satp(root, 1);
  e.set_csr(csr);
  e.write_pte(e.l1_addr(root, kVa), sv::make_pte(MMCOSIM_MEMORY_MAP_UART_BASE >> 12, sv::kPteV));
  EXPECT_EQ(access(kData, load(kVa)).cause, 5);
  e.write_pte(e.l1_addr(root, kVa), sv::make_pte(1u << 20, sv::kPteV));
  EXPECT_EQ(access(kData, store(kVa, 0)).cause, 7);
  EXPECT_TRUE(h.mmio_log.empty()) << "the walker never reads a PTE from a device";
  // Leaf above 4 GiB: access fault after a permitted translation (and the
  // entry stays cached: the second access faults without a walk).
  flush_all();
  e.write_pte(e.l1_addr(root, kVa), 0);  // a fresh level-0 table below
  e.map4k(root, kVa, (2u << 20) | 5, kRwxAD);
  EXPECT_EQ(access(kData, load(kVa)).cause, 5);
  const uint64_t w0 = stat(MMCOSIM_EVENT_MMU_PTW_WALKS);
  EXPECT_EQ(access(kData, store(kVa, 0)).cause, 7);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_WALKS), w0);
  EXPECT_EQ(access(kFetch, fetch(kVa)).cause, 1);
  // Leaf into a hole: the bus error slave answers, same causes.
  flush_all();
  e.map4k(root, kVa, 0x10, kRwxAD);
  EXPECT_EQ(access(kData, load(kVa)).cause, 5);
  EXPECT_EQ(access(kFetch, fetch(kVa)).cause, 1);
}

TEST_F(MmuTest, PermissionsAreCheckedAgainOnEveryHit) {
  // A walk fills the TLB only when the access is permitted; every later
  // access to the page is a TLB hit whose permissions are checked again
  // under the sideband of the moment.  Each access states whether it must
  // be a hit or a miss, and the port's hit and miss counters confirm it.
  auto acc = [this](Port p, const Req& r, bool hit) {
    const unsigned hit_ev = p == kData ? MMCOSIM_EVENT_MMU_DTLB_HIT : MMCOSIM_EVENT_MMU_ITLB_HIT;
    const unsigned miss_ev = p == kData ? MMCOSIM_EVENT_MMU_DTLB_MISS : MMCOSIM_EVENT_MMU_ITLB_MISS;
    const uint64_t h0 = stat(hit_ev), m0 = stat(miss_ev);
    const Rsp x = access(p, r);
    EXPECT_EQ(stat(hit_ev) - h0, hit ? 1u : 0u) << std::hex << "va " << r.addr;
    EXPECT_EQ(stat(miss_ev) - m0, hit ? 0u : 1u) << std::hex << "va " << r.addr;
    return x;
  };
  auto set = [this](unsigned priv, bool sum, bool mxr) {
    csr.priv_data = csr.priv_fetch = priv;
    csr.sum = sum;
    csr.mxr = mxr;
    e.set_csr(csr);
  };
  // User page from S mode: SUM decides for loads, never for fetches.
  map(kVa, 3, kRwxAD | sv::kPteU);
  set(sv::kPrivS, true, false);
  Rsp r = acc(kData, load(kVa), false);
  EXPECT_FALSE(r.fault);
  EXPECT_EQ(r.rdata, tag(pa_of(kVa, 3)));
  set(sv::kPrivS, false, false);
  EXPECT_EQ(acc(kData, load(kVa), true).cause, 13) << "SUM cleared: the cached entry faults";
  set(sv::kPrivS, true, false);
  EXPECT_FALSE(acc(kData, load(kVa), true).fault) << "SUM set again without a fence";
  set(sv::kPrivU, false, false);
  EXPECT_FALSE(acc(kFetch, fetch(kVa), false).fault);
  EXPECT_FALSE(acc(kData, load(kVa), true).fault);
  set(sv::kPrivS, true, false);
  EXPECT_EQ(acc(kFetch, fetch(kVa), true).cause, 12) << "S never executes U pages, even with SUM";
  // Execute-only user page: loads need MXR, stores never pass.
  const uint32_t va2 = kVa + 0x1000;
  map(va2, 4, sv::kPteV | sv::kPteX | sv::kPteU | sv::kPteA);
  set(sv::kPrivU, false, true);
  EXPECT_EQ(acc(kData, load(va2), false).rdata, tag(pa_of(va2, 4)));
  set(sv::kPrivU, false, false);
  EXPECT_EQ(acc(kData, load(va2), true).cause, 13) << "MXR cleared: the cached entry faults";
  set(sv::kPrivU, false, true);
  EXPECT_EQ(acc(kData, store(va2, 0), true).cause, 15) << "MXR does not grant W";
  // Supervisor page: cached from S, refused to U on the hit.
  const uint32_t va3 = kVa + 0x2000;
  map(va3, 5);
  set(sv::kPrivS, false, false);
  EXPECT_FALSE(acc(kData, load(va3), false).fault);
  EXPECT_FALSE(acc(kFetch, fetch(va3), false).fault);
  set(sv::kPrivU, false, false);
  EXPECT_EQ(acc(kData, load(va3), true).cause, 13);
  EXPECT_EQ(acc(kFetch, fetch(va3), true).cause, 12);
}

// ------------------------------------------------------------------ fences
TEST_F(MmuTest, FourSfenceFormsKeepGlobalsWhereTheSpecSays) {
  const uint32_t root2 = e.alloc_table();
  const uint32_t va1 = 0x10000000, va2 = 0x10001000, vag = 0x20000000;
  map(va1, 10);
  map(va2, 11);
  e.map4k(root, vag, kDataPpn + 12, kRwxAD | sv::kPteG);
  e.map4k(root2, vag, kDataPpn + 12, kRwxAD | sv::kPteG);
  map(va1, 13, kRwxAD, root2);
  struct Probe { uint32_t va; uint32_t asid; };
  const Probe probes[] = {{va1, 1}, {va2, 1}, {vag, 1}, {va1, 2}};
  auto set_asid = [&](uint32_t asid) {
    csr.satp = sv::make_satp(asid == 1 ? root : root2, asid);
    e.set_csr(csr);
  };
  auto fill = [&] {
    flush_all();
    for (const Probe& p : probes) {
      set_asid(p.asid);
      access(kData, load(p.va));
    }
  };
  auto hits = [&](const Probe& p) {
    set_asid(p.asid);
    const uint64_t m0 = stat(MMCOSIM_EVENT_MMU_DTLB_MISS);
    Rsp r = access(kData, load(p.va));
    EXPECT_FALSE(r.fault);
    return stat(MMCOSIM_EVENT_MMU_DTLB_MISS) == m0;
  };
  struct Form { bool rs1_x0, rs2_x0; uint32_t va, asid; bool keep[4]; };
  const Form forms[] = {
      {true, true, 0, 0, {false, false, false, false}},    // everything
      {true, false, 0, 1, {false, false, true, true}},     // ASID 1, globals kept
      {false, true, va1, 0, {false, true, true, false}},   // va1 in every ASID
      {false, true, vag, 0, {true, true, false, true}},    // a global page by address
      {false, false, va1, 1, {false, true, true, true}},   // va1 in ASID 1
      {false, false, vag, 1, {true, true, true, true}},    // global kept
  };
  for (const Form& f : forms) {
    fill();
    for (const Probe& p : probes) {
      set_asid(p.asid);
      ASSERT_TRUE(hits(p)) << "filled";
    }
    access(kData, sfence(f.va, f.asid, f.rs1_x0, f.rs2_x0));
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(hits(probes[i]), f.keep[i])
          << "form rs1_x0=" << f.rs1_x0 << " rs2_x0=" << f.rs2_x0 << " probe " << i;
  }
}

TEST_F(MmuTest, FenceDuringAWalkNeverInstallsItsEntry) {
  const uint32_t va = kVa;
  uint64_t killed = 0, after = 0;
  for (unsigned k = 0; k < 10 + 3 * kLat; ++k) {
    flush_all();
    map(va, 20);
    const uint64_t pa_new = pa_of(va, 21);
    h.poke(uint32_t(pa_new) - kDramBase, tag(pa_new));
    const uint64_t k0 = stat(MMCOSIM_EVENT_MMU_PTW_KILLED);
    h.issue(kFetch, fetch(va));
    for (unsigned i = 0; i < k; ++i) h.tick();
    // The page table changes and the fence follows at once.
    e.map4k(root, va, kDataPpn + 21, kRwxAD);
    h.issue(kData, sfence(0, 0, true, true));
    ASSERT_TRUE(h.run_until_idle());
    const Rsp& f = h.responses[kFetch].back();
    const Rsp& s = h.responses[kData].back();
    ASSERT_FALSE(f.fault);
    // The fence flushes at its response edge; a fetch whose bus access
    // started after that edge (response 1 + L later) looked up afterwards.
    if (f.rsp_edge > s.rsp_edge + 1 + kLat) {
      ++after;
      EXPECT_EQ(f.rdata, tag(pa_new)) << "fetch translated after the fence used a stale entry, k=" << k;
    } else {
      EXPECT_TRUE(f.rdata == tag(pa_of(va, 20)) || f.rdata == tag(pa_new)) << k;
    }
    EXPECT_EQ(access(kFetch, fetch(va)).rdata, tag(pa_new)) << "stale entry after the fence, k=" << k;
    killed += stat(MMCOSIM_EVENT_MMU_PTW_KILLED) - k0;
  }
  EXPECT_GT(killed, 0u) << "no fence hit a walk in flight";
  EXPECT_GT(after, 0u);
  std::printf("fence during walk: %llu walks killed, %llu fetches translated after the fence\n",
              (unsigned long long)killed, (unsigned long long)after);
}

TEST_F(MmuTest, AsidsIsolateTranslationsWithoutFences) {
  const uint32_t root2 = e.alloc_table();
  map(kVa, 30);
  map(kVa, 31, kRwxAD, root2);
  for (int i = 0; i < 6; ++i) {
    const uint32_t asid = 1 + (i & 1);
    csr.satp = sv::make_satp(asid == 1 ? root : root2, asid);
    e.set_csr(csr);
    EXPECT_EQ(access(kData, load(kVa)).rdata, tag(pa_of(kVa, asid == 1 ? 30 : 31))) << i;
    EXPECT_EQ(access(kFetch, fetch(kVa)).rdata, tag(pa_of(kVa, asid == 1 ? 30 : 31))) << i;
  }
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_WALKS), 4u) << "one walk per ASID and TLB, then hits";
  // An ASID with no mapping for kVa misses and faults: nothing leaks.
  csr.satp = sv::make_satp(e.alloc_table(), 3);
  e.set_csr(csr);
  EXPECT_EQ(access(kData, load(kVa)).cause, 13);
}

// ------------------------------------------------------------- replacement
TEST_F(MmuTest, ReplacementFollowsTreePlruWithInvalidFirst) {
  const unsigned n = MMCOSIM_MMU_DTLB_ENTRIES;
  sv::Tlb ref(n);
  std::mt19937 rng(7);
  const unsigned pages = 3 * n;
  for (unsigned i = 0; i < pages; ++i) map(0x30000000 + i * sv::kPageSize, 40 + i);
  unsigned hits = 0, misses = 0;
  for (unsigned i = 0; i < 40 * n; ++i) {
    // Mostly a hot set that fits, sometimes a cold page: exercises the tree.
    const unsigned page = (rng() % 4) ? rng() % (n - n / 4) : rng() % pages;
    const uint32_t va = 0x30000000 + page * sv::kPageSize;
    const int idx = ref.lookup(va, 1);
    const uint64_t m0 = stat(MMCOSIM_EVENT_MMU_DTLB_MISS);
    Rsp r = access(kData, load(va));
    ASSERT_EQ(r.rdata, tag(pa_of(va, 40 + page)));
    const bool rtl_hit = stat(MMCOSIM_EVENT_MMU_DTLB_MISS) == m0;
    ASSERT_EQ(rtl_hit, idx >= 0) << "access " << i << " page " << page;
    if (idx >= 0) {
      ref.touch(unsigned(idx));
      ++hits;
    } else {
      sv::Result g = e.golden(csr, false, va, sv::Access::kLoad);
      ref.fill(va, 1, g);
      ++misses;
    }
  }
  EXPECT_GT(hits, n);
  EXPECT_GT(misses, n);
  std::printf("replacement: %u hits, %u misses, all as the reference tree PLRU predicts\n", hits,
              misses);
}

// ---------------------------------------------------------------------- A/D
TEST_F(MmuTest, SvadeFaultsOnAccessedAndDirty) {
  csr.adue = false;
  e.set_csr(csr);
  map(kVa, 50, kRwxAD & ~sv::kPteA);
  EXPECT_EQ(access(kData, load(kVa)).cause, 13);
  EXPECT_EQ(access(kFetch, fetch(kVa)).cause, 12);
  map(kVa, 50, kRwxAD & ~sv::kPteD);
  flush_all();
  EXPECT_FALSE(access(kData, load(kVa)).fault) << "D=0 is fine for loads";
  EXPECT_EQ(access(kData, store(kVa, 1)).cause, 15) << "store hits the cached D=0 entry";
  EXPECT_EQ(e.read_mem(e.l0_addr(sv::pte_ppn(e.shadow_pte(e.l1_addr(root, kVa))), kVa)),
            sv::make_pte(kDataPpn + 50, kRwxAD & ~sv::kPteD))
      << "Svade never writes a PTE";
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES), 0u);
}

TEST_F(MmuTest, SvaduSetsAccessedThenDirtyThroughTheBus) {
  csr.adue = true;
  e.set_csr(csr);
  const uint32_t rsw = 1u << 8;
  map(kVa, 51, ((kRwxAD & ~(sv::kPteA | sv::kPteD)) | rsw));
  const uint64_t leaf = e.l0_addr(sv::pte_ppn(e.shadow_pte(e.l1_addr(root, kVa))), kVa);
  Rsp r = access(kData, load(kVa));
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(r.rdata, tag(pa_of(kVa, 51)));
  // A 4 KiB miss (6 + 3L) plus the locked compare read and write, each
  // issued in the cycle after the previous ack: 4 + 2L.
  EXPECT_EQ(r.from_drive(), (6u + 3 * kLat) + (4u + 2 * kLat));
  std::printf("Svadu A update on a 4K miss: %llu cycles\n", (unsigned long long)r.from_drive());
  EXPECT_EQ(e.read_mem(leaf), sv::make_pte(kDataPpn + 51, (kRwxAD & ~sv::kPteD) | rsw))
      << "load sets A only, keeps RSW";
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES), 1u);
  EXPECT_EQ(access(kData, load(kVa)).from_drive(), 3u + kLat) << "then hits";
  // A store hits the cached D=0 entry: walk again, set D, replace the entry.
  const uint64_t m0 = stat(MMCOSIM_EVENT_MMU_DTLB_MISS);
  r = access(kData, store(kVa, 0xfeedf00d));
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_DTLB_MISS) - m0, 1u);
  EXPECT_EQ(e.read_mem(leaf), sv::make_pte(kDataPpn + 51, kRwxAD | rsw));
  EXPECT_EQ(h.peek(uint32_t(pa_of(kVa, 51)) - kDramBase), 0xfeedf00du);
  EXPECT_EQ(access(kData, store(kVa, 2)).from_drive(), 3u + kLat) << "D now cached";
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES), 2u);
  // No update for an access that faults.
  const uint32_t va2 = kVa + 0x1000;
  map(va2, 52, sv::kPteV | sv::kPteR);
  const uint64_t leaf2 = e.l0_addr(sv::pte_ppn(e.shadow_pte(e.l1_addr(root, va2))), va2);
  EXPECT_EQ(access(kData, store(va2, 1)).cause, 15);
  EXPECT_EQ(e.read_mem(leaf2), sv::make_pte(kDataPpn + 52, sv::kPteV | sv::kPteR));
}

TEST_F(MmuTest, SvaduCompareAndSetIsAtomicAndRestarts) {
  // The fetch port walks (S mode) while the data port, in M mode, stores a
  // software bit into the very PTE: a bus master racing the walker's
  // compare-and-set.  Swept over every timing, the store may land before
  // the walk (seen by it), between the walk and the compare (restart), or
  // after the write (a plain store then clears A, as it would on any bus);
  // it can never land between the locked compare and write, so its bit is
  // never lost.
  const uint32_t rsw = 1u << 9;
  const uint32_t base = sv::make_pte(kDataPpn + 53, sv::kPteV | sv::kPteR | sv::kPteX);
  uint64_t retries = 0, seen_a = 0;
  for (unsigned k = 0; k < 12 + 4 * kLat; ++k) {
    const uint64_t r0 = stat(MMCOSIM_EVENT_MMU_PTW_AD_RETRIES);
    const uint64_t leaf = RaceTheWalker(53, k, store(0, base | rsw));
    if (HasFailure()) return;
    const uint32_t pte = e.read_mem(leaf);
    EXPECT_TRUE(pte == (base | rsw | sv::kPteA) || pte == (base | rsw))
        << std::hex << "PTE " << pte << " k=" << std::dec << k;
    seen_a += (pte & sv::kPteA) != 0;
    retries += stat(MMCOSIM_EVENT_MMU_PTW_AD_RETRIES) - r0;
  }
  EXPECT_GT(retries, 0u) << "the store never landed between the walk and its compare";
  EXPECT_GT(seen_a, 0u);
  std::printf("Svadu: %llu compare-and-set restarts over the sweep\n", (unsigned long long)retries);
}

TEST_F(MmuTest, AmoAndSvaduCompareAndSetNeverInterleave) {
  // The fetch port walks (S mode) to a leaf with A=0, so the walker sets A
  // with its locked compare-and-set, while the data port (M mode) performs
  // an AMOOR of a software bit on the same PTE as the CPU does it: a read
  // half, then at its response edge the write half with old | bit.  Swept
  // over every timing, both updates must survive: the data master locks
  // the bus from the read half to the write half, so the walker's
  // compare-and-set comes wholly before (the AMO reads A=1) or after (it
  // sees the AMO's value, restarting if it changed under the walk).
  const uint32_t rsw = 1u << 8;
  const uint32_t base = sv::make_pte(kDataPpn + 54, sv::kPteV | sv::kPteR | sv::kPteX);
  h.on_response = [this, rsw](Port p, const Rsp& r) {
    if (p == kData && r.req.kind == kAmoK && !r.req.we)
      h.issue(kData, Req{r.req.addr, kAmoK, kW, true, r.rdata | rsw});
  };
  uint64_t amo_first = 0, cas_first = 0, retries = 0;
  for (unsigned k = 0; k < 12 + 4 * kLat; ++k) {
    const uint64_t r0 = stat(MMCOSIM_EVENT_MMU_PTW_AD_RETRIES);
    const uint64_t leaf = RaceTheWalker(54, k, Req{0, kAmoK, kW, false, 0});
    if (HasFailure()) return;
    const size_t n = h.responses[kData].size();
    ASSERT_GE(n, 2u);
    const Rsp& rd = h.responses[kData][n - 2];
    ASSERT_TRUE(rd.req.kind == kAmoK && !rd.req.we && !rd.fault);
    ASSERT_TRUE(h.responses[kData].back().req.we);
    EXPECT_EQ(e.read_mem(leaf), base | rsw | sv::kPteA)
        << std::hex << "lost update: PTE " << e.read_mem(leaf) << std::dec << " k=" << k;
    if (rd.rdata & sv::kPteA) ++cas_first; else ++amo_first;
    retries += stat(MMCOSIM_EVENT_MMU_PTW_AD_RETRIES) - r0;
  }
  h.on_response = nullptr;
  EXPECT_GT(amo_first, 0u) << "the AMO never came before the compare-and-set";
  EXPECT_GT(cas_first, 0u) << "the compare-and-set never came before the AMO";
  std::printf("AMO vs Svadu: AMO first %llu, compare-and-set first %llu, restarts %llu\n",
              (unsigned long long)amo_first, (unsigned long long)cas_first,
              (unsigned long long)retries);
}

// ----------------------------------------------------- sideband while waiting
TEST_F(MmuTest, SidebandChangeWhileRequestsWaitUsesTheirIssueState) {
  // Issue state: satp A (ASID 1), fetch in U, data in S.  va maps in A to
  // a U+X page (fetch) and va2 to a supervisor page (data); under the new
  // state (satp B, ASID 2, both ports S resp. U) the fetch of a U page
  // from S faults and va maps elsewhere, the U-mode load of va2 faults.
  // Both requests miss at once, so one waits for the walker while the
  // other walks; the sideband changes after k cycles.  Each must answer
  // as translated under the state it was issued in.
  const uint32_t va = kVa, va2 = kVa + 0x400000;
  const uint32_t root_b = e.alloc_table();
  uint64_t waited = 0;
  for (unsigned k = 2; k < 14 + 6 * kLat; ++k) {
    csr.satp = sv::make_satp(root, 1);
    csr.priv_fetch = sv::kPrivU;
    csr.priv_data = sv::kPrivS;
    e.set_csr(csr);
    flush_all();
    map(va, 62, sv::kPteV | sv::kPteR | sv::kPteX | sv::kPteU | sv::kPteA);
    map(va2, 63);
    map(va, 64, kRwxAD | sv::kPteU, root_b);
    map(va2, 65, kRwxAD, root_b);
    h.issue(kData, load(va2));
    h.issue(kFetch, fetch(va));
    for (unsigned i = 0; i < k; ++i) h.tick();
    Csr next = csr;
    next.satp = sv::make_satp(root_b, 2);
    next.priv_fetch = sv::kPrivS;
    next.priv_data = sv::kPrivU;
    e.set_csr(next);  // in force from the cycle after this edge
    const uint64_t change_edge = h.edge();
    ASSERT_TRUE(h.run_until_idle());
    const Rsp& f = h.responses[kFetch].back();
    const Rsp& d = h.responses[kData].back();
    ASSERT_FALSE(f.fault) << "fetch translated under the new privilege, k=" << k;
    EXPECT_EQ(f.rdata, tag(pa_of(va, 62))) << "fetch translated under the new satp, k=" << k;
    ASSERT_FALSE(d.fault) << "load translated under the new privilege, k=" << k;
    EXPECT_EQ(d.rdata, tag(pa_of(va2, 63))) << "load translated under the new satp, k=" << k;
    for (const Rsp* r : {&f, &d})
      waited += r->accept_edge <= change_edge && r->rsp_edge > change_edge + 1;
  }
  EXPECT_GT(waited, 0u) << "no request waited across the sideband change";
  std::printf("sideband change: %llu requests answered after it under their issue state\n",
              (unsigned long long)waited);
}

// ------------------------------------------------------------ both ports
TEST_F(MmuTest, BothPortsMissInTheSameCycle) {
  map(kVa, 60);
  map(kVa + 0x400000, 61);
  const uint64_t w0 = stat(MMCOSIM_EVENT_MMU_PTW_WALKS);
  h.issue(kData, load(kVa));
  h.issue(kFetch, fetch(kVa + 0x400000));
  ASSERT_TRUE(h.run_until_idle());
  EXPECT_EQ(h.responses[kData].back().rdata, tag(pa_of(kVa, 60)));
  EXPECT_EQ(h.responses[kFetch].back().rdata, tag(pa_of(kVa + 0x400000, 61)));
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_PTW_WALKS) - w0, 2u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_ITLB_MISS), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_DTLB_MISS), 1u);
  // Counters: hits and walk cycles.
  access(kData, load(kVa));
  access(kFetch, fetch(kVa + 0x400000));
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_ITLB_HIT), 1u);
  EXPECT_EQ(stat(MMCOSIM_EVENT_MMU_DTLB_HIT), 1u);
  EXPECT_GE(stat(MMCOSIM_EVENT_MMU_PTW_CYCLES), 2u * 2 * (1 + kLat));
}

}  // namespace
