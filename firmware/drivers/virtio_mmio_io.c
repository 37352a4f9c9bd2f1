/*
 * virtio_mmio_io.c -- the virtio driver's register accessors on the
 * target: 32-bit volatile accesses to the ioremap'ed window, ordered with
 * the driver's memory accesses by fences (Linux readl/writel).
 */
#include "virtio_blk.h"

uint32_t virtio_mmio_read32(volatile void *base, uint32_t off) {
  uint32_t v = *(volatile uint32_t *)((volatile char *)base + off);
  __asm__ volatile("fence i, r" ::: "memory");
  return v;
}

void virtio_mmio_write32(volatile void *base, uint32_t off, uint32_t value) {
  __asm__ volatile("fence w, o" ::: "memory");
  *(volatile uint32_t *)((volatile char *)base + off) = value;
}
