/*
 * fork.c -- new processes (Linux kernel/fork.c: kernel_clone,
 * copy_process, dup_mm, alloc_pid).
 *
 * The child gets a task_struct and kernel stack of its own, a copy of
 * the parent's user trap frame with a0 = 0, and dup_mm's copy of the
 * address space: the VMAs, and the page tables with private writable
 * PTEs write-protected in both (copy-on-write; vma's dup_mmap flushes
 * the parent's TLB entries).  Its kernel context starts at
 * ret_from_fork, which leaves through that frame.
 */
#include "sched_mm.h"
#include "printk.h"
#include "process.h"

#include <string.h>

static int last_pid;

int alloc_pid(void) {
  for (int tries = 0; tries < PID_MAX; tries++) {
    int pid = last_pid + 1;
    if (pid >= PID_MAX) pid = 2; /* pid 1 (init) is never reused; Linux wraps to 300 */
    last_pid = pid;
    if (!find_task_by_pid(pid)) return pid;
  }
  return -EAGAIN;
}

/* The first user task (pid 1): a kernel task without mm until its execve. */
static struct task_struct *copy_process(struct trap_frame *tf) {
  int pid = alloc_pid();
  if (pid < 0) return NULL;
  struct task_struct *p = alloc_task();
  if (!p) return NULL;
  if (current->mm) {
    p->mm = dup_mm(current->mm);
    if (!p->mm) {
      free_task(p);
      return NULL;
    }
  }
  p->pid = pid;
  memcpy(p->comm, current->comm, TASK_COMM_LEN);
  struct trap_frame *regs = task_pt_regs(p);
  *regs = *tf;
  regs->regs[REG_A0] = 0; /* fork returns 0 in the child */
  p->thread.ra = (uint32_t)(uintptr_t)ret_from_fork;
  p->thread.sp = (uint32_t)(uintptr_t)regs;
  p->parent = current;
  list_add_tail(&p->sibling, &current->children);
  list_add_tail(&p->tasks, &task_list);
  return p;
}

long kernel_clone(struct trap_frame *tf) {
  struct task_struct *p = copy_process(tf);
  if (!p) return -ENOMEM;
  wake_up_process(p);
  return p->pid;
}
