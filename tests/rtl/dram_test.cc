// The DRAM (rtl/dram/dram_top.sv) against its C++ timing reference
// (model/dram): exact agreement of the command sequence, accept/ack edges
// and data for sequential, random, row-conflict-heavy, read/write-mixed and
// refresh-heavy streams; unloaded latencies; scheduler order; data
// integrity with byte enables against a shadow copy; statistics; the
// sequential bandwidth of back-to-back requests; Wishbone bursts (cache
// line fills and write-backs): line reads and writes alone, mixed with
// single words, at random, unaligned and longer than a DRAM burst, with
// gaps between beats, across refresh; a line read streams one word per
// cycle after the first on a row hit, a closed bank and a conflict; the
// bandwidth of sequential line reads.  Built once per policy
// variant (tests/rtl/CMakeLists.txt); expectations follow dram_params().
#include <algorithm>
#include <cstdio>
#include <map>
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

// Byte offset of (bank, row, col) under the row:bank:column mapping (the
// bank_xor variant permutes banks; tests that need a given bank use map).
uint32_t at(unsigned bank, unsigned row, unsigned col) {
  uint32_t b = bank;
  if (kP.addr_map == dram::kBankXor) b ^= row & (kP.banks - 1);
  return ((row * kP.banks + b) * kP.columns + col) * 4;
}

Request rd(uint32_t off, uint64_t not_before = 0) { return Request{false, off, 0, 0xf, not_before}; }
Request wr(uint32_t off, uint32_t data, uint8_t sel = 0xf, uint64_t not_before = 0) {
  return Request{true, off, data, sel, not_before};
}

// A Wishbone incrementing burst of `n` beats from `off` (cti 010 ... 111),
// appended to `s`: reads, or writes of data[i] (all bytes).
constexpr unsigned kLine = 8;  // words of a 32-byte cache line
void burst_rd(std::vector<Request>& s, uint32_t off, unsigned n = kLine, uint64_t not_before = 0) {
  for (unsigned i = 0; i < n; ++i) {
    Request r = rd(off + 4 * i, i == 0 ? not_before : 0);
    r.cti = i + 1 < n ? dram::kBurst : dram::kBurstEnd;
    s.push_back(r);
  }
}
void burst_wr(std::vector<Request>& s, uint32_t off, const std::vector<uint32_t>& data,
              uint64_t not_before = 0) {
  for (size_t i = 0; i < data.size(); ++i) {
    Request r = wr(off + 4 * uint32_t(i), data[i], 0xf, i == 0 ? not_before : 0);
    r.cti = i + 1 < data.size() ? dram::kBurst : dram::kBurstEnd;
    s.push_back(r);
  }
}
void burst_wr_random(std::vector<Request>& s, std::mt19937& rng, uint32_t off, unsigned n,
                     uint64_t not_before) {
  std::vector<uint32_t> d(n);
  for (auto& v : d) v = rng();
  burst_wr(s, off, d, not_before);
}

// Every read of `s` (answered by `r`) returns what the writes before it in
// bus order left there (a memory that starts zeroed): bursts keep
// read-after-write and write-after-read order.
void expect_memory_order(const std::vector<Request>& s, const std::vector<dram::Completion>& r) {
  std::map<uint32_t, uint32_t> shadow;
  int bad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t& w = shadow[s[i].offset];
    if (s[i].we) {
      for (int b = 0; b < 4; ++b)
        if (s[i].sel >> b & 1) w = (w & ~(0xffu << 8 * b)) | (s[i].wdata & (0xffu << 8 * b));
    } else if (r[i].rdata != w && ++bad <= 5) {
      ADD_FAILURE() << "read " << i << " at " << std::hex << s[i].offset << ": " << r[i].rdata
                    << " want " << w;
    }
  }
  EXPECT_EQ(bad, 0);
}

class DramTest : public ::testing::Test {
 protected:
  void SetUp() override { ref.reset(DramHarness::kFirstLiveEdge); }
  // Backdoor write into both (as the ELF loader does).
  void poke(uint32_t off, uint32_t v) {
    h.poke(off, v);
    ref.poke(h.edge(), off, v);
  }
  DramHarness h;
  dram::DramRef ref{kP};
};

