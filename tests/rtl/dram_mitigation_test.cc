// RowHammer mitigations of the controller (rtl/dram/dram_mitig.sv) on
// configuration test-mitigation (threshold 64, radius 1), one binary per
// variant: none (-GPara=0 -GTrrThreshold=0), PARA alone, TRR alone, and
// ECC alone (-GEcc=1).  A double-sided hammer (rows a-1 and a+1 of one
// bank, a row conflict each time) flips bits in row a without a mitigation
// and none with PARA or TRR; with ECC the cells flip but every read comes
// back corrected;
// every command -- the mitigations' extra ACTs included -- every ack, the
// cells of the rows around and dram.rowhammer.* agree with the reference.
#include <cstdio>

#include "dram_harness.h"

using namespace mmcosim_test;
using dram::Request;

extern "C" void mmcosim_mem_register(unsigned int bytes) {
  g_dram.scope = svGetScope();
  g_dram.bytes = bytes;
}

namespace {

const dram::Params kP = dram_params();
static_assert(MMCOSIM_DRAM_ROWHAMMER_ENABLE == 1, "mitigation tests need RowHammer on");
const unsigned kT = MMCOSIM_DRAM_ROWHAMMER_THRESHOLD;
constexpr unsigned kBank = 2, kA = 700;  // victim row; aggressors kA - 1 and kA + 1

uint32_t at(unsigned bank, unsigned row, unsigned col) {
  uint32_t b = bank;
  if (kP.addr_map == dram::kBankXor) b ^= row & (kP.banks - 1);
  return ((row * kP.banks + b) * kP.columns + col) * 4;
}
Request rd(uint32_t off) { return Request{false, off, 0, 0xf, 0}; }

class DramMitigationTest : public ::testing::Test {
 protected:
  void SetUp() override { ref.reset(DramHarness::kFirstLiveEdge); }
  // `rounds` reads of a-1 then a+1, one at a time (FR-FCFS would serve
  // queued reads of the open row first): an ACT for every read.
  void hammer(unsigned rounds) {
    for (unsigned i = 0; i < rounds; ++i) {
      expect_agreement(h, ref, {rd(at(kBank, kA - 1, i % kP.columns))}, "aggressor a-1");
      expect_agreement(h, ref, {rd(at(kBank, kA + 1, i % kP.columns))}, "aggressor a+1");
    }
  }
  // Words that differ from 0 in rows a-3 .. a+3 (RTL = reference checked).
  unsigned flipped_words() {
    unsigned n = 0;
    for (unsigned r = kA - 3; r <= kA + 3; ++r) {
      for (unsigned c = 0; c < kP.columns; ++c) {
        const uint32_t v = h.peek(at(kBank, r, c));
        EXPECT_EQ(v, ref.peek(h.edge(), at(kBank, r, c))) << "row " << r << " col " << c;
        n += v != 0;
      }
    }
    return n;
  }
  void expect_counters() {
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_VICTIMS), ref.counts().rh_victims);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_PARA_ACTS), ref.counts().para_acts);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_TRR_ACTS), ref.counts().trr_acts);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROWHAMMER_MITIGATION_DROPPED),
              ref.counts().mit_dropped);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ACT), ref.counts().act);
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

