// mm_arena.h -- the fixture the zone and CMA suites share: a 64 MiB
// "DRAM" arena (page-aligned malloc'ed buffer at the config's DRAM base)
// with a kernel image reserved at the base and a stack at the top, booted
// through memblock into the page allocator.  The config's zone_dma_bytes
// and cma_bytes apply unless a test changes them before Boot.
#ifndef TESTS_FIRMWARE_MM_ARENA_H
#define TESTS_FIRMWARE_MM_ARENA_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "mm_host.h"

extern "C" {
#include "cma.h"
#include "memblock.h"
#include "page_alloc.h"
}

class MmArena : public ::testing::Test {
 protected:
  static constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
  static constexpr phys_addr_t kImage = 0x23000;  // "kernel image" at the base
  static constexpr phys_addr_t kStack = 0x10000;  // "stack" at the top

  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    memblock_init();
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
    ASSERT_EQ(memblock_reserve(kBase + kSize - kStack, kStack), 0);
    set_linear_map(kBase, dram_);
  }
  void TearDown() override {
    zone_dma_bytes = MMCOSIM_MM_ZONE_DMA_BYTES;
    cma_reserve_bytes = MMCOSIM_MM_CMA_BYTES;
    min_free_kbytes = 1024;
    std::free(dram_);
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

  unsigned char *dram_ = nullptr;
};

#endif  // TESTS_FIRMWARE_MM_ARENA_H
