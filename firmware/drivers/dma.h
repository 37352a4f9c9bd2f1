/*
 * dma.h -- keeping the write-back D-cache coherent with device DMA
 * (Linux dma_sync_single_for_device / _for_cpu): Zicbom cbo.flush on each
 * cache block of the buffer.  A flush writes a dirty block back and drops
 * it, so the device reads current data and the CPU's next load after the
 * device wrote misses and reads DRAM.  The host build (tests) has no
 * cache: nothing to do.
 */
#ifndef DRIVERS_DMA_H
#define DRIVERS_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "mmcosim_cfg.h"

#define DMA_CACHE_BLOCK MMCOSIM_CACHE_DCACHE_LINE /* cbo operates on D-cache blocks */

static inline void dma_cache_flush(const void *addr, size_t size) {
#if defined(__riscv)
  uintptr_t p = (uintptr_t)addr & ~(uintptr_t)(DMA_CACHE_BLOCK - 1);
  for (; p < (uintptr_t)addr + size; p += DMA_CACHE_BLOCK)
    __asm__ volatile(".insn i 0x0f, 2, x0, %0, 2" /* cbo.flush (rs1) */ : : "r"(p) : "memory");
  __asm__ volatile("fence rw, rw" ::: "memory");
#else
  (void)addr;
  (void)size;
#endif
}

/* Before the device reads or writes the buffer. */
static inline void dma_sync_for_device(const void *addr, size_t size) { dma_cache_flush(addr, size); }
/* Before the CPU reads what the device wrote. */
static inline void dma_sync_for_cpu(const void *addr, size_t size) { dma_cache_flush(addr, size); }

#endif /* DRIVERS_DMA_H */
