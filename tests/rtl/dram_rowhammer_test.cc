// RowHammer in the DRAM cells (rtl/dram/dram_cells.sv) with a small
// threshold and a blast radius of 2 (config test-rowhammer): an aggressor
// row activated threshold - 1 times flips nothing; the threshold-th ACT
// flips the bits the documented rule names (model/dram hammer_flip) in
// each neighbour within the radius, on the RTL exactly as in the C++
// reference; an ACT or a refresh of a victim restarts its count;
// dram.rowhammer.* count what happened.
#include <cstdio>
#include <random>

#include "dram_harness.h"

using namespace mmcosim_test;
using dram::Request;

extern "C" void mmcosim_mem_register(unsigned int bytes) {
  g_dram.scope = svGetScope();
  g_dram.bytes = bytes;
}

namespace {

const dram::Params kP = dram_params();
static_assert(MMCOSIM_DRAM_ROWHAMMER_ENABLE == 1, "RowHammer tests need dram.rowhammer.enable");
static_assert(MMCOSIM_DRAM_ROWHAMMER_RADIUS == 2, "the tests below assume a blast radius of 2");
const unsigned kT = MMCOSIM_DRAM_ROWHAMMER_THRESHOLD;

uint32_t at(unsigned bank, unsigned row, unsigned col) {
  uint32_t b = bank;
  if (kP.addr_map == dram::kBankXor) b ^= row & (kP.banks - 1);
  return ((row * kP.banks + b) * kP.columns + col) * 4;
}
Request rd(uint32_t off, uint64_t not_before = 0) { return Request{false, off, 0, 0xf, not_before}; }

constexpr unsigned kBank = 2, kA = 1000, kFar = 1500;  // aggressor, a far row of its bank

// n reads of row `a` of bank kBank, each but the last followed by one of
// the far row, one at a time (FR-FCFS would serve queued reads of an open
// row together): a row conflict every time, n ACTs of a, n - 1 of kFar.
void hammer(DramHarness& h, dram::DramRef& ref, unsigned n, unsigned a = kA) {
  for (unsigned i = 0; i < n; ++i) {
    expect_agreement(h, ref, {rd(at(kBank, a, 0))}, "aggressor");
    if (i + 1 < n) expect_agreement(h, ref, {rd(at(kBank, kFar, 0))}, "far row");
  }
}

class DramRowHammerTest : public ::testing::Test {
 protected:
  void SetUp() override { ref.reset(DramHarness::kFirstLiveEdge); }
  // Words of row `row` of kBank that differ from 0 (the cells start at 0)
  // on the RTL (through the backdoor); each must read the same in the
  // reference.
  std::vector<std::pair<unsigned, uint32_t>> flipped(unsigned row) {
    std::vector<std::pair<unsigned, uint32_t>> out;
    for (unsigned c = 0; c < kP.columns; ++c) {
      const uint32_t v = h.peek(at(kBank, row, c));
      EXPECT_EQ(v, ref.peek(h.edge(), at(kBank, row, c))) << "row " << row << " col " << c;
      if (v) out.emplace_back(c, v);
    }
    return out;
  }
  void expect_counters() {
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_DISTURBANCES), ref.counts().rh_disturbances);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_VICTIMS), ref.counts().rh_victims);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_BITS_FLIPPED), ref.counts().rh_bits);
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

TEST_F(DramRowHammerTest, ThresholdMinusOneActivationsFlipNothing) {
  hammer(h, ref, kT - 1);
  for (unsigned r = kA - 3; r <= kA + 3; ++r) EXPECT_TRUE(flipped(r).empty()) << "row " << r;
  EXPECT_EQ(ref.counts().rh_victims, 0u);
  // every ACT of the aggressor and of the far row disturbs 4 rows
  EXPECT_EQ(ref.counts().act, 2u * (kT - 1) - 1);
  EXPECT_EQ(ref.counts().rh_disturbances, 4u * (2 * (kT - 1) - 1));
  expect_counters();
}

