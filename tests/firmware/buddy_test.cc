// buddy_test.cc -- firmware/mm/page_alloc.c on the host: bring-up from
// memblock, split and merge, a randomized run against a shadow bitmap,
// migrate-type fallback and pageblock stealing, the min watermark, the
// per-CPU lists, the invariant panics and the buddyinfo/pagetypeinfo views.
// DRAM is a page-aligned malloc'ed buffer mapped at the config's DRAM base.
// These suites test the buddy itself: one Normal zone (no DMA zone, no
// CMA area); zone_test.cc and cma_test.cc cover zones and CMA.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "mm_host.h"

extern "C" {
#include "cma.h"
#include "memblock.h"
#include "page_alloc.h"
}

namespace {

constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
constexpr phys_addr_t kImage = 0x23000;  // "kernel image" reserved at the base

using Counts = std::vector<unsigned long>;  // nr_free per order

zone *normal() { return &contig_page_data.node_zones[ZONE_NORMAL]; }

Counts buddyinfo() {
  Counts c;
  for (unsigned o = 0; o < MAX_ORDER; o++) c.push_back(normal()->free_area[o].nr_free);
  return c;
}

// The largest-aligned-block decomposition of memblock's free ranges,
// computed independently of the allocator.
Counts expected_initial(unsigned long *pages) {
  Counts c(MAX_ORDER, 0);
  *pages = 0;
  unsigned long i;
  phys_addr_t s, e;
  for_each_free_mem_range(i, &s, &e) {
    for (unsigned long pfn = PFN_UP(s); pfn < PFN_DOWN(e);) {
      unsigned o = MAX_ORDER - 1;
      while (pfn % (1ul << o) || pfn + (1ul << o) > PFN_DOWN(e)) o--;
      c[o]++;
      pfn += 1ul << o;
      *pages += 1ul << o;
    }
  }
  return c;
}

class Buddy : public ::testing::Test {
 protected:
  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    memblock_init();
    zone_dma_bytes = 0;
    cma_reserve_bytes = 0;
  }
  void TearDown() override {
    zone_dma_bytes = MMCOSIM_MM_ZONE_DMA_BYTES;
    cma_reserve_bytes = MMCOSIM_MM_CMA_BYTES;
    std::free(dram_);
  }

  // DRAM with the image at the base and a 64 KiB stack on top.
  void Boot(phys_addr_t size = kSize) {
    ASSERT_EQ(memblock_add(kBase, size), 0);
    ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
    ASSERT_EQ(memblock_reserve(kBase + size - 0x10000, 0x10000), 0);
    set_linear_map(kBase, dram_);
    mm_core_init();
  }

  // No min watermark: tests that drain the zone.
  void NoWatermarks() {
    min_free_kbytes = 0;
    setup_per_zone_wmarks();
  }

  // Allocates every movable free block below MAX_ORDER - 1 (and sets the
  // pcp batch to 1), so that only whole max-order blocks stay free.
  void UseUpSmallBlocks() {
    normal()->pcp.batch = 1;
    for (int o = MAX_ORDER - 2; o >= 0; o--)
      while (free_list_count(normal(), o, MIGRATE_MOVABLE))
        ASSERT_NE(alloc_pages(GFP_HIGHUSER_MOVABLE, o), nullptr);
    for (unsigned o = 0; o < MAX_ORDER - 1; o++)
      ASSERT_EQ(normal()->free_area[o].nr_free, 0u) << o;
  }

  unsigned char *dram_ = nullptr;
};

TEST_F(Buddy, InitFreesExactlyTheNonReservedPagesAsLargestAlignedBlocks) {
  Boot();
  unsigned long pages;
  Counts want = expected_initial(&pages);
  EXPECT_EQ(buddyinfo(), want);
  EXPECT_EQ(zone_page_state(normal(), NR_FREE_PAGES), pages);
  EXPECT_EQ(normal()->managed_pages, pages);
  EXPECT_EQ(normal()->spanned_pages, kSize / PAGE_SIZE);
  EXPECT_EQ(normal()->present_pages, kSize / PAGE_SIZE);
  // reserved: image, stack, mem_map and the pageblock bitmap
  unsigned long reserved = 0;
  for (unsigned long pfn = arch_pfn_offset; pfn < max_pfn; pfn++)
    reserved += PageReserved(pfn_to_page(pfn));
  EXPECT_EQ(reserved + pages, kSize / PAGE_SIZE);
  EXPECT_EQ(reserved * PAGE_SIZE, memblock_reserved_size());
  EXPECT_TRUE(PageReserved(pfn_to_page(PHYS_PFN(kBase))));
  // every pageblock starts MIGRATE_MOVABLE; all free blocks are movable
  for (unsigned o = 0; o < MAX_ORDER; o++)
    EXPECT_EQ(free_list_count(normal(), o, MIGRATE_MOVABLE), want[o]);
  EXPECT_TRUE(memblock.frozen);
  EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0u);
}