// 8 x threshold ACTs of each aggressor: the victim is disturbed 16 x.
TEST_F(DramMitigationTest, DoubleSidedHammer) {
  const unsigned rounds = 8 * kT;
  const uint64_t t0 = h.edge();
  hammer(rounds);
  const unsigned flips = flipped_words();
  std::printf("variant para=%u trr=%u: %u ACTs of each aggressor in %llu cycles, %llu ACTs, "
              "PARA %llu, TRR %llu, victims %llu, words flipped %u\n",
              kP.para, kP.trr_threshold, rounds, (unsigned long long)(h.edge() - t0),
              (unsigned long long)ref.counts().act, (unsigned long long)ref.counts().para_acts,
              (unsigned long long)ref.counts().trr_acts, (unsigned long long)ref.counts().rh_victims,
              flips);
  if (kP.para == 0 && kP.trr_threshold == 0) {
    EXPECT_GT(ref.counts().rh_victims, 0u) << "no mitigation: the victim flips";
    EXPECT_GT(flips, 0u);
    EXPECT_EQ(ref.counts().act, 2u * rounds);
    // read every word of the rows around through the bus: wrong without
    // ECC, corrected (and counted once per flipped word) with it
    unsigned wrong = 0;
    for (unsigned r = kA - 3; r <= kA + 3; ++r) {
      if (r == kA - 1 || r == kA + 1) continue;
      std::vector<Request> s;
      for (unsigned c = 0; c < kP.columns; ++c) s.push_back(rd(at(kBank, r, c)));
      for (const dram::Completion& c : expect_agreement(h, ref, s, "read back")) {
        EXPECT_FALSE(c.err);
        wrong += c.rdata != 0;
      }
    }
    std::printf("variant ecc=%u: words read wrong %u, corrected %llu\n", kP.ecc, wrong,
                (unsigned long long)ref.counts().ecc_corrected);
    if (kP.ecc) {
      EXPECT_EQ(wrong, 0u);
      EXPECT_EQ(ref.counts().ecc_corrected, flips);
    } else {
      EXPECT_EQ(wrong, flips);
    }
  } else {
    EXPECT_EQ(ref.counts().rh_victims, 0u) << "a mitigation keeps every victim below the threshold";
    EXPECT_EQ(flips, 0u);
    EXPECT_GT(ref.counts().act, 2u * rounds) << "the mitigation's own ACTs";
  }
  if (kP.para) EXPECT_GT(ref.counts().para_acts, 0u);
  else EXPECT_EQ(ref.counts().para_acts, 0u);
  if (kP.trr_threshold) {
    // each aggressor reaches the threshold every trr_threshold ACTs
    EXPECT_GE(ref.counts().trr_acts, 2u * (rounds / kP.trr_threshold) - 2);
  } else {
    EXPECT_EQ(ref.counts().trr_acts, 0u);
  }
  expect_counters();
}

// The cost: a random read stream over 64 rows of two banks (a row
// conflict most of the time, so that rows close often and PARA draws
// often), its cycles against the variant without mitigation (bench-hammer
// compares them).
TEST_F(DramMitigationTest, RandomReadBandwidth) {
  uint32_t x = 777;
  std::vector<Request> s;
  for (int i = 0; i < 2000; ++i) {
    x = x * 1103515245u + 12345u;
    s.push_back(rd(at((x >> 8) % 2, 100 + (x >> 12) % 64, (x >> 20) % kP.columns)));
  }
  const uint64_t t0 = h.edge();
  auto done = expect_agreement(h, ref, s, "random reads");
  const uint64_t cycles = done.back().ack - t0;
  std::printf("random reads: %zu in %llu cycles, %.4f bytes/cycle, ACTs %llu, PARA %llu, TRR %llu\n",
              s.size(), (unsigned long long)cycles, 4.0 * double(s.size()) / double(cycles),
              (unsigned long long)ref.counts().act, (unsigned long long)ref.counts().para_acts,
              (unsigned long long)ref.counts().trr_acts);
  expect_counters();
}

// A stream over a few rows of two banks (random columns): the mitigations'
// ACTs interleave with requests, hits and refresh exactly as the reference
// schedules them.
TEST_F(DramMitigationTest, AgreesOnARandomStream) {
  uint32_t x = 12345;
  std::vector<Request> s;
  for (int i = 0; i < 800; ++i) {
    x = x * 1103515245u + 12345u;
    const unsigned bank = (x >> 8) % 2, row = 300 + (x >> 12) % 5;
    Request r = rd(at(bank, row, (x >> 20) % kP.columns));
    if ((x >> 4) % 4 == 0) r.we = true, r.wdata = x;
    s.push_back(r);
  }
  expect_agreement(h, ref, s, "random stream");
  expect_counters();
}

}  // namespace
