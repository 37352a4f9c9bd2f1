/*
 * mmzone.h -- nodes, zones, zonelists, free areas, migrate types,
 * pageblocks, per-CPU page lists and the vmstat items (Linux names).
 *
 *   contig_page_data (pg_data_t, node 0)
 *   +-- node_zones[ZONE_DMA]      "DMA"     first mm.zone_dma_bytes of DRAM
 *   +-- node_zones[ZONE_NORMAL]   "Normal"  the rest of lowmem (up to max_low_pfn)
 *   +-- node_zones[ZONE_HIGHMEM]  "HighMem" above max_low_pfn (no linear map)
 *   |     each: _watermark[MIN/LOW/HIGH], lowmem_reserve[], managed_pages,
 *   |           vm_stat[], pageblock_flags (migratetype per pageblock),
 *   |           pcp (count/high/batch, lists[MIGRATE_PCPTYPES]),
 *   |           free_area[0..MAX_ORDER-1].free_list[MIGRATE_TYPES]
 *   +-- node_zonelists[ZONELIST_FALLBACK]: HighMem -> Normal -> DMA
 *   +-- vm_stat[] (node items: slab, page tables ...)
 *
 * A page's zone is kept in the top ZONES_WIDTH bits of page->flags
 * (Linux's page_zonenum), so page_zone() needs no search.
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

/*
 * Migrate types.  The first MIGRATE_PCPTYPES have per-CPU lists and fall
 * back to one another; HIGHATOMIC pageblocks are reserved for high-order
 * atomic requests; CMA pageblocks serve movable requests only; ISOLATE
 * pageblocks are being taken (cma_alloc) and hand out nothing.
 */
