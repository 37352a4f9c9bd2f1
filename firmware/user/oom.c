/*
 * oom.c -- the OOM killer with swap off: a keeper process fills 256 pages
 * and forks a hog that touches new pages until the kernel runs out; the
 * hog (the biggest) must die of SIGKILL, the keeper's pages must be
 * intact afterwards, and the kernel goes on (init reports both).
 */
#include "user.h"

#define KEEPER_PAGES 256

static long run_hog(void) {
  for (unsigned long n = 0;; n++) {
    volatile char *p = mmap(NULL, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (MMAP_FAILED(p)) return 1;
    for (int i = 0; i < 64; i++) p[i * PAGE_SIZE] = (char)n;
  }
}

static int run_keeper(void) {
  volatile uint32_t *area = mmap(NULL, KEEPER_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (MMAP_FAILED(area)) return 2;
  for (unsigned long i = 0; i < KEEPER_PAGES * PAGE_SIZE / 4; i += 64) area[i] = (uint32_t)(i * 7 + 1);
  long hog = fork();
  if (hog == 0) exit((int)run_hog());
  printf("oom: keeper %ld filled %d pages, hog is pid %ld\n", getpid(), KEEPER_PAGES, hog);
  int status = 0;
  CHECK_EQ(waitpid(hog, &status, 0), hog);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  printf("oom: hog %ld ended by signal %d\n", hog, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  unsigned long bad = 0;
  for (unsigned long i = 0; i < KEEPER_PAGES * PAGE_SIZE / 4; i += 64) bad += area[i] != (uint32_t)(i * 7 + 1);
  printf("oom: keeper's pages: %lu bad words\n", bad);
  return bad ? 3 : (check_failures ? 4 : 0);
}

int main(void) {
  long keeper = fork();
  if (keeper == 0) exit(run_keeper());
  int status = -1;
  CHECK_EQ(waitpid(keeper, &status, 0), keeper);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  printf("oom: keeper exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return test_done("oom");
}
