/*
 * page_alloc.c -- the buddy allocator: free lists per order and migrate
 * type, splitting (expand), merging (__free_one_page), migrate-type
 * fallback with pageblock stealing, the HIGHATOMIC reserve, CMA
 * pageblocks for movable requests, zonelist walk with watermarks and
 * lowmem_reserve, per-CPU order-0 lists, bad_page on flagged frees and
 * the allocation-failure report.
 *
 *   alloc_pages (inline fast path, ALLOC_WMARK_LOW)
 *     get_page_from_freelist: zonelist from gfp_zone(), zone_watermark_fast
 *       rmqueue: order 0 -> rmqueue_pcplist (pop; rmqueue_bulk refill out of line)
 *                order > 0 -> rmqueue_buddy (out of line)
 *     fails -> __alloc_pages_slowpath (out of line): wake kswapd (noted),
 *              ALLOC_WMARK_MIN with HIGH / HARDER, then warn_alloc
 *   __free_pages: put_page_testzero, free_pages_prepare (flags check),
 *     order 0 -> free_unref_page (push; free_pcppages_bulk out of line)
 *
 * CONFIG_DEBUG_VM adds the per-page state checks of every page of a block
 * and page poisoning; the default firmware has it off.
 */
#include <string.h>

#include "gfp.h"
#include "highmem.h"
#include "internal.h"
#include "page_alloc.h"
#include "printk.h"
#include "vmscan.h"
#include "vmstat.h"

struct pglist_data contig_page_data;
const char *current_comm = "swapper/0";
unsigned long nr_bad_pages;

const char *const migratetype_names[MIGRATE_TYPES] = {
    "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"};

