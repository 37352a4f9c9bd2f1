// Unit tests of the Sv32 golden model (model/mmu/sv32.h): translation,
// every page-fault rule, access faults, permission rules (SUM, MXR, U in
// S mode), Svade and Svadu A/D rules including the compare-and-set restart,
// megapages, globals, and the reference TLB (fences, tree pseudo-LRU).
#include <gtest/gtest.h>

#include <map>

#include "sv32.h"

using namespace mmcosim::sv32;

namespace {

constexpr uint64_t kDram = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr uint64_t kDramSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;

// Word memory over DRAM only; counts accesses; optional CAS interference.
class Mem : public PhysMem {
 public:
  bool read_pte(uint64_t pa, uint32_t* v) override {
    ++reads;
    if (pa < kDram || pa >= kDram + kDramSize) return false;
    *v = w[pa];
    return true;
  }
  bool cas_pte(uint64_t pa, uint32_t expected, uint32_t desired, uint32_t* cur) override {
    ++cas_calls;
    if (interfere > 0) {  // another agent changes the PTE just before the CAS
      --interfere;
      w[pa] = w[pa] | interfere_bits;
    }
    *cur = w[pa];
    if (w[pa] != expected) return false;
    w[pa] = desired;
    return true;
  }
  std::map<uint64_t, uint32_t> w;
  int reads = 0, cas_calls = 0, interfere = 0;
  uint32_t interfere_bits = 0;
};

constexpr uint32_t kRoot = uint32_t(kDram >> kPageShift) + 0x10;  // PPNs
constexpr uint32_t kL0 = kRoot + 1;
constexpr uint32_t kData = uint32_t(kDram >> kPageShift) + 0x400;  // 4 MiB aligned
constexpr uint32_t kVa = 0x12345678;
constexpr uint32_t kRwxAD = kPteV | kPteR | kPteW | kPteX | kPteA | kPteD;

uint64_t l1_addr(uint32_t va) { return uint64_t(kRoot) * kPageSize + vpn(va, 1) * kPteBytes; }
uint64_t l0_addr(uint32_t va) { return uint64_t(kL0) * kPageSize + vpn(va, 0) * kPteBytes; }

class Sv32Test : public ::testing::Test {
 protected:
  Sv32Test() {
    ctx.satp = make_satp(kRoot, 5);
    ctx.priv = kPrivS;
    map4k(kVa, kData, kRwxAD);
  }
  void map4k(uint32_t va, uint32_t ppn, uint32_t flags) {
    mem.w[l1_addr(va)] = make_pte(kL0, kPteV);
    mem.w[l0_addr(va)] = make_pte(ppn, flags);
  }
  Result tr(uint32_t va, Access a) { return translate(ctx, va, a, mem); }
  void expect_page_fault(uint32_t va, const char* what) {
    for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
      Result r = tr(va, a);
      EXPECT_TRUE(r.fault) << what;
      EXPECT_EQ(r.cause, page_fault_cause(a)) << what;
      EXPECT_EQ(r.tval, va) << what;
    }
  }
  Context ctx;
  Mem mem;
};

TEST_F(Sv32Test, CausesByAccessType) {
  EXPECT_EQ(page_fault_cause(Access::kFetch), 12);
  EXPECT_EQ(page_fault_cause(Access::kLoad), 13);
  EXPECT_EQ(page_fault_cause(Access::kStore), 15);
  EXPECT_EQ(access_fault_cause(Access::kFetch), 1);
  EXPECT_EQ(access_fault_cause(Access::kLoad), 5);
  EXPECT_EQ(access_fault_cause(Access::kStore), 7);
  EXPECT_EQ(access_of_kind(MMCOSIM_PORT_KIND_LR), Access::kLoad);
  EXPECT_EQ(access_of_kind(MMCOSIM_PORT_KIND_SC), Access::kStore);
  EXPECT_EQ(access_of_kind(MMCOSIM_PORT_KIND_AMO), Access::kStore);
  EXPECT_EQ(access_of_kind(MMCOSIM_PORT_KIND_FETCH), Access::kFetch);
}

TEST_F(Sv32Test, BareAndMachineModeDoNotTranslate) {
  ctx.priv = kPrivM;
  Result r = tr(kVa, Access::kLoad);
  EXPECT_FALSE(r.fault);
  EXPECT_FALSE(r.translated);
  EXPECT_EQ(r.pa, kVa);
  ctx.priv = kPrivU;
  ctx.satp = make_satp(kRoot, 5, /*sv32=*/false);
  r = tr(kVa, Access::kStore);
  EXPECT_EQ(r.pa, kVa);
  EXPECT_EQ(mem.reads, 0);
}

