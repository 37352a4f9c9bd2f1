/*
 * asid.c -- the ASID allocator with generations (arm64 / RISC-V Linux's
 * scheme, one hart) and switch_mm.  See asid.h for the table.
 *
 * One hart simplifies Linux's algorithm: the only ASID in use at a
 * rollover is the one of the mm being switched away from, which stops
 * running at this switch, so no ASID is carried into the new generation
 * (Linux keeps per-CPU reserved ASIDs for the mms other CPUs run).
 */
#include "asid.h"

#include "page.h"
#include "pgtable.h"
#include "printk.h"
#include "tlbflush.h"

#define MAX_ASIDS (1ul << SATP_ASID_BITS)
#define BITS_PER_LONG_ (8 * sizeof(unsigned long))

struct asid_stats asid_stats;
unsigned int asid_bits = SATP_ASID_BITS;
bool asids_enabled = true;
struct mm_struct *active_mm_asid;

static unsigned long asid_generation;                         /* k << asid_bits, k >= 1 */
static unsigned long asid_map[MAX_ASIDS / BITS_PER_LONG_ + 1]; /* ASIDs taken in this generation */

static unsigned long asid_mask(void) { return (1ul << asid_bits) - 1; }
static unsigned long nr_asids(void) { return 1ul << asid_bits; }

static bool asid_test_and_set(unsigned long asid) {
  unsigned long *w = &asid_map[asid / BITS_PER_LONG_];
  unsigned long bit = 1ul << (asid % BITS_PER_LONG_);
  bool was = *w & bit;
  *w |= bit;
  return was;
}

void asids_init(unsigned int bits, bool enabled) {
  if (bits < 1 || bits > SATP_ASID_BITS)
    panic("asids_init: %u ASID bits, satp holds 1..%u", bits, (unsigned)SATP_ASID_BITS);
  asid_bits = bits;
  asids_enabled = enabled;
  /* A generation above every context.id handed out so far (they are below
   * the old generation + 2^SATP_ASID_BITS): no mm keeps an ASID across a
   * re-initialisation, whatever the widths were. */
  asid_generation = ALIGN(asid_generation + (1ul << SATP_ASID_BITS), 1ul << bits);
  for (unsigned long i = 0; i < sizeof asid_map / sizeof asid_map[0]; i++) asid_map[i] = 0;
  asid_map[0] = 1; /* ASID 0: the kernel and "ASIDs off" */
  asid_stats = (struct asid_stats){0};
  active_mm_asid = NULL;
}

unsigned long mm_context_asid(const struct mm_struct *mm) {
  return asids_enabled && mm ? mm->context.id & asid_mask() : 0;
}

unsigned long mm_satp(const struct mm_struct *mm) {
  return SATP_MODE_SV32 | (mm_context_asid(mm) << SATP_ASID_SHIFT) |
         (PHYS_PFN(__pa(mm->pgd)) & SATP_PPN_MASK);
}

/* Rollover: a new generation, every ASID free again, one full flush. */
static void flush_context(void) {
  asid_generation += 1ul << asid_bits;
  if (asid_generation == 0) asid_generation = 1ul << asid_bits; /* the counter wrapped */
  for (unsigned long i = 0; i < sizeof asid_map / sizeof asid_map[0]; i++) asid_map[i] = 0;
  asid_map[0] = 1;
  asid_stats.rollovers++;
  asid_stats.flushes++;
  local_flush_tlb_all();
}

/* A valid ASID for `mm` in the current generation (Linux new_context). */
static unsigned long new_context(struct mm_struct *mm) {
  unsigned long old = mm->context.id & asid_mask();
  /* Keep the old ASID when no one took it in this generation: its TLB
   * entries were flushed by the rollover that ended its generation. */
  if (mm->context.id != 0 && old != 0 && !asid_test_and_set(old))
    return asid_generation | old;
  for (int pass = 0; pass < 2; pass++) {
    for (unsigned long asid = 1; asid < nr_asids(); asid++) {
      if (!asid_test_and_set(asid)) {
        asid_stats.allocs++;
        return asid_generation | asid;
      }
    }
    flush_context();
  }
  panic("new_context: no ASID free after a rollover (%u bits)", asid_bits);
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next) {
  if (prev == next) return;
  asid_stats.switches++;
  if (!asids_enabled) {
    arch_write_satp(mm_satp(next));
    asid_stats.flushes++;
    local_flush_tlb_all();
    active_mm_asid = next;
    return;
  }
  /* The kernel's own space (swapper_pg_dir: global kernel mappings, no
   * user half) runs under the reserved ASID 0 and never takes one. */
  if (next != &init_mm && ((next->context.id ^ asid_generation) >> asid_bits) != 0)
    next->context.id = new_context(next);
  arch_write_satp(mm_satp(next));
  active_mm_asid = next;
}
