// zone_test.cc -- zones of firmware/mm on the host: ZONE_DMA / NORMAL /
// HIGHMEM layout and boot lines, the zonelist and gfp_zone fallback,
// lowmem_reserve and watermarks computed as Linux does, the watermark
// boundaries, lowmem_reserve refusals, ALLOC_HARDER, the kswapd note,
// the allocation-failure report, bad_page on flagged frees, and the
// zoneinfo / meminfo / vmstat / buddyinfo texts on a known arena.
#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "mm_arena.h"

extern "C" {
#include "internal.h"
}

namespace {

class Zones : public MmArena {};

constexpr unsigned long kDmaPages = MMCOSIM_MM_ZONE_DMA_BYTES / 4096;

// Pages of `z` that memblock_free_all handed out: managed.
uint64_t Managed(int idx) { return contig_page_data.node_zones[idx].managed_pages; }

TEST_F(Zones, DefaultMachineIsDma16MiBPlusNormal48MiB) {
  Boot();
  const unsigned long start = PHYS_PFN(kBase), end = PHYS_PFN(kBase + kSize);
  EXPECT_EQ(Z(ZONE_DMA)->zone_start_pfn, start);
  EXPECT_EQ(Z(ZONE_DMA)->spanned_pages, kDmaPages);
  EXPECT_EQ(Z(ZONE_NORMAL)->zone_start_pfn, start + kDmaPages);
  EXPECT_EQ(zone_end_pfn(Z(ZONE_NORMAL)), end);
  EXPECT_FALSE(populated_zone(Z(ZONE_HIGHMEM)));
  // image pages are reserved in DMA; tables, stack and CMA sit at the top
  EXPECT_EQ(Z(ZONE_DMA)->managed_pages, kDmaPages - PHYS_PFN(kImage));
  const zoneref *zr = contig_page_data.node_zonelists[ZONELIST_FALLBACK]._zonerefs;
  EXPECT_EQ(zr[0].zone, Z(ZONE_NORMAL));
  EXPECT_EQ(zr[1].zone, Z(ZONE_DMA));
  EXPECT_EQ(zr[2].zone, nullptr);
  // every page knows its zone
  EXPECT_EQ(page_zone(pfn_to_page(start + kDmaPages - 1)), Z(ZONE_DMA));
  EXPECT_EQ(page_zone(pfn_to_page(start + kDmaPages)), Z(ZONE_NORMAL));
  EXPECT_EQ(pfn_zone(end), nullptr);
  EXPECT_NE(TakeOutput().find(
                "Zone ranges:\n"
                "  DMA      [mem 0x0000000080000000-0x0000000080ffffff]\n"
                "  Normal   [mem 0x0000000081000000-0x0000000083ffffff]\n"
                "  HighMem  empty\n"
                "Movable zone start for each node\n"
                "Early memory node ranges\n"
                "  node   0: [mem 0x0000000080000000-0x0000000083ffffff]\n"
                "Initmem setup node 0 [mem 0x0000000080000000-0x0000000083ffffff]\n"),
            std::string::npos);
}

TEST_F(Zones, LowerMaxLowPfnMakesHighMemAndZonelistStartsThere) {
  Boot(32u << 20);
  EXPECT_EQ(zone_end_pfn(Z(ZONE_NORMAL)), PHYS_PFN(kBase + (32u << 20)));
  EXPECT_EQ(Z(ZONE_HIGHMEM)->spanned_pages, PHYS_PFN(32u << 20));
  EXPECT_TRUE(PageHighMem(pfn_to_page(PHYS_PFN(kBase + (32u << 20)))));
  EXPECT_FALSE(PageHighMem(pfn_to_page(PHYS_PFN(kBase + (32u << 20)) - 1)));
  const zoneref *zr = contig_page_data.node_zonelists[ZONELIST_FALLBACK]._zonerefs;
  EXPECT_EQ(zr[0].zone, Z(ZONE_HIGHMEM));
  EXPECT_EQ(zr[1].zone, Z(ZONE_NORMAL));
  EXPECT_EQ(zr[2].zone, Z(ZONE_DMA));
  EXPECT_EQ(zr[3].zone, nullptr);
  EXPECT_NE(TakeOutput().find("  Normal   [mem 0x0000000081000000-0x0000000081ffffff]\n"
                              "  HighMem  [mem 0x0000000082000000-0x0000000083ffffff]\n"),
            std::string::npos);
}

TEST_F(Zones, GfpZonePicksTheHighestZoneAndRefusesBothBits) {
  EXPECT_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
  EXPECT_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
  EXPECT_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_HIGHMEM);
  EXPECT_EQ(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), -1);
  Boot(32u << 20);
  TakeOutput();
  EXPECT_EQ(alloc_pages(__GFP_DMA | __GFP_HIGHMEM, 0), nullptr);
  EXPECT_EQ(TakeOutput(), "alloc_pages: invalid request order:0, mode:0x3\n");
  page *h = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
  page *n = alloc_pages(GFP_KERNEL, 0);
  page *d = alloc_pages(GFP_DMA, 0);
  ASSERT_TRUE(h && n && d);
  EXPECT_EQ(page_zonenum(h), ZONE_HIGHMEM);
  EXPECT_EQ(page_zonenum(n), ZONE_NORMAL);
  EXPECT_EQ(page_zonenum(d), ZONE_DMA);
  EXPECT_EQ(vm_event_states[PGALLOC_HIGH], 1u);
  EXPECT_EQ(vm_event_states[PGALLOC_NORMAL], 1u);
  EXPECT_EQ(vm_event_states[PGALLOC_DMA], 1u);
  __free_pages(h, 0);
  __free_pages(n, 0);
  __free_pages(d, 0);
  EXPECT_EQ(vm_event_states[PGFREE], 3u);
}

