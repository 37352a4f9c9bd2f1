/*
 * swaptest.c -- a working set twice the free memory: maps 2 x free pages
 * (or argv[1] pages), writes one word of every 64-byte line of every page
 * with a pattern of its page number (pages move to and from swap whole,
 * so every line of every page is checked), then reads every page back
 * and checks its sum.  The
 * kernel has to swap most of them out and in again (run with
 * mmcosim.ramswap= and mmcosim.vmstat=1 to see pswpout / pswpin).
 * argv[1] "xP" sizes the working set at P % of the free pages instead
 * (make bench-reclaim's thrashing curve); the write and read passes are
 * simctl bench region 0x600.
 */
#include "user.h"

static uint32_t pattern(unsigned long page, unsigned word) {
  return (uint32_t)(page * 2654435761u) ^ (word * 40503u);
}

int main(int argc, char **argv) {
  unsigned long free0 = free_pages();
  unsigned long pages = 2 * free0;
  if (argc > 1) {
    const char *p = argv[1] + (argv[1][0] == 'x');
    unsigned long n = 0;
    for (; *p >= '0' && *p <= '9'; p++) n = n * 10 + (unsigned long)(*p - '0');
    pages = argv[1][0] == 'x' ? free0 * n / 100 : n;
  }
  uint32_t *area = mmap(NULL, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!CHECK(!MMAP_FAILED(area))) return test_done("swaptest");
  const unsigned words = PAGE_SIZE / sizeof(uint32_t), stride = 64 / sizeof(uint32_t);
  region_begin(0x600);
  for (unsigned long pg = 0; pg < pages; pg++)
    for (unsigned w = 0; w < words; w += stride) area[pg * words + w] = pattern(pg, w);
  printf("swaptest: wrote %lu pages (free pages before: %lu, now %lu)\n", pages, free0, free_pages());
  unsigned long bad = 0;
  for (unsigned long pg = 0; pg < pages; pg++) {
    uint32_t sum = 0, want = 0;
    for (unsigned w = 0; w < words; w += stride) {
      sum += area[pg * words + w] ^ w;
      want += pattern(pg, w) ^ w;
    }
    if (sum != want) {
      if (bad < 4) printf("swaptest: page %lu checksum %08lx, expected %08lx\n", pg, (unsigned long)sum,
                          (unsigned long)want);
      bad++;
    }
  }
  region_end(0x600);
  CHECK_EQ(bad, 0);
  printf("swaptest: %lu pages read back, %lu bad checksums\n", pages, bad);
  return test_done("swaptest");
}
