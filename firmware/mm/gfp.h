/*
 * gfp.h -- allocation flags (gfp_t) and the page allocator's interface.
 *
 * The mobility bits pick the migrate type (gfp_migratetype):
 *   neither                     -> MIGRATE_UNMOVABLE   (GFP_KERNEL)
 *   __GFP_MOVABLE               -> MIGRATE_MOVABLE     (GFP_HIGHUSER_MOVABLE)
 *   __GFP_RECLAIMABLE           -> MIGRATE_RECLAIMABLE
 * __GFP_HIGH lets the request dip to half the min watermark (GFP_ATOMIC);
 * __GFP_ZERO clears the pages.  __GFP_IO / __GFP_FS mean "may do I/O, may
 * call the file system" and have no effect yet (there is no reclaim).
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "mm_types.h"
#include "mmzone.h"

typedef unsigned int gfp_t;

#define GFP_MOVABLE_SHIFT 3 /* bit of __GFP_MOVABLE; MOVABLE/RECLAIMABLE = 1/2 after the shift */
#define __GFP_MOVABLE     ((gfp_t)(1u << GFP_MOVABLE_SHIFT))
#define __GFP_RECLAIMABLE ((gfp_t)(2u << GFP_MOVABLE_SHIFT))
#define __GFP_HIGH        ((gfp_t)(1u << 5))
#define __GFP_IO          ((gfp_t)(1u << 6))
#define __GFP_FS          ((gfp_t)(1u << 7))
#define __GFP_ZERO        ((gfp_t)(1u << 8))
#define GFP_MOVABLE_MASK  (__GFP_MOVABLE | __GFP_RECLAIMABLE)

#define GFP_ATOMIC           (__GFP_HIGH)
#define GFP_KERNEL           (__GFP_IO | __GFP_FS)
#define GFP_HIGHUSER_MOVABLE (GFP_KERNEL | __GFP_MOVABLE)

/* The migrate type a request with `gfp` allocates from. */
static inline int gfp_migratetype(gfp_t gfp) {
  return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * Allocates 2^order contiguous pages, aligned to 2^order pages.  Returns
 * NULL when order >= MAX_ORDER, when the mobility bits are both set, when
 * the zone would fall below its min watermark (see zone_watermark_ok in
 * page_alloc.c), or when no free block of the order exists.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages((gfp), 0)

/*
 * Drops a reference to the 2^order block at `page`, freeing it when the
 * count reaches 0.  Panics on a bad order, a pfn misaligned for the order,
 * a reserved page, a double free, or an order that differs from the one
 * allocated.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)

/* alloc_pages() returning the kernel pointer (as a number), 0 on failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)

/* One zeroed page's kernel pointer (as a number), 0 on failure. */
unsigned long get_zeroed_page(gfp_t gfp);

/* __free_pages() by kernel pointer; addr 0 is ignored. */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

#endif /* MM_GFP_H */
