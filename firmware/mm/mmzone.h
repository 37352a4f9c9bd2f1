/*
 * mmzone.h -- nodes, zones, free areas, migrate types, pageblocks and the
 * per-CPU page lists of the buddy allocator (Linux names).
 *
 *   contig_page_data (pg_data_t, node 0)
 *   +-- node_zones[ZONE_NORMAL] (struct zone "Normal")
 *       +-- _watermark[WMARK_MIN/LOW/HIGH], managed_pages, vm_stat[NR_FREE_PAGES]
 *       +-- pageblock_flags: NR_PAGEBLOCK_BITS per pageblock (its migratetype)
 *       +-- pcp: count/high/batch, lists[MIGRATE_PCPTYPES] of order-0 pages
 *       +-- free_area[0..MAX_ORDER-1]
 *             nr_free
 *             free_list[MIGRATE_UNMOVABLE] <-> page <-> page ...
 *             free_list[MIGRATE_MOVABLE]   <-> page ...
 *             free_list[MIGRATE_RECLAIMABLE]
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include "list.h"
#include "mm_types.h"
#include "page.h"

/* Orders 0 .. MAX_ORDER - 1: the largest block is 2^10 pages = 4 MiB. */
#define MAX_ORDER 11
#define MAX_ORDER_NR_PAGES (1ul << (MAX_ORDER - 1))

/*
 * The unit of migrate-type grouping.  Linux uses the huge page order (on
 * Sv32 a 4 MiB megapage, order 10), capped at MAX_ORDER - 1: here both
 * give 10, so a pageblock is exactly one largest buddy block and the
 * 64 MiB default DRAM has 16 pageblocks.
 */
#define pageblock_order    (MAX_ORDER - 1)
#define pageblock_nr_pages (1ul << pageblock_order)

enum migratetype {
  MIGRATE_UNMOVABLE,
  MIGRATE_MOVABLE,
  MIGRATE_RECLAIMABLE,
  MIGRATE_PCPTYPES, /* the types with a per-CPU list */
  MIGRATE_TYPES = MIGRATE_PCPTYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

/* Bits per pageblock in zone->pageblock_flags; the low ones hold the type. */
#define NR_PAGEBLOCK_BITS  4
#define PB_MIGRATETYPE_MASK 0x7ul

struct free_area {
  struct list_head free_list[MIGRATE_TYPES];
  unsigned long nr_free; /* free blocks of this order, all types */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

enum zone_stat_item { NR_FREE_PAGES, NR_VM_ZONE_STAT_ITEMS };

/* Order-0 pages cached for the (single) CPU. */
struct per_cpu_pages {
  int count; /* pages on all lists */
  int high;  /* drain `batch` pages to the buddy when count reaches this */
  int batch; /* pages moved per refill / drain */
  struct list_head lists[MIGRATE_PCPTYPES];
};

enum zone_type { ZONE_NORMAL, MAX_NR_ZONES };

struct pglist_data;

struct zone {
  unsigned long _watermark[NR_WMARK];
  struct per_cpu_pages pcp;
  struct pglist_data *zone_pgdat;
  unsigned long *pageblock_flags; /* from memblock */
  unsigned long zone_start_pfn;
  unsigned long spanned_pages;    /* pfns from start to end, holes included */
  unsigned long present_pages;    /* pfns backed by memblock.memory */
  unsigned long managed_pages;    /* pages handed to the buddy */
  const char *name;
  struct free_area free_area[MAX_ORDER];
  unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
  unsigned long nr_fallback;        /* __rmqueue_fallback successes */
  unsigned long nr_pageblock_steal; /* pageblocks that changed type */
};

typedef struct pglist_data {
  struct zone node_zones[MAX_NR_ZONES];
  int nr_zones;
  int node_id;
  unsigned long node_start_pfn;
  unsigned long node_spanned_pages;
  unsigned long node_present_pages;
} pg_data_t;

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)

static inline unsigned long zone_end_pfn(const struct zone *zone) {
  return zone->zone_start_pfn + zone->spanned_pages;
}
static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn) {
  return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}
static inline bool populated_zone(const struct zone *zone) {
  return zone->present_pages != 0;
}
static inline unsigned long zone_page_state(const struct zone *zone,
                                            enum zone_stat_item item) {
  return zone->vm_stat[item];
}
static inline unsigned long min_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_MIN]; }
static inline unsigned long low_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_LOW]; }
static inline unsigned long high_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_HIGH]; }

/* for_each_zone(zone): every zone of node 0. */
#define for_each_zone(zone)                                       \
  for ((zone) = contig_page_data.node_zones;                      \
       (zone) < contig_page_data.node_zones + MAX_NR_ZONES; (zone)++)

/* The zone spanning `pfn`, or NULL. */
struct zone *pfn_zone(unsigned long pfn);

/* The zone of `page`, or NULL for a page outside every zone. */
static inline struct zone *page_zone(const struct page *page) {
  return pfn_zone(page_to_pfn(page));
}

/* Migrate type of the pageblock holding `pfn` (which `page` describes). */
int get_pfnblock_migratetype(const struct page *page, unsigned long pfn);
static inline int get_pageblock_migratetype(const struct page *page) {
  return get_pfnblock_migratetype(page, page_to_pfn(page));
}

/* Sets the migrate type of the pageblock holding `page`. */
void set_pageblock_migratetype(struct page *page, int migratetype);

#endif /* MM_MMZONE_H */
