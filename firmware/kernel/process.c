/*
 * process.c -- starting user space: pid 1 (Linux init/main.c
 * kernel_init -> run_init_process) and the idle loop of the boot thread.
 *
 * pid 1 begins as a kernel thread on its own stack (init_thread), execs
 * init_path from the initramfs with argv = { path, words after "--" } and envp = { "HOME=/",
 * "TERM=linux" } and leaves for U mode through its trap frame.  The boot
 * thread becomes the idle task: it runs only when no task is runnable,
 * which with wait4 as the only way to sleep means every task is waiting
 * for another -- it reports that and ends the run.
 */
#include <string.h>

#include "gfp.h"
#include "memory.h"
#include "printk.h"
#include "process.h"
#include "simctl.h"

void ret_to_user(struct trap_frame *regs) __attribute__((noreturn));

static void __attribute__((noreturn)) init_thread(void) {
  const char *argv[MAX_INIT_ARGS + 2] = {init_path};
  for (int i = 0; init_args[i]; i++) argv[i + 1] = init_args[i];
  const char *envp[] = {"HOME=/", "TERM=linux", NULL};
  struct trap_frame *regs = task_pt_regs(current);
  long err = do_execve(init_path, (uintptr_t)argv, (uintptr_t)envp, true, regs);
  if (err) {
    printk("Kernel panic - not syncing: Requested init %s failed (error %ld).\n", init_path, err);
    sim_exit(FW_EXIT_CHECK_FAILED);
  }
  if (lkdtm_type != LKDTM_NONE) lkdtm_run(regs);
  ret_to_user(regs);
}

long run_init_process(void) {
  initramfs_init();
  sched_init();
  int pid = alloc_pid();
  struct task_struct *p = alloc_task();
  if (pid != 1 || !p) panic("run_init_process: cannot create pid 1");
  p->pid = pid;
  memcpy(p->comm, "init", 5);
  p->thread.ra = (uint32_t)(uintptr_t)init_thread;
  p->thread.sp = (uint32_t)(uintptr_t)task_pt_regs(p);
  p->parent = current;
  list_add_tail(&p->sibling, &current->children);
  list_add_tail(&p->tasks, &task_list);
  wake_up_process(p);
  kswapd_start();
  schedule();
  printk("idle: no runnable task (every task waits for another)\n");
  sim_exit(FW_EXIT_CHECK_FAILED);
  return -ESRCH;
}
