/*
 * syscall.c -- system calls by the Linux RISC-V convention: ecall from U
 * mode, the number in a7, arguments in a0..a5, the result (or -errno) in
 * a0.  Numbers are Linux's generic ones (include/uapi/asm-generic/unistd.h).
 * Unknown numbers return -ENOSYS.  Every pointer from user space goes
 * through copy_from_user / copy_to_user / strncpy_from_user.
 */
#include "mmap.h"
#include "mmzone.h"
#include "page_alloc.h"
#include "printk.h"
#include "simctl.h"
#include "process.h"
#include "uaccess.h"
#include "uart.h"

#define PATH_MAX 256
#define WRITE_CHUNK 64
#define MAX_RW_COUNT 0x7ffff000ul /* Linux's INT_MAX & PAGE_MASK */

typedef long (*syscall_fn)(const uint32_t *a, struct trap_frame *tf);

static long sys_write(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  int fd = (int)a[0];
  const char *buf = (const char *)(uintptr_t)a[1];
  unsigned long count = a[2], done = 0;
  if (fd != 1 && fd != 2) return -EBADF; /* only stdout and stderr: the UART */
  if (count > MAX_RW_COUNT) count = MAX_RW_COUNT;
  if (!access_ok((uintptr_t)buf, count)) return -EFAULT;
  while (done < count) {
    char chunk[WRITE_CHUNK];
    unsigned long n = count - done < WRITE_CHUNK ? count - done : WRITE_CHUNK;
    unsigned long left = copy_from_user(chunk, buf + done, n);
    for (unsigned long i = 0; i < n - left; i++) uart_putc(chunk[i]);
    done += n - left;
    if (left) return done ? (long)done : -EFAULT;
  }
  return (long)done;
}

static long sys_exit(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  do_exit(W_EXITCODE((int)a[0], 0));
}

static long sys_getpid(const uint32_t *a, struct trap_frame *tf) {
  (void)a, (void)tf;
  return current->pid;
}

static long sys_sched_yield(const uint32_t *a, struct trap_frame *tf) {
  (void)a, (void)tf;
  schedule();
  return 0;
}

_Static_assert(sizeof(struct sysinfo) == 64, "rv32 struct sysinfo");

static long sys_sysinfo(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  struct sysinfo si = {0};
  struct zone *zone;
  si.freeram = nr_free_pages();
  for_each_zone(zone) {
    si.totalram += zone->managed_pages;
    si.freeram += (unsigned long)zone->pcp.count; /* not Linux: pcp pages count as free */
  }
  si.mem_unit = PAGE_SIZE;
  struct list_head *pos;
  list_for_each(pos, &task_list) si.procs++;
  if (copy_to_user((void *)(uintptr_t)a[0], &si, sizeof si)) return -EFAULT;
  return 0;
}

/* mmcosim_region(id, begin): a simulator bench region (linux_abi.h; not Linux). */
static long sys_mmcosim_region(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  if (a[0] >= MMCOSIM_REGION_MAX || a[1] > 1) return -EINVAL;
  if (a[1]) sim_region_begin(a[0]);
  else sim_region_end(a[0]);
  return 0;
}

/* mmcosim_show_maps(pid): the maps and status views of a process (linux_abi.h; not Linux). */
static long sys_mmcosim_show_maps(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  int pid = a[0] ? (int)a[0] : current->pid;
  struct task_struct *p = (int)a[0] < 0 ? NULL : find_task_by_pid(pid);
  if (!p || !p->mm) return -ESRCH;
  printk("/proc/%d/maps:\n", pid);
  show_maps(p->mm);
  printk("/proc/%d/status:\n", pid);
  show_mm_status(p->mm);
  return 0;
}

static long sys_brk_(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  return (long)sys_brk(current->mm, a[0]);
}

/*
 * mmap(addr, len, prot, flags, fd, pgoff): rv32's mmap is Linux's mmap2
 * (offset in pages).  Anonymous only: without MAP_ANONYMOUS every fd is
 * a bad one (EBADF).  Unknown prot bits are ignored, as Linux's mmap does.
 */
static long sys_mmap(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  if (!(a[3] & MAP_ANONYMOUS)) return -EBADF;
  return (long)do_mmap(current->mm, a[0], a[1], a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC), a[3],
                       a[5]);
}

static long sys_munmap(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  return do_munmap(current->mm, a[0], a[1]);
}

static long sys_mprotect(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  return do_mprotect(current->mm, a[0], a[1], a[2]);
}

static long sys_madvise(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  return do_madvise(current->mm, a[0], a[1], (int)a[2]);
}

/*
 * clone(flags, newsp, ...): fork (flags = SIGCHLD; newsp 0 or the child's
 * stack).  Flag combinations Linux refuses return its EINVAL; the ones it
 * accepts but this kernel lacks (threads: CLONE_VM ...) return ENOSYS.
 */
static long sys_clone(const uint32_t *a, struct trap_frame *tf) {
  uint32_t flags = a[0];
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
  if ((flags & ~CSIGNAL) || (flags & CSIGNAL) != SIGCHLD) return -ENOSYS;
  long pid = kernel_clone(tf);
  if (pid > 0 && a[1]) task_pt_regs(find_task_by_pid((int)pid))->regs[REG_SP] = a[1];
  return pid;
}

static long sys_execve(const uint32_t *a, struct trap_frame *tf) {
  char path[PATH_MAX];
  long len = strncpy_from_user(path, (const char *)(uintptr_t)a[0], PATH_MAX);
  if (len < 0) return len;
  if (len == PATH_MAX) return -ENAMETOOLONG;
  if (len == 0) return -ENOENT;
  return do_execve(path, a[1], a[2], false, tf);
}

static long sys_wait4_(const uint32_t *a, struct trap_frame *tf) {
  (void)tf;
  return sys_wait4((int)a[0], a[1], (int)a[2], a[3]);
}

static const struct {
  unsigned nr;
  syscall_fn fn;
} sys_call_table[] = {
    {__NR_write, sys_write},       {__NR_exit, sys_exit},
    {__NR_exit_group, sys_exit},   {__NR_sched_yield, sys_sched_yield},
    {__NR_getpid, sys_getpid},     {__NR_sysinfo, sys_sysinfo},
    {__NR_brk, sys_brk_},
    {__NR_munmap, sys_munmap},     {__NR_clone, sys_clone},
    {__NR_execve, sys_execve},     {__NR_mmap, sys_mmap},
    {__NR_mprotect, sys_mprotect}, {__NR_madvise, sys_madvise},
    {__NR_wait4, sys_wait4_},      {__NR_mmcosim_region, sys_mmcosim_region},
    {__NR_mmcosim_show_maps, sys_mmcosim_show_maps},
};

void do_syscall(struct trap_frame *tf) {
  uint32_t nr = tf->regs[REG_A7];
  const uint32_t *args = &tf->regs[REG_A0];
  long ret = -ENOSYS;
  for (unsigned i = 0; i < sizeof(sys_call_table) / sizeof(sys_call_table[0]); i++) {
    if (sys_call_table[i].nr == nr) {
      uint32_t a[6];
      for (int k = 0; k < 6; k++) a[k] = args[k];
      ret = sys_call_table[i].fn(a, tf);
      break;
    }
  }
  tf->regs[REG_A0] = (uint32_t)ret;
}