TEST_F(Buddy, WatermarksFollowLinuxFormula) {
  Boot();
  unsigned long managed = normal()->managed_pages;
  unsigned long kb = managed * (PAGE_SIZE / 1024);
  unsigned long root = 0;
  while ((root + 1) * (root + 1) <= kb * 16) root++;
  EXPECT_EQ(static_cast<unsigned long>(min_free_kbytes), root);
  unsigned long min = root / (PAGE_SIZE / 1024);
  EXPECT_EQ(min_wmark_pages(normal()), min);
  unsigned long gap = std::max(min / 4, managed * 10 / 10000);
  EXPECT_EQ(low_wmark_pages(normal()), min + gap);
  EXPECT_EQ(high_wmark_pages(normal()), min + 2 * gap);
}

TEST_F(Buddy, Order0FromFreshZoneSplitsOneMaxBlockAndFreeRestoresIt) {
  Boot();
  NoWatermarks();
  UseUpSmallBlocks();  // and pcp batch 1: one page moves through the pcp list
  Counts before = buddyinfo();
  page *p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
  ASSERT_NE(p, nullptr);
  Counts after = buddyinfo();
  EXPECT_EQ(after[MAX_ORDER - 1], before[MAX_ORDER - 1] - 1);
  for (unsigned o = 0; o < MAX_ORDER - 1; o++) EXPECT_EQ(after[o], before[o] + 1) << o;
  EXPECT_EQ(page_to_pfn(p) % MAX_ORDER_NR_PAGES, 0u);
  __free_pages(p, 0);
  drain_local_pages(nullptr);
  EXPECT_EQ(buddyinfo(), before);
}

TEST_F(Buddy, HigherOrderSplitAndBuddyMerge) {
  Boot();
  NoWatermarks();
  UseUpSmallBlocks();
  Counts before = buddyinfo();
  unsigned long free0 = nr_free_pages();
  page *a = alloc_pages(GFP_HIGHUSER_MOVABLE, 3);
  page *b = alloc_pages(GFP_HIGHUSER_MOVABLE, 3);
  ASSERT_TRUE(a && b);
  // b is a's buddy: the split left a's upper half free at order 3
  EXPECT_EQ(page_to_pfn(b), page_to_pfn(a) ^ 8);
  EXPECT_EQ(nr_free_pages(), free0 - 16);
  __free_pages(a, 3);
  EXPECT_TRUE(PageBuddy(a));
  EXPECT_EQ(page_private(a), 3u);  // cannot merge: buddy b allocated
  __free_pages(b, 3);
  EXPECT_EQ(buddyinfo(), before);
  EXPECT_EQ(nr_free_pages(), free0);
}

TEST_F(Buddy, RandomMixedOrdersAgainstShadowBitmap) {
  Boot();
  NoWatermarks();
  Counts initial = buddyinfo();
  unsigned long free0 = nr_free_pages();
  unsigned long npages = max_pfn - arch_pfn_offset;
  std::vector<bool> used(npages, false);
  struct Alloc { page *p; unsigned order; uint32_t tag; };
  std::vector<Alloc> live;
  std::mt19937 rng(12345);
  const gfp_t kinds[] = {GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE};
  unsigned long refused = 0;
  for (int step = 0; step < 20000; step++) {
    bool do_alloc = live.empty() || rng() % 100 < 55;
    if (do_alloc) {
      unsigned order = rng() % 4 == 0 ? rng() % MAX_ORDER : rng() % 3;
      page *p = alloc_pages(kinds[rng() % 3], order);
      if (!p) { refused++; continue; }
      unsigned long pfn = page_to_pfn(p);
      ASSERT_EQ(pfn % (1ul << order), 0u) << "misaligned order " << order;
      for (unsigned long i = 0; i < (1ul << order); i++) {
        unsigned long idx = pfn - arch_pfn_offset + i;
        ASSERT_FALSE(used[idx]) << "pfn " << pfn + i << " handed out twice";
        ASSERT_FALSE(PageReserved(p + i));
        used[idx] = true;
        std::memset(page_address(p + i), static_cast<int>(step & 0xff), PAGE_SIZE);
      }
      live.push_back({p, order, static_cast<uint32_t>(step & 0xff)});
    } else {
      size_t k = rng() % live.size();
      Alloc a = live[k];
      live[k] = live.back();
      live.pop_back();
      unsigned long pfn = page_to_pfn(a.p);
      for (unsigned long i = 0; i < (1ul << a.order); i++) {
        const unsigned char *c = static_cast<unsigned char *>(page_address(a.p + i));
        ASSERT_EQ(c[0], a.tag);
        ASSERT_EQ(c[PAGE_SIZE - 1], a.tag);
        used[pfn - arch_pfn_offset + i] = false;
      }
      __free_pages(a.p, a.order);
    }
  }
  for (const Alloc &a : live) __free_pages(a.p, a.order);
  drain_local_pages(nullptr);
  EXPECT_EQ(nr_free_pages(), free0);
  EXPECT_EQ(buddyinfo(), initial);
  EXPECT_GT(refused, 0u);  // the zone ran out of large blocks at times
}

