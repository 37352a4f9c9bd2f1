/*
 * vmstat.h -- event counters (Linux vm_event_item, /proc/vmstat) and the
 * Linux views of the page allocator printed by vmstat.c.
 *
 * Zone and node counters (NR_FREE_PAGES, NR_SLAB_*_B, NR_PAGETABLE ...)
 * live in mmzone.h with mod_zone_page_state / mod_node_page_state.
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#include "mmzone.h"

/* Events; PGALLOC_* and ALLOCSTALL_* have one item per zone. */
enum vm_event_item {
  PGALLOC_DMA,
  PGALLOC_NORMAL,
  PGALLOC_HIGH,
  ALLOCSTALL_DMA,
  ALLOCSTALL_NORMAL,
  ALLOCSTALL_HIGH,
  PGFREE,
  KSWAPD_WAKE,       /* ours: a wakeup_kswapd that would have woken kswapd */
  PGALLOC_FAIL,      /* ours: alloc_pages returned NULL */
  PGFAULT,           /* user page faults handled (handle_mm_fault) */
  PGMAJFAULT,        /* of those, read from swap */
  PSWPIN,            /* pages read from swap */
  PSWPOUT,           /* pages written to swap */
  PGACTIVATE,        /* pages moved to an active list */
  PGDEACTIVATE,      /* pages moved from an active to an inactive list */
  PGREFILL,          /* active-list pages scanned */
  PGSTEAL_KSWAPD,    /* pages reclaimed by kswapd */
  PGSTEAL_DIRECT,    /* pages reclaimed by direct reclaim */
  PGSCAN_KSWAPD,     /* inactive pages scanned by kswapd */
  PGSCAN_DIRECT,     /* inactive pages scanned by direct reclaim */
  OOM_KILL,          /* processes the OOM killer killed */
  NR_VM_EVENT_ITEMS
};

extern unsigned long vm_event_states[NR_VM_EVENT_ITEMS];

/* Linux count_vm_event(s) / __count_zid_vm_events. */
static inline void count_vm_events(enum vm_event_item item, unsigned long delta) {
  vm_event_states[item] += delta;
}
static inline void count_vm_event(enum vm_event_item item) {
  count_vm_events(item, 1);
}
#define __count_zid_vm_events(item, zid, delta) \
  count_vm_events((enum vm_event_item)(item##_NORMAL - ZONE_NORMAL + (zid)), (delta))

/* Zeroes every zone, node and event counter (boot). */
void vmstat_reset(void);

/*
 * VmallocTotal / VmallocUsed for meminfo, in pages.  The defaults here
 * are weak and return 0; vmalloc.c overrides them.
 */
unsigned long vmalloc_nr_pages(void);
unsigned long vmalloc_total_pages(void);

/* Prints /proc/zoneinfo for every populated zone (Linux's layout). */
void show_zoneinfo(void);

/* Prints /proc/meminfo (Linux's layout, kB). */
void show_meminfo(void);

/* Prints /proc/vmstat: "name value" per zone, node and event counter. */
void show_vmstat(void);

/*
 * Prints the show_free_areas summary of an allocation failure: node and
 * zone free/min/low/high per zone and the free blocks per order.
 */
void show_free_areas(void);

/* The MemAvailable estimate of meminfo (Linux si_mem_available), pages. */
unsigned long si_mem_available(void);

#endif /* MM_VMSTAT_H */