TEST_F(Sv32Test, FourKilobytePage) {
  Result r = tr(kVa, Access::kLoad);
  ASSERT_FALSE(r.fault);
  EXPECT_TRUE(r.translated);
  EXPECT_EQ(r.pa, uint64_t(kData) * kPageSize + (kVa & 0xfff));
  EXPECT_EQ(r.level, 0);
  EXPECT_EQ(r.pte_reads, 2u);
  ASSERT_EQ(r.pte_addrs.size(), 2u);
  EXPECT_EQ(r.pte_addrs[0], l1_addr(kVa));
  EXPECT_EQ(r.pte_addrs[1], l0_addr(kVa));
  EXPECT_FALSE(r.global);
}

TEST_F(Sv32Test, MegapageUsesVpn0FromTheAddress) {
  mem.w[l1_addr(kVa)] = make_pte(kData, kRwxAD);
  Result r = tr(kVa, Access::kFetch);
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(r.level, 1);
  EXPECT_EQ(r.pte_reads, 1u);
  EXPECT_EQ(r.pa, uint64_t(kData) * kPageSize + (kVa & ((1u << kMegaShift) - 1)));
}

TEST_F(Sv32Test, MisalignedMegapageIsPageFault) {
  mem.w[l1_addr(kVa)] = make_pte(kData + 1, kRwxAD);
  expect_page_fault(kVa, "misaligned megapage");
}

TEST_F(Sv32Test, InvalidAndReservedEncodingsArePageFaults) {
  mem.w[l1_addr(kVa)] = make_pte(kL0, 0);
  expect_page_fault(kVa, "V=0 at level 1");
  mem.w[l1_addr(kVa)] = make_pte(kL0, kPteV);
  mem.w[l0_addr(kVa)] = make_pte(kData, kRwxAD & ~kPteV);
  expect_page_fault(kVa, "V=0 at level 0");
  mem.w[l0_addr(kVa)] = make_pte(kData, kPteV | kPteW | kPteA | kPteD);
  expect_page_fault(kVa, "W without R");
  mem.w[l0_addr(kVa)] = make_pte(kData, kPteV | kPteW | kPteX | kPteA | kPteD);
  expect_page_fault(kVa, "W+X without R");
  mem.w[l1_addr(kVa)] = make_pte(kL0, kPteV | kPteW);
  expect_page_fault(kVa, "W without R on a pointer");
}

TEST_F(Sv32Test, PointerRules) {
  mem.w[l0_addr(kVa)] = make_pte(kL0, kPteV);  // pointer at level 0
  expect_page_fault(kVa, "pointer at level 0");
  map4k(kVa, kData, kRwxAD);
  for (uint32_t bit : {kPteA, kPteD, kPteU}) {
    mem.w[l1_addr(kVa)] = make_pte(kL0, kPteV | bit);
    expect_page_fault(kVa, "A/D/U on a non-leaf");
  }
  mem.w[l1_addr(kVa)] = make_pte(kL0, kPteV | kPteG);
  Result r = tr(kVa, Access::kLoad);
  EXPECT_FALSE(r.fault);
  EXPECT_TRUE(r.global) << "G on the pointer makes the mapping global";
}

TEST_F(Sv32Test, PteOutsideMemoryIsAccessFaultOfTheAccessType) {
  ctx.satp = make_satp(0x10, 5);  // root below DRAM
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    Result r = tr(kVa, a);
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.cause, access_fault_cause(a));
    EXPECT_EQ(r.tval, kVa);
  }
  ctx.satp = make_satp(kRoot, 5);
  mem.w[l1_addr(kVa)] = make_pte(1u << 20, kPteV);  // level-0 table above 4 GiB
  EXPECT_EQ(tr(kVa, Access::kLoad).cause, 5);
}

TEST_F(Sv32Test, PhysicalAddressAbove4GiBIsAccessFault) {
  map4k(kVa, (1u << 20) | 0x123, kRwxAD);
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    Result r = tr(kVa, a);
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.cause, access_fault_cause(a));
  }
  mem.w[l1_addr(kVa)] = make_pte(2u << 20, kRwxAD);  // megapage at PPN[21:20]=2
  EXPECT_EQ(tr(kVa, Access::kStore).cause, 7);
}