enum migratetype {
  MIGRATE_UNMOVABLE,
  MIGRATE_MOVABLE,
  MIGRATE_RECLAIMABLE,
  MIGRATE_PCPTYPES, /* the types with a per-CPU list */
  MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
  MIGRATE_CMA,
  MIGRATE_ISOLATE,
  MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

static inline bool is_migrate_cma(int mt) { return mt == MIGRATE_CMA; }
static inline bool is_migrate_isolate(int mt) { return mt == MIGRATE_ISOLATE; }

/*
 * zone->pageblock_flags holds one byte per pageblock (Linux packs 4 bits
 * into a bitmap word; a byte makes the lookup on every order-0 free a
 * single load); the low bits hold the type.
 */
#define NR_PAGEBLOCK_BITS  8
#define PB_MIGRATETYPE_MASK 0x7u

struct free_area {
  struct list_head free_list[MIGRATE_TYPES];
  unsigned long nr_free; /* free blocks of this order, all types */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/* Per-zone counters (Linux enum zone_stat_item, /proc/zoneinfo). */
enum zone_stat_item {
  NR_FREE_PAGES,
  NR_ZONE_INACTIVE_ANON,
  NR_ZONE_ACTIVE_ANON,
  NR_ZONE_INACTIVE_FILE,
  NR_ZONE_ACTIVE_FILE,
  NR_ZONE_UNEVICTABLE,
  NR_ZONE_WRITE_PENDING,
  NR_MLOCK,
  NR_BOUNCE,
  NR_FREE_CMA_PAGES,
  NR_VM_ZONE_STAT_ITEMS
};

/* Per-node counters (Linux enum node_stat_item; slab in bytes). */
enum node_stat_item {
  NR_INACTIVE_ANON,
  NR_ACTIVE_ANON,
  NR_INACTIVE_FILE,
  NR_ACTIVE_FILE,
  NR_UNEVICTABLE,
  NR_SLAB_RECLAIMABLE_B,
  NR_SLAB_UNRECLAIMABLE_B,
  NR_FILE_PAGES,
  NR_ANON_MAPPED,
  NR_KERNEL_STACK_KB,
  NR_PAGETABLE, /* page-table pages (pte_alloc_kernel) */
  NR_FILE_MAPPED, /* page-cache pages mapped by user PTEs (meminfo Mapped) */
  NR_FILE_DIRTY,  /* dirty page-cache pages (meminfo Dirty) */
  NR_WRITEBACK,   /* pages under writeback (meminfo Writeback) */
  NR_SWAPCACHE,   /* pages in the swap cache (meminfo SwapCached) */
  NR_VM_NODE_STAT_ITEMS
};

/* Order-0 pages cached for the (single) CPU. */
struct per_cpu_pages {
  int count; /* pages on all lists */
  int high;  /* drain `batch` pages to the buddy when count reaches this */
  int batch; /* pages moved per refill / drain */
  struct list_head lists[MIGRATE_PCPTYPES];
};

enum zone_type { ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM, MAX_NR_ZONES };

/* The zone a page lives in, stored in the top bits of page->flags. */
#define ZONES_WIDTH   2
#define ZONES_PGSHIFT (sizeof(unsigned long) * 8 - ZONES_WIDTH)
#define ZONES_MASK    ((1ul << ZONES_WIDTH) - 1)

struct pglist_data;

/* The LRU lists (Linux enum lru_list; the order of the NR_*_ANON/FILE counters). */
enum lru_list {
  LRU_INACTIVE_ANON,
  LRU_ACTIVE_ANON,
  LRU_INACTIVE_FILE,
  LRU_ACTIVE_FILE,
  NR_LRU_LISTS
};
#define LRU_ACTIVE 1 /* added to an inactive list: its active one */
#define LRU_FILE 2   /* added to an anon list: the file one */
static inline bool is_file_lru(enum lru_list lru) { return lru >= LRU_INACTIVE_FILE; }
static inline bool is_active_lru(enum lru_list lru) { return lru & LRU_ACTIVE; }

/* A zone's LRU lists (Linux keeps them per node since 4.8; per zone as before, here). */
struct lruvec {
  struct list_head lists[NR_LRU_LISTS]; /* head = most recently added */
  unsigned long nr[NR_LRU_LISTS];
};

struct zone {
  unsigned long _watermark[NR_WMARK];
  /* pages kept free for requests that may not use higher zones (by their highest zone) */
  unsigned long lowmem_reserve[MAX_NR_ZONES];
  struct per_cpu_pages pcp;
  struct pglist_data *zone_pgdat;
  unsigned char *pageblock_flags;   /* one byte per pageblock, from memblock */
  unsigned long pageblock_base_pfn; /* pfn of pageblock_flags[0] (zone start rounded down) */
  struct page *pageblock_base_page; /* its struct page (mem_map + base - ARCH_PFN_OFFSET) */
  unsigned long zone_start_pfn;
  unsigned long spanned_pages;    /* pfns from start to end, holes included */
  unsigned long present_pages;    /* pfns backed by memblock.memory */
  unsigned long managed_pages;    /* pages handed to the buddy */
  unsigned long cma_pages;        /* of those, in MIGRATE_CMA pageblocks */
  unsigned long nr_reserved_highatomic; /* pages in MIGRATE_HIGHATOMIC pageblocks */
  unsigned long nr_isolate_pageblock;   /* pageblocks now MIGRATE_ISOLATE */
  const char *name;
  struct free_area free_area[MAX_ORDER];
  unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
  struct lruvec lruvec;             /* user pages (vmscan.h) */
  unsigned long nr_fallback;        /* __rmqueue_fallback successes */
  unsigned long nr_pageblock_steal; /* pageblocks that changed type */
};

/* One entry of a zonelist: a zone and its index (Linux struct zoneref). */
struct zoneref {
  struct zone *zone;
  int zone_idx;
};

/* Zones to try, highest first, NULL-terminated (Linux struct zonelist). */
struct zonelist {
  struct zoneref _zonerefs[MAX_NR_ZONES + 1];
};

enum { ZONELIST_FALLBACK, MAX_ZONELISTS };

typedef struct pglist_data {
  struct zone node_zones[MAX_NR_ZONES];
  struct zonelist node_zonelists[MAX_ZONELISTS];
  int nr_zones;
  int node_id;
  unsigned long node_start_pfn;
  unsigned long node_spanned_pages;
  unsigned long node_present_pages;
  unsigned long vm_stat[NR_VM_NODE_STAT_ITEMS];
  bool kswapd_awake; /* a wakeup was noted and the node is not balanced yet */
  int kswapd_order;  /* order of the request that woke it */
  int kswapd_highest_zoneidx;
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
static inline bool managed_zone(const struct zone *zone) {
  return zone->managed_pages != 0;
}
static inline int zone_idx(const struct zone *zone) {
  return (int)(zone - zone->zone_pgdat->node_zones);
}
static inline bool is_highmem_idx(int idx) { return idx == ZONE_HIGHMEM; }
static inline bool is_highmem(const struct zone *zone) {
  return is_highmem_idx(zone_idx(zone));
}
static inline unsigned long zone_managed_pages(const struct zone *zone) {
  return zone->managed_pages;
}
static inline unsigned long zone_page_state(const struct zone *zone,
                                            enum zone_stat_item item) {
  return zone->vm_stat[item];
}
static inline unsigned long node_page_state(const struct pglist_data *pgdat,
                                            enum node_stat_item item) {
  return pgdat->vm_stat[item];
}
static inline unsigned long min_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_MIN]; }
static inline unsigned long low_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_LOW]; }
static inline unsigned long high_wmark_pages(const struct zone *z) { return z->_watermark[WMARK_HIGH]; }
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w) {
  return z->_watermark[w];
}

