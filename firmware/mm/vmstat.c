/*
 * vmstat.c -- the counters of the page allocator and its Linux views,
 * printed through printk: /proc/buddyinfo, /proc/pagetypeinfo,
 * /proc/zoneinfo, /proc/meminfo, /proc/vmstat, and the show_free_areas
 * summary of an allocation failure.
 */
#include "cma.h"
#include "internal.h"
#include "page_alloc.h"
#include "printk.h"
#include "swap.h"
#include "vmstat.h"

unsigned long vm_event_states[NR_VM_EVENT_ITEMS];

#define K(pages) ((pages) << (PAGE_SHIFT - KB_SHIFT)) /* pages -> KiB */

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
    "nr_free_pages",         "nr_zone_inactive_anon", "nr_zone_active_anon",
    "nr_zone_inactive_file", "nr_zone_active_file",   "nr_zone_unevictable",
    "nr_zone_write_pending", "nr_mlock",              "nr_bounce",
    "nr_free_cma"};

static const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
    "nr_inactive_anon",    "nr_active_anon",        "nr_inactive_file",
    "nr_active_file",      "nr_unevictable",        "nr_slab_reclaimable",
    "nr_slab_unreclaimable", "nr_file_pages",       "nr_anon_pages",
    "nr_kernel_stack",     "nr_page_table_pages",   "nr_mapped",
    "nr_dirty",            "nr_writeback",          "nr_swapcached"};

static const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
    "pgalloc_dma",     "pgalloc_normal",    "pgalloc_high",
    "allocstall_dma",  "allocstall_normal", "allocstall_high",
    "pgfree",          "kswapd_wake",       "pgalloc_fail",
    "pgfault",         "pgmajfault",        "pswpin",
    "pswpout",         "pgactivate",        "pgdeactivate",
    "pgrefill",        "pgsteal_kswapd",    "pgsteal_direct",
    "pgscan_kswapd",   "pgscan_direct",     "oom_kill"};

/* See vmstat.h. */
void vmstat_reset(void) {
  for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) vm_event_states[i] = 0;
  for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) NODE_DATA(0)->vm_stat[i] = 0;
  struct zone *zone;
  for_each_zone(zone)
    for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) zone->vm_stat[i] = 0;
}

/* See mmzone.h. */
unsigned long global_zone_page_state(enum zone_stat_item item) {
  unsigned long sum = 0;
  const struct zone *zone;
  for_each_zone(zone) sum += zone_page_state(zone, item);
  return sum;
}

/* A node counter in pages (the *_B slab counters are kept in bytes). */
static unsigned long node_page_state_pages(enum node_stat_item item) {
  unsigned long v = global_node_page_state(item);
  if (item == NR_SLAB_RECLAIMABLE_B || item == NR_SLAB_UNRECLAIMABLE_B)
    return v >> PAGE_SHIFT;
  return v;
}

/* Weak defaults until vmalloc.c provides the real ones. */
__attribute__((weak)) unsigned long vmalloc_nr_pages(void) { return 0; }
__attribute__((weak)) unsigned long vmalloc_total_pages(void) { return 0; }

