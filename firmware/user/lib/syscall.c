/* syscall.c -- the system-call wrappers of user.h. */
#include "user.h"

long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a3 __asm__("a3") = a3;
  register long r_a4 __asm__("a4") = a4;
  register long r_a5 __asm__("a5") = a5;
  register long r_a7 __asm__("a7") = nr;
  __asm__ volatile("ecall"
                   : "+r"(r_a0)
                   : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                   : "memory");
  return r_a0;
}

long write(int fd, const void *buf, size_t count) {
  return syscall6(__NR_write, fd, (long)buf, (long)count, 0, 0, 0);
}
void exit(int status) {
  syscall6(__NR_exit_group, status, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}
long getpid(void) { return syscall0(__NR_getpid); }
long sched_yield(void) { return syscall0(__NR_sched_yield); }
long brk(void *addr) { return syscall6(__NR_brk, (long)addr, 0, 0, 0, 0, 0); }
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long offset) {
  return (void *)syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, fd, offset);
}
long munmap(void *addr, size_t len) { return syscall6(__NR_munmap, (long)addr, (long)len, 0, 0, 0, 0); }
long mprotect(void *addr, size_t len, int prot) {
  return syscall6(__NR_mprotect, (long)addr, (long)len, prot, 0, 0, 0);
}
long madvise(void *addr, size_t len, int advice) {
  return syscall6(__NR_madvise, (long)addr, (long)len, advice, 0, 0, 0);
}
long fork(void) { return syscall6(__NR_clone, SIGCHLD, 0, 0, 0, 0, 0); }
long execve(const char *path, char *const argv[], char *const envp[]) {
  return syscall6(__NR_execve, (long)path, (long)argv, (long)envp, 0, 0, 0);
}
long wait4(long pid, int *status, int options, void *rusage) {
  return syscall6(__NR_wait4, pid, (long)status, options, (long)rusage, 0, 0);
}
long waitpid(long pid, int *status, int options) { return wait4(pid, status, options, 0); }
long sysinfo(struct sysinfo *info) { return syscall6(__NR_sysinfo, (long)info, 0, 0, 0, 0, 0); }

long region_begin(unsigned id) { return syscall6(__NR_mmcosim_region, (long)id, 1, 0, 0, 0, 0); }
long region_end(unsigned id) { return syscall6(__NR_mmcosim_region, (long)id, 0, 0, 0, 0, 0); }
long show_maps(long pid) { return syscall6(__NR_mmcosim_show_maps, pid, 0, 0, 0, 0, 0); }

unsigned long free_pages(void) {
  struct sysinfo si;
  if (sysinfo(&si)) return 0;
  return si.freeram * si.mem_unit / PAGE_SIZE;
}

/* The break: asked from the kernel once, then moved by brk(). */
static char *cur_brk;
void *sbrk(long increment) {
  if (!cur_brk) cur_brk = (char *)brk(0);
  char *old = cur_brk;
  char *want = old + increment;
  if ((char *)brk(want) != want) return NULL;
  cur_brk = want;
  return old;
}

int check_failures;
int test_done(const char *name) {
  if (check_failures) printf("FAIL %s (%d checks)\n", name, check_failures);
  else printf("PASS %s\n", name);
  return check_failures ? 1 : 0;
}
