/*
 * tlbflush.h -- the TLB flush API (Linux names, RISC-V Linux semantics) on
 * the four SFENCE.VMA forms, with counters by kind.
 *
 *   form (register index)         instruction            flushes
 *   SFENCE_ALL       rs1=x0 rs2=x0  sfence.vma             every entry, every ASID
 *   SFENCE_ADDR      rs1    rs2=x0  sfence.vma addr        the leaf of addr, every ASID (incl. global)
 *   SFENCE_ASID      rs1=x0 rs2     sfence.vma x0, asid    non-global entries of asid
 *   SFENCE_ADDR_ASID rs1    rs2     sfence.vma addr, asid  the non-global leaf of addr in asid
 *
 *   caller                          form used
 *   local_flush_tlb_all             SFENCE_ALL
 *   local_flush_tlb_page(addr)      SFENCE_ADDR
 *   flush_tlb_all                   SFENCE_ALL
 *   flush_tlb_kernel_range(s, e)    SFENCE_ADDR per page, or SFENCE_ALL above the threshold
 *   flush_tlb_mm(mm)                SFENCE_ASID (the mm's ASID)
 *   flush_tlb_page(mm, addr)        SFENCE_ADDR_ASID
 *   flush_tlb_range(mm, s, e)       SFENCE_ADDR_ASID per page, or SFENCE_ASID above the threshold
 *
 * The threshold is tlb_flush_all_threshold (config kernel.tlb_flush_all_threshold,
 * 64 pages as RISC-V Linux): a range of more pages is one full flush.
 * One hart, so the global forms are the local ones (no IPIs).  An mm's
 * ASID comes from the allocator in asid.h (mm_asid()).
 *
 * On the machine the SFENCE helpers are the instructions; in the host build
 * (tests/firmware) they call arch_sfence_vma(), a hook that records the
 * calls so the tests can assert them.
 */
#ifndef MM_TLBFLUSH_H
#define MM_TLBFLUSH_H

#include <stdbool.h>

#include "mmcosim_cfg.h"

struct mm_struct;

/* The four SFENCE.VMA forms, by which of rs1 / rs2 is x0. */
enum sfence_form {
  SFENCE_ALL,       /* rs1 = x0, rs2 = x0 */
  SFENCE_ADDR,      /* rs1 = addr, rs2 = x0 */
  SFENCE_ASID,      /* rs1 = x0, rs2 = asid */
  SFENCE_ADDR_ASID, /* rs1 = addr, rs2 = asid */
  NR_SFENCE_FORMS
};

/* Flush counts by kind: API calls, and SFENCE.VMA instructions by form. */
struct tlb_flush_stats {
  unsigned long flush_all;          /* flush_tlb_all() calls */
  unsigned long flush_mm;           /* flush_tlb_mm() calls */
  unsigned long flush_page;         /* flush_tlb_page() calls */
  unsigned long flush_range;        /* flush_tlb_range() calls */
  unsigned long flush_kernel_range; /* flush_tlb_kernel_range() calls */
  unsigned long range_to_full;      /* ranges above the threshold done as one full flush */
  unsigned long gather_flush;       /* tlb_finish_mmu() flushes of gathered pages */
  unsigned long gather_to_full;     /* ... done as one ASID flush (tables freed, or too many pages) */
  unsigned long local_flush_all;    /* whole-TLB or whole-ASID SFENCEs (Linux nr_tlb_local_flush_all) */
  unsigned long local_flush_one;    /* one-page SFENCEs (Linux nr_tlb_local_flush_one) */
  unsigned long sfence[NR_SFENCE_FORMS]; /* SFENCE.VMA executed, by form */
};

extern struct tlb_flush_stats tlb_flush_stats;

/* Pages above which a range flush becomes a full flush (RISC-V Linux name). */
#define tlb_flush_all_threshold ((unsigned long)MMCOSIM_KERNEL_TLB_FLUSH_ALL_THRESHOLD)

/* The ASID an mm runs under (asid.c; 0 with ASIDs off). */
unsigned long mm_context_asid(const struct mm_struct *mm);
#define mm_asid(mm) mm_context_asid(mm)

