// tlbflush_test.cc -- the TLB flush API of firmware/mm/tlbflush.c: which
// SFENCE.VMA form each call issues (recorded by the host hook), the
// range -> full flush threshold, and the counters by kind.
#include <gtest/gtest.h>

#include "mm_host.h"
#include "tlbflush_host.h"

extern "C" {
#include "page.h"
}

namespace {

using tlbflush_host::calls;

class TlbFlushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tlbflush_host::Reset();
    mm_host::output.clear();
  }
};

constexpr unsigned long kBase = 0xc8000000ul;  // any page-aligned address

TEST_F(TlbFlushTest, LocalFormsUseTheirRegisterIndices) {
  local_flush_tlb_all();
  local_flush_tlb_page(kBase + 0x123);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].form, SFENCE_ALL);
  EXPECT_EQ(calls[1].form, SFENCE_ADDR);
  EXPECT_EQ(calls[1].addr, kBase + 0x123);
  EXPECT_EQ(tlb_flush_stats.sfence[SFENCE_ALL], 1u);
  EXPECT_EQ(tlb_flush_stats.sfence[SFENCE_ADDR], 1u);
}

TEST_F(TlbFlushTest, MmFormsUseTheAsid) {
  flush_tlb_mm(nullptr);
  flush_tlb_page(nullptr, kBase + 0x10);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].form, SFENCE_ASID);
  EXPECT_EQ(calls[0].asid, 0u);
  EXPECT_EQ(calls[1].form, SFENCE_ADDR_ASID);
  EXPECT_EQ(calls[1].addr, kBase);  // page-aligned
  EXPECT_EQ(tlb_flush_stats.flush_mm, 1u);
  EXPECT_EQ(tlb_flush_stats.flush_page, 1u);
}

TEST_F(TlbFlushTest, KernelRangeAtThresholdIsOneSfencePerPage) {
  unsigned long end = kBase + tlb_flush_all_threshold * PAGE_SIZE;
  flush_tlb_kernel_range(kBase, end);
  ASSERT_EQ(calls.size(), tlb_flush_all_threshold);
  for (unsigned long i = 0; i < calls.size(); i++) {
    EXPECT_EQ(calls[i].form, SFENCE_ADDR);
    EXPECT_EQ(calls[i].addr, kBase + i * PAGE_SIZE);
  }
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  EXPECT_EQ(tlb_flush_stats.range_to_full, 0u);
}

TEST_F(TlbFlushTest, KernelRangeAboveThresholdIsOneFullFlush) {
  flush_tlb_kernel_range(kBase, kBase + (tlb_flush_all_threshold + 1) * PAGE_SIZE);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].form, SFENCE_ALL);
  EXPECT_EQ(tlb_flush_stats.range_to_full, 1u);
}

TEST_F(TlbFlushTest, UserRangeAboveThresholdIsOneAsidFlush) {
  flush_tlb_range(nullptr, 0x10000, 0x10000 + (tlb_flush_all_threshold + 1) * PAGE_SIZE);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].form, SFENCE_ASID);
  flush_tlb_range(nullptr, 0x10000, 0x10000 + 3 * PAGE_SIZE);
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[3].form, SFENCE_ADDR_ASID);
  EXPECT_EQ(calls[3].addr, 0x10000 + 2 * PAGE_SIZE);
  EXPECT_EQ(tlb_flush_stats.flush_range, 2u);
}

TEST_F(TlbFlushTest, PartialPagesCountAndEmptyRangesFlushNothing) {
  flush_tlb_kernel_range(kBase + 0xff0, kBase + 0x1010);  // straddles two pages
  EXPECT_EQ(calls.size(), 2u);
  flush_tlb_kernel_range(kBase, kBase);
  flush_tlb_range(nullptr, kBase + PAGE_SIZE, kBase);
  EXPECT_EQ(calls.size(), 2u);
}

TEST_F(TlbFlushTest, ViewPrintsEveryCounter) {
  flush_tlb_all();
  show_tlb_flush_stats();
  EXPECT_NE(mm_host::output.find("nr_tlb_flush_all 1\n"), std::string::npos);
  EXPECT_NE(mm_host::output.find("nr_sfence_vma_all 1\n"), std::string::npos);
  EXPECT_NE(mm_host::output.find("nr_sfence_vma_addr_asid 0\n"), std::string::npos);
}

}  // namespace
