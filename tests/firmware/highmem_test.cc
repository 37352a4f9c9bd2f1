// highmem_test.cc -- firmware/mm/highmem.c on the host: kmap through the
// pkmap area (page_address follows it, nested kmaps share a slot, the
// wrap clears unused slots with exactly one flush), kmap_local_page /
// kmap_atomic through fixmap slots (nesting, one local flush per unmap),
// lowmem pages straight through the linear map; every mapping checked
// with the Sv32 golden model.
//
// The default configuration's DRAM is all lowmem, so the fixture makes a
// highmem boundary: it takes a 1024-page block from the buddy and, after
// kmap_init(), sets highmem_start_pfn to its first pfn.  Pages above the
// boundary are reached only through kmap during a test (this buddy has no
// ZONE_HIGHMEM to keep GFP_KERNEL pages below it).
#include <vector>

#include "mm_arena.h"

namespace {

namespace sv32 = mmcosim::sv32;
using tlbflush_host::calls;

constexpr unsigned kBlockOrder = 10;

class Highmem : public KernelArena {
 protected:
  void SetUp() override {
    KernelArena::SetUp();
    low_ = pfn_to_page(min_low_pfn);  // a page of the "kernel image"
    block_ = alloc_pages(GFP_KERNEL, kBlockOrder);
    ASSERT_NE(block_, nullptr);
    ASSERT_LT(page_to_pfn(low_), page_to_pfn(block_));
    kmap_init();
    highmem_start_pfn = page_to_pfn(block_);
    tlbflush_host::Reset();
  }
  // The i-th page of the highmem block.
  struct page *High(unsigned long i) const { return block_ + i; }
  static unsigned long Va(const void *p) { return reinterpret_cast<unsigned long>(p); }
  // Expects `va` to reach `page` with R/W and no X.
  void ExpectMaps(const void *va, struct page *page) {
    sv32::Result r = Translate(Va(va) + 8, sv32::Access::kLoad);
    ASSERT_FALSE(r.fault) << std::hex << Va(va);
    EXPECT_EQ(r.pa, PFN_PHYS(page_to_pfn(page)) + 8);
    EXPECT_FALSE(Translate(Va(va), sv32::Access::kStore).fault);
    EXPECT_TRUE(Translate(Va(va), sv32::Access::kFetch).fault);
  }

  struct page *low_ = nullptr;
  struct page *block_ = nullptr;
};

TEST_F(Highmem, LowmemPagesUseTheLinearMap) {
  EXPECT_FALSE(page_is_highmem(low_));
  EXPECT_TRUE(page_is_highmem(High(0)));
  EXPECT_EQ(kmap(low_), lowmem_page_address(low_));
  EXPECT_EQ(kmap_local_page(low_), lowmem_page_address(low_));
  EXPECT_EQ(kmap_local_depth(), 0u);
  kunmap_local(lowmem_page_address(low_));
  kunmap(low_);
  EXPECT_EQ(page_address(low_), lowmem_page_address(low_));
  EXPECT_TRUE(calls.empty());
}

TEST_F(Highmem, KmapUsesAPkmapSlotThatPageAddressReports) {
  struct page *p = High(3);
  EXPECT_EQ(page_address(p), nullptr);
  void *v = kmap(p);
  EXPECT_EQ(Va(v), PKMAP_ADDR(1));  // the search starts after slot 0
  EXPECT_EQ(page_address(p), v);
  ExpectMaps(v, p);
  EXPECT_EQ(kmap(p), v);  // nested: same slot
  EXPECT_EQ(pkmap_count[1], 3);
  kunmap(p);
  kunmap(p);
  EXPECT_EQ(pkmap_count[1], 1);   // unused but still mapped until the wrap
  EXPECT_EQ(page_address(p), v);  // and kmap finds it again there
  ExpectMaps(v, p);
  EXPECT_TRUE(calls.empty());
  EXPECT_MM_PANIC(kunmap(High(4)), "is not kmapped");
}

TEST_F(Highmem, WrapClearsUnusedSlotsWithExactlyOneFlush) {
  for (unsigned long i = 1; i < LAST_PKMAP; i++) {  // slots 1 .. LAST_PKMAP-1
    void *v = kmap(High(i));
    ASSERT_EQ(Va(v), PKMAP_ADDR(i));
    kunmap(High(i));
  }
  void *busy = kmap(High(LAST_PKMAP - 1));  // still in use at the wrap
  EXPECT_TRUE(calls.empty());
  void *v = kmap(High(0));  // wraps to slot 0
  EXPECT_EQ(Va(v), PKMAP_ADDR(0));
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  ASSERT_EQ(calls.size(), 1u);  // LAST_PKMAP pages > threshold: one full flush
  EXPECT_EQ(calls[0].form, SFENCE_ALL);
  EXPECT_EQ(page_address(High(1)), nullptr);
  EXPECT_TRUE(Translate(PKMAP_ADDR(1), sv32::Access::kLoad).fault);
  EXPECT_EQ(page_address(High(LAST_PKMAP - 1)), busy);
  ExpectMaps(busy, High(LAST_PKMAP - 1));
  ExpectMaps(v, High(0));
  // One more lap: again exactly one flush when it wraps.
  for (unsigned long i = 1; i < LAST_PKMAP - 1; i++) {
    kmap(High(LAST_PKMAP + i));
    kunmap(High(LAST_PKMAP + i));
  }
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  kmap(High(2 * LAST_PKMAP));  // skips the busy slot, wraps, takes slot 1
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 2u);
  EXPECT_EQ(Va(page_address(High(2 * LAST_PKMAP))), PKMAP_ADDR(1));
}

