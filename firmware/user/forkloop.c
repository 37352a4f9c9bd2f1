/*
 * forkloop.c -- fork/exec/exit cycles leak nothing: after a warm-up
 * round (slab caches take their pages), LOOPS rounds of fork + child
 * touching heap and mmap memory + exit, and of fork + execve, must leave
 * the free-page count exactly where it was.
 */
#include "user.h"

#define LOOPS 4

static void round_trip(int exec) {
  long pid = fork();
  if (pid == 0) {
    if (exec) {
      char *argv[] = {"/forkloop", "child", 0};
      execve("/forkloop", argv, 0);
      exit(3);
    }
    char *m = mmap(NULL, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 16; i++) m[i * PAGE_SIZE] = 1;
    char *h = malloc(3000);
    h[0] = 1;
    exit(0);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(int argc, char **argv) {
  if (argc > 1) return argv[1][0] == 'c' ? 0 : 1; /* the exec'd child */
  round_trip(0);
  round_trip(1);
  unsigned long before = free_pages();
  for (int i = 0; i < LOOPS; i++) {
    round_trip(0);
    round_trip(1);
  }
  unsigned long after = free_pages();
  printf("forkloop: %d fork+exit and %d fork+execve+exit: free pages %lu before, %lu after\n",
         LOOPS, LOOPS, before, after);
  CHECK_EQ(after, before);
  return test_done("forkloop");
}
