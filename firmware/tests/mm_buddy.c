/*
 * mm_buddy -- the kernel memory manager (mm/) on the machine: registers
 * DRAM with memblock, reserves the program image and its stack, brings
 * up the buddy allocator, allocates a mix of orders and migrate types
 * (writing a pattern into every page and reading it back), frees them in
 * another order, drains the per-CPU lists, and checks that the free
 * counts per order of every zone return to their initial values.  Prints
 * the memblock dump, the zone ranges, buddyinfo before and after,
 * pagetypeinfo, zoneinfo and meminfo; "PASS mm_buddy".
 *
 * Then the pcp fast-path bench (bench_pcp): instructions (minstret) per
 * order-0 alloc+free pair in steady state, interleaved so the pcp list
 * neither refills nor drains, net of the loop; and the amortized cost of
 * an allocation that refills (rmqueue_bulk) and of a free that drains
 * (free_pcppages_bulk).  Each is a simctl bench region (BENCH_REGION_*):
 *   mm_buddy: pcp pair <n> instructions (loop <l>), refill alloc <r>, drain free <d>
 */
#include "bootmem.h"
#include "hpm.h"
#include "memblock.h"
#include "page_alloc.h"
#include "platform.h"
#include "simctl.h"
#include "test.h"

#define PATTERN_STRIDE 16              /* words between pattern words */
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))

struct request {
  gfp_t gfp;
  unsigned int order;
};

static const struct request requests[] = {
    {GFP_KERNEL, 0},           {GFP_HIGHUSER_MOVABLE, 0},
    {GFP_KERNEL, 3},           {GFP_HIGHUSER_MOVABLE, 5},
    {GFP_KERNEL | __GFP_RECLAIMABLE, 1}, {GFP_KERNEL, 0},
    {GFP_HIGHUSER_MOVABLE, 2}, {GFP_KERNEL | __GFP_ZERO, 2},
    {GFP_HIGHUSER_MOVABLE, 6}, {GFP_KERNEL, 1},
    {GFP_KERNEL | __GFP_RECLAIMABLE, 0}, {GFP_HIGHUSER_MOVABLE, 0},
    {GFP_KERNEL, 4},           {GFP_HIGHUSER_MOVABLE, 10},
    {GFP_ATOMIC, 0},           {GFP_KERNEL, 0},
};
#define NR_REQUESTS (sizeof(requests) / sizeof(requests[0]))

static struct page *pages[NR_REQUESTS];

#define BENCH_PAIRS 256               /* alloc+free pairs per measurement */
#define BENCH_REGION_PAIR   0x300     /* simctl region: steady-state pairs */
#define BENCH_REGION_REFILL 0x301     /* allocations that refill the pcp list */
#define BENCH_REGION_DRAIN  0x302     /* frees that drain the pcp list */

static struct page *bench_pages[BENCH_PAIRS];

/* minstret per iteration of an empty loop of BENCH_PAIRS (the overhead). */
static uint64_t bench_loop_overhead(void) {
  uint64_t i0 = rd_minstret();
  for (unsigned k = 0; k < BENCH_PAIRS; k++) __asm__ volatile("" ::: "memory");
  return (rd_minstret() - i0) / BENCH_PAIRS;
}

/*
 * Order-0 fast path: pairs with one page on the list (count stays below
 * high, the list never empties), then BENCH_PAIRS allocations from an
 * empty list (each refills), then BENCH_PAIRS frees with the list at
 * high - 1 (each drains a batch).  Prints per-operation instructions.
 */
static void bench_pcp(void) {
  struct zone *zone = &contig_page_data.node_zones[ZONE_NORMAL];
  drain_local_pages(NULL);
  __free_page(alloc_page(GFP_KERNEL)); /* one page on the unmovable list */
  sim_region_begin(BENCH_REGION_PAIR);
  uint64_t i0 = rd_minstret();
  for (unsigned k = 0; k < BENCH_PAIRS; k++) __free_page(alloc_page(GFP_KERNEL));
  uint64_t pair = (rd_minstret() - i0) / BENCH_PAIRS;
  sim_region_end(BENCH_REGION_PAIR);
  CHECK_EQ(zone->pcp.count, 1);

  drain_local_pages(NULL);
  sim_region_begin(BENCH_REGION_REFILL);
  i0 = rd_minstret();
  for (unsigned k = 0; k < BENCH_PAIRS; k++) bench_pages[k] = alloc_page(GFP_KERNEL);
  uint64_t refill = (rd_minstret() - i0) / BENCH_PAIRS;
  sim_region_end(BENCH_REGION_REFILL);
  for (unsigned k = 0; k < BENCH_PAIRS; k++) CHECK(bench_pages[k] != NULL);

  /* free until the list is one short of high, then time frees that drain */
  unsigned k = 0;
  while (k < BENCH_PAIRS && zone->pcp.count < zone->pcp.high - 1) __free_page(bench_pages[k++]);
  unsigned timed = BENCH_PAIRS - k;
  sim_region_begin(BENCH_REGION_DRAIN);
  i0 = rd_minstret();
  for (unsigned j = k; j < BENCH_PAIRS; j++) __free_page(bench_pages[j]);
  uint64_t drain = timed ? (rd_minstret() - i0) / timed : 0;
  sim_region_end(BENCH_REGION_DRAIN);
  CHECK(timed > 0);
  drain_local_pages(NULL);
  kprintf("mm_buddy: pcp pair %lu instructions (loop %lu), refill alloc %lu, drain free %lu"
          " (batch %d, high %d)\n", (unsigned long)pair, (unsigned long)bench_loop_overhead(),
          (unsigned long)refill, (unsigned long)drain, zone->pcp.batch, zone->pcp.high);
}

