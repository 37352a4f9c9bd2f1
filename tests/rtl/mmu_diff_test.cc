// Differential random test of the RTL MMU (inside mem_subsys) against the
// Sv32 golden model (model/mmu): random page tables with valid and
// malformed PTEs, megapages, global regions shared by every address space,
// four ASIDs, random satp/privilege/SUM/MXR/ADUE changes, random PTE
// changes each followed by an SFENCE.VMA of a form that covers it, random
// extra fences, and traffic on both ports: fetches alongside loads and
// stores, byte, halfword and word accesses.  Some PTE changes are stores
// of the CPU's data port into the live page tables; some replace
// megapages and are fenced by a VA inside them alone.  Every response
// (physical address through the data it returns or writes, or fault cause)
// must equal the golden model's; every PTE the model touched must hold the
// same value in the RTL memory (Svadu A/D updates).  Per-class coverage
// (TLB hits granted by MXR alone, S-mode hits on U pages through SUM,
// megapage VA fences, PTE stores through the port, fetches beside stores,
// sub-word accesses) is asserted non-zero.  Prints the counts.
#include <cstdio>
#include <deque>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "mmu_env.h"

using namespace mmcosim_test;
namespace sv = mmcosim::sv32;

namespace {

constexpr uint8_t kFetchK = MMCOSIM_PORT_KIND_FETCH;
constexpr uint8_t kLoadK = MMCOSIM_PORT_KIND_LOAD;
constexpr uint8_t kStoreK = MMCOSIM_PORT_KIND_STORE;
constexpr uint8_t kAmoK = MMCOSIM_PORT_KIND_AMO;
constexpr uint8_t kLrK = MMCOSIM_PORT_KIND_LR;
constexpr uint8_t kScK = MMCOSIM_PORT_KIND_SC;
constexpr uint8_t kSfenceK = MMCOSIM_PORT_KIND_SFENCE;
constexpr uint8_t kW = MMCOSIM_PORT_SIZE_WORD;
constexpr uint8_t kB = MMCOSIM_PORT_SIZE_BYTE;
constexpr uint8_t kH = MMCOSIM_PORT_SIZE_HALF;

// Physical layout (DRAM offsets): page tables from 1 MiB, data 8..16 MiB.
constexpr uint32_t kDataPpn = kDramPpn + (8u << 20 >> sv::kPageShift);
constexpr uint32_t kDataPages = 8u << 20 >> sv::kPageShift;  // two megapages
constexpr unsigned kAsids = 4;
constexpr unsigned kRegions = 12;        // 4 MiB regions of the VA space in use
constexpr unsigned kGlobalRegions = 3;   // the first ones: same in every ASID
constexpr unsigned kWildRegions = 3;     // the last ones: malformed PTEs of every kind
constexpr unsigned kSlots = 12;          // 4 KiB pages used per level-0 table

uint32_t data_word(uint64_t pa) { return uint32_t(pa * 0x9e3779b1u) ^ 0xa5000000u; }

class MmuDiffTest : public ::testing::TestWithParam<unsigned> {
 protected:
  MmuDiffTest() : e(h), rng(GetParam()) {}

  // ------------------------------------------------------------ generators
  uint32_t region_va(unsigned r) const { return (0x04u + 0x0du * r) << sv::kMegaShift; }
  uint32_t slot_va(unsigned r, unsigned s) const {
    return region_va(r) | (((s * 37u + 3u) & sv::kVpnMask) << sv::kPageShift);
  }
  bool chance(unsigned pct) { return rng() % 100 < pct; }
  // The last operations, printed when a check fails.
  void log(const std::string& line) {
    history.push_back(line);
    if (history.size() > 60) history.pop_front();
  }
  std::string dump() const {
    std::string s = "\nlast operations:\n";
    for (const auto& l : history) s += "  " + l + "\n";
    return s;
  }

  // Regions: [0, kGlobalRegions) global (supervisor pages, shared by every
  // ASID); then user regions; the last kWildRegions hold anything at all.
  bool wild(unsigned r) const { return r >= kRegions - kWildRegions; }
  bool user(unsigned r) const { return r >= kGlobalRegions; }