/* Where each pcp type looks, in order, when its own lists are empty (Linux). */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
    [MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
    [MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
    [MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

#define HIGHATOMIC_RESERVE_DIVISOR 100 /* Linux: 1% of the zone + one pageblock */

/* ---- zones and pageblocks ---- */

/* The zone spanning `pfn`, or NULL. */
struct zone *pfn_zone(unsigned long pfn) {
  struct zone *zone;
  for_each_populated_zone(zone) {
    if (zone_spans_pfn(zone, pfn)) return zone;
  }
  return NULL;
}

/* Sets the migrate type of the pageblock holding `page`. */
void set_pageblock_migratetype(struct page *page, int migratetype) {
  struct zone *zone = page_zone(page);
  unsigned long pfn = page_to_pfn(page);
  if (!zone_spans_pfn(zone, pfn))
    panic("set_pageblock_migratetype: pfn %lu outside zone %s", pfn, zone->name);
  zone->pageblock_flags[(pfn - zone->pageblock_base_pfn) >> pageblock_order] =
      (unsigned char)migratetype;
}

/* ---- free list primitives ---- */

/* Counts `nr` pages of type `migratetype` free (negative: taken). */
void __mod_zone_freepage_state(struct zone *zone, long nr, int migratetype) {
  mod_zone_page_state(zone, NR_FREE_PAGES, nr);
  if (is_migrate_cma(migratetype)) mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr);
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

/* See internal.h. */
void del_page_from_free_list(struct page *page, struct zone *zone,
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
  if (!zone_spans_pfn(zone, buddy_pfn)) return false;
  const struct page *buddy = pfn_to_page(buddy_pfn);
  return PageBuddy(buddy) && buddy_order(buddy) == order;
}

/* See internal.h. */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
                     unsigned int order, int migratetype) {
  if (!is_migrate_isolate(migratetype))
    __mod_zone_freepage_state(zone, 1l << order, migratetype);
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

/* See internal.h. */
void __free_pfn_range(struct zone *zone, unsigned long start_pfn,
                      unsigned long end_pfn, int migratetype) {
  while (start_pfn < end_pfn) {
    unsigned int order = MAX_ORDER - 1;
    while (!IS_ALIGNED(start_pfn, 1ul << order) ||
           start_pfn + (1ul << order) > end_pfn)
      order--;
    __free_one_page(pfn_to_page(start_pfn), start_pfn, zone, order, migratetype);
    start_pfn += 1ul << order;
  }
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
 * Counts the 2^order pages as no longer free; page->index records the
 * list type (where an order-0 page returns when drained from a pcp list).
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
    __mod_zone_freepage_state(zone, -(1l << order), migratetype);
    page->index = (unsigned long)migratetype;
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
  for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
    int fallback_mt = fallbacks[migratetype][i];
    if (list_empty(&area->free_list[fallback_mt])) continue;
    *can_steal = can_steal_fallback(order, migratetype);
    return fallback_mt;
  }
  return -1;
}

/* See internal.h. */
unsigned long move_freepages_block(struct zone *zone, struct page *page,
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
 * only this block moves.  A HIGHATOMIC pageblock keeps its type.  Counts
 * pageblock type changes in the zone.
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
  int old_type = get_pageblock_migratetype(page);
  if (!whole_block || old_type >= MIGRATE_PCPTYPES) {
    move_to_free_list(page, zone, current_order, start_type);
    return;
  }
  unsigned long free_pages = move_freepages_block(zone, page, start_type);
  if (free_pages >= pageblock_nr_pages / 2 && old_type != start_type) {
    set_pageblock_migratetype(page, start_type);
    zone->nr_pageblock_steal++;
  }
}

/*
 * Moves a block from another pcp type's lists to `start_mt`'s so that
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

/*
 * A block of `order` for `migratetype`: its own lists, then (ALLOC_CMA:
 * movable requests) the CMA lists, then another pcp type's pageblocks.
 * Movable requests use CMA first while CMA holds more than half of the
 * zone's free pages (Linux's balance rule).
 */
static struct page *__rmqueue(struct zone *zone, unsigned int order,
                              int migratetype, unsigned int alloc_flags) {
  struct page *page;
  if ((alloc_flags & ALLOC_CMA) &&
      zone_page_state(zone, NR_FREE_CMA_PAGES) >
          zone_page_state(zone, NR_FREE_PAGES) / 2) {
    page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
    if (page) return page;
  }
  for (;;) {
    page = __rmqueue_smallest(zone, order, migratetype);
    if (page) return page;
    if (alloc_flags & ALLOC_CMA) {
      page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
      if (page) return page;
    }
    if (!__rmqueue_fallback(zone, order, migratetype)) return NULL;
  }
}

/* ---- per-CPU lists (slow parts out of line) ---- */

/*
 * Moves up to pcp->batch order-0 pages of `migratetype` from the buddy to
 * `list` (tail first, so the list is used in address order); returns how
 * many it moved.
 */
static __attribute__((noinline)) int rmqueue_bulk(struct zone *zone,
                                                  struct per_cpu_pages *pcp,
                                                  struct list_head *list,
                                                  int migratetype,
                                                  unsigned int alloc_flags) {
  int i;
  for (i = 0; i < pcp->batch; i++) {
    struct page *page = __rmqueue(zone, 0, migratetype, alloc_flags);
    if (!page) break;
    list_add_tail(&page->lru, list);
  }
  pcp->count += i;
  return i;
}

/* Lowers the kswapd note once every zone up to the woken one is above high. */
static void kswapd_try_to_sleep(struct pglist_data *pgdat) {
  for (int z = 0; z <= pgdat->kswapd_highest_zoneidx; z++) {
    const struct zone *zone = &pgdat->node_zones[z];
    if (!managed_zone(zone)) continue;
    if (zone_page_state(zone, NR_FREE_PAGES) <= high_wmark_pages(zone)) return;
  }
  pgdat->kswapd_awake = false;
}

/*
 * Returns `count` pages (at most pcp->count) from the pcp lists to the
 * buddy, taking the coldest (tail) page of each non-empty list in turn.
 * A page returns to the free list it came from (page->index), or to its
 * pageblock's type while pageblocks of the zone are isolated.
 */
static __attribute__((noinline)) void free_pcppages_bulk(struct zone *zone,
                                                         int count,
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
    unsigned long pfn = page_to_pfn(page);
    int free_mt = (int)page->index;
    if (zone->nr_isolate_pageblock) free_mt = get_pfnblock_migratetype(page, pfn);
    __free_one_page(page, pfn, zone, 0, free_mt);
  }
  if (zone->zone_pgdat->kswapd_awake) kswapd_try_to_sleep(zone->zone_pgdat);
}

/* An order-0 page from the pcp list of `migratetype`, refilling it. */
static inline struct page *rmqueue_pcplist(struct zone *zone, int migratetype,
                                           unsigned int alloc_flags) {
  struct per_cpu_pages *pcp = &zone->pcp;
  struct list_head *list = &pcp->lists[migratetype];
  if (__builtin_expect(list_empty(list), 0) &&
      !rmqueue_bulk(zone, pcp, list, migratetype, alloc_flags))
    return NULL;
  struct page *page = list_first_entry(list, struct page, lru);
  list_del(&page->lru);
  pcp->count--;
  return page;
}

/*
 * Free of an order-0 page whose pageblock is not a pcp type: an isolated
 * pageblock takes it straight into the buddy; CMA and HIGHATOMIC pages go
 * on the movable pcp list, page->index remembering their type.
 */
static __attribute__((noinline)) void free_unref_page_other(struct page *page,
                                                            int migratetype) {
  struct zone *zone = page_zone(page);
  unsigned long pfn = page_to_pfn(page);
  page->index = (unsigned long)migratetype;
  if (is_migrate_isolate(migratetype)) {
    __free_one_page(page, pfn, zone, 0, migratetype);
    return;
  }
  struct per_cpu_pages *pcp = &zone->pcp;
  list_add(&page->lru, &pcp->lists[MIGRATE_MOVABLE]);
  if (++pcp->count >= pcp->high) free_pcppages_bulk(zone, pcp->batch, pcp);
}

/*
 * Puts the order-0 `page` on the pcp list of its pageblock's type
 * (page->index records it) and counts PGFREE; drains `batch` pages when
 * the count reaches `high`.  Everything is loaded before the first store
 * (the event counter included), so the compiler reloads nothing.
 */
static inline void free_unref_page(struct page *page) {
  struct zone *zone = page_zone(page);
  struct per_cpu_pages *pcp = &zone->pcp;
  int migratetype = get_pfnblock_migratetype(page, 0);
  if (__builtin_expect(migratetype >= MIGRATE_PCPTYPES, 0)) {
    count_vm_event(PGFREE);
    free_unref_page_other(page, migratetype);
    return;
  }
  /* keep pcp in a register: GCC otherwise rebuilds &lists[mt] from the zone index */
  __asm__("" : "+r"(pcp));
  struct list_head *head = &pcp->lists[migratetype];
  struct list_head *next = head->next;
  int count = pcp->count + 1;
  int high = pcp->high;
  unsigned long pgfree = vm_event_states[PGFREE] + 1;
  page->index = (unsigned long)migratetype;
  page->lru.next = next;
  page->lru.prev = head;
  next->prev = &page->lru;
  head->next = &page->lru;
  pcp->count = count;
  vm_event_states[PGFREE] = pgfree;
  if (__builtin_expect(count >= high, 0)) free_pcppages_bulk(zone, pcp->batch, pcp);
}

/* Returns every page on the pcp lists of `zone` (all zones if NULL). */
void drain_local_pages(struct zone *zone) {
  struct zone *z;
  for_each_zone(z) {
    if (zone && z != zone) continue;
    if (z->pcp.count) free_pcppages_bulk(z, z->pcp.count, &z->pcp);
  }
}

/* ---- watermarks ---- */

/*
 * Linux __zone_watermark_ok (5.x, 64-bit arithmetic): a request for
 * 2^order pages with highest zone `highest_zoneidx` passes when
 *   free - (2^order - 1) - unusable > mark' + lowmem_reserve[highest_zoneidx]
 * where mark' = mark, halved for ALLOC_HIGH, less a further quarter for
 * ALLOC_HARDER; unusable = the HIGHATOMIC reserve (unless ALLOC_HARDER)
 * and the free CMA pages (unless ALLOC_CMA).  For order > 0 a usable free
 * list must also hold a block of at least `order`.  Pages on the pcp
 * lists do not count as free.
 */
bool __zone_watermark_ok(const struct zone *z, unsigned int order,
                         unsigned long mark, int highest_zoneidx,
                         unsigned int alloc_flags, long long free_pages) {
  long long min = (long long)mark;
  bool alloc_harder = alloc_flags & ALLOC_HARDER;
  free_pages -= (1ll << order) - 1;
  if (alloc_flags & ALLOC_HIGH) min -= min / 2;
  if (alloc_harder)
    min -= min / 4;
  else
    free_pages -= (long long)z->nr_reserved_highatomic;
  if (!(alloc_flags & ALLOC_CMA))
    free_pages -= (long long)zone_page_state(z, NR_FREE_CMA_PAGES);
  if (free_pages <= min + (long long)z->lowmem_reserve[highest_zoneidx])
    return false;
  if (order == 0) return true;
  for (unsigned int o = order; o < MAX_ORDER; o++) {
    const struct free_area *area = &z->free_area[o];
    if (!area->nr_free) continue;
    for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
      if (!list_empty(&area->free_list[mt])) return true;
    if ((alloc_flags & ALLOC_CMA) && !list_empty(&area->free_list[MIGRATE_CMA]))
      return true;
    if (alloc_harder && !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
      return true;
  }
  return false;
}

/* See page_alloc.h. */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
                       unsigned long mark, int highest_zoneidx,
                       unsigned int alloc_flags) {
  return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
                             (long long)zone_page_state(z, NR_FREE_PAGES));
}

