/*
 * sched.h -- tasks and the scheduler (Linux include/linux/sched.h in
 * miniature).
 *
 * A task is a struct task_struct (kmalloc) and a kernel stack of
 * THREAD_SIZE bytes (an order-1 buddy block).  The trap frame of its user
 * context sits at the top of that stack (task_pt_regs).  thread holds the
 * callee-saved registers of its kernel context while it is switched out
 * (__switch_to, entry.S).
 *
 *   TASK_RUNNING --schedule()--> running --wait4--> TASK_INTERRUPTIBLE
 *        ^                          |                       |
 *        +------ child exits -------+-------<---------------+
 *                                   +--do_exit--> EXIT_ZOMBIE --wait4 of parent--> freed
 *
 * One hart: `current` is a plain global.  The run queue is a FIFO list
 * (round robin); the CLINT timer, forwarded by the M-mode shim as the S
 * timer interrupt, ends a time slice of TIMESLICE_TICKS.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#define TASK_THREAD 0 /* offsetof(struct task_struct, thread), for entry.S */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "list.h"
#include "thread_info.h"
#include "trap.h"

#define TASK_COMM_LEN 16 /* Linux's */
#define PID_MAX 32768    /* Linux's default pid_max; pids wrap to 2 past it */

/* Callee-saved kernel registers of a switched-out task (entry.S layout). */
struct thread_struct {
  uint32_t ra, sp;
  uint32_t s[12];
};

enum task_state {
  TASK_RUNNING,       /* on the run queue or running */
  TASK_INTERRUPTIBLE, /* sleeping in wait4 */
  EXIT_ZOMBIE,        /* exited, waiting for its parent's wait4 */
};

struct mm_struct;

struct task_struct {
  struct thread_struct thread; /* first: TASK_THREAD = 0 */
  enum task_state state;
  int pid;
  char comm[TASK_COMM_LEN];
  void *stack;                 /* kernel stack base, THREAD_SIZE bytes */
  struct mm_struct *mm;        /* NULL for a kernel thread */
  int exit_code;               /* wait4 status word (W_EXITCODE / signal) */
  struct task_struct *parent;
  struct list_head children;   /* our children, through their sibling */
  struct list_head sibling;
  struct list_head run_list;   /* run queue link while TASK_RUNNING */
  struct list_head tasks;      /* all tasks */
  unsigned long nvcsw, nivcsw; /* voluntary / involuntary switches */
  bool oom_killed;             /* chosen by the OOM killer: dies on its way back to U mode */
};

extern struct task_struct *current;
extern struct list_head task_list;  /* every task, in creation order */
extern unsigned long nr_context_switches;

/* The user trap frame at the top of `task`'s kernel stack. */
static inline struct trap_frame *task_pt_regs(struct task_struct *task) {
  return (struct trap_frame *)((char *)task->stack + THREAD_SIZE) - 1;
}

/* Time slice in CLINT ticks (HZ = 1000: one jiffy per time slice). */
#define HZ 1000
#define TIMESLICE_TICKS (MMCOSIM_CLOCK_CPU_MHZ * 1000000ull / MMCOSIM_CLOCK_MTIME_DIVIDER / HZ)

/*
 * Makes the boot thread the idle task (pid 0, "swapper") and arms the
 * scheduler tick.  Called once by kernel_init before the first fork.
 */
void sched_init(void);

/* Allocates a task with a kernel stack, state TASK_RUNNING, not queued; NULL when out of memory. */
struct task_struct *alloc_task(void);
/* Frees the task and its kernel stack (a reaped zombie). */
void free_task(struct task_struct *task);
/* Puts `task` at the tail of the run queue (TASK_RUNNING). */
void wake_up_process(struct task_struct *task);
/*
 * Picks the next runnable task round robin and switches to it (satp with
 * its ASID, then __switch_to).  `current` stays on the queue when it is
 * TASK_RUNNING.  Returns when current runs again.
 */
void schedule(void);
/* The S timer interrupt: re-arms the timer and asks for a reschedule. */
void scheduler_tick(void);
/* Set by scheduler_tick; do_trap calls schedule() on the way back to U mode. */
extern bool need_resched;
/* First code a new task runs in its kernel context (entry.S ret_from_fork). */
void schedule_tail(struct task_struct *prev);
/*
 * Points satp at swapper_pg_dir (init_mm, ASID 0), so that the current
 * mm can be freed (do_exit).
 */
void switch_to_kernel_mm(void);

/* Looks a task up by pid; NULL when there is none. */
struct task_struct *find_task_by_pid(int pid);

/* Context-switch assembly (entry.S). */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void ret_from_fork(void);
void ret_from_exception(void);
#endif /* !__ASSEMBLER__ */

#endif /* KERNEL_SCHED_H */