  uint32_t random_flags(unsigned r) {
    static const uint32_t perms[] = {sv::kPteR, sv::kPteR | sv::kPteW, sv::kPteR | sv::kPteX,
                                     sv::kPteR | sv::kPteW | sv::kPteX, sv::kPteX,
                                     sv::kPteW, sv::kPteW | sv::kPteX};
    const bool global = r < kGlobalRegions;
    if (!wild(r)) {  // sane: valid, mostly accessed, U by region
      uint32_t f = sv::kPteV | perms[chance(95) ? (chance(50) ? 3 : rng() % 4) : 4];
      if (user(r) && chance(90)) f |= sv::kPteU;
      // Leaves of a global region's shared table are global: a non-global
      // PTE shared by several ASIDs would be cached once per ASID, and a
      // Svadu D update through one ASID leaves the others' copies stale
      // (legal: the spec lets a hart use the old PTE until a fence).
      if (global) f |= sv::kPteG;
      if (chance(90)) f |= sv::kPteA;
      if (chance(70)) f |= sv::kPteD;
      return f | (rng() % 4) << 8;
    }
    uint32_t f = chance(90) ? sv::kPteV : 0u;
    f |= chance(90) ? perms[rng() % 5] : perms[5 + rng() % 2];
    if (chance(50)) f |= sv::kPteU;
    if (chance(70)) f |= sv::kPteA;
    if (chance(50)) f |= sv::kPteD;
    return f | (rng() % 4) << 8;
  }
  uint32_t random_leaf_ppn(unsigned r) {
    const unsigned k = wild(r) ? rng() % 100 : 0;
    if (k < 88) return kDataPpn + rng() % kDataPages;
    if (k < 92) return 0x10 + rng() % 0x100;                 // a hole below the devices
    if (k < 96) return (1u + rng() % 3) << 20 | (rng() & 0xfffff);  // above 4 GiB
    return EnvT::kTableFirstPpn + rng() % 64;                // a page table (read it)
  }
  uint32_t random_leaf(unsigned r) { return sv::make_pte(random_leaf_ppn(r), random_flags(r)); }
  uint32_t random_mega(unsigned r) {
    uint32_t ppn;
    const unsigned k = wild(r) ? rng() % 100 : 0;
    if (k < 85) ppn = kDataPpn + (rng() % 2) * (1u << sv::kVpnBits);
    else if (k < 92) ppn = kDataPpn + 1 + rng() % 1000;  // misaligned
    else ppn = (1u + rng() % 3) << 20;                    // above 4 GiB
    // A global megapage is copied into every root (as kernels do); its
    // copies must not differ in A/D, or a TLB entry cached from one copy
    // would legitimately skip the update of another.
    const uint32_t ad = r < kGlobalRegions ? sv::kPteA | sv::kPteD : 0u;
    return sv::make_pte(ppn, random_flags(r) | sv::kPteR | ad);
  }
  // Level-1 entry for region r: a pointer to table t, sometimes malformed.
  uint32_t pointer_pte(uint32_t table, unsigned r) {
    uint32_t f = sv::kPteV | (r < kGlobalRegions && chance(50) ? sv::kPteG : 0u);
    const unsigned k = wild(r) ? rng() % 100 : 100;
    if (k < 3) f |= sv::kPteA;
    else if (k < 5) f |= sv::kPteU;
    else if (k < 6) f &= ~sv::kPteV;
    uint32_t ppn = table;
    if (wild(r) && chance(5)) ppn = 0x20;             // table outside memory
    else if (wild(r) && chance(3)) ppn = 1u << 20;    // above 4 GiB
    return sv::make_pte(ppn, f);
  }

  void fill_table(uint32_t table, unsigned r) {
    for (unsigned s = 0; s < kSlots; ++s)
      e.write_pte(e.l0_addr(table, slot_va(0, s)), random_leaf(r));
  }

  // Region r of every ASID (global regions share one value).
  void build_region(unsigned r) {
    const bool global = r < kGlobalRegions;
    if (global) {
      uint32_t l1;
      if (chance(30)) {
        l1 = random_mega(r);
      } else {
        l1 = pointer_pte(tables[0][r], r);
        fill_table(tables[0][r], r);
      }
      for (unsigned a = 0; a < kAsids; ++a) e.write_pte(e.l1_addr(roots[a], region_va(r)), l1);
      return;
    }
    for (unsigned a = 0; a < kAsids; ++a) {
      uint32_t l1;
      if (chance(25)) {
        l1 = random_mega(r);
      } else {
        l1 = pointer_pte(tables[a][r], r);
        fill_table(tables[a][r], r);
      }
      e.write_pte(e.l1_addr(roots[a], region_va(r)), l1);
    }
  }

