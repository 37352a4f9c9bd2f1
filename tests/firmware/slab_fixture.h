// slab_fixture.h -- the GoogleTest fixture of the firmware/mm slab suites
// (slab_test.cc, slub_debug_test.cc): a malloc'ed DRAM stand-in brought up
// through memblock, the buddy allocator and kmem_cache_init, with the free
// page count after set-up in free0_.
#ifndef TESTS_FIRMWARE_SLAB_FIXTURE_H
#define TESTS_FIRMWARE_SLAB_FIXTURE_H

#include <gtest/gtest.h>

#include <cstdlib>

#include "mm_host.h"

extern "C" {
#include "internal.h"
#include "memblock.h"
#include "page_alloc.h"
#include "slab.h"
}

namespace slab_fixture {

constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
constexpr phys_addr_t kImage = 0x23000;  // "kernel image" reserved at the base

inline unsigned long list_length(const list_head *head) {
  unsigned long n = 0;
  for (const list_head *p = head->next; p != head; p = p->next) n++;
  return n;
}

// Every test starts with slub_debug = SLAB_DEBUG_FLAGS (CONFIG_SLUB_DEBUG).
class Slab : public ::testing::Test {
 protected:
  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    ASSERT_NE(dram_, nullptr);
    mm_host::output.clear();
    memblock_init();
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    ASSERT_EQ(memblock_reserve(kBase, kImage), 0);
    ASSERT_EQ(memblock_reserve(kBase + kSize - 0x10000, 0x10000), 0);
    set_linear_map(kBase, dram_);
    mm_core_init();
    slub_debug = SLAB_DEBUG_FLAGS;  // a test may have cleared it
    kmem_cache_init();
    mm_host::output.clear();  // the boot lines (zone ranges, CMA): tests read only their own
    free0_ = FreePages();
  }
  void TearDown() override { std::free(dram_); }

  // Free pages in the buddy after draining the per-CPU lists.
  static unsigned long FreePages() {
    drain_local_pages(nullptr);
    return nr_free_pages();
  }

  // Shrinks every cache (the empty slab each may keep goes back too).
  static void ShrinkAll() {
    for (list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
      kmem_cache_shrink(list_entry(p, kmem_cache, list));
  }

  unsigned char *dram_ = nullptr;
  unsigned long free0_ = 0;
};

}  // namespace slab_fixture

#endif  // TESTS_FIRMWARE_SLAB_FIXTURE_H
