/*
 * slab.c -- object caches on buddy pages (Linux SLUB): cache geometry
 * and colouring, slabs and their freelists, the per-CPU slab with its
 * pop / push fast paths, the full / partial / free lists of the slow
 * paths, the checked path of debug caches, shrink and destroy, and the
 * bootstrap of the "kmem_cache" cache.
 *
 *   a slab of 2^order pages (head struct page: PG_slab, slab_cache,
 *   freelist, inuse, objects, priv = colour offset; tail pages: slab_cache)
 *
 *   page_address(head)
 *   |<colour>|<- size ->|<- size ->|<- size ->|   ...   |<- left over - colour ->|
 *   +--------+----------+----------+----------+---------+------------------------+
 *   |(unused)| in use   | free  o--+--------->| free  o-+--> NULL  (unused)      |
 *   +--------+----------+-----^----+----------+---------+------------------------+
 *                             |
 *   freelist -----------------+     a free object's free pointer points at the next
 *
 *   freelist: cpu_slab.freelist while the slab is the CPU slab (frozen:
 *   page->freelist NULL, inuse = objects), else page->freelist.
 */
#include <string.h>

#include "internal.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "printk.h"
#include "slab.h"
#include "slub_debug.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __slowpath __attribute__((noinline)) /* out of line: keeps the fast paths short */

struct list_head slab_caches;
slab_flags_t slub_debug = CONFIG_SLUB_DEBUG ? SLAB_DEBUG_FLAGS : 0;

/* The cache of struct kmem_cache: static, since nothing can hold it yet. */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache *kmem_cache;

/* ---- geometry ---- */

/*
 * The slab order for objects of `size` bytes: the smallest order up to
 * SLAB_MAX_ORDER that holds at least one object and wastes at most
 * 1/SLAB_WASTE_FRACTION of the slab; else the smallest order holding one
 * object.  Returns MAX_ORDER when no buddy block is big enough.
 */
static unsigned int calculate_order(unsigned int size) {
  for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
    unsigned long slab = PAGE_SIZE << order;
    if (slab < size) continue;
    if ((slab % size) * SLAB_WASTE_FRACTION <= slab) return order;
  }
  return get_order(size);
}

/*
 * Fills `cache` for objects of `size` bytes aligned to `align`.  Returns
 * 0, or -EINVAL for size 0, a non-power-of-two align, or objects larger
 * than the largest buddy block.
 */
static int kmem_cache_open(struct kmem_cache *cache, const char *name,
                           unsigned int size, unsigned int align,
                           slab_flags_t flags, void (*ctor)(void *object)) {
  if (size == 0 || (align & (align - 1))) return -EINVAL;
  if (size > (PAGE_SIZE << (MAX_ORDER - 1))) return -EINVAL;
  if ((flags & SLAB_HWCACHE_ALIGN) && align < SLAB_CACHE_LINE && size > SLAB_CACHE_LINE / 2)
    align = SLAB_CACHE_LINE;
  if (align < sizeof(void *)) align = sizeof(void *);
  memset(cache, 0, sizeof(*cache));
  cache->name = name;
  cache->object_size = size;
  cache->align = align;
  cache->inuse = ALIGN(size, (unsigned)FREEPTR_SIZE);
  flags |= slub_debug;
  if (!CONFIG_SLUB_DEBUG) flags &= ~SLAB_DEBUG_FLAGS;
  if (ctor) flags &= ~SLAB_POISON; /* the constructed state must survive */
  cache->flags = flags;
  cache->ctor = ctor;
  unsigned int slot;
  if (kmem_cache_debug(cache)) {
    slot = calculate_debug_layout(cache);
  } else if (ctor) { /* free pointer after the object (get_freepointer) */
    cache->offset = cache->inuse;
    slot = cache->offset + (unsigned)FREEPTR_SIZE;
  } else {
    cache->offset = 0;
    slot = cache->inuse;
  }
  cache->size = ALIGN(slot, align);
  cache->order = calculate_order(cache->size);
  cache->slab_bytes = PAGE_SIZE << cache->order;
  unsigned long objects = cache->slab_bytes / cache->size;
  cache->objects = objects > 0xffff ? 0xffff : (unsigned int)objects;
  cache->colour_off = align > SLAB_CACHE_LINE ? align : SLAB_CACHE_LINE;
  cache->colour = (cache->slab_bytes - cache->objects * cache->size) / cache->colour_off + 1;
  INIT_LIST_HEAD(&cache->slabs_full);
  INIT_LIST_HEAD(&cache->slabs_partial);
  INIT_LIST_HEAD(&cache->slabs_free);
  INIT_LIST_HEAD(&cache->list);
  return 0;
}

/* ---- slabs ---- */

