/*
 * vmalloc.c -- the vmap-area allocator (address-ordered list, first fit,
 * guard pages, lazy purge), vm_struct bookkeeping and vmallocinfo.  See
 * vmalloc.h for the picture.
 *
 * Linux keeps busy and free areas in augmented rbtrees for O(log n) fit
 * and lookup.  This kernel has one hart and a few dozen areas at a time
 * (vmalloc'd buffers and the ioremaps of three devices; kmap uses pkmap,
 * not vmap areas), so one address-ordered list, walked first fit, does
 * the same job: a walk of n areas costs a few instructions per area,
 * less than mapping the pages of the area it finds.  Free space is the
 * gaps between the areas on the list, so there is no free tree to keep.
 */
#include "vmalloc.h"

#include "highmem.h"
#include "memlayout.h"
#include "mm_errno.h"
#include "page.h"
#include "pgtable.h"
#include "printk.h"
#include "sched_mm.h"
#include "slab.h"
#include "tlbflush.h"

/* The pages vmalloc takes: any zone, highmem first (Linux GFP_KERNEL | __GFP_HIGHMEM). */
#define GFP_VMALLOC (GFP_KERNEL | __GFP_HIGHMEM)

static struct list_head vmap_area_list = {&vmap_area_list, &vmap_area_list};  /* every area occupying space, address order */
static struct list_head vmap_purge_list = {&vmap_purge_list, &vmap_purge_list}; /* lazily freed areas */
static unsigned long vmap_lazy_nr; /* pages on vmap_purge_list */
static unsigned long vmap_start, vmap_end; /* the space vmalloc_init_range got */
static struct kmem_cache *vmap_area_cachep;
static unsigned long nr_vmalloc_pages;

/* Bytes of an area. */
static unsigned long va_size(const struct vmap_area *va) {
  return va->va_end - va->va_start;
}

/* Contract in vmalloc.h. */
unsigned long get_vm_area_size(const struct vm_struct *area) {
  return (area->flags & VM_NO_GUARD) ? area->size : area->size - PAGE_SIZE;
}

/* Contract in vmalloc.h. */
unsigned long lazy_max_pages(void) { return MMCOSIM_KERNEL_LAZY_MAX_PAGES; }

/* Contract in vmalloc.h. */
unsigned long vmap_lazy_nr_pages(void) { return vmap_lazy_nr; }

/* Contract in vmalloc.h. */
unsigned long vmalloc_nr_pages(void) { return nr_vmalloc_pages; }

/* meminfo VmallocTotal in pages: the space vmalloc_init_range got (0 before). */
unsigned long vmalloc_total_pages(void) { return (vmap_end - vmap_start) >> PAGE_SHIFT; }

/* Contract in vmalloc.h. */
void vmalloc_init_range(unsigned long start, unsigned long end) {
  if (start >= end || !IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(end, PAGE_SIZE))
    panic("vmalloc_init_range: bad range 0x%08lx-0x%08lx", start, end);
  INIT_LIST_HEAD(&vmap_area_list);
  INIT_LIST_HEAD(&vmap_purge_list);
  vmap_lazy_nr = 0;
  nr_vmalloc_pages = 0;
  vmap_start = start;
  vmap_end = end;
  vmap_area_cachep = kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0, 0, NULL);
  if (!vmap_area_cachep) panic("vmalloc_init_range: no vmap_area cache");
}

/* True when `size` bytes at `addr` (ALIGN()ed up from gap_start) end by `limit`. */
static bool fits(unsigned long addr, unsigned long gap_start, unsigned long size,
                 unsigned long limit) {
  return addr >= gap_start && addr + size > addr && addr + size <= limit;
}

/*
 * The lowest address >= `vstart` aligned to `align` where `size` bytes fit
 * before `vend` and in a gap of vmap_area_list; *prev is set to the area
 * the new one goes after (the list head when first).  Returns 0 if none.
 */
