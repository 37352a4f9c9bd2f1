// Retention of the DRAM cells (rtl/dram/dram_cells.sv) with refresh off and
// a short retention time (config test-retention): a row not restored
// within the retention time reads back as the leak value from its next
// ACT on -- exactly at the edge the C++ reference says, counted in
// dram.retention_violation; an open row keeps its data; a byte write to a
// decayed word keeps the leak value in the other lanes; the backdoor sees
// the decay too.
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
static_assert(MMCOSIM_DRAM_REFRESH == 0, "retention tests need refresh off");
static_assert(MMCOSIM_DRAM_CK_RETENTION > 0, "retention tests need leaky cells");

uint32_t at(unsigned bank, unsigned row, unsigned col) {
  uint32_t b = bank;
  if (kP.addr_map == dram::kBankXor) b ^= row & (kP.banks - 1);
  return ((row * kP.banks + b) * kP.columns + col) * 4;
}
Request rd(uint32_t off, uint64_t not_before = 0) { return Request{false, off, 0, 0xf, not_before}; }
Request wr(uint32_t off, uint32_t v, uint8_t sel = 0xf) { return Request{true, off, v, sel, 0}; }

const uint32_t kX = at(0, 1, 3);     // the word under test
const uint32_t kOther = at(0, 2, 0); // same bank, another row: closes row 1
constexpr uint32_t kData = 0x5a5a1234;

class DramRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref.reset(DramHarness::kFirstLiveEdge);
    // Write X (ACT row 1), then touch row 2 of the same bank: PRE row 1.
    expect_agreement(h, ref, {wr(kX, kData), rd(kOther)}, "setup");
  }
  // The smallest not_before edge of a read of X that finds row 1 decayed,
  // by running copies of the reference.
  uint64_t first_decaying_read() {
    uint64_t lo = h.next_edge(), hi = lo + 4 * kP.retention;
    while (lo < hi) {
      const uint64_t mid = (lo + hi) / 2;
      dram::DramRef copy = ref;
      auto r = copy.run({rd(kX, mid)}, h.next_edge());
      if (r[0].rdata == kP.leak_value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

TEST_F(DramRetentionTest, IntactOneCycleBeforeTheReferenceSays) {
  const uint64_t n = first_decaying_read();
  auto r = expect_agreement(h, ref, {rd(kX, n - 1)}, "read just in time");
  EXPECT_EQ(r[0].rdata, kData);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 0u);
}

TEST_F(DramRetentionTest, DecaysExactlyWhenTheReferenceSays) {
  const uint64_t n = first_decaying_read();
  // The ACT of row 1 is then exactly retention + 1 cycles after its PRE.
  auto r = expect_agreement(h, ref, {rd(kX, n)}, "read one cycle late");
  EXPECT_EQ(r[0].rdata, kP.leak_value);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 1u);
  EXPECT_EQ(ref.counts().decays, 1u);
  // The decayed row was restored with the leaked bits: they stay.
  r = expect_agreement(h, ref, {rd(kX)}, "read again");
  EXPECT_EQ(r[0].rdata, kP.leak_value);
  EXPECT_EQ(h.peek(kX), kP.leak_value);
  // Row 1's PRE (the first PRE of bank 0 after row 1 opened) and its next ACT.
  uint64_t pre = 0, act = 0;
  bool open1 = false;
  for (const auto& c : ref.commands()) {
    if (c.bank != 0) continue;
    if (c.cmd == dram::Cmd::kAct && c.row == 1 && !open1 && !pre) open1 = true;
    else if (c.cmd == dram::Cmd::kPre && open1 && !pre) pre = c.edge;
    else if (c.cmd == dram::Cmd::kAct && c.row == 1 && pre) act = c.edge;
  }
  std::printf("row 1 precharged at edge %llu, activated at %llu: %llu cycles > retention %llu\n",
              (unsigned long long)pre, (unsigned long long)act,
              (unsigned long long)(act - pre), (unsigned long long)kP.retention);
  EXPECT_EQ(act - pre, kP.retention + 1);
}

TEST_F(DramRetentionTest, ByteWriteToDecayedWordKeepsLeakInOtherLanes) {
  h.idle_until(h.edge() + kP.retention + 10);
  ref.idle_until(h.edge());
  auto r = expect_agreement(h, ref, {wr(kX, 0x000000ab, 0x1), rd(kX)}, "byte write");
  EXPECT_EQ(r[1].rdata, (kP.leak_value & ~0xffu) | 0xab);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 1u);
}

TEST_F(DramRetentionTest, OpenRowKeepsItsData) {
  // Row 2 stays open (open page, nothing else in bank 0): its sense
  // amplifiers hold it however long.
  if (kP.page_policy != dram::kOpen) GTEST_SKIP();
  expect_agreement(h, ref, {wr(kOther + 4, 0x77)}, "write to open row");
  h.idle_until(h.edge() + 3 * kP.retention);
  ref.idle_until(h.edge());
  auto r = expect_agreement(h, ref, {rd(kOther + 4)}, "much later");
  EXPECT_EQ(r[0].rdata, 0x77u);
  EXPECT_EQ(h.peek(kOther + 4), 0x77u);
}

TEST_F(DramRetentionTest, BackdoorSeesDecayAndRestores) {
  const uint32_t y = at(5, 9, 9);
  h.poke(y, 0x1234);
  ref.poke(h.edge(), y, 0x1234);
  h.idle_until(h.edge() + kP.retention);
  ref.idle_until(h.edge());
  EXPECT_EQ(h.peek(y), 0x1234u) << "decayed too early";
  EXPECT_EQ(ref.peek(h.edge(), y), 0x1234u);
  h.idle_until(h.edge() + 1);
  ref.idle_until(h.edge());
  EXPECT_EQ(h.peek(y), kP.leak_value) << "not decayed retention + 1 cycles after the poke";
  EXPECT_EQ(ref.peek(h.edge(), y), kP.leak_value);
  // A word never written decays from power-up too.
  EXPECT_EQ(h.peek(at(7, 100, 0)), kP.leak_value);
}

}  // namespace
