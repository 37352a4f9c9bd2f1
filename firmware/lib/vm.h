/*
 * vm.h -- Sv32 page tables for the firmware (xv6 style).
 *
 * A 32-bit virtual address splits into two 10-bit table indices and a
 * 12-bit page offset; a PTE holds a 22-bit physical page number, so the
 * physical address space is 34 bits (PPN[21:20] != 0 lies above 4 GiB):
 *
 *    31        22 21        12 11           0
 *   +------------+------------+--------------+
 *   | VPN[1]     | VPN[0]     | page offset  |   virtual address
 *   +------------+------------+--------------+
 *     PX(1, va)    PX(0, va)
 *
 *    31                      10 9  8 7 6 5 4 3 2 1 0
 *   +--------------------------+----+-+-+-+-+-+-+-+-+
 *   | PPN[1] (12) | PPN[0] (10)| RSW|D|A|G|U|X|W|R|V|  page-table entry
 *   +--------------------------+----+-+-+-+-+-+-+-+-+
 *
 *   satp: [31] MODE (1 = Sv32) [30:22] ASID [21:0] root table PPN
 *
 * A level-1 PTE with R, W or X set is a 4 MiB megapage leaf (its PPN[0]
 * must be 0); with none of them set it points to a level-0 table.
 *
 * These are the raw Sv32 numbers the test programs check the hardware
 * against.  Their page tables are built with the kernel's own page-table
 * API (mm/pgtable.h) through vm_env.h; every number comes from the
 * generated mmcosim_cfg.h (config/<name>.toml, [sv32]).
 */
#ifndef FW_VM_H
#define FW_VM_H

#include <stdint.h>

#include "mmcosim_cfg.h"
#include "platform.h"

/* ---- address split ---- */
#define PGSHIFT    MMCOSIM_SV32_PAGE_SHIFT
#define PGSIZE     (1u << PGSHIFT)
#define MEGASHIFT  MMCOSIM_SV32_MEGAPAGE_SHIFT
#define MEGASIZE   (1u << MEGASHIFT)
#define VM_LEVELS  MMCOSIM_SV32_LEVELS
#define VPN_BITS   MMCOSIM_SV32_VPN_BITS
#define VPN_MASK   ((1u << VPN_BITS) - 1)
#define PTE_BYTES  MMCOSIM_SV32_PTE_BYTES
#define PTES_PER_TABLE (PGSIZE / PTE_BYTES)

#define PGROUNDDOWN(a) ((uint32_t)(a) & ~(PGSIZE - 1))
#define PGROUNDUP(a)   (((uint32_t)(a) + PGSIZE - 1) & ~(PGSIZE - 1))

/* Shift and index of the table entry for `va` at `level` (1 = root). */
#define PXSHIFT(level) (PGSHIFT + VPN_BITS * (level))
#define PX(level, va)  (((uint32_t)(va) >> PXSHIFT(level)) & VPN_MASK)

/* Size of the region one leaf maps at `level`: 4 KiB at 0, 4 MiB at 1. */
#define LEVEL_SIZE(level) (1u << PXSHIFT(level))

/* ---- PTE bits ---- */
#define PTE_V   (1u << MMCOSIM_SV32_PTE_V_BIT)
#define PTE_R   (1u << MMCOSIM_SV32_PTE_R_BIT)
#define PTE_W   (1u << MMCOSIM_SV32_PTE_W_BIT)
#define PTE_X   (1u << MMCOSIM_SV32_PTE_X_BIT)
#define PTE_U   (1u << MMCOSIM_SV32_PTE_U_BIT)
#define PTE_G   (1u << MMCOSIM_SV32_PTE_G_BIT)
#define PTE_A   (1u << MMCOSIM_SV32_PTE_A_BIT)
#define PTE_D   (1u << MMCOSIM_SV32_PTE_D_BIT)
#define PTE_RSW (((1u << MMCOSIM_SV32_PTE_PPN_SHIFT) - 1) & ~((PTE_D << 1) - 1))
                /* RSW, bits 9:8: reserved for software, hardware ignores them */
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_FLAGS_MASK ((1u << MMCOSIM_SV32_PTE_PPN_SHIFT) - 1)

#define PTE_PPN_SHIFT MMCOSIM_SV32_PTE_PPN_SHIFT
#define PTE_PPN_BITS  MMCOSIM_SV32_PPN_BITS /* 22: physical addresses of 34 bits */

/* Physical address <-> PTE PPN field (64-bit: Sv32 reaches 16 GiB). */
#define PA2PTE(pa)  ((uint32_t)(((uint64_t)(pa) >> PGSHIFT) << PTE_PPN_SHIFT))
#define PTE2PA(pte) ((uint64_t)((uint32_t)(pte) >> PTE_PPN_SHIFT) << PGSHIFT)
#define PTE_IS_LEAF(pte) (((pte) & PTE_RWX) != 0)

/* ---- satp ---- */
#define SATP_MODE_SV32  (1u << MMCOSIM_SV32_SATP_MODE_BIT)
#define SATP_PPN_BITS   MMCOSIM_SV32_SATP_ASID_LSB /* PPN [21:0] */
#define SATP_PPN_MASK   ((1u << SATP_PPN_BITS) - 1)
#define SATP_ASID_SHIFT MMCOSIM_SV32_SATP_ASID_LSB /* ASID [30:22] */
#define SATP_ASID_BITS  MMCOSIM_SV32_ASID_BITS
#define SATP_ASID_MASK  ((1u << SATP_ASID_BITS) - 1)

/* ---- menvcfg (RV32: menvcfgh holds bits 63:32) ---- */
#define CSR_MENVCFG  0x30a
#define CSR_MENVCFGH 0x31a
#define MENVCFGH_ADUE (1u << 29) /* menvcfg bit 61: hardware A/D updates (Svadu) */

/* Permissions vm_kernel_root() (vm_env.h) gives DRAM and the devices. */
#define VM_KERNEL_RAM  (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define VM_KERNEL_MMIO (PTE_R | PTE_W | PTE_A | PTE_D)

/* Returns satp for Sv32 with root table `root` (at its physical address) and address space `asid`. */
static inline uint32_t vm_satp(const void *root, uint32_t asid) {
  return SATP_MODE_SV32 | ((asid & SATP_ASID_MASK) << SATP_ASID_SHIFT) |
         ((uint32_t)((uintptr_t)root >> PGSHIFT) & SATP_PPN_MASK);
}

/* ---- SFENCE.VMA, the four forms (decided by register index) ---- */
static inline void sfence_vma_all(void) {
  __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}
static inline void sfence_vma_va(uint32_t va) {
  __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}
static inline void sfence_vma_asid(uint32_t asid) {
  __asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}
static inline void sfence_vma_va_asid(uint32_t va, uint32_t asid) {
  __asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}

#endif /* FW_VM_H */