// Linux __setup_per_zone_wmarks and setup_per_zone_lowmem_reserve,
// recomputed here in 64 bits from the managed pages.
TEST_F(Zones, WatermarksAndLowmemReserveAsLinux) {
  Boot(32u << 20);
  uint64_t dma = Managed(ZONE_DMA), normal = Managed(ZONE_NORMAL),
           high = Managed(ZONE_HIGHMEM);
  uint64_t lowmem = dma + normal;
  // min_free_kbytes = int_sqrt(lowmem KiB * 16), the watermarks were 0 then
  uint64_t kb = lowmem * 4, root = 0;
  while ((root + 1) * (root + 1) <= kb * 16) root++;
  EXPECT_EQ(static_cast<uint64_t>(min_free_kbytes), root);
  uint64_t pages_min = root / 4;
  for (int idx : {ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM}) {
    uint64_t managed = Managed(idx);
    uint64_t tmp = pages_min * managed / lowmem;
    uint64_t min = idx == ZONE_HIGHMEM ? std::clamp<uint64_t>(managed / 1024, 32, 128) : tmp;
    uint64_t gap = std::max(tmp / 4, managed * 10 / 10000);
    EXPECT_EQ(min_wmark_pages(Z(idx)), min) << idx;
    EXPECT_EQ(low_wmark_pages(Z(idx)), min + gap) << idx;
    EXPECT_EQ(high_wmark_pages(Z(idx)), min + 2 * gap) << idx;
    // pcp high follows the low watermark (zone_highsize)
    EXPECT_EQ(static_cast<uint64_t>(Z(idx)->pcp.high),
              std::max<uint64_t>(min + gap, 4ull * Z(idx)->pcp.batch)) << idx;
  }
  EXPECT_EQ(min_wmark_pages(Z(ZONE_HIGHMEM)), 32u);  // 8 k pages / 1024 = 8 -> 32
  const unsigned long want_dma[] = {0, static_cast<unsigned long>(normal / 256),
                                    static_cast<unsigned long>((normal + high) / 256)};
  const unsigned long want_normal[] = {0, 0, static_cast<unsigned long>(high / 32)};
  for (int j = 0; j < MAX_NR_ZONES; j++) {
    EXPECT_EQ(Z(ZONE_DMA)->lowmem_reserve[j], want_dma[j]) << j;
    EXPECT_EQ(Z(ZONE_NORMAL)->lowmem_reserve[j], want_normal[j]) << j;
    EXPECT_EQ(Z(ZONE_HIGHMEM)->lowmem_reserve[j], 0u) << j;
  }
}

