/*
 * mm_bench -- allocator costs for `make bench-mm` (firmware/mm,
 * docs/kernel-mm.md) on the machine.  Every row is one simctl bench
 * region, so --stats has its instructions, cycles, TLB misses, walks and
 * SFENCEs; the program prints what each region did:
 *
 *   mm_bench: row <region id> ops <n> <operation>
 *
 * and bench/bench_mm.sh divides the region's counter deltas by n.  Rows:
 *   pcp pair order-0          alloc_pages + __free_pages of one page, in
 *                             steady state (the pcp list neither refills
 *                             nor drains): the <= 120 instruction target
 *   buddy alloc / free order o  blocks(o) blocks allocated, then freed
 *                             (order 0: pcp refill / drain amortized;
 *                             higher orders split and merge)
 *   kmem_cache pair <size>    kmem_cache_alloc + kmem_cache_free in steady
 *                             state (a pop and a push on the CPU slab):
 *                             the <= 40 instruction target
 *   kmem_cache refill <size>  3 slabs' worth allocated, then freed (new
 *                             slabs, CPU slab flushes: the slow paths)
 *   kmalloc pair <class>      kmalloc + kfree of each class, and one
 *                             large (buddy) size
 * Built twice: build/firmware (debug off) and build/firmware-debug
 * (make -C firmware DEBUG=1: CONFIG_SLUB_DEBUG, CONFIG_DEBUG_VM).
 * Ends with "PASS mm_bench" when every allocation succeeded and the free
 * page count is back at its start.
 */
#include <stdint.h>

#include "bootmem.h"
#include "memblock.h"
#include "page_alloc.h"
#include "platform.h"
#include "printf.h"
#include "simctl.h"
#include "slab.h"
#include "test.h"

#define REGION_BASE 0x200 /* first bench region id */
#define PAIR_OPS 256      /* iterations of a steady-state pair */
#define WARMUP_OPS 4      /* untimed pairs before (fills the pcp list / CPU slab) */
#define MAX_BLOCKS 32
#define REFILL_SLABS 3    /* slabs' worth of objects in a refill row */
#define MAX_OBJECTS 1536  /* objects held at once in a refill row */

static unsigned next_region = REGION_BASE;
static unsigned failed; /* allocations that failed inside a region (checked
                           after it: a CHECK per operation would be timed) */
static struct page *held_pages[MAX_BLOCKS];
static void *held[MAX_OBJECTS];

/* Opens the next bench region; returns its id. */
static unsigned row_begin(void) {
  sim_region_begin(next_region);
  return next_region;
}

/* Closes region `id`, which did `ops` operations of `what` (+ `arg`). */
static void row_end(unsigned id, unsigned ops, const char *what, unsigned arg) {
  sim_region_end(id);
  kprintf("mm_bench: row %u ops %u %s%u\n", id, ops, what, arg);
  next_region++;
}

/* Blocks per buddy row: 32 small ones, fewer of the large orders. */
static unsigned blocks(unsigned order) {
  return order <= 5 ? MAX_BLOCKS : order <= 8 ? 16 : 4;
}

/* order-0 alloc + free through the pcp list, steady state. */
static void bench_pcp_pair(void) {
  for (unsigned i = 0; i < WARMUP_OPS; i++) __free_pages(alloc_pages(GFP_KERNEL, 0), 0);
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    struct page *p = alloc_pages(GFP_KERNEL, 0);
    if (!p) {
      failed++;
      break;
    }
    __free_pages(p, 0);
  }
  row_end(id, PAIR_OPS, "pcp pair order-", 0);
}

/* blocks(order) allocations, then as many frees: two rows. */
static void bench_buddy(unsigned order) {
  const unsigned n = blocks(order);
  drain_local_pages(NULL);
  unsigned id = row_begin();
  for (unsigned b = 0; b < n; b++) held_pages[b] = alloc_pages(GFP_HIGHUSER_MOVABLE, order);
  row_end(id, n, "buddy alloc order-", order);
  id = row_begin();
  for (unsigned b = 0; b < n; b++) {
    if (held_pages[b]) __free_pages(held_pages[b], order);
    else failed++;
  }
  row_end(id, n, "buddy free order-", order);
}

/* kmem_cache_alloc + kmem_cache_free in steady state, then a refill row. */
static void bench_cache(unsigned size) {
  struct kmem_cache *c = kmem_cache_create("bench", size, 0, 0, NULL);
  if (!CHECK(c != NULL)) return;
  for (unsigned i = 0; i < WARMUP_OPS; i++) kmem_cache_free(c, kmem_cache_alloc(c, GFP_KERNEL));
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    void *o = kmem_cache_alloc(c, GFP_KERNEL);
    if (!o) {
      failed++;
      break;
    }
    kmem_cache_free(c, o);
  }
  row_end(id, PAIR_OPS, "kmem_cache pair ", size);

  unsigned n = REFILL_SLABS * c->objects;
  if (n > MAX_OBJECTS) n = MAX_OBJECTS;
  id = row_begin();
  for (unsigned i = 0; i < n; i++) held[i] = kmem_cache_alloc(c, GFP_KERNEL);
  for (unsigned i = 0; i < n; i++) {
    if (held[i]) kmem_cache_free(c, held[i]);
    else failed++;
  }
  row_end(id, 2 * n, "kmem_cache refill ", size);
  kmem_cache_destroy(c);
}

/* kmalloc + kfree of `size` bytes, steady state. */
static void bench_kmalloc(unsigned size) {
  for (unsigned i = 0; i < WARMUP_OPS; i++) kfree(kmalloc(size, GFP_KERNEL));
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    void *p = kmalloc(size, GFP_KERNEL);
    if (!p) {
      failed++;
      break;
    }
    kfree(p);
  }
  row_end(id, PAIR_OPS, "kmalloc pair ", size);
}

/* Sizes of the kmem_cache rows and the kmalloc classes (+ one large size). */
static const unsigned cache_sizes[] = {16, 64, 256, 1024};
static const unsigned kmalloc_sizes[] = {8,   16,  32,   64,   96,   128,  192,
                                         256, 512, 1024, 2048, 4096, 8192, 16384};
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Shrinks every cache on slab_caches. */
static void shrink_all(void) {
  struct list_head *pos;
  list_for_each(pos, &slab_caches) kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
}

int main(void) {
  test_begin("mm_bench");
  CHECK_EQ(setup_bootmem(), 0);
  mm_core_init();
  kmem_cache_init();
  kprintf("mm_bench: CONFIG_SLUB_DEBUG=%d\n", CONFIG_SLUB_DEBUG);
  drain_local_pages(NULL);
  const unsigned long free0 = nr_free_pages();

  bench_pcp_pair();
  for (unsigned order = 0; order < MAX_ORDER; order++) bench_buddy(order);
  for (unsigned i = 0; i < ARRAY_SIZE(cache_sizes); i++) bench_cache(cache_sizes[i]);
  for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) bench_kmalloc(kmalloc_sizes[i]);
  /* vmalloc / vfree of 1..256 pages, kmap / kunmap and kmap_local rows
   * go here (engineer k-vmalloc), one row_begin / row_end each. */

  shrink_all();
  drain_local_pages(NULL);
  CHECK_EQ(failed, 0);
  CHECK_EQ(nr_free_pages(), free0);
  return test_end();
}
