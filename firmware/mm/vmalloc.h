/*
 * vmalloc.h -- kernel virtual areas: the vmap-area allocator, vm_struct,
 * vmalloc / vzalloc / vfree, vmap / vunmap, vmalloc_to_page, find_vm_area,
 * ioremap / iounmap (ioremap.c) and the vmallocinfo view.  Linux names.
 *
 *   vstart                                                          vend
 *   |  area A (4 pages) |g|   gap   |  area B (1 page) |g|  lazily freed  |g|     |
 *   ^ va_start          ^ guard page (unmapped)          ^ on vmap_purge_list
 *
 * Each vmap_area covers its vm_struct's pages plus one guard page (the
 * vm_struct's size includes it, as Linux's does).  vmap_area_list holds
 * every area that occupies address space, in address order: busy ones and
 * the lazily freed ones whose PTEs are cleared but whose TLB entries may
 * still be live.  Those also sit on vmap_purge_list; once more than
 * lazy_max_pages() pages are pending, purge_vmap_area_lazy() issues one
 * flush_tlb_kernel_range over them all and gives the space back.
 */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include <stddef.h>

#include "gfp.h"
#include "list.h"
#include "mm_types.h"
#include "pgtable.h"

/* vm_struct flags (Linux values). */
#define VM_IOREMAP  0x00000001ul /* ioremap() and friends */
#define VM_ALLOC    0x00000002ul /* vmalloc() */
#define VM_MAP      0x00000004ul /* vmap()ed pages */
#define VM_NO_GUARD 0x00000040ul /* no guard page after the area */

/* One mapped kernel virtual area (Linux struct vm_struct). */
struct vm_struct {
  void *addr;            /* first byte */
  unsigned long size;    /* bytes, including the guard page */
  unsigned long flags;   /* VM_* */
  struct page **pages;   /* VM_ALLOC / VM_MAP: the pages, in order */
  unsigned int nr_pages; /* entries in pages[] */
  phys_addr_t phys_addr; /* VM_IOREMAP: the physical base */
  const void *caller;    /* return address of the allocating call */
};

/* One piece of the vmalloc address space in use (Linux struct vmap_area). */
struct vmap_area {
  unsigned long va_start;     /* first byte */
  unsigned long va_end;       /* one past the last byte (guard included) */
  struct list_head list;      /* vmap_area_list, address order */
  struct list_head purge;     /* vmap_purge_list while lazily freed */
  struct vm_struct *vm;       /* the area's vm_struct; NULL once freed */
};

/* Bytes of the vm_struct's area without its guard page (Linux get_vm_area_size). */
unsigned long get_vm_area_size(const struct vm_struct *area);

/*
 * Sets up the vmap-area allocator over [start, end) (page-aligned) and its
 * vmap_area cache.  Needs kmem_cache_init().  Panics when called twice or
 * on an empty or unaligned range.  vmalloc_init() passes
 * VMALLOC_START..VMALLOC_END; host tests pass any range.
 */
void vmalloc_init_range(unsigned long start, unsigned long end);

/*
 * Reserves `size` bytes (a multiple of PAGE_SIZE, guard included) aligned
 * to `align` (a power of two >= PAGE_SIZE) at the lowest fitting address in
 * [vstart, vend).  When nothing fits and lazily freed areas are pending,
 * purges them and tries once more.  Returns NULL (with Linux's "vmap
 * allocation ... failed" line) when the space is exhausted.
 */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
                                  unsigned long vstart, unsigned long vend);

/* The busy area containing `addr`, or NULL (lazily freed areas don't count). */
struct vmap_area *find_vmap_area(unsigned long addr);

/*
 * Frees busy area `va` lazily: it joins vmap_purge_list (its PTEs must be
 * cleared already), and when more than lazy_max_pages() pages are then
 * pending, purge_vmap_area_lazy() runs.
 */
void free_vmap_area_noflush(struct vmap_area *va);

/*
 * Flushes the TLB over all lazily freed areas with one
 * flush_tlb_kernel_range(lowest start, highest end) and returns their
 * space.  A kernel PTE table of the vmalloc space left empty goes back to
 * the buddy (pte_free_kernel): its pgd entry is cleared first and the one
 * flush widened to the table's 4 MiB; kept while any process pgd exists
 * (its copy of the kernel half may point at it).  Nothing pending: no flush.
 */
void purge_vmap_area_lazy(void);

/* Pages pending on vmap_purge_list. */
unsigned long vmap_lazy_nr_pages(void);

