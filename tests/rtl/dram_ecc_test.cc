// SEC-DED ECC in the DRAM cells (rtl/dram/dram_cells.sv; config test-ecc:
// RowHammer threshold 8, radius 2, refresh off, 50 us retention): the
// codec over every single- and double-bit error of a word (39 + 741 per
// word) on the RTL through the bus, against the C++ reference; RowHammer
// flips corrected on read and scrubbed back; a decayed row answered with a
// bus error; dram.ecc.* count exactly what happened.
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
static_assert(MMCOSIM_DRAM_ECC_ENABLE == 1, "ECC tests need dram.ecc.enable");
static_assert(MMCOSIM_DRAM_ROWHAMMER_RADIUS == 2, "the tests below assume a blast radius of 2");
static_assert(MMCOSIM_DRAM_REFRESH == 0, "the decay test needs refresh off");
const unsigned kT = MMCOSIM_DRAM_ROWHAMMER_THRESHOLD;
const uint32_t kWords[] = {0x00000000u, 0xffffffffu, 0xdeadbeefu, 0x00000001u, 0x80000000u,
                           0x5a5a5a5au};

uint32_t at(unsigned bank, unsigned row, unsigned col) {
  uint32_t b = bank;
  if (kP.addr_map == dram::kBankXor) b ^= row & (kP.banks - 1);
  return ((row * kP.banks + b) * kP.columns + col) * 4;
}
Request rd(uint32_t off) { return Request{false, off, 0, 0xf, 0}; }
Request wr(uint32_t off, uint32_t v) { return Request{true, off, v, 0xf, 0}; }

// A codeword error: bits 0..31 data, 32..38 check bits c0..c6.
void split(unsigned bit, uint32_t& dx, uint32_t& cx) {
  if (bit < 32) dx ^= 1u << bit;
  else cx ^= 1u << (bit - 32);
}

class DramEccTest : public ::testing::Test {
 protected:
  void SetUp() override { ref.reset(DramHarness::kFirstLiveEdge); }
  void poke(uint32_t off, uint32_t v) {
    h.poke(off, v);
    ref.poke(h.edge(), off, v);
  }
  void inject(uint32_t off, uint32_t dx, uint32_t cx) {
    h.inject(off, dx, cx);
    ref.inject(off, dx, uint8_t(cx));
  }
  dram::Completion read(uint32_t off, const char* what) {
    return expect_agreement(h, ref, {rd(off)}, what)[0];
  }
  void expect_counters() {
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ECC_CORRECTED), ref.counts().ecc_corrected);
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ECC_UNCORRECTABLE), ref.counts().ecc_uncorrectable);
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

// The codec alone (model/dram): every single error corrected to the word,
// every double error flagged, for words of every weight.
TEST(DramEccCodec, ReferenceCorrectsEverySingleAndFlagsEveryDoubleError) {
  unsigned singles = 0, doubles = 0;
  for (uint32_t w : kWords) {
    const uint8_t c = dram::ecc_check(w);
    const dram::EccWord clean = dram::ecc_decode(w, c);
    EXPECT_TRUE(clean.data == w && !clean.ce && !clean.ue) << std::hex << w;
    for (unsigned i = 0; i < 39; ++i) {
      uint32_t dx = 0, cx = 0;
      split(i, dx, cx);
      const dram::EccWord s = dram::ecc_decode(w ^ dx, uint8_t(c ^ cx));
      EXPECT_TRUE(s.ce && !s.ue && s.data == w) << std::hex << w << " bit " << std::dec << i;
      singles += s.ce;
      for (unsigned j = i + 1; j < 39; ++j) {
        uint32_t dx2 = dx, cx2 = cx;
        split(j, dx2, cx2);
        const dram::EccWord d = dram::ecc_decode(w ^ dx2, uint8_t(c ^ cx2));
        EXPECT_TRUE(d.ue && !d.ce && d.data == (w ^ dx2)) << std::hex << w << " bits " << std::dec
                                                          << i << "," << j;
        doubles += d.ue;
      }
    }
  }
  EXPECT_EQ(singles, 39u * std::size(kWords));
  EXPECT_EQ(doubles, 741u * std::size(kWords));
  // a decayed word (leak value, check cells all ones) is never clean
  EXPECT_TRUE(dram::ecc_decode(kP.leak_value, dram::kEccLeakCheck).ue);
}

