// cma_test.cc -- the CMA area of firmware/mm on the host: the boot
// reservation and MIGRATE_CMA pageblocks, movable-only use, cma_alloc /
// cma_release of aligned contiguous ranges (free counts, bitmap, pcp
// drain), the busy-page refusal naming the pfn with isolation undone,
// and pagetypeinfo / meminfo showing the area.
#include "mm_arena.h"

namespace {

class Cma : public MmArena {
 protected:
  void SetUp() override {
    MmArena::SetUp();
    Boot();
    area_ = dma_contiguous_default_area;
    ASSERT_NE(area_, nullptr);
    TakeOutput();
  }
  bool InArea(const page *p) const {
    unsigned long pfn = page_to_pfn(p);
    return pfn >= area_->base_pfn && pfn < area_->base_pfn + area_->count;
  }
  static unsigned long FreeCma() { return global_zone_page_state(NR_FREE_CMA_PAGES); }

  cma *area_ = nullptr;
};

constexpr unsigned long kCmaPages = MMCOSIM_MM_CMA_BYTES / 4096;

TEST_F(Cma, ReservedAtBootAsCmaPageblocksOfNormal) {
  // top-down below the stack: the last whole pageblock under 64 MiB - 64 KiB
  EXPECT_EQ(area_->base_pfn, PHYS_PFN(kBase + kSize) - 2 * pageblock_nr_pages);
  EXPECT_EQ(area_->count, kCmaPages);
  EXPECT_EQ(totalcma_pages, kCmaPages);
  EXPECT_EQ(Z(ZONE_NORMAL)->cma_pages, kCmaPages);
  EXPECT_EQ(FreeCma(), kCmaPages);
  for (unsigned long pfn = area_->base_pfn; pfn < area_->base_pfn + area_->count;
       pfn += pageblock_nr_pages)
    EXPECT_EQ(get_pfnblock_migratetype(pfn_to_page(pfn), pfn), MIGRATE_CMA);
  EXPECT_EQ(free_list_count(Z(ZONE_NORMAL), MAX_ORDER - 1, MIGRATE_CMA),
            kCmaPages / pageblock_nr_pages);
  show_pagetypeinfo();
  std::string out = TakeOutput();
  EXPECT_NE(out.find("Node    0, zone   Normal, type          CMA      0      0      0      0"
                     "      0      0      0      0      0      0      1 \n"),
            std::string::npos) << out;
  show_meminfo();
  out = TakeOutput();
  EXPECT_NE(out.find("CmaTotal:           4096 kB\nCmaFree:            4096 kB\n"),
            std::string::npos) << out;
}

TEST_F(Cma, BootLogNamesTheArea) {
  memblock_init();
  ASSERT_EQ(memblock_add(kBase, kSize), 0);
  ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
  ASSERT_EQ(memblock_reserve(kBase + kSize - kStack, kStack), 0);
  Boot();
  EXPECT_EQ(TakeOutput().substr(0, 34), "cma: Reserved 4 MiB at 0x83800000\n");
}

TEST_F(Cma, UnmovableNeverMovableLastUsesCma) {
  for (;;) {
    page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
    if (!p) break;
    ASSERT_FALSE(InArea(p)) << page_to_pfn(p);
  }
  EXPECT_EQ(FreeCma(), kCmaPages);
  // movable requests get the CMA pages once nothing else is left
  page *m = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(InArea(m));
  EXPECT_EQ(page_to_pfn(m), area_->base_pfn);
}

TEST_F(Cma, AllocReleaseAlignedRanges) {
  const unsigned long free0 = nr_free_pages();
  page *a = cma_alloc(area_, 100, 4, false);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(InArea(a));
  EXPECT_EQ(page_to_pfn(a) % 16, 0u);
  for (unsigned long i = 0; i < 100; i++) {
    ASSERT_EQ(page_ref_count(a + i), 1) << i;
    ASSERT_FALSE(PageBuddy(a + i)) << i;
  }
  EXPECT_EQ(FreeCma(), kCmaPages - 100);
  EXPECT_EQ(nr_free_pages(), free0 - 100);
  page *b = cma_alloc(area_, 3 * pageblock_nr_pages / 4, 8, false);  // 768 aligned to 256
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(page_to_pfn(b) % 256, 0u);
  EXPECT_GE(page_to_pfn(b), page_to_pfn(a) + 100);
  EXPECT_EQ(cma_alloc(area_, 512, 0, false), nullptr);  // 156 pages left
  EXPECT_NE(TakeOutput().find("cma: cma_alloc: reserved: alloc failed, req-size: 512 pages, "
                              "ret: -12\n"),
            std::string::npos);
  // release: wrong ranges refused, the right ones accepted
  EXPECT_FALSE(cma_release(area_, a + 100, 1));  // never handed out
  EXPECT_FALSE(cma_release(area_, pfn_to_page(area_->base_pfn - 1), 2));
  EXPECT_TRUE(cma_release(area_, a, 100));
  EXPECT_FALSE(cma_release(area_, a, 100));  // twice
  EXPECT_TRUE(cma_release(area_, b, 3 * pageblock_nr_pages / 4));
  drain_local_pages(nullptr);
  EXPECT_EQ(FreeCma(), kCmaPages);
  EXPECT_EQ(nr_free_pages(), free0);
  EXPECT_EQ(free_list_count(Z(ZONE_NORMAL), MAX_ORDER - 1, MIGRATE_CMA), 1u);
  EXPECT_EQ(area_->nr_alloc, 2u);
  EXPECT_EQ(area_->nr_fail, 1u);
}

TEST_F(Cma, BusyMovablePageRefusesTheRangeAndNamesIt) {
  // movable pages fill everything else, then the first CMA page
  page *busy = nullptr;
  for (int i = 0; !busy; i++) {
    ASSERT_LT(i, 1 << 16);
    page *p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
    ASSERT_NE(p, nullptr);
    if (InArea(p)) busy = p;
  }
  ASSERT_EQ(page_to_pfn(busy), area_->base_pfn);
  const unsigned long free = nr_free_pages(), free_cma = FreeCma();
  TakeOutput();
  EXPECT_EQ(cma_alloc(area_, kCmaPages, 10, false), nullptr);
  char want[400];
  std::snprintf(want, sizeof(want),
                "alloc_contig_range: [%lx, %lx) PFNs busy\n"
                "cma: cma_alloc: reserved: alloc failed, req-size: %lu pages, ret: -16\n"
                "cma: cma_alloc: pfn 0x%lx busy: a movable page is allocated there "
                "(migration not supported yet)\n",
                area_->base_pfn, area_->base_pfn + kCmaPages, kCmaPages, area_->base_pfn);
  EXPECT_EQ(TakeOutput(), want);
  EXPECT_EQ(area_->last_busy_pfn, area_->base_pfn);
  // isolation undone: counts and pageblock type as before
  EXPECT_EQ(nr_free_pages(), free);
  EXPECT_EQ(FreeCma(), free_cma);
  EXPECT_EQ(get_pageblock_migratetype(busy), MIGRATE_CMA);
  EXPECT_EQ(Z(ZONE_NORMAL)->nr_isolate_pageblock, 0u);
  // no_warn: silent
  EXPECT_EQ(cma_alloc(area_, kCmaPages, 10, true), nullptr);
  EXPECT_EQ(TakeOutput().find("cma:"), std::string::npos);
  // freed onto the pcp list: cma_alloc drains it and gets the whole area
  __free_pages(busy, 0);
  EXPECT_GT(Z(ZONE_NORMAL)->pcp.count, 0);
  page *all = cma_alloc(area_, kCmaPages, 10, false);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(page_to_pfn(all), area_->base_pfn);
  EXPECT_EQ(FreeCma(), 0u);
}

TEST_F(Cma, NoAreaWhenSizeIsZero) {
  memblock_init();
  ASSERT_EQ(memblock_add(kBase, kSize), 0);
  cma_reserve_bytes = 0;
  Boot();
  EXPECT_EQ(dma_contiguous_default_area, nullptr);
  EXPECT_EQ(totalcma_pages, 0u);
  EXPECT_EQ(cma_alloc(dma_contiguous_default_area, 1, 0, false), nullptr);
  EXPECT_EQ(FreeCma(), 0u);
}

}  // namespace