/* Pending pages above which the lazy areas are purged (config kernel.lazy_max_pages). */
unsigned long lazy_max_pages(void);

/* The vm_struct whose area starts at `addr`, or NULL (Linux find_vm_area). */
struct vm_struct *find_vm_area(const void *addr);

/*
 * Reserves an area of `size` bytes (rounded up to pages; plus a guard page
 * unless VM_NO_GUARD) in [start, end) with `flags`, nothing mapped yet.
 * Returns NULL when size is 0 or there is no space or memory.
 */
struct vm_struct *__get_vm_area_caller(unsigned long size, unsigned long flags,
                                       unsigned long start, unsigned long end,
                                       const void *caller);

/*
 * Takes the area at `addr` out of use: clears its PTEs (no flush), frees
 * its vmap_area lazily and returns its vm_struct (the caller frees it and
 * any pages), or NULL when no area starts at addr.
 */
struct vm_struct *remove_vm_area(const void *addr);

/*
 * A kernel fault at `addr` in the vmalloc area under page directory `pgd`
 * (Linux 32-bit vmalloc_fault): a process's pgd copied the kernel half of
 * swapper_pg_dir when it was made, so a PTE table the vmalloc area got
 * later is missing there.  When init_mm maps `addr`, copies its pgd entry
 * into `pgd`, flushes the page and returns 0 (retry); -EFAULT when `addr`
 * is outside the area, not mapped in init_mm, or `pgd` holds a different
 * entry there (a real bug: the oops).  Counted in nr_vmalloc_faults.
 */
int vmalloc_fault(pgd_t *pgd, unsigned long addr);
extern unsigned long nr_vmalloc_faults;

/* vmalloc_init_range(VMALLOC_START, VMALLOC_END): after find_low_pfn_range and kmem_cache_init. */
void vmalloc_init(void);

/* True when `x` lies in [VMALLOC_START, VMALLOC_END). */
bool is_vmalloc_addr(const void *x);

/*
 * Maps the page `pte` at `addr` in init_mm, allocating the PTE table when
 * missing.  Returns -ENOMEM when no page is left for it; panics when addr
 * is already mapped.  No TLB flush: addr had no valid translation.
 */
int vmap_page_range(unsigned long addr, pte_t pte);

/* Clears the PTEs of [start, end) in init_mm (page aligned) without any flush. */
void vunmap_range_noflush(unsigned long start, unsigned long end);

/*
 * Allocates `size` bytes (rounded up to pages) of virtually contiguous
 * memory in [start, end): one page from the buddy per page with `gfp`,
 * mapped with `prot` behind a guard page.  Returns NULL (with Linux's
 * "vmalloc error" line) when there is no space or no page; nothing leaks.
 */
void *__vmalloc_node_range(unsigned long size, unsigned long start, unsigned long end,
                           gfp_t gfp, pgprot_t prot, const void *caller);

/* __vmalloc_node_range over the vmalloc area, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL. */
void *vmalloc(unsigned long size);

/* vmalloc with the pages zeroed. */
void *vzalloc(unsigned long size);

/*
 * Frees what vmalloc returned: unmaps it (the TLB flush is lazy, see the
 * top of this file) and frees its pages at once.  NULL is ignored; any
 * other address that is not the start of a vmalloc area panics.
 */
void vfree(const void *addr);

/*
 * Maps `count` pages (the caller's, any zone) contiguously in the vmalloc
 * area with `prot`.  Returns the address or NULL.  The pages stay the
 * caller's; vunmap() unmaps them.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);

/* Unmaps what vmap returned (lazy flush); NULL ignored; panics on another address. */
void vunmap(const void *addr);

/* The page mapped at vmalloc address `addr`, or NULL when none is. */
struct page *vmalloc_to_page(const void *vmalloc_addr);

/* page_to_pfn(vmalloc_to_page(addr)), 0 when unmapped. */
unsigned long vmalloc_to_pfn(const void *vmalloc_addr);

/* Frees a vm_struct that remove_vm_area returned (not its pages). */
void vm_area_free(struct vm_struct *area);

/* Pages mapped by vmalloc (VmallocUsed in meminfo, in pages). */
unsigned long vmalloc_nr_pages(void);

/*
 * Prints every area as /proc/vmallocinfo does, in address order:
 *   0xc8000000-0xc8005000   20480 0xc0001234 pages=4 vmalloc
 * (the caller column is the return address: there are no symbols) and
 * lazily freed areas as "... unpurged vm_area".
 */
void show_vmallocinfo(void);

#endif /* MM_VMALLOC_H */
