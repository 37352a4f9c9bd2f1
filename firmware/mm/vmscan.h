/*
 * vmscan.h -- the LRU lists and page reclaim (Linux mm/swap.c, mm/vmscan.c,
 * mm/oom_kill.c).
 *
 *   zone->lruvec.lists[]:  inactive anon | active anon | inactive file | active file
 *
 *   new page --lru_cache_add--> inactive head
 *   inactive tail --shrink_inactive_list--> page_check_references:
 *       referenced PTEs, anon or PG_referenced already or >1 PTE -> active head (pgactivate)
 *       referenced PTEs once (file)                              -> inactive head, PG_referenced
 *       not referenced -> reclaim: anon: add_to_swap, try_to_unmap, swap_writepage,
 *                         out of the swap cache, freed (pgsteal)
 *   active tail --shrink_active_list--> A bit cleared; referenced executable file
 *       pages stay active, every other page -> inactive head (pgdeactivate)
 *   mark_page_accessed: inactive unreferenced -> PG_referenced; inactive
 *       referenced -> active (Linux's two-touch promotion)
 *
 * Who reclaims: kswapd (balance_pgdat) when a zone is below its low
 * watermark, until every zone is above its high watermark; the allocating
 * task (try_to_free_pages, direct reclaim) when the min-watermark pass of
 * the slow path fails; the OOM killer when reclaim makes no progress.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include <stdbool.h>

#include "gfp.h"
#include "mm.h"
#include "mmzone.h"

#define SWAP_CLUSTER_MAX 32ul /* pages scanned / reclaimed per batch (Linux's) */
#define DEF_PRIORITY 12       /* first pass scans lru_size >> 12 */
#define MAX_RECLAIM_RETRIES 16
#define PAGE_ALLOC_COSTLY_ORDER 3 /* above it, no OOM kill for the request (Linux's) */

/* Reclaim is running (Linux PF_MEMALLOC): its own allocations do not reclaim or OOM-kill. */
extern bool reclaim_in_progress;

/* Adds the new user page to its zone's inactive anon (PG_swapbacked) or file list. */
void lru_cache_add(struct page *page);

/* Takes `page` off its LRU list (it must be on one). */
void del_page_from_lru(struct page *page);

/* Linux's two-touch rule (see above); a page off the LRU only gets PG_referenced. */
void mark_page_accessed(struct page *page);

/* The LRU list of a page: anon or file by PG_swapbacked, active by PG_active. */
enum lru_list page_lru(const struct page *page);

/* Reclaim state of one pass (Linux struct scan_control). */
struct scan_control {
  unsigned long nr_to_reclaim;
  unsigned long nr_scanned;
  unsigned long nr_reclaimed;
  gfp_t gfp_mask;
  int priority;
  bool kswapd;      /* count pgscan_kswapd / pgsteal_kswapd, else _direct */
  bool may_swap;    /* anonymous pages may go to swap */
};

/*
 * Scans `nr_to_scan` pages from the tail of the inactive list `lru` of
 * `zone` and reclaims what the aging rules allow; returns pages freed.
 */
unsigned long shrink_inactive_list(unsigned long nr_to_scan, struct zone *zone,
                                   struct scan_control *sc, enum lru_list lru);

/* Moves up to `nr_to_scan` pages from the tail of the active list `lru` (aging; see above). */
void shrink_active_list(unsigned long nr_to_scan, struct zone *zone, struct scan_control *sc,
                        enum lru_list lru);

/* Linux inactive_is_low: the inactive list is smaller than active / inactive_ratio. */
bool inactive_is_low(struct zone *zone, enum lru_list inactive_lru);

/* One priority's scan of a zone (Linux shrink_lruvec). */
void shrink_zone(struct zone *zone, struct scan_control *sc);

/*
 * Direct reclaim: frees at least SWAP_CLUSTER_MAX pages if it can, from
 * priority DEF_PRIORITY down to 0 over the zones the request may use.
 * Returns the number of pages freed (0: no progress).
 */
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order);

/*
 * kswapd's work (Linux balance_pgdat): reclaims until every populated
 * zone up to `highest_zoneidx` is above its high watermark, or a pass at
 * priority 0 frees nothing.  Returns pages freed.
 */
unsigned long balance_pgdat(struct pglist_data *pgdat, int highest_zoneidx);

/*
 * Wakes kswapd for an allocation that fell below the low watermark: sets
 * the node's kswapd_awake and calls kswapd_wake_hook (the kernel's
 * kswapd thread; NULL on the host, where tests call kswapd_run).
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, unsigned int order, int highest_zoneidx);
extern void (*kswapd_wake_hook)(void);

/* One round of the kswapd thread: balance_pgdat if woken, then back to sleep.  Pages freed. */
unsigned long kswapd_run(struct pglist_data *pgdat);

/*
 * Called with true before and false after each shrink_inactive_list pass
 * (the kernel marks a simctl bench region there for make bench-reclaim;
 * NULL on the host).
 */
extern void (*reclaim_bench_hook)(bool begin);

/* Is some populated zone up to highest_zoneidx below its high watermark? */
bool pgdat_needs_reclaim(struct pglist_data *pgdat, int highest_zoneidx);

/* Counts of the reclaim decisions (the host tests check the aging rules by them). */
struct reclaim_stats {
  unsigned long activate_referenced; /* inactive page referenced: activated */
  unsigned long keep_referenced;     /* referenced once: kept inactive with PG_referenced */
  unsigned long keep_busy;           /* held elsewhere, unmap or write failed */
  unsigned long no_swap;             /* anonymous page, no swap slot */
};
extern struct reclaim_stats reclaim_stats;

/* ---- oom_kill.c ------------------------------------------------------------- */

/* One process the OOM killer may choose (the kernel's task list, through oom_ops). */
struct oom_candidate {
  int pid;
  const char *comm;
  struct mm_struct *mm;
  int oom_score_adj; /* -1000 .. 1000 */
  void *task;        /* the kernel's struct task_struct */
};

/*
 * The process side:
 *   next:  candidate number `i` (0, 1, ...) into *c; false past the last.
 *   kill:  SIGKILL `c`; true when its memory was freed now (Linux's
 *          oom_reaper), false when it is the allocating task (its memory
 *          goes when it exits after the failed allocation).
 */
struct oom_operations {
  bool (*next)(int i, struct oom_candidate *c);
  bool (*kill)(const struct oom_candidate *c);
};
extern const struct oom_operations *oom_ops;

/* Linux oom_badness: RSS + swap entries + page-table pages, adjusted; LONG_MIN when unkillable. */
long oom_badness(const struct oom_candidate *c, unsigned long totalpages);

/*
 * The OOM killer (Linux out_of_memory): picks the candidate with the
 * highest badness, prints "<comm> invoked oom-killer: gfp_mask=0x...(...),
 * order=N, oom_score_adj=0", the Mem-Info summary and "Out of memory:
 * Killed process <pid> (<comm>) total-vm:...kB, anon-rss:...kB,
 * file-rss:...kB, shmem-rss:...kB, UID:0 pgtables:...kB oom_score_adj:N",
 * and kills it.  Returns true when memory was freed for another try;
 * false when the victim is the allocating task itself (the allocation
 * fails), or (with "Out of memory and no killable processes...") when
 * nobody can be killed.
 */
bool out_of_memory(gfp_t gfp_mask, unsigned int order);

/* pid of the last process killed (0: none yet). */
extern int oom_last_killed_pid;

#endif /* MM_VMSCAN_H */