TEST_F(DramRowHammerTest, ThresholdActivationsFlipTheRuleBitsInEachNeighbour) {
  hammer(h, ref, kT);
  // Victims in the rule's order: a-1, a+1, a-2, a+2; the n-th flip of the device.
  const unsigned victims[] = {kA - 1, kA + 1, kA - 2, kA + 2};
  for (unsigned n = 0; n < 4; ++n) {
    const dram::Flip f = dram::hammer_flip(kP, n);
    auto got = flipped(victims[n]);
    ASSERT_EQ(got.size(), 1u) << "row " << victims[n];
    EXPECT_EQ(got[0].first, f.col) << "row " << victims[n];
    EXPECT_EQ(got[0].second, f.mask) << "row " << victims[n];
    EXPECT_EQ(__builtin_popcount(got[0].second), int(kP.rh_bits));
  }
  for (unsigned r : {kA - 3, kA + 3, kA}) EXPECT_TRUE(flipped(r).empty()) << "row " << r;
  EXPECT_EQ(ref.counts().rh_victims, 4u);
  EXPECT_EQ(ref.counts().rh_bits, 4u * kP.rh_bits);
  expect_counters();
}

TEST_F(DramRowHammerTest, AnActOfTheVictimRestartsItsCount) {
  hammer(h, ref, kT - 1);
  // Open victim a+1 (resets it; disturbs a, a+2, a-1, a+3), then a again.
  expect_agreement(h, ref, {rd(at(kBank, kA + 1, 0))}, "victim");
  expect_agreement(h, ref, {rd(at(kBank, kA, 0))}, "aggressor");
  EXPECT_TRUE(flipped(kA + 1).empty()) << "a+1 was activated: its count restarted";
  EXPECT_FALSE(flipped(kA - 1).empty()) << "a-1 reached the threshold";
  for (unsigned r = kA - 3; r <= kA + 3; ++r) flipped(r);  // RTL = reference everywhere
  expect_counters();
}

TEST_F(DramRowHammerTest, RefreshOfTheVictimsRestartsTheirCounts) {
  ASSERT_EQ(kP.rows_per_ref, 1u);
  // Aggressor row 3: victims 1, 2, 4, 5.  REFs walk rows 0, 1, 2, ... one
  // per tREFI; after seven REFs rows 0..6 are refreshed.
  hammer(h, ref, kT - 1, 3);
  const uint64_t later = h.edge() + 8 * uint64_t(kP.refi);
  h.idle_until(later);
  ref.idle_until(later);
  EXPECT_GE(ref.counts().ref, 7u);
  expect_agreement(h, ref, {rd(at(kBank, 3, 0))}, "one more ACT");
  for (unsigned r = 1; r <= 5; ++r) EXPECT_TRUE(flipped(r).empty()) << "row " << r;
  EXPECT_EQ(ref.counts().rh_victims, 0u);
  expect_counters();
}

TEST_F(DramRowHammerTest, AgreesOnARandomHammeringStream) {
  std::mt19937 rng(15);
  std::vector<Request> s;
  for (int i = 0; i < 600; ++i) {
    const unsigned bank = rng() % 2, row = 200 + rng() % 6;
    s.push_back(rd(at(bank, row, rng() % kP.columns)));
  }
  expect_agreement(h, ref, s, "random hammering");
  EXPECT_GT(ref.counts().rh_victims, 10u);
  for (unsigned bank = 0; bank < 2; ++bank) {
    for (unsigned row = 196; row <= 209; ++row) {
      for (unsigned c = 0; c < kP.columns; ++c)
        ASSERT_EQ(h.peek(at(bank, row, c)), ref.peek(h.edge(), at(bank, row, c)))
            << "bank " << bank << " row " << row << " col " << c;
    }
  }
  expect_counters();
  std::printf("random hammering: %llu disturbances, %llu victims, %llu bits flipped\n",
              (unsigned long long)ref.counts().rh_disturbances,
              (unsigned long long)ref.counts().rh_victims, (unsigned long long)ref.counts().rh_bits);
}

}  // namespace
