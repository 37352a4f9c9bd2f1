/*
 * init.c -- the default pid 1: says hello from U mode, forks a child
 * that reports its pid, reaps it, and exits 0 (which ends the run).
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
  return test_done("init");
}