  void build() {
    for (unsigned a = 0; a < kAsids; ++a) {
      roots[a] = e.alloc_table();
      for (unsigned r = 0; r < kRegions; ++r) tables[a][r] = e.alloc_table();
    }
    for (unsigned r = 0; r < kRegions; ++r) build_region(r);
    for (uint32_t p = 0; p < kDataPages; p += 1) {  // tag the words tests use
      const uint64_t pa = uint64_t(kDataPpn + p) * sv::kPageSize;
      for (uint32_t off = 0; off < 64; off += 4) h.poke(uint32_t(pa + off) - kDramBase, data_word(pa + off));
    }
  }

  // ------------------------------------------------------------ operations
  Csr random_csr() {
    Csr c = e.csr();
    const unsigned a = rng() % kAsids;
    c.satp = chance(4) ? 0 : sv::make_satp(roots[a], a + 1);
    static const unsigned privs[] = {sv::kPrivU, sv::kPrivS, sv::kPrivS, sv::kPrivU, sv::kPrivU,
                                     sv::kPrivS, sv::kPrivU, sv::kPrivS, sv::kPrivU, sv::kPrivM};
    c.priv_fetch = privs[rng() % 10];
    c.priv_data = chance(70) ? c.priv_fetch : privs[rng() % 10];
    c.sum = chance(60);
    c.mxr = chance(30);
    c.adue = chance(50);
    return c;
  }

  Req fence_req(uint32_t va, uint32_t asid, bool rs1_x0, bool rs2_x0) {
    const uint32_t w = (rs2_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS2_X0_BIT : 0u) |
                       (rs1_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS1_X0_BIT : 0u) |
                       asid << MMCOSIM_PORT_SFENCE_ASID_LSB;
    return Req{va, kSfenceK, kW, false, w};
  }
  void fence(uint32_t va, uint32_t asid, bool rs1_x0, bool rs2_x0) {
    std::ostringstream o;
    o << std::hex << "sfence va=" << va << " asid=" << asid << " rs1_x0=" << rs1_x0 << " rs2_x0=" << rs2_x0;
    log(o.str());
    h.access(kData, fence_req(va, asid, rs1_x0, rs2_x0));
    ++fences;
  }

  // Changes a PTE and issues a fence that covers every cached copy of it.
  void mutate() {
    log("mutate");
    const unsigned r = rng() % kRegions;
    const bool global = r < kGlobalRegions;
    const unsigned a = rng() % kAsids;
    const uint64_t l1a = e.l1_addr(roots[a], region_va(r));
    const uint32_t l1 = e.shadow_pte(l1a);
    const bool pointer = (l1 & sv::kPteV) && !(l1 & (sv::kPteR | sv::kPteX)) &&
                         sv::pte_ppn(l1) == tables[global ? 0 : a][r];
    if (pointer && chance(80)) {
      // One level-0 leaf.
      const unsigned s = rng() % kSlots;
      const uint32_t va = slot_va(r, s);
      store_pte(e.l0_addr(tables[global ? 0 : a][r], va), random_leaf(r));
      const unsigned form = rng() % 4;
      if (global || (l1 & sv::kPteG)) {
        if (form < 2) fence(va | (rng() & 0xfff), 0, false, true);
        else fence(0, 0, true, true);
      } else {
        const uint32_t asid = a + 1;
        switch (form) {
          case 0: fence(va | (rng() & 0xfff), asid, false, false); break;
          case 1: fence(va, 0, false, true); break;
          case 2: fence(0, asid, true, false); break;
          default: fence(0, 0, true, true); break;
        }
      }
    } else if (megapages_everywhere(r) && chance(60)) {
      // Every copy of region r is a megapage leaf: the only entries cached
      // for it are megapage entries, and a fence by one VA inside the
      // region, for every ASID, must flush them all.
      for (unsigned b = 0; b < kAsids; ++b) {
        const uint32_t m = global && b > 0 ? e.shadow_pte(e.l1_addr(roots[0], region_va(r))) : random_mega(r);
        store_pte(e.l1_addr(roots[b], region_va(r)), m);
      }
      fence(region_va(r) | (rng() & ((1u << sv::kMegaShift) - 1)), 0, false, true);
      ++mega_va_fences;
    } else {
      build_region(r);  // a whole region anew (megapage, pointer, malformed)
      if (global) fence(0, 0, true, true);
      else if (chance(50)) fence(0, a + 1, true, false);
      else fence(0, 0, true, true);
      // build_region rewrote every ASID's region r: flush all of them.
      if (!global) fence(0, 0, true, true);
    }
    ++mutations;
  }

