/*
 * vmbench.c -- the process side of make bench-vm (bench/bench_vm.sh):
 * each row is one simulator bench region (mmcosim_region) around `ops`
 * operations; the script divides the region's counter deltas by ops.
 * A region's two marker syscalls cost about as much as one empty row;
 * rows with many operations make that negligible (row 0 shows it).
 *
 *   row 0   empty region (marker overhead)
 *   row 1   anonymous read fault: the zero page is mapped
 *   row 2   anonymous write fault: a zeroed page (clear_page included)
 *   row 3   COW fault: a write to a page shared with a child (copy included)
 *   row 4-6 fork + exit + wait4 of a process with 1 / 4 / 16 MiB touched
 *   row 7   context switch: two processes yield to each other, each
 *           touching SWITCH_PAGES pages after every switch (the D-TLB
 *           misses per switch show what the switch cost the TLB)
 *   row 8-  mmap + touch + munmap of 1 .. 1024 pages (per call)
 * Prints "vmbench: row <id> ops <n> <what>" per row and "PASS vmbench".
 * With the argument "quick" (kernel command line "-- quick") the 16 MiB
 * fork and the 256- and 1024-page mmap rows are left out: they cost most
 * of the run's simulated cycles.  "tiny" (the system test's bounded run)
 * also leaves out the 4 MiB fork and the 64-page mmap row and does 8
 * operations where the others do 64.
 */
#include "user.h"

#define SWITCH_PAGES 8

static unsigned fault_pages = 64;   /* operations of rows 1-3 */
static unsigned switch_rounds = 64; /* operations of row 7 */
static unsigned fork_rows = 3;      /* rows 4.. (1, 4, 16 MiB) */
static unsigned mmap_rows = 6;      /* rows 8.. (1 .. 1024 pages) */

static void row(unsigned id, unsigned ops, const char *what) {
  printf("vmbench: row %u ops %u %s\n", id, ops, what);
}

static char *map(unsigned long pages) {
  char *p = mmap(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(!MMAP_FAILED(p));
  return p;
}

static void touch(volatile char *p, unsigned long pages) {
  for (unsigned long i = 0; i < pages; i++) p[i * PAGE_SIZE] = 1;
}

static void faults(void) {
  volatile char *p = map(fault_pages);
  unsigned sum = 0;
  region_begin(1);
  for (unsigned i = 0; i < fault_pages; i++) sum += p[i * PAGE_SIZE];
  region_end(1);
  CHECK_EQ(sum, 0);
  row(1, fault_pages, "anon read fault (zero page)");
  volatile char *q = map(fault_pages);
  region_begin(2);
  touch(q, fault_pages);
  region_end(2);
  for (unsigned i = 0; i < fault_pages; i++) /* cleared: only the touched byte is set */
    CHECK(q[i * PAGE_SIZE] == 1 && q[i * PAGE_SIZE + PAGE_SIZE / 2] == 0 &&
          q[i * PAGE_SIZE + PAGE_SIZE - 1] == 0);
  row(2, fault_pages, "anon write fault");
  /* COW: the child waits on a shared flag while the parent writes. */
  volatile char *c = map(fault_pages);
  touch(c, fault_pages);
  for (unsigned i = 0; i < fault_pages; i++) c[i * PAGE_SIZE + PAGE_SIZE - 1] = (char)(i + 7);
  volatile int *flag = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  *flag = 0;
  long pid = fork();
  if (pid == 0) {
    while (!*flag) sched_yield();
    exit(0);
  }
  region_begin(3);
  for (unsigned i = 0; i < fault_pages; i++) c[i * PAGE_SIZE] = 2;
  region_end(3);
  *flag = 1;
  waitpid(pid, 0, 0);
  for (unsigned i = 0; i < fault_pages; i++) /* the copy kept the rest of the page */
    CHECK(c[i * PAGE_SIZE] == 2 && c[i * PAGE_SIZE + PAGE_SIZE - 1] == (char)(i + 7));
  row(3, fault_pages, "COW fault (copy)");
}

static void fork_exit(void) {
  static const unsigned mib[] = {1, 4, 16};
  for (unsigned k = 0; k < fork_rows; k++) {
    unsigned long pages = mib[k] * 256ul;
    char *p = map(pages);
    touch(p, pages);
    region_begin(4 + k);
    long pid = fork();
    if (pid == 0) exit(0);
    int status = -1;
    waitpid(pid, &status, 0);
    region_end(4 + k);
    CHECK(WIFEXITED(status));
    munmap(p, pages * PAGE_SIZE);
    printf("vmbench: row %u ops 1 fork+exit %u MiB touched\n", 4 + k, mib[k]);
  }
}

static void context_switch(void) {
  volatile char *p = map(SWITCH_PAGES);
  touch(p, SWITCH_PAGES);
  long pid = fork();
  if (pid == 0) {
    volatile char *q = map(SWITCH_PAGES);
    for (unsigned r = 0; r < switch_rounds + 4; r++) {
      touch(q, SWITCH_PAGES);
      sched_yield();
    }
    exit(0);
  }
  touch(p, SWITCH_PAGES); /* COW copies before the measurement */
  sched_yield();
  region_begin(7);
  for (unsigned r = 0; r < switch_rounds; r++) {
    sched_yield();
    touch(p, SWITCH_PAGES);
  }
  region_end(7);
  waitpid(pid, 0, 0);
  /* one op = a switch away and back (two context switches) */
  row(7, switch_rounds, "context switch pair + 8 pages");
}

static void mmap_munmap(void) {
  static const unsigned sizes[] = {1, 4, 16, 64, 256, 1024};
  for (unsigned k = 0; k < mmap_rows; k++) {
    region_begin(8 + k);
    char *p = mmap(0, sizes[k] * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    touch(p, sizes[k]);
    munmap(p, sizes[k] * PAGE_SIZE);
    region_end(8 + k);
    printf("vmbench: row %u ops 1 mmap+touch+munmap %u pages\n", 8 + k, sizes[k]);
  }
}

static int same(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

int main(int argc, char **argv) {
  if (argc > 1 && same(argv[1], "quick")) {
    fork_rows = 2;
    mmap_rows = 4;
  } else if (argc > 1 && same(argv[1], "tiny")) {
    fault_pages = switch_rounds = 8;
    fork_rows = 1;
    mmap_rows = 3;
  }
  region_begin(0);
  region_end(0);
  row(0, 1, "empty region (markers)");
  faults();
  fork_exit();
  context_switch();
  mmap_munmap();
  return test_done("vmbench");
}
