/*
 * vmscan.c -- LRU lists and page reclaim (Linux mm/swap.c and mm/vmscan.c
 * of the 5.x series, before multi-gen LRU): the lists and their aging
 * rules are drawn in vmscan.h.
 *
 * References: an LRU list holds no page reference (the last put_page
 * takes the page off its list); isolating a page for a scan takes one,
 * so a page being reclaimed that is unmapped and in the swap cache has
 * exactly two (the scan's and the cache's).
 */
#include "vmscan.h"

#include "memory.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "printk.h"
#include "rmap.h"
#include "swap.h"
#include "vmstat.h"

struct reclaim_stats reclaim_stats;
void (*kswapd_wake_hook)(void);
void (*reclaim_bench_hook)(bool begin);
/* Reclaim runs (Linux PF_MEMALLOC): its own allocations may not reclaim again. */
bool reclaim_in_progress;

enum lru_list page_lru(const struct page *page) {
  enum lru_list lru = PageSwapBacked(page) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
  return PageActive(page) ? (enum lru_list)(lru + LRU_ACTIVE) : lru;
}

static void update_lru_size(struct zone *zone, enum lru_list lru, long delta) {
  zone->lruvec.nr[lru] += (unsigned long)delta;
  mod_zone_page_state(zone, (enum zone_stat_item)(NR_ZONE_INACTIVE_ANON + lru), delta);
  mod_node_page_state(zone->zone_pgdat, (enum node_stat_item)(NR_INACTIVE_ANON + lru), delta);
}

static void add_page_to_lru_list(struct page *page, enum lru_list lru) {
  struct zone *zone = page_zone(page);
  list_add(&page->lru, &zone->lruvec.lists[lru]);
  update_lru_size(zone, lru, 1);
  SetPageLRU(page);
}

void del_page_from_lru(struct page *page) {
  if (!PageLRU(page)) panic("del_page_from_lru: pfn %lu is not on an LRU list", page_to_pfn(page));
  list_del(&page->lru);
  update_lru_size(page_zone(page), page_lru(page), -1);
  ClearPageLRU(page);
}

void lru_cache_add(struct page *page) {
  if (PageLRU(page)) panic("lru_cache_add: pfn %lu already on an LRU list", page_to_pfn(page));
  add_page_to_lru_list(page, page_lru(page));
}

void mark_page_accessed(struct page *page) {
  if (!PageReferenced(page)) {
    SetPageReferenced(page);
  } else if (!PageActive(page) && PageLRU(page)) {
    del_page_from_lru(page);
    SetPageActive(page);
    add_page_to_lru_list(page, page_lru(page));
    ClearPageReferenced(page);
    count_vm_event(PGACTIVATE);
  }
}

/* Takes up to nr pages from the tail of `lru` onto `dst`, each with a reference. */
static unsigned long isolate_lru_pages(unsigned long nr, struct zone *zone, enum lru_list lru,
                                       struct list_head *dst) {
  struct list_head *src = &zone->lruvec.lists[lru];
  unsigned long taken = 0;
  while (taken < nr && !list_empty(src)) {
    struct page *page = list_last_entry(src, struct page, lru);
    del_page_from_lru(page);
    get_page(page);
    list_add(&page->lru, dst);
    taken++;
  }
  return taken;
}

/* Returns the pages of `list` to the LRU list their flags name and drops the scan's reference. */
static void putback_lru_pages(struct list_head *list) {
  while (!list_empty(list)) {
    struct page *page = list_first_entry(list, struct page, lru);
    list_del(&page->lru);
    add_page_to_lru_list(page, page_lru(page));
    put_page(page);
  }
}

void shrink_active_list(unsigned long nr_to_scan, struct zone *zone, struct scan_control *sc,
                        enum lru_list lru) {
  (void)sc;
  LIST_HEAD(l_hold);
  LIST_HEAD(l_back);
  unsigned long taken = isolate_lru_pages(nr_to_scan, zone, lru, &l_hold);
  count_vm_events(PGREFILL, taken);
  unsigned long deactivated = 0;
  while (!list_empty(&l_hold)) {
    struct page *page = list_last_entry(&l_hold, struct page, lru);
    list_del(&page->lru);
    unsigned long vm_flags = 0;
    /* Executable file pages referenced get another trip round the active list. */
    if (page_referenced(page, &vm_flags) && (vm_flags & VM_EXEC) && !PageSwapBacked(page)) {
      list_add(&page->lru, &l_back);
      continue;
    }
    ClearPageActive(page);
    deactivated++;
    list_add(&page->lru, &l_back);
  }
  count_vm_events(PGDEACTIVATE, deactivated);
  putback_lru_pages(&l_back);
}

enum page_references { PAGEREF_RECLAIM, PAGEREF_RECLAIM_CLEAN, PAGEREF_KEEP, PAGEREF_ACTIVATE };

