/*
 * page_alloc.c -- the buddy allocator: free lists per order and migrate
 * type, splitting (expand), merging (__free_one_page), migrate-type
 * fallback with pageblock stealing, the min-watermark check, per-CPU
 * order-0 lists, and the invariant checks on every free.
 */
#include <string.h>

#include "gfp.h"
#include "internal.h"
#include "page_alloc.h"
#include "printk.h"

struct pglist_data contig_page_data;

const char *const migratetype_names[MIGRATE_TYPES] = {
    "Unmovable", "Movable", "Reclaimable"};

/* Where each type looks, in order, when its own lists are empty. */
static const int fallbacks[MIGRATE_TYPES][MIGRATE_TYPES - 1] = {
    [MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
    [MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
    [MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/* ---- zones and pageblocks ---- */

/* The zone spanning `pfn`, or NULL. */
struct zone *pfn_zone(unsigned long pfn) {
  struct zone *zone;
  for_each_zone(zone) {
    if (populated_zone(zone) && zone_spans_pfn(zone, pfn)) return zone;
  }
  return NULL;
}

/* Index of `pfn`'s pageblock in its zone's bitmap (zone start rounded down). */
static unsigned long pfn_to_bitidx(const struct zone *zone, unsigned long pfn) {
  unsigned long first = ALIGN_DOWN(zone->zone_start_pfn, pageblock_nr_pages);
  return ((pfn - first) >> pageblock_order) * NR_PAGEBLOCK_BITS;
}

/* Migrate type of the pageblock holding `pfn`. */
int get_pfnblock_migratetype(const struct page *page, unsigned long pfn) {
  (void)page;
  const struct zone *zone = pfn_zone(pfn);
  if (!zone) panic("get_pfnblock_migratetype: pfn %lu in no zone", pfn);
  unsigned long bit = pfn_to_bitidx(zone, pfn);
  unsigned long word = zone->pageblock_flags[bit / BITS_PER_LONG];
  return (int)((word >> (bit % BITS_PER_LONG)) & PB_MIGRATETYPE_MASK);
}

/* Sets the migrate type of the pageblock holding `page`. */
void set_pageblock_migratetype(struct page *page, int migratetype) {
  unsigned long pfn = page_to_pfn(page);
  struct zone *zone = pfn_zone(pfn);
  if (!zone) panic("set_pageblock_migratetype: pfn %lu in no zone", pfn);
  unsigned long bit = pfn_to_bitidx(zone, pfn);
  unsigned long *word = &zone->pageblock_flags[bit / BITS_PER_LONG];
  unsigned long shift = bit % BITS_PER_LONG;
  *word = (*word & ~(PB_MIGRATETYPE_MASK << shift)) |
          ((unsigned long)migratetype << shift);
}

/* ---- free list primitives ---- */

/* Order of the free block headed by PG_buddy `page`. */
static inline unsigned int buddy_order(const struct page *page) {
  return (unsigned int)page_private(page);
}

/* Puts the free block `page` of `order` on free_list[migratetype]. */
static void add_to_free_list(struct page *page, struct zone *zone,
                             unsigned int order, int migratetype) {
  struct free_area *area = &zone->free_area[order];
  set_page_private(page, order);
  __SetPageBuddy(page);
  list_add(&page->lru, &area->free_list[migratetype]);
  area->nr_free++;
}

/* Moves the free block `page` of `order` to free_list[migratetype]. */
static void move_to_free_list(struct page *page, struct zone *zone,
                              unsigned int order, int migratetype) {
  list_move(&page->lru, &zone->free_area[order].free_list[migratetype]);
}

/* Takes the free block `page` of `order` off its free list. */
static void del_page_from_free_list(struct page *page, struct zone *zone,
                                    unsigned int order) {
  list_del(&page->lru);
  __ClearPageBuddy(page);
  set_page_private(page, 0);
  zone->free_area[order].nr_free--;
}

/* First block on free_list[migratetype] of `area`, or NULL. */
static struct page *get_page_from_free_area(struct free_area *area,
                                            int migratetype) {
  struct list_head *list = &area->free_list[migratetype];
  return list_empty(list) ? NULL : list_first_entry(list, struct page, lru);
}

/* Number of free blocks of `order` on zone's free_list[migratetype]. */
unsigned long free_list_count(const struct zone *zone, unsigned int order,
                              int migratetype) {
  const struct list_head *head = &zone->free_area[order].free_list[migratetype];
  const struct list_head *pos;
  unsigned long n = 0;
  list_for_each(pos, head) n++;
  return n;
}

/*
 * True if `buddy` (pfn buddy_pfn) can merge with a block of `order`: it
 * lies in `zone`, heads a free block, and that block has the same order.
 */
static bool page_is_buddy(const struct zone *zone, unsigned long buddy_pfn,
                          unsigned int order) {
  if (!zone_spans_pfn(zone, buddy_pfn) || !pfn_valid(buddy_pfn)) return false;
  const struct page *buddy = pfn_to_page(buddy_pfn);
  return PageBuddy(buddy) && buddy_order(buddy) == order;
}

/*
 * Frees the block of 2^order pages at `page` (pfn) into `zone`: merges it
 * with its buddy (pfn ^ 2^order) while that is free with the same order,
 * then files the result under `migratetype`.  Counts the pages free.
 */
static void __free_one_page(struct page *page, unsigned long pfn,
                            struct zone *zone, unsigned int order,
                            int migratetype) {
  zone->vm_stat[NR_FREE_PAGES] += 1ul << order;
  while (order < MAX_ORDER - 1) {
    unsigned long buddy_pfn = pfn ^ (1ul << order);
    if (!page_is_buddy(zone, buddy_pfn, order)) break;
    del_page_from_free_list(pfn_to_page(buddy_pfn), zone, order);
    unsigned long combined_pfn = pfn & buddy_pfn;
    page += (long)combined_pfn - (long)pfn;
    pfn = combined_pfn;
    order++;
  }
  add_to_free_list(page, zone, order, migratetype);
}

/*
 * Splits the free block `page` of order `high` down to order `low`:
 * the upper halves go back on free_list[migratetype], `page` keeps the
 * lowest 2^low pages.
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
                   unsigned int high, int migratetype) {
  unsigned long size = 1ul << high;
  while (high > low) {
    high--;
    size >>= 1;
    add_to_free_list(&page[size], zone, high, migratetype);
  }
}

/*
 * Takes the smallest free block of at least `order` from
 * free_list[migratetype], splitting it; returns NULL when there is none.
 * Does not touch NR_FREE_PAGES (the caller does).
 */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
                                       int migratetype) {
  for (unsigned int current_order = order; current_order < MAX_ORDER;
       current_order++) {
    struct free_area *area = &zone->free_area[current_order];
    struct page *page = get_page_from_free_area(area, migratetype);
    if (!page) continue;
    del_page_from_free_list(page, zone, current_order);
    expand(zone, page, order, current_order, migratetype);
    return page;
  }
  return NULL;
}

/* ---- migrate-type fallback ---- */

/*
 * Whether a `start_mt` request falling back to a block of `order` may
 * claim the whole pageblock: always for large blocks, always for
 * unmovable and reclaimable requests (to keep them together), not for
 * small movable ones.
 */
static bool can_steal_fallback(unsigned int order, int start_mt) {
  if (order >= pageblock_order / 2) return true;
  return start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE;
}

/*
 * First type in fallbacks[migratetype] with a free block in `area`, or -1.
 * Sets *can_steal for it.
 */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
                                  int migratetype, bool *can_steal) {
  if (area->nr_free == 0) return -1;
  for (int i = 0; i < MIGRATE_TYPES - 1; i++) {
    int fallback_mt = fallbacks[migratetype][i];
    if (list_empty(&area->free_list[fallback_mt])) continue;
    *can_steal = can_steal_fallback(order, migratetype);
    return fallback_mt;
  }
  return -1;
}

/*
 * Moves every free block inside the pageblock of `page` to
 * free_list[migratetype]; returns the number of free pages moved.
 */
static unsigned long move_freepages_block(struct zone *zone, struct page *page,
                                          int migratetype) {
  unsigned long start = ALIGN_DOWN(page_to_pfn(page), pageblock_nr_pages);
  unsigned long end = start + pageblock_nr_pages;
  if (start < zone->zone_start_pfn) start = zone->zone_start_pfn;
  if (end > zone_end_pfn(zone)) end = zone_end_pfn(zone);
  unsigned long moved = 0;
  unsigned long pfn = start;
  while (pfn < end) {
    struct page *p = pfn_to_page(pfn);
    if (!PageBuddy(p)) {
      pfn++;
      continue;
    }
    unsigned int order = buddy_order(p);
    move_to_free_list(p, zone, order, migratetype);
    pfn += 1ul << order;
    moved += 1ul << order;
  }
  return moved;
}

/*
 * Gives the free block `page` of `current_order` (on another type's list)
 * to `start_type`.  A block covering whole pageblocks changes their type;
 * otherwise, when `whole_block`, all free pages of the pageblock move and
 * the pageblock changes type if at least half of it was free; otherwise
 * only this block moves.  Counts pageblock type changes in the zone.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page,
                                    unsigned int current_order, int start_type,
                                    bool whole_block) {
  if (current_order >= pageblock_order) {
    unsigned long nr_blocks = 1ul << (current_order - pageblock_order);
    for (unsigned long i = 0; i < nr_blocks; i++)
      set_pageblock_migratetype(page + i * pageblock_nr_pages, start_type);
    zone->nr_pageblock_steal += nr_blocks;
    move_to_free_list(page, zone, current_order, start_type);
    return;
  }
  if (!whole_block) {
    move_to_free_list(page, zone, current_order, start_type);
    return;
  }
  unsigned long free_pages = move_freepages_block(zone, page, start_type);
  if (free_pages >= pageblock_nr_pages / 2 &&
      get_pageblock_migratetype(page) != start_type) {
    set_pageblock_migratetype(page, start_type);
    zone->nr_pageblock_steal++;
  }
}

/*
 * Moves a block from another migrate type's lists to `start_mt`'s so that
 * __rmqueue_smallest can succeed.  Prefers the largest block (to steal a
 * whole pageblock and keep types apart); a small movable request that
 * cannot steal takes the smallest block instead.  Returns false when no
 * type has a block of at least `order`.
 */
static bool __rmqueue_fallback(struct zone *zone, unsigned int order,
                               int start_mt) {
  bool can_steal = false;
  int fallback_mt = -1;
  int current_order;
  for (current_order = MAX_ORDER - 1; current_order >= (int)order;
       current_order--) {
    fallback_mt = find_suitable_fallback(&zone->free_area[current_order],
                                         current_order, start_mt, &can_steal);
    if (fallback_mt < 0) continue;
    if (!can_steal && start_mt == MIGRATE_MOVABLE &&
        current_order > (int)order) {
      /* find the smallest block instead: do not fragment a large one */
      for (current_order = order; current_order < MAX_ORDER; current_order++) {
        fallback_mt = find_suitable_fallback(&zone->free_area[current_order],
                                             current_order, start_mt,
                                             &can_steal);
        if (fallback_mt >= 0) break;
      }
    }
    break;
  }
  if (fallback_mt < 0 || current_order < (int)order ||
      current_order >= MAX_ORDER)
    return false;
  struct page *page = get_page_from_free_area(&zone->free_area[current_order],
                                              fallback_mt);
  steal_suitable_fallback(zone, page, current_order, start_mt, can_steal);
  zone->nr_fallback++;
  return true;
}

/* A block of `order` for `migratetype`, falling back to other types. */
static struct page *__rmqueue(struct zone *zone, unsigned int order,
                              int migratetype) {
  for (;;) {
    struct page *page = __rmqueue_smallest(zone, order, migratetype);
    if (page) return page;
    if (!__rmqueue_fallback(zone, order, migratetype)) return NULL;
  }
}

/* ---- per-CPU lists ---- */

/*
 * Moves up to `count` order-0 pages of `migratetype` from the buddy to
 * `list` (tail first, so the list is used in address order); returns how
 * many it moved.
 */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
                        struct list_head *list, int migratetype) {
  int i;
  for (i = 0; i < count; i++) {
    struct page *page = __rmqueue(zone, order, migratetype);
    if (!page) break;
    page->index = (unsigned long)migratetype;
    list_add_tail(&page->lru, list);
  }
  zone->vm_stat[NR_FREE_PAGES] -= (unsigned long)i << order;
  return i;
}

/*
 * Returns `count` pages (at most pcp->count) from the pcp lists to the
 * buddy, taking the coldest (tail) page of each non-empty list in turn.
 */
static void free_pcppages_bulk(struct zone *zone, int count,
                               struct per_cpu_pages *pcp) {
  int mt = MIGRATE_PCPTYPES - 1;
  if (count > pcp->count) count = pcp->count;
  while (count > 0) {
    do {
      mt = (mt + 1) % MIGRATE_PCPTYPES;
    } while (list_empty(&pcp->lists[mt]));
    struct page *page = list_last_entry(&pcp->lists[mt], struct page, lru);
    list_del(&page->lru);
    pcp->count--;
    count--;
    __free_one_page(page, page_to_pfn(page), zone, 0, (int)page->index);
  }
}

/* An order-0 page from the pcp list of `migratetype`, refilling it. */
static struct page *rmqueue_pcplist(struct zone *zone, int migratetype) {
  struct per_cpu_pages *pcp = &zone->pcp;
  struct list_head *list = &pcp->lists[migratetype];
  if (list_empty(list))
    pcp->count += rmqueue_bulk(zone, 0, pcp->batch, list, migratetype);
  if (list_empty(list)) return NULL;
  struct page *page = list_first_entry(list, struct page, lru);
  list_del(&page->lru);
  pcp->count--;
  return page;
}

/* Puts the order-0 `page` on the pcp list of its pageblock's type. */
static void free_unref_page(struct zone *zone, struct page *page,
                            unsigned long pfn) {
  struct per_cpu_pages *pcp = &zone->pcp;
  int migratetype = get_pfnblock_migratetype(page, pfn);
  page->index = (unsigned long)migratetype;
  list_add(&page->lru, &pcp->lists[migratetype]);
  pcp->count++;
  if (pcp->count >= pcp->high) free_pcppages_bulk(zone, pcp->batch, pcp);
}

/* Returns every page on the pcp lists of `zone` (all zones if NULL). */
void drain_local_pages(struct zone *zone) {
  struct zone *z;
  for_each_zone(z) {
    if (zone && z != zone) continue;
    free_pcppages_bulk(z, z->pcp.count, &z->pcp);
  }
}

/* ---- allocation ---- */

/*
 * The watermark rule (Linux __zone_watermark_ok, without reserves): a
 * request for 2^order pages passes when
 *   NR_FREE_PAGES - (2^order - 1) > mark   (mark halved for __GFP_HIGH)
 * i.e. at least `mark` pages stay in the buddy after it, and, for
 * order > 0, some free list holds a block of at least `order`.  Pages on
 * the pcp lists do not count as free.  alloc_pages checks WMARK_MIN:
 * there is no kswapd to wake at WMARK_LOW yet.
 */
static bool zone_watermark_ok(const struct zone *z, unsigned int order,
                              unsigned long mark, gfp_t gfp) {
  long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);
  long min = (long)mark;
  if (gfp & __GFP_HIGH) min -= min / 2;
  free_pages -= (1l << order) - 1;
  if (free_pages <= min) return false;
  if (order == 0) return true;
  for (unsigned int o = order; o < MAX_ORDER; o++)
    if (z->free_area[o].nr_free) return true;
  return false;
}

