/*
 * cma.c -- the contiguous memory allocator (see cma.h): boot reservation
 * from memblock, release as MIGRATE_CMA pageblocks, pageblock isolation
 * (Linux mm/page_isolation.c) and alloc_contig_range (Linux keeps it in
 * page_alloc.c; here it lives with its only user).
 */
#include "cma.h"

#include <string.h>

#include "internal.h"
#include "memblock.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "printk.h"

#define MIB_SHIFT 20
#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define BUSY_NONE (~0ul) /* no busy pfn recorded */

enum cma_state { CMA_NONE, CMA_RESERVED, CMA_ACTIVE };

static struct cma cma_area;
static enum cma_state cma_state;
struct cma *dma_contiguous_default_area;
phys_addr_t cma_reserve_bytes = MMCOSIM_MM_CMA_BYTES;
unsigned long totalcma_pages;

/* See internal.h. */
void cma_reset(void) {
  memset(&cma_area, 0, sizeof(cma_area));
  cma_state = CMA_NONE;
  dma_contiguous_default_area = NULL;
  totalcma_pages = 0;
}

/*
 * See internal.h.  Whole pageblocks, top-down like every memblock
 * allocation; a second call in the same boot (setup_arch, then
 * free_area_init) does nothing.
 */
void dma_contiguous_reserve(void) {
  if (cma_state == CMA_RESERVED &&
      memblock_is_region_reserved(PFN_PHYS(cma_area.base_pfn), PAGE_SIZE))
    return;
  cma_reset();
  phys_addr_t size = ALIGN(cma_reserve_bytes, PFN_PHYS(pageblock_nr_pages));
  if (size == 0) return;
  phys_addr_t base = memblock_phys_alloc(size, PFN_PHYS(pageblock_nr_pages));
  unsigned long count = PHYS_PFN(size);
  phys_addr_t bitmap_bytes =
      ALIGN(count, BITS_PER_LONG) / BITS_PER_LONG * sizeof(unsigned long);
  phys_addr_t bitmap = base ? memblock_phys_alloc(bitmap_bytes, sizeof(unsigned long)) : 0;
  if (!base || !bitmap) {
    if (base) memblock_free(base, size);
    printk("cma: Failed to reserve %lu MiB\n", (unsigned long)(size >> MIB_SHIFT));
    return;
  }
  cma_area.base_pfn = PHYS_PFN(base);
  cma_area.count = count;
  cma_area.bitmap = __va(bitmap);
  memset(cma_area.bitmap, 0, bitmap_bytes);
  cma_area.last_busy_pfn = BUSY_NONE;
  cma_area.name = "reserved";
  cma_state = CMA_RESERVED;
  dma_contiguous_default_area = &cma_area;
  printk("cma: Reserved %lu MiB at 0x%08lx\n", (unsigned long)(size >> MIB_SHIFT),
         (unsigned long)base);
}

/*
 * See internal.h (Linux cma_activate_area + init_cma_reserved_pageblock).
 * An area that straddles two zones cannot be activated: its pages go to
 * the buddy as ordinary movable pages.
 */
void cma_init_reserved_areas(void) {
  if (cma_state != CMA_RESERVED) return;
  struct cma *cma = &cma_area;
  unsigned long end = cma->base_pfn + cma->count;
  struct zone *zone = page_zone(pfn_to_page(cma->base_pfn));
  if (!zone_spans_pfn(zone, end - 1)) {
    printk("cma: CMA area %s could not be activated\n", cma->name);
    for (unsigned long pfn = cma->base_pfn; pfn < end; pfn++)
      __free_pages_core(pfn_to_page(pfn), 0);
    cma_reset();
    return;
  }
  for (unsigned long pfn = cma->base_pfn; pfn < end; pfn += pageblock_nr_pages) {
    struct page *page = pfn_to_page(pfn);
    set_pageblock_migratetype(page, MIGRATE_CMA);
    __free_pages_core(page, pageblock_order);
  }
  zone->cma_pages += cma->count;
  totalcma_pages += cma->count;
  cma_state = CMA_ACTIVE;
}

/* ---- pageblock isolation ---- */

