// PMP golden model (model/mmu/pmp.h): each address-matching mode, the L
// bit and M mode, the no-match rules, partial matches, priority and the
// pmpcfg/pmpaddr WARL rules.
#include "pmp.h"

#include <gtest/gtest.h>

namespace mmcosim::sv32 {
namespace {

constexpr unsigned kU = 0, kS = 1, kM = 3;
constexpr uint64_t kDram = 0x80000000ull;

// pmpcfg byte for entry `i` of a pmpcfg register.
uint32_t cfg_byte(unsigned i, uint8_t v) { return uint32_t{v} << (8 * (i % 4)); }
uint8_t napot_cfg(uint8_t rwx) { return rwx | (Pmp::kNapot << Pmp::kAShift); }
// pmpaddr of a NAPOT region of `size` bytes at `base`.
uint32_t napot(uint64_t base, uint64_t size) {
  return static_cast<uint32_t>((base | (size / 2 - 1)) >> 2);
}

TEST(PmpTest, ResetDeniesSAndUButNotM) {
  Pmp pmp(16, 4);
  EXPECT_TRUE(pmp.check(kDram, 4, Access::kLoad, kM));
  EXPECT_FALSE(pmp.check(kDram, 4, Access::kLoad, kS));
  EXPECT_FALSE(pmp.check(kDram, 4, Access::kFetch, kU));
  Pmp none(0, 4);  // no entry implemented: everything passes
  EXPECT_TRUE(none.check(kDram, 4, Access::kStore, kU));
}

TEST(PmpTest, NapotAllMemoryAsOpenSbiDoes) {
  Pmp pmp(16, 4);
  pmp.write_pmpaddr(0, 0xffffffffu);
  pmp.write_pmpcfg(0, napot_cfg(Pmp::kR | Pmp::kW | Pmp::kX));
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    EXPECT_TRUE(pmp.check(kDram, 4, a, kS));
    EXPECT_TRUE(pmp.check(0x3fffffffcull, 4, a, kU));  // top of 34 bits
  }
}

TEST(PmpTest, TorNa4AndNapotRanges) {
  Pmp pmp(16, 4);
  // 0: TOR [0x8000_1000, 0x8000_2000) R only (entry 0's address is the
  // lower bound of entry 1)
  pmp.write_pmpaddr(0, static_cast<uint32_t>((kDram + 0x1000) >> 2));
  pmp.write_pmpaddr(1, static_cast<uint32_t>((kDram + 0x2000) >> 2));
  // 2: NA4 at 0x8000_3000 W+R; 3: NAPOT 4 KiB at 0x8000_4000 X
  pmp.write_pmpaddr(2, static_cast<uint32_t>((kDram + 0x3000) >> 2));
  pmp.write_pmpaddr(3, napot(kDram + 0x4000, 0x1000));
  pmp.write_pmpcfg(0, cfg_byte(1, Pmp::kR | (Pmp::kTor << Pmp::kAShift)) |
                          cfg_byte(2, Pmp::kR | Pmp::kW | (Pmp::kNa4 << Pmp::kAShift)) |
                          cfg_byte(3, napot_cfg(Pmp::kX)));
  int e = 0;
  EXPECT_TRUE(pmp.check(kDram + 0x1000, 4, Access::kLoad, kS, &e));
  EXPECT_EQ(e, 1);
  EXPECT_FALSE(pmp.check(kDram + 0x1ffc, 4, Access::kStore, kS));
  EXPECT_FALSE(pmp.check(kDram + 0x2000, 4, Access::kLoad, kS, &e));  // past TOR top
  EXPECT_EQ(e, -1);
  EXPECT_FALSE(pmp.check(kDram + 0x0ffc, 4, Access::kLoad, kS));  // below
  EXPECT_TRUE(pmp.check(kDram + 0x3000, 4, Access::kStore, kU));
  EXPECT_TRUE(pmp.check(kDram + 0x3002, 2, Access::kLoad, kU));
  EXPECT_FALSE(pmp.check(kDram + 0x3004, 1, Access::kLoad, kU));
  EXPECT_TRUE(pmp.check(kDram + 0x4ffc, 4, Access::kFetch, kU));
  EXPECT_FALSE(pmp.check(kDram + 0x4000, 4, Access::kLoad, kU));
  EXPECT_FALSE(pmp.check(kDram + 0x5000, 4, Access::kFetch, kU));
  // M passes unlocked entries whatever their permissions
  EXPECT_TRUE(pmp.check(kDram + 0x4000, 4, Access::kStore, kM));
}

TEST(PmpTest, PartialMatchFailsAndLowestEntryWins) {
  Pmp pmp(16, 4);
  pmp.write_pmpaddr(0, napot(kDram, 8));          // 8 bytes, no permission
  pmp.write_pmpaddr(1, napot(kDram, 0x10000));    // 64 KiB RWX
  pmp.write_pmpcfg(0, cfg_byte(0, napot_cfg(0)) |
                          cfg_byte(1, napot_cfg(Pmp::kR | Pmp::kW | Pmp::kX)));
  int e = -1;
  EXPECT_FALSE(pmp.check(kDram + 4, 4, Access::kLoad, kS, &e));
  EXPECT_EQ(e, 0);  // entry 0 decides though entry 1 would allow
  EXPECT_TRUE(pmp.check(kDram + 8, 4, Access::kLoad, kS, &e));
  EXPECT_EQ(e, 1);
  // A word across the end of entry 0 matches it partly: it fails, even in M.
  pmp.write_pmpcfg(0, cfg_byte(0, napot_cfg(Pmp::kR)) |
                          cfg_byte(1, napot_cfg(Pmp::kR | Pmp::kW | Pmp::kX)));
  EXPECT_FALSE(pmp.check(kDram + 6, 4, Access::kLoad, kM));
}

TEST(PmpTest, LockedEntryBindsMAndIgnoresWrites) {
  Pmp pmp(16, 4);
  pmp.write_pmpaddr(0, napot(kDram, 0x1000));
  pmp.write_pmpcfg(0, napot_cfg(Pmp::kR) | Pmp::kL);
  EXPECT_TRUE(pmp.check(kDram, 4, Access::kLoad, kM));
  EXPECT_FALSE(pmp.check(kDram, 4, Access::kStore, kM));
  EXPECT_FALSE(pmp.check(kDram, 4, Access::kFetch, kM));
  pmp.write_pmpcfg(0, 0);
  pmp.write_pmpaddr(0, 0);
  EXPECT_EQ(pmp.read_pmpcfg(0) & 0xff, napot_cfg(Pmp::kR) | Pmp::kL);
  EXPECT_EQ(pmp.read_pmpaddr(0), napot(kDram, 0x1000));
  // A locked TOR entry also locks the pmpaddr below it.
  pmp.write_pmpaddr(2, 0x100);
  pmp.write_pmpaddr(3, 0x200);
  pmp.write_pmpcfg(0, cfg_byte(3, Pmp::kL | (Pmp::kTor << Pmp::kAShift)));
  pmp.write_pmpaddr(2, 0x180);
  EXPECT_EQ(pmp.read_pmpaddr(2), 0x100u);
}

TEST(PmpTest, CfgWarlRules) {
  Pmp pmp(6, 4);
  pmp.write_pmpcfg(0, 0xffffffffu);
  // bits 6:5 read 0; all four entries locked now
  EXPECT_EQ(pmp.read_pmpcfg(0), 0x9f9f9f9fu);
  pmp.write_pmpcfg(1, cfg_byte(0, Pmp::kW) | cfg_byte(1, Pmp::kW | Pmp::kX) |
                          cfg_byte(2, 0xff));
  // W without R is reserved: W reads 0; entries 6, 7 are not implemented
  EXPECT_EQ(pmp.read_pmpcfg(1), cfg_byte(1, Pmp::kX));
  EXPECT_EQ(pmp.read_pmpcfg(2), 0u);
  pmp.write_pmpaddr(7, 0x1234);
  EXPECT_EQ(pmp.read_pmpaddr(7), 0u);
}

TEST(PmpTest, GranularityHidesLowAddressBitsAndNa4) {
  Pmp pmp(16, 4096);  // G = 10
  pmp.write_pmpaddr(0, 0x12345fffu);
  EXPECT_EQ(pmp.read_pmpaddr(0), 0x12345c00u);  // OFF: bits 9..0 read 0
  pmp.write_pmpcfg(0, napot_cfg(Pmp::kR));
  EXPECT_EQ(pmp.read_pmpaddr(0) & 0x1ffu, 0x1ffu);  // NAPOT: bits 8..0 read 1
  pmp.write_pmpcfg(0, Pmp::kR | (Pmp::kNa4 << Pmp::kAShift));
  EXPECT_EQ(pmp.read_pmpcfg(0), uint32_t{Pmp::kR});  // NA4 -> OFF
  // TOR works on grain boundaries
  pmp.write_pmpaddr(0, static_cast<uint32_t>((kDram + 0x2fff) >> 2));
  pmp.write_pmpcfg(0, Pmp::kR | (Pmp::kTor << Pmp::kAShift));
  EXPECT_TRUE(pmp.check(kDram + 0x1ffc, 4, Access::kLoad, kU));
  EXPECT_FALSE(pmp.check(kDram + 0x2000, 4, Access::kLoad, kU));
}

}  // namespace
}  // namespace mmcosim::sv32
