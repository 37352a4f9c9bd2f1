/*
 * mmu_context.h -- which address space the MMU runs, and ASIDs
 * (RISC-V Linux arch/riscv/mm/context.c in spirit).
 *
 * ASIDs with generations: an mm's context is generation << asid_bits |
 * ASID.  Switching to an mm whose generation is current writes satp with
 * its ASID and flushes nothing; otherwise it takes the next free ASID,
 * and when none is left the generation advances, ASIDs restart at 1 and
 * the whole TLB is flushed once (rollover).  ASID 0 is the kernel's
 * (init_mm).  `noasid` on the command line turns ASIDs off: every switch
 * then writes ASID 0 and flushes the TLB; `asid_bits=N` uses fewer bits
 * than satp holds (MMCOSIM_SV32_ASID_BITS) to force rollovers.
 */
#ifndef KERNEL_MMU_CONTEXT_H
#define KERNEL_MMU_CONTEXT_H

#include <stdbool.h>

#include "mm_types.h"
#include "mmcosim_cfg.h"

#define ASID_BITS_MAX MMCOSIM_SV32_ASID_BITS

void asid_set_enabled(bool on);
void asid_set_bits(unsigned bits);

struct asid_stats {
  unsigned long switches;  /* switch_mm_to calls that changed satp */
  unsigned long allocs;    /* new ASIDs handed out */
  unsigned long rollovers; /* generation changes (one full flush each) */
  unsigned long flushes;   /* full flushes done by switches (rollover or noasid) */
};
extern struct asid_stats asid_stats;

/* Writes satp for `mm` (the kernel's init_mm, or a user mm); see above. */
void switch_mm_to(struct mm_struct *mm);
/* The mm satp currently selects. */
struct mm_struct *current_active_mm(void);
/* The ASID mm runs under now (0 with ASIDs off). */
unsigned long mm_context_asid(struct mm_struct *mm);
/* Flush one user page / all user entries of the active mm. */
void local_flush_tlb_user_page(struct mm_struct *mm, unsigned long addr);
void local_flush_tlb_user_mm(struct mm_struct *mm);
/* Prints the ASID line of the process views. */
void show_asid_stats(void);

#endif /* KERNEL_MMU_CONTEXT_H */