#if defined(__riscv)
/* Executes SFENCE.VMA in `form`; addr / asid are ignored where the form has x0. */
static inline void arch_sfence_vma(enum sfence_form form, unsigned long addr,
                                   unsigned long asid) {
  switch (form) {
    case SFENCE_ALL: __asm__ volatile("sfence.vma" ::: "memory"); break;
    case SFENCE_ADDR: __asm__ volatile("sfence.vma %0" ::"r"(addr) : "memory"); break;
    case SFENCE_ASID: __asm__ volatile("sfence.vma x0, %0" ::"r"(asid) : "memory"); break;
    default: __asm__ volatile("sfence.vma %0, %1" ::"r"(addr), "r"(asid) : "memory"); break;
  }
}
#else
/* Host build: records the call (tests/firmware/tlbflush_host.cc). */
void arch_sfence_vma(enum sfence_form form, unsigned long addr, unsigned long asid);
#endif

/* One SFENCE.VMA of `form`, counted in tlb_flush_stats.sfence[form]. */
static inline void __sfence_vma(enum sfence_form form, unsigned long addr,
                                unsigned long asid) {
  tlb_flush_stats.sfence[form]++;
  if (form == SFENCE_ALL || form == SFENCE_ASID) tlb_flush_stats.local_flush_all++;
  else tlb_flush_stats.local_flush_one++;
  arch_sfence_vma(form, addr, asid);
}

/* Flushes every TLB entry of this hart. */
static inline void local_flush_tlb_all(void) { __sfence_vma(SFENCE_ALL, 0, 0); }

/* Flushes this hart's entries for the page at `addr`, in every ASID. */
static inline void local_flush_tlb_page(unsigned long addr) {
  __sfence_vma(SFENCE_ADDR, addr, 0);
}

/* Flushes every TLB entry on every hart (counted as flush_all). */
void flush_tlb_all(void);

/* Flushes the non-global entries of `mm`'s ASID. */
void flush_tlb_mm(struct mm_struct *mm);

/* Flushes the entry for user page `addr` of `mm` (Linux passes the vma). */
void flush_tlb_page(struct mm_struct *mm, unsigned long addr);

/*
 * Flushes the pages of [start, end) in `mm`: one SFENCE per page, or one
 * flush_tlb_mm-style ASID flush when the range has more than
 * tlb_flush_all_threshold pages.  An empty range flushes nothing.
 */
void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end);

/*
 * Flushes the kernel pages of [start, end) in every ASID: one SFENCE per
 * page, or one full flush when the range has more than
 * tlb_flush_all_threshold pages.  An empty range flushes nothing.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * mmu_gather (Linux asm-generic/tlb.h): an unmap collects the user pages
 * whose PTEs it cleared and whether it freed PTE tables, and flushes once
 * at the end (tlb_finish_mmu) instead of once per page or per area:
 *
 *   gathered                                 tlb_finish_mmu
 *   nothing                                  no SFENCE
 *   1 .. tlb_flush_all_threshold pages       SFENCE addr, asid per cleared page
 *                                            (pages never mapped cost nothing)
 *   more pages, a freed PTE table, fullmm    one SFENCE x0, asid (flush_tlb_mm);
 *                                            a freed table: the walker may hold
 *                                            the pgd entry that pointed to it
 *
 * The array holds the cleared addresses up to the threshold; [start, end)
 * is the span of all of them (Linux's __tlb_adjust_range).
 */
#define TLB_GATHER_PAGES MMCOSIM_KERNEL_TLB_FLUSH_ALL_THRESHOLD

struct mmu_gather {
  struct mm_struct *mm;
  unsigned long start, end;             /* span of the gathered pages; start >= end: none */
  unsigned long nr;                     /* pages gathered (may exceed the array) */
  unsigned long addr[TLB_GATHER_PAGES]; /* the first TLB_GATHER_PAGES of them */
  bool freed_tables;                    /* a PTE table of mm was freed */
  bool fullmm;                          /* the whole address space goes (exit_mmap) */
};

/* Starts a gather for `mm`; `fullmm` when the whole address space is torn down. */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm, bool fullmm);

/* Records that the PTE of user page `addr` was cleared (Linux tlb_remove_tlb_entry). */
void tlb_remove_tlb_entry(struct mmu_gather *tlb, unsigned long addr);

/* Flushes what the gather collected (the table above) and empties it. */
void tlb_finish_mmu(struct mmu_gather *tlb);

/* Prints tlb_flush_stats, one "name count" line each (like /proc/vmstat). */
void show_tlb_flush_stats(void);

#endif /* MM_TLBFLUSH_H */
