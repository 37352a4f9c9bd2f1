/*
 * mm_init.c -- bringing up the page allocator from memblock: the linear
 * map, mem_map and the pageblock bitmaps, node 0 and its zones and
 * zonelist, releasing free memory to the buddy, per-CPU list sizes,
 * watermarks and lowmem_reserve.
 */
#include <string.h>

#include "internal.h"
#include "memblock.h"
#include "page_alloc.h"
#include "printk.h"

struct page *mem_map;
unsigned long arch_pfn_offset;
unsigned long max_pfn;
uintptr_t va_pa_offset;

int min_free_kbytes = 1024;
int watermark_scale_factor = 10;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = {
    [ZONE_DMA] = 256, [ZONE_NORMAL] = 32, [ZONE_HIGHMEM] = 0};
unsigned long totalreserve_pages;
phys_addr_t zone_dma_bytes = MMCOSIM_MM_ZONE_DMA_BYTES;

#define MIN_FREE_KBYTES_MIN 128         /* Linux's clamp of min_free_kbytes */
#define MIN_FREE_KBYTES_MAX 262144
#define MIN_FREE_KBYTES_SCALE 16       /* min_free_kbytes = sqrt(KiB * 16) */
#define WMARK_SCALE_DIVISOR 10000       /* watermark_scale_factor unit */
#define PCP_BATCH_MAX_BYTES (1ul << 20) /* a pcp batch holds at most 1 MiB */
#define PCP_BATCH_DIVISOR   1024        /* batch ~ managed pages / 1024 / 4 */
#define PCP_MIN_HIGH_BATCHES 4         /* zone_highsize: high >= batch << 2 */
#define SWAP_CLUSTER_MAX    32          /* highmem min watermark floor */
#define HIGHMEM_MIN_DIVISOR 1024        /* highmem min = managed / 1024 ... */
#define HIGHMEM_MIN_MAX     128         /* ... at most 128 pages */
#define BITS_PER_BYTE       8 /* int_sqrt */

/* Sets pointer = phys + va_pa_offset so that `pa` maps to `va`. */
void set_linear_map(phys_addr_t pa, void *va) {
  va_pa_offset = (uintptr_t)va - (uintptr_t)pa;
}

/* Allocates zeroed memory from memblock for the mm's own tables. */
static void *memblock_alloc_zeroed(phys_addr_t size, const char *what) {
  phys_addr_t pa = memblock_phys_alloc(ALIGN(size, PAGE_SIZE), PAGE_SIZE);
  if (!pa) panic("free_area_init: no memblock room for %s (%u bytes)", what,
                 (unsigned)size);
  void *p = __va(pa);
  memset(p, 0, size);
  return p;
}

/* Pages of [start_pfn, end_pfn) that lie in memblock.memory. */
static unsigned long present_pages_in(unsigned long start_pfn,
                                      unsigned long end_pfn) {
  unsigned long n = 0;
  for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
    const struct memblock_region *r = &memblock.memory.regions[i];
    unsigned long s = PFN_UP(r->base);
    unsigned long e = PFN_DOWN((uint64_t)r->base + r->size);
    if (s < start_pfn) s = start_pfn;
    if (e > end_pfn) e = end_pfn;
    if (s < e) n += e - s;
  }
  return n;
}

/* Resets `zone` to an empty zone spanning [start_pfn, end_pfn). */
static void init_zone(struct zone *zone, struct pglist_data *pgdat,
                      const char *name, unsigned long start_pfn,
                      unsigned long end_pfn) {
  memset(zone, 0, sizeof(*zone));
  zone->name = name;
  zone->zone_pgdat = pgdat;
  zone->zone_start_pfn = start_pfn;
  zone->spanned_pages = end_pfn - start_pfn;
  zone->present_pages = present_pages_in(start_pfn, end_pfn);
  for (unsigned int order = 0; order < MAX_ORDER; order++)
    for (int mt = 0; mt < MIGRATE_TYPES; mt++)
      INIT_LIST_HEAD(&zone->free_area[order].free_list[mt]);
  for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
    INIT_LIST_HEAD(&zone->pcp.lists[mt]);
  for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
    INIT_LIST_HEAD(&zone->lruvec.lists[lru]);
    zone->lruvec.nr[lru] = 0;
  }
  zone->pcp.batch = 1;
  zone->pcp.high = PCP_MIN_HIGH_BATCHES;
  if (start_pfn == end_pfn) return;
  unsigned long first = ALIGN_DOWN(start_pfn, pageblock_nr_pages);
  unsigned long nr_blocks = (end_pfn - first + pageblock_nr_pages - 1) >>
                            pageblock_order;
  zone->pageblock_base_pfn = first;
  zone->pageblock_base_page = mem_map + ((long)first - (long)ARCH_PFN_OFFSET);
  zone->pageblock_flags = memblock_alloc_zeroed(nr_blocks, "pageblock_flags");
  for (unsigned long pfn = start_pfn; pfn < end_pfn;
       pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages)
    set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_MOVABLE);
}

