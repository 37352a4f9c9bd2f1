// The DRAM's C++ timing reference (model/dram) on its own: it never breaks
// the device's rules (its own DramChecker) under random streams for every
// scheduler, page policy and address mapping; unloaded latencies; the
// address mapping is a bijection; refresh keeps every row within its
// retention over many retention times; data integrity.
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "dram_energy.h"
#include "dram_ref.h"

namespace dram = mmcosim::dram;
using dram::Request;

namespace {

// DDR3-1600 at a 1 GHz core (config/default.toml), small geometry.
dram::Params small() {
  dram::Params p;
  p.banks = 8;
  p.rows = 16;
  p.columns = 128;
  p.refi = 1950;
  p.retention = 50000;
  p.leak_value = 0xdeadbeef;
  return p;
}

struct Variant {
  unsigned scheduler, page, map;
};

class DramRefVariant : public ::testing::TestWithParam<Variant> {};

TEST_P(DramRefVariant, RandomStreamsBreakNoRuleAndKeepData) {
  dram::Params p = small();
  p.scheduler = GetParam().scheduler;
  p.page_policy = GetParam().page;
  p.addr_map = GetParam().map;
  p.adaptive_idle = 20;
  p.adaptive_max_hits = 4;
  dram::DramRef ref(p);
  ref.reset(3);
  std::mt19937 rng(GetParam().scheduler * 9 + GetParam().page * 3 + GetParam().map);
  const uint32_t size = p.banks * p.rows * p.columns * 4;
  std::map<uint32_t, uint32_t> shadow;
  std::vector<Request> s;
  std::vector<uint32_t> want;
  uint64_t t = 3;
  for (int i = 0; i < 20000; ++i) {
    if (rng() % 100 == 0) t += rng() % 4000;
    const uint32_t off = rng() % 2 ? (rng() % (size / 4)) * 4 : (rng() % 64) * 4;
    if (rng() % 3 == 0) {
      const uint32_t v = rng();
      shadow[off] = v;
      s.push_back(Request{true, off, v, 0xf, t});
      want.push_back(0);
    } else {
      s.push_back(Request{false, off, 0, 0xf, t});
      want.push_back(shadow.count(off) ? shadow[off] : 0);
    }
  }
  auto r = ref.run(s, 3);
  for (size_t i = 0; i < s.size(); ++i) {
    ASSERT_GT(r[i].ack, r[i].accept) << i;
    if (!s[i].we) ASSERT_EQ(r[i].rdata, want[i]) << "request " << i;
  }
  EXPECT_EQ(ref.violations(), 0u) << "the reference broke a timing rule";
  EXPECT_EQ(ref.counts().decays, 0u) << "refresh let a row decay";
  EXPECT_GT(ref.counts().ref, 20u);
}

INSTANTIATE_TEST_SUITE_P(Policies, DramRefVariant,
                         ::testing::Values(Variant{1, 0, 0}, Variant{1, 1, 0}, Variant{1, 2, 0},
                                           Variant{0, 0, 0}, Variant{0, 1, 1}, Variant{1, 0, 1},
                                           Variant{0, 2, 1}));

TEST(DramRef, UnloadedLatencies) {
  dram::Params p = small();
  dram::DramRef ref(p);
  ref.reset(3);
  auto r = ref.run({Request{false, 0, 0, 0xf, 0}}, 3);
  EXPECT_EQ(r[0].ack - r[0].accept, 1 + p.rcd + p.cl);
  r = ref.run({Request{false, 4, 0, 0xf, 0}}, ref.next_edge());
  EXPECT_EQ(r[0].ack - r[0].accept, 1 + p.cl);
  ref.idle_until(ref.next_edge() + p.ras);
  const uint32_t other_row = p.banks * p.columns * 4;  // row 1, bank 0
  r = ref.run({Request{false, other_row, 0, 0xf, 0}}, ref.next_edge());
  EXPECT_EQ(r[0].ack - r[0].accept, 1 + p.rp + p.rcd + p.cl);
  r = ref.run({Request{true, other_row + 4, 1, 0xf, 0}}, ref.next_edge());
  EXPECT_EQ(r[0].ack - r[0].accept, 1u) << "a write hit is acked when its WR goes";
}

TEST(DramRef, AddressMapsAreBijections) {
  for (unsigned map : {dram::kRowBankCol, dram::kBankXor}) {
    dram::Params p = small();
    p.addr_map = map;
    std::set<std::tuple<unsigned, unsigned, unsigned>> seen;
    for (uint32_t off = 0; off < p.banks * p.rows * p.columns * 4; off += 4) {
      const dram::Loc l = dram::map_address(p, off);
      ASSERT_LT(l.bank, p.banks);
      ASSERT_LT(l.row, p.rows);
      ASSERT_LT(l.col, p.columns);
      ASSERT_TRUE(seen.insert({l.bank, l.row, l.col}).second) << "map " << map << " offset " << off;
    }
  }
}

TEST(DramRef, WithoutRefreshRowsDecay) {
  dram::Params p = small();
  p.refresh = 0;
  dram::DramRef ref(p);
  ref.reset(3);
  ref.poke(2, 0x100, 0x12345678);
  EXPECT_EQ(ref.peek(2 + p.retention, 0x100), 0x12345678u);
  EXPECT_EQ(ref.peek(3 + p.retention, 0x100), p.leak_value);
  auto r = ref.run({Request{false, 0x100, 0, 0xf, 0}}, 10 + p.retention);
  EXPECT_EQ(r[0].rdata, p.leak_value);
  EXPECT_EQ(ref.counts().decays, 1u);
}

// Energy per command from a data sheet (Micron 4 Gb DDR3-1600 x8: VDD 1.5 V,
// IDD0 55, IDD2N 32, IDD3N 38, IDD4R 157, IDD4W 125, IDD5B 235 mA; tCK
// 1.25 ns, tRAS 28, tRP 11, BL8 = 4, tRFC 208 clocks; four x8 devices):
// ACT (55-38) mA x 1.5 V x 35 ns x 4 = 3570 pJ, PRE (55-32) x 1.5 x 13.75 x 4
// = 1897.5 pJ, RD (157-38) x 1.5 x 5 x 4 = 3570 pJ, WR (125-38) x 1.5 x 5 x 4
// = 2610 pJ, REF (235-38) x 1.5 x 260 x 4 = 307320 pJ; background at 1 GHz
// 38 x 1.5 x 1 x 4 = 228 pJ and 32 x 1.5 x 4 = 192 pJ per cycle.
TEST(DramEnergy, PerCommandFromTheDataSheet) {
  dram::PowerSpec s;
  s.vdd_mv = 1500, s.idd0_ma = 55, s.idd2n_ma = 32, s.idd3n_ma = 38;
  s.idd4r_ma = 157, s.idd4w_ma = 125, s.idd5b_ma = 235, s.device_width = 8;
  s.dram_mhz = 800, s.cpu_mhz = 1000, s.ras = 28, s.rp = 11, s.burst = 4, s.rfc = 208;
  const dram::EnergyPerCommand e = dram::energy_per_command(s);
  EXPECT_EQ(e.act, 3570000u);
  EXPECT_EQ(e.pre, 1897500u);
  EXPECT_EQ(e.rd, 3570000u);
  EXPECT_EQ(e.wr, 2610000u);
  EXPECT_EQ(e.ref, 307320000u);
  EXPECT_EQ(e.bg_active, 228000u);
  EXPECT_EQ(e.bg_precharged, 192000u);
  s.device_width = 16;  // half the devices, half the energy
  EXPECT_EQ(dram::energy_per_command(s).act, 3570000u / 2);
}

// Totals: each kind is count x energy of one (pJ, rounded down), the total
// their sum.
TEST(DramEnergy, TotalIsTheSumOfThePerCommandEnergies) {
  dram::EnergyPerCommand e;
  e.act = 3570000, e.pre = 1897500, e.rd = 3570000, e.wr = 2610000, e.ref = 307320000;
  e.bg_active = 228000, e.bg_precharged = 192000;
  dram::EnergyCounts n;
  n.act = 7, n.pre = 3, n.rd = 11, n.wr = 5, n.ref = 2, n.active_cycles = 1001,
  n.precharged_cycles = 99;
  const dram::Energy r = dram::dram_energy(e, n);
  EXPECT_EQ(r.act, 7u * 3570);
  EXPECT_EQ(r.pre, 5692u);  // 3 x 1897.5 = 5692.5, rounded down
  EXPECT_EQ(r.rd, 11u * 3570);
  EXPECT_EQ(r.wr, 5u * 2610);
  EXPECT_EQ(r.ref, 2u * 307320);
  EXPECT_EQ(r.bg_active, 1001u * 228);
  EXPECT_EQ(r.bg_precharged, 99u * 192);
  EXPECT_EQ(r.total, r.act + r.pre + r.rd + r.wr + r.ref + r.bg_active + r.bg_precharged);
}

}  // namespace
