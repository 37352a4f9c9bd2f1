// Refresh of the DRAM (config test-refresh: 64 KiB, short tREFI, a
// retention just longer than a full refresh round with every REF
// postponed): nothing is lost over many retention times, idle or under
// continuous load (REFs postponed at most MaxPostponed, then forced), and
// the controller agrees with the C++ reference command by command.
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
constexpr uint32_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
static_assert(MMCOSIM_DRAM_REFRESH == 1 && MMCOSIM_DRAM_CK_RETENTION > 0,
              "refresh tests need refresh on and leaky cells");

Request rd(uint32_t off, uint64_t nb = 0) { return Request{false, off, 0, 0xf, nb}; }
Request wr(uint32_t off, uint32_t v) { return Request{true, off, v, 0xf, 0}; }
uint32_t pattern(uint32_t off) { return off * 2654435761u ^ 0xa5a5a5a5u; }

class DramRefreshTest : public ::testing::Test {
 protected:
  void SetUp() override { ref.reset(DramHarness::kFirstLiveEdge); }
  void fill() {
    std::vector<Request> s;
    for (uint32_t off = 0; off < kSize; off += 4) s.push_back(wr(off, pattern(off)));
    expect_agreement(h, ref, s, "fill");
  }
  void check_all(const char* what) {
    std::vector<Request> s;
    for (uint32_t off = 0; off < kSize; off += 4) s.push_back(rd(off));
    auto r = h.run(s);
    int bad = 0;
    for (size_t i = 0; i < s.size(); ++i)
      if (r[i].rdata != pattern(s[i].offset) && ++bad < 5)
        ADD_FAILURE() << what << ": word " << std::hex << s[i].offset << " reads " << r[i].rdata;
    EXPECT_EQ(bad, 0) << what;
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

TEST_F(DramRefreshTest, NothingLostWhileIdleOverManyRetentionTimes) {
  fill();
  const uint64_t t0 = h.edge();
  h.idle_until(t0 + 6 * kP.retention);
  check_all("after 6 retention times idle");
  const uint64_t elapsed = h.edge() - DramHarness::kFirstLiveEdge;
  const uint64_t refs = rtl_perf_read(MMCOSIM_EVENT_DRAM_REF);
  std::printf("%llu REF in %llu cycles (tREFI %u)\n", (unsigned long long)refs,
              (unsigned long long)elapsed, kP.refi);
  EXPECT_GE(refs + kP.max_postponed + 1, elapsed / kP.refi) << "refresh fell behind";
  EXPECT_LE(refs, elapsed / kP.refi) << "more REFs than due";
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 0u);
  EXPECT_EQ(h.viol_seen, 0u);
}

TEST_F(DramRefreshTest, NothingLostUnderContinuousLoad) {
  fill();
  // Reads back to back for 6 retention times: the queue never empties, so
  // REFs are postponed to the limit and then forced.
  std::mt19937 rng(3);
  std::vector<Request> s;
  const uint64_t n = 6 * kP.retention / (kP.cl / 2 + 1);
  for (uint64_t i = 0; i < n; ++i) s.push_back(rd((rng() % (kSize / 4)) * 4));
  const uint64_t t0 = h.next_edge();
  const uint64_t r0 = rtl_perf_read(MMCOSIM_EVENT_DRAM_REF);
  auto r = expect_agreement(h, ref, s, "continuous load");
  int bad = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (r[i].rdata != pattern(s[i].offset)) ++bad;
  EXPECT_EQ(bad, 0);
  const uint64_t elapsed = h.edge() - t0, refs = rtl_perf_read(MMCOSIM_EVENT_DRAM_REF) - r0;
  std::printf("under load: %llu REF in %llu cycles (tREFI %u), busy %llu cycles\n",
              (unsigned long long)refs, (unsigned long long)elapsed, kP.refi,
              (unsigned long long)rtl_perf_read(MMCOSIM_EVENT_DRAM_BUSY_CYCLES));
  EXPECT_GE(refs + kP.max_postponed + 2, elapsed / kP.refi);
  check_all("after the load");
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 0u);
}

TEST_F(DramRefreshTest, AgreesOnMixedStreamWithGaps) {
  std::mt19937 rng(5);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  for (int i = 0; i < 4000; ++i) {
    if (rng() % 50 == 0) t += rng() % (3 * kP.refi);
    const uint32_t off = (rng() % (kSize / 4)) * 4;
    s.push_back(rng() % 3 ? Request{false, off, 0, 0xf, t}
                          : Request{true, off, uint32_t(rng()), uint8_t(1 + rng() % 15), t});
  }
  expect_agreement(h, ref, s, "mixed with gaps");
  EXPECT_GT(ref.counts().ref, 10u);
}

}  // namespace
