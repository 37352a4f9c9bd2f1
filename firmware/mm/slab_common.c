/*
 * slab_common.c -- kmalloc on top of the slab caches: the kmalloc-<n>
 * size classes, large requests straight from the buddy, kfree / ksize
 * finding the owner of a pointer from its struct page, and the
 * /proc/slabinfo view.
 *
 *   size       0          1..8  9..16 ... 65..96 97..128 129..192 ... 4097..8192  8193..4 MiB  more
 *   kmalloc    ZERO_SIZE  kmalloc-8  -16 ... -96    -128    -192     ... -8k         buddy pages NULL
 *   index                 3     4    ...  1      7       2        ... 13          (PG_head)
 *   lookup                size_index[(size - 1) / 8] up to 192,  fls(size - 1) above
 */
#include <string.h>

#include "internal.h"
#include "page_alloc.h"
#include "printk.h"
#include "slab.h"

struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];

/* The kmalloc class names by index (Linux kmalloc_info); 0 is unused. */
static const char *const kmalloc_names[NR_KMALLOC_CACHES] = {
    NULL,          "kmalloc-96",  "kmalloc-192",  "kmalloc-8",    "kmalloc-16",
    "kmalloc-32",  "kmalloc-64",  "kmalloc-128",  "kmalloc-256",  "kmalloc-512",
    "kmalloc-1k",  "kmalloc-2k",  "kmalloc-4k",   "kmalloc-8k",
};

/* The object size of kmalloc class `index`. */
static unsigned int kmalloc_size(unsigned int index) {
  if (index == KMALLOC_96_INDEX) return 96;
  if (index == KMALLOC_192_INDEX) return 192;
  return 1u << index;
}

/*
 * Linux's size_index: the class of a request of up to
 * SIZE_INDEX_MAX bytes, by (size - 1) / SIZE_INDEX_STEP.
 */
#define SIZE_INDEX_STEP 8u
#define SIZE_INDEX_MAX  192u
static const unsigned char size_index[SIZE_INDEX_MAX / SIZE_INDEX_STEP] = {
    3, /* 8 */   4, /* 16 */  5, /* 24 */  5, /* 32 */  6, /* 40 */  6, /* 48 */
    6, /* 56 */  6, /* 64 */  1, /* 72 */  1, /* 80 */  1, /* 88 */  1, /* 96 */
    7, /* 104 */ 7, /* 112 */ 7, /* 120 */ 7, /* 128 */ 2, /* 136 */ 2, /* 144 */
    2, /* 152 */ 2, /* 160 */ 2, /* 168 */ 2, /* 176 */ 2, /* 184 */ 2, /* 192 */
};

/* Creates kmalloc class `index`; panics on failure. */
static void create_kmalloc_cache(unsigned int index) {
  kmalloc_caches[index] = kmem_cache_create(kmalloc_names[index], kmalloc_size(index), 0, 0, NULL);
  if (!kmalloc_caches[index])
    panic("create_kmalloc_caches: cannot create %s", kmalloc_names[index]);
}

/* See internal.h.  Smallest first: kmalloc-96 after -64, -192 after -128. */
void create_kmalloc_caches(void) {
  for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
    create_kmalloc_cache(i);
    if (kmalloc_size(i) == 64) create_kmalloc_cache(KMALLOC_96_INDEX);
    if (kmalloc_size(i) == 128) create_kmalloc_cache(KMALLOC_192_INDEX);
  }
}

/* The kmalloc index of a request of `size` bytes (1 .. KMALLOC_MAX_CACHE_SIZE). */
static inline unsigned int kmalloc_index(size_t size) {
  if (size <= SIZE_INDEX_MAX) return size_index[(size - 1) / SIZE_INDEX_STEP];
  return (unsigned int)(sizeof(unsigned int) * 8 - __builtin_clz((unsigned int)size - 1));
}

/* See slab.h. */
struct kmem_cache *kmalloc_slab(size_t size) {
  if (size == 0 || size > KMALLOC_MAX_CACHE_SIZE) return NULL;
  return kmalloc_caches[kmalloc_index(size)];
}

