/*
 * segv.c -- bad user accesses end only the process that makes them: a
 * child writes to a page after mprotect(PROT_READ), another reads a page
 * after munmap, a third writes through NULL.  Each must die of SIGSEGV
 * (the kernel prints the segfault line; a shell shows status 139) and
 * the parent goes on.
 */
#include "user.h"

enum { MPROTECT_WRITE, MUNMAP_READ, NULL_WRITE };

static void child(int which) {
  volatile int *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 1;
  switch (which) {
  case MPROTECT_WRITE:
    if (mprotect((void *)p, PAGE_SIZE, PROT_READ)) exit(2);
    printf("segv: read after mprotect: %d\n", p[0]);
    p[0] = 2;
    break;
  case MUNMAP_READ:
    if (munmap((void *)p, PAGE_SIZE)) exit(2);
    printf("segv: %d\n", p[0]);
    break;
  default:
    *(volatile int *)0 = 3;
    break;
  }
  exit(0); /* not reached when the kernel does its job */
}

int main(void) {
  static const char *const names[] = {"mprotect then write", "munmap then read", "NULL write"};
  for (int which = 0; which < 3; which++) {
    long pid = fork();
    if (pid == 0) child(which);
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFSIGNALED(status));
    CHECK_EQ(WTERMSIG(status), SIGSEGV);
    printf("segv: %s: child %ld exit status %d\n", names[which], pid,
           WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
  }
  return test_done("segv");
}
