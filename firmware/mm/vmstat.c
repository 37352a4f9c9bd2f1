/*
 * vmstat.c -- the Linux views of the buddy allocator, printed through
 * printk: /proc/buddyinfo and /proc/pagetypeinfo.
 */
#include "page_alloc.h"
#include "printk.h"

/*
 * Prints one line per populated zone, free blocks per order:
 *   Node 0, zone   Normal      1      0      1 ...     15
 */
void show_buddyinfo(void) {
  struct zone *zone;
  for_each_zone(zone) {
    if (!populated_zone(zone)) continue;
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
  for_each_zone(zone) {
    if (!populated_zone(zone)) continue;
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
  for_each_zone(zone) {
    if (!populated_zone(zone)) continue;
    printk("Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
    for (int mt = 0; mt < MIGRATE_TYPES; mt++)
      printk("%12lu ", count_pageblocks(zone, mt));
    printk("\n");
  }
}
