/*
 * highmem.h -- reaching pages outside the linear map (Linux names):
 * kmap / kunmap through the pkmap area, kmap_local_page / kunmap_local
 * and kmap_atomic / kunmap_atomic through fixmap slots.
 *
 *   PKMAP_BASE                          PKMAP_ADDR(LAST_PKMAP)   FIXADDR_START .. FIXADDR_TOP
 *   | slot 0 | slot 1 | ... | slot 511 |   ...   | BTMAP... | KMAP_END ... KMAP_BEGIN | HOLE |
 *     pkmap_count[nr]: 0 free (PTE clear, TLB flushed)          kmap_local stack: idx 0 at
 *                      1 unused but still mapped (TLB may hold) FIX_KMAP_BEGIN, growing to
 *                      n>1 mapped by n-1 kmap() users           lower addresses
 *
 * kmap() takes the next slot after last_pkmap_nr whose count is 0.  When
 * the search wraps to slot 0, flush_all_zero_pkmaps() clears every slot
 * whose count is 1 and flushes the whole pkmap range once: unmapping is
 * lazy and costs one TLB flush per wrap, not one per kunmap().
 * kunmap_local() clears its slot's PTE and flushes that one page locally.
 *
 * A page is highmem when its pfn is >= highmem_start_pfn (max_low_pfn once
 * kmap_init ran; until then nothing is).  page_address() of a highmem page
 * is its pkmap address while kmap()ed, else NULL (page.h).
 */
#ifndef MM_HIGHMEM_H
#define MM_HIGHMEM_H

#include <stdbool.h>

#include "memlayout.h"
#include "mm_types.h"
#include "page.h"

#define PKMAP_NR(virt) (((virt) - PKMAP_BASE) >> PAGE_SHIFT)

extern int pkmap_count[]; /* LAST_PKMAP entries, see above */

/* True when `page` is outside the linear map (Linux PageHighMem). */
static inline bool page_is_highmem(const struct page *page) {
  return page_to_pfn(page) >= highmem_start_pfn;
}

/*
 * Readies the pkmap and fixmap PTE table in init_mm (allocated through
 * pte_alloc_kernel unless boot made it) and clears every slot; from now
 * on pfns >= max_low_pfn are highmem.  Panics when no page is left.
 */
void kmap_init(void);

/*
 * A kernel address of `page` that stays valid until kunmap(page): the
 * linear map for lowmem, else a pkmap slot (shared by nested kmaps of the
 * same page).  Panics when all LAST_PKMAP slots are in use (one hart:
 * nobody could free one while we wait, where Linux sleeps).
 */
void *kmap(struct page *page);

/* Drops a kmap() of `page`; panics when it is not kmapped. */
void kunmap(struct page *page);

/* The pkmap slot's PTEs with count 1 cleared, one flush of the pkmap range if any. */
void flush_all_zero_pkmaps(void);

/*
 * A short-lived kernel address of `page`, valid until the matching
 * kunmap_local(): the linear map for lowmem, else the next fixmap slot
 * (nesting up to KM_MAX_IDX deep; panics beyond).  Unmaps in reverse order.
 */
void *kmap_local_page(struct page *page);

/*
 * Undoes the latest kmap_local_page(): clears its fixmap PTE and flushes
 * that page from this hart's TLB.  A lowmem address is ignored.  Panics
 * when `vaddr` is not the latest slot.
 */
void kunmap_local(const void *vaddr);

/* kmap_local_page / kunmap_local (one hart, no preemption: nothing more to disable). */
void *kmap_atomic(struct page *page);
void kunmap_atomic(const void *vaddr);

/* kmap_local slots in use (the nesting depth). */
unsigned int kmap_local_depth(void);

/*
 * Zicboz block size in bytes, 0 when cbo.zero is not available (the
 * kernel's boot probe sets it: setup.c riscv_cbo_setup; Linux takes it
 * from the device tree's riscv,cboz-block-size).  A power of two that
 * divides PAGE_SIZE.
 */
extern unsigned long riscv_cboz_block_size;

/*
 * Zeroes the page at `addr` (page-aligned, mapped): cbo.zero per block
 * when Zicboz is there (riscv_cboz_block_size), else word stores, 16 per
 * iteration (Linux arch/riscv/lib/clear_page.S does the same choice).
 */
void clear_page(void *addr);

/* Copies the page at `from` to `to` (both page-aligned), 8 words per iteration. */
void copy_page(void *to, const void *from);

/* Zeroes `page` through kmap_local (Linux clear_highpage). */
void clear_highpage(struct page *page);

/* Copies page `from` into page `to` through kmap_local (Linux copy_highpage). */
void copy_highpage(struct page *to, struct page *from);

#endif /* MM_HIGHMEM_H */