// zone_watermark_ok just above and just at the boundary, with and without
// lowmem_reserve, __GFP_HIGH, ALLOC_HARDER and CMA pages.
TEST_F(Zones, WatermarkBoundaries) {
  Boot();
  zone *n = Z(ZONE_NORMAL), *d = Z(ZONE_DMA);
  long f = static_cast<long>(Free(ZONE_NORMAL) - zone_page_state(n, NR_FREE_CMA_PAGES));
  ASSERT_GT(zone_page_state(n, NR_FREE_CMA_PAGES), 0u);  // the CMA area is in Normal
  // order 0 passes while free > mark
  EXPECT_TRUE(zone_watermark_ok(n, 0, f - 1, ZONE_NORMAL, ALLOC_WMARK_MIN));
  EXPECT_FALSE(zone_watermark_ok(n, 0, f, ZONE_NORMAL, ALLOC_WMARK_MIN));
  // free CMA pages count for ALLOC_CMA only
  long fc = static_cast<long>(Free(ZONE_NORMAL));
  EXPECT_TRUE(zone_watermark_ok(n, 0, fc - 1, ZONE_NORMAL, ALLOC_CMA));
  EXPECT_FALSE(zone_watermark_ok(n, 0, fc, ZONE_NORMAL, ALLOC_CMA));
  // order 3 needs free - 7 > mark
  EXPECT_TRUE(zone_watermark_ok(n, 3, f - 8, ZONE_NORMAL, ALLOC_WMARK_MIN));
  EXPECT_FALSE(zone_watermark_ok(n, 3, f - 7, ZONE_NORMAL, ALLOC_WMARK_MIN));
  // ALLOC_HIGH halves the mark: 2f - 2 -> f - 1 passes, 2f - 1 -> f fails
  EXPECT_TRUE(zone_watermark_ok(n, 0, 2 * f - 2, ZONE_NORMAL, ALLOC_HIGH));
  EXPECT_FALSE(zone_watermark_ok(n, 0, 2 * f - 1, ZONE_NORMAL, ALLOC_HIGH));
  // ALLOC_HARDER takes a further quarter: min -= min/2, then min -= min/4
  long m = f;  // the first m with (m - m/2) - (m - m/2)/4 >= f
  while ((m - m / 2) - (m - m / 2) / 4 < f) m++;
  EXPECT_FALSE(zone_watermark_ok(n, 0, m, ZONE_NORMAL, ALLOC_HIGH | ALLOC_HARDER));
  EXPECT_TRUE(zone_watermark_ok(n, 0, m - 1, ZONE_NORMAL, ALLOC_HIGH | ALLOC_HARDER));
  // lowmem_reserve of DMA against a Normal request
  long fd = static_cast<long>(Free(ZONE_DMA));
  long r = static_cast<long>(d->lowmem_reserve[ZONE_NORMAL]);
  ASSERT_GT(r, 0);
  EXPECT_TRUE(zone_watermark_ok(d, 0, fd - r - 1, ZONE_NORMAL, ALLOC_WMARK_MIN));
  EXPECT_FALSE(zone_watermark_ok(d, 0, fd - r, ZONE_NORMAL, ALLOC_WMARK_MIN));
  EXPECT_TRUE(zone_watermark_ok(d, 0, fd - 1, ZONE_DMA, ALLOC_WMARK_MIN));
}