// The RTL through the bus: each error injected into the stored codeword,
// then read.  A single error: ack with the word, the cells scrubbed; a
// double error: err, the word as stored, the cells left alone.
TEST_F(DramEccTest, EverySingleAndDoubleErrorOfAWordThroughTheBus) {
  uint64_t ce = 0, ue = 0;
  for (unsigned n = 0; n < std::size(kWords); ++n) {
    const uint32_t w = kWords[n], off = at(1, 40, n);
    for (unsigned i = 0; i < 39; ++i) {
      for (unsigned j = i; j < 39; ++j) {  // j == i: the single error i
        poke(off, w);
        uint32_t dx = 0, cx = 0;
        split(i, dx, cx);
        if (j != i) split(j, dx, cx);
        inject(off, dx, cx);
        const dram::Completion c = read(off, j == i ? "single error" : "double error");
        if (j == i) {
          ASSERT_FALSE(c.err) << std::hex << w << " bit " << std::dec << i;
          ASSERT_EQ(c.rdata, w) << "bit " << i;
          ASSERT_EQ(h.peek(off), w) << "scrubbed, bit " << i;
          ++ce;
        } else {
          ASSERT_TRUE(c.err) << std::hex << w << " bits " << std::dec << i << "," << j;
          ASSERT_EQ(c.rdata, w ^ dx) << "bits " << i << "," << j;
          ++ue;
        }
      }
    }
  }
  EXPECT_EQ(ce, 39u * std::size(kWords));
  EXPECT_EQ(ue, 741u * std::size(kWords));
  EXPECT_EQ(ref.counts().ecc_corrected, ce);
  EXPECT_EQ(ref.counts().ecc_uncorrectable, ue);
  expect_counters();
}

constexpr unsigned kBank = 2, kA = 1000, kFar = 1500;

// RowHammer to the threshold: four victims with one flipped bit each
// (single errors); reading them corrects, counts and scrubs.
TEST_F(DramEccTest, RowHammerFlipsAreCorrectedAndScrubbed) {
  for (unsigned i = 0; i < kT; ++i) {
    read(at(kBank, kA, 0), "aggressor");
    if (i + 1 < kT) read(at(kBank, kFar, 0), "far row");
  }
  ASSERT_EQ(ref.counts().rh_victims, 4u);
  const unsigned victims[] = {kA - 1, kA + 1, kA - 2, kA + 2};
  for (unsigned n = 0; n < 4; ++n) {
    const dram::Flip f = dram::hammer_flip(kP, n);
    const uint32_t off = at(kBank, victims[n], f.col);
    EXPECT_EQ(h.peek(off), f.mask) << "the cells hold the flip, row " << victims[n];
    const dram::Completion c = read(off, "victim");
    EXPECT_FALSE(c.err);
    EXPECT_EQ(c.rdata, 0u) << "corrected, row " << victims[n];
    EXPECT_EQ(h.peek(off), 0u) << "scrubbed, row " << victims[n];
  }
  EXPECT_EQ(ref.counts().ecc_corrected, 4u);
  EXPECT_EQ(ref.counts().ecc_uncorrectable, 0u);
  expect_counters();
}

// Refresh off: a row left closed longer than the retention decays; its
// words come back as uncorrectable (bus error), counted once each read.
TEST_F(DramEccTest, ADecayedRowIsABusError) {
  const uint32_t off = at(3, 77, 5);
  expect_agreement(h, ref, {wr(off, 0x13572468u)}, "write");
  read(at(3, 78, 0), "close the row");
  const dram::Completion fresh = read(off, "fresh");
  EXPECT_FALSE(fresh.err);
  EXPECT_EQ(fresh.rdata, 0x13572468u);
  read(at(3, 78, 0), "close the row again");
  const uint64_t later = h.edge() + kP.retention + 10;
  h.idle_until(later);
  ref.idle_until(later);
  const dram::Completion c = read(off, "decayed");
  EXPECT_TRUE(c.err);
  EXPECT_EQ(c.rdata, kP.leak_value);
  EXPECT_EQ(ref.counts().decays, 1u);
  EXPECT_EQ(ref.counts().ecc_uncorrectable, 1u);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 1u);
  expect_counters();
  // a write makes the word good again
  expect_agreement(h, ref, {wr(off, 7)}, "rewrite");
  const dram::Completion again = read(off, "rewritten");
  EXPECT_FALSE(again.err);
  EXPECT_EQ(again.rdata, 7u);
}

}  // namespace
