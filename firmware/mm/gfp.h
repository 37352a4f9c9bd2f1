/*
 * gfp.h -- allocation flags (gfp_t) and the page allocator's interface.
 *
 * Bit values are Linux's (5.x, with __GFP_ATOMIC), so that the "mode:0x..."
 * of an allocation-failure report reads as on Linux:
 *
 *   zone modifiers  __GFP_DMA 0x01, __GFP_HIGHMEM 0x02  -> gfp_zone()
 *   mobility        __GFP_MOVABLE 0x08, __GFP_RECLAIMABLE 0x10 -> gfp_migratetype()
 *   watermarks      __GFP_HIGH 0x20 (min / 2), __GFP_ATOMIC 0x200 (ALLOC_HARDER:
 *                   a further min / 4 and the HIGHATOMIC reserve)
 *   reclaim         __GFP_DIRECT_RECLAIM 0x400, __GFP_KSWAPD_RECLAIM 0x800:
 *                   there is no reclaim yet; a failing fast path counts a
 *                   kswapd wakeup (vmstat "kswapd_wake"), a request that may
 *                   direct-reclaim counts an "allocstall_<zone>"
 *   action          __GFP_ZERO 0x100 clears, __GFP_NOWARN 0x2000 silences the
 *                   failure report; __GFP_IO / __GFP_FS / __GFP_HARDWALL have
 *                   no effect yet
 *
 *   GFP_KERNEL           0xcc0   RECLAIM | IO | FS
 *   GFP_ATOMIC           0xa20   HIGH | ATOMIC | KSWAPD_RECLAIM
 *   GFP_HIGHUSER_MOVABLE 0x100cca  USER | HIGHMEM | MOVABLE
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "mm_types.h"
#include "mmzone.h"

typedef unsigned int gfp_t;

#define __GFP_DMA            ((gfp_t)0x01u)
#define __GFP_HIGHMEM        ((gfp_t)0x02u)
#define GFP_MOVABLE_SHIFT    3 /* bit of __GFP_MOVABLE; MOVABLE/RECLAIMABLE = 1/2 after the shift */
#define __GFP_MOVABLE        ((gfp_t)(1u << GFP_MOVABLE_SHIFT))
#define __GFP_RECLAIMABLE    ((gfp_t)(2u << GFP_MOVABLE_SHIFT))
#define __GFP_HIGH           ((gfp_t)0x20u)
#define __GFP_IO             ((gfp_t)0x40u)
#define __GFP_FS             ((gfp_t)0x80u)
#define __GFP_ZERO           ((gfp_t)0x100u)
#define __GFP_ATOMIC         ((gfp_t)0x200u)
#define __GFP_DIRECT_RECLAIM ((gfp_t)0x400u)
#define __GFP_KSWAPD_RECLAIM ((gfp_t)0x800u)
#define __GFP_NOWARN         ((gfp_t)0x2000u)
#define __GFP_NORETRY        ((gfp_t)0x10000u) /* no OOM kill, give up after reclaim */
#define __GFP_NOMEMALLOC     ((gfp_t)0x80000u)
#define __GFP_HARDWALL       ((gfp_t)0x100000u)
#define __GFP_RECLAIM        (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK         (__GFP_DMA | __GFP_HIGHMEM)
#define GFP_MOVABLE_MASK     (__GFP_MOVABLE | __GFP_RECLAIMABLE)

#define GFP_ATOMIC           (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL           (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT           (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO             (__GFP_RECLAIM)
#define GFP_NOFS             (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER             (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA              (__GFP_DMA)
#define GFP_HIGHUSER         (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

/* The migrate type a request with `gfp` allocates from. */
static inline int gfp_migratetype(gfp_t gfp) {
  return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * The highest zone a request may use: ZONE_DMA for __GFP_DMA,
 * ZONE_HIGHMEM for __GFP_HIGHMEM, else ZONE_NORMAL.  Both bits together
 * are invalid (Linux BUGs): -1, and alloc_pages refuses the request.
 * GFP_ZONE_TABLE holds the answer for each value of the two bits in
 * GFP_ZONES_SHIFT bits each, GFP_ZONE_BAD the invalid value (Linux keeps
 * tables of the same names): a shift and a mask, no load.
 */
#define GFP_ZONES_SHIFT 2
#define GFP_ZONE_TABLE                                                   \
  (((unsigned long)ZONE_NORMAL << (0 * GFP_ZONES_SHIFT)) |               \
   ((unsigned long)ZONE_DMA << (__GFP_DMA * GFP_ZONES_SHIFT)) |          \
   ((unsigned long)ZONE_HIGHMEM << (__GFP_HIGHMEM * GFP_ZONES_SHIFT)))
#define GFP_ZONE_BAD (__GFP_DMA | __GFP_HIGHMEM)
static inline int gfp_zone(gfp_t gfp) {
  unsigned long bit = gfp & GFP_ZONEMASK;
  if (bit == GFP_ZONE_BAD) return -1;
  return (int)((GFP_ZONE_TABLE >> (bit * GFP_ZONES_SHIFT)) & ((1ul << GFP_ZONES_SHIFT) - 1));
}

/* The zonelist a request walks (one node: the fallback list). */
static inline struct zonelist *node_zonelist(int nid, gfp_t gfp) {
  (void)nid;
  (void)gfp;
  return &NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK];
}

/*
 * Allocates 2^order contiguous pages, aligned to 2^order pages, from the
 * highest zone gfp_zone(gfp) allows, falling back down the zonelist
 * (HighMem -> Normal -> DMA).  A zone serves a request only while its
 * free pages after it stay above its watermark plus lowmem_reserve for
 * the request's highest zone (see zone_watermark_ok in page_alloc.c).
 * Returns NULL when order >= MAX_ORDER, when both mobility or both zone
 * bits are set, or when no zone can serve it; then prints Linux's
 * "page allocation failure" report unless __GFP_NOWARN.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages((gfp), 0)

/*
 * Drops a reference to the 2^order block at `page`, freeing it when the
 * count reaches 0.  A page still carrying a flag of
 * PAGE_FLAGS_CHECK_AT_FREE (PG_reserved, PG_slab, PG_head) is reported by
 * bad_page() and leaked, as Linux does.  Panics on a bad order and on a
 * double free; with CONFIG_DEBUG_VM also on a page outside mem_map, a pfn
 * misaligned for the order, an order that differs from the one allocated
 * and bad tail pages.
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