/*
 * Makes the pageblock of `page` MIGRATE_ISOLATE: its free pages move to
 * the isolate lists and stop counting as free.  -EBUSY when it already is.
 */
static int set_migratetype_isolate(struct zone *zone, struct page *page) {
  int mt = get_pageblock_migratetype(page);
  if (is_migrate_isolate(mt)) return -EBUSY;
  set_pageblock_migratetype(page, MIGRATE_ISOLATE);
  zone->nr_isolate_pageblock++;
  unsigned long nr = move_freepages_block(zone, page, MIGRATE_ISOLATE);
  __mod_zone_freepage_state(zone, -(long)nr, mt);
  return 0;
}

/* Gives the isolated pageblock of `page` back to `migratetype`. */
static void unset_migratetype_isolate(struct zone *zone, struct page *page,
                                      int migratetype) {
  set_pageblock_migratetype(page, migratetype);
  unsigned long nr = move_freepages_block(zone, page, migratetype);
  __mod_zone_freepage_state(zone, (long)nr, migratetype);
  zone->nr_isolate_pageblock--;
}

/* Restores the pageblocks [start_pfn, end_pfn) to `migratetype`. */
static void undo_isolate_page_range(struct zone *zone, unsigned long start_pfn,
                                    unsigned long end_pfn, int migratetype) {
  for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages)
    unset_migratetype_isolate(zone, pfn_to_page(pfn), migratetype);
}

/*
 * First pfn of [start, end) not inside a free buddy block, walking the
 * pageblocks [pb_start, pb_end) that hold it; BUSY_NONE when all are free.
 */
static unsigned long first_busy_pfn(unsigned long pb_start, unsigned long pb_end,
                                    unsigned long start, unsigned long end) {
  unsigned long pfn = pb_start;
  while (pfn < pb_end) {
    const struct page *page = pfn_to_page(pfn);
    if (PageBuddy(page)) {
      pfn += 1ul << buddy_order(page);
      continue;
    }
    if (pfn >= start && pfn < end) return pfn;
    pfn++;
  }
  return BUSY_NONE;
}

/*
 * Takes the free pages [start, end) out of the isolated pageblocks
 * [pb_start, pb_end): every free block overlapping the range leaves its
 * list, its parts outside the range go back (still isolated).
 */
static void isolate_freepages_range(struct zone *zone, unsigned long pb_start,
                                    unsigned long pb_end, unsigned long start,
                                    unsigned long end) {
  unsigned long pfn = pb_start;
  while (pfn < pb_end) {
    struct page *page = pfn_to_page(pfn);
    if (!PageBuddy(page)) {
      pfn++;
      continue;
    }
    unsigned int order = buddy_order(page);
    unsigned long block_end = pfn + (1ul << order);
    if (block_end > start && pfn < end) {
      del_page_from_free_list(page, zone, order);
      if (pfn < start) __free_pfn_range(zone, pfn, start, MIGRATE_ISOLATE);
      if (block_end > end) __free_pfn_range(zone, end, block_end, MIGRATE_ISOLATE);
    }
    pfn = block_end;
  }
}

/*
 * Linux alloc_contig_range for MIGRATE_CMA pageblocks: isolates the
 * pageblocks of [start, end), drains the pcp lists into them, and takes
 * [start, end) when every page is free (each then has refcount 1).
 * Returns 0, or -EBUSY with *busy_pfn set to the first page in use.
 */
