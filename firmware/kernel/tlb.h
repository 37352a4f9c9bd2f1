/*
 * tlb.h -- the two local TLB flushes early boot needs, straight on
 * SFENCE.VMA (the TLB flush API with counters, mm/tlbflush.h, replaces
 * these when it lands).
 */
#ifndef KERNEL_TLB_H
#define KERNEL_TLB_H

/* Drops every translation of the local hart (sfence.vma zero, zero). */
static inline void local_flush_tlb_all(void) {
  __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

/* Drops the translations of the page at `addr` (sfence.vma addr, zero). */
static inline void local_flush_tlb_page(unsigned long addr) {
  __asm__ volatile("sfence.vma %0, zero" : : "r"(addr) : "memory");
}

#endif /* KERNEL_TLB_H */
