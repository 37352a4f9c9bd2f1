/*
 * mm_init.c -- bringing up the page allocator from memblock: the linear
 * map, mem_map and the pageblock bitmap, node 0 and its zone, releasing
 * free memory to the buddy, per-CPU list sizes and watermarks.
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

#define MIN_FREE_KBYTES_MIN 128         /* Linux's clamp of min_free_kbytes */
#define MIN_FREE_KBYTES_MAX 262144
#define MIN_FREE_KBYTES_SCALE 16       /* min_free_kbytes = sqrt(KiB * 16) */
#define WMARK_SCALE_DIVISOR 10000       /* watermark_scale_factor unit */
#define PCP_BATCH_MAX_BYTES (1ul << 20) /* a pcp batch holds at most 1 MiB */
#define PCP_BATCH_DIVISOR   1024        /* batch ~ managed pages / 1024 / 4 */
#define PCP_HIGH_BATCHES    6           /* high = 6 * batch */
#define BITS_PER_BYTE       8

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
  unsigned long first = ALIGN_DOWN(start_pfn, pageblock_nr_pages);
  unsigned long nr_blocks = (end_pfn - first + pageblock_nr_pages - 1) >>
                            pageblock_order;
  unsigned long bits = nr_blocks * NR_PAGEBLOCK_BITS;
  unsigned long bits_per_long = sizeof(unsigned long) * BITS_PER_BYTE;
  unsigned long bytes =
      (bits + bits_per_long - 1) / bits_per_long * sizeof(unsigned long);
  zone->pageblock_flags = memblock_alloc_zeroed(bytes, "pageblock_flags");
}

/* See page_alloc.h. */
void free_area_init(void) {
  struct pglist_data *pgdat = NODE_DATA(0);
  unsigned long start_pfn = PFN_UP(memblock_start_of_DRAM());
  unsigned long end_pfn = PFN_DOWN(memblock_end_of_DRAM());
  if (start_pfn >= end_pfn) panic("free_area_init: no memory in memblock, pfn %lu", start_pfn);

  memset(pgdat, 0, sizeof(*pgdat));
  pgdat->nr_zones = MAX_NR_ZONES;
  pgdat->node_start_pfn = start_pfn;
  pgdat->node_spanned_pages = end_pfn - start_pfn;
  pgdat->node_present_pages = present_pages_in(start_pfn, end_pfn);

  mem_map = NULL;
  struct page *map = memblock_alloc_zeroed(
      (phys_addr_t)((end_pfn - start_pfn) * sizeof(struct page)), "mem_map");
  for (unsigned long i = 0; i < end_pfn - start_pfn; i++) {
    INIT_LIST_HEAD(&map[i].lru);
    SetPageReserved(&map[i]);
  }
  arch_pfn_offset = start_pfn;
  max_pfn = end_pfn;
  mem_map = map;

  struct zone *zone = &pgdat->node_zones[ZONE_NORMAL];
  init_zone(zone, pgdat, "Normal", start_pfn, end_pfn);
  for (unsigned long pfn = start_pfn; pfn < end_pfn;
       pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages)
    set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_MOVABLE);
}

/* Releases [start_pfn, end_pfn) as the largest naturally aligned blocks. */
static unsigned long free_pfn_range(unsigned long start_pfn,
                                    unsigned long end_pfn) {
  unsigned long count = 0;
  while (start_pfn < end_pfn) {
    unsigned int order = MAX_ORDER - 1;
    while (!IS_ALIGNED(start_pfn, 1ul << order) ||
           start_pfn + (1ul << order) > end_pfn)
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

/* See page_alloc.h. */
void setup_per_cpu_pageset(void) {
  struct zone *zone;
  for_each_zone(zone) {
    zone->pcp.batch = zone_batchsize(zone);
    zone->pcp.high = PCP_HIGH_BATCHES * zone->pcp.batch;
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

/* Managed pages of all zones. */
static unsigned long total_managed_pages(void) {
  unsigned long n = 0;
  struct zone *zone;
  for_each_zone(zone) n += zone->managed_pages;
  return n;
}

/* See page_alloc.h. */
void setup_per_zone_wmarks(void) {
  unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - KB_SHIFT);
  unsigned long lowmem_pages = total_managed_pages();
  struct zone *zone;
  for_each_zone(zone) {
    unsigned long managed = zone->managed_pages;
    unsigned long min = lowmem_pages ? pages_min * managed / lowmem_pages : 0;
    unsigned long gap = managed * (unsigned long)watermark_scale_factor /
                        WMARK_SCALE_DIVISOR;
    if (min / 4 > gap) gap = min / 4;
    zone->_watermark[WMARK_MIN] = min;
    zone->_watermark[WMARK_LOW] = min + gap;
    zone->_watermark[WMARK_HIGH] = min + 2 * gap;
  }
}

/* See page_alloc.h. */
void init_per_zone_wmark_min(void) {
  unsigned long lowmem_kbytes = total_managed_pages() << (PAGE_SHIFT - KB_SHIFT);
  unsigned long kbytes = int_sqrt(lowmem_kbytes * MIN_FREE_KBYTES_SCALE);
  if (kbytes < MIN_FREE_KBYTES_MIN) kbytes = MIN_FREE_KBYTES_MIN;
  if (kbytes > MIN_FREE_KBYTES_MAX) kbytes = MIN_FREE_KBYTES_MAX;
  min_free_kbytes = (int)kbytes;
  setup_per_zone_wmarks();
}

/* See page_alloc.h. */
void mm_core_init(void) {
  free_area_init();
  memblock_free_all();
  setup_per_cpu_pageset();
  init_per_zone_wmark_min();
}