TEST_F(Sv32Test, PermissionRules) {
  struct Case {
    uint32_t flags;
    unsigned priv;
    bool sum, mxr;
    Access a;
    bool ok;
  };
  const uint32_t R = kPteR, W = kPteW, X = kPteX, U = kPteU;
  const Case cases[] = {
      {R, kPrivS, false, false, Access::kLoad, true},
      {R, kPrivS, false, false, Access::kStore, false},
      {R, kPrivS, false, false, Access::kFetch, false},
      {R | W, kPrivS, false, false, Access::kStore, true},
      {X, kPrivS, false, false, Access::kFetch, true},
      {X, kPrivS, false, false, Access::kLoad, false},
      {X, kPrivS, false, true, Access::kLoad, true},       // MXR
      {X, kPrivS, false, true, Access::kStore, false},     // MXR is not W
      {R | U, kPrivS, false, false, Access::kLoad, false},  // U page, no SUM
      {R | U, kPrivS, true, false, Access::kLoad, true},    // SUM
      {R | W | U, kPrivS, true, false, Access::kStore, true},
      {X | U, kPrivS, true, false, Access::kFetch, false},  // never in S mode
      {X | U, kPrivU, false, false, Access::kFetch, true},
      {R, kPrivU, false, false, Access::kLoad, false},      // U needs U pages
      {X, kPrivU, false, false, Access::kFetch, false},
      {X | U, kPrivU, false, true, Access::kLoad, true},    // MXR in U mode
      {R | W | U, kPrivU, true, false, Access::kStore, true},
  };
  for (const Case& c : cases) {
    Context k;
    k.priv = c.priv;
    k.sum = c.sum;
    k.mxr = c.mxr;
    EXPECT_EQ(leaf_permits(kPteV | c.flags, k, c.a), c.ok)
        << "flags " << c.flags << " priv " << c.priv << " sum " << c.sum << " mxr " << c.mxr
        << " access " << int(c.a);
    // And through a whole translation: a failed check is a page fault.
    map4k(kVa, kData, kPteV | kPteA | kPteD | c.flags);
    ctx.priv = c.priv;
    ctx.sum = c.sum;
    ctx.mxr = c.mxr;
    Result r = tr(kVa, c.a);
    EXPECT_EQ(r.fault, !c.ok);
    if (r.fault) {
      EXPECT_EQ(r.cause, page_fault_cause(c.a));
    }
  }
}

TEST_F(Sv32Test, SvadeFaultsOnMissingAccessedOrDirty) {
  ctx.adue = false;
  map4k(kVa, kData, kRwxAD & ~kPteA);
  expect_page_fault(kVa, "A=0");
  map4k(kVa, kData, kRwxAD & ~kPteD);
  EXPECT_FALSE(tr(kVa, Access::kLoad).fault);
  EXPECT_FALSE(tr(kVa, Access::kFetch).fault);
  Result r = tr(kVa, Access::kStore);
  EXPECT_TRUE(r.fault);
  EXPECT_EQ(r.cause, 15);
  EXPECT_EQ(mem.w[l0_addr(kVa)], make_pte(kData, kRwxAD & ~kPteD)) << "Svade never writes";
  EXPECT_EQ(mem.cas_calls, 0);
}

TEST_F(Sv32Test, SvaduSetsAccessedAndDirtyNeverClears) {
  ctx.adue = true;
  const uint32_t rsw = 3u << 8;
  map4k(kVa, kData, (kRwxAD & ~(kPteA | kPteD)) | rsw);
  Result r = tr(kVa, Access::kLoad);
  ASSERT_FALSE(r.fault);
  EXPECT_TRUE(r.ad_updated);
  EXPECT_EQ(r.pte_reads, 3u) << "two PTE reads and the compare read";
  EXPECT_EQ(mem.w[l0_addr(kVa)], make_pte(kData, kPteV | kPteR | kPteW | kPteX | kPteA | rsw));
  r = tr(kVa, Access::kLoad);
  EXPECT_FALSE(r.ad_updated) << "A already set";
  r = tr(kVa, Access::kStore);
  EXPECT_TRUE(r.ad_updated);
  EXPECT_EQ(mem.w[l0_addr(kVa)], make_pte(kData, kRwxAD | rsw));
  EXPECT_EQ(r.pte, make_pte(kData, kRwxAD | rsw));
}