/* for_each_zone(zone): every zone of node 0. */
#define for_each_zone(zone)                                       \
  for ((zone) = contig_page_data.node_zones;                      \
       (zone) < contig_page_data.node_zones + MAX_NR_ZONES; (zone)++)

/* for_each_populated_zone(zone): the zones with present pages. */
#define for_each_populated_zone(zone) \
  for_each_zone(zone) if (!populated_zone(zone)) {} else

/* The zone spanning `pfn`, or NULL. */
struct zone *pfn_zone(unsigned long pfn);

/* Index of the zone of `page` (set when mem_map is built). */
static inline int page_zonenum(const struct page *page) {
  return (int)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

/* Records `zone` as the zone of `page`. */
static inline void set_page_zone(struct page *page, int zone) {
  page->flags = (page->flags & ~(ZONES_MASK << ZONES_PGSHIFT)) |
                ((unsigned long)zone << ZONES_PGSHIFT);
}

/* The zone of `page` (a page of mem_map). */
static inline struct zone *page_zone(const struct page *page) {
  return &contig_page_data.node_zones[page_zonenum(page)];
}

/* True for a page above max_low_pfn (no linear-map address). */
static inline bool PageHighMem(const struct page *page) {
  return is_highmem_idx(page_zonenum(page));
}

/* Migrate type of the pageblock holding `pfn` (which `page` describes). */
static inline int get_pfnblock_migratetype(const struct page *page,
                                           unsigned long pfn) {
  (void)pfn;
  const struct zone *zone = page_zone(page);
  unsigned long block;
  if ((sizeof(struct page) & (sizeof(struct page) - 1)) == 0) /* a power of two: one shift */
    block = ((uintptr_t)page - (uintptr_t)zone->pageblock_base_page) >>
            (__builtin_ctz(sizeof(struct page)) + pageblock_order);
  else
    block = (unsigned long)(page - zone->pageblock_base_page) >> pageblock_order;
  return (int)(zone->pageblock_flags[block] & PB_MIGRATETYPE_MASK);
}
static inline int get_pageblock_migratetype(const struct page *page) {
  return get_pfnblock_migratetype(page, page_to_pfn(page));
}

/* Sets the migrate type of the pageblock holding `page`. */
void set_pageblock_migratetype(struct page *page, int migratetype);

/* Adds `delta` to a zone / node counter (Linux mod_*_page_state). */
static inline void mod_zone_page_state(struct zone *zone,
                                       enum zone_stat_item item, long delta) {
  zone->vm_stat[item] += (unsigned long)delta;
}
static inline void mod_node_page_state(struct pglist_data *pgdat,
                                       enum node_stat_item item, long delta) {
  pgdat->vm_stat[item] += (unsigned long)delta;
}
/* Node counter by page: the page's node (one node here). */
static inline void mod_lruvec_page_state(const struct page *page,
                                         enum node_stat_item item, long delta) {
  (void)page;
  mod_node_page_state(NODE_DATA(0), item, delta);
}

/* Sum of a zone counter over all zones (Linux global_zone_page_state). */
unsigned long global_zone_page_state(enum zone_stat_item item);
/* A node counter of node 0 (Linux global_node_page_state). */
static inline unsigned long global_node_page_state(enum node_stat_item item) {
  return node_page_state(NODE_DATA(0), item);
}

#endif /* MM_MMZONE_H */