TEST_F(DramTest, ConfigurationUnderTest) {
  std::printf("dram: %u banks x %u rows x %u columns, %s, %s page, CL %u tRCD %u tRP %u\n",
              kP.banks, kP.rows, kP.columns, kP.scheduler == dram::kFcfs ? "FCFS" : "FR-FCFS",
              kP.page_policy == dram::kOpen ? "open" : kP.page_policy == dram::kClosed ? "closed"
                                                                                     : "adaptive",
              kP.cl, kP.rcd, kP.rp);
  EXPECT_EQ(g_dram.bytes, kSize);
  EXPECT_EQ(uint64_t(kP.banks) * kP.rows * kP.columns * 4, uint64_t(kSize));
  // The statistics blocks of dram_stats are consecutive in stats.toml.
  static_assert(MMCOSIM_EVENT_DRAM_BANK7_BUSY == MMCOSIM_EVENT_DRAM_BUSY_CYCLES + 12);
  static_assert(MMCOSIM_EVENT_DRAM_READS == MMCOSIM_EVENT_DRAM_BANK7_BUSY + 1);
  static_assert(MMCOSIM_EVENT_DRAM_WR_LAT_GE256 == MMCOSIM_EVENT_DRAM_READS + 23);
  static_assert(MMCOSIM_EVENT_DRAM_ROWHAMMER_BITS_FLIPPED == MMCOSIM_EVENT_DRAM_WR_LAT_GE256 + 3);
  static_assert(MMCOSIM_EVENT_DRAM_ECC_UNCORRECTABLE == MMCOSIM_EVENT_DRAM_ROWHAMMER_BITS_FLIPPED + 2);
  static_assert(MMCOSIM_EVENT_DRAM_ROWHAMMER_MITIGATION_DROPPED == MMCOSIM_EVENT_DRAM_ECC_UNCORRECTABLE + 3);
  static_assert(MMCOSIM_EVENT_DRAM_BYTES_READ == MMCOSIM_EVENT_DRAM_ROWHAMMER_MITIGATION_DROPPED + 1);
  static_assert(MMCOSIM_EVENT_DRAM_BANK0_ROW_HIT_RD == MMCOSIM_EVENT_DRAM_WR_LAT_SUM + 1);
  static_assert(MMCOSIM_EVENT_DRAM_BANK7_PRE == MMCOSIM_EVENT_DRAM_BANK0_ROW_HIT_RD + 63);
  EXPECT_EQ(rtl_perf_blocks(), 4u);
}

// Unloaded: from the accepting edge to the ack edge.
TEST_F(DramTest, UnloadedLatencyHitMissConflict) {
  const uint32_t a = at(1, 5, 7), b = at(1, 5, 8), c = at(1, 9, 0);
  const bool closed = kP.page_policy == dram::kClosed;
  if (kP.page_policy == dram::kAdaptive) ASSERT_LT(kP.adaptive_idle, kP.ras + kP.rp);
  auto r = expect_agreement(h, ref, {rd(a)}, "miss");
  const uint64_t miss = r[0].ack - r[0].accept;
  EXPECT_EQ(miss, 1 + kP.rcd + kP.cl) << "bank closed: ACT, tRCD, RD, CL";
  // Closed page: the row closes by itself; wait for its auto-precharge.
  if (closed) h.idle_until(h.edge() + kP.ras + kP.rp);
  r = expect_agreement(h, ref, {rd(b)}, "hit");
  const uint64_t hit = r[0].ack - r[0].accept;
  EXPECT_EQ(hit, closed ? 1 + kP.rcd + kP.cl : 1 + kP.cl) << "row hit: RD, CL";
  // Wait until tRAS allows the PRE, then another row of the same bank.
  h.idle_until(h.edge() + kP.ras + kP.rp);
  r = expect_agreement(h, ref, {rd(c)}, "conflict");
  const uint64_t conflict = r[0].ack - r[0].accept;
  // Closed and adaptive page (idle longer than adaptive_idle) have closed
  // the row by then: a miss.
  const bool still_open = kP.page_policy == dram::kOpen;
  EXPECT_EQ(conflict, still_open ? 1 + kP.rp + kP.rcd + kP.cl : 1 + kP.rcd + kP.cl)
      << "row conflict: PRE, tRP, ACT, tRCD, RD, CL";
  r = expect_agreement(h, ref, {wr(c + 4, 1)}, "write after read");
  EXPECT_GE(r[0].ack - r[0].accept, 1u);
  // Measured, accept edge to ack edge (bench/bench_dram.sh reads this line).
  std::printf("unloaded latency (accept to ack): hit %llu, miss %llu, conflict %llu core cycles"
              " (CL %u, tRCD %u, tRP %u)\n", (unsigned long long)hit, (unsigned long long)miss,
              (unsigned long long)conflict, kP.cl, kP.rcd, kP.rp);
}