/* Verifies that a page about to be handed out still holds PAGE_POISON. */
static void check_poison(struct page *page, unsigned int order) {
#if CONFIG_PAGE_POISONING
  for (unsigned long i = 0; i < (1ul << order); i++) {
    const unsigned char *p = page_address(page + i);
    for (unsigned long b = 0; b < PAGE_SIZE; b++)
      if (p[b] != PAGE_POISON)
        panic("check_poison: pfn %lu byte %lu written after free",
              page_to_pfn(page + i), b);
  }
#else
  (void)page;
  (void)order;
#endif
}

/* Checks and sets up a block just taken from the buddy or a pcp list. */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp) {
  for (unsigned long i = 0; i < (1ul << order); i++) {
    struct page *p = page + i;
    if (PageBuddy(p) || PageReserved(p) || page_ref_count(p))
      panic("prep_new_page: bad state of pfn %lu", page_to_pfn(p));
  }
  check_poison(page, order);
  set_page_count(page, 1);
  set_page_private(page, order);
  if (gfp & __GFP_ZERO) memset(page_address(page), 0, PAGE_SIZE << order);
}

/* A block of `order` from `zone`, through the pcp lists for order 0. */
static struct page *rmqueue(struct zone *zone, unsigned int order,
                            int migratetype) {
  if (order == 0) return rmqueue_pcplist(zone, migratetype);
  struct page *page = __rmqueue(zone, order, migratetype);
  if (page) zone->vm_stat[NR_FREE_PAGES] -= 1ul << order;
  return page;
}

