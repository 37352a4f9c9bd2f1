/*
 * mm_slab -- the slab allocator and kmalloc (mm/slab.c, mm/slab_common.c)
 * on the machine: brings mm up as mm_buddy does, kmem_cache_init(),
 * creates a cache with a constructor, allocates and frees its objects
 * and a mix of kmalloc sizes (small classes and large buddy blocks),
 * writing a pattern into each and reading it back, prints slabinfo,
 * frees everything, shrinks every cache and checks that the buddy's free
 * page count is back at its value after kmem_cache_init.  "PASS mm_slab".
 */
#include "bootmem.h"
#include "memblock.h"
#include "page_alloc.h"
#include "platform.h"
#include "slab.h"
#include "test.h"

#define NR_OBJECTS 100                 /* objects of the ctor cache */
#define CONSTRUCTED 0xc0ffee11u

struct thing {
  uint32_t magic; /* CONSTRUCTED from the ctor, kept by every user */
  uint32_t id;
  uint32_t data[10];
};

static unsigned ctor_calls;

/* Constructor of "thing": runs once per object when its slab is made. */
static void thing_ctor(void *object) {
  struct thing *t = object;
  t->magic = CONSTRUCTED;
  t->id = 0;
  ctor_calls++;
}

static const unsigned kmalloc_sizes[] = {
    1, 8, 13, 32, 60, 96, 100, 192, 200, 256, 500, 1024, 2000, 2048,
    3000, 4096, 10000, 40000, 24, 72, 150, 700, 1500, 9,
};
#define NR_KMALLOCS (sizeof(kmalloc_sizes) / sizeof(kmalloc_sizes[0]))
static unsigned char *blocks[NR_KMALLOCS];
static struct thing *things[NR_OBJECTS];

/* The pattern byte `b` of kmalloc block `i` holds. */
static unsigned char pattern(unsigned i, unsigned b) {
  return (unsigned char)(0x5c ^ (i * 31) ^ b);
}

/* Shrinks every cache on slab_caches. */
static void shrink_all(void) {
  struct list_head *pos;
  list_for_each(pos, &slab_caches)
      kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
}

int main(void) {
  test_begin("mm_slab");
  CHECK_EQ(setup_bootmem(), 0);
  mm_core_init();
  kmem_cache_init();
  drain_local_pages(NULL);
  unsigned long free0 = nr_free_pages();
  kprintf("after kmem_cache_init: %lu free pages\n", free0);

  struct kmem_cache *cache = kmem_cache_create("thing", sizeof(struct thing), 0,
                                               SLAB_HWCACHE_ALIGN, thing_ctor);
  if (!CHECK(cache != NULL)) return test_end();
  for (unsigned i = 0; i < NR_OBJECTS; i++) {
    things[i] = kmem_cache_alloc(cache, GFP_KERNEL);
    if (!CHECK(things[i] != NULL)) continue;
    CHECK_EQ(things[i]->magic, CONSTRUCTED);
    CHECK_EQ((uintptr_t)things[i] % cache->align, 0);
    things[i]->id = i;
    for (unsigned w = 0; w < 10; w++) things[i]->data[w] = i * 10 + w;
  }
  unsigned slabs = (NR_OBJECTS + cache->objects - 1) / cache->objects;
  CHECK_EQ(ctor_calls, slabs * cache->objects);

  for (unsigned i = 0; i < NR_KMALLOCS; i++) {
    blocks[i] = kmalloc(kmalloc_sizes[i], GFP_KERNEL);
    if (!CHECK(blocks[i] != NULL)) continue;
    CHECK(ksize(blocks[i]) >= kmalloc_sizes[i]);
    for (unsigned b = 0; b < kmalloc_sizes[i]; b++) blocks[i][b] = pattern(i, b);
  }
  CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
  CHECK(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL) == NULL);
  unsigned char *z = kzalloc(300, GFP_KERNEL);
  if (CHECK(z != NULL)) {
    unsigned nonzero = 0;
    for (unsigned b = 0; b < 300; b++) nonzero += z[b] != 0;
    CHECK_EQ(nonzero, 0);
  }

  show_slabinfo();

  /* read everything back: no block overlaps another */
  for (unsigned i = 0; i < NR_OBJECTS; i++) {
    if (!things[i]) continue;
    unsigned bad = things[i]->magic != CONSTRUCTED || things[i]->id != i;
    for (unsigned w = 0; w < 10; w++) bad += things[i]->data[w] != i * 10 + w;
    CHECK_EQ(bad, 0);
  }
  for (unsigned i = 0; i < NR_KMALLOCS; i++) {
    if (!blocks[i]) continue;
    unsigned bad = 0;
    for (unsigned b = 0; b < kmalloc_sizes[i]; b++) bad += blocks[i][b] != pattern(i, b);
    CHECK_EQ(bad, 0);
  }

  /* free the odd ones first, then the even ones backwards */
  for (unsigned i = 1; i < NR_KMALLOCS; i += 2) kfree(blocks[i]);
  for (unsigned i = NR_KMALLOCS; i-- > 0;)
    if (i % 2 == 0) kfree(blocks[i]);
  kfree(z);
  kfree(NULL);
  kfree(ZERO_SIZE_PTR);
  for (unsigned i = 0; i < NR_OBJECTS; i += 2) kmem_cache_free(cache, things[i]);
  for (unsigned i = 1; i < NR_OBJECTS; i += 2) kmem_cache_free(cache, things[i]);
  CHECK_EQ(kmem_cache_objects_in_use(cache), 0);
  kmem_cache_destroy(cache);
  shrink_all();

  show_slabinfo();
  drain_local_pages(NULL);
  kprintf("after free and shrink: %lu free pages\n", nr_free_pages());
  CHECK_EQ(nr_free_pages(), free0);
  return test_end();
}