TEST_F(Sv32Test, SvaduDoesNotUpdateForAFaultingAccess) {
  ctx.adue = true;
  map4k(kVa, kData, kPteV | kPteR);  // read-only, A=0
  Result r = tr(kVa, Access::kStore);
  EXPECT_TRUE(r.fault);
  EXPECT_EQ(r.cause, 15);
  EXPECT_EQ(mem.w[l0_addr(kVa)], make_pte(kData, kPteV | kPteR)) << "no A for a faulting store";
  EXPECT_EQ(mem.cas_calls, 0);
}

TEST_F(Sv32Test, SvaduRestartsTheWalkWhenThePteChanged) {
  ctx.adue = true;
  map4k(kVa, kData, kPteV | kPteR | kPteW);
  mem.interfere = 1;
  mem.interfere_bits = kPteX;  // someone else adds X between read and CAS
  Result r = tr(kVa, Access::kLoad);
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(mem.cas_calls, 2);
  EXPECT_EQ(r.pte_reads, 6u) << "walk, compare, walk again, compare";
  EXPECT_EQ(mem.w[l0_addr(kVa)], make_pte(kData, kPteV | kPteR | kPteW | kPteX | kPteA));
}

TEST(Sv32Plru, FillsInvalidFirstThenTreeOrder) {
  TreePlru p(4);
  std::vector<bool> valid(4, false);
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(p.victim(valid), i);
    valid[i] = true;
    p.touch(i);
  }
  // After touching 0,1,2,3 in order the least recent half is {0,1}, and in it 0.
  EXPECT_EQ(p.victim(valid), 0u);
  p.touch(0);
  EXPECT_EQ(p.victim(valid), 2u);  // root points right now; in {2,3}, 2 was touched before 3
  p.touch(2);
  EXPECT_EQ(p.victim(valid), 1u);
  valid[3] = false;
  EXPECT_EQ(p.victim(valid), 3u) << "invalid entries first";
}

TEST(Sv32Tlb, FenceFormsAndGlobals) {
  TlbEntry local{true, 7, false, false, 0x12345, 0x80000, kPteR};
  TlbEntry global{true, 7, true, false, 0x12345, 0x80000, kPteR};
  TlbEntry mega{true, 7, false, true, 0x12300, 0x80000, kPteR};
  const uint32_t va = 0x12345000, other = 0x22345000;
  // rs1=x0, rs2=x0: everything.
  EXPECT_TRUE(fence_hits(local, true, true, 0, 0));
  EXPECT_TRUE(fence_hits(global, true, true, 0, 0));
  // rs1=x0, rs2=asid: non-global entries of that ASID.
  EXPECT_TRUE(fence_hits(local, true, false, 0, 7));
  EXPECT_FALSE(fence_hits(local, true, false, 0, 8));
  EXPECT_FALSE(fence_hits(global, true, false, 0, 7));
  // rs1=va, rs2=x0: entries mapping va, any ASID, globals too.
  EXPECT_TRUE(fence_hits(local, false, true, va, 0));
  EXPECT_TRUE(fence_hits(global, false, true, va, 0));
  EXPECT_FALSE(fence_hits(local, false, true, other, 0));
  EXPECT_TRUE(fence_hits(mega, false, true, 0x123ff000, 0)) << "anywhere in the megapage";
  // rs1=va, rs2=asid: non-global entries of that ASID mapping va.
  EXPECT_TRUE(fence_hits(local, false, false, va, 7));
  EXPECT_FALSE(fence_hits(local, false, false, va, 6));
  EXPECT_FALSE(fence_hits(global, false, false, va, 7));
}

TEST(Sv32Tlb, AsidIsolationGlobalsAndRefill) {
  Tlb t(4);
  Result r;
  r.level = 0;
  r.pte = make_pte(0x80001, kRwxAD);
  EXPECT_EQ(t.fill(0x1000, 1, r), 0u);
  EXPECT_EQ(t.lookup(0x1000, 1), 0);
  EXPECT_EQ(t.lookup(0x1000, 2), -1) << "no leak across ASIDs";
  r.global = true;
  EXPECT_EQ(t.fill(0x2000, 1, r), 1u);
  EXPECT_EQ(t.lookup(0x2000, 2), 1) << "globals match every ASID";
  EXPECT_EQ(t.fill(0x1000, 1, r), 0u) << "refill of a mapped VA replaces its entry";
  t.fence(true, false, 0, 1);
  EXPECT_EQ(t.lookup(0x2000, 1), 1) << "global kept by an ASID fence";
  EXPECT_EQ(t.lookup(0x1000, 1), 0) << "entry 0 was refilled global";
  t.fence(true, true, 0, 0);
  EXPECT_EQ(t.lookup(0x2000, 1), -1);
}

}  // namespace
