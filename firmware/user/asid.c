/*
 * asid.c -- more processes than ASIDs: NPROC children each fill a page
 * with their own pattern at the same virtual address, then yield to each
 * other many times and check the pattern after every switch.  A TLB
 * entry left over from another process under a reused ASID would show
 * its pattern.  Boot with asid_bits=2 (3 user ASIDs) to force rollovers.
 */
#include "user.h"

#define NPROC 8
#define ROUNDS 20
#define WORDS 16

int main(void) {
  long pids[NPROC];
  for (int k = 0; k < NPROC; k++) {
    pids[k] = fork();
    if (pids[k] == 0) {
      volatile unsigned *p = mmap((void *)0x40000000, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      unsigned tag = 0x1000u * (unsigned)(k + 1);
      for (int i = 0; i < WORDS; i++) p[i] = tag + (unsigned)i;
      int bad = 0;
      for (int r = 0; r < ROUNDS; r++) {
        sched_yield();
        for (int i = 0; i < WORDS; i++) bad += p[i] != tag + (unsigned)i;
      }
      exit(bad ? 1 : 0);
    }
  }
  int ok = 0;
  for (int k = 0; k < NPROC; k++) {
    int status = -1;
    CHECK_EQ(waitpid(pids[k], &status, 0), pids[k]);
    ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  CHECK_EQ(ok, NPROC);
  printf("asid: %d processes, %d rounds of yields, %d saw only their own page\n", NPROC, ROUNDS, ok);
  return test_done("asid");
}