TEST_F(DramTest, AgreesOnSequentialStream) {
  std::vector<Request> s;
  const uint32_t start = at(0, 3, kP.columns - 40);
  for (uint32_t i = 0; i < 3 * kP.columns; ++i) s.push_back(rd(start + 4 * i));
  expect_agreement(h, ref, s, "sequential");
}

TEST_F(DramTest, AgreesOnRandomStream) {
  std::mt19937 rng(7);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  for (int i = 0; i < 3000; ++i) {
    t += rng() % 4 == 0 ? rng() % 60 : 0;
    const uint32_t off = (rng() % (kSize / 4)) * 4;
    s.push_back(rng() % 3 == 0 ? wr(off, rng(), uint8_t(1 + rng() % 15), t) : rd(off, t));
  }
  expect_agreement(h, ref, s, "random");
}

TEST_F(DramTest, AgreesOnRowConflictStream) {
  std::mt19937 rng(11);
  std::vector<Request> s;
  for (int i = 0; i < 1500; ++i) {
    const unsigned bank = rng() % 2, row = rng() % 3 * 17, col = rng() % kP.columns;
    s.push_back(rng() % 4 ? rd(at(bank, row, col)) : wr(at(bank, row, col), rng()));
  }
  expect_agreement(h, ref, s, "row conflicts");
}

TEST_F(DramTest, AgreesOnReadWriteMix) {
  std::mt19937 rng(13);
  std::vector<Request> s;
  // A small window: reads after writes to the same word inside the queue.
  for (int i = 0; i < 3000; ++i) {
    const uint32_t off = at(rng() % 4, rng() % 2, rng() % 16);
    s.push_back(rng() % 2 ? wr(off, rng(), uint8_t(1 + rng() % 15)) : rd(off));
  }
  expect_agreement(h, ref, s, "read/write mix");
}

TEST_F(DramTest, AgreesOnRefreshHeavyStream) {
  std::mt19937 rng(17);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  // Bursts that keep the queue busy across tREFI boundaries (refresh is
  // postponed, then forced), and idle gaps where owed REFs catch up.
  for (int burst = 0; burst < 30; ++burst) {
    for (int i = 0; i < 200; ++i) s.push_back(rd(at(rng() % kP.banks, rng() % 8, rng() % kP.columns), t));
    t += (burst % 3 == 0 ? 5 : 1) * kP.refi;
  }
  expect_agreement(h, ref, s, "refresh heavy");
  EXPECT_GT(ref.counts().ref, 20u);
  std::printf("refresh-heavy stream: %llu REF over %llu edges\n",
              (unsigned long long)ref.counts().ref, (unsigned long long)h.edge());
}

// The controller's and the banks' timers are narrow times compared modulo
// 2^TimeW, kept in range by an epoch pull-up (rtl/dram/dram_ctrl.sv): after
// idle gaps across many epochs and past 2^16..2^18 cycles, requests to open,
// closed and other rows still go exactly when the reference says.
TEST_F(DramTest, AgreesAcrossLongIdleGaps) {
  std::mt19937 rng(23);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  const uint64_t gaps[] = {1u << 9,  (1u << 10) - 1, 1u << 10, (1u << 13) + 1, (1u << 14) - 1,
                           1u << 14, (1u << 14) + 1,  1u << 15, (1u << 16) + 3, 1u << 17,
                           (1u << 18) - 5, 100000,    77777,    3};
  for (uint64_t g : gaps) {
    t += g;
    for (int i = 0; i < 6; ++i) {
      const uint32_t off = at(rng() % kP.banks, rng() % 4, rng() % kP.columns);
      s.push_back(i % 3 == 1 ? wr(off, rng(), 0xf, t) : rd(off, t));
    }
  }
  expect_agreement(h, ref, s, "long idle gaps");
  EXPECT_GT(h.edge(), uint64_t(1) << 19);
}

