/*
 * internal.h -- functions shared between the mm files but not part of
 * the allocator's interface (Linux mm/internal.h).
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "gfp.h"
#include "mmzone.h"

/*
 * Releases the boot-reserved block of 2^order pages at `page` (aligned,
 * inside one zone) to the buddy: clears PG_reserved, poisons, merges.
 */
void __free_pages_core(struct page *page, unsigned int order);

struct kmem_cache;

/*
 * The head page of the slab holding `addr`, or NULL when `addr` is not in
 * a slab (outside mem_map, or a page no cache owns).
 */
struct page *virt_to_slab(const void *addr);

/*
 * Frees the slab object `object` of `cache` (kmem_cache_free's paths) for
 * the code at `addr` (SLAB_STORE_USER); panics with `caller`'s name on a
 * pointer that is not an object of `cache` and on a double free (a debug
 * cache reports it instead).
 */
void __kmem_cache_free(struct kmem_cache *cache, void *object, unsigned long addr,
                       const char *caller);

/* An object of the kmalloc cache `cache` for the code at `addr` (kmem_cache_alloc's paths). */
void *__kmalloc_cache(struct kmem_cache *cache, gfp_t gfp, unsigned long addr);

/* Creates the kmalloc-<n> caches (slab_common.c); panics on failure. */
void create_kmalloc_caches(void);

#endif /* MM_INTERNAL_H */
