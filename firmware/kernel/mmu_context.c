/* mmu_context.c -- satp switches and the ASID allocator (see mmu_context.h). */
#include "mmu_context.h"

#include "csr.h"
#include "mm_user.h"
#include "page.h"
#include "pgtable.h"
#include "printk.h"
#include "tlbflush.h"

#define SATP_MODE_SV32 (1u << MMCOSIM_SV32_SATP_MODE_BIT)

struct asid_stats asid_stats;
static bool asid_enabled = true;
static unsigned asid_bits = ASID_BITS_MAX;
static unsigned long asid_generation = 1; /* 0 = never had an ASID */
static unsigned long next_asid = 1;
static struct mm_struct *active_mm = &init_mm;

void asid_set_enabled(bool on) { asid_enabled = on; }
void asid_set_bits(unsigned bits) { asid_bits = bits; }

struct mm_struct *current_active_mm(void) { return active_mm; }

unsigned long mm_context_asid(struct mm_struct *mm) {
  if (!asid_enabled || mm == &init_mm) return 0;
  return to_user_mm(mm)->asid & ((1ul << asid_bits) - 1);
}

/* A current-generation ASID for mm, rolling over when they run out. */
static void check_and_switch_context(struct mm_struct *mm) {
  struct user_mm *u = to_user_mm(mm);
  if ((u->asid >> asid_bits) == asid_generation) return;
  if (next_asid == (1ul << asid_bits)) {
    asid_generation++;
    next_asid = 1;
    asid_stats.rollovers++;
    asid_stats.flushes++;
    __sfence_vma(SFENCE_ALL, 0, 0);
  }
  u->asid = asid_generation << asid_bits | next_asid++;
  asid_stats.allocs++;
}

void switch_mm_to(struct mm_struct *mm) {
  if (mm == active_mm) return;
  unsigned long asid = 0;
  if (asid_enabled && mm != &init_mm) {
    check_and_switch_context(mm);
    asid = mm_context_asid(mm);
  }
  active_mm = mm;
  asid_stats.switches++;
  csr_write(CSR_SATP, SATP_MODE_SV32 | asid << MMCOSIM_SV32_SATP_ASID_LSB |
                          PHYS_PFN(__pa(mm->pgd)));
  if (!asid_enabled) {
    asid_stats.flushes++;
    __sfence_vma(SFENCE_ALL, 0, 0);
  }
}

void local_flush_tlb_user_page(struct mm_struct *mm, unsigned long addr) {
  if (asid_enabled) __sfence_vma(SFENCE_ADDR_ASID, addr, mm_context_asid(mm));
  else __sfence_vma(SFENCE_ADDR, addr, 0);
}

void local_flush_tlb_user_mm(struct mm_struct *mm) {
  if (asid_enabled) __sfence_vma(SFENCE_ASID, 0, mm_context_asid(mm));
  else __sfence_vma(SFENCE_ALL, 0, 0);
}

void show_asid_stats(void) {
  printk("asid: %s, %u bits; %lu switches, %lu allocated, %lu rollovers, %lu full flushes\n",
         asid_enabled ? "on" : "off", asid_bits, asid_stats.switches, asid_stats.allocs,
         asid_stats.rollovers, asid_stats.flushes);
}
