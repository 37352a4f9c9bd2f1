/*
 * errno.c -- every system call given bad arguments returns the errno
 * Linux returns, and the kernel survives all of them.
 */
#include "user.h"

#define KERNEL_ADDR ((void *)0xc0000000)
#define MAP_ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

int main(void) {
  char buf[8] = "x";
  /* write */
  CHECK_EQ(write(3, buf, 1), -EBADF);
  CHECK_EQ(write(-1, buf, 1), -EBADF);
  CHECK_EQ(write(1, (void *)0, 1), -EFAULT);
  CHECK_EQ(write(1, KERNEL_ADDR, 4), -EFAULT);
  CHECK_EQ(write(1, (void *)0xbffffffe, 16), -EFAULT);
  CHECK_EQ(write(1, buf, 0), 0);
  /* mmap */
  CHECK_EQ((long)mmap(0, 0, PROT_READ, MAP_ANON_PRIV, -1, 0), -EINVAL);
  CHECK_EQ((long)mmap(0, PAGE_SIZE, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL); /* neither private nor shared */
  CHECK_EQ((long)mmap((void *)0x40000001, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV | MAP_FIXED, -1, 0), -EINVAL);
  CHECK_EQ((long)mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 3, 0), -EBADF);
  CHECK_EQ((long)mmap(0, 0xf0000000u, PROT_READ, MAP_ANON_PRIV, -1, 0), -ENOMEM);
  CHECK_EQ((long)mmap((void *)0xbffff000, 2 * PAGE_SIZE, PROT_READ, MAP_ANON_PRIV | MAP_FIXED, -1, 0), -ENOMEM);
  void *p = mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_ANON_PRIV, -1, 0);
  CHECK(!MMAP_FAILED(p));
  CHECK_EQ((long)mmap(p, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
  /* munmap */
  CHECK_EQ(munmap((char *)p + 1, PAGE_SIZE), -EINVAL);
  CHECK_EQ(munmap(p, 0), -EINVAL);
  CHECK_EQ(munmap(KERNEL_ADDR, PAGE_SIZE), -EINVAL);
  CHECK_EQ(munmap((void *)0xbffff000, 2 * PAGE_SIZE), -EINVAL);
  /* mprotect */
  CHECK_EQ(mprotect((char *)p + 1, PAGE_SIZE, PROT_READ), -EINVAL);
  CHECK_EQ(mprotect(p, PAGE_SIZE, 0x10), -EINVAL);
  CHECK_EQ(mprotect(p, 0, PROT_READ), 0);
  CHECK_EQ(mprotect((void *)0x30000000, PAGE_SIZE, PROT_READ), -ENOMEM);
  CHECK_EQ(mprotect(KERNEL_ADDR, PAGE_SIZE, PROT_READ), -ENOMEM);
  CHECK_EQ(mprotect(p, 3 * PAGE_SIZE, PROT_READ), -ENOMEM); /* runs past the mapping */
  /* madvise */
  CHECK_EQ(madvise((char *)p + 1, PAGE_SIZE, MADV_DONTNEED), -EINVAL);
  CHECK_EQ(madvise(p, PAGE_SIZE, 99), -EINVAL);
  CHECK_EQ(madvise((void *)0x30000000, PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
  *(volatile int *)p = 5;
  CHECK_EQ(madvise(p, PAGE_SIZE, MADV_DONTNEED), 0);
  CHECK_EQ(*(volatile int *)p, 0); /* DONTNEED on private anonymous memory: zero again */
  /* brk: never an error code, the break stays */
  long b = brk(0);
  CHECK_EQ(brk((void *)0x1000), b);
  CHECK_EQ(brk(KERNEL_ADDR), b);
  /* clone: only fork's flags */
  CHECK_EQ(syscall6(__NR_clone, 0x800 | SIGCHLD, 0, 0, 0, 0, 0), -EINVAL); /* CLONE_SIGHAND without CLONE_VM */
  /* execve */
  CHECK_EQ(execve((char *)0, 0, 0), -EFAULT);
  CHECK_EQ(execve(KERNEL_ADDR, 0, 0), -EFAULT);
  CHECK_EQ(execve("/no_such_program", 0, 0), -ENOENT);
  CHECK_EQ(execve("", 0, 0), -ENOENT);
  char *bad_argv[] = {"/errno", (char *)0xc0001000, 0};
  CHECK_EQ(execve("/errno", bad_argv, 0), -EFAULT);
  CHECK_EQ(execve("/errno", (char **)KERNEL_ADDR, 0), -EFAULT);
  static char long_path[300];
  for (int i = 0; i < 299; i++) long_path[i] = 'a';
  CHECK_EQ(execve(long_path, 0, 0), -ENAMETOOLONG);
  /* wait4 */
  CHECK_EQ(wait4(-1, 0, 0, 0), -ECHILD);
  CHECK_EQ(wait4(12345, 0, 0, 0), -ECHILD);
  CHECK_EQ(wait4(-1, 0, 0x100, 0), -EINVAL);
  long pid = fork();
  if (pid == 0) exit(0);
  CHECK_EQ(wait4(pid, (int *)KERNEL_ADDR, 0, 0), -EFAULT);
  CHECK_EQ(wait4(pid, 0, 0, 0), pid); /* the failed copy-out left the child to reap */
  /* sysinfo */
  CHECK_EQ(sysinfo((struct sysinfo *)0), -EFAULT);
  CHECK_EQ(sysinfo((struct sysinfo *)KERNEL_ADDR), -EFAULT);
  /* mmcosim_region: ids and the begin flag are checked */
  CHECK_EQ(syscall6(__NR_mmcosim_region, MMCOSIM_REGION_MAX, 1, 0, 0, 0, 0), -EINVAL);
  CHECK_EQ(syscall6(__NR_mmcosim_region, 1, 2, 0, 0, 0, 0), -EINVAL);
  /* an unknown number */
  CHECK_EQ(syscall6(9999, 0, 0, 0, 0, 0, 0), -ENOSYS);
  CHECK_EQ(syscall6(-1, 0, 0, 0, 0, 0, 0), -ENOSYS);
  printf("errno: bad calls checked, pid %ld still running\n", getpid());
  return test_done("errno");
}
