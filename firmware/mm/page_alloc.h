/*
 * page_alloc.h -- bringing up the buddy allocator, and its views.
 *
 * Boot order:
 *   memblock_init(); memblock_add(DRAM); memblock_reserve(image, stack);
 *   set_linear_map(dram_base, pointer);    identity on the target
 *   mm_core_init();                         mem_map, zones, buddy, pcp, watermarks
 *   alloc_pages() / __free_pages() ...
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "gfp.h"
#include "mmzone.h"

/* Debug: fill freed pages with PAGE_POISON and check it on allocation. */
#ifndef CONFIG_PAGE_POISONING
#define CONFIG_PAGE_POISONING 0
#endif
#define PAGE_POISON 0xaa /* Linux's page poison byte */

extern int min_free_kbytes;   /* base of the watermarks, as in Linux */
extern int watermark_scale_factor; /* low - min in 1/10000 of managed pages */

/*
 * Builds node 0: one ZONE_NORMAL spanning memblock.memory, mem_map and the
 * pageblock bitmap allocated from memblock, every page PG_reserved, every
 * pageblock MIGRATE_MOVABLE.  Panics when memblock cannot hold mem_map.
 */
void free_area_init(void);

/*
 * Hands every page in a memblock free range to the buddy allocator as the
 * largest naturally aligned blocks (up to MAX_ORDER - 1), counts them as
 * managed, and freezes memblock.  Returns the number of pages released.
 */
unsigned long memblock_free_all(void);

/* Sets each zone's pcp batch/high from its managed pages. */
void setup_per_cpu_pageset(void);

/*
 * Recomputes min_free_kbytes from the managed memory (int_sqrt(KiB * 16),
 * clamped to [128, 262144] like Linux) then the watermarks.
 */
void init_per_zone_wmark_min(void);

/*
 * Recomputes every zone's watermarks from min_free_kbytes:
 *   min  = min_free_kbytes in pages (shared among zones by managed pages)
 *   low  = min + max(min / 4, managed * watermark_scale_factor / 10000)
 *   high = min + 2 * (low - min)
 */
void setup_per_zone_wmarks(void);

/* free_area_init + memblock_free_all + pcp + watermarks. */
void mm_core_init(void);

/* Returns every page on the pcp lists of `zone` (all zones if NULL) to the buddy. */
void drain_local_pages(struct zone *zone);

/* Free pages in the buddy lists of all zones (pcp pages not included). */
unsigned long nr_free_pages(void);

/* Prints /proc/buddyinfo: "Node 0, zone   Normal" and nr_free per order. */
void show_buddyinfo(void);

/* Prints /proc/pagetypeinfo: free blocks per order per type, blocks per type. */
void show_pagetypeinfo(void);

/* Number of free blocks of `order` on zone's free_list[migratetype]. */
unsigned long free_list_count(const struct zone *zone, unsigned int order,
                              int migratetype);

#endif /* MM_PAGE_ALLOC_H */
