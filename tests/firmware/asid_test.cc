// asid_test.cc -- the ASID allocator: a switch to an mm whose ASID is still
// valid writes satp without a flush; running out of ASIDs rolls the
// generation over with exactly one full flush; "ASIDs off" flushes on
// every switch.  Few ASID bits force the rollovers.
#include "vm_arena.h"

#include <vector>

namespace {

class AsidTest : public VmArena {
 protected:
  void TearDown() override {
    for (struct mm_struct *mm : mms_) mmput(mm);
    asids_init(SATP_ASID_BITS, true);
    VmArena::TearDown();
  }
  struct mm_struct *New() {
    mms_.push_back(mm_alloc());
    EXPECT_NE(mms_.back(), nullptr);
    return mms_.back();
  }
  static unsigned long SatpAsid(unsigned long satp) {
    return (satp >> SATP_ASID_SHIFT) & ((1ul << SATP_ASID_BITS) - 1);
  }
  std::vector<struct mm_struct *> mms_;
};

TEST_F(AsidTest, ValidAsidSwitchesDoNotFlush) {
  struct mm_struct *a = New(), *b = New();
  for (int i = 0; i < 10; i++) {
    switch_mm(b, a);
    switch_mm(a, b);
  }
  EXPECT_TRUE(tlbflush_host::calls.empty());
  ASSERT_EQ(tlbflush_host::satps.size(), 20u);
  EXPECT_EQ(SatpAsid(tlbflush_host::satps[0]), 1u);
  EXPECT_EQ(SatpAsid(tlbflush_host::satps[1]), 2u);
  EXPECT_EQ(tlbflush_host::satps[0] & SATP_PPN_MASK, PHYS_PFN(__pa(a->pgd)));
  EXPECT_TRUE(tlbflush_host::satps[0] & SATP_MODE_SV32);
  EXPECT_EQ(asid_stats.allocs, 2u);
  EXPECT_EQ(asid_stats.rollovers, 0u);
  // The kernel's space runs under ASID 0 and takes none.
  switch_mm(b, &init_mm);
  EXPECT_EQ(SatpAsid(tlbflush_host::satps.back()), 0u);
  switch_mm(&init_mm, a);
  EXPECT_EQ(asid_stats.allocs, 2u);
  EXPECT_TRUE(tlbflush_host::calls.empty());
}

TEST_F(AsidTest, RunningOutOfAsidsRollsOverWithOneFlush) {
  asids_init(2, true);  // ASIDs 1..3
  struct mm_struct *m[5];
  for (auto &mm : m) mm = New();
  struct mm_struct *prev = nullptr;
  for (int i = 0; i < 3; i++) {
    switch_mm(prev, m[i]);
    prev = m[i];
  }
  EXPECT_TRUE(tlbflush_host::calls.empty());
  switch_mm(prev, m[3]);  // the fourth: rollover
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ALL);
  EXPECT_EQ(asid_stats.rollovers, 1u);
  EXPECT_EQ(mm_context_asid(m[3]), 1u);
  // m[0]'s ASID is from the old generation: it gets a new one (its old one is free).
  switch_mm(m[3], m[0]);
  EXPECT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_NE(mm_context_asid(m[0]), mm_context_asid(m[3]));
  switch_mm(m[0], m[3]);  // valid in this generation: no flush
  switch_mm(m[3], m[4]);
  EXPECT_EQ(tlbflush_host::calls.size(), 1u);
  switch_mm(m[4], m[1]);  // 1, 2, 3 taken: second rollover
  EXPECT_EQ(asid_stats.rollovers, 2u);
  EXPECT_EQ(tlbflush_host::calls.size(), 2u);
  // Many processes, one ASID bit: every new one is a rollover, never two flushes per switch.
  asids_init(1, true);
  tlbflush_host::Reset();
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < 5; i++) switch_mm(m[(i + 4) % 5], m[i]);
  EXPECT_LE(tlbflush_host::calls.size(), 15u);
  EXPECT_EQ(tlbflush_host::calls.size(), asid_stats.rollovers);
}

TEST_F(AsidTest, FreeingTheActiveMmForgetsIt) {
  struct mm_struct *a = mm_alloc();
  switch_mm(nullptr, a);
  EXPECT_EQ(active_mm_asid, a);
  mmput(a);
  EXPECT_EQ(active_mm_asid, nullptr);
  struct mm_struct *b = New();  // may reuse a's address: still a real switch
  size_t satps = tlbflush_host::satps.size();
  switch_mm(active_mm_asid, b);
  EXPECT_EQ(tlbflush_host::satps.size(), satps + 1);
}

TEST_F(AsidTest, AsidsOffFlushOnEverySwitch) {
  asids_init(SATP_ASID_BITS, false);
  struct mm_struct *a = New(), *b = New();
  switch_mm(nullptr, a);
  switch_mm(a, b);
  switch_mm(b, a);
  switch_mm(a, a);  // same mm: nothing
  ASSERT_EQ(tlbflush_host::calls.size(), 3u);
  for (auto &c : tlbflush_host::calls) EXPECT_EQ(c.form, SFENCE_ALL);
  for (unsigned long satp : tlbflush_host::satps) EXPECT_EQ(SatpAsid(satp), 0u);
  EXPECT_EQ(mm_asid(a), 0u);
}

}  // namespace

namespace {

TEST_F(AsidTest, ReinitialisingInvalidatesEveryAsid) {
  struct mm_struct *a = New(), *b = New();
  switch_mm(nullptr, a);
  switch_mm(a, b);
  asids_init(SATP_ASID_BITS, false);
  switch_mm(b, a);
  asids_init(SATP_ASID_BITS, true);  // off and on again: a and b must not keep their ASIDs
  struct mm_struct *c = New();
  switch_mm(a, c);
  switch_mm(c, a);
  switch_mm(a, b);
  EXPECT_NE(mm_context_asid(a), mm_context_asid(c));
  EXPECT_NE(mm_context_asid(b), mm_context_asid(c));
  EXPECT_NE(mm_context_asid(a), mm_context_asid(b));
  EXPECT_EQ(asid_stats.allocs, 3u);  // c took ASID 1, so a and b needed new ones
}

}  // namespace