/*
 * A new empty slab for `cache`, on no list: pages from the buddy
 * (reclaimable for SLAB_RECLAIM_ACCOUNT), the objects placed after the
 * cache's next colour offset, every object constructed (or poisoned) and
 * chained in address order.  NULL when the buddy has no block.
 */
static struct page *allocate_slab(struct kmem_cache *cache, gfp_t gfp) {
  gfp &= ~(GFP_MOVABLE_MASK | __GFP_ZERO);
  if (cache->flags & SLAB_RECLAIM_ACCOUNT) gfp |= __GFP_RECLAIMABLE;
  struct page *page = alloc_pages(gfp, cache->order);
  if (!page) return NULL;
  __SetPageSlab(page);
  for (unsigned long i = 0; i < (1ul << cache->order); i++)
    page[i].slab_cache = cache;
  page->objects = (unsigned short)cache->objects;
  page->inuse = 0;
  set_page_private(page, cache->colour_next * cache->colour_off);
  if (++cache->colour_next >= cache->colour) cache->colour_next = 0;
  char *base = slab_base(page);
  for (unsigned int i = 0; i < cache->objects; i++) {
    char *object = base + (size_t)i * cache->size;
    if (cache->ctor) cache->ctor(object);
    if (kmem_cache_debug(cache)) setup_object_debug(cache, object);
    set_freepointer(cache, object, i + 1 < cache->objects ? object + cache->size : NULL);
  }
  page->freelist = base;
  INIT_LIST_HEAD(&page->lru);
  cache->nr_slabs++;
  cache->total_objs += cache->objects;
  return page;
}

/* Returns the empty slab `page` (on slabs_free) of `cache` to the buddy. */
static void discard_slab(struct kmem_cache *cache, struct page *page) {
  if (page->inuse) panic("discard_slab: %s slab pfn %lu has %u objects in use",
                         cache->name, page_to_pfn(page), page->inuse);
  list_del(&page->lru);
  cache->nr_slabs--;
  cache->nr_free_slabs--;
  cache->total_objs -= page->objects;
  __ClearPageSlab(page);
  for (unsigned long i = 0; i < (1ul << cache->order); i++)
    page[i].slab_cache = NULL;
  page->index = 0; /* also clears freelist */
  page->objects = 0;
  set_page_private(page, cache->order); /* the colour offset lived here */
  __free_pages(page, cache->order);
}

/*
 * Files the slab `page` (on no list) on the full, partial or free list of
 * `cache` by its inuse count; an empty slab beyond SLAB_FREE_LIMIT goes
 * back to the buddy.
 */
static void add_slab_to_lists(struct kmem_cache *cache, struct page *page) {
  if (page->inuse == page->objects) {
    list_add(&page->lru, &cache->slabs_full);
  } else if (page->inuse) {
    list_add(&page->lru, &cache->slabs_partial);
  } else {
    list_add(&page->lru, &cache->slabs_free);
    if (++cache->nr_free_slabs > SLAB_FREE_LIMIT) discard_slab(cache, page);
  }
}

/* Takes the slab `page` off its list (the one add_slab_to_lists chose). */
static void remove_slab_from_lists(struct kmem_cache *cache, struct page *page) {
  if (page->inuse == 0) cache->nr_free_slabs--;
  list_del(&page->lru);
  INIT_LIST_HEAD(&page->lru);
}

/*
 * A slab of `cache` with a free object, off the lists: the first partial
 * slab, else an empty one, else a new one.  NULL when the buddy has no
 * block.
 */
static struct page *get_slab(struct kmem_cache *cache, gfp_t gfp) {
  struct page *page;
  if (!list_empty(&cache->slabs_partial))
    page = list_first_entry(&cache->slabs_partial, struct page, lru);
  else if (!list_empty(&cache->slabs_free))
    page = list_first_entry(&cache->slabs_free, struct page, lru);
  else
    return allocate_slab(cache, gfp);
  remove_slab_from_lists(cache, page);
  return page;
}

/* See internal.h. */
struct page *virt_to_slab(const void *addr) {
  unsigned long pfn = PHYS_PFN(__pa(addr));
  if (!pfn_valid(pfn)) return NULL;
  struct page *page = pfn_to_page(pfn);
  const struct kmem_cache *cache = page->slab_cache;
  if (!cache) return NULL;
  struct page *head = pfn_to_page(ALIGN_DOWN(pfn, 1ul << cache->order));
  if (!pfn_valid(page_to_pfn(head)) || !PageSlab(head) || head->slab_cache != cache)
    return NULL;
  return head;
}

/* ---- the CPU slab ---- */

/*
 * Makes `page` (off the lists, with a free object) the CPU slab: its
 * freelist moves to cpu_slab.freelist and all its objects count as taken.
 */
