/*
 * reclaim.c -- the kernel side of memory pressure: the early parameters
 * that size memory and the RAM swap area, swapon at boot, the OOM
 * killer's view of the task list, and the views printed when init exits.
 *
 *   mem=SIZE               use only the first SIZE of DRAM (Linux's mem=; the
 *                          rest is reserved in memblock, K/M/G suffixes)
 *   mmcosim.ramswap=SIZE   the top SIZE of DRAM becomes the RAM disk ram0
 *                          (brd), formatted with an mkswap header and
 *                          swapped on: the swap area until a disk is attached
 *   mmcosim.vmstat=1       print meminfo, vmstat and /proc/swaps when init exits
 *
 * kswapd0 is a kernel thread (pid 2, no mm) started after init when a swap
 * area is on; the allocator's wakeup_kswapd makes it runnable and it
 * runs balance_pgdat when the scheduler next picks it.
 *
 *   DRAM  0x80000000 [ kernel memory (mem=) | reserved | ram0: swap (ramswap) ] top
 */
#include <stdlib.h>
#include <string.h>

#include "blkdev.h"
#include "init.h"
#include "memblock.h"
#include "memlayout.h"
#include "memory.h"
#include "platform.h"
#include "printk.h"
#include "process.h"
#include "simctl.h"
#include "swap.h"
#include "tlbflush.h"
#include "vmscan.h"
#include "vmstat.h"

static phys_addr_t ramswap_base, ramswap_size;
static struct brd_device ramswap_brd;
bool show_vm_at_exit;

/* The value of `key=` on the boot command line, or NULL (a pointer into a static copy). */
static const char *early_param(const char *key) {
  static char copy[COMMAND_LINE_SIZE];
  memcpy(copy, boot_command_line, COMMAND_LINE_SIZE);
  copy[COMMAND_LINE_SIZE - 1] = '\0';
  size_t n = strlen(key);
  char *p = copy;
  for (;;) {
    while (*p == ' ') p++;
    if (!*p) return NULL;
    char *w = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = '\0';
    if (!strcmp(w, "--")) return NULL;
    if (!strncmp(w, key, n) && w[n] == '=') return w + n + 1;
  }
}

/* Linux memparse: a number with an optional K/M/G suffix; false when malformed. */
static bool parse_size(const char *s, unsigned long *bytes) {
  char *end;
  unsigned long v = strtoul(s, &end, 0);
  if (end == s) return false;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end || (shift && v > (~0ul >> shift))) return false;
  *bytes = v << shift;
  return true;
}

void __init reserve_pressure_ranges(void) {
  const phys_addr_t dram_end = PHYS_OFFSET + DRAM_SIZE;
  unsigned long bytes;
  const char *v = early_param("mmcosim.ramswap");
  if (v) {
    if (!parse_size(v, &bytes) || bytes < 16 * PAGE_SIZE || bytes > DRAM_SIZE / 2 + DRAM_SIZE / 4 ||
        (bytes & ~PAGE_MASK))
      panic("cmdline: mmcosim.ramswap= takes a page-aligned size of 64K..%luM, got '%s'",
            (unsigned long)(DRAM_SIZE >> 20) * 3 / 4, v);
    ramswap_size = bytes;
    ramswap_base = dram_end - bytes;
    if (memblock_reserve(ramswap_base, ramswap_size)) panic("reserve_pressure_ranges: ramswap");
  }
  v = early_param("mem");
  if (v) {
    if (!parse_size(v, &bytes) || bytes < (4ul << 20) || (bytes & ~PAGE_MASK))
      panic("cmdline: mem= takes a page-aligned size of at least 4M, got '%s'", v);
    phys_addr_t end = ramswap_size ? ramswap_base : dram_end;
    if (PHYS_OFFSET + bytes < end && memblock_reserve(PHYS_OFFSET + bytes, end - PHYS_OFFSET - bytes))
      panic("reserve_pressure_ranges: mem=");
  }
}

