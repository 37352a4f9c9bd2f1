/*
 * mm_selftest.c -- the buddy and slab allocators exercised by the kernel
 * with paging on: every byte goes through the linear map of
 * swapper_pg_dir (megapages) and the RTL MMU.  The same checks as
 * firmware/tests/mm_buddy and mm_slab in brief: blocks of several orders
 * and migrate types, objects of a constructor cache and kmalloc sizes,
 * each filled with its own pattern, read back, freed; the free page count
 * must return to where it started.
 */
#include "kernel.h"
#include "page_alloc.h"
#include "slab.h"
#include "test.h"

#define NR_BLOCKS  8
#define NR_OBJS    48
#define WORD_STEP  16 /* words between pattern words in a page */

static const unsigned block_order[NR_BLOCKS] = {0, 3, 1, 5, 0, 2, 7, 4};
static const unsigned kmalloc_size[NR_BLOCKS] = {8, 60, 192, 500, 2048, 3000, 9000, 40};

/* The word pattern of block or object `i`, word `w`. */
static uint32_t fill(unsigned i, uint32_t w) { return 0xa5000000u ^ (i << 20) ^ w; }

/* Writes (check false) or verifies `words` pattern words at `p`; returns mismatches. */
static unsigned pattern(uint32_t *p, unsigned long words, unsigned step, unsigned i,
                        bool check) {
  unsigned bad = 0;
  for (unsigned long w = 0; w < words; w += step) {
    if (!check)
      p[w] = fill(i, w);
    else
      bad += p[w] != fill(i, w);
  }
  return bad;
}

/* Blocks of mixed orders and types through the linear map. */
static void buddy_selftest(void) {
  struct page *blocks[NR_BLOCKS];
  drain_local_pages(NULL);
  unsigned long free0 = nr_free_pages();
  for (unsigned i = 0; i < NR_BLOCKS; i++) {
    gfp_t gfp = i % 2 ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL;
    blocks[i] = alloc_pages(gfp, block_order[i]);
    if (!CHECK(blocks[i] != NULL)) continue;
    CHECK_EQ(page_to_pfn(blocks[i]) & ((1ul << block_order[i]) - 1), 0);
    pattern(page_address(blocks[i]), (PAGE_SIZE / 4) << block_order[i], WORD_STEP, i, false);
  }
  for (unsigned i = 0; i < NR_BLOCKS; i++)
    if (blocks[i])
      CHECK_EQ(pattern(page_address(blocks[i]), (PAGE_SIZE / 4) << block_order[i], WORD_STEP,
                       i, true), 0);
  for (unsigned i = NR_BLOCKS; i-- > 0;)
    if (blocks[i]) __free_pages(blocks[i], block_order[i]);
  drain_local_pages(NULL);
  CHECK_EQ(nr_free_pages(), free0);
}

/* Counts constructor calls of the self-test cache. */
static unsigned ctor_calls;
#define CONSTRUCTED 0x5e1f7e57u
static void obj_ctor(void *obj) {
  *(uint32_t *)obj = CONSTRUCTED;
  ctor_calls++;
}

/* Gives every cache's empty slabs back to the buddy, and the pcp pages. */
static void shrink_all(void) {
  struct list_head *pos;
  list_for_each(pos, &slab_caches)
      kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
  drain_local_pages(NULL);
}

/* A constructor cache and a kmalloc mix, then every page back to the buddy. */
static void slab_selftest(void) {
  void *objs[NR_OBJS];
  uint32_t *blocks[NR_BLOCKS];
  shrink_all();
  unsigned long free0 = nr_free_pages();
  struct kmem_cache *cache = kmem_cache_create("selftest", 40, 0, SLAB_HWCACHE_ALIGN, obj_ctor);
  if (!CHECK(cache != NULL)) return;
  for (unsigned i = 0; i < NR_OBJS; i++) {
    objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
    if (CHECK(objs[i] != NULL)) CHECK_EQ(*(uint32_t *)objs[i], CONSTRUCTED);
  }
  CHECK_EQ(ctor_calls % cache->objects, 0);
  for (unsigned i = 0; i < NR_BLOCKS; i++) {
    blocks[i] = kmalloc(kmalloc_size[i], GFP_KERNEL);
    if (CHECK(blocks[i] != NULL)) pattern(blocks[i], kmalloc_size[i] / 4, 1, i, false);
  }
  for (unsigned i = 0; i < NR_BLOCKS; i++)
    if (blocks[i]) CHECK_EQ(pattern(blocks[i], kmalloc_size[i] / 4, 1, i, true), 0);
  show_slabinfo();
  for (unsigned i = 0; i < NR_BLOCKS; i++) kfree(blocks[i]);
  for (unsigned i = 0; i < NR_OBJS; i++) kmem_cache_free(cache, objs[i]);
  kmem_cache_destroy(cache);
  shrink_all();
  CHECK_EQ(nr_free_pages(), free0);
}

void mm_selftest(void) {
  buddy_selftest();
  slab_selftest();
}