TEST_F(Buddy, UnmovableFallbackStealsAWholePageblock) {
  Boot();
  NoWatermarks();
  unsigned long max_blocks = normal()->free_area[MAX_ORDER - 1].nr_free;
  page *p = alloc_pages(GFP_KERNEL, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(normal()->nr_pageblock_steal, 1u);
  EXPECT_EQ(normal()->nr_fallback, 1u);
  EXPECT_EQ(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
  EXPECT_EQ(normal()->free_area[MAX_ORDER - 1].nr_free, max_blocks - 1);
  // the rest of the stolen block sits on the unmovable lists
  int batch = normal()->pcp.batch;
  unsigned long unmovable = 0;
  for (unsigned o = 0; o < MAX_ORDER; o++)
    unmovable += free_list_count(normal(), o, MIGRATE_UNMOVABLE) << o;
  EXPECT_EQ(unmovable, pageblock_nr_pages - batch);
  // a second unmovable page comes from the same block without fallback
  page *q = alloc_pages(GFP_KERNEL, 2);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(page_to_pfn(q) / pageblock_nr_pages, page_to_pfn(p) / pageblock_nr_pages);
  EXPECT_EQ(normal()->nr_fallback, 1u);
  // reclaimable steals its own block too
  page *r = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 1);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(get_pageblock_migratetype(r), MIGRATE_RECLAIMABLE);
  EXPECT_EQ(normal()->nr_pageblock_steal, 2u);
}

TEST_F(Buddy, SmallMovableFallbackTakesSmallestBlockWithoutSteal) {
  Boot();
  NoWatermarks();
  normal()->pcp.batch = 1;
  page *u = alloc_pages(GFP_KERNEL, 0);  // steals one block for unmovable
  ASSERT_NE(u, nullptr);
  unsigned long block = page_to_pfn(u) & ~(pageblock_nr_pages - 1);
  // use up every movable block
  for (int o = MAX_ORDER - 1; o >= 0; o--)
    while (free_list_count(normal(), o, MIGRATE_MOVABLE))
      ASSERT_NE(alloc_pages(GFP_HIGHUSER_MOVABLE, o), nullptr);
  drain_local_pages(nullptr);
  for (unsigned o = 0; o < MAX_ORDER; o++)
    ASSERT_EQ(free_list_count(normal(), o, MIGRATE_MOVABLE), 0u);
  // leave the unmovable block only small pieces (< pageblock_order / 2):
  // a movable request may then not claim the block
  for (unsigned o = pageblock_order / 2; o < MAX_ORDER; o++)
    while (free_list_count(normal(), o, MIGRATE_UNMOVABLE))
      ASSERT_NE(alloc_pages(GFP_KERNEL, o), nullptr);
  unsigned long steals = normal()->nr_pageblock_steal;
  unsigned long fallbacks = normal()->nr_fallback;
  unsigned long smallest_order = 0;
  while (!free_list_count(normal(), smallest_order, MIGRATE_UNMOVABLE)) smallest_order++;
  page *m = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(normal()->nr_fallback, fallbacks + 1);
  EXPECT_EQ(normal()->nr_pageblock_steal, steals);  // no ownership change
  EXPECT_EQ(page_to_pfn(m) & ~(pageblock_nr_pages - 1), block);
  EXPECT_EQ(get_pageblock_migratetype(m), MIGRATE_UNMOVABLE);
  EXPECT_EQ(smallest_order, 0u);
  EXPECT_EQ(page_to_pfn(m), block + 1);  // the smallest block: the order-0 buddy of u
}

TEST_F(Buddy, MinWatermarkRefusesAllocation) {
  Boot();
  unsigned long min = min_wmark_pages(normal());
  ASSERT_GT(min, 0u);
  const unsigned order = 3;
  unsigned long last_ok_free = 0;
  int n = 0;
  while (alloc_pages(GFP_KERNEL, order)) {
    last_ok_free = nr_free_pages() + (1ul << order);
    ASSERT_LT(++n, 1 << 20);
  }
  unsigned long free_now = nr_free_pages();
  // refused: free - (2^order - 1) <= min; the previous one passed
  EXPECT_LE(free_now - ((1ul << order) - 1), min);
  EXPECT_GT(last_ok_free - ((1ul << order) - 1), min);
  // there were blocks: the refusal is the watermark's
  unsigned long big = 0;
  for (unsigned o = order; o < MAX_ORDER; o++) big += normal()->free_area[o].nr_free;
  EXPECT_GT(big, 0u);
  // __GFP_HIGH may go down to min / 2
  EXPECT_NE(alloc_pages(GFP_ATOMIC, order), nullptr);
  EXPECT_EQ(alloc_pages(GFP_KERNEL, MAX_ORDER), nullptr);
}

TEST_F(Buddy, PcpRefillsBatchAndDrainsAtHigh) {
  Boot();
  NoWatermarks();
  per_cpu_pages *pcp = &normal()->pcp;
  ASSERT_EQ(pcp->batch, 3);  // 64 MiB: 16 k pages / 1024 / 4 = 3 -> 2^2 - 1
  // zone_highsize: the low watermark, at least 4 batches
  ASSERT_EQ(static_cast<unsigned long>(pcp->high),
            std::max(low_wmark_pages(normal()), 4ul * pcp->batch));
  unsigned long free0 = nr_free_pages();
  page *p = alloc_page(GFP_KERNEL);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(pcp->count, pcp->batch - 1);
  EXPECT_EQ(nr_free_pages(), free0 - pcp->batch);
  std::vector<page *> pages{p};
  for (int i = 1; i < 2 * pcp->high; i++) pages.push_back(alloc_page(GFP_KERNEL));
  drain_local_pages(nullptr);
  EXPECT_EQ(pcp->count, 0);
  for (size_t i = 0; i < pages.size(); i++) {
    __free_page(pages[i]);
    ASSERT_LT(pcp->count, pcp->high);  // reaching high drains at once
    if (static_cast<int>(i + 1) < pcp->high) {
      EXPECT_EQ(pcp->count, static_cast<int>(i + 1));
    }
  }
  EXPECT_EQ(nr_free_pages() + pcp->count, free0);
  drain_local_pages(normal());
  EXPECT_EQ(pcp->count, 0);
  EXPECT_EQ(nr_free_pages(), free0);
}

TEST_F(Buddy, PcpFreeAtHighDrainsOneBatch) {
  Boot();
  NoWatermarks();
  per_cpu_pages *pcp = &normal()->pcp;
  std::vector<page *> pages;
  for (int i = 0; i < pcp->high; i++) pages.push_back(alloc_page(GFP_KERNEL));
  drain_local_pages(nullptr);
  for (int i = 0; i < pcp->high - 1; i++) __free_page(pages[i]);
  EXPECT_EQ(pcp->count, pcp->high - 1);
  unsigned long free_before = nr_free_pages();
  __free_page(pages[pcp->high - 1]);  // count reaches high: batch go back
  EXPECT_EQ(pcp->count, pcp->high - pcp->batch);
  EXPECT_EQ(nr_free_pages(), free_before + pcp->batch);
}

TEST_F(Buddy, ZeroedAndAddressInterfaces) {
  Boot();
  unsigned long a = get_zeroed_page(GFP_KERNEL);
  ASSERT_NE(a, 0u);
  const unsigned char *c = reinterpret_cast<unsigned char *>(a);
  for (unsigned long i = 0; i < PAGE_SIZE; i++) ASSERT_EQ(c[i], 0) << i;
  EXPECT_GE(a, reinterpret_cast<uintptr_t>(dram_));
  EXPECT_LT(a, reinterpret_cast<uintptr_t>(dram_) + kSize);
  free_page(a);
  unsigned long b = __get_free_pages(GFP_KERNEL, 2);
  ASSERT_NE(b, 0u);
  EXPECT_EQ(__pa(reinterpret_cast<void *>(b)) % (4 * PAGE_SIZE), 0u);
  free_pages(b, 2);
  free_pages(0, 0);  // ignored
  EXPECT_EQ(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
  EXPECT_EQ(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
  EXPECT_EQ(gfp_migratetype(__GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
}

TEST_F(Buddy, InvariantViolationsPanic) {
  Boot();
  page *p = alloc_pages(GFP_KERNEL, 0);
  ASSERT_NE(p, nullptr);
  __free_pages(p, 0);
  EXPECT_MM_PANIC(__free_pages(p, 0), "__free_pages: double free of pfn");
  page *q = alloc_pages(GFP_KERNEL, 3);
  ASSERT_NE(q, nullptr);
  __free_pages(q, 3);
  EXPECT_MM_PANIC(__free_pages(q, 3), "double free");
  EXPECT_MM_PANIC(__free_pages(pfn_to_page(PHYS_PFN(kBase)), 0),
                  "__free_pages: freeing reserved pfn 524288");
  page *r = alloc_pages(GFP_KERNEL, 0);
  ASSERT_NE(r, nullptr);
  EXPECT_MM_PANIC(__free_pages(r, MAX_ORDER), "bad order 11");
  page *odd = alloc_pages(GFP_KERNEL, 2) + 1;
  EXPECT_MM_PANIC(__free_pages(odd, 1), "misaligned for order 1");
  page *s = alloc_pages(GFP_KERNEL, 2);
  ASSERT_NE(s, nullptr);
  EXPECT_MM_PANIC(__free_pages(s, 1), "differs from allocation order 2");
}

TEST_F(Buddy, PoisonCatchesWriteAfterFree) {
  Boot();
  NoWatermarks();
  page *p = alloc_pages(GFP_HIGHUSER_MOVABLE, 3);
  ASSERT_NE(p, nullptr);
  __free_pages(p, 3);
  EXPECT_EQ(static_cast<unsigned char *>(page_address(p + 5))[7], PAGE_POISON);
  static_cast<unsigned char *>(page_address(p + 5))[7] = 1;  // use after free
  EXPECT_MM_PANIC(alloc_pages(GFP_HIGHUSER_MOVABLE, 3), "written after free");
}

TEST_F(Buddy, BuddyinfoAndPagetypeinfoText) {
  // 8 MiB: pageblock 0 free but for 3 image pages; pageblock 1 holds the
  // stack, mem_map and the bitmap and nothing else is free there.
  const phys_addr_t size = 8u << 20;
  const phys_addr_t block = pageblock_nr_pages * PAGE_SIZE;
  ASSERT_EQ(memblock_add(kBase, size), 0);
  ASSERT_EQ(memblock_reserve(kBase, 3 * PAGE_SIZE), 0);
  phys_addr_t tables = ALIGN((size / PAGE_SIZE) * sizeof(page), PAGE_SIZE) + PAGE_SIZE;
  ASSERT_EQ(memblock_reserve(kBase + block, block - tables), 0);
  set_linear_map(kBase, dram_);
  mm_core_init();
  NoWatermarks();
  mm_host::output.clear();
  show_buddyinfo();
  EXPECT_EQ(mm_host::output,
            "Node 0, zone   Normal      1      0      1      1      1      1"
            "      1      1      1      1      0 \n");
  mm_host::output.clear();
  ASSERT_NE(alloc_pages(GFP_KERNEL, 0), nullptr);  // pfn 3, steals block 0
  show_pagetypeinfo();
  EXPECT_EQ(mm_host::output,
            "Page block order: 10\n"
            "Pages per block:  1024\n"
            "\n"
            "Free pages count per migrate type at order       0      1      2      3"
            "      4      5      6      7      8      9     10 \n"
            "Node    0, zone   Normal, type    Unmovable      0      0      1      1"
            "      1      1      1      1      1      1      0 \n"
            "Node    0, zone   Normal, type      Movable      0      0      0      0"
            "      0      0      0      0      0      0      0 \n"
            "Node    0, zone   Normal, type  Reclaimable      0      0      0      0"
            "      0      0      0      0      0      0      0 \n"
            "Node    0, zone   Normal, type   HighAtomic      0      0      0      0"
            "      0      0      0      0      0      0      0 \n"
            "Node    0, zone   Normal, type          CMA      0      0      0      0"
            "      0      0      0      0      0      0      0 \n"
            "Node    0, zone   Normal, type      Isolate      0      0      0      0"
            "      0      0      0      0      0      0      0 \n"
            "\n"
            "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic"
            "          CMA      Isolate \n"
            "Node 0, zone   Normal            1            1            0            0"
            "            0            0 \n");
}

}  // namespace
