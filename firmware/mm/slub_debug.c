/*
 * slub_debug.c -- the checked path of debug caches (Linux mm/slub.c under
 * CONFIG_SLUB_DEBUG): poisoning (SLAB_POISON), red zones (SLAB_RED_ZONE),
 * the callers of the last allocation and free (SLAB_STORE_USER), the
 * double-free check (SLAB_CONSISTENCY_CHECKS), and Linux's report when
 * one of them finds something:
 *
 *   =============================================================================
 *   BUG kmalloc-64 (Not tainted): Redzone overwritten
 *   -----------------------------------------------------------------------------
 *
 *   INFO: 0x80123440-0x80123440 @offset=64. First byte 0x0 instead of 0xcc
 *   INFO: Allocated in 0x80001234 cpu=0 pid=0
 *   INFO: Freed in 0x00000000 cpu=0 pid=0
 *   INFO: Slab 0x80400120 objects=36 used=1 fp=0x80123470 flags=0x0004
 *   INFO: Object 0x80123400 @offset=0 fp=0x00000000
 *
 *   Object   0x80123400: 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a
 *   ...
 *   Redzone  0x80123440: 00 cc cc cc
 *   FIX kmalloc-64: Restoring Redzone 0x80123440-0x80123440=0xcc
 *
 * after which the run goes on: the overwritten bytes are restored, and a
 * double free ("Object already free") is refused ("FIX <cache>: Object
 * at 0x... not freed").  Layout of an object slot: slub_debug.h.
 */
#include "slub_debug.h"

#if CONFIG_SLUB_DEBUG

#include <string.h>

#include "printk.h"

#define BYTES_PER_LINE 16 /* bytes per line of a section dump */

/* The track `item` of `object` (SLAB_STORE_USER caches only). */
static struct track *get_track(const struct kmem_cache *cache, void *object,
                               enum track_item item) {
  return (struct track *)((char *)object + cache->offset + FREEPTR_SIZE) + item;
}

/* The address of `p` as the reports print it. */
static unsigned long addr_of(const void *p) {
  return (unsigned long)(uintptr_t)p;
}

/* See slub_debug.h. */
unsigned int calculate_debug_layout(struct kmem_cache *cache) {
  unsigned int end = cache->inuse;
  if (cache->flags & SLAB_RED_ZONE) end += RED_ZONE_MIN;
  if (cache->ctor || (cache->flags & (SLAB_POISON | SLAB_RED_ZONE))) {
    cache->offset = end; /* the object's bytes must survive a free */
    end += FREEPTR_SIZE;
  } else {
    cache->offset = 0;
    if (end < FREEPTR_SIZE) end = FREEPTR_SIZE;
  }
  if (cache->flags & SLAB_STORE_USER) {
    if (cache->offset == 0) { /* the tracks follow a free pointer slot */
      end = cache->inuse + FREEPTR_SIZE;
      cache->offset = cache->inuse;
    }
    end += NR_TRACKS * sizeof(struct track);
  }
  return end;
}

/* Fills `object`'s bytes with the free poison: POISON_FREE ... POISON_END. */
static void poison_object(const struct kmem_cache *cache, void *object) {
  unsigned char *p = object;
  memset(p, POISON_FREE, cache->object_size - 1);
  p[cache->object_size - 1] = POISON_END;
}

/* Sets the red zone of `object` to `value`. */
static void set_red_zone(const struct kmem_cache *cache, void *object, int value) {
  memset((char *)object + cache->object_size, value, cache->offset - cache->object_size);
}

/* See slub_debug.h. */
void setup_object_debug(struct kmem_cache *cache, void *object) {
  if (cache->flags & SLAB_POISON) poison_object(cache, object);
  if (cache->flags & SLAB_RED_ZONE) set_red_zone(cache, object, SLUB_RED_INACTIVE);
  if (cache->flags & SLAB_STORE_USER)
    memset(get_track(cache, object, TRACK_ALLOC), 0, NR_TRACKS * sizeof(struct track));
}

/* ---- the report ---- */

/* The report's head: the rule, "BUG <cache> (Not tainted): <what>", the rule. */
static void slab_bug(const struct kmem_cache *cache, const char *what) {
  printk("=============================================================================\n");
  printk("BUG %s (Not tainted): %s\n", cache->name, what);
  printk("-----------------------------------------------------------------------------\n\n");
}

/* Prints `len` bytes at `addr`, BYTES_PER_LINE per line, after `label`. */
static void print_section(const char *label, const void *addr, unsigned int len) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = addr;
  for (unsigned int off = 0; off < len; off += BYTES_PER_LINE) {
    char line[BYTES_PER_LINE * 3 + 1];
    unsigned int n = 0;
    for (unsigned int i = off; i < len && i < off + BYTES_PER_LINE; i++) {
      if (i > off) line[n++] = ' ';
      line[n++] = hex[p[i] >> 4];
      line[n++] = hex[p[i] & 0xf];
    }
    line[n] = '\0';
    printk("%s0x%08lx: %s\n", label, addr_of(p + off), line);
  }
}

