/*
 * fixmap.h -- compile-time fixed virtual addresses (memlayout.h's enum
 * fixed_addresses), each backed by one PTE of the fixmap PTE table, which
 * head.S's early page table and swapper_pg_dir share.
 *
 * early_ioremap() is the seam for device windows before ioremap exists:
 * it hands out consecutive FIX_BTMAP pages (never reused).  The kernel maps
 * the UART, simctl and CLINT windows with it (setup.c: setup_device_windows)
 * until vmalloc is up, then moves them to ioremap and early_iounmap()s
 * these (setup.c: ioremap_device_windows).
 */
#ifndef MM_FIXMAP_H
#define MM_FIXMAP_H

#include "memlayout.h"
#include "pgtable.h"

/*
 * Maps fixed address `idx` to physical `phys` with `prot` (PAGE_NONE
 * clears it) in init_mm and flushes that page from the local TLB.
 * Panics on FIX_HOLE or an index past the end.
 */
void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot);
#define set_fixmap_io(idx, phys) __set_fixmap((idx), (phys), PAGE_KERNEL_IO)
#define clear_fixmap(idx)        __set_fixmap((idx), 0, PAGE_NONE)

/*
 * Maps `size` bytes of device memory at `phys` PAGE_KERNEL_IO through the
 * next free FIX_BTMAP pages and returns the virtual address of `phys`;
 * NULL when the FIX_BTMAP pages run out.
 */
void *early_ioremap(phys_addr_t phys, unsigned long size);

/* Clears the fixmap pages of an early_ioremap(phys, size) at `addr` (each flushed locally). */
void early_iounmap(void *addr, unsigned long size);

#endif /* MM_FIXMAP_H */