  // Whether region r is a megapage leaf (R or X) in every ASID's root.
  bool megapages_everywhere(unsigned r) {
    for (unsigned b = 0; b < kAsids; ++b) {
      const uint32_t l1 = e.shadow_pte(e.l1_addr(roots[b], region_va(r)));
      if (!(l1 & sv::kPteV) || !(l1 & (sv::kPteR | sv::kPteX))) return false;
    }
    return true;
  }
  // Writes a PTE, half the time as software does: a store of the CPU's
  // data port in M mode (physical) into the live page table.
  void store_pte(uint64_t pa, uint32_t v) {
    if (!chance(50)) {
      e.write_pte(pa, v);
      return;
    }
    const Csr saved = e.csr();
    Csr m = saved;
    m.priv_data = sv::kPrivM;
    e.set_csr(m);
    e.note_pte(pa, v);
    const Rsp r = h.access(kData, Req{uint32_t(pa), kStoreK, kW, true, v});
    EXPECT_FALSE(r.fault) << std::hex << "PTE store at " << pa;
    e.set_csr(saved);
    ++pte_stores;
  }

  // A virtual address for a port: mostly where its privilege may go (S:
  // global regions, or user ones with SUM for data; U: user regions), so
  // that most translations succeed and hit; sometimes anywhere.
  uint32_t pick_va(bool translated, bool fetch) {
    if (!translated) {  // physical: only the data region
      return uint32_t(uint64_t(kDataPpn + rng() % kDataPages) * sv::kPageSize) + (rng() % 16) * 4;
    }
    // Locality: most addresses come back to one of the last 16 pages.
    uint32_t* recent = fetch ? recent_fetch : recent_data;
    if (chance(75)) return (recent[rng() % 16] & ~0xfffu) | (rng() % 16) * 4;
    const uint32_t va = fresh_va(fetch);
    recent[rng() % 16] = va;
    return va;
  }
  uint32_t fresh_va(bool fetch) {
    const Csr& c = e.csr();
    const unsigned priv = fetch ? c.priv_fetch : c.priv_data;
    unsigned r;
    if (chance(15)) r = rng() % kRegions;
    else if (priv == sv::kPrivS && (fetch || !c.sum || chance(50))) r = rng() % kGlobalRegions;
    else r = kGlobalRegions + rng() % (kRegions - kGlobalRegions);
    uint32_t va = chance(95) ? slot_va(r, rng() % kSlots) : region_va(r) | (rng() & 0x3ff000);
    return va + (rng() % 16) * 4;
  }

  struct Pending {
    Port port;
    Req req;
    sv::Result g;
    uint32_t old = 0;  // a store's word before it (lanes it leaves alone)
  };

  // Checks one response against the golden result.
  void check(const Pending& p, const Rsp& x) {
    ++checked;
    const sv::Access acc = p.port == kFetch ? sv::Access::kFetch : sv::access_of_kind(p.req.kind);
    uint8_t want_cause = 0;
    bool want_fault = p.g.fault;
    if (p.g.fault) want_cause = p.g.cause;
    else if (!in_dram(p.g.pa)) { want_fault = true; want_cause = sv::access_fault_cause(acc); }
    ASSERT_EQ(x.fault, want_fault) << dump() << std::hex << "golden pte " << p.g.pte << " level " << p.g.level << " global " << p.g.global << " we " << p.req.we << " " << "va " << p.req.addr << " kind " << int(p.req.kind)
                                   << " pa " << p.g.pa << " cause " << int(x.cause) << " seed "
                                   << std::dec << GetParam() << " check " << checked;
    if (want_fault) {
      ASSERT_EQ(x.cause, want_cause) << std::hex << "va " << p.req.addr << " kind " << int(p.req.kind);
      ++faults;
      return;
    }
    const uint32_t word = e.read_mem(p.g.pa & ~3ull);
    if (p.req.we) {
      const unsigned lane = p.req.addr & 3, bytes = 1u << p.req.size;
      const uint32_t mask = bytes == 4 ? ~0u : ((1u << (8 * bytes)) - 1) << (8 * lane);
      ASSERT_EQ(word, (p.old & ~mask) | (p.req.wdata & mask))
          << std::hex << "store went elsewhere: va " << p.req.addr << " pa " << p.g.pa;
    } else {
      ASSERT_EQ(x.rdata, word) << std::hex << "va " << p.req.addr << " pa " << p.g.pa;
    }
  }

