// mm_arena.h -- a booted firmware mm on the host for the vmalloc, highmem
// and tlbflush suites: a page-aligned malloc'ed buffer stands in for the
// configured DRAM, memblock gets it (less a "kernel image" at the base and
// a stack at the top), then mm_core_init() and kmem_cache_init() run and
// the recorded SFENCEs are cleared.
#ifndef TESTS_FIRMWARE_MM_ARENA_H
#define TESTS_FIRMWARE_MM_ARENA_H

#include <gtest/gtest.h>

#include <cstdlib>

#include "mm_host.h"
#include "tlbflush_host.h"

extern "C" {
#include "memblock.h"
#include "page_alloc.h"
#include "slab.h"
}

class MmArena : public ::testing::Test {
 protected:
  static constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
  static constexpr phys_addr_t kImage = 0x40000;  // "kernel image" at the base
  static constexpr phys_addr_t kStack = 0x10000;  // "boot stack" at the top

  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    memblock_init();
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
    ASSERT_EQ(memblock_reserve(kBase + kSize - kStack, kStack), 0);
    set_linear_map(kBase, dram_);
    mm_core_init();
    kmem_cache_init();
    tlbflush_host::Reset();
  }
  void TearDown() override { std::free(dram_); }

  unsigned char *dram_ = nullptr;
};

#endif  // TESTS_FIRMWARE_MM_ARENA_H
