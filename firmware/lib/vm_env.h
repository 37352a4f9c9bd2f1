/*
 * vm_env.h -- address spaces for the Sv32 test programs (tests/vm_*.c,
 * apps/tlb_chase.c), built with the kernel's page-table API.
 *
 * The programs run in M mode with DRAM at its physical address.  The mm
 * runs under them as under mm_* programs (setup_mm_virtual: memblock,
 * buddy, slab over the first `managed` bytes of DRAM, linear map = the
 * identity), and every table is the kernel's:
 *
 *   pgd        a zeroed buddy page (get_zeroed_page)
 *   PTE table  pte_alloc_kernel (buddy, counted in PageTables) or
 *              create_pgd_mapping through pt_ops = alloc_pte_late
 *   entries    set_pgd / set_pte, megapages by create_pgd_mapping
 *   satp       written here; the flush is local_flush_tlb_all
 *   test pages get_zeroed_page / alloc_pages (a megapage: order 10)
 *
 * Nothing is freed: a test program builds its address spaces once.  The
 * raw numbers the tests check against (PTE_V, PX, PA2PTE...) are vm.h's;
 * a pgd entry and a PTE are one word each, so a test reads and writes an
 * entry raw with pte_val / set_pte (vm_malformed writes malformed ones).
 *
 * Header-only (static inline): the programs that include it are linked
 * with libmm and compiled with -Imm (firmware/Makefile, VM_ENV_PROGS).
 */
#ifndef FW_VM_ENV_H
#define FW_VM_ENV_H

#include <stdint.h>

#include "bootmem.h"
#include "csr.h"
#include "gfp.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "printk.h"
#include "tlbflush.h"
#include "vm.h"

/* DRAM the mm manages under a vm_* test (as mm_vmalloc): the image breaks
 * the first 4 MiB block and memblock's arrays the last, and the first
 * unmovable allocation's fallback steals the largest free block (as
 * Linux's does), so 16 MiB leaves one order-10 block for a megapage;
 * mm_core_init's cost grows with it. */
#define VM_ENV_MANAGED (16ul << 20)

/* Order of a buddy block holding one 4 MiB megapage. */
#define VM_MEGA_ORDER (MEGASHIFT - PGSHIFT)

/*
 * Starts the mm over the first `managed` bytes of DRAM (after
 * setup_bootmem, when `bootmem_done`) and points pt_ops at the buddy.
 * Panics when memblock refuses.
 */
static inline void vm_env_init_after_bootmem(phys_addr_t managed, int bootmem_done) {
  int err = bootmem_done ? mm_init_virtual(managed) : setup_mm_virtual(managed);
  if (err) panic("vm_env_init: setup of the mm failed (%d)", err);
  pt_ops.alloc_pte = alloc_pte_late; /* memblock is gone: tables from the buddy */
}
static inline void vm_env_init(void) { vm_env_init_after_bootmem(VM_ENV_MANAGED, 0); }

/* Returns a zeroed 4 KiB page from the buddy; panics when none is free. */
static inline void *vm_page_alloc(void) {
  unsigned long va = get_zeroed_page(GFP_KERNEL);
  if (!va) panic("vm_page_alloc: no free page");
  return (void *)(uintptr_t)va;
}

/* Returns a 4 MiB-aligned megapage frame (order 10, not zeroed); panics,
 * after the buddyinfo view, when none is free. */
static inline void *vm_mega_alloc(void) {
  struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, VM_MEGA_ORDER);
  if (!page) {
    show_buddyinfo();
    panic("vm_mega_alloc: no free order-%u block", (unsigned)VM_MEGA_ORDER);
  }
  return page_address(page);
}

/* Returns a new, empty pgd. */
static inline pgd_t *vm_pgd_alloc(void) { return vm_page_alloc(); }

/*
 * Maps [va, va + size) to [pa, pa + size) with 4 KiB pages and the raw PTE
 * bits `perm` (V added); tables from the buddy.  Panics on a different
 * existing mapping (create_pgd_mapping) and on physical addresses above
 * 4 GiB (phys_addr_t is 32 bits; vm_malformed writes those raw).
 */
static inline void vm_map(pgd_t *pgd, uint32_t va, uint64_t pa, uint32_t size, uint32_t perm) {
  if (pa + size > ((uint64_t)1 << 32)) /* phys_addr_t is 32 bits: write such PTEs raw */
    panic("vm_map: %08x maps above 4 GiB", (unsigned)va);
  create_pgd_mapping(pgd, va, (phys_addr_t)pa, size, __pgprot(perm | PTE_V), false);
}

/* Maps the 4 MiB megapage at `va` to `pa` (both 4 MiB aligned), raw bits `perm` (V added). */
static inline void vm_map_mega(pgd_t *pgd, uint32_t va, uint64_t pa, uint32_t perm) {
  if (((va | (uint32_t)pa) & (MEGASIZE - 1)) || pa >> 32)
    panic("vm_map_mega: unaligned or above 4 GiB: va %08x", (unsigned)va);
  create_pgd_mapping(pgd, va, (phys_addr_t)pa, MEGASIZE, __pgprot(perm | PTE_V), true);
}