  void access_batch() {
    std::vector<Pending> batch;
    const Csr& c = e.csr();
    // Data port.
    const bool dtrans = sv::translation_on(c.ctx(false));
    const int k = rng() % 10;
    Req d;
    uint32_t va = pick_va(dtrans, false);
    // Byte and halfword accesses at their lanes (aligned, as the CPU sends them).
    const unsigned sz = rng() % 4;
    const uint8_t size = sz == 0 ? kB : (sz == 1 ? kH : kW);
    if (size == kB) va |= rng() % 4;
    else if (size == kH) va |= (rng() % 2) * 2;
    if (k < 4) d = Req{va, kLoadK, size, false, 0};
    else if (k < 5) d = Req{va, kLrK, kW, false, 0};
    else if (k < 6) d = Req{va, kAmoK, kW, false, 0};
    else if (k < 8) d = Req{va, kStoreK, size, true, uint32_t(rng())};
    else d = Req{va, k < 9 ? kScK : kAmoK, kW, true, uint32_t(rng())};
    if (d.kind != kLoadK && d.kind != kStoreK) d.addr &= ~3u;
    sv::Access da = sv::access_of_kind(d.kind);
    if (d.we) {
      // Never let a store land in the page tables: a dry run tells where it goes.
      sv::Result dry = e.golden(c, false, d.addr, da, /*dry_run=*/true);
      if (!dry.fault && in_dram(dry.pa) &&
          (dry.pa < uint64_t(kDataPpn) * sv::kPageSize)) {
        d = Req{d.addr, kLoadK, d.size, false, 0};
        da = sv::Access::kLoad;
      }
    }
    Pending dp{kData, d, e.golden(c, false, d.addr, da)};
    if (d.we && !dp.g.fault && in_dram(dp.g.pa)) dp.old = e.read_mem(dp.g.pa & ~3ull);
    batch.push_back(dp);
    if (d.size != kW) ++subword;
    // Fetch port, concurrently, unless a store could race with it (the
    // same word; the golden model's dry run tells where the fetch goes).
    if (chance(70)) {
      const uint32_t fva = pick_va(sv::translation_on(c.ctx(true)), true);
      const sv::Result fdry = e.golden(c, true, fva, sv::Access::kFetch, /*dry_run=*/true);
      const bool race = d.we && !dp.g.fault && !fdry.fault && (fdry.pa >> 2) == (dp.g.pa >> 2);
      if (!race) {
        batch.push_back({kFetch, Req{fva, kFetchK, kW, false, 0},
                         e.golden(c, true, fva, sv::Access::kFetch)});
        fetch_beside_store += d.we;
      }
    }
    const uint64_t dhit0 = rtl_perf_read(MMCOSIM_EVENT_MMU_DTLB_HIT);
    for (const Pending& p : batch) {
      std::ostringstream o;
      o << std::hex << (p.port == kFetch ? "fetch" : "data ") << " va=" << p.req.addr << " kind=" << int(p.req.kind)
        << " we=" << p.req.we << " -> " << (p.g.fault ? "fault " : "pa ") << (p.g.fault ? p.g.cause : p.g.pa)
        << " pte=" << p.g.pte << " lvl=" << p.g.level << " g=" << p.g.global << " ad=" << p.g.ad_updated;
      log(o.str());
      h.issue(p.port, p.req);
    }
    ASSERT_TRUE(h.run_until_idle(1000));
    // Coverage classes of the data access, counted when it was a TLB hit.
    const Pending& dq = batch[0];
    const bool dhit = rtl_perf_read(MMCOSIM_EVENT_MMU_DTLB_HIT) > dhit0;
    if (dhit && !dq.g.fault && dq.g.level >= 0) {
      if (!dq.req.we && !(dq.g.pte & sv::kPteR)) ++mxr_only_hits;  // X-only page read via MXR
      if (c.priv_data == sv::kPrivS && (dq.g.pte & sv::kPteU)) ++sum_hits;
    }
    for (const Pending& p : batch) {
      check(p, h.responses[p.port].back());
      if (HasFatalFailure()) return;
      for (uint64_t a : p.g.pte_addrs)
        if (in_dram(a)) ASSERT_EQ(e.read_mem(a), e.shadow_pte(a)) << std::hex << "PTE at " << a;
    }
    h.responses[kData].clear();
    h.responses[kFetch].clear();
  }

