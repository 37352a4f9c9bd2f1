/*
 * sched.c -- tasks, the round-robin run queue, the scheduler tick and the
 * context switch (Linux kernel/sched/core.c in miniature: schedule,
 * context_switch, schedule_tail, scheduler_tick).
 */
#include "sched.h"

#include "csr.h"
#include "gfp.h"
#include "asid.h"
#include "pgtable.h"
#include "page.h"
#include "page_alloc.h"
#include "printk.h"
#include "sbi.h"
#include "slab.h"

#include <string.h>

#define THREAD_ORDER 1 /* THREAD_SIZE = 2 pages */
_Static_assert(THREAD_SIZE == (PAGE_SIZE << THREAD_ORDER), "kernel stack order");
_Static_assert(__builtin_offsetof(struct task_struct, thread) == TASK_THREAD,
               "entry.S finds thread at TASK_THREAD");

extern unsigned char init_stack[THREAD_SIZE];

/* The boot thread: pid 0, runs when nothing else can (it never sleeps). */
static struct task_struct init_task = {.state = TASK_RUNNING, .pid = 0, .comm = "swapper"};
struct task_struct *current = &init_task;
struct list_head task_list = {&task_list, &task_list};
static struct list_head run_queue = {&run_queue, &run_queue};
bool need_resched;
unsigned long nr_context_switches;
static uint64_t next_tick; /* mtime of the next scheduler tick */

/* Arms the S timer TIMESLICE_TICKS from `from` through the SBI (the shim writes mtimecmp). */
static void arm_tick(uint64_t from) {
  next_tick = from + TIMESLICE_TICKS;
  sbi_set_timer(next_tick);
}

void sched_init(void) {
  init_task.stack = init_stack;
  INIT_LIST_HEAD(&init_task.children);
  INIT_LIST_HEAD(&init_task.sibling);
  INIT_LIST_HEAD(&init_task.run_list);
  list_add_tail(&init_task.tasks, &task_list);
  csr_set(CSR_SIE, MIP_STIP); /* taken in U mode; the kernel keeps sstatus.SIE = 0 */
  arm_tick(csr_read(CSR_TIME) | (uint64_t)csr_read(CSR_TIMEH) << 32);
}

struct task_struct *alloc_task(void) {
  struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);
  if (!t) return NULL;
  struct page *stack = alloc_pages(GFP_KERNEL, THREAD_ORDER);
  if (!stack) {
    kfree(t);
    return NULL;
  }
  t->stack = page_address(stack);
  t->state = TASK_RUNNING;
  INIT_LIST_HEAD(&t->children);
  INIT_LIST_HEAD(&t->sibling);
  INIT_LIST_HEAD(&t->run_list);
  INIT_LIST_HEAD(&t->tasks);
  return t;
}

void free_task(struct task_struct *task) {
  list_del(&task->tasks);
  free_pages((unsigned long)task->stack, THREAD_ORDER);
  kfree(task);
}

void wake_up_process(struct task_struct *task) {
  task->state = TASK_RUNNING;
  if (list_empty(&task->run_list)) list_add_tail(&task->run_list, &run_queue);
}

void switch_to_kernel_mm(void) {
  switch_mm(active_mm_asid, &init_mm); /* init_mm: ASID 0, never allocated */
}

struct task_struct *find_task_by_pid(int pid) {
  struct list_head *pos;
  list_for_each(pos, &task_list) {
    struct task_struct *t = list_entry(pos, struct task_struct, tasks);
    if (t->pid == pid) return t;
  }
  return NULL;
}

void scheduler_tick(void) {
  uint64_t now = csr_read(CSR_TIME) | (uint64_t)csr_read(CSR_TIMEH) << 32;
  arm_tick(now > next_tick ? now : next_tick);
  need_resched = true;
}

void schedule_tail(struct task_struct *prev) {
  (void)prev;
}

/*
 * The run queue holds every TASK_RUNNING task but the idle task; current
 * goes to its tail when it is still runnable.  With nothing else to run
 * the current task goes on; with nothing at all, the idle task.
 */
void schedule(void) {
  struct task_struct *prev = current, *next;
  need_resched = false;
  if (prev != &init_task && prev->state == TASK_RUNNING) wake_up_process(prev);
  if (list_empty(&run_queue)) {
    next = &init_task;
  } else {
    next = list_first_entry(&run_queue, struct task_struct, run_list);
    list_del(&next->run_list);
  }
  if (next == prev) return;
  if (prev->state == TASK_RUNNING) prev->nivcsw++;
  else prev->nvcsw++;
  nr_context_switches++;
  if (next->mm) switch_mm(active_mm_asid, next->mm);
  current = next;
  current_comm = next == &init_task ? "swapper/0" : next->comm; /* named by mm's reports */
  __switch_to(prev, next);
}
