/*
 * asid.h -- the ASID allocator (arm64 / RISC-V Linux's scheme) and the
 * satp switch between address spaces.
 *
 *   mm->context.id = generation | asid      generation = k << asid_bits
 *
 *   switch_mm(prev, next):
 *     next's generation == current one  -> satp with its ASID, no flush
 *     else a free ASID in the bitmap    -> take it, no flush
 *     else rollover: generation++, the bitmap cleared except the ASIDs
 *          of the mm running now, one local_flush_tlb_all (the only one)
 *   ASID 0 is reserved: init_mm (the kernel's space) always runs under it,
 *   and so does every mm with "ASIDs off".  With ASIDs off
 *   (asids_init(bits, false)) every mm runs under ASID 0 and every switch
 *   to another mm flushes the whole TLB -- the comparison point.
 */
#ifndef MM_ASID_H
#define MM_ASID_H

#include <stdbool.h>

#include "mm_types.h"
#include "mmcosim_cfg.h"

/* ASID width satp holds on this machine (config sv32.asid_bits). */
#define SATP_ASID_BITS  MMCOSIM_SV32_ASID_BITS
#define SATP_ASID_SHIFT MMCOSIM_SV32_SATP_ASID_LSB
#define SATP_MODE_SV32  (1ul << MMCOSIM_SV32_SATP_MODE_BIT)
#define SATP_PPN_MASK   ((1ul << MMCOSIM_SV32_PPN_BITS) - 1)
/*
 * The ASID bits the kernel gives asids_init at boot: config
 * kernel.asid_bits, or all of satp's when that is 0 (config/test-asid.toml
 * uses 2 to force rollovers with a few processes).
 */
#define KERNEL_ASID_BITS (MMCOSIM_KERNEL_ASID_BITS ? MMCOSIM_KERNEL_ASID_BITS : SATP_ASID_BITS)

/* Allocator state: ASID bits in use, ASIDs on/off, counters. */
struct asid_stats {
  unsigned long switches;   /* switch_mm calls that changed mm */
  unsigned long allocs;     /* new ASIDs handed out */
  unsigned long rollovers;  /* generation bumps (each one flush) */
  unsigned long flushes;    /* full flushes done by switch_mm */
};
extern struct asid_stats asid_stats;
extern unsigned int asid_bits;  /* bits in use (1..SATP_ASID_BITS) */
extern bool asids_enabled;      /* false: ASID 0 for all, flush on every switch */

/*
 * Resets the allocator to `bits` ASID bits (at most SATP_ASID_BITS; tests
 * use few to force rollovers) with ASIDs on or off.  Called once at boot
 * (the kernel passes KERNEL_ASID_BITS) and by tests.
 */
void asids_init(unsigned int bits, bool enabled);

/* The ASID `mm` runs under now (0 with ASIDs off, before its first switch, or mm NULL). */
unsigned long mm_context_asid(const struct mm_struct *mm);

/* The satp value for `mm`: MODE Sv32, its ASID, the pfn of its pgd. */
unsigned long mm_satp(const struct mm_struct *mm);

/*
 * Makes `next` the running address space (Linux switch_mm): gives it a
 * valid ASID (rollover if needed), writes satp, flushes only as the
 * table above says.  prev == next does nothing.
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

/* The mm whose ASID is live in satp (NULL before the first switch_mm). */
extern struct mm_struct *active_mm_asid;

#if defined(__riscv)
static inline void arch_write_satp(unsigned long satp) {
  __asm__ volatile("csrw satp, %0" ::"r"(satp) : "memory");
}
#else
/* Host build: records the value (tests/firmware). */
void arch_write_satp(unsigned long satp);
#endif

#endif /* MM_ASID_H */