/* Linux page_check_references. */
static enum page_references page_check_references(struct page *page) {
  unsigned long vm_flags = 0;
  int referenced_ptes = page_referenced(page, &vm_flags);
  bool referenced_page = TestClearPageReferenced(page);
  if (referenced_ptes) {
    /* Anonymous pages referenced at all go back to the active list. */
    if (PageSwapBacked(page)) return PAGEREF_ACTIVATE;
    SetPageReferenced(page);
    if (referenced_page || referenced_ptes > 1) return PAGEREF_ACTIVATE;
    if (vm_flags & VM_EXEC) return PAGEREF_ACTIVATE;
    return PAGEREF_KEEP;
  }
  if (referenced_page && !PageSwapBacked(page)) return PAGEREF_RECLAIM_CLEAN;
  return PAGEREF_RECLAIM;
}

/* Writes a dirty page out (Linux pageout): 0 when it is clean now. */
static int pageout(struct page *page) {
  if (PageSwapCache(page)) return swap_writepage(page);
  if (!rmap_file_ops || !rmap_file_ops->writepage) return -EIO;
  int err = rmap_file_ops->writepage(page);
  if (!err) ClearPageDirty(page);
  return err;
}

/* Linux shrink_page_list: reclaims what it can of `list`, leaves the rest on `ret`. */
static unsigned long shrink_page_list(struct list_head *list, struct list_head *ret,
                                      struct scan_control *sc) {
  unsigned long reclaimed = 0;
  while (!list_empty(list)) {
    struct page *page = list_last_entry(list, struct page, lru);
    list_del(&page->lru);
    enum page_references refs = page_check_references(page);
    if (refs == PAGEREF_ACTIVATE) goto activate;
    if (refs == PAGEREF_KEEP) {
      reclaim_stats.keep_referenced++;
      goto keep;
    }
    bool anon = PageAnon(page) || PageSwapBacked(page);
    if (anon && !PageSwapCache(page)) {
      if (!sc->may_swap || !add_to_swap(page)) {
        reclaim_stats.no_swap++;
        goto activate_noref;
      }
    }
    if (page_mapcount(page) && !try_to_unmap(page, 0)) goto busy;
    if (PageDirty(page) && pageout(page)) goto busy;
    if (anon) {
      if (page_ref_count(page) != 2) goto busy; /* someone else holds it */
      delete_from_swap_cache(page);
    } else if (!rmap_file_ops || !rmap_file_ops->remove_page ||
               !rmap_file_ops->remove_page(page)) {
      goto busy;
    }
    ClearPageActive(page);
    put_page(page); /* the scan's reference, the last one: freed */
    reclaimed++;
    continue;
  activate:
    reclaim_stats.activate_referenced++;
  activate_noref:
    SetPageActive(page);
    count_vm_event(PGACTIVATE);
    list_add(&page->lru, ret);
    continue;
  busy:
    reclaim_stats.keep_busy++;
  keep:
    list_add(&page->lru, ret);
  }
  (void)sc;
  return reclaimed;
}

unsigned long shrink_inactive_list(unsigned long nr_to_scan, struct zone *zone,
                                   struct scan_control *sc, enum lru_list lru) {
  LIST_HEAD(l_hold);
  LIST_HEAD(l_ret);
  if (reclaim_bench_hook) reclaim_bench_hook(true);
  unsigned long taken = isolate_lru_pages(nr_to_scan, zone, lru, &l_hold);
  count_vm_events(sc->kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT, taken);
  unsigned long reclaimed = shrink_page_list(&l_hold, &l_ret, sc);
  count_vm_events(sc->kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT, reclaimed);
  putback_lru_pages(&l_ret);
  if (reclaim_bench_hook) reclaim_bench_hook(false);
  sc->nr_scanned += taken;
  sc->nr_reclaimed += reclaimed;
  return reclaimed;
}

/* Integer square root (Linux int_sqrt). */
static unsigned long isqrt(unsigned long x) {
  unsigned long r = 0;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

bool inactive_is_low(struct zone *zone, enum lru_list inactive_lru) {
  unsigned long inactive = zone->lruvec.nr[inactive_lru];
  unsigned long active = zone->lruvec.nr[inactive_lru + LRU_ACTIVE];
  unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
  unsigned long ratio = gb ? isqrt(10 * gb) : 1;
  return inactive * ratio < active;
}

/* Can anonymous pages be reclaimed now (a swap slot free)? */
static bool can_reclaim_anon(const struct scan_control *sc) {
  return sc->may_swap && nr_swap_pages > 0;
}

static void shrink_list(enum lru_list lru, unsigned long nr, struct zone *zone,
                        struct scan_control *sc) {
  if (is_active_lru(lru)) {
    if (inactive_is_low(zone, (enum lru_list)(lru - LRU_ACTIVE)))
      shrink_active_list(nr, zone, sc, lru);
    return;
  }
  shrink_inactive_list(nr, zone, sc, lru);
}

void shrink_zone(struct zone *zone, struct scan_control *sc) {
  unsigned long nr[NR_LRU_LISTS];
  bool anon = can_reclaim_anon(sc);
  for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
    bool file = is_file_lru((enum lru_list)lru);
    nr[lru] = (file || anon) ? zone->lruvec.nr[lru] >> sc->priority : 0;
  }
  while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
    for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
      if (!nr[lru]) continue;
      unsigned long n = nr[lru] < SWAP_CLUSTER_MAX ? nr[lru] : SWAP_CLUSTER_MAX;
      nr[lru] -= n;
      shrink_list((enum lru_list)lru, n, zone, sc);
    }
    if (sc->nr_reclaimed >= sc->nr_to_reclaim) break;
  }
  /* Keep the inactive anon list big enough to find reclaimable pages next time. */
  if (anon && inactive_is_low(zone, LRU_INACTIVE_ANON))
    shrink_active_list(SWAP_CLUSTER_MAX, zone, sc, LRU_ACTIVE_ANON);
}