/* The object's tracks, slab, free pointer and bytes (Linux print_trailer). */
static void print_trailer(const struct kmem_cache *cache, const struct page *page,
                          void *object) {
  if (cache->flags & SLAB_STORE_USER) {
    printk("INFO: Allocated in 0x%08lx cpu=0 pid=0\n",
           get_track(cache, object, TRACK_ALLOC)->addr);
    printk("INFO: Freed in 0x%08lx cpu=0 pid=0\n", get_track(cache, object, TRACK_FREE)->addr);
  }
  printk("INFO: Slab 0x%08lx objects=%u used=%u fp=0x%08lx flags=0x%04lx\n",
         addr_of(page), page->objects, page->inuse, addr_of(page->freelist), page->flags);
  printk("INFO: Object 0x%08lx @offset=%lu fp=0x%08lx\n\n", addr_of(object),
         (unsigned long)((char *)object - (char *)page_address(page)),
         addr_of(get_freepointer(cache, object)));
  print_section("Object   ", object, cache->object_size);
  if (cache->flags & SLAB_RED_ZONE)
    print_section("Redzone  ", (char *)object + cache->object_size,
                  cache->offset - cache->object_size);
}

/*
 * Checks that the `bytes` bytes at `start` in `object` all hold `value`.
 * If not: reports "<what> overwritten" with the first and last wrong
 * byte, restores them and returns false.
 */
static bool check_bytes_and_report(const struct kmem_cache *cache, const struct page *page,
                                   void *object, const char *what, unsigned char *start,
                                   unsigned char value, unsigned int bytes) {
  unsigned char *fault = start, *end = start + bytes;
  while (fault < end && *fault == value) fault++;
  if (fault == end) return true;
  while (end > fault && end[-1] == value) end--;
  char title[32];
  unsigned int n = 0;
  for (const char *w = what; *w && n < sizeof(title) - sizeof(" overwritten"); w++)
    title[n++] = *w;
  memcpy(title + n, " overwritten", sizeof(" overwritten"));
  slab_bug(cache, title);
  printk("INFO: 0x%08lx-0x%08lx @offset=%lu. First byte 0x%x instead of 0x%x\n",
         addr_of(fault), addr_of(end - 1), (unsigned long)(fault - (unsigned char *)object),
         *fault, value);
  print_trailer(cache, page, object);
  memset(fault, value, (size_t)(end - fault));
  printk("FIX %s: Restoring %s 0x%08lx-0x%08lx=0x%x\n\n", cache->name, what,
         addr_of(fault), addr_of(end - 1), value);
  return false;
}

/* Checks the red zone of `object` for `value` (report and restore). */
static void check_red_zone(const struct kmem_cache *cache, const struct page *page,
                           void *object, unsigned char value) {
  if (!(cache->flags & SLAB_RED_ZONE)) return;
  check_bytes_and_report(cache, page, object, "Redzone",
                         (unsigned char *)object + cache->object_size, value,
                         cache->offset - cache->object_size);
}

/* True when `object` is on the freelist of the slab `page`. */
static bool on_freelist(const struct kmem_cache *cache, const struct page *page,
                        const void *object) {
  unsigned int n = 0;
  for (const void *p = page->freelist; p; p = get_freepointer(cache, p)) {
    if (p == object) return true;
    if (++n > page->objects) break; /* a loop: the alloc check reports it */
  }
  return false;
}

/* See slub_debug.h. */
void alloc_debug_processing(struct kmem_cache *cache, struct page *page,
                            void *object, unsigned long addr) {
  void *next = get_freepointer(cache, object);
  if (next && !is_slab_object(cache, page, next))
    panic("kmem_cache_alloc: %s object %p (pfn %lu) free pointer corrupted "
          "(%p): written after free?", cache->name, object, page_to_pfn(page), next);
  unsigned char *p = object;
  if (cache->flags & SLAB_POISON) {
    if (check_bytes_and_report(cache, page, object, "Poison", p, POISON_FREE,
                               cache->object_size - 1))
      check_bytes_and_report(cache, page, object, "End Poison", p + cache->object_size - 1,
                             POISON_END, 1);
    memset(object, POISON_INUSE, cache->object_size);
  }
  check_red_zone(cache, page, object, SLUB_RED_INACTIVE);
  if (cache->flags & SLAB_RED_ZONE) set_red_zone(cache, object, SLUB_RED_ACTIVE);
  if (cache->flags & SLAB_STORE_USER) get_track(cache, object, TRACK_ALLOC)->addr = addr;
}

/* See slub_debug.h. */
bool free_debug_processing(struct kmem_cache *cache, struct page *page,
                           void *object, unsigned long addr) {
  if ((cache->flags & SLAB_CONSISTENCY_CHECKS) && on_freelist(cache, page, object)) {
    slab_bug(cache, "Object already free");
    print_trailer(cache, page, object);
    printk("FIX %s: Object at 0x%08lx not freed\n\n", cache->name, addr_of(object));
    return false;
  }
  check_red_zone(cache, page, object, SLUB_RED_ACTIVE);
  if (cache->flags & SLAB_STORE_USER) get_track(cache, object, TRACK_FREE)->addr = addr;
  if (cache->flags & SLAB_POISON) poison_object(cache, object);
  if (cache->flags & SLAB_RED_ZONE) set_red_zone(cache, object, SLUB_RED_INACTIVE);
  return true;
}

#endif /* CONFIG_SLUB_DEBUG */