static int alloc_contig_range(unsigned long start, unsigned long end,
                              int migratetype, unsigned long *busy_pfn) {
  struct zone *zone = page_zone(pfn_to_page(start));
  unsigned long pb_start = ALIGN_DOWN(start, pageblock_nr_pages);
  unsigned long pb_end = ALIGN(end, pageblock_nr_pages);
  for (unsigned long pfn = pb_start; pfn < pb_end; pfn += pageblock_nr_pages) {
    if (set_migratetype_isolate(zone, pfn_to_page(pfn))) {
      undo_isolate_page_range(zone, pb_start, pfn, migratetype);
      *busy_pfn = pfn;
      return -EBUSY;
    }
  }
  drain_local_pages(zone);
  *busy_pfn = first_busy_pfn(pb_start, pb_end, start, end);
  if (*busy_pfn != BUSY_NONE) {
    printk("alloc_contig_range: [%lx, %lx) PFNs busy\n", start, end);
    undo_isolate_page_range(zone, pb_start, pb_end, migratetype);
    return -EBUSY;
  }
  isolate_freepages_range(zone, pb_start, pb_end, start, end);
  for (unsigned long pfn = start; pfn < end; pfn++) {
    struct page *page = pfn_to_page(pfn);
    set_page_count(page, 1);
    set_page_private(page, 0);
  }
  undo_isolate_page_range(zone, pb_start, pb_end, migratetype);
  return 0;
}

/* ---- the area's bitmap ---- */

static bool cma_bit(const struct cma *cma, unsigned long i) {
  return (cma->bitmap[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1ul;
}

/* Sets (value true) or clears bits [first, first + count) of the bitmap. */
static void cma_set_bits(struct cma *cma, unsigned long first, unsigned long count,
                         bool value) {
  for (unsigned long i = first; i < first + count; i++) {
    unsigned long mask = 1ul << (i % BITS_PER_LONG);
    if (value)
      cma->bitmap[i / BITS_PER_LONG] |= mask;
    else
      cma->bitmap[i / BITS_PER_LONG] &= ~mask;
  }
}

/*
 * First bitmap index >= from whose pfn is aligned to `align_pages` and
 * whose `count` bits are clear; the area's count when none fits.
 */
static unsigned long cma_find_zero_area(const struct cma *cma, unsigned long from,
                                        unsigned long count,
                                        unsigned long align_pages) {
  unsigned long i = ALIGN(cma->base_pfn + from, align_pages) - cma->base_pfn;
  while (i + count <= cma->count) {
    unsigned long j = 0;
    while (j < count && !cma_bit(cma, i + j)) j++;
    if (j == count) return i;
    i = ALIGN(cma->base_pfn + i + j + 1, align_pages) - cma->base_pfn;
  }
  return cma->count;
}

/* See cma.h. */
struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align,
                       bool no_warn) {
  if (!cma || !count || align >= MAX_ORDER) return NULL;
  unsigned long align_pages = 1ul << align;
  unsigned long first_busy = BUSY_NONE;
  int ret = -ENOMEM;
  for (unsigned long from = 0;;) {
    unsigned long i = cma_find_zero_area(cma, from, count, align_pages);
    if (i >= cma->count) break;
    unsigned long pfn = cma->base_pfn + i, busy;
    cma_set_bits(cma, i, count, true);
    ret = alloc_contig_range(pfn, pfn + count, MIGRATE_CMA, &busy);
    if (ret == 0) {
      cma->nr_alloc++;
      return pfn_to_page(pfn);
    }
    cma_set_bits(cma, i, count, false);
    if (first_busy == BUSY_NONE) first_busy = busy;
    from = i + align_pages;
  }
  cma->nr_fail++;
  cma->last_busy_pfn = first_busy;
  if (!no_warn) {
    printk("cma: cma_alloc: %s: alloc failed, req-size: %lu pages, ret: %d\n",
           cma->name, count, ret);
    if (first_busy != BUSY_NONE)
      printk("cma: cma_alloc: pfn 0x%lx busy: a movable page is allocated there "
             "(migration not supported yet)\n", first_busy);
  }
  return NULL;
}

/* See cma.h. */
bool cma_release(struct cma *cma, const struct page *pages, unsigned long count) {
  if (!cma || !pages || !count) return false;
  unsigned long pfn = page_to_pfn(pages);
  if (pfn < cma->base_pfn || pfn + count > cma->base_pfn + cma->count) return false;
  unsigned long first = pfn - cma->base_pfn;
  for (unsigned long i = first; i < first + count; i++)
    if (!cma_bit(cma, i)) return false;
  for (unsigned long i = 0; i < count; i++) __free_pages(pfn_to_page(pfn + i), 0);
  cma_set_bits(cma, first, count, false);
  return true;
}
