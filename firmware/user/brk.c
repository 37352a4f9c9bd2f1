/*
 * brk.c -- the heap grows and shrinks with brk: new pages read as zero,
 * a shrunk heap's pages are gone (a child touching one dies of SIGSEGV),
 * bad requests leave the break where it was, and the free-page count
 * comes back after the shrink.
 */
#include "user.h"

int main(void) {
  char *start = (char *)brk(0);
  CHECK(start != 0 && ((unsigned long)start & (PAGE_SIZE - 1)) == 0);
  unsigned long free0 = free_pages();
  char *top = start + 64 * PAGE_SIZE;
  CHECK_EQ(brk(top), (long)top);
  int zeros = 1;
  for (char *p = start; p < top; p += PAGE_SIZE) {
    zeros &= *p == 0;
    *p = 1;
  }
  CHECK(zeros);
  CHECK(free_pages() <= free0 - 64);
  printf("brk: grew by 64 pages to %p, free pages %lu -> %lu\n", top, free0, free_pages());
  CHECK_EQ(brk(start + PAGE_SIZE), (long)(start + PAGE_SIZE));
  printf("brk: shrank to %p, free pages %lu\n", start + PAGE_SIZE, free_pages());
  CHECK(free_pages() >= free0 - 2);
  CHECK_EQ(brk((void *)0x1000), (long)(start + PAGE_SIZE)); /* below start_brk: refused */
  CHECK_EQ(brk((void *)0xd0000000), (long)(start + PAGE_SIZE)); /* kernel space: refused */
  long pid = fork();
  if (pid == 0) {
    start[2 * PAGE_SIZE] = 1; /* above the break now */
    exit(0);
  }
  int status = 0;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
  void *m = malloc(100000); /* above malloc's mmap threshold */
  CHECK(m != NULL);
  free(m);
  return test_done("brk");
}
