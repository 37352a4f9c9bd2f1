/*
 * io.h -- ioremap / iounmap (ioremap.c): device registers reached through
 * the kernel's page tables, as after boot the UART, CLINT and simctl are.
 */
#ifndef MM_IO_H
#define MM_IO_H

#include "mm_types.h"
#include "pgtable.h"

/*
 * Maps the `size` bytes of device space at `phys_addr` (any alignment) into
 * the vmalloc area with `prot`; returns the address of phys_addr there, or
 * NULL for size 0, a range that wraps, a range touching RAM ("ioremap on
 * RAM" line, as Linux) or no space.
 */
void *ioremap_prot(phys_addr_t phys_addr, unsigned long size, pgprot_t prot);

/* ioremap_prot with PAGE_KERNEL_IO: R/W, no X, _PAGE_IO. */
void *ioremap(phys_addr_t phys_addr, unsigned long size);

/* Unmaps what ioremap returned (any address inside its first page); NULL ignored, else panics. */
void iounmap(volatile void *addr);

#endif /* MM_IO_H */
