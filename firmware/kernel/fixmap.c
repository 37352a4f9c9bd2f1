/*
 * fixmap.c -- __set_fixmap and early_ioremap (see mm/fixmap.h).  The
 * fixmap PTE table is reached through init_mm.pgd, so the same code works
 * under early_pg_dir and under swapper_pg_dir.
 */
#include "fixmap.h"

#include "printk.h"
#include "tlbflush.h"

static unsigned long next_btmap = FIX_BTMAP_BEGIN; /* lowest free FIX_BTMAP address's index */

void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot) {
  if (idx <= FIX_HOLE || idx >= __end_of_fixed_addresses)
    panic("__set_fixmap: bad index %d", (int)idx);
  unsigned long addr = __fix_to_virt(idx);
  pgd_t *pgd = pgd_offset_k(addr);
  if (pgd_none(*pgd) || pgd_bad(*pgd)) panic("__set_fixmap: no fixmap PTE table");
  pte_t *ptep = pte_offset_kernel(pgd, addr);
  if (pgprot_val(prot))
    set_pte(ptep, pfn_pte(PHYS_PFN(phys), prot));
  else
    pte_clear(ptep);
  local_flush_tlb_page(addr);
}

void *early_ioremap(phys_addr_t phys, unsigned long size) {
  unsigned long offset = phys & ~PAGE_MASK;
  unsigned long pages = PFN_UP(offset + size);
  if (!size || next_btmap < FIX_BTMAP_END + pages - 1) return NULL;
  for (unsigned long i = 0; i < pages; i++)
    set_fixmap_io((enum fixed_addresses)(next_btmap - i), (phys & PAGE_MASK) + PFN_PHYS(i));
  void *va = (void *)(__fix_to_virt(next_btmap) + offset);
  next_btmap -= pages;
  return va;
}

void early_iounmap(void *addr, unsigned long size) {
  unsigned long va = (unsigned long)addr;
  unsigned long pages = PFN_UP((va & ~PAGE_MASK) + size);
  unsigned long idx = __virt_to_fix(va);
  if (idx > FIX_BTMAP_BEGIN || idx < FIX_BTMAP_END + pages - 1)
    panic("early_iounmap: %08lx is not an early_ioremap window", va);
  for (unsigned long i = 0; i < pages; i++) clear_fixmap((enum fixed_addresses)(idx - i));
}