// Order-1 allocations (no pcp) from DMA only: refused exactly when
// free - 1 <= min; the one before passed.
TEST_F(Zones, DmaRequestsStopAtTheMinWatermark) {
  Boot();
  const unsigned long min = min_wmark_pages(Z(ZONE_DMA));
  unsigned long free_before_last_ok = 0;
  for (;;) {
    unsigned long before = Free(ZONE_DMA);
    page *p = alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 1);
    if (!p) break;
    ASSERT_EQ(page_zonenum(p), ZONE_DMA);
    free_before_last_ok = before;
  }
  EXPECT_GT(free_before_last_ok - 1, min);
  EXPECT_LE(Free(ZONE_DMA) - 1, min);
  EXPECT_GE(vm_event_states[KSWAPD_WAKE], 1u);
  EXPECT_EQ(vm_event_states[ALLOCSTALL_DMA], 1u);  // where direct reclaim would run
  // an atomic request still gets one: ALLOC_HIGH | ALLOC_HARDER
  EXPECT_NE(alloc_pages(GFP_DMA | GFP_ATOMIC, 1), nullptr);
}

// A Normal request falls back to DMA, but leaves DMA its lowmem_reserve
// for DMA requests.
TEST_F(Zones, NormalFallsBackToDmaAndStopsAtLowmemReserve) {
  Boot();
  const unsigned long reserve = Z(ZONE_DMA)->lowmem_reserve[ZONE_NORMAL];
  const unsigned long min = min_wmark_pages(Z(ZONE_DMA));
  bool used_dma = false;
  for (int i = 0;; i++) {
    ASSERT_LT(i, 1 << 16);
    page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 1);
    if (!p) break;
    if (page_zonenum(p) == ZONE_DMA) used_dma = true;
  }
  EXPECT_TRUE(used_dma);
  // refused in DMA: free - 1 <= min + reserve; far above min alone
  EXPECT_LE(Free(ZONE_DMA) - 1, min + reserve);
  EXPECT_GT(Free(ZONE_DMA) - 1, min + reserve - 2);
  EXPECT_GT(Free(ZONE_DMA), min + 1);
  EXPECT_EQ(vm_event_states[ALLOCSTALL_NORMAL], 1u);  // GFP_KERNEL would have reclaimed
  // a DMA request is not held back by the reserve
  page *d = alloc_pages(GFP_DMA, 1);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(page_zonenum(d), ZONE_DMA);
}

TEST_F(Zones, KswapdWokenSilentlyAndFailureReport) {
  cma_reserve_bytes = 0;
  Boot();
  TakeOutput();
  std::vector<page *> held;
  while (page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10)) held.push_back(p);
  std::string out = TakeOutput();
  EXPECT_EQ(out, "");  // kswapd is woken (no line), nothing to reclaim, no OOM kill above order 3
  unsigned long wakes = vm_event_states[KSWAPD_WAKE];
  EXPECT_GE(wakes, 1u);
  EXPECT_TRUE(contig_page_data.kswapd_awake);
  // the next failure: the report
  EXPECT_EQ(alloc_pages(GFP_KERNEL, 10), nullptr);
  EXPECT_EQ(vm_event_states[KSWAPD_WAKE], wakes + 1);
  out = TakeOutput();
  EXPECT_EQ(out.substr(0, out.find('\n') + 1),
            "swapper/0: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
            "nodemask=(null)\n");
  EXPECT_NE(out.find("Mem-Info:\n"), std::string::npos);
  EXPECT_NE(out.find("\nlowmem_reserve[]: 0 0 0\n"), std::string::npos);
  EXPECT_NE(out.find("\nDMA: "), std::string::npos);
  EXPECT_NE(out.find("\nNormal: "), std::string::npos);
  EXPECT_NE(out.find("*4096kB "), std::string::npos);
  EXPECT_EQ(vm_event_states[PGALLOC_FAIL], 2u);
  // freeing above the high watermark lowers the note
  for (page *p : held) __free_pages(p, 10);
  EXPECT_FALSE(contig_page_data.kswapd_awake);
  // flag names in the mode
  EXPECT_EQ(alloc_pages(GFP_ATOMIC | __GFP_ZERO, MAX_ORDER), nullptr);
  EXPECT_EQ(TakeOutput(), "alloc_pages: invalid request order:11, mode:0xb20\n");
  char names[GFP_NAMES_MAX];
  format_gfp_flags(names, sizeof(names), GFP_ATOMIC | __GFP_ZERO | __GFP_NOWARN);
  EXPECT_STREQ(names, "GFP_ATOMIC|__GFP_NOWARN|__GFP_ZERO");
  format_gfp_flags(names, sizeof(names), GFP_HIGHUSER_MOVABLE | 0x4000000u);
  EXPECT_STREQ(names, "GFP_HIGHUSER_MOVABLE|0x4000000");
}

