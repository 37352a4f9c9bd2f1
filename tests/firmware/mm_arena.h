// mm_arena.h -- the GoogleTest fixtures of the firmware/mm host suites, one
// boot sequence for all of them.  A page-aligned malloc'ed buffer stands
// in for the configured DRAM at its base address; memblock gets it, less a
// "kernel image" at the base and a "boot stack" at the top, and the mm's
// linear map points into it.  Then, by fixture:
//
//   MmArena      memblock only; Boot(low_bytes) brings up the zones (HighMem
//                above low_bytes) -- the zone and CMA suites
//   Slab         + mm_core_init, kmem_cache_init with slub_debug =
//                SLAB_DEBUG_FLAGS, free0_ -- the slab and slub_debug suites
//   KernelArena  + lowmem computed, init_mm.pgd a page of the arena,
//                mm_core_init, kmem_cache_init, vmalloc_init, recorded
//                SFENCEs cleared; Translate() walks init_mm with the Sv32
//                golden model -- the vmalloc, ioremap and highmem suites
#ifndef TESTS_FIRMWARE_MM_ARENA_H
#define TESTS_FIRMWARE_MM_ARENA_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "arena_mem.h"
#include "mm_host.h"
#include "tlbflush_host.h"

extern "C" {
#include "cma.h"
#include "highmem.h"
#include "internal.h"
#include "memblock.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "slab.h"
#include "vmalloc.h"
}

class MmArena : public ::testing::Test {
 protected:
  static constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
  static constexpr phys_addr_t kImage = 0x23000;  // "kernel image" at the base
  static constexpr phys_addr_t kStack = 0x10000;  // "stack" at the top

  void SetUp() override { BootDram(kImage); }
  void TearDown() override {
    zone_dma_bytes = MMCOSIM_MM_ZONE_DMA_BYTES;
    cma_reserve_bytes = MMCOSIM_MM_CMA_BYTES;
    min_free_kbytes = 1024;
    std::free(dram_);
  }

  // The arena, memblock over it with `image` bytes reserved at the base
  // and kStack at the top, the linear map into it.
  void BootDram(phys_addr_t image) {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    memblock_init();
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    ASSERT_EQ(memblock_reserve(kBase, image), 0);
    ASSERT_EQ(memblock_reserve(kBase + kSize - kStack, kStack), 0);
    set_linear_map(kBase, dram_);
  }

  // The allocator with lowmem up to `low_bytes` of DRAM (HighMem above).
  void Boot(phys_addr_t low_bytes = kSize) {
    mm_core_init_zones(PHYS_PFN(kBase) + PHYS_PFN(low_bytes));
  }

  static zone *Z(int idx) { return &contig_page_data.node_zones[idx]; }
  static unsigned long Free(int idx) { return zone_page_state(Z(idx), NR_FREE_PAGES); }

  // What printk printed since the last call.
  static std::string TakeOutput() {
    std::string s = mm_host::output;
    mm_host::output.clear();
    return s;
  }

  // Free pages in the buddy after draining the per-CPU lists.
  static unsigned long FreePages() {
    drain_local_pages(nullptr);
    return nr_free_pages();
  }

  unsigned char *dram_ = nullptr;
};

namespace slab_fixture {

inline unsigned long list_length(const list_head *head) {
  unsigned long n = 0;
  for (const list_head *p = head->next; p != head; p = p->next) n++;
  return n;
}

// Every test starts with slub_debug = SLAB_DEBUG_FLAGS (CONFIG_SLUB_DEBUG).
class Slab : public MmArena {
 protected:
  void SetUp() override {
    MmArena::SetUp();
    mm_core_init();
    slub_debug = SLAB_DEBUG_FLAGS;  // a test may have cleared it
    kmem_cache_init();
    mm_host::output.clear();  // the boot lines (zone ranges, CMA): tests read only their own
    free0_ = FreePages();
  }

  // Shrinks every cache (the empty slab each may keep goes back too).
  static void ShrinkAll() {
    for (list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
      kmem_cache_shrink(list_entry(p, kmem_cache, list));
  }

  unsigned long free0_ = 0;
};

}  // namespace slab_fixture

class KernelArena : public MmArena {
 protected:
  void SetUp() override {
    BootDram(0x40000);
    highmem_start_pfn = ~0ul;  // no highmem until a test's kmap_init
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

  // Supervisor access `a` to kernel virtual address `va` through init_mm.
  mmcosim::sv32::Result Translate(unsigned long va, mmcosim::sv32::Access a) const {
    return mm_host::TranslateKernel(dram_, kBase, kSize, pgd_pa_, static_cast<uint32_t>(va), a);
  }

  // The physical address a supervisor load from `va` reaches, 0 on a fault.
  uint64_t LoadPa(unsigned long va) const {
    mmcosim::sv32::Result r = Translate(va, mmcosim::sv32::Access::kLoad);
    return r.fault ? 0 : r.pa;
  }

  phys_addr_t pgd_pa_ = 0;
};

#endif  // TESTS_FIRMWARE_MM_ARENA_H
