/*
 * init.c -- the default pid 1: says hello from U mode, forks a child
 * that reports its pid, reaps it; then spins until a second child sets a
 * shared flag, which it can only do when the timer preempts the spinning
 * parent (round robin on the CLINT timer).  Exits 0, which ends the run.
 */
#include "user.h"

int main(int argc, char **argv, char **envp) {
  printf("init: pid %ld, argv[0] %s, %s, running in U mode\n", getpid(), argc > 0 ? argv[0] : "?",
         envp[0] ? envp[0] : "no env");
  long pid = fork();
  if (pid == 0) {
    printf("init: child pid %ld\n", getpid());
    exit(7);
  }
  int status = 0;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
  printf("init: child %ld exited with status %d\n", pid, WEXITSTATUS(status));
  volatile int *flag = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(!MMAP_FAILED(flag));
  pid = fork();
  if (pid == 0) {
    *flag = 1; /* runs only once the timer took the CPU from the parent */
    exit(0);
  }
  while (!*flag) {
  }
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  printf("init: the timer preempted a spinning parent; child %ld ran\n", pid);
  return test_done("init");
}