/* Linux build_zonelists: the populated zones, highest first. */
static void build_all_zonelists(struct pglist_data *pgdat) {
  struct zoneref *z = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
  for (int idx = MAX_NR_ZONES - 1; idx >= 0; idx--) {
    struct zone *zone = &pgdat->node_zones[idx];
    if (!populated_zone(zone)) continue;
    z->zone = zone;
    z->zone_idx = idx;
    z++;
  }
  z->zone = NULL;
  z->zone_idx = 0;
}

/* Prints one "  DMA      [mem 0x...-0x...]" line of the boot log. */
static void print_zone_range(const char *name, unsigned long start_pfn,
                             unsigned long end_pfn) {
  printk("  %-8s ", name);
  if (start_pfn == end_pfn)
    printk("empty\n");
  else
    printk("[mem 0x%016llx-0x%016llx]\n", (unsigned long long)PFN_PHYS(start_pfn),
           (unsigned long long)PFN_PHYS(end_pfn) - 1);
}

/* See page_alloc.h. */
void free_area_init(unsigned long max_zone_pfn[MAX_NR_ZONES]) {
  static const char *const zone_names[MAX_NR_ZONES] = {"DMA", "Normal", "HighMem"};
  struct pglist_data *pgdat = NODE_DATA(0);
  dma_contiguous_reserve();
  unsigned long start_pfn = PFN_UP(memblock_start_of_DRAM());
  unsigned long end_pfn = PFN_DOWN(memblock_end_of_DRAM());
  if (start_pfn >= end_pfn) panic("free_area_init: no memory in memblock, pfn %lu", start_pfn);

  memset(pgdat, 0, sizeof(*pgdat));
  vmstat_reset();
  pgdat->nr_zones = MAX_NR_ZONES;
  pgdat->node_start_pfn = start_pfn;
  pgdat->node_spanned_pages = end_pfn - start_pfn;
  pgdat->node_present_pages = present_pages_in(start_pfn, end_pfn);

  unsigned long zone_start[MAX_NR_ZONES], zone_end[MAX_NR_ZONES];
  unsigned long prev = start_pfn;
  printk("Zone ranges:\n");
  for (int z = 0; z < MAX_NR_ZONES; z++) {
    unsigned long end = max_zone_pfn[z];
    if (z > 0 && end < max_zone_pfn[z - 1])
      panic("free_area_init: max_zone_pfn[%d] %lu below the zone before", z, end);
    if (end > end_pfn) end = end_pfn;
    if (end < prev) end = prev;
    zone_start[z] = prev;
    zone_end[z] = end;
    print_zone_range(zone_names[z], prev, end);
    prev = end;
  }
  if (prev != end_pfn)
    panic("free_area_init: pfns %lu..%lu in no zone", prev, end_pfn);
  printk("Movable zone start for each node\n");
  printk("Early memory node ranges\n");
  for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
    const struct memblock_region *r = &memblock.memory.regions[i];
    printk("  node   0: [mem 0x%016llx-0x%016llx]\n", (unsigned long long)r->base,
           (unsigned long long)r->base + r->size - 1);
  }
  printk("Initmem setup node 0 [mem 0x%016llx-0x%016llx]\n",
         (unsigned long long)PFN_PHYS(start_pfn),
         (unsigned long long)PFN_PHYS(end_pfn) - 1);

  mem_map = NULL;
  struct page *map = memblock_alloc_zeroed(
      (phys_addr_t)((end_pfn - start_pfn) * sizeof(struct page)), "mem_map");
  for (int z = 0; z < MAX_NR_ZONES; z++)
    for (unsigned long pfn = zone_start[z]; pfn < zone_end[z]; pfn++) {
      struct page *page = &map[pfn - start_pfn];
      INIT_LIST_HEAD(&page->lru);
      SetPageReserved(page);
      set_page_zone(page, z);
    }
  arch_pfn_offset = start_pfn;
  max_pfn = end_pfn;
  mem_map = map;

  for (int z = 0; z < MAX_NR_ZONES; z++)
    init_zone(&pgdat->node_zones[z], pgdat, zone_names[z], zone_start[z], zone_end[z]);
  build_all_zonelists(pgdat);
}

