/*
 * kernel_map.c -- the final kernel page table: lowmem linear map,
 * image permissions (mark_rodata_ro) and freeing .init (free_initmem).
 * See kernel_map.h for the picture.
 */
#include "kernel_map.h"

#include <string.h>

#include "internal.h"
#include "printk.h"

struct kernel_sections kernel_sections;

/* Pages in [start, end) of page-aligned kernel virtual addresses. */
static unsigned long pages_in(unsigned long start, unsigned long end) {
  return (end - start) >> PAGE_SHIFT;
}

void setup_vm_final(pgd_t *pgdp) {
  const struct kernel_sections *ks = &kernel_sections;
  unsigned long lo = linear_map_va(PFN_PHYS(min_low_pfn));
  unsigned long hi = linear_map_va(PFN_PHYS(max_low_pfn));
  if (ks->text_start < lo || ks->end > hi || ks->text_start >= ks->end ||
      !IS_ALIGNED(ks->text_start | ks->end, PAGE_SIZE))
    panic("setup_vm_final: image %08lx-%08lx not page aligned inside lowmem",
          ks->text_start, ks->end);
  create_pgd_mapping(pgdp, lo, linear_map_pa(lo), ks->text_start - lo,
                     PAGE_KERNEL, true);
  create_pgd_mapping(pgdp, ks->text_start, linear_map_pa(ks->text_start),
                     ks->end - ks->text_start, PAGE_KERNEL_EXEC, false);
  create_pgd_mapping(pgdp, ks->end, linear_map_pa(ks->end), hi - ks->end,
                     PAGE_KERNEL, true);
}

void mark_rodata_ro(void) {
  const struct kernel_sections *ks = &kernel_sections;
  set_memory_ro(ks->text_start, pages_in(ks->text_start, ks->text_end));
  set_memory_ro(ks->rodata_start, pages_in(ks->rodata_start, ks->rodata_end));
  set_memory_nx(ks->rodata_start, pages_in(ks->rodata_start, ks->rodata_end));
  set_memory_nx(ks->init_text_end, pages_in(ks->init_text_end, ks->init_end));
  set_memory_nx(ks->data_start, pages_in(ks->data_start, ks->end));
}

unsigned long free_reserved_area(unsigned long start, unsigned long end,
                                 int poison, const char *s) {
  unsigned long n = 0;
  for (unsigned long va = start; va < end; va += PAGE_SIZE, n++) {
    phys_addr_t pa = linear_map_pa(va);
    struct page *page = pfn_to_page(PHYS_PFN(pa));
    if (!PageReserved(page))
      panic("free_reserved_area: page %08lx of %s is not reserved", va, s);
    if (poison >= 0) memset(__va(pa), poison, PAGE_SIZE);
    __free_pages_core(page, 0);
  }
  printk("Freeing %s memory: %luK\n", s, n << (PAGE_SHIFT - KB_SHIFT));
  return n;
}

unsigned long free_initmem(void) {
  const struct kernel_sections *ks = &kernel_sections;
  unsigned long n = pages_in(ks->init_start, ks->init_end);
  __set_memory(init_mm.pgd, ks->init_start, n, __pgprot(_PAGE_WRITE | _PAGE_DIRTY),
               __pgprot(_PAGE_EXEC));
  return free_reserved_area(ks->init_start, ks->init_end, -1, "unused kernel");
}
