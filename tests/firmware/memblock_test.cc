// memblock_test.cc -- firmware/mm/memblock.c on the host: adding and
// merging regions, reserve/free, top-down aligned allocation, free-range
// iteration, argument errors and the memblock=debug dump.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "mm_host.h"

extern "C" {
#include "memblock.h"
#include "mm_errno.h"
}

namespace {

constexpr phys_addr_t kBase = 0x80000000u;
constexpr phys_addr_t kMiB = 1u << 20;

using Ranges = std::vector<std::pair<phys_addr_t, phys_addr_t>>;  // [base, end)

Ranges regions(const memblock_type &t) {
  Ranges r;
  for (unsigned long i = 0; i < t.cnt; i++)
    r.emplace_back(t.regions[i].base, t.regions[i].base + t.regions[i].size);
  return r;
}

Ranges free_ranges() {
  Ranges r;
  unsigned long i;
  phys_addr_t s, e;
  for_each_free_mem_range(i, &s, &e) r.emplace_back(s, e);
  return r;
}

class Memblock : public ::testing::Test {
 protected:
  void SetUp() override {
    memblock_init();
    mm_host::output.clear();
  }
};

TEST_F(Memblock, AddKeepsRegionsSortedAndMergesOverlapAndNeighbours) {
  ASSERT_EQ(memblock_add(kBase + 8 * kMiB, kMiB), 0);
  ASSERT_EQ(memblock_add(kBase, kMiB), 0);
  ASSERT_EQ(memblock_add(kBase + 4 * kMiB, kMiB), 0);
  EXPECT_EQ(regions(memblock.memory),
            (Ranges{{kBase, kBase + kMiB},
                    {kBase + 4 * kMiB, kBase + 5 * kMiB},
                    {kBase + 8 * kMiB, kBase + 9 * kMiB}}));
  // touching the first, overlapping the second
  ASSERT_EQ(memblock_add(kBase + kMiB, 3 * kMiB + kMiB / 2), 0);
  EXPECT_EQ(regions(memblock.memory),
            (Ranges{{kBase, kBase + 5 * kMiB}, {kBase + 8 * kMiB, kBase + 9 * kMiB}}));
  // covering everything
  ASSERT_EQ(memblock_add(kBase - kMiB, 11 * kMiB), 0);
  EXPECT_EQ(regions(memblock.memory), (Ranges{{kBase - kMiB, kBase + 10 * kMiB}}));
  EXPECT_EQ(memblock_phys_mem_size(), 11 * kMiB);
  EXPECT_EQ(memblock_start_of_DRAM(), kBase - kMiB);
  EXPECT_EQ(memblock_end_of_DRAM(), kBase + 10 * kMiB);
}

TEST_F(Memblock, ReserveAndFreeSplitRegions) {
  ASSERT_EQ(memblock_add(kBase, 16 * kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase, 4 * kMiB), 0);
  ASSERT_EQ(memblock_free(kBase + kMiB, kMiB), 0);  // middle: splits
  EXPECT_EQ(regions(memblock.reserved),
            (Ranges{{kBase, kBase + kMiB}, {kBase + 2 * kMiB, kBase + 4 * kMiB}}));
  EXPECT_EQ(memblock_reserved_size(), 3 * kMiB);
  EXPECT_TRUE(memblock_is_region_reserved(kBase + 2 * kMiB - 1, 2));
  EXPECT_FALSE(memblock_is_region_reserved(kBase + kMiB, kMiB));
  ASSERT_EQ(memblock_free(kBase + 3 * kMiB, 8 * kMiB), 0);  // trims the tail
  ASSERT_EQ(memblock_free(kBase + 12 * kMiB, kMiB), 0);     // not reserved: no-op
  EXPECT_EQ(regions(memblock.reserved),
            (Ranges{{kBase, kBase + kMiB}, {kBase + 2 * kMiB, kBase + 3 * kMiB}}));
  ASSERT_EQ(memblock_remove(kBase + 15 * kMiB, kMiB), 0);
  EXPECT_EQ(regions(memblock.memory), (Ranges{{kBase, kBase + 15 * kMiB}}));
}

TEST_F(Memblock, FreeRangesAreMemoryMinusReservedBothDirections) {
  ASSERT_EQ(memblock_add(kBase, 8 * kMiB), 0);
  ASSERT_EQ(memblock_add(kBase + 16 * kMiB, 4 * kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase, kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase + 7 * kMiB, 10 * kMiB), 0);  // spans the hole
  Ranges want{{kBase + kMiB, kBase + 7 * kMiB}, {kBase + 17 * kMiB, kBase + 20 * kMiB}};
  EXPECT_EQ(free_ranges(), want);
  Ranges rev;
  unsigned long i;
  phys_addr_t s, e;
  for_each_free_mem_range_reverse(i, &s, &e) rev.emplace_back(s, e);
  EXPECT_EQ(rev, (Ranges{want[1], want[0]}));
}

TEST_F(Memblock, PhysAllocIsTopDownAlignedAndReserves) {
  ASSERT_EQ(memblock_add(kBase, 8 * kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase + 8 * kMiB - 0x1800, 0x1800), 0);  // "stack"
  phys_addr_t a = memblock_phys_alloc(0x100, 0x1000);
  EXPECT_EQ(a, kBase + 8 * kMiB - 0x2000);  // highest 4 KiB-aligned fit
  phys_addr_t b = memblock_phys_alloc(0x3000, 0x10000);
  EXPECT_EQ(b, kBase + 7 * kMiB + 0xf0000);  // 8 MiB - 0x5000 rounded down
  EXPECT_EQ(b % 0x10000, 0u);
  EXPECT_TRUE(memblock_is_region_reserved(a, 0x100));
  EXPECT_TRUE(memblock_is_region_reserved(b, 0x3000));
  // too large for any free range
  EXPECT_EQ(memblock_phys_alloc(8 * kMiB, 0x1000), 0u);
  // exactly the remaining low range fits
  phys_addr_t c = memblock_phys_alloc(b - kBase, 0x1000);
  EXPECT_EQ(c, kBase);
}

TEST_F(Memblock, PhysAllocSkipsTooSmallHighRanges) {
  ASSERT_EQ(memblock_add(kBase, 8 * kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase + kMiB, 7 * kMiB - 0x1000), 0);  // 4 KiB left on top
  phys_addr_t a = memblock_phys_alloc(0x2000, 0x1000);
  EXPECT_EQ(a, kBase + kMiB - 0x2000);
}

TEST_F(Memblock, BadArgumentsReturnErrorsAndLeaveTablesAlone) {
  EXPECT_EQ(memblock_add(kBase, 0), -EINVAL);
  EXPECT_EQ(memblock_reserve(kBase, 0), -EINVAL);
  EXPECT_EQ(memblock_free(kBase, 0), -EINVAL);
  EXPECT_EQ(memblock_add(0xfff00000u, 0x200000u), -ERANGE);  // wraps
  EXPECT_EQ(memblock_add(0xfff00000u, 0x100000u), -ERANGE);  // ends at 4 GiB
  EXPECT_EQ(memblock.memory.cnt, 0u);
  ASSERT_EQ(memblock_add(kBase, 64 * kMiB), 0);
  EXPECT_EQ(memblock_phys_alloc(0, 0x1000), 0u);
  EXPECT_EQ(memblock_phys_alloc(0x1000, 0x3000), 0u);  // not a power of two
  EXPECT_EQ(memblock_phys_alloc(0x1000, 0), 0u);
  EXPECT_EQ(memblock.reserved.cnt, 0u);
}

TEST_F(Memblock, CapacityExceededReturnsEnomem) {
  ASSERT_EQ(memblock_add(kBase, 64 * kMiB), 0);
  for (unsigned i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
    ASSERT_EQ(memblock_reserve(kBase + 2 * i * 0x1000, 0x1000), 0) << i;
  EXPECT_EQ(memblock_reserve(kBase + 0x100000, 0x1000), -ENOMEM);
  // merging into an existing region needs no slot
  EXPECT_EQ(memblock_reserve(kBase + 0x1000, 0x1000), 0);
  EXPECT_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS - 1u);
  ASSERT_EQ(memblock_reserve(kBase + 0x100000, 0x1000), 0);
  // splitting a region in two would need a slot: refused, table unchanged
  Ranges before = regions(memblock.reserved);
  ASSERT_EQ(memblock_reserve(kBase + 0x200000, 0x3000), -ENOMEM);
  EXPECT_EQ(memblock_free(kBase + 0x1000, 0x1000), -ENOMEM);
  EXPECT_EQ(regions(memblock.reserved), before);
}

TEST_F(Memblock, DumpPrintsLinuxFormat) {
  ASSERT_EQ(memblock_add(kBase, 64 * kMiB), 0);
  ASSERT_EQ(memblock_reserve(kBase, 0x23000), 0);
  ASSERT_EQ(memblock_reserve(kBase + 64 * kMiB - 0x10000, 0x10000), 0);
  memblock_dump_all();
  EXPECT_EQ(mm_host::output,
            "MEMBLOCK configuration:\n"
            " memory size = 0x04000000 reserved size = 0x00033000\n"
            " memory.cnt  = 0x1\n"
            " memory[0x0]\t[0x80000000-0x83ffffff], 0x04000000 bytes flags: 0x0\n"
            " reserved.cnt  = 0x2\n"
            " reserved[0x0]\t[0x80000000-0x80022fff], 0x00023000 bytes flags: 0x0\n"
            " reserved[0x1]\t[0x83ff0000-0x83ffffff], 0x00010000 bytes flags: 0x0\n");
}

}  // namespace