/* See gfp.h. */
struct page *alloc_pages(gfp_t gfp, unsigned int order) {
  if (order >= MAX_ORDER) return NULL;
  if ((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK) return NULL;
  int migratetype = gfp_migratetype(gfp);
  struct zone *zone;
  for_each_zone(zone) {
    if (!populated_zone(zone)) continue;
    if (!zone_watermark_ok(zone, order, min_wmark_pages(zone), gfp)) continue;
    struct page *page = rmqueue(zone, order, migratetype);
    if (page) {
      prep_new_page(page, order, gfp);
      return page;
    }
  }
  return NULL;
}

/* ---- freeing ---- */

/* Fills the block with PAGE_POISON (debug builds). */
static void poison_pages(struct page *page, unsigned int order) {
#if CONFIG_PAGE_POISONING
  memset(page_address(page), PAGE_POISON, PAGE_SIZE << order);
#else
  (void)page;
  (void)order;
#endif
}

/* Checks the tail pages of a block being freed, then poisons it. */
static void free_pages_prepare(struct page *page, unsigned int order) {
  for (unsigned long i = 1; i < (1ul << order); i++) {
    struct page *p = page + i;
    if (PageBuddy(p) || PageReserved(p) || page_ref_count(p))
      panic("free_pages_prepare: pfn %lu of the block is free, reserved or "
            "in use", page_to_pfn(p));
  }
  set_page_private(page, 0);
  poison_pages(page, order);
}

/* See gfp.h. */
void __free_pages(struct page *page, unsigned int order) {
  if (order >= MAX_ORDER)
    panic("__free_pages: bad order %u, page %p", order, (void *)page);
  if (!mem_map || page < mem_map || page >= mem_map + (max_pfn - ARCH_PFN_OFFSET))
    panic("__free_pages: page %p outside mem_map", (void *)page);
  unsigned long pfn = page_to_pfn(page);
  if (!IS_ALIGNED(pfn, 1ul << order))
    panic("__free_pages: pfn %lu misaligned for order %u", pfn, order);
  if (PageReserved(page)) panic("__free_pages: freeing reserved pfn %lu", pfn);
  if (PageBuddy(page) || page_ref_count(page) <= 0)
    panic("__free_pages: double free of pfn %lu", pfn);
  if (--page->_refcount) return;
  if (page_private(page) != order)
    panic("__free_pages: order %u differs from allocation order %lu, pfn %lu",
          order, page_private(page), pfn);
  struct zone *zone = pfn_zone(pfn);
  if (!zone) panic("__free_pages: pfn %lu in no zone", pfn);
  free_pages_prepare(page, order);
  if (order == 0) {
    free_unref_page(zone, page, pfn);
    return;
  }
  __free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn));
}

