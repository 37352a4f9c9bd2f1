/*
 * kernel.lds.S -- the kernel image, linked at its virtual address
 * (preprocessed with cpp into kernel.lds, as Linux's vmlinux.lds.S).
 *
 *   VMA (kernel virtual)            LMA (physical, AT())
 *   PAGE_OFFSET  _text  .head.text   DRAM_BASE = reset pc (M-mode shim, head.S)
 *                _stext .text        R+X
 *        __start_rodata .rodata      R
 *                       __ex_table   R (uaccess fixups, uaccess.S)
 *          __init_begin .init.text   freed by free_initmem
 *       __init_text_end .init.data   (early_pg_dir lives here)
 *            __init_end
 *                _sdata .data .sdata R+W
 *            __bss_start .bss        R+W (swapper_pg_dir, init stack)
 *                  _end
 *
 * Every section boundary is page aligned so that mark_rodata_ro can give
 * each its own permissions.  VMA - LMA = PAGE_OFFSET - DRAM_BASE is a
 * multiple of 4 MiB: the image sits inside the linear map.  The ELF entry
 * is the physical address of _start.
 */
#include "mmcosim_cfg.h"

#define PAGE_SIZE   (1 << MMCOSIM_SV32_PAGE_SHIFT)
#define LOAD_OFFSET (MMCOSIM_KERNEL_PAGE_OFFSET - MMCOSIM_MEMORY_MAP_DRAM_BASE)
#define SECTION(name) name : AT(ADDR(name) - LOAD_OFFSET)

OUTPUT_ARCH("riscv")
ENTRY(_start_phys)

SECTIONS
{
  . = MMCOSIM_KERNEL_PAGE_OFFSET;
  _text = .;
  SECTION(.head.text) { KEEP(*(.head.text)) }
  _stext = .;
  SECTION(.text) { *(.text.unlikely .text.unlikely.*) *(.text .text.*) }
  . = ALIGN(PAGE_SIZE);
  _etext = .;

  __start_rodata = .;
  SECTION(.rodata) { *(.rodata .rodata.* .srodata .srodata.*) }
  . = ALIGN(4);
  SECTION(__ex_table) {
    __start___ex_table = .;
    KEEP(*(__ex_table))
    __stop___ex_table = .;
  }
  . = ALIGN(PAGE_SIZE);
  __end_rodata = .;

  __init_begin = .;
  SECTION(.init.text) { *(.init.text .init.text.*) }
  . = ALIGN(PAGE_SIZE);
  __init_text_end = .;
  SECTION(.init.data) { *(.init.data .init.data.*) }
  . = ALIGN(PAGE_SIZE);
  __init_end = .;

  _sdata = .;
  SECTION(.data) { *(.data .data.*) }
  SECTION(.sdata) {
    __global_pointer$ = . + 0x800;
    *(.sdata .sdata.*)
  }
  _edata = .;
  __bss_start = .;
  SECTION(.bss) { *(.sbss .sbss.* .bss .bss.* COMMON) }
  . = ALIGN(PAGE_SIZE);
  __bss_stop = .;
  _end = .;

  _start_phys = _start - LOAD_OFFSET;
  ASSERT(_end - _text <= MMCOSIM_MEMORY_MAP_DRAM_SIZE, "kernel image larger than DRAM")

  /DISCARD/ : { *(.comment) *(.note .note.*) }
}
