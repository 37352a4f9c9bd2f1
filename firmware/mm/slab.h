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
 *   cpu_slab: the slab allocations are served from, off the lists, its
 *             free objects on cpu_slab.freelist (alloc = pop, free = push)
 *
 * A slab is a block of 2^order buddy pages; its head struct page holds
 * the slab's metadata (PG_slab, slab_cache, freelist, inuse, objects) and
 * the free objects are chained through a free pointer.  kmalloc rounds
 * a request up to one of the kmalloc-<n> caches, or takes pages straight
 * from the buddy above KMALLOC_MAX_CACHE_SIZE (head page marked PG_head).
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stddef.h>

#include "gfp.h"
#include "list.h"

/* The return address of the current function: the caller (Linux _RET_IP_). */
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

/* kmem_cache_create flags (Linux values where they exist). */
typedef unsigned int slab_flags_t;
#define SLAB_CONSISTENCY_CHECKS ((slab_flags_t)0x00000100u) /* full double-free checks */
#define SLAB_RED_ZONE           ((slab_flags_t)0x00000400u) /* red zone after each object */
#define SLAB_POISON             ((slab_flags_t)0x00000800u) /* poison free / new objects */
#define SLAB_HWCACHE_ALIGN      ((slab_flags_t)0x00002000u) /* align to SLAB_CACHE_LINE */
#define SLAB_STORE_USER         ((slab_flags_t)0x00010000u) /* record alloc / free callers */
#define SLAB_RECLAIM_ACCOUNT    ((slab_flags_t)0x00020000u) /* slabs from __GFP_RECLAIMABLE */

/*
 * CONFIG_SLUB_DEBUG (0 / 1, host tests and the debug firmware: 1):
 * compiles the debug checks in and gives every new cache SLAB_DEBUG_FLAGS
 * (slub_debug).  A cache with any of SLAB_DEBUG_FLAGS takes the checked
 * slow path for every object and never uses the per-CPU freelist.
 */
#ifndef CONFIG_SLUB_DEBUG
#define CONFIG_SLUB_DEBUG 0
#endif
#define SLAB_DEBUG_FLAGS \
  (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Linux poison bytes: free object, its last byte, object just allocated. */
#define POISON_FREE   0x6b
#define POISON_END    0xa5
#define POISON_INUSE  0x5a

#define SLAB_CACHE_LINE 64u   /* the line SLAB_HWCACHE_ALIGN and colouring align to */
#define SLAB_MAX_ORDER  3u    /* PAGE_ALLOC_COSTLY_ORDER: preferred largest slab */
#define SLAB_WASTE_FRACTION 8 /* a slab may waste at most 1/8 of its bytes */
#define SLAB_FREE_LIMIT 1u    /* empty slabs a cache keeps; more go to the buddy */

/* kmalloc(0): a non-NULL pointer that must not be dereferenced (Linux value). */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((uintptr_t)(p) <= (uintptr_t)ZERO_SIZE_PTR)

/*
 * kmalloc classes, indexed as Linux's kmalloc_caches[]: index i >= 3 is
 * kmalloc-(1 << i); the two odd classes sit at 1 (kmalloc-96) and 2
 * (kmalloc-192); index 0 is unused (NULL).
 */
#define KMALLOC_SHIFT_LOW  3  /* kmalloc-8: the smallest class */
#define KMALLOC_SHIFT_HIGH 13 /* kmalloc-8192: the largest class */
#define KMALLOC_MIN_SIZE       (1u << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE (1u << KMALLOC_SHIFT_HIGH) /* above: buddy pages */
#define KMALLOC_MAX_SIZE       (PAGE_SIZE << (MAX_ORDER - 1))
#define NR_KMALLOC_CACHES      (KMALLOC_SHIFT_HIGH + 1)
#define KMALLOC_96_INDEX  1
#define KMALLOC_192_INDEX 2

/*
 * The per-CPU part of a cache (one CPU, interrupts off while the mm runs,
 * so no transaction id): the CPU slab is taken off the node lists
 * ("frozen") and its free objects move to `freelist`, so that an
 * allocation is a pop and a free of an object of that slab a push.
 */
struct kmem_cache_cpu {
  void *freelist;       /* next free object of the CPU slab; NULL: slow path */
  struct page *page;    /* the CPU slab (head page), NULL when none */
  char *slab_base;      /* page_address(page): the fast free's range check */
};

struct kmem_cache {
  struct kmem_cache_cpu cpu_slab; /* first: the fast paths reach it at offset 0 */
  unsigned int offset;       /* free pointer in a free object: 0, or after the
                                object (constructor, poison, red zone) */
  unsigned int slab_bytes;   /* PAGE_SIZE << order */
  const char *name;          /* not copied: must outlive the cache */
  unsigned int object_size;  /* as asked for (ksize of a kmalloc object) */
  unsigned int size;         /* the stride in a slab: object + metadata, aligned */
  unsigned int inuse;        /* object_size rounded to a word: the red zone starts here */
  unsigned int align;
  unsigned int objects;      /* objects per slab */
  unsigned int order;        /* a slab is 2^order pages */
  unsigned int colour_off;   /* colour step: the larger of align and SLAB_CACHE_LINE */
  unsigned int colour;       /* colours: first-object offsets 0 .. (colour-1) * colour_off */
  unsigned int colour_next;  /* colour of the next new slab */
  slab_flags_t flags;
  void (*ctor)(void *object); /* run once per object when its slab is made */
  struct list_head slabs_full;
  struct list_head slabs_partial;
  struct list_head slabs_free;
  unsigned long active_objs;  /* objects taken from slabs; the CPU slab's
                                 count as taken (see kmem_cache_objects_in_use) */
  unsigned long total_objs;   /* objects in all slabs */
  unsigned long nr_slabs;
  unsigned long nr_free_slabs; /* slabs on slabs_free */
  struct list_head list;      /* link in slab_caches */
};

extern struct list_head slab_caches;
/*
 * Flags added to every new cache (Linux's slub_debug= boot option):
 * SLAB_DEBUG_FLAGS with CONFIG_SLUB_DEBUG, else 0; set it before
 * kmem_cache_init() for the kmalloc caches too.
 */
extern slab_flags_t slub_debug;
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
 * An object of `cache`: a pop from the CPU slab's freelist; when that is
 * empty (slow path) the CPU slab goes back to the lists and a partial
 * slab, else an empty one, else a new slab from the buddy becomes the CPU
 * slab.  Debug caches take every object from a slab's own freelist, with
 * checks.  __GFP_ZERO clears it; __GFP_HIGH is passed on to the buddy.
 * Returns NULL when the buddy has no pages.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);

