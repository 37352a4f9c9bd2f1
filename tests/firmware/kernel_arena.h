// kernel_arena.h -- a booted firmware mm on the host for the vmalloc, highmem
// and tlbflush suites: a page-aligned malloc'ed buffer stands in for the
// configured DRAM, memblock gets it (less a "kernel image" at the base and
// a stack at the top), the kernel page directory (init_mm.pgd) is a page
// of the arena, lowmem is computed (find_low_pfn_range), then
// mm_core_init(), kmem_cache_init() and vmalloc_init() run and the
// recorded SFENCEs are cleared.  Translate() walks init_mm's tables with
// the Sv32 golden model (model/mmu/sv32.h) reading the arena's bytes.
#ifndef TESTS_FIRMWARE_KERNEL_ARENA_H
#define TESTS_FIRMWARE_KERNEL_ARENA_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "mm_host.h"
#include "sv32.h"
#include "tlbflush_host.h"

extern "C" {
#include "highmem.h"
#include "memblock.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "slab.h"
#include "vmalloc.h"
}

class KernelArena : public ::testing::Test {
 protected:
  static constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
  static constexpr phys_addr_t kImage = 0x40000;  // "kernel image" at the base
  static constexpr phys_addr_t kStack = 0x10000;  // "boot stack" at the top

  // The arena as the golden model's physical memory (kernel mappings carry
  // A and D, so a walk never writes).
  class ArenaMem : public mmcosim::sv32::PhysMem {
   public:
    explicit ArenaMem(const unsigned char *dram) : dram_(dram) {}
    bool read_pte(uint64_t pa, uint32_t *value) override {
      if (pa < kBase || pa + 4 > uint64_t{kBase} + kSize) return false;
      std::memcpy(value, dram_ + (pa - kBase), 4);
      return true;
    }
    bool cas_pte(uint64_t, uint32_t, uint32_t, uint32_t *) override { return false; }

   private:
    const unsigned char *dram_;
  };

  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    highmem_start_pfn = ~0ul;  // no highmem until a test's kmap_init
    memblock_init();
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
    ASSERT_EQ(memblock_reserve(kBase + kSize - kStack, kStack), 0);
    set_linear_map(kBase, dram_);
    find_low_pfn_range();
    pgd_pa_ = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
    ASSERT_NE(pgd_pa_, 0u);
    std::memset(__va(pgd_pa_), 0, PAGE_SIZE);
    init_mm.pgd = static_cast<pgd_t *>(__va(pgd_pa_));
    mm_core_init();
    kmem_cache_init();
    vmalloc_init();
    tlbflush_host::Reset();
  }
  void TearDown() override { std::free(dram_); }

  // Supervisor access `a` to kernel virtual address `va` through init_mm.
  mmcosim::sv32::Result Translate(unsigned long va, mmcosim::sv32::Access a) const {
    mmcosim::sv32::Context ctx;
    ctx.satp = mmcosim::sv32::make_satp(PHYS_PFN(pgd_pa_), 0);
    ctx.priv = mmcosim::sv32::kPrivS;
    ArenaMem mem(dram_);
    return mmcosim::sv32::translate(ctx, static_cast<uint32_t>(va), a, mem);
  }

  // The physical address a supervisor load from `va` reaches, 0 on a fault.
  uint64_t LoadPa(unsigned long va) const {
    mmcosim::sv32::Result r = Translate(va, mmcosim::sv32::Access::kLoad);
    return r.fault ? 0 : r.pa;
  }

  unsigned char *dram_ = nullptr;
  phys_addr_t pgd_pa_ = 0;
};

#endif  // TESTS_FIRMWARE_KERNEL_ARENA_H