static unsigned long find_vmap_lowest_match(unsigned long size, unsigned long align,
                                            unsigned long vstart, unsigned long vend,
                                            struct list_head **prev) {
  unsigned long gap_start = vstart;
  struct list_head *pos;
  *prev = &vmap_area_list;
  list_for_each(pos, &vmap_area_list) {
    struct vmap_area *va = list_entry(pos, struct vmap_area, list);
    unsigned long addr = ALIGN(gap_start, align);
    if (va->va_start >= gap_start &&
        fits(addr, gap_start, size, va->va_start < vend ? va->va_start : vend))
      return addr;
    if (va->va_end > gap_start) gap_start = va->va_end;
    if (gap_start >= vend) return 0;
    *prev = pos;
  }
  unsigned long addr = ALIGN(gap_start, align);
  return fits(addr, gap_start, size, vend) ? addr : 0;
}

/* Contract in vmalloc.h. */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
                                  unsigned long vstart, unsigned long vend) {
  if (size == 0 || !IS_ALIGNED(size, PAGE_SIZE) || align < PAGE_SIZE || (align & (align - 1)))
    panic("alloc_vmap_area: bad size %lu or align %lu", size, align);
  if (vstart < vmap_start) vstart = vmap_start;
  if (vend > vmap_end) vend = vmap_end;
  struct vmap_area *va = kmem_cache_alloc(vmap_area_cachep, GFP_KERNEL);
  if (!va) return NULL;
  bool purged = false;
  for (;;) {
    struct list_head *prev;
    unsigned long addr = find_vmap_lowest_match(size, align, vstart, vend, &prev);
    if (addr) {
      va->va_start = addr;
      va->va_end = addr + size;
      va->vm = NULL;
      INIT_LIST_HEAD(&va->purge);
      list_add(&va->list, prev);
      return va;
    }
    if (purged || vmap_lazy_nr == 0) break;
    purge_vmap_area_lazy();
    purged = true;
  }
  kmem_cache_free(vmap_area_cachep, va);
  printk("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n", size);
  return NULL;
}

/* Contract in vmalloc.h. */
struct vmap_area *find_vmap_area(unsigned long addr) {
  struct list_head *pos;
  list_for_each(pos, &vmap_area_list) {
    struct vmap_area *va = list_entry(pos, struct vmap_area, list);
    if (addr < va->va_start) break;
    if (addr < va->va_end) return list_empty(&va->purge) ? va : NULL;
  }
  return NULL;
}

/* Contract in vmalloc.h. */
void free_vmap_area_noflush(struct vmap_area *va) {
  if (!list_empty(&va->purge)) panic("free_vmap_area_noflush: area 0x%08lx freed twice", va->va_start);
  va->vm = NULL;
  list_add_tail(&va->purge, &vmap_purge_list);
  vmap_lazy_nr += va_size(va) >> PAGE_SHIFT;
  if (vmap_lazy_nr > lazy_max_pages()) purge_vmap_area_lazy();
}

/* True when no entry of the PTE table `pte` maps anything. */
static bool pte_table_empty(const pte_t *pte) {
  for (unsigned long i = 0; i < PTRS_PER_PTE; i++)
    if (!pte_none(pte[i])) return false;
  return true;
}

/*
 * Unhooks from init_mm every PTE table of the vmalloc space under
 * [*start, *end) that maps nothing any more, queues its page on `tables`
 * and widens [*start, *end) to the 4 MiB the table covered, so that the
 * purge's one flush also covers the walks through it (as Linux riscv's
 * pmd_free_pte_page flushes the table's whole range before freeing it).
 * Not while a process pgd exists: pgd_alloc copied the kernel half, so
 * such a pgd may still point at the table.
 */