TEST_F(Highmem, AllSlotsInUsePanics) {
  for (unsigned long i = 0; i < LAST_PKMAP; i++) kmap(High(i));
  EXPECT_TRUE(calls.empty());  // the wrap found nothing to clear
  EXPECT_MM_PANIC(kmap(High(LAST_PKMAP)), "pkmap slots are in use");
}

TEST_F(Highmem, KmapLocalNestsAndFlushesOneSlotPerUnmap) {
  void *a = kmap_local_page(High(0));
  void *b = kmap_atomic(High(1));
  EXPECT_EQ(Va(a), __fix_to_virt(FIX_KMAP_BEGIN));
  EXPECT_EQ(Va(b), __fix_to_virt(FIX_KMAP_BEGIN + 1));
  EXPECT_EQ(kmap_local_depth(), 2u);
  ExpectMaps(a, High(0));
  ExpectMaps(b, High(1));
  EXPECT_EQ(page_address(High(0)), nullptr);  // kmap_local is not a kmap
  EXPECT_TRUE(calls.empty());
  kunmap_atomic(static_cast<char *>(b) + 100);  // any address in the slot
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].form, SFENCE_ADDR);
  EXPECT_EQ(calls[0].addr, Va(b));
  EXPECT_TRUE(Translate(Va(b), sv32::Access::kLoad).fault);
  ExpectMaps(a, High(0));
  kunmap_local(a);
  EXPECT_EQ(calls.size(), 2u);
  EXPECT_EQ(kmap_local_depth(), 0u);
  EXPECT_EQ(tlb_flush_stats.sfence[SFENCE_ADDR], 2u);
  // The slot is reused for the next page.
  void *c = kmap_local_page(High(2));
  EXPECT_EQ(c, a);
  ExpectMaps(c, High(2));
  kunmap_local(c);
}

TEST_F(Highmem, KmapLocalOrderAndDepthAreChecked) {
  void *a = kmap_local_page(High(0));
  kmap_local_page(High(1));
  EXPECT_MM_PANIC(kunmap_local(a), "not the latest kmap_local slot");
  while (kmap_local_depth() < KM_MAX_IDX) kmap_local_page(High(kmap_local_depth()));
  EXPECT_MM_PANIC(kmap_local_page(High(100)), "nested");
}

TEST_F(Highmem, VmapReachesHighmemPages) {
  struct page *pages[4] = {High(7), High(5), low_, High(9)};
  // This buddy has no zones: its GFP_KERNEL pages (the vm_struct's slab,
  // the PTE table) may lie above the test's boundary, so the boundary is
  // lifted while vmap and vunmap allocate and free them.
  highmem_start_pfn = ~0ul;
  void *v = vmap(pages, 4, 0, PAGE_KERNEL);
  highmem_start_pfn = page_to_pfn(block_);
  ASSERT_NE(v, nullptr);
  for (unsigned long i = 0; i < 4; i++) {
    EXPECT_EQ(vmalloc_to_page(static_cast<char *>(v) + i * PAGE_SIZE), pages[i]);
    ExpectMaps(static_cast<char *>(v) + i * PAGE_SIZE, pages[i]);
  }
  highmem_start_pfn = ~0ul;
  vunmap(v);
}

}  // namespace
