/*
 * memlayout.h -- the kernel's 32-bit virtual address space (Linux x86-32 /
 * 32-bit RISC-V style; numbers from config [kernel]).
 *
 *   0xFFFFFFFF +---------------------------+
 *              | hole (one page)           |
 *  FIXADDR_TOP +---------------------------+ 0xFFFFF000
 *              | fixmap: FIX_HOLE,         |  __fix_to_virt(i) = FIXADDR_TOP - (i << PAGE_SHIFT)
 *              |  FIX_KMAP_*, FIX_BTMAP_*  |  (index 0 at the top, growing down)
 *FIXADDR_START +---------------------------+
 *              | unused                    |
 *              +---------------------------+ PKMAP_BASE + LAST_PKMAP pages
 *              | pkmap: kmap() slots       |
 *   PKMAP_BASE +---------------------------+ 4 MiB aligned
 *              | 2 guard pages             |
 *  VMALLOC_END +---------------------------+
 *              | vmalloc area              |  vmalloc, vmap, ioremap
 *VMALLOC_START +---------------------------+ high_memory + VMALLOC_OFFSET, 8 MiB aligned
 *              | VMALLOC_OFFSET gap (8 MiB)|  catches overruns of the linear map
 *  high_memory +---------------------------+ __va(max_low_pfn << PAGE_SHIFT)
 *              | lowmem: linear map of DRAM|  kernel image (.text .rodata .init
 *              |  from its first byte      |  .data .bss) at its start, then the
 *  PAGE_OFFSET +---------------------------+ buddy's pages; 0xC0000000
 *              | user space (processes)    |
 *              | DRAM identity (boot only) |  0x80000000.. while head.S turns Sv32 on
 *   0x00000000 +---------------------------+
 *
 * Lowmem is at most MAXMEM bytes: it ends where VMALLOC_END - VMALLOC_OFFSET
 * - vmalloc_reserve begins, or at the end of DRAM if that comes first
 * (find_low_pfn_range).  DRAM above it is highmem: no permanent mapping,
 * reached through kmap.  config/highmem.toml picks a reserve that leaves
 * 32 MiB lowmem on the default 64 MiB DRAM.
 *
 * Kernel virtual addresses are numbers (unsigned long), the same on the
 * target and in the host tests.  On the target the pointer __va(pa) equals
 * linear_map_va(pa); on the host __va(pa) points into the test's arena
 * while linear_map_va(pa) is still the target's address.
 */
#ifndef MM_MEMLAYOUT_H
#define MM_MEMLAYOUT_H

#include "mmcosim_cfg.h"
#include "page.h"

#define PAGE_OFFSET     ((unsigned long)MMCOSIM_KERNEL_PAGE_OFFSET)
#define VMALLOC_OFFSET  (8ul << 20) /* x86-32's gap between lowmem and vmalloc */
#define VMALLOC_RESERVE ((unsigned long)MMCOSIM_KERNEL_VMALLOC_RESERVE)
#define LAST_PKMAP      ((unsigned long)MMCOSIM_KERNEL_LAST_PKMAP)
#define LAST_PKMAP_MASK (LAST_PKMAP - 1)
#define KM_MAX_IDX      ((unsigned long)MMCOSIM_KERNEL_FIX_KMAP_SLOTS)
#define NR_FIX_BTMAPS   ((unsigned long)MMCOSIM_KERNEL_FIX_BTMAP_PAGES)

/* Physical start of DRAM: the linear map's physical origin. */
#define PHYS_OFFSET ((phys_addr_t)MMCOSIM_MEMORY_MAP_DRAM_BASE)

/*
 * Fixed virtual addresses, one page each, counted down from FIXADDR_TOP.
 * FIX_KMAP_*: kmap_local_page/kmap_atomic slots (k-vmalloc).
 * FIX_BTMAP_*: early_ioremap pages (device windows before ioremap exists).
 */
enum fixed_addresses {
  FIX_HOLE,
  FIX_KMAP_BEGIN,
  FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX - 1,
  FIX_BTMAP_END,
  FIX_BTMAP_BEGIN = FIX_BTMAP_END + NR_FIX_BTMAPS - 1,
  __end_of_fixed_addresses
};

#define FIXADDR_TOP   (0xFFFFFFFFul - PAGE_SIZE + 1) /* the last page is a hole */
#define FIXADDR_SIZE  ((unsigned long)__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START (FIXADDR_TOP - FIXADDR_SIZE)

#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))
#define __virt_to_fix(x) ((unsigned long)((FIXADDR_TOP - ((x) & PAGE_MASK)) >> PAGE_SHIFT))
#define fix_to_virt(x)   __fix_to_virt(x)

#define MEGAPAGE_SIZE (1ul << MMCOSIM_SV32_MEGAPAGE_SHIFT)
#define MEGAPAGE_MASK (~(MEGAPAGE_SIZE - 1))

/* The pkmap area: LAST_PKMAP pages at a megapage boundary below fixmap (one PTE table). */
#define PKMAP_BASE  ((FIXADDR_START - PAGE_SIZE * (LAST_PKMAP + 1)) & MEGAPAGE_MASK)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

#define VMALLOC_END   (PKMAP_BASE - 2 * PAGE_SIZE)
/* Largest lowmem in bytes (x86-32 MAXMEM). */
#define MAXMEM        (VMALLOC_END - VMALLOC_OFFSET - VMALLOC_RESERVE - PAGE_OFFSET)

extern unsigned long max_low_pfn; /* one past the last lowmem pfn (find_low_pfn_range) */
extern unsigned long min_low_pfn; /* first pfn of DRAM */
extern void *high_memory;         /* __va(max_low_pfn << PAGE_SHIFT) */

/* Where the target's linear map puts physical address `pa` (lowmem only). */
static inline unsigned long linear_map_va(phys_addr_t pa) {
  return PAGE_OFFSET + (unsigned long)(pa - PHYS_OFFSET);
}
/* Inverse of linear_map_va. */
static inline phys_addr_t linear_map_pa(unsigned long va) {
  return (phys_addr_t)(va - PAGE_OFFSET) + PHYS_OFFSET;
}

/* The end of lowmem as a kernel virtual address (high_memory as a number). */
#define LOWMEM_END    linear_map_va(PFN_PHYS(max_low_pfn))
#define VMALLOC_START ((LOWMEM_END + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1))

/*
 * Sets min_low_pfn, max_low_pfn and high_memory from memblock.memory:
 * lowmem is DRAM up to MAXMEM bytes past PAGE_OFFSET.  Returns max_low_pfn.
 * Call after memblock_add(DRAM) and set_linear_map().
 */
unsigned long find_low_pfn_range(void);

#endif /* MM_MEMLAYOUT_H */