static void unhook_empty_pte_tables(unsigned long *start, unsigned long *end,
                                    struct list_head *tables) {
  if (nr_mm_structs) return;
  unsigned long lo = *start & PGDIR_MASK;
  for (unsigned long addr = lo; addr < *end && addr >= lo; addr += PGDIR_SIZE) {
    if (addr < vmap_start || addr + PGDIR_SIZE > vmap_end) continue; /* not wholly vmalloc space */
    pgd_t *pgd = pgd_offset_k(addr);
    if (pgd_none(*pgd) || pgd_bad(*pgd)) continue;
    pte_t *table = (pte_t *)(uintptr_t)pgd_page_vaddr(*pgd);
    if (!pte_table_empty(table)) continue;
    pgd_clear(pgd);
    list_add_tail(&virt_to_page(table)->lru, tables);
    if (addr < *start) *start = addr;
    if (addr + PGDIR_SIZE > *end) *end = addr + PGDIR_SIZE;
  }
}

/* Contract in vmalloc.h. */
void purge_vmap_area_lazy(void) {
  if (list_empty(&vmap_purge_list)) return;
  unsigned long start = ~0ul, end = 0;
  struct list_head *pos;
  list_for_each(pos, &vmap_purge_list) {
    struct vmap_area *va = list_entry(pos, struct vmap_area, purge);
    if (va->va_start < start) start = va->va_start;
    if (va->va_end > end) end = va->va_end;
  }
  struct list_head tables = {&tables, &tables};
  unhook_empty_pte_tables(&start, &end, &tables);
  flush_tlb_kernel_range(start, end);
  while (!list_empty(&tables)) { /* unhooked and flushed: back to the buddy */
    struct page *page = list_entry(tables.next, struct page, lru);
    list_del(&page->lru);
    pte_free_kernel(page_address(page));
  }
  while (!list_empty(&vmap_purge_list)) {
    struct vmap_area *va = list_entry(vmap_purge_list.next, struct vmap_area, purge);
    list_del(&va->purge);
    list_del(&va->list);
    kmem_cache_free(vmap_area_cachep, va);
  }
  vmap_lazy_nr = 0;
}

/* Contract in vmalloc.h. */
struct vm_struct *find_vm_area(const void *addr) {
  struct vmap_area *va = find_vmap_area((unsigned long)addr);
  if (!va || !va->vm || va->vm->addr != addr) return NULL;
  return va->vm;
}

/* Contract in vmalloc.h. */
struct vm_struct *__get_vm_area_caller(unsigned long size, unsigned long flags,
                                       unsigned long start, unsigned long end,
                                       const void *caller) {
  size = ALIGN(size, PAGE_SIZE);
  if (size == 0) return NULL;
  if (!(flags & VM_NO_GUARD)) size += PAGE_SIZE;
  struct vm_struct *area = kzalloc(sizeof(*area), GFP_KERNEL);
  if (!area) return NULL;
  struct vmap_area *va = alloc_vmap_area(size, PAGE_SIZE, start, end);
  if (!va) {
    kfree(area);
    return NULL;
  }
  area->addr = (void *)va->va_start;
  area->size = size;
  area->flags = flags;
  area->caller = caller;
  va->vm = area;
  return area;
}

/* Prints one vmallocinfo line for `va`. */
static void show_vmap_area(const struct vmap_area *va) {
  const struct vm_struct *v = va->vm;
  if (!v) {
    printk("0x%08lx-0x%08lx %7lu unpurged vm_area\n", va->va_start, va->va_end, va_size(va));
    return;
  }
  printk("0x%08lx-0x%08lx %7lu", va->va_start, va->va_end, v->size);
  if (v->caller) printk(" 0x%08lx", (unsigned long)v->caller);
  if (v->nr_pages) printk(" pages=%u", v->nr_pages);
  if (v->phys_addr) printk(" phys=0x%08lx", (unsigned long)v->phys_addr);
  if (v->flags & VM_IOREMAP) printk(" ioremap");
  if (v->flags & VM_ALLOC) printk(" vmalloc");
  if (v->flags & VM_MAP) printk(" vmap");
  printk("\n");
}