/* Names of gfp bits, composites first (Linux __def_gfpflag_names order). */
static const struct {
  gfp_t mask;
  const char *name;
} gfpflag_names[] = {
    {GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE"},
    {GFP_HIGHUSER, "GFP_HIGHUSER"},
    {GFP_USER, "GFP_USER"},
    {GFP_KERNEL, "GFP_KERNEL"},
    {GFP_NOFS, "GFP_NOFS"},
    {GFP_ATOMIC, "GFP_ATOMIC"},
    {GFP_NOIO, "GFP_NOIO"},
    {GFP_NOWAIT, "GFP_NOWAIT"},
    {GFP_DMA, "GFP_DMA"},
    {__GFP_HIGHMEM, "__GFP_HIGHMEM"},
    {__GFP_HIGH, "__GFP_HIGH"},
    {__GFP_ATOMIC, "__GFP_ATOMIC"},
    {__GFP_IO, "__GFP_IO"},
    {__GFP_FS, "__GFP_FS"},
    {__GFP_NOWARN, "__GFP_NOWARN"},
    {__GFP_NORETRY, "__GFP_NORETRY"},
    {__GFP_ZERO, "__GFP_ZERO"},
    {__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"},
    {__GFP_HARDWALL, "__GFP_HARDWALL"},
    {__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"},
    {__GFP_MOVABLE, "__GFP_MOVABLE"},
    {__GFP_RECLAIM, "__GFP_RECLAIM"},
    {__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"},
    {__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"},
};

/* Appends `s` to buf[*n] within `size` (NUL kept). */
static void append(char *buf, unsigned long size, unsigned long *n, const char *s) {
  while (*s && *n + 1 < size) buf[(*n)++] = *s++;
  buf[*n] = '\0';
}

/* See internal.h. */
void format_gfp_flags(char *buf, unsigned long size, gfp_t gfp) {
  unsigned long n = 0;
  buf[0] = '\0';
  for (unsigned i = 0; i < sizeof(gfpflag_names) / sizeof(gfpflag_names[0]); i++) {
    gfp_t mask = gfpflag_names[i].mask;
    if ((gfp & mask) != mask) continue;
    if (n) append(buf, size, &n, "|");
    append(buf, size, &n, gfpflag_names[i].name);
    gfp &= ~mask;
  }
  if (gfp) {
    char hex[12];
    int d = 0;
    hex[d++] = '0';
    hex[d++] = 'x';
    bool started = false;
    for (int shift = 28; shift >= 0; shift -= 4) {
      unsigned digit = (gfp >> shift) & 0xfu;
      if (!digit && !started && shift) continue;
      started = true;
      hex[d++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
    }
    hex[d] = '\0';
    if (n) append(buf, size, &n, "|");
    append(buf, size, &n, hex);
  }
}

/*
 * Prints one line per populated zone, free blocks per order:
 *   Node 0, zone   Normal      1      0      1 ...     15
 */
void show_buddyinfo(void) {
  struct zone *zone;
  for_each_populated_zone(zone) {
    printk("Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
    for (unsigned int order = 0; order < MAX_ORDER; order++)
      printk("%6lu ", zone->free_area[order].nr_free);
    printk("\n");
  }
}

/* Pageblocks of `zone` whose type is `migratetype`. */
static unsigned long count_pageblocks(const struct zone *zone, int migratetype) {
  unsigned long n = 0;
  for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
       pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages)
    if (get_pfnblock_migratetype(pfn_to_page(pfn), pfn) == migratetype) n++;
  return n;
}

/*
 * Prints the pageblock size, then free blocks per order per migrate type,
 * then the number of pageblocks of each type, in Linux's layout.
 */
void show_pagetypeinfo(void) {
  struct zone *zone;
  printk("Page block order: %d\n", pageblock_order);
  printk("Pages per block:  %lu\n", pageblock_nr_pages);
  printk("\n");
  printk("%-43s ", "Free pages count per migrate type at order");
  for (unsigned int order = 0; order < MAX_ORDER; order++)
    printk("%6u ", order);
  printk("\n");
  for_each_populated_zone(zone) {
    for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
      printk("Node %4d, zone %8s, type %12s ", zone->zone_pgdat->node_id,
             zone->name, migratetype_names[mt]);
      for (unsigned int order = 0; order < MAX_ORDER; order++)
        printk("%6lu ", free_list_count(zone, order, mt));
      printk("\n");
    }
  }
  printk("\n%-23s", "Number of blocks type ");
  for (int mt = 0; mt < MIGRATE_TYPES; mt++)
    printk("%12s ", migratetype_names[mt]);
  printk("\n");
  for_each_populated_zone(zone) {
    printk("Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
    for (int mt = 0; mt < MIGRATE_TYPES; mt++)
      printk("%12lu ", count_pageblocks(zone, mt));
    printk("\n");
  }
}

/*
 * Prints /proc/zoneinfo (Linux zoneinfo_show_print): every zone, the node
 * counters before the first populated one; unpopulated zones stop after
 * their protection line.  Lines Linux prints for state this kernel does
 * not have (vm stats threshold, node_unreclaimable) are left out.
 */
void show_zoneinfo(void) {
  const struct pglist_data *pgdat = NODE_DATA(0);
  bool node_printed = false;
  const struct zone *zone;
  for_each_zone(zone) {
    printk("Node %d, zone %8s", pgdat->node_id, zone->name);
    if (populated_zone(zone) && !node_printed) {
      node_printed = true;
      printk("\n  per-node stats");
      for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
        printk("\n      %-12s %lu", node_stat_names[i],
               node_page_state_pages((enum node_stat_item)i));
    }
    printk("\n  pages free     %lu"
           "\n        boost    0"
           "\n        min      %lu"
           "\n        low      %lu"
           "\n        high     %lu"
           "\n        spanned  %lu"
           "\n        present  %lu"
           "\n        managed  %lu"
           "\n        cma      %lu",
           zone_page_state(zone, NR_FREE_PAGES), min_wmark_pages(zone),
           low_wmark_pages(zone), high_wmark_pages(zone), zone->spanned_pages,
           zone->present_pages, zone->managed_pages, zone->cma_pages);
    printk("\n        protection: (%lu", zone->lowmem_reserve[0]);
    for (int i = 1; i < MAX_NR_ZONES; i++) printk(", %lu", zone->lowmem_reserve[i]);
    printk(")");
    if (!populated_zone(zone)) {
      printk("\n");
      continue;
    }
    for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
      printk("\n      %-12s %lu", zone_stat_names[i],
             zone_page_state(zone, (enum zone_stat_item)i));
    printk("\n  pagesets"
           "\n    cpu: 0"
           "\n              count: %d"
           "\n              high:  %d"
           "\n              batch: %d",
           zone->pcp.count, zone->pcp.high, zone->pcp.batch);
    printk("\n  start_pfn:           %lu\n", zone->zone_start_pfn);
  }
}

/* See vmstat.h (Linux si_mem_available; no page cache yet). */
unsigned long si_mem_available(void) {
  unsigned long wmark_low = 0;
  const struct zone *zone;
  for_each_zone(zone) wmark_low += low_wmark_pages(zone);
  long available = (long)global_zone_page_state(NR_FREE_PAGES) - (long)totalreserve_pages;
  unsigned long pagecache = node_page_state_pages(NR_ACTIVE_FILE) +
                            node_page_state_pages(NR_INACTIVE_FILE);
  pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
  available += (long)pagecache;
  unsigned long reclaimable = node_page_state_pages(NR_SLAB_RECLAIMABLE_B);
  available += (long)(reclaimable - (reclaimable / 2 < wmark_low ? reclaimable / 2 : wmark_low));
  return available < 0 ? 0 : (unsigned long)available;
}

/* One meminfo line: the name padded to 16 columns, kB right-aligned in 8. */
static void show_val_kb(const char *name, unsigned long pages) {
  printk("%-16s%8lu kB\n", name, K(pages));
}

/* Prints /proc/meminfo (the lines this kernel has numbers for). */
void show_meminfo(void) {
  unsigned long total = 0, high_total = 0, high_free = 0;
  const struct zone *zone;
  for_each_zone(zone) {
    total += zone->managed_pages;
    if (is_highmem(zone)) {
      high_total += zone->managed_pages;
      high_free += zone_page_state(zone, NR_FREE_PAGES);
    }
  }
  unsigned long free = global_zone_page_state(NR_FREE_PAGES);
  unsigned long sreclaimable = node_page_state_pages(NR_SLAB_RECLAIMABLE_B);
  unsigned long sunreclaim = node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B);
  show_val_kb("MemTotal:", total);
  show_val_kb("MemFree:", free);
  show_val_kb("MemAvailable:", si_mem_available());
  show_val_kb("Buffers:", 0);
  show_val_kb("Cached:", node_page_state_pages(NR_FILE_PAGES));
  show_val_kb("SwapCached:", node_page_state_pages(NR_SWAPCACHE));
  show_val_kb("Active:", node_page_state_pages(NR_ACTIVE_ANON) +
                             node_page_state_pages(NR_ACTIVE_FILE));
  show_val_kb("Inactive:", node_page_state_pages(NR_INACTIVE_ANON) +
                               node_page_state_pages(NR_INACTIVE_FILE));
  show_val_kb("Active(anon):", node_page_state_pages(NR_ACTIVE_ANON));
  show_val_kb("Inactive(anon):", node_page_state_pages(NR_INACTIVE_ANON));
  show_val_kb("Active(file):", node_page_state_pages(NR_ACTIVE_FILE));
  show_val_kb("Inactive(file):", node_page_state_pages(NR_INACTIVE_FILE));
  show_val_kb("Unevictable:", node_page_state_pages(NR_UNEVICTABLE));
  show_val_kb("Mlocked:", global_zone_page_state(NR_MLOCK));
  show_val_kb("HighTotal:", high_total);
  show_val_kb("HighFree:", high_free);
  show_val_kb("LowTotal:", total - high_total);
  show_val_kb("LowFree:", free - high_free);
  show_val_kb("SwapTotal:", total_swap_pages);
  show_val_kb("SwapFree:", nr_swap_pages);
  show_val_kb("Dirty:", node_page_state_pages(NR_FILE_DIRTY));
  show_val_kb("Writeback:", node_page_state_pages(NR_WRITEBACK));
  show_val_kb("AnonPages:", node_page_state_pages(NR_ANON_MAPPED));
  show_val_kb("Mapped:", node_page_state_pages(NR_FILE_MAPPED));
  show_val_kb("KReclaimable:", sreclaimable);
  show_val_kb("Slab:", sreclaimable + sunreclaim);
  show_val_kb("SReclaimable:", sreclaimable);
  show_val_kb("SUnreclaim:", sunreclaim);
  printk("%-16s%8lu kB\n", "KernelStack:", global_node_page_state(NR_KERNEL_STACK_KB));
  show_val_kb("PageTables:", node_page_state_pages(NR_PAGETABLE));
  show_val_kb("Bounce:", global_zone_page_state(NR_BOUNCE));
  show_val_kb("VmallocTotal:", vmalloc_total_pages());
  show_val_kb("VmallocUsed:", vmalloc_nr_pages());
  show_val_kb("CmaTotal:", totalcma_pages);
  show_val_kb("CmaFree:", global_zone_page_state(NR_FREE_CMA_PAGES));
}

/* Prints /proc/vmstat: zone counters, node counters, events. */
void show_vmstat(void) {
  for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
    printk("%s %lu\n", zone_stat_names[i],
           global_zone_page_state((enum zone_stat_item)i));
  for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
    printk("%s %lu\n", node_stat_names[i], node_page_state_pages((enum node_stat_item)i));
  for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
    printk("%s %lu\n", vm_event_names[i], vm_event_states[i]);
}

/* Letters of Linux's show_migration_types, by migrate type. */
static const char migratetype_letters[MIGRATE_TYPES] = {'U', 'M', 'E', 'H', 'C', 'I'};

/* See vmstat.h (Linux show_free_areas, the lines this kernel has). */
void show_free_areas(void) {
  unsigned long free_pcp = 0;
  const struct zone *zone;
  for_each_populated_zone(zone) free_pcp += (unsigned long)zone->pcp.count;
  printk("Mem-Info:\n");
  printk("active_anon:%lu inactive_anon:%lu isolated_anon:0\n",
         node_page_state_pages(NR_ACTIVE_ANON), node_page_state_pages(NR_INACTIVE_ANON));
  printk(" active_file:%lu inactive_file:%lu isolated_file:0\n",
         node_page_state_pages(NR_ACTIVE_FILE), node_page_state_pages(NR_INACTIVE_FILE));
  printk(" unevictable:%lu dirty:0 writeback:0\n", node_page_state_pages(NR_UNEVICTABLE));
  printk(" slab_reclaimable:%lu slab_unreclaimable:%lu\n",
         node_page_state_pages(NR_SLAB_RECLAIMABLE_B),
         node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B));
  printk(" mapped:0 shmem:0 pagetables:%lu bounce:%lu\n",
         node_page_state_pages(NR_PAGETABLE), global_zone_page_state(NR_BOUNCE));
  printk(" free:%lu free_pcp:%lu free_cma:%lu\n", global_zone_page_state(NR_FREE_PAGES),
         free_pcp, global_zone_page_state(NR_FREE_CMA_PAGES));
  for_each_populated_zone(zone) {
    printk("%s free:%lukB min:%lukB low:%lukB high:%lukB reserved_highatomic:%luKB "
           "present:%lukB managed:%lukB free_pcp:%lukB free_cma:%lukB\n",
           zone->name, K(zone_page_state(zone, NR_FREE_PAGES)),
           K(min_wmark_pages(zone)), K(low_wmark_pages(zone)),
           K(high_wmark_pages(zone)), K(zone->nr_reserved_highatomic),
           K(zone->present_pages), K(zone->managed_pages),
           K((unsigned long)zone->pcp.count),
           K(zone_page_state(zone, NR_FREE_CMA_PAGES)));
    printk("lowmem_reserve[]:");
    for (int i = 0; i < MAX_NR_ZONES; i++) printk(" %lu", zone->lowmem_reserve[i]);
    printk("\n");
  }
  for_each_populated_zone(zone) {
    unsigned long total = 0;
    printk("%s: ", zone->name);
    for (unsigned int order = 0; order < MAX_ORDER; order++) {
      unsigned long nr = zone->free_area[order].nr_free;
      printk("%lu*%lukB ", nr, K(1ul) << order);
      total += nr << order;
      if (!nr) continue;
      char types[MIGRATE_TYPES + 1];
      int n = 0;
      for (int mt = 0; mt < MIGRATE_TYPES; mt++)
        if (!list_empty(&zone->free_area[order].free_list[mt]))
          types[n++] = migratetype_letters[mt];
      types[n] = '\0';
      printk("(%s) ", types);
    }
    printk("= %lukB\n", K(total));
  }
}
