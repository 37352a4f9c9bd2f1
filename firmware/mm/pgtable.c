/*
 * pgtable.c -- the kernel's page tables: PTE-table pages (memblock early,
 * buddy late), create_pgd_mapping for linear and fixed mappings with
 * megapages where alignment allows, and the set_memory_* protection
 * changes of mark_rodata_ro.  TLB flushes are the caller's (sfence.vma).
 */
#include <string.h>

#include "gfp.h"
#include "memblock.h"
#include "mmzone.h"
#include "pgtable.h"
#include "printk.h"

pgd_t swapper_pg_dir[PTRS_PER_PGD] __attribute__((aligned(PAGE_SIZE)));
struct mm_struct init_mm = {.pgd = swapper_pg_dir};
unsigned long nr_kernel_pte_tables;

struct pt_alloc_ops pt_ops = {.alloc_pte = alloc_pte_early};

/* A zeroed page from memblock for a PTE table; panics when memblock is full. */
phys_addr_t alloc_pte_early(void) {
  phys_addr_t pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
  if (!pa) panic("alloc_pte_early: memblock has no page for a PTE table");
  memset(__va(pa), 0, PAGE_SIZE);
  return pa;
}

/* Counts a kernel PTE table page in and out (meminfo PageTables). */
static void account_pte_table(long delta) {
  nr_kernel_pte_tables += (unsigned long)delta;
  mod_node_page_state(NODE_DATA(0), NR_PAGETABLE, delta);
}

/* A zeroed page from the buddy for a PTE table; panics when none is free. */
phys_addr_t alloc_pte_late(void) {
  unsigned long va = get_zeroed_page(GFP_KERNEL);
  if (!va) panic("alloc_pte_late: no free page for a PTE table");
  account_pte_table(1);
  return __pa((void *)(uintptr_t)va);
}

pte_t *pte_alloc_kernel(pgd_t *pgd, unsigned long addr) {
  if (pgd_none(*pgd)) {
    unsigned long va = get_zeroed_page(GFP_KERNEL);
    if (!va) return NULL;
    account_pte_table(1);
    set_pgd(pgd, pfn_pgd(PHYS_PFN(__pa((void *)(uintptr_t)va)), PAGE_TABLE));
  } else if (pgd_bad(*pgd)) {
    panic("pte_alloc_kernel: pgd entry %08x for %08lx is not a PTE table",
          (unsigned)pgd_val(*pgd), addr);
  }
  return pte_offset_kernel(pgd, addr);
}

void pte_free_kernel(pte_t *pte) {
  if (!nr_kernel_pte_tables) panic("pte_free_kernel: no PTE table outstanding");
  account_pte_table(-1);
  free_page((unsigned long)(uintptr_t)pte);
}

/* The pgd entry for `va` as a PTE table, allocating it through pt_ops. */
static pte_t *pte_for_mapping(pgd_t *pgdp, unsigned long va) {
  pgd_t *pgd = pgdp + pgd_index(va);
  if (pgd_none(*pgd))
    set_pgd(pgd, pfn_pgd(PHYS_PFN(pt_ops.alloc_pte()), PAGE_TABLE));
  else if (pgd_bad(*pgd))
    panic("create_pgd_mapping: %08lx already under megapage %08x", va,
          (unsigned)pgd_val(*pgd));
  return pte_offset_kernel(pgd, va);
}

void create_pgd_mapping(pgd_t *pgdp, unsigned long va, phys_addr_t pa,
                        unsigned long size, pgprot_t prot, bool use_megapages) {
  if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
    panic("create_pgd_mapping: %08lx -> %08x size %lx not page aligned", va,
          (unsigned)pa, size);
  unsigned long end = va + size;
  while (va < end) {
    pgd_t *pgd = pgdp + pgd_index(va);
    if (use_megapages && IS_ALIGNED(va | pa, PGDIR_SIZE) && end - va >= PGDIR_SIZE) {
      pgd_t want = pfn_pgd(PHYS_PFN(pa), prot);
      if (!pgd_none(*pgd) && pgd_val(*pgd) != pgd_val(want))
        panic("create_pgd_mapping: megapage %08lx already mapped (%08x)", va,
              (unsigned)pgd_val(*pgd));
      set_pgd(pgd, want);
      va += PGDIR_SIZE;
      pa += PGDIR_SIZE;
      continue;
    }
    pte_t *ptep = pte_for_mapping(pgdp, va);
    pte_t want = pfn_pte(PHYS_PFN(pa), prot);
    if (!pte_none(*ptep) && pte_val(*ptep) != pte_val(want))
      panic("create_pgd_mapping: page %08lx already mapped (%08x)", va,
            (unsigned)pte_val(*ptep));
    set_pte(ptep, want);
    va += PAGE_SIZE;
    pa += PAGE_SIZE;
  }
}

/* Replaces the megapage leaf at *pgd by a PTE table of the same mapping. */
static void split_megapage(pgd_t *pgd) {
  pgd_t leaf = *pgd;
  phys_addr_t table = pt_ops.alloc_pte();
  pte_t *pte = (pte_t *)__va(table);
  pgprot_t prot = __pgprot(pgd_val(leaf) & ~_PAGE_PFN_MASK);
  for (unsigned long i = 0; i < PTRS_PER_PTE; i++)
    set_pte(&pte[i], pfn_pte(pgd_pfn(leaf) + i, prot));
  set_pgd(pgd, pfn_pgd(PHYS_PFN(table), PAGE_TABLE));
}

void __set_memory(pgd_t *pgdp, unsigned long addr, unsigned long numpages,
                  pgprot_t set, pgprot_t clear) {
  unsigned long end = addr + (numpages << PAGE_SHIFT);
  uint32_t s = pgprot_val(set), c = pgprot_val(clear);
  for (unsigned long va = addr & PAGE_MASK; va < end;) {
    pgd_t *pgd = pgdp + pgd_index(va);
    if (pgd_none(*pgd))
      panic("__set_memory: %08lx is not mapped", va);
    if (pgd_leaf(*pgd)) {
      if (IS_ALIGNED(va, PGDIR_SIZE) && end - va >= PGDIR_SIZE) {
        set_pgd(pgd, __pgd((pgd_val(*pgd) & ~c) | s));
        va += PGDIR_SIZE;
        continue;
      }
      split_megapage(pgd);
    }
    pte_t *ptep = pte_offset_kernel(pgd, va);
    if (!pte_present(*ptep)) panic("__set_memory: %08lx is not mapped", va);
    set_pte(ptep, __pte((pte_val(*ptep) & ~c) | s));
    va += PAGE_SIZE;
  }
}

void set_memory_ro(unsigned long addr, unsigned long numpages) {
  __set_memory(init_mm.pgd, addr, numpages, __pgprot(0),
               __pgprot(_PAGE_WRITE | _PAGE_DIRTY));
}
void set_memory_rw(unsigned long addr, unsigned long numpages) {
  __set_memory(init_mm.pgd, addr, numpages, __pgprot(_PAGE_WRITE | _PAGE_DIRTY),
               __pgprot(0));
}
void set_memory_x(unsigned long addr, unsigned long numpages) {
  __set_memory(init_mm.pgd, addr, numpages, __pgprot(_PAGE_EXEC), __pgprot(0));
}
void set_memory_nx(unsigned long addr, unsigned long numpages) {
  __set_memory(init_mm.pgd, addr, numpages, __pgprot(0), __pgprot(_PAGE_EXEC));
}