TEST_F(DramTest, SchedulerOrder) {
  // Open a row in bank 2, then at once queue a conflict in bank 2 (older)
  // and a hit in bank 2 (younger): tRAS holds the PRE back until both wait.
  expect_agreement(h, ref, {rd(at(2, 1, 0))}, "open");
  const size_t c0 = h.cmds.size();
  expect_agreement(h, ref, {rd(at(2, 4, 0)), rd(at(2, 1, 9))}, "conflict then hit");
  std::vector<dram::Cmd> kinds;
  for (size_t i = c0; i < h.cmds.size(); ++i) kinds.push_back(h.cmds[i].cmd);
  ASSERT_GE(kinds.size(), 3u);
  if (kP.page_policy != dram::kOpen) return;
  if (kP.scheduler == dram::kFrfcfs) {
    EXPECT_EQ(kinds[0], dram::Cmd::kRd) << "FR-FCFS serves the younger row hit first";
    EXPECT_EQ(kinds[1], dram::Cmd::kPre);
  } else {
    EXPECT_EQ(kinds[0], dram::Cmd::kPre) << "FCFS serves the older conflict first";
  }
}

TEST_F(DramTest, ReadAfterWriteToSameWordInQueue) {
  poke(at(3, 2, 5), 0x11111111);
  auto r = expect_agreement(h, ref,
                            {rd(at(3, 7, 1)), wr(at(3, 2, 5), 0xaabbccdd, 0x6), rd(at(3, 2, 5)),
                             wr(at(3, 2, 5), 0x99, 0x1), rd(at(3, 2, 5))},
                            "RAW in queue");
  EXPECT_EQ(r[2].rdata, 0x11bbcc11u);
  EXPECT_EQ(r[4].rdata, 0x11bbcc99u);
}

TEST_F(DramTest, DataIntegrityWithByteEnablesAgainstShadow) {
  std::mt19937 rng(23);
  std::map<uint32_t, uint32_t> shadow;
  std::vector<Request> s;
  std::vector<uint32_t> want;  // expected read data, per request
  auto mask32 = [](uint8_t sel) {
    uint32_t m = 0;
    for (int i = 0; i < 4; ++i)
      if (sel >> i & 1) m |= 0xffu << 8 * i;
    return m;
  };
  for (int i = 0; i < 8000; ++i) {
    const uint32_t off = rng() % 3 == 0 ? (rng() % (kSize / 4)) * 4 : at(rng() % kP.banks, rng() % 4, rng() % 64);
    if (rng() % 2) {
      const uint8_t sel = uint8_t(1 + rng() % 15);
      const uint32_t v = rng();
      shadow[off] = (shadow[off] & ~mask32(sel)) | (v & mask32(sel));
      s.push_back(wr(off, v, sel));
      want.push_back(0);
    } else {
      s.push_back(rd(off));
      want.push_back(shadow.count(off) ? shadow[off] : 0);
    }
  }
  auto r = h.run(s);
  int bad = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (!s[i].we && r[i].rdata != want[i] && ++bad < 5)
      ADD_FAILURE() << "read " << i << " at " << std::hex << s[i].offset << ": " << r[i].rdata
                    << " want " << want[i];
  EXPECT_EQ(bad, 0);
  for (auto& [off, v] : shadow) ASSERT_EQ(h.peek(off), v) << std::hex << off;
  EXPECT_EQ(h.viol_seen, 0u);
}