/* Contract in vmalloc.h. */
void show_vmallocinfo(void) {
  struct list_head *pos;
  list_for_each(pos, &vmap_area_list) show_vmap_area(list_entry(pos, struct vmap_area, list));
}

/* ---- page tables of the areas (init_mm) ----------------------------------- */

/* Contract in vmalloc.h. */
int vmap_page_range(unsigned long addr, pte_t pte) {
  pte_t *ptep = pte_alloc_kernel(pgd_offset_k(addr), addr);
  if (!ptep) return -ENOMEM;
  if (!pte_none(*ptep)) panic("vmap_page_range: 0x%08lx is already mapped (%08x)", addr,
                              (unsigned)pte_val(*ptep));
  set_pte(ptep, pte);
  return 0;
}

/* Contract in vmalloc.h. */
void vunmap_range_noflush(unsigned long start, unsigned long end) {
  for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
    pgd_t *pgd = pgd_offset_k(addr);
    if (pgd_none(*pgd)) continue;
    if (pgd_bad(*pgd)) panic("vunmap_range_noflush: 0x%08lx is not under a PTE table", addr);
    pte_clear(pte_offset_kernel(pgd, addr));
  }
}

/* Maps pages[0 .. nr) at `addr` on with `prot`; -ENOMEM when a PTE table is missing. */
static int vmap_pages_range(unsigned long addr, struct page **pages, unsigned int nr,
                            pgprot_t prot) {
  for (unsigned int i = 0; i < nr; i++) {
    int err = vmap_page_range(addr + ((unsigned long)i << PAGE_SHIFT), mk_pte(pages[i], prot));
    if (err) return err;
  }
  return 0;
}

