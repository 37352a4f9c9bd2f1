/*
 * slub_debug.h -- the checked path of debug caches (CONFIG_SLUB_DEBUG,
 * slub_debug.c), shared with slab.c: the object layout with its metadata,
 * the free pointer accessors, and the checks on allocation and free.
 *
 *   one object slot of a debug cache (cache->size bytes)
 *
 *   0            object_size      offset        offset + word
 *   |            |                |             |
 *   +------------+----------------+-------------+-------------+------------+---------+
 *   | object     | red zone       | free ptr    | track ALLOC | track FREE | padding |
 *   +------------+----------------+-------------+-------------+------------+---------+
 *   object:   POISON_FREE .. POISON_END while free, POISON_INUSE in use (SLAB_POISON)
 *   red zone: object_size .. ALIGN(object_size, word) + word, SLUB_RED_INACTIVE
 *             while free, SLUB_RED_ACTIVE in use (SLAB_RED_ZONE)
 *   tracks:   the last allocating / freeing caller (SLAB_STORE_USER)
 *
 * The free pointer sits after the object whenever the object's bytes
 * must survive a free (poison, red zone, constructor); otherwise at 0.
 */
#ifndef MM_SLUB_DEBUG_H
#define MM_SLUB_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "page.h"
#include "slab.h"

/* Linux red zone bytes: object free (inactive) / handed out (active). */
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE   0xcc

#define FREEPTR_SIZE sizeof(void *) /* the free pointer: one word */
#define RED_ZONE_MIN FREEPTR_SIZE   /* a red zone is at least one word */

/* The caller of an allocation or free (SLAB_STORE_USER), Linux struct track. */
struct track {
  unsigned long addr; /* return address in the allocating / freeing code */
};
enum track_item { TRACK_ALLOC, TRACK_FREE, NR_TRACKS };

/* The next free object after the free `object` (at cache->offset). */
static inline void *get_freepointer(const struct kmem_cache *cache, const void *object) {
  return *(void *const *)((const char *)object + cache->offset);
}
static inline void set_freepointer(const struct kmem_cache *cache, void *object, void *next) {
  *(void **)((char *)object + cache->offset) = next;
}

/* The first object of the slab headed by `page`: after its colour offset. */
static inline char *slab_base(const struct page *page) {
  return (char *)page_address(page) + page_private(page);
}

/* True when `p` is the start of an object of the slab `page` of `cache`. */
static inline bool is_slab_object(const struct kmem_cache *cache,
                                  const struct page *page, const void *p) {
  uintptr_t base = (uintptr_t)slab_base(page);
  uintptr_t off = (uintptr_t)p - base;
  return (uintptr_t)p >= base && off % cache->size == 0 &&
         off / cache->size < page->objects;
}

/* True when the cache takes the checked path (CONFIG_SLUB_DEBUG only). */
static inline bool kmem_cache_debug(const struct kmem_cache *cache) {
  return CONFIG_SLUB_DEBUG && (cache->flags & SLAB_DEBUG_FLAGS);
}

#if CONFIG_SLUB_DEBUG
/*
 * Lays out the debug metadata of `cache` (object_size, inuse, flags and
 * ctor set): sets offset and returns the unaligned slot size.
 */
unsigned int calculate_debug_layout(struct kmem_cache *cache);

/* Fills the metadata of the new free `object` (poison, red zone, tracks). */
void setup_object_debug(struct kmem_cache *cache, void *object);

/*
 * Checks the free `object` of slab `page` being handed out (free
 * pointer, poison, red zone); reports and repairs what was overwritten,
 * then marks it in use, recording `addr` as its allocator.  Panics on a
 * free pointer outside the slab (the freelist cannot be followed).
 */
void alloc_debug_processing(struct kmem_cache *cache, struct page *page,
                            void *object, unsigned long addr);

/*
 * Checks `object` of slab `page` being freed: returns false after an
 * "Object already free" report when it is on the slab's freelist (the
 * free is refused); else checks its red zone (report, restore), records
 * `addr` as its freer and poisons it.
 */
bool free_debug_processing(struct kmem_cache *cache, struct page *page,
                           void *object, unsigned long addr);

#else /* !CONFIG_SLUB_DEBUG: no cache is a debug cache, nothing to call */
static inline unsigned int calculate_debug_layout(struct kmem_cache *cache) {
  return cache->inuse;
}
static inline void setup_object_debug(struct kmem_cache *cache, void *object) {
  (void)cache;
  (void)object;
}
static inline void alloc_debug_processing(struct kmem_cache *cache, struct page *page,
                                          void *object, unsigned long addr) {
  (void)cache, (void)page, (void)object, (void)addr;
}
static inline bool free_debug_processing(struct kmem_cache *cache, struct page *page,
                                         void *object, unsigned long addr) {
  (void)cache, (void)page, (void)object, (void)addr;
  return true;
}
#endif /* CONFIG_SLUB_DEBUG */

#endif /* MM_SLUB_DEBUG_H */