/* Linux zone_watermark_fast: order 0 with no reserves decided in one compare. */
static inline bool zone_watermark_fast(const struct zone *z, unsigned int order,
                                       unsigned long mark, int highest_zoneidx,
                                       unsigned int alloc_flags) {
  long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);
  long cma_pages = 0;
  if (!(alloc_flags & ALLOC_CMA))
    cma_pages = (long)zone_page_state(z, NR_FREE_CMA_PAGES);
  if (order == 0 && free_pages - cma_pages >
                        (long)(mark + z->lowmem_reserve[highest_zoneidx]))
    return true;
  return zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags);
}

/* ---- allocation ---- */

#ifdef CONFIG_DEBUG_VM
/* Verifies that a page about to be handed out still holds PAGE_POISON. */
static void check_poison(struct page *page, unsigned int order) {
  for (unsigned long i = 0; i < (1ul << order); i++) {
    const unsigned char *p = kmap_local_page(page + i);
    for (unsigned long b = 0; b < PAGE_SIZE; b++)
      if (p[b] != PAGE_POISON)
        panic("check_poison: pfn %lu byte %lu written after free",
              page_to_pfn(page + i), b);
    kunmap_local(p);
  }
}

/* Fills the block with PAGE_POISON (highmem pages through kmap_local). */
static void poison_pages(struct page *page, unsigned int order) {
  for (unsigned long i = 0; i < (1ul << order); i++) {
    void *p = kmap_local_page(page + i);
    memset(p, PAGE_POISON, PAGE_SIZE);
    kunmap_local(p);
  }
}