TEST_F(Zones, FlaggedFreeIsABadPageAndLeaks) {
  Boot();
  const unsigned long bad0 = nr_bad_pages;
  for (pageflags flag : {PG_slab, PG_head}) {
    page *p = alloc_pages(GFP_KERNEL, 0);
    ASSERT_NE(p, nullptr);
    page_flag_set(p, flag);
    int pcp = Z(ZONE_NORMAL)->pcp.count;
    unsigned long free = nr_free_pages(), bad = nr_bad_pages;
    TakeOutput();
    __free_pages(p, 0);
    std::string out = TakeOutput();
    char first[80];
    std::snprintf(first, sizeof(first), "BUG: Bad page state in process swapper/0  pfn:%05lx\n",
                  page_to_pfn(p));
    EXPECT_EQ(out.substr(0, out.find('\n') + 1), first);
    char flags[80];
    std::snprintf(flags, sizeof(flags), "\nflags: 0x%lx(%s|zone=1)\n",
                  (1ul << flag) | (1ul << ZONES_PGSHIFT), flag == PG_slab ? "slab" : "head");
    EXPECT_NE(out.find(flags), std::string::npos) << out;
    EXPECT_NE(out.find("\npage dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set\n"),
              std::string::npos);
    // not freed: neither on a pcp list nor in the buddy
    EXPECT_EQ(Z(ZONE_NORMAL)->pcp.count, pcp);
    EXPECT_EQ(nr_free_pages(), free);
    EXPECT_EQ(nr_bad_pages, bad + 1);
    EXPECT_FALSE(PageBuddy(p));
  }
  // a high-order block with PG_head, and a reserved page with a reference
  page *q = alloc_pages(GFP_KERNEL, 2);
  ASSERT_NE(q, nullptr);
  __SetPageHead(q);
  unsigned long free = nr_free_pages();
  __free_pages(q, 2);
  EXPECT_EQ(nr_free_pages(), free);
  page *r = alloc_pages(GFP_KERNEL, 0);
  ASSERT_NE(r, nullptr);
  SetPageReserved(r);
  TakeOutput();
  __free_pages(r, 0);
  EXPECT_NE(TakeOutput().find("(reserved|zone=1)"), std::string::npos);
  EXPECT_EQ(nr_bad_pages, bad0 + 4);
}