static void freeze_slab(struct kmem_cache *cache, struct page *page) {
  struct kmem_cache_cpu *c = &cache->cpu_slab;
  c->page = page;
  c->slab_base = page_address(page);
  c->freelist = page->freelist;
  page->freelist = NULL;
  cache->active_objs += (unsigned long)(page->objects - page->inuse);
  page->inuse = page->objects;
}

/* See slab.h. */
void flush_cpu_slab(struct kmem_cache *cache) {
  struct kmem_cache_cpu *c = &cache->cpu_slab;
  struct page *page = c->page;
  if (!page) return;
  unsigned int nfree = 0;
  void *last = NULL;
  for (void *p = c->freelist; p; p = get_freepointer(cache, p)) {
    if (++nfree > page->objects)
      panic("flush_cpu_slab: %s CPU slab pfn %lu freelist loops", cache->name,
            page_to_pfn(page));
    last = p;
  }
  if (last) { /* objects freed to the slab itself while frozen go behind */
    set_freepointer(cache, last, page->freelist);
    page->freelist = c->freelist;
  }
  page->inuse = (unsigned short)(page->inuse - nfree);
  cache->active_objs -= nfree;
  c->freelist = NULL;
  c->page = NULL;
  c->slab_base = NULL;
  add_slab_to_lists(cache, page);
}

/* See slab.h. */
unsigned long kmem_cache_objects_in_use(const struct kmem_cache *cache) {
  unsigned long nfree = 0;
  for (void *p = cache->cpu_slab.freelist; p; p = get_freepointer(cache, p)) nfree++;
  return cache->active_objs - nfree;
}

/* ---- allocation ---- */

/*
 * The checked allocation of a debug cache: the first object of a slab's
 * own freelist, through alloc_debug_processing; `addr` is the caller.
 */
static void *alloc_debug(struct kmem_cache *cache, gfp_t gfp, unsigned long addr) {
  struct page *page = get_slab(cache, gfp);
  if (!page) return NULL;
  void *object = page->freelist;
  if (!object || !is_slab_object(cache, page, object))
    panic("kmem_cache_alloc: %s slab pfn %lu freelist corrupted (%p)",
          cache->name, page_to_pfn(page), object);
  alloc_debug_processing(cache, page, object, addr);
  page->freelist = get_freepointer(cache, object);
  page->inuse++;
  cache->active_objs++;
  add_slab_to_lists(cache, page);
  return object;
}

/*
 * The slow path of slab_alloc (Linux ___slab_alloc): the CPU slab's
 * freelist is empty, the cache is a debug cache, or the object must be
 * zeroed.  Pops from the CPU slab when it has an object, else flushes it
 * and freezes another slab; debug caches take the checked path.
 */
static __slowpath void *__slab_alloc(struct kmem_cache *cache, gfp_t gfp,
                                     unsigned long addr) {
  struct kmem_cache_cpu *c = &cache->cpu_slab;
  void *object;
  if (kmem_cache_debug(cache)) {
    object = alloc_debug(cache, gfp, addr);
  } else {
    if (!c->freelist) {
      flush_cpu_slab(cache);
      struct page *page = get_slab(cache, gfp);
      if (!page) return NULL;
      freeze_slab(cache, page);
    }
    object = c->freelist;
    c->freelist = get_freepointer(cache, object);
  }
  if (object && (gfp & __GFP_ZERO)) memset(object, 0, cache->object_size);
  return object;
}

/*
 * The allocation fast path: a pop from the CPU slab's freelist (a leaf:
 * zeroing and refills are on the slow path).
 */
static inline __attribute__((always_inline)) void *slab_alloc(struct kmem_cache *cache,
                                                               gfp_t gfp,
                                                               unsigned long addr) {
  struct kmem_cache_cpu *c = &cache->cpu_slab;
  void *object = c->freelist;
  if (unlikely(!object || (gfp & __GFP_ZERO))) return __slab_alloc(cache, gfp, addr);
  c->freelist = get_freepointer(cache, object);
  return object;
}

/* See slab.h. */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp) {
  return slab_alloc(cache, gfp, _RET_IP_);
}

/* See internal.h. */
void *__kmalloc_cache(struct kmem_cache *cache, gfp_t gfp, unsigned long addr) {
  return slab_alloc(cache, gfp, addr);
}

/* ---- free ---- */

/*
 * The slow path of a free (Linux __slab_free): `object` of the slab
 * `page` (validated by the caller) is not the CPU slab's, or looks like
 * a double free there.  Checks, then pushes it on the slab's own
 * freelist and refiles the slab.
 */