/* Linux check_new_pages: every page of a block taken from the buddy is clean. */
static __attribute__((noinline)) void check_new_pages(struct page *page,
                                                      unsigned int order) {
  for (unsigned long i = 0; i < (1ul << order); i++) {
    struct page *p = page + i;
    if (PageBuddy(p) || (p->flags & PAGE_FLAGS_CHECK_AT_PREP) || page_ref_count(p))
      panic("prep_new_page: bad state of pfn %lu", page_to_pfn(p));
  }
  check_poison(page, order);
}
#else
static inline void poison_pages(struct page *page, unsigned int order) {
  (void)page;
  (void)order;
}
#endif

static struct page *zero_new_page(struct page *page, unsigned int order);

/* Sets up a block just taken from the buddy or a pcp list. */
static inline void prep_new_page(struct page *page, unsigned int order,
                                 gfp_t gfp) {
#ifdef CONFIG_DEBUG_VM
  check_new_pages(page, order);
#endif
  set_page_count(page, 1);
  set_page_private(page, order);
  if (__builtin_expect(gfp & __GFP_ZERO, 0)) zero_new_page(page, order);
}

/*
 * Makes the pageblock of a successful high-order atomic request
 * MIGRATE_HIGHATOMIC while the zone's reserve is below 1% of its managed
 * pages plus one pageblock (Linux reserve_highatomic_pageblock).
 */
static __attribute__((noinline)) void reserve_highatomic_pageblock(
    struct page *page, struct zone *zone) {
  unsigned long max_managed =
      zone_managed_pages(zone) / HIGHATOMIC_RESERVE_DIVISOR + pageblock_nr_pages;
  if (zone->nr_reserved_highatomic >= max_managed) return;
  int mt = get_pageblock_migratetype(page);
  if (mt >= MIGRATE_PCPTYPES) return; /* already HIGHATOMIC, or CMA/ISOLATE */
  zone->nr_reserved_highatomic += pageblock_nr_pages;
  set_pageblock_migratetype(page, MIGRATE_HIGHATOMIC);
  move_freepages_block(zone, page, MIGRATE_HIGHATOMIC);
}

