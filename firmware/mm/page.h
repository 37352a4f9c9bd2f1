/*
 * page.h -- page size, pfn <-> physical address <-> struct page, and the
 * linear map from physical addresses to pointers.
 *
 *   phys  arch_pfn_offset << PAGE_SHIFT        max_pfn << PAGE_SHIFT
 *         |<------------- mem_map[] covers these pfns ------------->|
 *   ptr   __va(phys) = phys + va_pa_offset
 *
 * On the target, the kernel runs in M/S Bare mode: va_pa_offset is 0.  In
 * host tests a malloc'ed buffer stands in for DRAM and va_pa_offset points
 * the DRAM physical addresses into it.  Page contents are only ever
 * reached through __va() / page_address().
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <stdint.h>

#include "mm_types.h"
#include "mmcosim_cfg.h"

#define PAGE_SHIFT MMCOSIM_SV32_PAGE_SHIFT
#define PAGE_SIZE  (1ul << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define KB_SHIFT 10 /* log2 of one KiB: pages <-> KiB is a shift by PAGE_SHIFT - KB_SHIFT */

/* pfn <-> physical address. */
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(pa)  ((unsigned long)((pa) >> PAGE_SHIFT))
#define PFN_UP(pa)    ((unsigned long)(((pa) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(pa)  PHYS_PFN(pa)

/* Rounds `x` down / up to a multiple of the power of two `a`. */
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN(x, a)      ALIGN_DOWN((x) + ((__typeof__(x))(a) - 1), (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

/* Smallest order with PAGE_SIZE << order >= size (size > 0), Linux get_order. */
static inline unsigned int get_order(unsigned long size) {
  unsigned long pages = (size - 1) >> PAGE_SHIFT; /* pages beyond the first */
  unsigned int order = 0;
  while (pages) {
    pages >>= 1;
    order++;
  }
  return order;
}

extern struct page *mem_map;         /* one struct page per pfn in [arch_pfn_offset, max_pfn) */
extern unsigned long arch_pfn_offset; /* ARCH_PFN_OFFSET: the pfn of mem_map[0] */
extern unsigned long max_pfn;         /* one past the last pfn of mem_map */
extern uintptr_t va_pa_offset;        /* pointer = physical address + va_pa_offset */

#define ARCH_PFN_OFFSET arch_pfn_offset

/* Physical address -> kernel pointer through the linear map. */
static inline void *__va(phys_addr_t pa) {
  return (void *)((uintptr_t)pa + va_pa_offset);
}

/* Kernel pointer -> physical address (inverse of __va). */
static inline phys_addr_t __pa(const void *va) {
  return (phys_addr_t)((uintptr_t)va - va_pa_offset);
}

/* Returns true when `pfn` has a struct page in mem_map. */
static inline bool pfn_valid(unsigned long pfn) {
  return mem_map && pfn >= ARCH_PFN_OFFSET && pfn < max_pfn;
}

/* pfn <-> struct page (FLATMEM: one array).  pfn must be pfn_valid(). */
static inline struct page *pfn_to_page(unsigned long pfn) {
  return mem_map + (pfn - ARCH_PFN_OFFSET);
}
static inline unsigned long page_to_pfn(const struct page *page) {
  return (unsigned long)(page - mem_map) + ARCH_PFN_OFFSET;
}

/* The linear-map pointer to the contents of lowmem `page`. */
static inline void *lowmem_page_address(const struct page *page) {
  return __va(PFN_PHYS(page_to_pfn(page)));
}

extern unsigned long highmem_start_pfn; /* highmem.c: max_low_pfn after kmap_init, else ~0 */
void *highmem_page_address(const struct page *page); /* highmem.c: pkmap address or NULL */

/*
 * The kernel pointer to the contents of `page`: the linear map for lowmem;
 * for highmem (highmem.h) its kmap() address, NULL when not kmapped.
 */
static inline void *page_address(const struct page *page) {
  if (page_to_pfn(page) >= highmem_start_pfn) return highmem_page_address(page);
  return lowmem_page_address(page);
}

/* Returns the page whose contents `addr` (a kernel pointer) lies in. */
static inline struct page *virt_to_page(const void *addr) {
  return pfn_to_page(PHYS_PFN(__pa(addr)));
}

/*
 * Sets the linear map so that physical address `pa` is at pointer `va`
 * (target: set_linear_map(pa, (void *)pa); host: the stand-in buffer).
 */
void set_linear_map(phys_addr_t pa, void *va);

#endif /* MM_PAGE_H */
