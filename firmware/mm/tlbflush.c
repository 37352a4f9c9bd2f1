/*
 * tlbflush.c -- flush_tlb_* on the SFENCE.VMA forms (see tlbflush.h for the
 * table of which call uses which form) and the counters behind them.
 */
#include "tlbflush.h"

#include "page.h"
#include "printk.h"

struct tlb_flush_stats tlb_flush_stats;

/* Pages [start, end) covers, counting partial pages; 0 for an empty range. */
static unsigned long range_pages(unsigned long start, unsigned long end) {
  if (end <= start) return 0;
  return (ALIGN(end, PAGE_SIZE) - ALIGN_DOWN(start, PAGE_SIZE)) >> PAGE_SHIFT;
}

/*
 * Flushes [start, end) one page at a time with `form` (SFENCE_ADDR or
 * SFENCE_ADDR_ASID), or, above tlb_flush_all_threshold pages, once with
 * `full_form` (SFENCE_ALL or SFENCE_ASID).  RISC-V Linux's
 * __flush_tlb_range.
 */
static void __flush_tlb_range(unsigned long start, unsigned long end, unsigned long asid,
                              enum sfence_form form, enum sfence_form full_form) {
  unsigned long pages = range_pages(start, end);
  if (pages == 0) return;
  if (pages > tlb_flush_all_threshold) {
    tlb_flush_stats.range_to_full++;
    __sfence_vma(full_form, 0, asid);
    return;
  }
  for (unsigned long addr = ALIGN_DOWN(start, PAGE_SIZE); pages--; addr += PAGE_SIZE)
    __sfence_vma(form, addr, asid);
}

/* Contract in tlbflush.h. */
void flush_tlb_all(void) {
  tlb_flush_stats.flush_all++;
  local_flush_tlb_all();
}

/* Contract in tlbflush.h. */
void flush_tlb_mm(struct mm_struct *mm) {
  tlb_flush_stats.flush_mm++;
  __sfence_vma(SFENCE_ASID, 0, mm_asid(mm));
}

/* Contract in tlbflush.h. */
void flush_tlb_page(struct mm_struct *mm, unsigned long addr) {
  tlb_flush_stats.flush_page++;
  __sfence_vma(SFENCE_ADDR_ASID, ALIGN_DOWN(addr, PAGE_SIZE), mm_asid(mm));
}

/* Contract in tlbflush.h. */
void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end) {
  tlb_flush_stats.flush_range++;
  __flush_tlb_range(start, end, mm_asid(mm), SFENCE_ADDR_ASID, SFENCE_ASID);
}

/* Contract in tlbflush.h. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end) {
  tlb_flush_stats.flush_kernel_range++;
  __flush_tlb_range(start, end, 0, SFENCE_ADDR, SFENCE_ALL);
}

/* Contract in tlbflush.h. */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm, bool fullmm) {
  tlb->mm = mm;
  tlb->start = ~0ul;
  tlb->end = 0;
  tlb->nr = 0;
  tlb->freed_tables = false;
  tlb->fullmm = fullmm;
}

/* Contract in tlbflush.h. */
void tlb_remove_tlb_entry(struct mmu_gather *tlb, unsigned long addr) {
  addr = ALIGN_DOWN(addr, PAGE_SIZE);
  if (tlb->nr < TLB_GATHER_PAGES) tlb->addr[tlb->nr] = addr;
  tlb->nr++;
  if (addr < tlb->start) tlb->start = addr;
  if (addr + PAGE_SIZE > tlb->end) tlb->end = addr + PAGE_SIZE;
}

/* Contract in tlbflush.h. */
void tlb_finish_mmu(struct mmu_gather *tlb) {
  if (tlb->fullmm || tlb->freed_tables || tlb->nr > TLB_GATHER_PAGES) {
    tlb_flush_stats.gather_to_full++;
    flush_tlb_mm(tlb->mm);
  } else if (tlb->nr) {
    tlb_flush_stats.gather_flush++;
    unsigned long asid = mm_asid(tlb->mm);
    for (unsigned long i = 0; i < tlb->nr; i++) __sfence_vma(SFENCE_ADDR_ASID, tlb->addr[i], asid);
  }
  tlb_gather_mmu(tlb, tlb->mm, tlb->fullmm);
}

/* Contract in tlbflush.h. */
void show_tlb_flush_stats(void) {
  const struct tlb_flush_stats *s = &tlb_flush_stats;
  printk("nr_tlb_flush_all %lu\n", s->flush_all);
  printk("nr_tlb_flush_mm %lu\n", s->flush_mm);
  printk("nr_tlb_flush_page %lu\n", s->flush_page);
  printk("nr_tlb_flush_range %lu\n", s->flush_range);
  printk("nr_tlb_flush_kernel_range %lu\n", s->flush_kernel_range);
  printk("nr_tlb_range_to_full %lu\n", s->range_to_full);
  printk("nr_tlb_gather_flush %lu\n", s->gather_flush);
  printk("nr_tlb_gather_to_full %lu\n", s->gather_to_full);
  printk("nr_tlb_local_flush_all %lu\n", s->local_flush_all);
  printk("nr_tlb_local_flush_one %lu\n", s->local_flush_one);
  printk("nr_sfence_vma_all %lu\n", s->sfence[SFENCE_ALL]);
  printk("nr_sfence_vma_addr %lu\n", s->sfence[SFENCE_ADDR]);
  printk("nr_sfence_vma_asid %lu\n", s->sfence[SFENCE_ASID]);
  printk("nr_sfence_vma_addr_asid %lu\n", s->sfence[SFENCE_ADDR_ASID]);
}