/*
 * A block of order > 0: ALLOC_HARDER requests try the HIGHATOMIC reserve
 * first.
 */
static __attribute__((noinline)) struct page *rmqueue_buddy(
    struct zone *zone, unsigned int order, int migratetype,
    unsigned int alloc_flags) {
  struct page *page = NULL;
  if (alloc_flags & ALLOC_HARDER)
    page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
  if (!page) page = __rmqueue(zone, order, migratetype, alloc_flags);
  return page;
}

/* A block of `order` from `zone`, through the pcp lists for order 0. */
static inline struct page *rmqueue(struct zone *zone, unsigned int order,
                                   int migratetype, unsigned int alloc_flags) {
  if (__builtin_expect(order == 0, 1))
    return rmqueue_pcplist(zone, migratetype, alloc_flags);
  return rmqueue_buddy(zone, order, migratetype, alloc_flags);
}

/*
 * Walks the zonelist from the request's highest zone down and takes the
 * block from the first zone that passes the watermark of alloc_flags.
 */
static inline __attribute__((always_inline)) struct page *
get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
                       int highest_zoneidx, int migratetype) {
  const struct zoneref *z = node_zonelist(0, gfp)->_zonerefs;
  for (; z->zone; z++) {
    if (z->zone_idx > highest_zoneidx) continue;
    struct zone *zone = z->zone;
    unsigned long mark = zone->_watermark[alloc_flags & ALLOC_WMARK_MASK];
    if (!zone_watermark_fast(zone, order, mark, highest_zoneidx, alloc_flags))
      continue;
    struct page *page = rmqueue(zone, order, migratetype, alloc_flags);
    if (page) {
      prep_new_page(page, order, gfp);
      __count_zid_vm_events(PGALLOC, z->zone_idx, 1ul << order);
      if (__builtin_expect(order && (alloc_flags & ALLOC_HARDER), 0))
        reserve_highatomic_pageblock(page, zone);
      return page;
    }
  }
  return NULL;
}

/* Linux gfp_to_alloc_flags (5.x): the min watermark, HIGH, HARDER, CMA. */
static unsigned int gfp_to_alloc_flags(gfp_t gfp) {
  unsigned int alloc_flags = ALLOC_WMARK_MIN;
  if (gfp & __GFP_HIGH) alloc_flags |= ALLOC_HIGH;
  if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC)) alloc_flags |= ALLOC_HARDER;
  if (gfp_migratetype(gfp) == MIGRATE_MOVABLE) alloc_flags |= ALLOC_CMA;
  return alloc_flags;
}

/* Linux wake_all_kswapds: one node, so one kswapd (vmscan.c). */
static void wake_all_kswapds(unsigned int order, gfp_t gfp, int highest_zoneidx) {
  struct pglist_data *pgdat = NODE_DATA(0);
  wakeup_kswapd(&pgdat->node_zones[highest_zoneidx], gfp, order, highest_zoneidx);
}

/*
 * Linux warn_alloc: "<comm>: page allocation failure: order:N,
 * mode:0x...(...), nodemask=(null)" then the show_free_areas summary.
 */
static void warn_alloc(gfp_t gfp, unsigned int order) {
  char names[GFP_NAMES_MAX];
  format_gfp_flags(names, sizeof(names), gfp);
  printk("%s: page allocation failure: order:%u, mode:0x%x(%s), nodemask=(null)\n",
         current_comm, order, gfp, names);
  show_free_areas();
}

/*
 * The slow path after the low-watermark pass failed (Linux 5.x, without
 * compaction): wake kswapd, retry at the min watermark with the
 * request's reserves; a request that may reclaim then alternates direct
 * reclaim (an allocstall each) and retries while reclaim makes progress
 * (at most MAX_RECLAIM_RETRIES rounds); without progress, an order up to
 * PAGE_ALLOC_COSTLY_ORDER without __GFP_NORETRY calls the OOM killer and
 * tries again while it kills.  Failing, the report.
 */
