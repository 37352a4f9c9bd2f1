/*
 * platform.h -- the physical memory map seen by the firmware.
 *
 *   0x0200_0000  CLINT   msip (+0x0000), mtimecmp (+0x4000), mtime (+0xbff8)
 *   0x1000_0000  UART    16550 subset: THR (+0, W), LSR (+5, R)
 *   0x1010_0000  simctl  exit, region markers, trace, counters, putchar
 *   0x8000_0000  DRAM    MMCOSIM_MEMORY_MAP_DRAM_SIZE bytes, program + stack
 *
 * Bases, sizes and the register offsets inside the CLINT and the UART all
 * come from the generated mmcosim_cfg.h (config/), shared with the model.
 * The runtime reaches the devices through uart_base, simctl_base and
 * clint_base: the physical bases at reset (Bare and M mode); a kernel that
 * turns paging on maps the windows and moves them (platform.c).
 */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H

#include "mmcosim_cfg.h"

/* ---- CLINT (SiFive layout, hart 0) ---- */
#define CLINT_BASE            MMCOSIM_MEMORY_MAP_CLINT_BASE
#define CLINT_MSIP_OFFSET     MMCOSIM_CLINT_REG_MSIP     /* bit 0 = MSIP */
#define CLINT_MTIMECMP_OFFSET MMCOSIM_CLINT_REG_MTIMECMP /* 64-bit, lo, hi */
#define CLINT_MTIME_OFFSET    MMCOSIM_CLINT_REG_MTIME    /* 64-bit, lo, hi */

/* ---- UART (16550 register subset) ---- */
#define UART_BASE       MMCOSIM_MEMORY_MAP_UART_BASE
#define UART_THR_OFFSET MMCOSIM_UART_REG_THR  /* transmit holding (write) */
#define UART_LSR_OFFSET MMCOSIM_UART_REG_LSR  /* line status (read) */
#define UART_LSR_THRE   (MMCOSIM_U(1) << MMCOSIM_UART_LSR_THRE_BIT) /* THR empty */
#define UART_LSR_TEMT   (MMCOSIM_U(1) << MMCOSIM_UART_LSR_TEMT_BIT) /* transmitter empty */

/* ---- simctl ---- */
#define SIMCTL_BASE MMCOSIM_MEMORY_MAP_SIMCTL_BASE

/* ---- DRAM ---- */
#define DRAM_BASE MMCOSIM_MEMORY_MAP_DRAM_BASE
#define DRAM_SIZE MMCOSIM_MEMORY_MAP_DRAM_SIZE

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Returns a pointer to the 32-bit device register at `base + offset`. */
static inline volatile uint32_t *mmio32(uintptr_t base, uint32_t offset) {
  return (volatile uint32_t *)(base + offset);
}

/* Returns a pointer to the 8-bit device register at `base + offset`. */
static inline volatile uint8_t *mmio8(uintptr_t base, uint32_t offset) {
  return (volatile uint8_t *)(base + offset);
}

/* Where the runtime reaches each device window (platform.c). */
extern uintptr_t uart_base, simctl_base, clint_base;

/*
 * Points the runtime at device windows mapped elsewhere (kernel virtual
 * addresses of the UART, simctl and CLINT windows).  Every device access
 * after the call goes through the new addresses.
 */
void platform_set_device_bases(uintptr_t uart, uintptr_t simctl, uintptr_t clint);
#endif

#endif /* FW_PLATFORM_H */
