/*
 * cma.h -- the contiguous memory allocator (Linux CMA): an area reserved
 * from memblock at boot (mm.cma_bytes, whole pageblocks), released to the
 * buddy as MIGRATE_CMA pageblocks that serve movable allocations only,
 * from which cma_alloc() takes physically contiguous ranges.
 *
 *   area  [base_pfn ............................ base_pfn + count)
 *   bitmap  1 = handed out by cma_alloc, 0 = in the buddy (maybe used by a
 *           movable allocation: cma_alloc then reports the busy pfn)
 *
 * cma_alloc isolates the pageblocks of a candidate range (MIGRATE_ISOLATE:
 * their free pages leave the free counts, frees into them stay there),
 * drains the pcp lists, checks that every page of the range is free, takes
 * them out of the buddy and restores the pageblocks to MIGRATE_CMA.  A
 * range with a page in use is skipped (Linux would migrate the page; user
 * pages and migration come later) and named in the failure report.
 */
#ifndef MM_CMA_H
#define MM_CMA_H

#include "mm_types.h"

struct cma {
  unsigned long base_pfn;
  unsigned long count;      /* pages in the area */
  unsigned long *bitmap;    /* one bit per page (order_per_bit 0) */
  unsigned long nr_alloc;   /* successful cma_alloc calls */
  unsigned long nr_fail;    /* failed cma_alloc calls */
  unsigned long last_busy_pfn; /* the busy pfn of the last refused range */
  const char *name;
};

extern struct cma *dma_contiguous_default_area; /* NULL when mm.cma_bytes = 0 */
extern phys_addr_t cma_reserve_bytes;           /* size to reserve (mm.cma_bytes) */
extern unsigned long totalcma_pages;            /* pages in CMA areas (meminfo CmaTotal) */

/*
 * Allocates `count` contiguous pages of `cma`, the first pfn aligned to
 * 2^align pages; each page has refcount 1 (free them with cma_release).
 * Returns NULL for count 0, a NULL area, or when no aligned range of the
 * area is free; then, unless no_warn, prints Linux's "cma: cma_alloc: ...
 * alloc failed" line and the first busy pfn found.
 */
struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align,
                       bool no_warn);

/*
 * Returns `count` pages at `pages` (from cma_alloc) to the area and the
 * buddy.  Returns false, changing nothing, when the range is not inside
 * the area or was not handed out by cma_alloc.
 */
bool cma_release(struct cma *cma, const struct page *pages, unsigned long count);

/* Pages of the area (Linux cma_get_size in pages). */
static inline unsigned long cma_get_count(const struct cma *cma) {
  return cma ? cma->count : 0;
}

#endif /* MM_CMA_H */
