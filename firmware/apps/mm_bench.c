/*
 * mm_bench -- allocator costs for `make bench-mm`: cycles and instructions
 * per alloc_pages() and per __free_pages() of the buddy allocator
 * (firmware/mm, docs/kernel-mm.md) on the machine, by order.
 *
 * For each order 0..MAX_ORDER-1 and each of ROUNDS rounds: allocate
 * blocks(order) blocks (movable, as user pages are), then free them in
 * the same order; the two loops are timed with mcycle/minstret and each
 * order is one simctl bench region (id REGION_BASE + order, so --stats
 * has the DRAM and TLB counters of each).  Order 0 goes through the
 * per-CPU lists (refilled `batch` pages at a time from the buddy, drained
 * when they reach `high`); higher orders split on allocation and merge
 * on free.  The per-CPU lists are drained between rounds, untimed, so
 * every round starts from the same free lists.
 *
 * Output, one line per order, then a check:
 *   mm_bench: order <o> blocks <n> alloc <cycles>/<instret> free <cycles>/<instret>
 *   PASS mm_bench   (free counts back at their start after every round)
 */
#include <stdint.h>

#include "bootmem.h"
#include "hpm.h"
#include "memblock.h"
#include "page_alloc.h"
#include "platform.h"
#include "printf.h"
#include "simctl.h"
#include "test.h"

#define ROUNDS 4
#define MAX_BLOCKS 32
#define REGION_BASE 0x200

/* Blocks per round: 32 small ones, fewer of the large orders (16 x 4 MiB
 * of DRAM in all, part of it taken by the program). */
static unsigned blocks(unsigned order) {
  return order <= 5 ? MAX_BLOCKS : order <= 8 ? 16 : 4;
}

static struct page *held[MAX_BLOCKS];

int main(void) {
  test_begin("mm_bench");
  CHECK_EQ(setup_bootmem(), 0);
  mm_core_init();
  const unsigned long free0 = nr_free_pages();

  for (unsigned order = 0; order < MAX_ORDER; order++) {
    const unsigned n = blocks(order);
    uint64_t alloc_cyc = 0, alloc_ins = 0, free_cyc = 0, free_ins = 0;
    sim_region_begin(REGION_BASE + order);
    for (unsigned r = 0; r < ROUNDS; r++) {
      uint64_t c0 = rd_mcycle(), i0 = rd_minstret();
      for (unsigned b = 0; b < n; b++) held[b] = alloc_pages(GFP_HIGHUSER_MOVABLE, order);
      uint64_t c1 = rd_mcycle(), i1 = rd_minstret();
      for (unsigned b = 0; b < n; b++)
        if (held[b]) __free_pages(held[b], order);
      uint64_t c2 = rd_mcycle(), i2 = rd_minstret();
      alloc_cyc += c1 - c0;
      alloc_ins += i1 - i0;
      free_cyc += c2 - c1;
      free_ins += i2 - i1;
      for (unsigned b = 0; b < n; b++) CHECK(held[b] != NULL);
      drain_local_pages(NULL);
      CHECK_EQ(nr_free_pages(), free0);
    }
    sim_region_end(REGION_BASE + order);
    const uint64_t ops = (uint64_t)n * ROUNDS;
    kprintf("mm_bench: order %u blocks %u alloc %lu/%lu free %lu/%lu\n", order, n,
           (unsigned long)(alloc_cyc / ops), (unsigned long)(alloc_ins / ops),
           (unsigned long)(free_cyc / ops), (unsigned long)(free_ins / ops));
  }
  return test_end();
}