void ramswap_init(void) {
  if (!ramswap_size) return;
  brd_init(&ramswap_brd, "ram0", __va(ramswap_base), ramswap_size >> SECTOR_SHIFT);
  int err = swap_format(&ramswap_brd.bdev, "ramswap");
  if (!err) err = swapon(&ramswap_brd.bdev, -1);
  if (err < 0) panic("ramswap_init: swapon ram0 failed (%d)", err);
}

/* ---- kswapd0: a kernel thread that sleeps until an allocation falls below low ---- */

static struct task_struct *kswapd_task;

static void __attribute__((noreturn)) kswapd_thread(void) {
  for (;;) {
    kswapd_run(NODE_DATA(0)); /* balance_pgdat: reclaim until every zone is above high */
    current->state = TASK_INTERRUPTIBLE;
    schedule();
  }
}

/* kswapd_wake_hook: runs in the allocating context; kswapd runs at the next schedule. */
static void wake_kswapd_thread(void) {
  if (kswapd_task->state == TASK_INTERRUPTIBLE) wake_up_process(kswapd_task);
}

void kswapd_start(void) {
  if (!total_swap_pages) return; /* nothing it could reclaim yet (no page cache) */
  struct task_struct *t = alloc_task();
  if (!t) panic("kswapd_start: no memory for kswapd0");
  t->pid = alloc_pid();
  memcpy(t->comm, "kswapd0", 8);
  t->thread.ra = (uint32_t)(uintptr_t)kswapd_thread;
  t->thread.sp = (uint32_t)(uintptr_t)task_pt_regs(t);
  t->parent = current;
  t->state = TASK_INTERRUPTIBLE;
  list_add_tail(&t->sibling, &current->children);
  list_add_tail(&t->tasks, &task_list);
  kswapd_task = t;
  kswapd_wake_hook = wake_kswapd_thread;
}

/* ---- the OOM killer's candidates: user tasks, init excepted (Linux is_global_init) ---- */

static bool oom_next(int i, struct oom_candidate *c) {
  struct list_head *pos;
  int n = 0;
  list_for_each(pos, &task_list) {
    struct task_struct *t = list_entry(pos, struct task_struct, tasks);
    if (!t->mm || t->pid == 1 || t->oom_killed || t->state == EXIT_ZOMBIE) continue;
    if (n++ < i) continue;
    c->pid = t->pid;
    c->comm = t->comm;
    c->mm = t->mm;
    c->oom_score_adj = 0;
    c->task = t;
    return true;
  }
  return false;
}

/*
 * SIGKILL: the victim dies on its way back to U mode.  Another task's
 * private memory is reaped at once (Linux's oom_reaper); the allocating
 * task's own is freed by its exit, right after the failed allocation.
 */
static bool oom_kill(const struct oom_candidate *c) {
  struct task_struct *t = c->task;
  t->oom_killed = true;
  if (t == current) return false;
  struct mmu_gather tlb;
  tlb_gather_mmu(&tlb, t->mm, true); /* the whole ASID is flushed at the end */
  for (struct vm_area_struct *v = t->mm->mmap; v; v = v->vm_next)
    if (!(v->vm_flags & VM_SHARED)) zap_page_range(&tlb, v, v->vm_start, v->vm_end);
  tlb_finish_mmu(&tlb);
  if (t->state == TASK_INTERRUPTIBLE) wake_up_process(t);
  return true;
}

static const struct oom_operations kernel_oom_ops = {oom_next, oom_kill};

/* bench-reclaim: every shrink_inactive_list pass is simctl region RECLAIM_REGION. */
#define RECLAIM_REGION 0x500
static void reclaim_region(bool begin) {
  if (begin) sim_region_begin(RECLAIM_REGION);
  else sim_region_end(RECLAIM_REGION);
}

/* FENCE.I: the D-cache is cleaned and the I-cache emptied (docs/cache.md, Coherence). */
static void fence_i(void) { __asm__ volatile("fence.i" ::: "memory"); }

void oom_init(void) {
  oom_ops = &kernel_oom_ops;
  reclaim_bench_hook = reclaim_region;
  flush_icache_hook = fence_i;
}

void show_vm_views(void) {
  if (!show_vm_at_exit) return;
  show_meminfo();
  show_vmstat();
  show_swaps();
}