/* Over the populated zones up to highest_zoneidx, highest first. */
static void shrink_zones(int highest_zoneidx, struct scan_control *sc, bool only_unbalanced) {
  for (int z = highest_zoneidx; z >= 0; z--) {
    struct zone *zone = &NODE_DATA(0)->node_zones[z];
    if (!populated_zone(zone)) continue;
    if (only_unbalanced && zone_page_state(zone, NR_FREE_PAGES) > high_wmark_pages(zone)) continue;
    shrink_zone(zone, sc);
    if (sc->nr_reclaimed >= sc->nr_to_reclaim) break;
  }
}

unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order) {
  (void)order;
  if (reclaim_in_progress) return 0;
  int highest = gfp_zone(gfp_mask);
  if (highest < 0) return 0;
  struct scan_control sc = {.nr_to_reclaim = SWAP_CLUSTER_MAX, .gfp_mask = gfp_mask,
                            .may_swap = true};
  reclaim_in_progress = true;
  for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
    shrink_zones(highest, &sc, false);
    if (sc.nr_reclaimed >= sc.nr_to_reclaim) break;
  }
  reclaim_in_progress = false;
  return sc.nr_reclaimed;
}

bool pgdat_needs_reclaim(struct pglist_data *pgdat, int highest_zoneidx) {
  for (int z = 0; z <= highest_zoneidx && z < MAX_NR_ZONES; z++) {
    struct zone *zone = &pgdat->node_zones[z];
    if (!managed_zone(zone)) continue;
    if (zone_page_state(zone, NR_FREE_PAGES) <= high_wmark_pages(zone)) return true;
  }
  return false;
}

/* Pages the unbalanced zones lack to reach their high watermarks. */
static unsigned long pgdat_shortfall(struct pglist_data *pgdat, int highest_zoneidx) {
  unsigned long need = 0;
  for (int z = 0; z <= highest_zoneidx && z < MAX_NR_ZONES; z++) {
    struct zone *zone = &pgdat->node_zones[z];
    unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
    if (managed_zone(zone) && free <= high_wmark_pages(zone))
      need += high_wmark_pages(zone) + 1 - free;
  }
  return need;
}

unsigned long balance_pgdat(struct pglist_data *pgdat, int highest_zoneidx) {
  unsigned long total = 0;
  if (reclaim_in_progress) return 0;
  reclaim_in_progress = true;
  int priority = DEF_PRIORITY;
  /* Freed pages may sit on pcp lists, which NR_FREE_PAGES does not count: bound the passes. */
  for (int pass = 0; pass < 4 * (DEF_PRIORITY + 1) && priority >= 0 &&
                     pgdat_needs_reclaim(pgdat, highest_zoneidx);
       pass++) {
    /* Pages freed to the pcp lists count as free only once drained. */
    drain_local_pages(NULL);
    if (!pgdat_needs_reclaim(pgdat, highest_zoneidx)) break;
    unsigned long need = pgdat_shortfall(pgdat, highest_zoneidx);
    struct scan_control sc = {.nr_to_reclaim = need > SWAP_CLUSTER_MAX ? need : SWAP_CLUSTER_MAX,
                              .gfp_mask = GFP_KERNEL, .priority = priority, .kswapd = true,
                              .may_swap = true};
    shrink_zones(highest_zoneidx, &sc, true);
    total += sc.nr_reclaimed;
    /* Linux raises the priority (scans more) only when the pass fell short. */
    if (sc.nr_reclaimed < sc.nr_to_reclaim) priority--;
  }
  reclaim_in_progress = false;
  return total;
}

void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, unsigned int order, int highest_zoneidx) {
  (void)gfp_flags;
  struct pglist_data *pgdat = zone->zone_pgdat;
  count_vm_event(KSWAPD_WAKE);
  if (pgdat->kswapd_awake) return;
  pgdat->kswapd_awake = true;
  pgdat->kswapd_order = (int)order;
  pgdat->kswapd_highest_zoneidx = highest_zoneidx;
  if (kswapd_wake_hook) kswapd_wake_hook();
}

unsigned long kswapd_run(struct pglist_data *pgdat) {
  if (!pgdat->kswapd_awake) return 0;
  unsigned long freed = balance_pgdat(pgdat, pgdat->kswapd_highest_zoneidx);
  pgdat->kswapd_awake = false;
  return freed;
}
