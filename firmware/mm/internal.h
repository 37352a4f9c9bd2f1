/*
 * internal.h -- functions shared between the mm files but not part of
 * the allocator's interface (Linux mm/internal.h).
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "gfp.h"
#include "mmzone.h"

/*
 * alloc_flags of the allocator's internal passes (Linux mm/internal.h):
 * the low bits index zone->_watermark[].
 */
#define ALLOC_WMARK_MIN  WMARK_MIN
#define ALLOC_WMARK_LOW  WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_WMARK_MASK 0x03u
#define ALLOC_HARDER     0x10u /* atomic request: min - min/4, HIGHATOMIC reserve */
#define ALLOC_HIGH       0x20u /* __GFP_HIGH: min / 2 */
#define ALLOC_CMA        0x80u /* movable request: may use MIGRATE_CMA pageblocks */

/* Flags a page may not carry when freed / when handed out (Linux). */
#define PAGE_FLAGS_CHECK_AT_FREE \
  ((1ul << PG_reserved) | (1ul << PG_slab) | (1ul << PG_head) | (1ul << PG_lru) | \
   (1ul << PG_swapcache))
#define PAGE_FLAGS_CHECK_AT_PREP ((1ul << __NR_PAGEFLAGS) - 1)

#define GFP_NAMES_MAX       160 /* room for "GFP_KERNEL|__GFP_NOWARN|..." */
#define PAGE_FLAG_NAMES_MAX 128 /* room for "reserved|buddy|...|writeback|lru|...|swapcache|zone=N" */

/* Order of the free block headed by PG_buddy `page`. */
static inline unsigned int buddy_order(const struct page *page) {
  return (unsigned int)page_private(page);
}

/*
 * Frees the block of 2^order pages at `page` (pfn) into `zone`: merges it
 * with its buddy (pfn ^ 2^order) while that is free with the same order,
 * then files the result under `migratetype`.  Counts the pages free
 * (NR_FREE_PAGES, NR_FREE_CMA_PAGES) unless the type is MIGRATE_ISOLATE.
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
                     unsigned int order, int migratetype);

/* __free_one_page of [start_pfn, end_pfn) as the largest aligned blocks. */
void __free_pfn_range(struct zone *zone, unsigned long start_pfn,
                      unsigned long end_pfn, int migratetype);

/* Takes the free block `page` of `order` off its free list (no counting). */
void del_page_from_free_list(struct page *page, struct zone *zone,
                             unsigned int order);

/* Adds `nr` (may be negative) free pages of `migratetype` to the counters. */
void __mod_zone_freepage_state(struct zone *zone, long nr, int migratetype);

/*
 * Moves every free block inside the pageblock of `page` to
 * free_list[migratetype]; returns the number of free pages moved.
 */
unsigned long move_freepages_block(struct zone *zone, struct page *page,
                                   int migratetype);

/* Linux __zone_watermark_ok with the free page count given (page_alloc.c). */
bool __zone_watermark_ok(const struct zone *z, unsigned int order,
                         unsigned long mark, int highest_zoneidx,
                         unsigned int alloc_flags, long long free_pages);

/* Writes the names of `gfp` as Linux's %pGg ("GFP_KERNEL|__GFP_NOWARN"). */
void format_gfp_flags(char *buf, unsigned long size, gfp_t gfp);

/* Prints Linux's dump_page lines for `page` ("page dumped because: reason"). */
void dump_page(const struct page *page, const char *reason);

/* Releases the reserved CMA areas to the buddy (cma.c; memblock_free_all). */
void cma_init_reserved_areas(void);

/* Reserves the CMA area from memblock once per boot (cma.c). */
void dma_contiguous_reserve(void);

/* Forgets the CMA area (new boot: host tests). */
void cma_reset(void);

/*
 * Releases the boot-reserved block of 2^order pages at `page` (aligned,
 * inside one zone) to the buddy: clears PG_reserved, poisons, merges.
 */
void __free_pages_core(struct page *page, unsigned int order);

struct kmem_cache;

/*
 * The head page of the slab holding `addr`, or NULL when `addr` is not in
 * a slab (outside mem_map, or a page no cache owns).
 */
struct page *virt_to_slab(const void *addr);

/*
 * Frees the slab object `object` of `cache` (kmem_cache_free's paths) for
 * the code at `addr` (SLAB_STORE_USER); panics with `caller`'s name on a
 * pointer that is not an object of `cache` and on a double free (a debug
 * cache reports it instead).
 */
void __kmem_cache_free(struct kmem_cache *cache, void *object, unsigned long addr,
                       const char *caller);

/* An object of the kmalloc cache `cache` for the code at `addr` (kmem_cache_alloc's paths). */
void *__kmalloc_cache(struct kmem_cache *cache, gfp_t gfp, unsigned long addr);

/* Creates the kmalloc-<n> caches (slab_common.c); panics on failure. */
void create_kmalloc_caches(void);

#endif /* MM_INTERNAL_H */