static __attribute__((noinline, cold)) struct page *__alloc_pages_slowpath(
    gfp_t gfp, unsigned int order, int highest_zoneidx, int migratetype) {
  if (gfp & __GFP_KSWAPD_RECLAIM) wake_all_kswapds(order, gfp, highest_zoneidx);
  unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
  struct page *page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx, migratetype);
  if (page) return page;
  if (gfp & __GFP_DIRECT_RECLAIM) {
    for (int oom_rounds = 0; oom_rounds < 8; oom_rounds++) {
      for (int retries = 0; retries < MAX_RECLAIM_RETRIES; retries++) {
        __count_zid_vm_events(ALLOCSTALL, highest_zoneidx, 1);
        unsigned long progress = try_to_free_pages(gfp, order);
        page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx, migratetype);
        if (page) return page;
        if (progress) { /* what reclaim freed may sit on the pcp lists (Linux drain_all_pages) */
          drain_local_pages(NULL);
          page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx, migratetype);
          if (page) return page;
        }
        if (!progress) break;
      }
      if (order > PAGE_ALLOC_COSTLY_ORDER || (gfp & __GFP_NORETRY) || reclaim_in_progress) break;
      if (!out_of_memory(gfp, order)) break;
      page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx, migratetype);
      if (page) return page;
    }
  }
  count_vm_event(PGALLOC_FAIL);
  if (!(gfp & __GFP_NOWARN)) warn_alloc(gfp, order);
  return NULL;
}

/* Refuses an invalid request (Linux WARNs): bad order, zone or mobility bits. */
static __attribute__((noinline, cold)) struct page *alloc_pages_invalid(
    gfp_t gfp, unsigned int order) {
  count_vm_event(PGALLOC_FAIL);
  if (!(gfp & __GFP_NOWARN))
    printk("alloc_pages: invalid request order:%u, mode:0x%x\n", order, gfp);
  return NULL;
}

/* Clears a block handed out for a __GFP_ZERO request (highmem pages
 * through kmap_local: they have no linear address) and returns it. */
static __attribute__((noinline)) struct page *zero_new_page(struct page *page,
                                                            unsigned int order) {
  for (unsigned long i = 0; i < (1ul << order); i++) clear_highpage(page + i);
  return page;
}

/*
 * Every request the inline fast path of alloc_pages does not finish:
 * invalid ones, order > 0, an empty pcp list, a zone below its low
 * watermark.  The low-watermark pass over the zonelist, then the slow path.
 */
static __attribute__((noinline)) struct page *__alloc_pages(gfp_t gfp,
                                                            unsigned int order) {
  int highest_zoneidx = gfp_zone(gfp);
  if (order >= MAX_ORDER || highest_zoneidx < 0 ||
      (gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK)
    return alloc_pages_invalid(gfp, order);
  int migratetype = gfp_migratetype(gfp);
  unsigned int alloc_flags =
      ALLOC_WMARK_LOW | (migratetype == MIGRATE_MOVABLE ? ALLOC_CMA : 0);
  struct page *page = get_page_from_freelist(gfp, order, alloc_flags,
                                             highest_zoneidx, migratetype);
  if (page) return page;
  return __alloc_pages_slowpath(gfp, order, highest_zoneidx, migratetype);
}

/*
 * See gfp.h.  The fast path (order 0, steady state): the first zone of
 * the zonelist the request may use, Linux's zone_watermark_fast test at
 * the low watermark, a pop from its pcp list.  Anything else goes to
 * __alloc_pages (out of line), which starts over with the full rules.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order) {
  int highest_zoneidx = gfp_zone(gfp);
  int migratetype = gfp_migratetype(gfp);
  if (__builtin_expect(order != 0 || highest_zoneidx < 0 ||
                           migratetype >= MIGRATE_PCPTYPES, 0))
    return __alloc_pages(gfp, order);
  const struct zoneref *z = node_zonelist(0, gfp)->_zonerefs;
  while (z->zone_idx > highest_zoneidx) z++;
  struct zone *zone = z->zone;
  if (__builtin_expect(zone == NULL, 0)) return __alloc_pages(gfp, order);
  long free_pages = (long)zone->vm_stat[NR_FREE_PAGES];
  if (migratetype != MIGRATE_MOVABLE) free_pages -= (long)zone->vm_stat[NR_FREE_CMA_PAGES];
  struct per_cpu_pages *pcp = &zone->pcp;
  struct list_head *list = &pcp->lists[migratetype];
  if (__builtin_expect(free_pages <= (long)(zone->_watermark[WMARK_LOW] +
                                            zone->lowmem_reserve[highest_zoneidx]) ||
                           list_empty(list), 0))
    return __alloc_pages(gfp, order);
  struct page *page = list_first_entry(list, struct page, lru);
  /* unlink without list_del's self-linking: the owner relinks lru */
  list->next = page->lru.next;
  page->lru.next->prev = list;
  pcp->count--;
#ifdef CONFIG_DEBUG_VM
  INIT_LIST_HEAD(&page->lru);
  check_new_pages(page, 0);
#endif
  set_page_count(page, 1);
  set_page_private(page, 0);
  count_vm_events((enum vm_event_item)(PGALLOC_DMA + z->zone_idx), 1);
  if (__builtin_expect(gfp & __GFP_ZERO, 0)) return zero_new_page(page, 0);
  return page;
}

