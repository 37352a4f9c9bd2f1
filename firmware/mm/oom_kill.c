/*
 * oom_kill.c -- the OOM killer (Linux mm/oom_kill.c): when reclaim makes
 * no progress, the process with the highest badness (resident pages,
 * swap entries and page-table pages, adjusted by oom_score_adj) is
 * killed and its memory freed.  The process list belongs to the kernel
 * (firmware/kernel); it is reached through oom_ops.
 */
#include "vmscan.h"

#include <limits.h>

#include "internal.h"
#include "page_alloc.h"
#include "printk.h"
#include "vmstat.h"

const struct oom_operations *oom_ops;
int oom_last_killed_pid;

#define OOM_SCORE_ADJ_MIN (-1000)

/* Page-table pages of `mm`: its pgd and the PTE tables under its user half. */
static unsigned long mm_pgtables_pages(const struct mm_struct *mm) {
  unsigned long n = 1;
  for (unsigned long i = 0; i < pgd_index(PAGE_OFFSET); i++)
    if (!pgd_none(mm->pgd[i])) n++;
  return n;
}

long oom_badness(const struct oom_candidate *c, unsigned long totalpages) {
  if (!c->mm || c->oom_score_adj == OOM_SCORE_ADJ_MIN) return LONG_MIN;
  long points = (long)get_mm_rss(c->mm) + get_mm_counter(c->mm, MM_SWAPENTS) +
                (long)mm_pgtables_pages(c->mm);
  points += (long)c->oom_score_adj * (long)(totalpages / 1000);
  return points;
}

static unsigned long total_pages(void) {
  unsigned long n = 0;
  const struct zone *zone;
  for_each_zone(zone) n += zone->managed_pages;
  return n;
}

bool out_of_memory(gfp_t gfp_mask, unsigned int order) {
  if (!oom_ops) return false;
  unsigned long totalpages = total_pages();
  struct oom_candidate best = {0}, c;
  long best_points = LONG_MIN;
  for (int i = 0; oom_ops->next(i, &c); i++) {
    long points = oom_badness(&c, totalpages);
    if (points == LONG_MIN || points <= best_points) continue;
    best = c;
    best_points = points;
  }
  char names[GFP_NAMES_MAX];
  format_gfp_flags(names, sizeof(names), gfp_mask);
  printk("%s invoked oom-killer: gfp_mask=0x%x(%s), order=%u, oom_score_adj=0\n", current_comm,
         gfp_mask, names, order);
  show_free_areas();
  if (best_points == LONG_MIN) {
    printk("Out of memory and no killable processes...\n");
    return false;
  }
  struct mm_struct *mm = best.mm;
  printk("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
         "file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:%d\n",
         best.pid, best.comm, mm->total_vm << (PAGE_SHIFT - 10),
         (unsigned long)get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10),
         (unsigned long)get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10),
         (unsigned long)get_mm_counter(mm, MM_SHMEMPAGES) << (PAGE_SHIFT - 10),
         mm_pgtables_pages(mm) << (PAGE_SHIFT - 10), best.oom_score_adj);
  count_vm_event(OOM_KILL);
  oom_last_killed_pid = best.pid;
  return oom_ops->kill(&best);
}