/*
 * Returns `object` to `cache`: a push when it belongs to the CPU slab,
 * else the slow path.  Outside the CPU slab, panics ("kmem_cache_free:
 * ...") when the object is not an object of `cache`; a double free is a
 * panic when the object heads a freelist, and, in a debug cache, a
 * "BUG <cache> (Not tainted): Object already free" report after which the
 * free is refused.  NULL is ignored.
 */
void kmem_cache_free(struct kmem_cache *cache, void *object);

/*
 * Objects of `cache` handed out: active_objs less the free objects of the
 * CPU slab.
 */
unsigned long kmem_cache_objects_in_use(const struct kmem_cache *cache);

/*
 * Puts the CPU slab back on the lists (Linux flush_slab / deactivate_slab):
 * its free objects rejoin the slab's freelist.
 */
void flush_cpu_slab(struct kmem_cache *cache);

/*
 * Flushes the CPU slab and returns the cache's empty slabs to the buddy;
 * returns the pages freed.
 */
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

/*
 * Resizes the kmalloc block `p` to `new_size` bytes: `p` itself when its
 * ksize already holds new_size, else a new block with the old contents
 * (ksize bytes) and `p` freed.  p NULL / ZERO_SIZE_PTR: kmalloc(new_size);
 * new_size 0: frees p and returns ZERO_SIZE_PTR.  NULL when no memory is
 * left (p is then untouched).
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);

/* Bytes usable at `ptr` from kmalloc (its class size); 0 for NULL / ZERO_SIZE_PTR. */
size_t ksize(const void *ptr);

/*
 * The kmalloc-<n> cache serving `size`: by the size_index table up to
 * 192 bytes, by fls(size - 1) above; NULL for 0 and above
 * KMALLOC_MAX_CACHE_SIZE.
 */
struct kmem_cache *kmalloc_slab(size_t size);

/* Prints /proc/slabinfo (version 2.1) for every cache, newest first. */
void show_slabinfo(void);

#endif /* MM_SLAB_H */