/*
 * Returns the level-0 PTE slot of `va` (pte_alloc_kernel: its table made
 * when missing); panics when a megapage covers `va` or no page is free.
 */
static inline pte_t *vm_pte_alloc(pgd_t *pgd, uint32_t va) {
  pte_t *pte = pte_alloc_kernel(pgd + pgd_index(va), va);
  if (!pte) panic("vm_pte_alloc: no page for the PTE table of %08x", (unsigned)va);
  return pte;
}

/* Returns the level-0 PTE slot of `va`, or NULL when its table is missing;
 * panics when a megapage covers `va`. */
static inline pte_t *vm_pte(pgd_t *pgd, uint32_t va) {
  pgd_t *e = pgd + pgd_index(va);
  if (pgd_none(*e)) return NULL;
  if (pgd_leaf(*e)) panic("vm_pte: a megapage maps %08x", (unsigned)va);
  return pte_offset_kernel(e, va);
}

/*
 * Returns the leaf entry that maps `va` (a PTE, or the pgd entry of a
 * megapage -- one word either way) and stores its level in *level;
 * returns NULL when nothing valid maps `va`.
 */
static inline pte_t *vm_leaf(pgd_t *pgd, uint32_t va, unsigned *level) {
  pgd_t *e = pgd + pgd_index(va);
  if (!pgd_present(*e)) return NULL;
  if (pgd_leaf(*e)) {
    if (level) *level = 1;
    return (pte_t *)e;
  }
  pte_t *pte = pte_offset_kernel(e, va);
  if (!pte_present(*pte)) return NULL;
  if (level) *level = 0;
  return pte;
}

/*
 * The word of a PTE or pgd entry (NULL for NULL), for tests that read and
 * write entries raw while the hardware updates A and D in them.
 */
static inline volatile uint32_t *vm_entry_word(pte_t *pte) {
  return pte ? (volatile uint32_t *)&pte->pte : NULL;
}

/* Maps the device windows a test may touch from S- or U-mode. */
static inline void vm_map_mmio(pgd_t *pgd, uint32_t extra) {
  vm_map(pgd, CLINT_BASE, CLINT_BASE, MMCOSIM_MEMORY_MAP_CLINT_SIZE, VM_KERNEL_MMIO | extra);
  vm_map(pgd, PGROUNDDOWN(UART_BASE), PGROUNDDOWN(UART_BASE), PGSIZE, VM_KERNEL_MMIO | extra);
  vm_map(pgd, PGROUNDDOWN(SIMCTL_BASE), PGROUNDDOWN(SIMCTL_BASE), PGSIZE, VM_KERNEL_MMIO | extra);
}

/*
 * Returns a new pgd that maps all of DRAM at its own address with
 * megapages (VM_KERNEL_RAM | extra) and the CLINT, UART and simctl
 * windows with 4 KiB pages (VM_KERNEL_MMIO | extra).  extra = PTE_U makes
 * a table for U-mode code, PTE_G a global one.
 */
static inline pgd_t *vm_kernel_root(uint32_t extra) {
  pgd_t *pgd = vm_pgd_alloc();
  create_pgd_mapping(pgd, DRAM_BASE, DRAM_BASE, DRAM_SIZE, __pgprot(VM_KERNEL_RAM | extra | PTE_V),
                     true);
  vm_map_mmio(pgd, extra);
  return pgd;
}

/*
 * Like vm_kernel_root(), but maps the program (DRAM_BASE .. __bss_end) and
 * the stack reserve with 4 KiB pages, the rest of DRAM not at all.
 */
static inline pgd_t *vm_kernel_root_4k(uint32_t extra) {
  extern char __bss_end[], __stack_top[];
  pgd_t *pgd = vm_pgd_alloc();
  uint32_t image_end = PGROUNDUP((uintptr_t)__bss_end);
  vm_map(pgd, DRAM_BASE, DRAM_BASE, image_end - DRAM_BASE, VM_KERNEL_RAM | extra);
  uint32_t stack_lo = PGROUNDDOWN((uintptr_t)__stack_top - BOOT_STACK_RESERVE);
  vm_map(pgd, stack_lo, stack_lo, PGROUNDUP((uintptr_t)__stack_top) - stack_lo,
         VM_KERNEL_RAM | extra);
  vm_map_mmio(pgd, extra);
  return pgd;
}

/* Writes satp = (pgd, asid) and flushes the whole TLB (local_flush_tlb_all). */
static inline void vm_switch(const pgd_t *pgd, uint32_t asid) {
  csr_write(CSR_SATP, vm_satp(pgd, asid));
  local_flush_tlb_all();
}

/* Turns translation off (satp = Bare) and flushes the whole TLB. */
static inline void vm_off(void) {
  csr_write(CSR_SATP, 0);
  local_flush_tlb_all();
}

#endif /* FW_VM_ENV_H */