static __slowpath void __slab_free(struct kmem_cache *cache, struct page *page,
                                   void *object, unsigned long addr, const char *caller) {
  if (!is_slab_object(cache, page, object))
    panic("%s: %p is not at an object boundary of %s (pfn %lu)", caller,
          object, cache->name, page_to_pfn(page));
  if (kmem_cache_debug(cache) && !free_debug_processing(cache, page, object, addr))
    return; /* reported, and refused */
  if (page == cache->cpu_slab.page || object == page->freelist)
    panic("%s: double free of %s object %p", caller, cache->name, object);
  if (page->inuse == 0)
    panic("%s: %s slab pfn %lu has no object in use", caller, cache->name,
          page_to_pfn(page));

  remove_slab_from_lists(cache, page);
  set_freepointer(cache, object, page->freelist);
  page->freelist = object;
  page->inuse--;
  cache->active_objs--;
  add_slab_to_lists(cache, page);
}

/*
 * The slow path of a free outside the CPU slab's push: finds and checks
 * the slab of `object`, then __slab_free.
 */
static __slowpath void slab_free_slow(struct kmem_cache *cache, void *object,
                                      unsigned long addr, const char *caller) {
  struct page *page = virt_to_slab(object);
  if (!page)
    panic("%s: %p is not a slab object (freeing to %s)", caller, object, cache->name);
  if (page->slab_cache != cache)
    panic("%s: %p belongs to %s, not %s", caller, object, page->slab_cache->name,
          cache->name);
  __slab_free(cache, page, object, addr, caller);
}

/*
 * The free fast path: a push on the CPU slab's freelist when `object`
 * lies in the CPU slab (an unsigned range check; with no CPU slab,
 * slab_base is NULL and no kernel pointer is below slab_bytes) and is
 * not the freelist's head (a double free).
 */
static inline __attribute__((always_inline)) void slab_free(struct kmem_cache *cache,
                                                            void *object,
                                                            unsigned long addr,
                                                            const char *caller) {
  struct kmem_cache_cpu *c = &cache->cpu_slab;
  if (likely((uintptr_t)((char *)object - c->slab_base) < cache->slab_bytes &&
             object != c->freelist)) {
    set_freepointer(cache, object, c->freelist);
    c->freelist = object;
    return;
  }
  slab_free_slow(cache, object, addr, caller);
}

/* See internal.h. */
void __kmem_cache_free(struct kmem_cache *cache, void *object, unsigned long addr,
                       const char *caller) {
  slab_free(cache, object, addr, caller);
}

/* See slab.h. */
void kmem_cache_free(struct kmem_cache *cache, void *object) {
  if (unlikely(!object)) return;
  slab_free(cache, object, _RET_IP_, "kmem_cache_free");
}

/* ---- caches ---- */

/* See slab.h. */
unsigned long kmem_cache_shrink(struct kmem_cache *cache) {
  flush_cpu_slab(cache);
  unsigned long pages = 0;
  while (!list_empty(&cache->slabs_free)) {
    discard_slab(cache, list_first_entry(&cache->slabs_free, struct page, lru));
    pages += 1ul << cache->order;
  }
  return pages;
}

/* See slab.h. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
                                     unsigned int align, slab_flags_t flags,
                                     void (*ctor)(void *object)) {
  struct kmem_cache *cache = kmem_cache_alloc(kmem_cache, GFP_KERNEL);
  if (!cache) return NULL;
  if (kmem_cache_open(cache, name, size, align, flags, ctor)) {
    kmem_cache_free(kmem_cache, cache);
    return NULL;
  }
  list_add(&cache->list, &slab_caches);
  return cache;
}

/* See slab.h. */
void kmem_cache_destroy(struct kmem_cache *cache) {
  if (!cache) return;
  if (cache == kmem_cache) panic("kmem_cache_destroy: cannot destroy kmem_cache");
  flush_cpu_slab(cache);
  if (cache->active_objs)
    panic("kmem_cache_destroy: cache %s still has %lu objects allocated",
          cache->name, cache->active_objs);
  kmem_cache_shrink(cache);
  if (cache->nr_slabs)
    panic("kmem_cache_destroy: cache %s still has %lu slabs", cache->name,
          cache->nr_slabs);
  list_del(&cache->list);
  kmem_cache_free(kmem_cache, cache);
}

/* See slab.h. */
void kmem_cache_init(void) {
  INIT_LIST_HEAD(&slab_caches);
  if (kmem_cache_open(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache),
                      0, SLAB_HWCACHE_ALIGN, NULL))
    panic("kmem_cache_init: cannot set up kmem_cache");
  kmem_cache = &kmem_cache_boot;
  list_add(&kmem_cache->list, &slab_caches);
  create_kmalloc_caches();
}