/* The pattern word `w` of allocation `i` holds. */
static uint32_t pattern(unsigned i, uint32_t w) {
  return 0x5a000000u ^ (i << 16) ^ w;
}

/* Writes (or with check != 0, verifies) allocation i's pattern; returns mismatches. */
static unsigned pattern_pass(unsigned i, int check) {
  unsigned bad = 0;
  for (unsigned long p = 0; p < (1ul << requests[i].order); p++) {
    volatile uint32_t *word = page_address(pages[i] + p);
    for (uint32_t w = 0; w < WORDS_PER_PAGE; w += PATTERN_STRIDE) {
      uint32_t want = pattern(i, (uint32_t)p * WORDS_PER_PAGE + w);
      if (!check)
        word[w] = want;
      else if (word[w] != want)
        bad++;
    }
  }
  return bad;
}

int main(void) {
  test_begin("mm_buddy");
  CHECK_EQ(setup_bootmem(), 0);
  memblock_dump_all();
  mm_core_init();
  struct zone *zone;
  for_each_populated_zone(zone)
    kprintf("%s: managed %lu pages, watermarks min %lu low %lu high %lu, pcp batch %d high %d\n",
            zone->name, zone->managed_pages, min_wmark_pages(zone), low_wmark_pages(zone),
            high_wmark_pages(zone), zone->pcp.batch, zone->pcp.high);
  show_buddyinfo();
  unsigned long free0 = nr_free_pages();
  unsigned long nr_free0[MAX_NR_ZONES][MAX_ORDER];
  for_each_zone(zone)
    for (unsigned o = 0; o < MAX_ORDER; o++)
      nr_free0[zone_idx(zone)][o] = zone->free_area[o].nr_free;

  for (unsigned i = 0; i < NR_REQUESTS; i++) {
    pages[i] = alloc_pages(requests[i].gfp, requests[i].order);
    if (!CHECK(pages[i] != NULL)) continue;
    unsigned long pfn = page_to_pfn(pages[i]);
    CHECK_EQ(pfn & ((1ul << requests[i].order) - 1), 0);
    CHECK(!memblock_is_region_reserved(PFN_PHYS(pfn), PAGE_SIZE << requests[i].order));
    if (requests[i].gfp & __GFP_ZERO) {
      const uint32_t *w = page_address(pages[i]);
      CHECK_EQ(w[0] | w[WORDS_PER_PAGE - 1], 0);
    }
    pattern_pass(i, 0);
  }
  for (unsigned i = 0; i < NR_REQUESTS; i++)
    if (pages[i]) CHECK_EQ(pattern_pass(i, 1), 0);
  show_pagetypeinfo();

  /* free the odd ones first, then the even ones backwards */
  for (unsigned i = 1; i < NR_REQUESTS; i += 2)
    if (pages[i]) __free_pages(pages[i], requests[i].order);
  for (unsigned i = NR_REQUESTS; i-- > 0;)
    if (pages[i] && i % 2 == 0) __free_pages(pages[i], requests[i].order);
  drain_local_pages(NULL);

  show_buddyinfo();
  show_zoneinfo();
  show_meminfo();
  CHECK_EQ(nr_free_pages(), free0);
  for_each_zone(zone) {
    kprintf("%s: fallbacks %lu, pageblocks stolen %lu\n", zone->name, zone->nr_fallback,
            zone->nr_pageblock_steal);
    for (unsigned o = 0; o < MAX_ORDER; o++)
      CHECK_EQ(zone->free_area[o].nr_free, nr_free0[zone_idx(zone)][o]);
  }
  bench_pcp();
  CHECK_EQ(nr_free_pages(), free0);
  return test_end();
}