/* See internal.h. */
void __free_pages_core(struct page *page, unsigned int order) {
  unsigned long pfn = page_to_pfn(page);
  struct zone *zone = pfn_zone(pfn);
  if (!zone || !IS_ALIGNED(pfn, 1ul << order))
    panic("__free_pages_core: bad block at pfn %lu order %u", pfn, order);
  for (unsigned long i = 0; i < (1ul << order); i++) {
    ClearPageReserved(page + i);
    set_page_count(page + i, 0);
  }
  zone->managed_pages += 1ul << order;
  poison_pages(page, order);
  __free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn));
}

/* See gfp.h. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order) {
  struct page *page = alloc_pages(gfp, order);
  return page ? (unsigned long)(uintptr_t)page_address(page) : 0;
}

/* See gfp.h. */
unsigned long get_zeroed_page(gfp_t gfp) {
  return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* See gfp.h. */
void free_pages(unsigned long addr, unsigned int order) {
  if (addr) __free_pages(virt_to_page((const void *)(uintptr_t)addr), order);
}

/* Free pages in the buddy lists of all zones. */
unsigned long nr_free_pages(void) {
  unsigned long sum = 0;
  struct zone *zone;
  for_each_zone(zone) sum += zone_page_state(zone, NR_FREE_PAGES);
  return sum;
}