// The views on the known arena: 64 MiB, 35 image pages, stack and tables
// at the top, a 4 MiB CMA area; one unmovable page, one movable order-3
// block and one DMA order-2 block allocated.  Numbers checked by hand:
// min_free_kbytes = int_sqrt(16074 * 4 * 16) = 1014 -> 253 pages, DMA
// min 253 * 4061 / 16074 = 63, low 63 + 63/4 = 78; Normal 189 / 236 / 283;
// DMA protection 12013 / 256 = 46; MemAvailable = free 16061 - reserve
// (46 + 93 + 283) = 15639 pages; pcp high = the low watermark.
TEST_F(Zones, ViewsOnTheKnownArena) {
  Boot();
  TakeOutput();
  ASSERT_NE(alloc_pages(GFP_KERNEL, 0), nullptr);
  ASSERT_NE(alloc_pages(GFP_HIGHUSER_MOVABLE, 3), nullptr);
  ASSERT_NE(alloc_pages(GFP_DMA, 2), nullptr);
  const char k_zoneinfo[] =
        "Node 0, zone      DMA\n"
        "  per-node stats\n"
        "      nr_inactive_anon 0\n"
        "      nr_active_anon 0\n"
        "      nr_inactive_file 0\n"
        "      nr_active_file 0\n"
        "      nr_unevictable 0\n"
        "      nr_slab_reclaimable 0\n"
        "      nr_slab_unreclaimable 0\n"
        "      nr_file_pages 0\n"
        "      nr_anon_pages 0\n"
        "      nr_kernel_stack 0\n"
        "      nr_page_table_pages 0\n"
        "      nr_mapped    0\n"
        "      nr_dirty     0\n"
        "      nr_writeback 0\n"
        "      nr_swapcached 0\n"
        "  pages free     4057\n"
        "        boost    0\n"
        "        min      63\n"
        "        low      78\n"
        "        high     93\n"
        "        spanned  4096\n"
        "        present  4096\n"
        "        managed  4061\n"
        "        cma      0\n"
        "        protection: (0, 46, 46)\n"
        "      nr_free_pages 4057\n"
        "      nr_zone_inactive_anon 0\n"
        "      nr_zone_active_anon 0\n"
        "      nr_zone_inactive_file 0\n"
        "      nr_zone_active_file 0\n"
        "      nr_zone_unevictable 0\n"
        "      nr_zone_write_pending 0\n"
        "      nr_mlock     0\n"
        "      nr_bounce    0\n"
        "      nr_free_cma  0\n"
        "  pagesets\n"
        "    cpu: 0\n"
        "              count: 0\n"
        "              high:  78\n"
        "              batch: 1\n"
        "  start_pfn:           524288\n"
        "Node 0, zone   Normal\n"
        "  pages free     12004\n"
        "        boost    0\n"
        "        min      189\n"
        "        low      236\n"
        "        high     283\n"
        "        spanned  12288\n"
        "        present  12288\n"
        "        managed  12013\n"
        "        cma      1024\n"
        "        protection: (0, 0, 0)\n"
        "      nr_free_pages 12004\n"
        "      nr_zone_inactive_anon 0\n"
        "      nr_zone_active_anon 0\n"
        "      nr_zone_inactive_file 0\n"
        "      nr_zone_active_file 0\n"
        "      nr_zone_unevictable 0\n"
        "      nr_zone_write_pending 0\n"
        "      nr_mlock     0\n"
        "      nr_bounce    0\n"
        "      nr_free_cma  1024\n"
        "  pagesets\n"
        "    cpu: 0\n"
        "              count: 0\n"
        "              high:  236\n"
        "              batch: 1\n"
        "  start_pfn:           528384\n"
        "Node 0, zone  HighMem\n"
        "  pages free     0\n"
        "        boost    0\n"
        "        min      32\n"
        "        low      32\n"
        "        high     32\n"
        "        spanned  0\n"
        "        present  0\n"
        "        managed  0\n"
        "        cma      0\n"
        "        protection: (0, 0, 0)\n";

  const char k_meminfo[] =
        "MemTotal:          64296 kB\n"
        "MemFree:           64244 kB\n"
        "MemAvailable:      62556 kB\n"
        "Buffers:               0 kB\n"
        "Cached:                0 kB\n"
        "SwapCached:            0 kB\n"
        "Active:                0 kB\n"
        "Inactive:              0 kB\n"
        "Active(anon):          0 kB\n"
        "Inactive(anon):        0 kB\n"
        "Active(file):          0 kB\n"
        "Inactive(file):        0 kB\n"
        "Unevictable:           0 kB\n"
        "Mlocked:               0 kB\n"
        "HighTotal:             0 kB\n"
        "HighFree:              0 kB\n"
        "LowTotal:          64296 kB\n"
        "LowFree:           64244 kB\n"
        "SwapTotal:             0 kB\n"
        "SwapFree:              0 kB\n"
        "Dirty:                 0 kB\n"
        "Writeback:             0 kB\n"
        "AnonPages:             0 kB\n"
        "Mapped:                0 kB\n"
        "KReclaimable:          0 kB\n"
        "Slab:                  0 kB\n"
        "SReclaimable:          0 kB\n"
        "SUnreclaim:            0 kB\n"
        "KernelStack:           0 kB\n"
        "PageTables:            0 kB\n"
        "Bounce:                0 kB\n"
        "VmallocTotal:          0 kB\n"
        "VmallocUsed:           0 kB\n"
        "CmaTotal:           4096 kB\n"
        "CmaFree:            4096 kB\n";

  const char k_vmstat[] =
        "nr_free_pages 16061\n"
        "nr_zone_inactive_anon 0\n"
        "nr_zone_active_anon 0\n"
        "nr_zone_inactive_file 0\n"
        "nr_zone_active_file 0\n"
        "nr_zone_unevictable 0\n"
        "nr_zone_write_pending 0\n"
        "nr_mlock 0\n"
        "nr_bounce 0\n"
        "nr_free_cma 1024\n"
        "nr_inactive_anon 0\n"
        "nr_active_anon 0\n"
        "nr_inactive_file 0\n"
        "nr_active_file 0\n"
        "nr_unevictable 0\n"
        "nr_slab_reclaimable 0\n"
        "nr_slab_unreclaimable 0\n"
        "nr_file_pages 0\n"
        "nr_anon_pages 0\n"
        "nr_kernel_stack 0\n"
        "nr_page_table_pages 0\n"
        "nr_mapped 0\n"
        "nr_dirty 0\n"
        "nr_writeback 0\n"
        "nr_swapcached 0\n"
        "pgalloc_dma 4\n"
        "pgalloc_normal 9\n"
        "pgalloc_high 0\n"
        "allocstall_dma 0\n"
        "allocstall_normal 0\n"
        "allocstall_high 0\n"
        "pgfree 0\n"
        "kswapd_wake 0\n"
        "pgalloc_fail 0\n"
        "pgfault 0\n"
        "pgmajfault 0\n"
        "pswpin 0\n"
        "pswpout 0\n"
        "pgactivate 0\n"
        "pgdeactivate 0\n"
        "pgrefill 0\n"
        "pgsteal_kswapd 0\n"
        "pgsteal_direct 0\n"
        "pgscan_kswapd 0\n"
        "pgscan_direct 0\n"
        "oom_kill 0\n";

  const char k_buddyinfo[] =
        "Node 0, zone      DMA      1      0      2      2      2      1      2      2      2      2      2 \n"
        "Node 0, zone   Normal      2      1      2      1      1      2      2      2      1      2     10 \n";

  show_zoneinfo();
  EXPECT_EQ(TakeOutput(), k_zoneinfo);
  show_meminfo();
  EXPECT_EQ(TakeOutput(), k_meminfo);
  show_vmstat();
  EXPECT_EQ(TakeOutput(), k_vmstat);
  show_buddyinfo();
  EXPECT_EQ(TakeOutput(), k_buddyinfo);
  show_free_areas();
  std::string areas = TakeOutput();
  EXPECT_NE(areas.find(" free:16061 free_pcp:0 free_cma:1024\n"
                       "DMA free:16228kB min:252kB low:312kB high:372kB "
                       "reserved_highatomic:0KB present:16384kB managed:16244kB "
                       "free_pcp:0kB free_cma:0kB\n"
                       "lowmem_reserve[]: 0 46 46\n"),
            std::string::npos) << areas;
  EXPECT_NE(areas.find("\nNormal: 2*4kB (UM) 1*8kB (U) 2*16kB (UM) 1*32kB (U) 1*64kB (U) "
                       "2*128kB (UM) 2*256kB (UM) 2*512kB (UM) 1*1024kB (U) 2*2048kB (UM) "
                       "10*4096kB (MC) = 48016kB\n"),
            std::string::npos) << areas;
}

