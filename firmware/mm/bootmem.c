/*
 * bootmem.c -- the machine's boot memory for programs that run the mm on
 * it (target only; the host tests build memblock from their own buffer):
 * all of DRAM to memblock, the program image and the stack reserved, and
 * the identity linear map of Bare/M-mode addressing.
 *
 *   DRAM_BASE  +------------------+
 *              | program image    |  reserved: DRAM_BASE .. __bss_end (page-aligned)
 *              +------------------+
 *              | free: the buddy  |
 *              +------------------+  __stack_top - BOOT_STACK_RESERVE
 *              | stack (grows v)  |  reserved
 *   end of DRAM+------------------+  __stack_top
 */
#include "bootmem.h"

#include "memblock.h"
#include "page.h"
#include "platform.h"

extern char __bss_end[];   /* end of the program image (lib/link.ld) */
extern char __stack_top[]; /* top of the stack = end of DRAM (lib/link.ld) */

int setup_bootmem(void) {
  phys_addr_t image_end = ALIGN((phys_addr_t)(uintptr_t)__bss_end, PAGE_SIZE);
  phys_addr_t stack_top = (phys_addr_t)(uintptr_t)__stack_top;
  int err;
  memblock_init();
  if ((err = memblock_add(DRAM_BASE, DRAM_SIZE)) != 0) return err;
  if ((err = memblock_reserve(DRAM_BASE, image_end - DRAM_BASE)) != 0) return err;
  if ((err = memblock_reserve(stack_top - BOOT_STACK_RESERVE, BOOT_STACK_RESERVE)) != 0)
    return err;
  set_linear_map(DRAM_BASE, (void *)(uintptr_t)DRAM_BASE); /* Bare: identity */
  return 0;
}
