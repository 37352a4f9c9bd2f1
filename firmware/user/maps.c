/*
 * maps.c -- the /proc/<pid>/maps and status views on request
 * (mmcosim_show_maps, linux_abi.h): a process with a private area split by
 * mprotect and a shared area prints its own view and its child's; unknown
 * pids get ESRCH.
 */
#include "user.h"

int main(void) {
  char *p = mmap(0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(!MMAP_FAILED(p));
  CHECK_EQ(mprotect(p + 2 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), 0);
  p[0] = 1; /* one resident page */
  volatile int *shared = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(!MMAP_FAILED(shared));
  printf("maps: private area %p, shared area %p\n", p, (void *)shared);
  CHECK_EQ(show_maps(0), 0);
  *shared = 0;
  long pid = fork();
  if (pid == 0) {
    while (!*shared) sched_yield();
    exit(0);
  }
  printf("maps: child %ld\n", pid);
  CHECK_EQ(show_maps(pid), 0);
  *shared = 1;
  CHECK_EQ(waitpid(pid, 0, 0), pid);
  CHECK_EQ(show_maps(pid), -ESRCH); /* reaped */
  CHECK_EQ(show_maps(4242), -ESRCH);
  CHECK_EQ(show_maps(-1), -ESRCH);
  return test_done("maps");
}