TEST_F(DramTest, StatisticsMatchTheReference) {
  std::mt19937 rng(29);
  std::vector<Request> s;
  for (int i = 0; i < 2000; ++i) {
    const uint32_t off = at(rng() % kP.banks, rng() % 6, rng() % kP.columns);
    s.push_back(rng() % 3 ? rd(off) : wr(off, rng(), uint8_t(1 + rng() % 15)));
  }
  expect_agreement(h, ref, s, "stats stream");
  const dram::Counts& c = ref.counts();
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_READS), c.reads);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_WRITES), c.writes);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ACT), c.act);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_PRE), c.pre);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_REF), c.ref);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_HIT_RD), c.cls[0][0]);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_MISS_RD), c.cls[0][1]);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_CONFLICT_RD), c.cls[0][2]);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_HIT_WR), c.cls[1][0]);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_MISS_WR), c.cls[1][1]);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_ROW_CONFLICT_WR), c.cls[1][2]);
  uint64_t bank_act = 0, bank_hits = 0, lat_bins = 0;
  for (unsigned b = 0; b < kP.banks; ++b) {
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_BANK0_ACT + b), c.bank_act[b]) << "bank " << b;
    EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_BANK0_PRE + b), c.bank_pre[b]) << "bank " << b;
    bank_act += rtl_perf_read(MMCOSIM_EVENT_DRAM_BANK0_ACT + b);
    bank_hits += rtl_perf_read(MMCOSIM_EVENT_DRAM_BANK0_ROW_HIT_RD + b);
  }
  EXPECT_EQ(bank_act, c.act);
  EXPECT_EQ(bank_hits, c.cls[0][0]);
  for (unsigned i = 0; i < 6; ++i) lat_bins += rtl_perf_read(MMCOSIM_EVENT_DRAM_RD_LAT_LT16 + i);
  EXPECT_EQ(lat_bins, c.reads);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_BYTES_READ), 4 * c.reads);
  EXPECT_GT(rtl_perf_read(MMCOSIM_EVENT_DRAM_BUSY_CYCLES), 0u);
  EXPECT_EQ(rtl_perf_read(MMCOSIM_EVENT_DRAM_RETENTION_VIOLATION), 0u);
  EXPECT_GT(c.cls[0][0] + c.cls[1][0], 0u);
  EXPECT_GT(c.cls[0][1] + c.cls[1][1], 0u);
}

// Back-to-back reads of consecutive words, as many in flight as the queue
// holds: the controller's sequential bandwidth (a figure, printed) against
// the peak of one 32-bit word per burst (tBURST core cycles).  With DDR4
// bank groups the words of a row go to one bank, hence one bank group:
// column commands follow each other at tCCD_L, which is then the peak.
TEST_F(DramTest, SequentialBandwidthOfBackToBackReads) {
  std::vector<Request> s;
  const uint32_t n = 16 * kP.columns;
  for (uint32_t i = 0; i < n; ++i) s.push_back(rd(4 * i));
  const uint64_t t0 = h.next_edge();
  auto r = expect_agreement(h, ref, s, "bandwidth");
  const double cycles = double(r.back().ack - t0);
  const unsigned per = kP.bank_groups > 1 ? std::max(kP.burst, kP.ccd_l) : kP.burst;
  const double share = n * double(per) / cycles;
  const double refresh = double(kP.rfc) / kP.refi;
  std::printf("sequential back-to-back reads: %u words in %.0f cycles = %.1f%% of peak "
              "(refresh costs %.1f%%, peak = 4 bytes per %u cycles%s)\n", n, cycles, 100 * share,
              100 * refresh, per, kP.bank_groups > 1 ? ", tCCD_L in one bank group" : "");
  if (kP.page_policy == dram::kOpen) EXPECT_GE(share, 0.9 * (1 - refresh));
}

// ------------------------------------------------------------------ bursts