// A high-order atomic request served by the slow path (ALLOC_HARDER)
// reserves its pageblock as MIGRATE_HIGHATOMIC; later atomic requests
// take from it first, ordinary ones see the reserve as unusable.
TEST_F(Zones, HighAtomicReserveForAtomicHighOrder) {
  cma_reserve_bytes = 0;
  Boot();
  // both zones just under their low watermark (order-3 unmovable blocks)
  while (Free(ZONE_NORMAL) - 7 > low_wmark_pages(Z(ZONE_NORMAL)))
    ASSERT_EQ(page_zonenum(alloc_pages(GFP_KERNEL, 3)), ZONE_NORMAL);
  while (Free(ZONE_DMA) - 7 > low_wmark_pages(Z(ZONE_DMA)))
    ASSERT_EQ(page_zonenum(alloc_pages(GFP_KERNEL | GFP_DMA, 3)), ZONE_DMA);
  ASSERT_EQ(Z(ZONE_NORMAL)->nr_reserved_highatomic, 0u);
  page *a = alloc_pages(GFP_ATOMIC, 2);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(page_zonenum(a), ZONE_NORMAL);
  EXPECT_EQ(get_pageblock_migratetype(a), MIGRATE_HIGHATOMIC);
  EXPECT_EQ(Z(ZONE_NORMAL)->nr_reserved_highatomic, pageblock_nr_pages);
  unsigned long highatomic_free = 0;
  for (unsigned o = 0; o < MAX_ORDER; o++)
    highatomic_free += free_list_count(Z(ZONE_NORMAL), o, MIGRATE_HIGHATOMIC) << o;
  EXPECT_GT(highatomic_free, 0u);
  // the next atomic request comes from the reserve, which grows no further
  page *b = alloc_pages(GFP_ATOMIC, 2);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(page_to_pfn(b) / pageblock_nr_pages, page_to_pfn(a) / pageblock_nr_pages);
  EXPECT_EQ(Z(ZONE_NORMAL)->nr_reserved_highatomic, pageblock_nr_pages);
  // an ordinary request does not count the reserve as free: refused
  EXPECT_EQ(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2), nullptr);
  TakeOutput();
  show_pagetypeinfo();  // blocks: ... HighAtomic 1, CMA 0, Isolate 0
  std::string out = TakeOutput();
  std::string normal = out.substr(out.rfind("Node 0, zone   Normal "));
  EXPECT_EQ(normal.substr(normal.size() - 40), "           1            0            0 \n");
}

// free_area_init refuses zone limits that go down, and memory above the
// last limit.
TEST_F(Zones, FreeAreaInitRefusesBadZoneLimits) {
  const unsigned long start = PHYS_PFN(kBase), end = PHYS_PFN(kBase + kSize);
  unsigned long down[MAX_NR_ZONES] = {start + kDmaPages, start + 1, end};
  EXPECT_MM_PANIC(free_area_init(down), "free_area_init: max_zone_pfn[1]");
  memblock_init();
  ASSERT_EQ(memblock_add(kBase, kSize), 0);
  unsigned long short_[MAX_NR_ZONES] = {start + kDmaPages, end - 1, end - 1};
  EXPECT_MM_PANIC(free_area_init(short_), "in no zone");
}

}  // namespace