  void run(uint64_t translations) {
    build();
    Csr c = random_csr();
    c.satp = sv::make_satp(roots[0], 1);
    e.set_csr(c);
    while (checked < translations) {
      const unsigned k = rng() % 1000;
      if (k < 970) {
        access_batch();
        if (HasFatalFailure()) return;
      } else if (k < 985) {
        const Csr c = random_csr();
        std::ostringstream o;
        o << std::hex << "csr satp=" << c.satp << " pf=" << c.priv_fetch << " pd=" << c.priv_data << " sum=" << c.sum
          << " mxr=" << c.mxr << " adue=" << c.adue;
        log(o.str());
        e.set_csr(c);
      } else if (k < 995) {
        mutate();
      } else {
        // A fence that is not needed: harmless, but it empties entries.
        fence(pick_va(true, false), 1 + rng() % kAsids, chance(30), chance(30));
      }
    }
  }

  MemSubsysHarness<Vmem_subsys> h;
  using EnvT = MmuEnv<MemSubsysHarness<Vmem_subsys>>;
  EnvT e;
  std::mt19937 rng;
  uint32_t roots[kAsids] = {};
  uint32_t tables[kAsids][kRegions] = {};
  uint64_t checked = 0, faults = 0, fences = 0, mutations = 0;
  // coverage classes
  uint64_t mxr_only_hits = 0, sum_hits = 0, mega_va_fences = 0, pte_stores = 0,
           fetch_beside_store = 0, subword = 0;
  uint32_t recent_fetch[16] = {}, recent_data[16] = {};
  std::deque<std::string> history;
};

TEST_P(MmuDiffTest, RandomTranslationsMatchTheGoldenModel) {
  const uint64_t n = 500000;  // per seed: 2 M translations over the four seeds
  run(n);
  const uint64_t walks = rtl_perf_read(MMCOSIM_EVENT_MMU_PTW_WALKS);
  const uint64_t hits = rtl_perf_read(MMCOSIM_EVENT_MMU_ITLB_HIT) + rtl_perf_read(MMCOSIM_EVENT_MMU_DTLB_HIT);
  std::printf("seed %u: %llu translations checked against the golden model (%llu faults, %llu walks, "
              "%llu TLB hits, %llu A/D updates, %llu PTE changes, %llu fences)\n",
              GetParam(), (unsigned long long)checked, (unsigned long long)faults,
              (unsigned long long)walks, (unsigned long long)hits,
              (unsigned long long)rtl_perf_read(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES),
              (unsigned long long)mutations, (unsigned long long)fences);
  EXPECT_GE(checked, n);
  EXPECT_GT(faults, n / 50);
  EXPECT_GT(walks, n / 100);
  EXPECT_GT(hits, n / 4);
  EXPECT_GT(rtl_perf_read(MMCOSIM_EVENT_MMU_PTW_AD_UPDATES), 10u);
  std::printf("seed %u coverage: %llu MXR-only hits, %llu S-mode SUM hits, %llu megapage VA fences, "
              "%llu PTE stores through the port, %llu fetches beside stores, %llu byte/halfword\n",
              GetParam(), (unsigned long long)mxr_only_hits, (unsigned long long)sum_hits,
              (unsigned long long)mega_va_fences, (unsigned long long)pte_stores,
              (unsigned long long)fetch_beside_store, (unsigned long long)subword);
  EXPECT_GT(mxr_only_hits, 0u);
  EXPECT_GT(sum_hits, 0u);
  EXPECT_GT(mega_va_fences, 0u);
  EXPECT_GT(pte_stores, 0u);
  EXPECT_GT(fetch_beside_store, 0u);
  EXPECT_GT(subword, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, MmuDiffTest, ::testing::Values(1u, 2u, 3u, 4u));

}  // namespace