/* ---- freeing ---- */

/* Linux's %pGp: flag names joined by '|', then "zone=N". */
static void format_page_flags(char *buf, unsigned long size, const struct page *page) {
  static const char *const names[__NR_PAGEFLAGS] = {
      [PG_reserved] = "reserved", [PG_buddy] = "buddy", [PG_slab] = "slab",
      [PG_head] = "head", [PG_uptodate] = "uptodate", [PG_dirty] = "dirty",
      [PG_writeback] = "writeback", [PG_lru] = "lru", [PG_active] = "active",
      [PG_referenced] = "referenced", [PG_swapbacked] = "swapbacked",
      [PG_swapcache] = "swapcache"};
  unsigned long n = 0;
  buf[0] = '\0';
  for (int f = 0; f < __NR_PAGEFLAGS; f++) {
    if (!page_flag_test(page, (enum pageflags)f)) continue;
    for (const char *s = names[f]; *s && n + 1 < size; s++) buf[n++] = *s;
    if (n + 1 < size) buf[n++] = '|';
  }
  const char zone[] = "zone=";
  for (const char *s = zone; *s && n + 2 < size; s++) buf[n++] = *s;
  if (n + 1 < size) buf[n++] = (char)('0' + page_zonenum(page));
  buf[n] = '\0';
}

/* See internal.h. */
void dump_page(const struct page *page, const char *reason) {
  char flags[PAGE_FLAG_NAMES_MAX];
  format_page_flags(flags, sizeof(flags), page);
  printk("page:%p refcount:%d mapcount:%d mapping:%08lx index:0x%lx pfn:0x%lx\n",
         (const void *)page, page_ref_count(page), PageSlab(page) ? 0 : page->_mapcount,
         PageSlab(page) ? 0ul : (unsigned long)page->mapping, page->index, page_to_pfn(page));
  printk("flags: 0x%lx(%s)\n", page->flags, flags);
  printk("page dumped because: %s\n", reason);
}

/*
 * Linux bad_page: reports a page in a state it must not be freed in and
 * leaves it out of the allocator (leaked; the kernel is "tainted").
 */
static __attribute__((noinline, cold)) void bad_page(struct page *page,
                                                     const char *reason) {
  printk("BUG: Bad page state in process %s  pfn:%05lx\n", current_comm,
         page_to_pfn(page));
  dump_page(page, reason);
  nr_bad_pages++;
  __ClearPageBuddy(page); /* nobody may take it for a free block */
}

/*
 * Panics for a free of a page with no reference (cold; not declared
 * noreturn, and noipa so that GCC does not infer it: the fast path then
 * reaches it by a tail call and needs no stack frame).
 */
static __attribute__((noipa, cold)) void free_of_unreferenced(
    const struct page *page) {
  unsigned long pfn = page_to_pfn(page);
  if (PageReserved(page)) panic("__free_pages: freeing reserved pfn %lu", pfn);
  panic("__free_pages: double free of pfn %lu", pfn);
}

/* __free_pages with order >= MAX_ORDER: panics (cold, reached by a tail call). */
static __attribute__((noipa, cold)) void free_pages_bad_order(struct page *page,
                                                                 unsigned int order) {
  panic("__free_pages: bad order %u, page %p", order, (void *)page);
}