// A line read streams: the first word at the unloaded latency of its row
// state, the other seven on the seven cycles after it (one column command).
TEST_F(DramTest, LineReadStreamsOneWordPerCycle) {
  const bool closed = kP.page_policy == dram::kClosed;
  const bool still_open = kP.page_policy == dram::kOpen;
  for (unsigned c = 0; c < 3 * kLine; ++c) poke(at(2, 6, 8 + c), 0x1000 + c);
  auto line = [&](uint32_t off, const char* what) {
    std::vector<Request> s;
    burst_rd(s, off);
    const size_t c0 = h.cmds.size();
    auto r = expect_agreement(h, ref, s, what);
    for (unsigned i = 1; i < kLine; ++i)
      EXPECT_EQ(r[i].ack, r[0].ack + i) << what << ": beat " << i << " one cycle after the last";
    unsigned cols = 0;
    for (size_t i = c0; i < h.cmds.size(); ++i)
      if (h.cmds[i].is_col()) {
        ++cols;
        EXPECT_EQ(h.cmds[i].len, kLine) << what;
      }
    EXPECT_EQ(cols, 1u) << what << ": one RD for an aligned line";
    return r;
  };
  auto r = line(at(2, 6, 8), "line read, bank closed");
  const uint64_t miss = r[0].ack - r[0].accept, miss_last = r[kLine - 1].ack - r[0].accept;
  EXPECT_EQ(miss, 1 + kP.rcd + kP.cl);
  for (unsigned i = 0; i < kLine; ++i) EXPECT_EQ(r[i].rdata, 0x1000u + i);
  if (closed) h.idle_until(h.edge() + kP.ras + kP.rp);
  r = line(at(2, 6, 16), "line read, row hit");
  const uint64_t hit = r[0].ack - r[0].accept, hit_last = r[kLine - 1].ack - r[0].accept;
  // (Adaptive page: the line's own CL + 8 cycles may outlast adaptive_idle,
  // which then closes the row before the next line: the reference decides.)
  if (kP.page_policy != dram::kAdaptive || kP.adaptive_idle > kP.cl + kLine)
    EXPECT_EQ(hit, closed ? 1 + kP.rcd + kP.cl : 1 + kP.cl);
  for (unsigned i = 0; i < kLine; ++i) EXPECT_EQ(r[i].rdata, 0x1008u + i);
  h.idle_until(h.edge() + kP.ras + kP.rp);
  r = line(at(2, 9, 0), "line read, row conflict");
  const uint64_t conflict = r[0].ack - r[0].accept, conflict_last = r[kLine - 1].ack - r[0].accept;
  EXPECT_EQ(conflict, still_open ? 1 + kP.rp + kP.rcd + kP.cl : 1 + kP.rcd + kP.cl);
  // Measured (bench/bench_dram.sh reads this line).
  std::printf("line fill (8 words, first beat accept to ack): first/last word hit %llu/%llu, "
              "miss %llu/%llu, conflict %llu/%llu core cycles\n",
              (unsigned long long)hit, (unsigned long long)hit_last, (unsigned long long)miss,
              (unsigned long long)miss_last, (unsigned long long)conflict,
              (unsigned long long)conflict_last);
}

// A line write: one WR of eight words once the last beat is in, acks one
// per cycle from the WR; a line read sees every word.
TEST_F(DramTest, LineWriteThenReadBack) {
  std::vector<Request> s;
  std::vector<uint32_t> data;
  for (unsigned i = 0; i < kLine; ++i) data.push_back(0xabc00000u + i);
  burst_wr(s, at(4, 3, 40), data);
  const size_t c0 = h.cmds.size();
  auto r = expect_agreement(h, ref, s, "line write");
  for (unsigned i = 1; i < kLine; ++i) EXPECT_EQ(r[i].ack, r[0].ack + i) << "beat " << i;
  // ACT at once, WR when both tRCD has passed and the last beat is in
  EXPECT_EQ(r[0].ack - r[0].accept, std::max<uint64_t>(1 + kP.rcd, kLine));
  unsigned wrs = 0;
  for (size_t i = c0; i < h.cmds.size(); ++i)
    if (h.cmds[i].is_col()) {
      ++wrs;
      EXPECT_EQ(h.cmds[i].len, kLine);
    }
  EXPECT_EQ(wrs, 1u);
  std::vector<Request> back;
  burst_rd(back, at(4, 3, 40));
  r = expect_agreement(h, ref, back, "line read back");
  for (unsigned i = 0; i < kLine; ++i) EXPECT_EQ(r[i].rdata, data[i]) << "word " << i;
  for (unsigned i = 0; i < kLine; ++i) EXPECT_EQ(h.peek(at(4, 3, 40 + i)), data[i]);
  if (kP.page_policy != dram::kOpen) return;
  // A second line into the open row: the WR goes once the last beat is in.
  std::vector<Request> hit;
  burst_wr(hit, at(4, 3, 48), data);
  r = expect_agreement(h, ref, hit, "line write, row hit");
  EXPECT_EQ(r[0].ack - r[0].accept, kLine);
  EXPECT_EQ(r[kLine - 1].ack - r[0].accept, 2 * kLine - 1);
}

TEST_F(DramTest, AgreesOnSequentialLineReads) {
  std::vector<Request> s;
  const uint32_t start = at(0, 3, kP.columns - 5 * kLine);
  for (uint32_t l = 0; l < 3 * kP.columns / kLine; ++l) burst_rd(s, start + 4 * kLine * l);
  expect_agreement(h, ref, s, "sequential lines");
}

