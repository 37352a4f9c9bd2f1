/*
 * exit.c -- the end of a process (Linux kernel/exit.c: do_exit,
 * exit_notify, wait4, release_task).
 *
 * do_exit drops the address space (back on the kernel's page directory
 * first, then mmput: every page and page-table page is freed), hands its
 * children to init, becomes EXIT_ZOMBIE with its wait4 status and wakes
 * a parent sleeping in wait4.  The parent reaps it: wait4 copies the
 * status out and frees the task and its kernel stack.  When init (pid 1)
 * exits, the run ends with its status in shell form (the exit code, or
 * 128 + the signal: 139 for SIGSEGV); Linux panics there instead.
 */
#include "asid.h"
#include "sched_mm.h"
#include "printk.h"
#include "process.h"
#include "simctl.h"
#include "uaccess.h"

#define RUSAGE_BYTES 72 /* struct rusage of rv32 Linux: two timevals, 14 longs */

/* The run's exit status for init's wait4 status word, as a shell shows it. */
static int shell_status(int code) {
  return (code & 0x7f) ? 128 + (code & 0x7f) : (code >> 8) & 0xff;
}

void do_exit(int code) {
  struct task_struct *t = current;
  if (t->mm) {
    struct mm_struct *mm = t->mm;
    switch_to_kernel_mm();
    t->mm = NULL;
    mmput(mm);
  }
  if (t->pid == 1) {
    printk("asid: %s, %u bits; %lu switches, %lu allocated, %lu rollovers, %lu full flushes\n",
           asids_enabled ? "on" : "off", asid_bits, asid_stats.switches, asid_stats.allocs,
           asid_stats.rollovers, asid_stats.flushes);
    show_vm_views();
    printk("init exited: status %d\n", shell_status(code));
    sim_exit((uint32_t)shell_status(code));
  }
  struct task_struct *init = find_task_by_pid(1);
  while (!list_empty(&t->children)) {
    struct task_struct *c = list_first_entry(&t->children, struct task_struct, sibling);
    list_del(&c->sibling);
    c->parent = init;
    list_add_tail(&c->sibling, &init->children);
    if (c->state == EXIT_ZOMBIE && init->state == TASK_INTERRUPTIBLE) wake_up_process(init);
  }
  t->exit_code = code;
  t->state = EXIT_ZOMBIE;
  if (t->parent->state == TASK_INTERRUPTIBLE) wake_up_process(t->parent);
  schedule();
  panic("do_exit: zombie %d ran again", t->pid);
}

/* A child of current that `pid` selects (-1: any, > 0: that one). */
static bool selects(const struct task_struct *c, int pid) {
  return pid == -1 || c->pid == pid;
}

long sys_wait4(int pid, uintptr_t wstatus, int options, uintptr_t rusage) {
  if (options & ~WNOHANG) return -EINVAL;
  if (pid == 0 || pid < -1) return -EINVAL; /* process groups: not here */
  for (;;) {
    bool any = false;
    struct list_head *pos;
    list_for_each(pos, &current->children) {
      struct task_struct *c = list_entry(pos, struct task_struct, sibling);
      if (!selects(c, pid)) continue;
      any = true;
      if (c->state != EXIT_ZOMBIE) continue;
      int status = c->exit_code, cpid = c->pid;
      if (wstatus && copy_to_user((void *)wstatus, &status, sizeof status)) return -EFAULT;
      if (rusage) {
        static const uint8_t zero[RUSAGE_BYTES];
        if (copy_to_user((void *)rusage, zero, sizeof zero)) return -EFAULT;
      }
      list_del(&c->sibling);
      free_task(c);
      return cpid;
    }
    if (!any) return -ECHILD;
    if (options & WNOHANG) return 0;
    current->state = TASK_INTERRUPTIBLE;
    schedule();
  }
}