/* A freed page with PG_buddy (double free: panic) or a checked flag (bad_page). */
static __attribute__((noipa, cold)) void free_pages_bad_flags(struct page *page) {
  if (PageBuddy(page)) free_of_unreferenced(page);
  bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
}

#ifdef CONFIG_DEBUG_VM
/* The checks of a freed block that only CONFIG_DEBUG_VM makes. */
static __attribute__((noinline)) void free_pages_check_debug(struct page *page,
                                                             unsigned int order) {
  if (page < mem_map || page >= mem_map + (max_pfn - ARCH_PFN_OFFSET))
    panic("__free_pages: page %p outside mem_map", (void *)page);
  unsigned long pfn = page_to_pfn(page);
  if (!IS_ALIGNED(pfn, 1ul << order))
    panic("__free_pages: pfn %lu misaligned for order %u", pfn, order);
  if (page_ref_count(page) == 1 && page_private(page) != order)
    panic("__free_pages: order %u differs from allocation order %lu, pfn %lu",
          order, page_private(page), pfn);
}

/* Tail pages of a freed block must be plain unreferenced pages. */
static __attribute__((noinline)) void free_tail_pages_check(struct page *page,
                                                            unsigned int order) {
  for (unsigned long i = 1; i < (1ul << order); i++) {
    struct page *p = page + i;
    if (PageBuddy(p) || (p->flags & PAGE_FLAGS_CHECK_AT_FREE) || page_ref_count(p))
      panic("free_pages_prepare: pfn %lu of the block is free, reserved or "
            "in use", page_to_pfn(p));
  }
}
#endif

/*
 * Drops the reference a free gives back; true when it was the last.  A
 * page without a reference panics, a last reference to a page with a flag
 * Linux checks at free is refused with bad_page (both out of line).
 */
static inline bool free_pages_put_testzero(struct page *page) {
  unsigned long flags = page->flags;
  int refcount = page->_refcount;
  if (__builtin_expect(refcount <= 0, 0)) {
    free_of_unreferenced(page);
    return false;
  }
  page->_refcount = --refcount;
  if (refcount) return false;
  if (__builtin_expect(flags & (PAGE_FLAGS_CHECK_AT_FREE | (1ul << PG_buddy)), 0)) {
    free_pages_bad_flags(page);
    return false;
  }
  return true;
}

/*
 * __free_pages of a block of order > 0 (out of line): the order checked,
 * the reference dropped, then the buddy path.
 */
static __attribute__((noinline)) void __free_pages_ok(struct page *page,
                                                      unsigned int order) {
  if (order >= MAX_ORDER) {
    free_pages_bad_order(page, order);
    return;
  }
#ifdef CONFIG_DEBUG_VM
  free_pages_check_debug(page, order);
#endif
  if (!free_pages_put_testzero(page)) return;
#ifdef CONFIG_DEBUG_VM
  free_tail_pages_check(page, order);
#endif
  set_page_private(page, 0);
  poison_pages(page, order);
  count_vm_events(PGFREE, 1ul << order);
  unsigned long pfn = page_to_pfn(page);
  struct zone *zone = page_zone(page);
  __free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn));
  if (zone->zone_pgdat->kswapd_awake) kswapd_try_to_sleep(zone->zone_pgdat);
}

/*
 * See gfp.h.  Fast path (order 0): drop the reference, one test of the
 * flags Linux checks at free (free_pages_prepare: bad_page out of line),
 * push on the pcp list (free_unref_page).  Every other order goes to
 * __free_pages_ok.  page->private is left as it is: a pcp page has none,
 * and alloc_pages sets it.
 */
void __free_pages(struct page *page, unsigned int order) {
  if (__builtin_expect(order != 0, 0)) {
    __free_pages_ok(page, order);
    return;
  }
#ifdef CONFIG_DEBUG_VM
  free_pages_check_debug(page, 0);
#endif
  if (!free_pages_put_testzero(page)) return;
  poison_pages(page, 0);
  free_unref_page(page);
}

/* See internal.h. */
void __free_pages_core(struct page *page, unsigned int order) {
  unsigned long pfn = page_to_pfn(page);
  struct zone *zone = page_zone(page);
  if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, pfn + (1ul << order) - 1) ||
      !IS_ALIGNED(pfn, 1ul << order))
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
  return global_zone_page_state(NR_FREE_PAGES);
}
