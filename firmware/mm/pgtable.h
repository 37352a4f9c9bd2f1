/*
 * pgtable.h -- Sv32 page tables with Linux's names (pmd folded into pgd).
 *
 *   virtual address                       PTE / PGD entry
 *   31      22 21      12 11        0     31          10 9  8 7 6 5 4 3 2 1 0
 *   +---------+---------+-----------+     +--------------+----+-+-+-+-+-+-+-+-+
 *   |pgd_index|pte_index|  offset   |     |   PFN (22)   |RSW |D|A|G|U|X|W|R|V|
 *   +---------+---------+-----------+     +--------------+----+-+-+-+-+-+-+-+-+
 *        |         |                                      |
 *        |         |                                      +-- bit 8: _PAGE_IO (software)
 *        v         v
 *   pgd[1024] --> pte[1024] --> 4 KiB page      pgd entry with R/W/X: a 4 MiB
 *   (one page)    (one page)                    megapage leaf (pgd_leaf)
 *
 * A pgd entry is none (0), a pointer to a PTE table (V only: _PAGE_TABLE)
 * or a megapage leaf (V and some of R/W/X; its PFN 4 MiB aligned).  Page-
 * table pages are reached through __va() (the host tests map them into
 * their arena).  Kernel mappings carry G, A and D so that neither Svade
 * faults nor hardware A/D updates touch them.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "memlayout.h"
#include "mm_types.h"
#include "mmcosim_cfg.h"
#include "page.h"

#define pte_val(x)    ((x).pte)
#define pgd_val(x)    ((x).pgd)
#define pgprot_val(x) ((x).pgprot)
#define __pte(x)      ((pte_t){(uint32_t)(x)})
#define __pgd(x)      ((pgd_t){(uint32_t)(x)})
#define __pgprot(x)   ((pgprot_t){(uint32_t)(x)})

#define PTRS_PER_PTE (1ul << MMCOSIM_SV32_VPN_BITS)
#define PTRS_PER_PGD (1ul << MMCOSIM_SV32_VPN_BITS)
#define PGDIR_SHIFT  MMCOSIM_SV32_MEGAPAGE_SHIFT
#define PGDIR_SIZE   (1ul << PGDIR_SHIFT)
#define PGDIR_MASK   (~(PGDIR_SIZE - 1))
#define _PAGE_PFN_SHIFT MMCOSIM_SV32_PTE_PPN_SHIFT
#define _PAGE_PFN_MASK  (((1ul << MMCOSIM_SV32_PPN_BITS) - 1) << _PAGE_PFN_SHIFT)
#define PTE_TABLE_SIZE  (PTRS_PER_PTE * MMCOSIM_SV32_PTE_BYTES)

#define _PAGE_PRESENT  (1u << MMCOSIM_SV32_PTE_V_BIT)
#define _PAGE_READ     (1u << MMCOSIM_SV32_PTE_R_BIT)
#define _PAGE_WRITE    (1u << MMCOSIM_SV32_PTE_W_BIT)
#define _PAGE_EXEC     (1u << MMCOSIM_SV32_PTE_X_BIT)
#define _PAGE_USER     (1u << MMCOSIM_SV32_PTE_U_BIT)
#define _PAGE_GLOBAL   (1u << MMCOSIM_SV32_PTE_G_BIT)
#define _PAGE_ACCESSED (1u << MMCOSIM_SV32_PTE_A_BIT)
#define _PAGE_DIRTY    (1u << MMCOSIM_SV32_PTE_D_BIT)
#define _PAGE_IO       (1u << MMCOSIM_KERNEL_PTE_IO_BIT) /* RSW: I/O, never cached */
#define _PAGE_LEAF     (_PAGE_READ | _PAGE_WRITE | _PAGE_EXEC)
#define _PAGE_TABLE    _PAGE_PRESENT

#define _PAGE_KERNEL (_PAGE_PRESENT | _PAGE_READ | _PAGE_WRITE | _PAGE_GLOBAL | \
                      _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_NONE             __pgprot(0)
