/*
 * slab_common.c -- kmalloc on top of the slab caches: the kmalloc-<n>
 * size classes, large requests straight from the buddy, kfree / ksize
 * finding the owner of a pointer from its struct page, and the
 * /proc/slabinfo view.
 *
 *   size       0          1..8  9..16 ... 65..96 97..128 129..192 ... 1025..2048  2049..4 MiB  more
 *   kmalloc    ZERO_SIZE  kmalloc-8  -16 ... -96    -128    -192     ... -2048       buddy page  NULL
 *                                                                                  (PG_head)
 */
#include <string.h>

#include "internal.h"
#include "page_alloc.h"
#include "printk.h"
#include "slab.h"

struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];

/* The kmalloc classes, smallest first (Linux kmalloc_info). */
static const struct {
  const char *name;
  unsigned int size;
} kmalloc_info[NR_KMALLOC_CACHES] = {
    {"kmalloc-8", 8},     {"kmalloc-16", 16},     {"kmalloc-32", 32},
    {"kmalloc-64", 64},   {"kmalloc-96", 96},     {"kmalloc-128", 128},
    {"kmalloc-192", 192}, {"kmalloc-256", 256},   {"kmalloc-512", 512},
    {"kmalloc-1024", 1024}, {"kmalloc-2048", 2048},
};

/* See internal.h. */
void create_kmalloc_caches(void) {
  for (int i = 0; i < NR_KMALLOC_CACHES; i++) {
    kmalloc_caches[i] = kmem_cache_create(kmalloc_info[i].name,
                                          kmalloc_info[i].size, 0, 0, NULL);
    if (!kmalloc_caches[i])
      panic("create_kmalloc_caches: cannot create %s", kmalloc_info[i].name);
  }
}

/* See slab.h. */
struct kmem_cache *kmalloc_slab(size_t size) {
  for (int i = 0; i < NR_KMALLOC_CACHES; i++)
    if (size <= kmalloc_info[i].size) return kmalloc_caches[i];
  return NULL;
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
  return kmem_cache_alloc(kmalloc_slab(size), gfp);
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
    __kmem_cache_free(slab->slab_cache, slab, (void *)(uintptr_t)ptr, "kfree");
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
           s->name, s->active_objs, s->total_objs, s->size, s->objects,
           1u << s->order, 0u, 0u, 0u, s->nr_slabs - s->nr_free_slabs,
           s->nr_slabs, 0u);
  }
}
