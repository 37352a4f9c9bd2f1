/*
 * ioremap.c -- ioremap / iounmap: device registers mapped into the vmalloc
 * area with PAGE_KERNEL_IO (read/write, never executable, the software
 * _PAGE_IO bit telling the caches to come not to cache them), the
 * vm_struct flagged VM_IOREMAP with its physical base (vmallocinfo shows
 * "phys=... ioremap").  Like Linux, RAM cannot be ioremapped.
 */
#include "io.h"

#include "page.h"
#include "printk.h"
#include "vmalloc.h"

/* ioremap_prot recording `caller` (the return address vmallocinfo shows). */
static void *__ioremap_caller(phys_addr_t phys_addr, unsigned long size, pgprot_t prot,
                              const void *caller) {
  phys_addr_t last = phys_addr + size - 1;
  if (size == 0 || last < phys_addr) return NULL;
  phys_addr_t base = ALIGN_DOWN(phys_addr, (phys_addr_t)PAGE_SIZE);
  unsigned long offset = phys_addr - base;
  unsigned long pages = PFN_DOWN(last) - PFN_DOWN(base) + 1;
  for (unsigned long pfn = PFN_DOWN(base); pfn <= PFN_DOWN(last); pfn++)
    if (pfn_valid(pfn)) {
      printk("ioremap on RAM at 0x%08lx - 0x%08lx\n", (unsigned long)phys_addr,
             (unsigned long)last);
      return NULL;
    }
  struct vm_struct *area = __get_vm_area_caller(pages << PAGE_SHIFT, VM_IOREMAP, VMALLOC_START,
                                                VMALLOC_END, caller);
  if (!area) return NULL;
  area->phys_addr = base;
  unsigned long va = (unsigned long)area->addr;
  for (unsigned long i = 0; i < pages; i++)
    if (vmap_page_range(va + (i << PAGE_SHIFT), pfn_pte(PFN_DOWN(base) + i, prot))) {
      vm_area_free(remove_vm_area(area->addr));
      return NULL;
    }
  return (void *)(va + offset);
}

/* Contract in io.h. */
void *ioremap_prot(phys_addr_t phys_addr, unsigned long size, pgprot_t prot) {
  return __ioremap_caller(phys_addr, size, prot, __builtin_return_address(0));
}

/* Contract in io.h. */
void *ioremap(phys_addr_t phys_addr, unsigned long size) {
  return __ioremap_caller(phys_addr, size, PAGE_KERNEL_IO, __builtin_return_address(0));
}

/* Contract in io.h. */
void iounmap(volatile void *addr) {
  if (!addr) return;
  void *start = (void *)ALIGN_DOWN((unsigned long)addr, PAGE_SIZE);
  struct vm_struct *area = find_vm_area(start);
  if (!area || !(area->flags & VM_IOREMAP))
    panic("iounmap: bad address %08lx", (unsigned long)addr);
  vm_area_free(remove_vm_area(start));
}