TEST_F(DramTest, AgreesOnLineWritesAndReadsMixedWithSingleWords) {
  std::mt19937 rng(31);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  for (int i = 0; i < 600; ++i) {
    t += rng() % 5 == 0 ? rng() % 40 : 0;
    const uint32_t line = at(rng() % kP.banks, rng() % 3, (rng() % (kP.columns / kLine)) * kLine);
    switch (rng() % 4) {
      case 0: burst_rd(s, line, kLine, t); break;
      case 1: burst_wr_random(s, rng, line, kLine, t); break;
      case 2: s.push_back(rd(line + 4 * (rng() % kLine), t)); break;
      default: s.push_back(wr(line + 4 * (rng() % kLine), rng(), uint8_t(1 + rng() % 15), t));
    }
  }
  expect_memory_order(s, expect_agreement(h, ref, s, "lines and words"));
}

// Random lines anywhere, and bursts that start inside a DRAM burst block,
// cross its end or run longer than BL (further column commands), of 1..20
// beats; some with gaps between beats (the master slows down, the words
// of a read may already have streamed past: the late beat leads anew).
TEST_F(DramTest, AgreesOnRandomAndUnalignedBursts) {
  std::mt19937 rng(37);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  for (int i = 0; i < 500; ++i) {
    t += rng() % 3 == 0 ? rng() % 50 : 0;
    const unsigned n = 1 + rng() % 20;
    // anywhere, or a small window where bursts overlap each other
    const uint32_t off = rng() % 2 ? (rng() % (kSize / 4 - 32)) * 4
                                   : at(rng() % 2, rng() % 2, rng() % 64);
    const size_t first = s.size();
    if (rng() % 2) burst_rd(s, off, n, t);
    else burst_wr_random(s, rng, off, n, t);
    if (rng() % 4 == 0) {  // a slow master: gaps inside the burst
      uint64_t g = t;
      for (size_t k = first + 1; k < s.size(); ++k) s[k].not_before = g += rng() % (2 * kP.cl);
      t = g;
    }
  }
  expect_memory_order(s, expect_agreement(h, ref, s, "random bursts"));
  size_t cols = 0, words = 0;
  for (const auto& c : ref.commands())
    if (c.is_col()) ++cols, words += c.len;
  EXPECT_GT(words, cols + s.size() / 4) << "most column commands serve several beats";
}

TEST_F(DramTest, AgreesOnLinesAcrossRefresh) {
  std::mt19937 rng(41);
  std::vector<Request> s;
  uint64_t t = h.next_edge();
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 60; ++i) {
      const uint32_t line = at(rng() % kP.banks, rng() % 8, (rng() % (kP.columns / kLine)) * kLine);
      if (i % 3) burst_rd(s, line, kLine, t);
      else burst_wr_random(s, rng, line, kLine, t);
    }
    t += (round % 3 == 0 ? 4 : 1) * kP.refi;
  }
  expect_agreement(h, ref, s, "lines across refresh");
  EXPECT_GT(ref.counts().ref, 8u);
}

// Back-to-back sequential line reads: the bandwidth a line-filling cache
// gets (a figure, printed).  Peak: the 32-bit bus moves a word per core
// cycle; the DDR data bus a BL8 burst per tBURST -- the lower of the two.
TEST_F(DramTest, LineBurstBandwidthOfSequentialLineReads) {
  std::vector<Request> s;
  const uint32_t n = 16 * kP.columns;
  for (uint32_t l = 0; l < n / kLine; ++l) burst_rd(s, 4 * kLine * l);
  const uint64_t t0 = h.next_edge();
  auto r = expect_agreement(h, ref, s, "line bandwidth");
  const double cycles = double(r.back().ack - t0);
  const double peak = std::min(4.0, 4.0 * kP.burst_words / kP.burst);  // bytes per cycle
  const double share = 4.0 * n / cycles / peak;
  const double refresh = double(kP.rfc) / kP.refi;
  std::printf("sequential line reads: %u words in %.0f cycles = %.1f%% of peak "
              "(refresh costs %.1f%%, peak = %.2f bytes per cycle)\n", n, cycles, 100 * share,
              100 * refresh, peak);
  if (kP.page_policy == dram::kOpen) EXPECT_GE(share, 0.9 * (1 - refresh));
}

}  // namespace
