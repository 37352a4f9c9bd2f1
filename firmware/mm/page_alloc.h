/*
 * page_alloc.h -- bringing up the buddy allocator, and its views.
 *
 * Boot order:
 *   memblock_init(); memblock_add(DRAM); memblock_reserve(image, stack);
 *   set_linear_map(dram_base, pointer);    identity on the target
 *   mm_core_init();                         mem_map, zones, buddy, CMA, pcp, watermarks
 *   (or free_area_init(max_zone_pfn) + memblock_free_all() +
 *    init_per_zone_wmark_min(), as Linux's setup_arch / mm_init)
 *   alloc_pages() / __free_pages() ...
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "gfp.h"
#include "mmzone.h"
#include "vmstat.h"

/* CONFIG_DEBUG_VM fills freed pages with PAGE_POISON and checks it on allocation. */
#define PAGE_POISON 0xaa /* Linux's page poison byte */

extern int min_free_kbytes;   /* base of the watermarks, as in Linux */
extern int watermark_scale_factor; /* low - min in 1/10000 of managed pages */
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES]; /* DMA 256, Normal 32 */
extern unsigned long totalreserve_pages; /* reserves meminfo keeps out of MemAvailable */
extern phys_addr_t zone_dma_bytes;       /* ZONE_DMA = first N bytes (mm.zone_dma_bytes) */
extern const char *current_comm;         /* the "process" named in reports */
extern unsigned long nr_bad_pages;       /* bad_page reports (Linux taints) */

/*
 * Builds node 0 over memblock.memory (Linux free_area_init): zone z spans
 * [max_zone_pfn[z - 1], max_zone_pfn[z]) clipped to memory (ZONE_DMA from
 * the first pfn); prints Linux's "Zone ranges:" lines; allocates mem_map
 * and the pageblock bitmaps from memblock (every page PG_reserved with its
 * zone recorded, every pageblock MIGRATE_MOVABLE); builds the zonelist
 * HighMem -> Normal -> DMA of the populated zones.  Reserves the CMA area
 * first unless that was done.  Panics when max_zone_pfn decreases or
 * memblock cannot hold mem_map.
 */
void free_area_init(unsigned long max_zone_pfn[MAX_NR_ZONES]);

/*
 * Hands every page in a memblock free range to the buddy allocator as the
 * largest naturally aligned blocks (up to MAX_ORDER - 1, never across a
 * zone boundary), counts them as managed, freezes memblock, then releases
 * the CMA area as MIGRATE_CMA pageblocks.  Returns the number of pages
 * released from the free ranges.
 */
unsigned long memblock_free_all(void);

/*
 * Sets each zone's pcp batch (Linux zone_batchsize: ~managed / 4096,
 * 2^k - 1, at least 1) and high (zone_highsize: the low watermark, at
 * least 4 * batch).
 */
void setup_per_cpu_pageset(void);

/*
 * Recomputes min_free_kbytes from the free lowmem (int_sqrt(KiB * 16),
 * clamped to [128, 262144] like Linux), then the watermarks, pcp sizes
 * and lowmem_reserve.
 */
void init_per_zone_wmark_min(void);

/*
 * Recomputes every zone's watermarks from min_free_kbytes (Linux
 * __setup_per_zone_wmarks, 64-bit arithmetic):
 *   lowmem zone: min = pages_min * managed / lowmem managed
 *   highmem:     min = clamp(managed / 1024, 32, 128)
 *   low  = min + max(share / 4, managed * watermark_scale_factor / 10000)
 *   high = min + 2 * (low - min)
 * then the pcp sizes (high follows the low watermark) and totalreserve.
 */
void setup_per_zone_wmarks(void);

/*
 * Linux setup_per_zone_lowmem_reserve: lowmem_reserve[j] of zone i < j is
 * the managed pages of zones i+1..j divided by
 * sysctl_lowmem_reserve_ratio[i] (0 for a ratio of 0 or an empty zone).
 */
void setup_per_zone_lowmem_reserve(void);

/*
 * Fills max_zone_pfn[] for free_area_init from memblock's DRAM: ZONE_DMA
 * the first zone_dma_bytes (capped at lowmem), ZONE_NORMAL up to
 * `max_low_pfn` (capped at the end of DRAM), ZONE_HIGHMEM the rest.
 */
void zone_limits(unsigned long max_low_pfn, unsigned long max_zone_pfn[MAX_NR_ZONES]);

/*
 * The page allocator over memblock with lowmem ending at `max_low_pfn`
 * (HighMem above it): zones (DMA = the first zone_dma_bytes), buddy, CMA,
 * pcp, watermarks, lowmem_reserve.
 */
void mm_core_init_zones(unsigned long max_low_pfn);

/* mm_core_init_zones with all memory lowmem (no HighMem). */
void mm_core_init(void);

/*
 * zone_watermark_ok: whether `z` may hand out 2^order pages to a request
 * whose highest zone is `highest_zoneidx` and keep `mark` pages plus its
 * lowmem_reserve (rules in page_alloc.c, ALLOC_* in internal.h).
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
                       unsigned long mark, int highest_zoneidx,
                       unsigned int alloc_flags);

/* Returns every page on the pcp lists of `zone` (all zones if NULL) to the buddy. */
void drain_local_pages(struct zone *zone);

/* Free pages in the buddy lists of all zones (pcp pages not included). */
unsigned long nr_free_pages(void);

/* Prints /proc/buddyinfo: "Node 0, zone   Normal" and nr_free per order, per populated zone. */
void show_buddyinfo(void);

/* Prints /proc/pagetypeinfo: free blocks per order per type, blocks per type. */
void show_pagetypeinfo(void);

/* Number of free blocks of `order` on zone's free_list[migratetype]. */
unsigned long free_list_count(const struct zone *zone, unsigned int order,
                              int migratetype);

#endif /* MM_PAGE_ALLOC_H */
