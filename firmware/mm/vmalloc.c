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

#include "page.h"
#include "printk.h"
#include "slab.h"
#include "tlbflush.h"

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
  flush_tlb_kernel_range(start, end);
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