/* Contract in vmalloc.h. */
bool is_vmalloc_addr(const void *x) {
  unsigned long addr = (unsigned long)x;
  return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/* Contract in vmalloc.h. */
struct page *vmalloc_to_page(const void *vmalloc_addr) {
  unsigned long addr = (unsigned long)vmalloc_addr;
  pgd_t *pgd = pgd_offset_k(addr);
  if (pgd_none(*pgd)) return NULL;
  if (pgd_leaf(*pgd))
    return pfn_to_page(pgd_pfn(*pgd) + ((addr & ~PGDIR_MASK) >> PAGE_SHIFT));
  pte_t pte = *pte_offset_kernel(pgd, addr);
  return pte_present(pte) ? pte_page(pte) : NULL;
}

/* Contract in vmalloc.h. */
unsigned long vmalloc_to_pfn(const void *vmalloc_addr) {
  struct page *page = vmalloc_to_page(vmalloc_addr);
  return page ? page_to_pfn(page) : 0;
}

/* Contract in vmalloc.h. */
struct vm_struct *remove_vm_area(const void *addr) {
  struct vmap_area *va = find_vmap_area((unsigned long)addr);
  if (!va || !va->vm || va->vm->addr != addr) return NULL;
  struct vm_struct *vm = va->vm;
  vunmap_range_noflush(va->va_start, va->va_start + get_vm_area_size(vm));
  free_vmap_area_noflush(va);
  return vm;
}

/* Contract in vmalloc.h. */
void vmalloc_init(void) { vmalloc_init_range(VMALLOC_START, VMALLOC_END); }

unsigned long nr_vmalloc_faults;

/* Contract in vmalloc.h. */
int vmalloc_fault(pgd_t *pgd, unsigned long addr) {
  if (addr < VMALLOC_START || addr >= VMALLOC_END) return -EFAULT;
  pgd_t *pgd_k = pgd_offset_k(addr);
  if (pgd_none(*pgd_k) || pgd_bad(*pgd_k)) return -EFAULT;
  if (!pte_present(*pte_offset_kernel(pgd_k, addr))) return -EFAULT;
  pgd_t *entry = pgd + pgd_index(addr);
  if (pgd_none(*entry)) {
    set_pgd(entry, *pgd_k);
    nr_vmalloc_faults++;
  } else if (pgd_val(*entry) != pgd_val(*pgd_k)) {
    return -EFAULT;
  }
  local_flush_tlb_page(addr);
  return 0;
}

/* ---- vmalloc / vfree -------------------------------------------------------- */

/* Frees the pages, the page array and the vm_struct of a removed area. */
static void free_vm_struct(struct vm_struct *area, bool free_pages) {
  if (free_pages) {
    for (unsigned int i = 0; i < area->nr_pages; i++) __free_page(area->pages[i]);
    if (area->flags & VM_ALLOC) nr_vmalloc_pages -= area->nr_pages;
  }
  kfree(area->pages);
  kfree(area);
}

/* Contract in vmalloc.h. */
void *__vmalloc_node_range(unsigned long size, unsigned long start, unsigned long end,
                           gfp_t gfp, pgprot_t prot, const void *caller) {
  struct vm_struct *area = __get_vm_area_caller(size, VM_ALLOC, start, end, caller);
  if (!area) {
    printk("vmalloc error: size %lu, vm_struct allocation failed\n", size);
    return NULL;
  }
  unsigned int nr = get_vm_area_size(area) >> PAGE_SHIFT;
  area->pages = kmalloc(nr * sizeof(*area->pages), GFP_KERNEL);
  if (!area->pages) goto fail;
  for (; area->nr_pages < nr; area->nr_pages++) {
    struct page *page = alloc_page(gfp & ~__GFP_ZERO);
    if (!page) goto fail;
    if (gfp & __GFP_ZERO) clear_highpage(page); /* highmem has no linear address */
    area->pages[area->nr_pages] = page;
    nr_vmalloc_pages++;
  }
  if (vmap_pages_range((unsigned long)area->addr, area->pages, nr, prot)) goto fail;
  return area->addr;
fail:
  printk("vmalloc error: size %lu, page order 0 allocation failed\n", size);
  free_vm_struct(remove_vm_area(area->addr), true);
  return NULL;
}

/* Contract in vmalloc.h. */
void *vmalloc(unsigned long size) {
  return __vmalloc_node_range(size, VMALLOC_START, VMALLOC_END, GFP_VMALLOC, PAGE_KERNEL,
                              __builtin_return_address(0));
}

/* Contract in vmalloc.h. */
void *vzalloc(unsigned long size) {
  return __vmalloc_node_range(size, VMALLOC_START, VMALLOC_END, GFP_VMALLOC | __GFP_ZERO,
                              PAGE_KERNEL, __builtin_return_address(0));
}

/* The area `addr` starts with flags `flags`, taken out of use; panics if none (`fn`). */
static struct vm_struct *remove_vm_area_checked(const void *addr, unsigned long flags,
                                                const char *fn) {
  struct vm_struct *vm = find_vm_area(addr);
  if (!vm || !(vm->flags & flags))
    panic("%s: no area at %08lx to free", fn, (unsigned long)addr);
  return remove_vm_area(addr);
}

/* Contract in vmalloc.h. */
void vfree(const void *addr) {
  if (!addr) return;
  free_vm_struct(remove_vm_area_checked(addr, VM_ALLOC, "vfree"), true);
}

/* Contract in vmalloc.h. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot) {
  struct vm_struct *area = __get_vm_area_caller((unsigned long)count << PAGE_SHIFT,
                                                flags | VM_MAP, VMALLOC_START, VMALLOC_END,
                                                __builtin_return_address(0));
  if (!area) return NULL;
  if (vmap_pages_range((unsigned long)area->addr, pages, count, prot)) {
    free_vm_struct(remove_vm_area(area->addr), false);
    return NULL;
  }
  return area->addr;
}

/* Contract in vmalloc.h. */
void vunmap(const void *addr) {
  if (!addr) return;
  free_vm_struct(remove_vm_area_checked(addr, VM_MAP, "vunmap"), false);
}

/* Contract in vmalloc.h. */
void vm_area_free(struct vm_struct *area) { free_vm_struct(area, false); }