#define PAGE_TABLE            __pgprot(_PAGE_TABLE)
#define PAGE_KERNEL           __pgprot(_PAGE_KERNEL)
#define PAGE_KERNEL_RO        __pgprot(_PAGE_KERNEL & ~(_PAGE_WRITE | _PAGE_DIRTY))
#define PAGE_KERNEL_READ_EXEC __pgprot((_PAGE_KERNEL & ~(_PAGE_WRITE | _PAGE_DIRTY)) | _PAGE_EXEC)
#define PAGE_KERNEL_EXEC      __pgprot(_PAGE_KERNEL | _PAGE_EXEC)
#define PAGE_KERNEL_IO        __pgprot(_PAGE_KERNEL | _PAGE_IO)

/* ---- indices and walking ------------------------------------------------ */
/* The pgd (VPN[1]) and pte (VPN[0]) index of a virtual address. */
static inline unsigned long pgd_index(unsigned long addr) {
  return (addr >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1);
}
static inline unsigned long pte_index(unsigned long addr) {
  return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

extern struct mm_struct init_mm;             /* the kernel's: .pgd = swapper_pg_dir */
extern pgd_t swapper_pg_dir[];               /* PTRS_PER_PGD entries, page aligned */

/* The pgd entry of `addr` in `mm` (pgd_offset_k: in the kernel's init_mm). */
static inline pgd_t *pgd_offset(const struct mm_struct *mm, unsigned long addr) {
  return mm->pgd + pgd_index(addr);
}
#define pgd_offset_k(addr) pgd_offset(&init_mm, (addr))

/* Writes / clears / tests one pgd entry (a single word store: the walker never sees half). */
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd) { *(volatile uint32_t *)&pgdp->pgd = pgd_val(pgd); }
static inline void pgd_clear(pgd_t *pgdp) { set_pgd(pgdp, __pgd(0)); }
static inline bool pgd_none(pgd_t pgd) { return pgd_val(pgd) == 0; }
static inline bool pgd_present(pgd_t pgd) { return pgd_val(pgd) & _PAGE_PRESENT; }
/* A megapage leaf: present with any of R/W/X. */
static inline bool pgd_leaf(pgd_t pgd) {
  return pgd_present(pgd) && (pgd_val(pgd) & _PAGE_LEAF);
}
/* Not a pointer to a PTE table (check pgd_none first, as Linux's callers do). */
static inline bool pgd_bad(pgd_t pgd) { return !pgd_present(pgd) || pgd_leaf(pgd); }
/* The pfn a pgd entry holds (of the PTE table or the megapage), and the reverse. */
static inline unsigned long pgd_pfn(pgd_t pgd) {
  return (pgd_val(pgd) & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT;
}
static inline pgd_t pfn_pgd(unsigned long pfn, pgprot_t prot) {
  return __pgd((pfn << _PAGE_PFN_SHIFT) | pgprot_val(prot));
}
/* The kernel pointer (as a number) to the PTE table a table pgd points to. */
static inline unsigned long pgd_page_vaddr(pgd_t pgd) {
  return (unsigned long)(uintptr_t)__va(PFN_PHYS(pgd_pfn(pgd)));
}
/* The PTE mapping `addr` in the table `pgd` points to (pgd must be a table). */
static inline pte_t *pte_offset_kernel(const pgd_t *pgd, unsigned long addr) {
  return (pte_t *)(uintptr_t)pgd_page_vaddr(*pgd) + pte_index(addr);
}

/* ---- PTEs ---------------------------------------------------------------- */
/* Writes / clears one PTE (one word store); the caller flushes the TLB. */
static inline void set_pte(pte_t *ptep, pte_t pte) { *(volatile uint32_t *)&ptep->pte = pte_val(pte); }
static inline void pte_clear(pte_t *ptep) { set_pte(ptep, __pte(0)); }
/* Bit tests and bit edits of a PTE value (Linux's pte_* helpers). */
static inline bool pte_none(pte_t pte) { return pte_val(pte) == 0; }
static inline bool pte_present(pte_t pte) { return pte_val(pte) & _PAGE_PRESENT; }
static inline bool pte_young(pte_t pte) { return pte_val(pte) & _PAGE_ACCESSED; }
static inline bool pte_dirty(pte_t pte) { return pte_val(pte) & _PAGE_DIRTY; }
static inline bool pte_write(pte_t pte) { return pte_val(pte) & _PAGE_WRITE; }
static inline bool pte_exec(pte_t pte) { return pte_val(pte) & _PAGE_EXEC; }
static inline pte_t pte_mkyoung(pte_t pte) { return __pte(pte_val(pte) | _PAGE_ACCESSED); }
static inline pte_t pte_mkold(pte_t pte) { return __pte(pte_val(pte) & ~_PAGE_ACCESSED); }
static inline pte_t pte_mkdirty(pte_t pte) { return __pte(pte_val(pte) | _PAGE_DIRTY); }
static inline pte_t pte_mkclean(pte_t pte) { return __pte(pte_val(pte) & ~_PAGE_DIRTY); }
static inline pte_t pte_wrprotect(pte_t pte) { return __pte(pte_val(pte) & ~_PAGE_WRITE); }
static inline pte_t pte_mkwrite(pte_t pte) { return __pte(pte_val(pte) | _PAGE_WRITE); }
static inline pgprot_t pte_pgprot(pte_t pte) { return __pgprot(pte_val(pte) & ~_PAGE_PFN_MASK); }

/* pfn <-> PTE, and the struct page a PTE maps (pfn must be pfn_valid). */
static inline unsigned long pte_pfn(pte_t pte) {
  return (pte_val(pte) & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT;
}
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot) {
  return __pte((pfn << _PAGE_PFN_SHIFT) | pgprot_val(prot));
}
static inline pte_t mk_pte(const struct page *page, pgprot_t prot) {
  return pfn_pte(page_to_pfn(page), prot);
}
#define pte_page(pte) pfn_to_page(pte_pfn(pte))

/* ---- allocation and mapping (pgtable.c) ---------------------------------- */

/*
 * Returns the PTE for `addr` under the pgd entry `pgd`, first allocating a
 * zeroed PTE table from the buddy (GFP_KERNEL | __GFP_ZERO) when the entry
 * is none.  Returns NULL when no page is free.  Panics if the entry is a
 * megapage leaf or malformed.
 */
pte_t *pte_alloc_kernel(pgd_t *pgd, unsigned long addr);

/* Returns the PTE table `pte` (from pte_alloc_kernel) to the buddy. */
void pte_free_kernel(pte_t *pte);

/* PTE-table pages handed out by pte_alloc_kernel and not yet freed. */
extern unsigned long nr_kernel_pte_tables;

/*
 * How page-table pages are found while the kernel's tables are built
 * (Linux riscv's pt_ops): from memblock before the buddy exists, from the
 * buddy after.  alloc_pte returns the physical address of a zeroed page,
 * panicking when there is none.
 */
struct pt_alloc_ops {
  phys_addr_t (*alloc_pte)(void);
};
extern struct pt_alloc_ops pt_ops;
phys_addr_t alloc_pte_early(void); /* memblock_phys_alloc (the default) */
phys_addr_t alloc_pte_late(void);  /* pte_alloc_kernel's buddy page */

/*
 * Maps [va, va + size) to [pa, pa + size) in the table `pgdp` with `prot`
 * (va, pa, size page aligned): a megapage for every 4 MiB piece where va
 * and pa are both 4 MiB aligned and `prot` allows it, 4 KiB PTEs elsewhere
 * (tables from pt_ops).  Panics on an existing different mapping.
 * `use_megapages` false forces 4 KiB pages (ranges whose protections will
 * change page by page).
 */
void create_pgd_mapping(pgd_t *pgdp, unsigned long va, phys_addr_t pa,
                        unsigned long size, pgprot_t prot, bool use_megapages);

/*
 * Changes the protection of every mapped page in [addr, addr + numpages
 * pages) of `pgdp`: new = (old & ~clear) | set.  A megapage partly
 * covered is first split into 4 KiB PTEs (table from pt_ops).  Panics on
 * an unmapped page.  The caller flushes the TLB.
 */
void __set_memory(pgd_t *pgdp, unsigned long addr, unsigned long numpages,
                  pgprot_t set, pgprot_t clear);

/* Linux's set_memory_* on the kernel's table (init_mm). */
void set_memory_ro(unsigned long addr, unsigned long numpages);
void set_memory_rw(unsigned long addr, unsigned long numpages);
void set_memory_x(unsigned long addr, unsigned long numpages);
void set_memory_nx(unsigned long addr, unsigned long numpages);

#endif /* MM_PGTABLE_H */