/*
 * Releases [start_pfn, end_pfn) as the largest naturally aligned blocks,
 * never crossing a zone boundary.
 */
static unsigned long free_pfn_range(unsigned long start_pfn,
                                    unsigned long end_pfn) {
  unsigned long count = 0;
  while (start_pfn < end_pfn) {
    unsigned long zone_end = zone_end_pfn(page_zone(pfn_to_page(start_pfn)));
    unsigned long end = end_pfn < zone_end ? end_pfn : zone_end;
    unsigned int order = MAX_ORDER - 1;
    while (!IS_ALIGNED(start_pfn, 1ul << order) || start_pfn + (1ul << order) > end)
      order--;
    __free_pages_core(pfn_to_page(start_pfn), order);
    start_pfn += 1ul << order;
    count += 1ul << order;
  }
  return count;
}

/* See page_alloc.h. */
unsigned long memblock_free_all(void) {
  unsigned long i, count = 0;
  phys_addr_t start, end;
  for_each_free_mem_range(i, &start, &end) {
    unsigned long s = PFN_UP(start), e = PFN_DOWN(end);
    if (s < e) count += free_pfn_range(s, e);
  }
  memblock.frozen = true;
  cma_init_reserved_areas();
  return count;
}

/* Largest power of two <= n (n > 0). */
static unsigned long rounddown_pow_of_two(unsigned long n) {
  unsigned long p = 1;
  while (p <= n / 2) p <<= 1;
  return p;
}

/* Linux zone_batchsize: ~ managed / 4096 pages, at most 1 MiB, 2^k - 1. */
static int zone_batchsize(const struct zone *zone) {
  unsigned long batch = zone->managed_pages / PCP_BATCH_DIVISOR;
  if (batch > PCP_BATCH_MAX_BYTES / PAGE_SIZE) batch = PCP_BATCH_MAX_BYTES / PAGE_SIZE;
  batch /= 4;
  if (batch < 1) batch = 1;
  unsigned long b = rounddown_pow_of_two(batch + batch / 2) - 1;
  return b ? (int)b : 1;
}

/* Linux zone_highsize (percpu_pagelist_high_fraction 0, one CPU). */
static int zone_highsize(const struct zone *zone, int batch) {
  unsigned long high = low_wmark_pages(zone);
  unsigned long floor = (unsigned long)batch * PCP_MIN_HIGH_BATCHES;
  return (int)(high > floor ? high : floor);
}

/* See page_alloc.h. */
void setup_per_cpu_pageset(void) {
  struct zone *zone;
  for_each_zone(zone) {
    int batch = zone_batchsize(zone);
    zone->pcp.batch = batch;
    zone->pcp.high = zone_highsize(zone, batch);
    if (zone->pcp.count >= zone->pcp.high) drain_local_pages(zone);
  }
}

/* Integer square root (largest r with r * r <= x). */
static unsigned long int_sqrt(unsigned long x) {
  unsigned long r = 0;
  for (unsigned long bit = 1ul << (sizeof(x) * BITS_PER_BYTE - 2); bit; bit >>= 2) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
  }
  return r;
}

/* Linux calculate_totalreserve_pages: per zone its largest reserve + high. */
static void calculate_totalreserve_pages(void) {
  unsigned long total = 0;
  struct zone *zone;
  for_each_zone(zone) {
    unsigned long max = 0;
    for (int j = 0; j < MAX_NR_ZONES; j++)
      if (zone->lowmem_reserve[j] > max) max = zone->lowmem_reserve[j];
    max += high_wmark_pages(zone);
    if (max > zone->managed_pages) max = zone->managed_pages;
    total += max;
  }
  totalreserve_pages = total;
}

