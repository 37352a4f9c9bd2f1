/*
 * kernel_map.h -- the kernel image inside the linear map, and the final
 * kernel page table built from it (Linux riscv setup_vm_final,
 * mark_rodata_ro, free_initmem).
 *
 *  PAGE_OFFSET ... _stext      _etext __start_rodata __init_begin __init_text_end __init_end _sdata    _end
 *               |  .text  R+X  |      |   .rodata R  |  .init.text RX | .init.data RW |  .data .bss RW  |
 *               +--------------+------+--------------+---------------+---------------+-----------------+
 *                  4 KiB pages over the image (its permissions differ page by page),
 *                  4 MiB megapages R+W over the rest of lowmem where aligned
 *
 * The boundaries are kernel virtual addresses, page aligned; the kernel
 * fills kernel_sections from its linker symbols, host tests from numbers.
 */
#ifndef MM_KERNEL_MAP_H
#define MM_KERNEL_MAP_H

#include "pgtable.h"

struct kernel_sections {
  unsigned long text_start;     /* _stext */
  unsigned long text_end;       /* _etext */
  unsigned long rodata_start;   /* __start_rodata */
  unsigned long rodata_end;     /* __end_rodata */
  unsigned long init_start;     /* __init_begin (.init.text first) */
  unsigned long init_text_end;  /* __init_text_end */
  unsigned long init_end;       /* __init_end */
  unsigned long data_start;     /* _sdata */
  unsigned long bss_start;      /* __bss_start */
  unsigned long end;            /* _end */
};
extern struct kernel_sections kernel_sections;

/*
 * Maps lowmem [min_low_pfn, max_low_pfn) linearly at PAGE_OFFSET in
 * `pgdp`: the image [text_start, end) in 4 KiB pages PAGE_KERNEL_EXEC,
 * everything else PAGE_KERNEL with megapages where va and pa are 4 MiB
 * aligned.  Page tables come from pt_ops.  Call after find_low_pfn_range.
 */
void setup_vm_final(pgd_t *pgdp);

/*
 * Sets the image's final permissions in init_mm: .text R+X, .rodata R,
 * .init.data, .data and .bss R+W no X; .init.text stays R+W+X until
 * free_initmem.  The caller flushes the TLB.
 */
void mark_rodata_ro(void);

/*
 * Returns the pages of [start, end) (kernel virtual, page aligned, in the
 * boot-reserved image) to the buddy, filled with `poison` when >= 0, and
 * prints Linux's "Freeing <s> memory: NK".  Returns the page count.
 */
unsigned long free_reserved_area(unsigned long start, unsigned long end,
                                 int poison, const char *s);

/*
 * Makes .init R+W no X and frees it to the buddy ("Freeing unused kernel
 * memory: NK").  Nothing in .init may run or be read afterwards.  The
 * caller flushes the TLB.  Returns the pages freed.
 */
unsigned long free_initmem(void);

#endif /* MM_KERNEL_MAP_H */
