/*
 * slab.h -- the slab allocator (object caches on buddy pages) and kmalloc.
 *
 *   slab_caches (newest first)
 *   +-- kmem_cache "kmalloc-64"   size 64, 64 objects per order-0 slab
 *   |     slabs_full    <-> page <-> page        every object handed out
 *   |     slabs_partial <-> page                 some free objects
 *   |     slabs_free    <-> page                 no object handed out
 *   +-- ...
 *   +-- kmem_cache "kmem_cache"   the cache the kmem_cache structures come from
 *
 * A slab is a block of 2^order buddy pages; its head struct page holds
 * the slab's metadata (PG_slab, slab_cache, freelist, inuse, objects) and
 * the free objects are chained through their first word.  kmalloc rounds
 * a request up to one of the kmalloc-<n> caches, or takes pages straight
 * from the buddy above KMALLOC_MAX_CACHE_SIZE (head page marked PG_head).
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stddef.h>

#include "gfp.h"
#include "list.h"

/* kmem_cache_create flags (Linux values where they exist). */
typedef unsigned int slab_flags_t;
#define SLAB_CONSISTENCY_CHECKS ((slab_flags_t)0x00000100u) /* full double-free checks */
#define SLAB_RED_ZONE           ((slab_flags_t)0x00000400u) /* accepted, no red zones yet */
#define SLAB_POISON             ((slab_flags_t)0x00000800u) /* poison free / new objects */
#define SLAB_HWCACHE_ALIGN      ((slab_flags_t)0x00002000u) /* align to SLAB_CACHE_LINE */
#define SLAB_RECLAIM_ACCOUNT    ((slab_flags_t)0x00020000u) /* slabs from __GFP_RECLAIMABLE */

/* Debug: the SLAB_POISON | SLAB_CONSISTENCY_CHECKS default of every cache. */
#ifndef CONFIG_SLUB_DEBUG
#define CONFIG_SLUB_DEBUG 0
#endif
#define SLAB_DEBUG_FLAGS (SLAB_POISON | SLAB_CONSISTENCY_CHECKS)

/* Linux poison bytes: free object, its last byte, object just allocated. */
#define POISON_FREE   0x6b
#define POISON_END    0xa5
#define POISON_INUSE  0x5a

#define SLAB_CACHE_LINE 64u   /* the line SLAB_HWCACHE_ALIGN aligns to */
#define SLAB_MAX_ORDER  3u    /* PAGE_ALLOC_COSTLY_ORDER: preferred largest slab */
#define SLAB_WASTE_FRACTION 8 /* a slab may waste at most 1/8 of its bytes */
#define SLAB_FREE_LIMIT 1u    /* empty slabs a cache keeps; more go to the buddy */

/* kmalloc(0): a non-NULL pointer that must not be dereferenced (Linux value). */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((uintptr_t)(p) <= (uintptr_t)ZERO_SIZE_PTR)

#define KMALLOC_MIN_SIZE       8u
#define KMALLOC_MAX_CACHE_SIZE 2048u /* above: pages straight from the buddy */
#define KMALLOC_MAX_SIZE       (PAGE_SIZE << (MAX_ORDER - 1))
#define NR_KMALLOC_CACHES      11    /* 8 16 32 64 96 128 192 256 512 1024 2048 */

struct kmem_cache {
  const char *name;          /* not copied: must outlive the cache */
  unsigned int object_size;  /* as asked for (ksize of a kmalloc object) */
  unsigned int size;         /* object_size aligned: the stride in a slab */
  unsigned int offset;       /* free pointer in a free object: 0, or after
                                the object when there is a constructor */
  unsigned int align;
  unsigned int objects;      /* objects per slab */
  unsigned int order;        /* a slab is 2^order pages */
  slab_flags_t flags;
  void (*ctor)(void *object); /* run once per object when its slab is made */
  struct list_head slabs_full;
  struct list_head slabs_partial;
  struct list_head slabs_free;
  unsigned long active_objs;  /* objects handed out */
  unsigned long total_objs;   /* objects in all slabs */
  unsigned long nr_slabs;
  unsigned long nr_free_slabs; /* slabs on slabs_free */
  unsigned long nr_allocs;    /* kmem_cache_alloc successes */
  unsigned long nr_frees;     /* kmem_cache_free calls */
  struct list_head list;      /* link in slab_caches */
};

extern struct list_head slab_caches;
extern slab_flags_t slub_debug; /* flags added to every new cache (CONFIG_SLUB_DEBUG) */
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];

/*
 * Sets up the "kmem_cache" cache (its own structure is static, the
 * others come from it) and the kmalloc-<n> caches.  Call once after
 * mm_core_init(); calling it again forgets every cache (host tests).
 * Panics when the buddy cannot give the first slabs.
 */
void kmem_cache_init(void);

/*
 * Creates a cache of `size`-byte objects aligned to `align` (0: pointer
 * alignment; rounded up to at least a pointer), calling `ctor` on every
 * object when its slab is created.  Returns NULL when size is 0, align
 * is not a power of two, or no memory is left.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
                                     unsigned int align, slab_flags_t flags,
                                     void (*ctor)(void *object));

/*
 * An object of `cache`, from a partial slab, else an empty one, else a new
 * slab from the buddy.  __GFP_ZERO clears it; __GFP_HIGH is passed on to
 * the buddy.  Returns NULL when the buddy has no pages.  With SLAB_POISON
 * panics if the object was written while free.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);

/*
 * Returns `object` to `cache`.  Panics ("kmem_cache_free: ...") when the
 * object is not an object of `cache` or is already free (always for the
 * head of its slab's freelist; anywhere on it with
 * SLAB_CONSISTENCY_CHECKS).  NULL is ignored.
 */
void kmem_cache_free(struct kmem_cache *cache, void *object);

/* Returns the cache's empty slabs to the buddy; returns the pages freed. */
unsigned long kmem_cache_shrink(struct kmem_cache *cache);

/*
 * Shrinks and frees `cache`.  Panics naming the cache when objects are
 * still allocated from it.  NULL is ignored.
 */
void kmem_cache_destroy(struct kmem_cache *cache);

/*
 * size bytes from the kmalloc-<n> cache of the smallest class that fits,
 * or, above KMALLOC_MAX_CACHE_SIZE, 2^get_order(size) pages from the
 * buddy.  kmalloc(0) returns ZERO_SIZE_PTR; NULL when size exceeds
 * KMALLOC_MAX_SIZE or no memory is left.
 */
void *kmalloc(size_t size, gfp_t gfp);

/* kmalloc() of zeroed memory. */
void *kzalloc(size_t size, gfp_t gfp);

/*
 * Frees memory from kmalloc.  NULL and ZERO_SIZE_PTR are ignored; panics
 * ("kfree: ...") on a pointer that is neither a slab object nor the start
 * of a large kmalloc block, and on a double free.
 */
void kfree(const void *ptr);

/* Bytes usable at `ptr` from kmalloc (its class size); 0 for NULL / ZERO_SIZE_PTR. */
size_t ksize(const void *ptr);

/* The kmalloc-<n> cache serving `size` (1 .. KMALLOC_MAX_CACHE_SIZE). */
struct kmem_cache *kmalloc_slab(size_t size);

/* Prints /proc/slabinfo (version 2.1) for every cache, newest first. */
void show_slabinfo(void);

#endif /* MM_SLAB_H */