/* See page_alloc.h. */
void setup_per_zone_lowmem_reserve(void) {
  struct pglist_data *pgdat = NODE_DATA(0);
  for (int i = 0; i < MAX_NR_ZONES; i++) {
    struct zone *zone = &pgdat->node_zones[i];
    int ratio = sysctl_lowmem_reserve_ratio[i];
    bool clear = !ratio || !zone_managed_pages(zone);
    unsigned long managed_pages = 0;
    for (int j = 0; j <= i; j++) zone->lowmem_reserve[j] = 0;
    for (int j = i + 1; j < MAX_NR_ZONES; j++) {
      managed_pages += zone_managed_pages(&pgdat->node_zones[j]);
      zone->lowmem_reserve[j] = clear ? 0 : managed_pages / (unsigned long)ratio;
    }
  }
  calculate_totalreserve_pages();
}

/* See page_alloc.h. */
void setup_per_zone_wmarks(void) {
  uint64_t pages_min = (uint64_t)min_free_kbytes >> (PAGE_SHIFT - KB_SHIFT);
  uint64_t lowmem_pages = 0;
  struct zone *zone;
  for_each_zone(zone)
    if (!is_highmem(zone)) lowmem_pages += zone->managed_pages;
  for_each_zone(zone) {
    uint64_t managed = zone->managed_pages;
    uint64_t tmp = lowmem_pages ? pages_min * managed / lowmem_pages : 0;
    uint64_t min = tmp;
    if (is_highmem(zone)) {
      min = managed / HIGHMEM_MIN_DIVISOR;
      if (min < SWAP_CLUSTER_MAX) min = SWAP_CLUSTER_MAX;
      if (min > HIGHMEM_MIN_MAX) min = HIGHMEM_MIN_MAX;
    }
    uint64_t gap = managed * (uint64_t)watermark_scale_factor / WMARK_SCALE_DIVISOR;
    if (tmp / 4 > gap) gap = tmp / 4;
    zone->_watermark[WMARK_MIN] = (unsigned long)min;
    zone->_watermark[WMARK_LOW] = (unsigned long)(min + gap);
    zone->_watermark[WMARK_HIGH] = (unsigned long)(min + 2 * gap);
  }
  setup_per_cpu_pageset();
  calculate_totalreserve_pages();
}

/* Linux nr_free_buffer_pages: managed - high of the zones GFP_USER may use. */
static unsigned long nr_free_buffer_pages(void) {
  unsigned long sum = 0;
  struct zone *zone;
  for_each_zone(zone) {
    if (zone_idx(zone) > ZONE_NORMAL) continue;
    unsigned long high = high_wmark_pages(zone);
    if (zone->managed_pages > high) sum += zone->managed_pages - high;
  }
  return sum;
}

/* See page_alloc.h. */
void init_per_zone_wmark_min(void) {
  unsigned long lowmem_kbytes = nr_free_buffer_pages() << (PAGE_SHIFT - KB_SHIFT);
  unsigned long kbytes = int_sqrt(lowmem_kbytes * MIN_FREE_KBYTES_SCALE);
  if (kbytes < MIN_FREE_KBYTES_MIN) kbytes = MIN_FREE_KBYTES_MIN;
  if (kbytes > MIN_FREE_KBYTES_MAX) kbytes = MIN_FREE_KBYTES_MAX;
  min_free_kbytes = (int)kbytes;
  setup_per_zone_wmarks();
  setup_per_zone_lowmem_reserve();
}

/* See page_alloc.h. */
void zone_limits(unsigned long max_low_pfn, unsigned long max_zone_pfn[MAX_NR_ZONES]) {
  unsigned long start_pfn = PFN_UP(memblock_start_of_DRAM());
  unsigned long end_pfn = PFN_DOWN(memblock_end_of_DRAM());
  unsigned long dma_end = start_pfn + PFN_DOWN(zone_dma_bytes);
  if (max_low_pfn > end_pfn) max_low_pfn = end_pfn;
  max_zone_pfn[ZONE_DMA] = dma_end < max_low_pfn ? dma_end : max_low_pfn;
  max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
  max_zone_pfn[ZONE_HIGHMEM] = end_pfn;
}

/* See page_alloc.h. */
void mm_core_init_zones(unsigned long max_low_pfn) {
  unsigned long max_zone_pfn[MAX_NR_ZONES];
  zone_limits(max_low_pfn, max_zone_pfn);
  free_area_init(max_zone_pfn);
  memblock_free_all();
  init_per_zone_wmark_min();
}

/* See page_alloc.h. */
void mm_core_init(void) {
  mm_core_init_zones(PFN_DOWN(memblock_end_of_DRAM()));
}