/* 2^get_order(size) pages from the buddy, head marked PG_head. */
static void *kmalloc_large(size_t size, gfp_t gfp) {
  struct page *page = alloc_pages(gfp & ~GFP_MOVABLE_MASK, get_order(size));
  if (!page) return NULL;
  __SetPageHead(page);
  return page_address(page);
}

/* See slab.h. */
void *kmalloc(size_t size, gfp_t gfp) {
  if (size == 0) return ZERO_SIZE_PTR;
  if (size > KMALLOC_MAX_SIZE) return NULL;
  if (size > KMALLOC_MAX_CACHE_SIZE) return kmalloc_large(size, gfp);
  return __kmalloc_cache(kmalloc_caches[kmalloc_index(size)], gfp, _RET_IP_);
}

/* See slab.h. */
void *kzalloc(size_t size, gfp_t gfp) {
  return kmalloc(size, gfp | __GFP_ZERO);
}

/*
 * The head page of the large kmalloc block starting at `ptr`, or NULL
 * when `ptr` is no such start.  Panics with `caller`'s name on a pointer
 * outside mem_map.
 */
static struct page *large_kmalloc_page(const void *ptr, const char *caller) {
  unsigned long pfn = PHYS_PFN(__pa(ptr));
  if (!pfn_valid(pfn)) panic("%s: %p is outside mem_map", caller, ptr);
  struct page *page = pfn_to_page(pfn);
  if (!PageHead(page) || page_address(page) != ptr) return NULL;
  return page;
}

/* See slab.h. */
void kfree(const void *ptr) {
  if (ZERO_OR_NULL_PTR(ptr)) return;
  struct page *slab = virt_to_slab(ptr);
  if (slab) {
    __kmem_cache_free(slab->slab_cache, (void *)(uintptr_t)ptr, _RET_IP_, "kfree");
    return;
  }
  struct page *page = large_kmalloc_page(ptr, "kfree");
  if (!page)
    panic("kfree: %p (pfn %lu) is neither a slab object nor the start of a "
          "kmalloc'ed block (double free?)", ptr, PHYS_PFN(__pa(ptr)));
  __ClearPageHead(page);
  __free_pages(page, (unsigned int)page_private(page));
}

/* See slab.h. */
void *krealloc(const void *p, size_t new_size, gfp_t gfp) {
  if (new_size == 0) {
    kfree(p);
    return ZERO_SIZE_PTR;
  }
  if (ZERO_OR_NULL_PTR(p)) return kmalloc(new_size, gfp);
  size_t old_size = ksize(p);
  if (new_size <= old_size) return (void *)(uintptr_t)p;
  void *q = kmalloc(new_size, gfp & ~__GFP_ZERO);
  if (!q) return NULL;
  memcpy(q, p, old_size);
  if (gfp & __GFP_ZERO) memset((char *)q + old_size, 0, new_size - old_size);
  kfree(p);
  return q;
}

/* See slab.h. */
size_t ksize(const void *ptr) {
  if (ZERO_OR_NULL_PTR(ptr)) return 0;
  struct page *slab = virt_to_slab(ptr);
  if (slab) return slab->slab_cache->object_size;
  struct page *page = large_kmalloc_page(ptr, "ksize");
  if (!page) panic("ksize: %p is not from kmalloc", ptr);
  return PAGE_SIZE << page_private(page);
}

/*
 * Prints Linux's /proc/slabinfo 2.1: one line per cache, newest first;
 * objsize is the aligned size, active_slabs the slabs with objects in
 * use; there are no per-CPU tunables (all 0).
 */
void show_slabinfo(void) {
  printk("slabinfo - version: 2.1\n");
  printk("# name            <active_objs> <num_objs> <objsize> <objperslab> "
         "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
         "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
  struct list_head *pos;
  list_for_each(pos, &slab_caches) {
    const struct kmem_cache *s = list_entry(pos, struct kmem_cache, list);
    printk("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata "
           "%6lu %6lu %6u\n",
           s->name, kmem_cache_objects_in_use(s), s->total_objs, s->size, s->objects,
           1u << s->order, 0u, 0u, 0u, s->nr_slabs - s->nr_free_slabs,
           s->nr_slabs, 0u);
  }
}
