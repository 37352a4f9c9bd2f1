// Exact gates of every timing rule of the DRAM device (rtl/dram/
// dram_device.sv, checks in dram_checker.sv) and of the reference's rule
// book (model/dram DramChecker): a command one cycle early is flagged by
// the rule, at the earliest legal cycle nothing is flagged.  Plus CL: read
// data comes exactly CL cycles after RD; and a violation really fires the
// assertion.
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "Vdram_device.h"
#include "Vdram_device__Dpi.h"
#include "dram_ref.h"
#include "mmcosim_cfg.h"
#include "svdpi.h"
#include "verilated.h"

namespace dram = mmcosim::dram;
using dram::Cmd;

extern "C" void mmcosim_mem_register(unsigned int) {}

namespace {

// Timings in core cycles, from the generated configuration.
constexpr unsigned kCl = MMCOSIM_DRAM_CK_CL, kCwl = MMCOSIM_DRAM_CK_CWL,
                   kBurst = MMCOSIM_DRAM_CK_BURST, kRcd = MMCOSIM_DRAM_CK_RCD,
                   kRp = MMCOSIM_DRAM_CK_RP, kRas = MMCOSIM_DRAM_CK_RAS, kRc = MMCOSIM_DRAM_CK_RC,
                   kCcd = MMCOSIM_DRAM_CK_CCD, kRrd = MMCOSIM_DRAM_CK_RRD,
                   kFaw = MMCOSIM_DRAM_CK_FAW, kWr = MMCOSIM_DRAM_CK_WR,
                   kWtr = MMCOSIM_DRAM_CK_WTR, kRtp = MMCOSIM_DRAM_CK_RTP,
                   kRfc = MMCOSIM_DRAM_CK_RFC, kRefi = MMCOSIM_DRAM_CK_REFI,
                   kRtw = MMCOSIM_DRAM_CK_RTW;
// DDR4 bank groups (bank b in group b % kGroups): the _L values between
// banks of one group; with one group (DDR3) every rule is the _S value.
constexpr unsigned kGroups = MMCOSIM_DRAM_BANK_GROUPS;
constexpr unsigned kCcdL = kGroups > 1 ? unsigned(MMCOSIM_DRAM_CK_CCD_L) : kCcd,
                   kRrdL = kGroups > 1 ? unsigned(MMCOSIM_DRAM_CK_RRD_L) : kRrd,
                   kWtrL = kGroups > 1 ? unsigned(MMCOSIM_DRAM_CK_WTR_L) : kWtr;
// bank 0's group: bank kGroups (same group), bank 1 (another group if kGroups > 1)
constexpr unsigned kSame = kGroups, kOther = 1;

dram::Params params() {
  dram::Params p;
  p.banks = MMCOSIM_DRAM_BANKS;
  p.rows = MMCOSIM_DRAM_ROWS;
  p.columns = MMCOSIM_DRAM_COLUMNS;
  p.refresh = MMCOSIM_DRAM_REFRESH;
  p.max_postponed = MMCOSIM_DRAM_MAX_POSTPONED;
  p.cl = kCl; p.cwl = kCwl; p.burst = kBurst; p.rcd = kRcd; p.rp = kRp; p.ras = kRas;
  p.rc = kRc; p.ccd = kCcd; p.rrd = kRrd; p.faw = kFaw; p.wr = kWr; p.wtr = kWtr;
  p.rtp = kRtp; p.rfc = kRfc; p.refi = kRefi; p.rtw = kRtw;
  p.bank_groups = kGroups;
  p.ccd_l = MMCOSIM_DRAM_CK_CCD_L; p.rrd_l = MMCOSIM_DRAM_CK_RRD_L; p.wtr_l = MMCOSIM_DRAM_CK_WTR_L;
  return p;
}

struct Step {
  unsigned at;  // cycles after the first setup command
  Cmd cmd;
  unsigned bank, row;
};

// Drives the device directly.  Edge t = the t-th edge after reset.
class Device {
 public:
  Device() : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->fatalOnError(false);
    top_ = std::make_unique<Vdram_device>(ctx_.get(), "top");
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->eval();
    clock();
    clock();
    top_->rst_ni = 1;
    t_ = 0;
  }
  ~Device() { top_->final(); }
  // The rules a command would break at the coming edge (not taken).
  unsigned probe(Cmd c, unsigned bank, unsigned row = 0, unsigned col = 0) {
    drive(c, bank, row, col);
    top_->eval();
    const unsigned v = top_->viol_o;
    drive(Cmd::kNop, 0, 0, 0);
    return v;
  }
  // Takes a command (or NOP) at the coming edge.
  void take(Cmd c, unsigned bank = 0, unsigned row = 0, unsigned col = 0, uint32_t wdata = 0) {
    drive(c, bank, row, col);
    top_->wdata_i = wdata;
    top_->wbe_i = 0xf;
    top_->len_i = 1;  // one word per RD/WR (classic)
    clock();
    drive(Cmd::kNop, 0, 0, 0);
  }
  void idle(unsigned n) {
    for (unsigned i = 0; i < n; ++i) take(Cmd::kNop);
  }
  uint64_t t() const { return t_; }
  Vdram_device& top() { return *top_; }
  VerilatedContext& ctx() { return *ctx_; }
  bool rvalid_now() {
    top_->eval();
    return top_->rvalid_o;
  }

 private:
  void drive(Cmd c, unsigned bank, unsigned row, unsigned col) {
    top_->cmd_i = uint8_t(c);
    top_->bank_i = bank;
    top_->row_i = row;
    top_->col_i = col;
  }
  void clock() {
    top_->eval();
    top_->clk_i = 1;
    top_->eval();
    top_->clk_i = 0;
    ++t_;
  }
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vdram_device> top_;
  uint64_t t_ = 0;
};

struct Gate {
  const char* name;
  unsigned rule;
  std::vector<Step> setup;
  Step probe;  // probe.at: the earliest legal cycle
};

std::vector<Gate> gates() {
  const unsigned twrp = kCwl + kBurst + kWr, twrd = kCwl + kBurst + kWtr,
                 twrd_l = kCwl + kBurst + kWtrL;
  const unsigned c0 = kRrdL + kRcd;  // both banks open: first column command
  const unsigned rd_late = kRas - kRtp + 4;  // a RD whose tRTP ends after tRAS
  const unsigned wr_late = kRas;             // a WR whose tWR ends after tRAS
  return {
      {"tRCD", dram::kRuleRcd, {{0, Cmd::kAct, 0, 3}}, {kRcd, Cmd::kRd, 0, 3}},
      {"tRCD write", dram::kRuleRcd, {{0, Cmd::kAct, 1, 3}}, {kRcd, Cmd::kWr, 1, 3}},
      {"tRAS", dram::kRuleRas, {{0, Cmd::kAct, 0, 3}}, {kRas, Cmd::kPre, 0, 0}},
      {"tRP", dram::kRuleRp, {{0, Cmd::kAct, 0, 3}, {kRas, Cmd::kPre, 0, 0}},
       {std::max(kRas + kRp, kRc), Cmd::kAct, 0, 4}},
      // tRC binds only when it exceeds tRAS + tRP (in core cycles, after
      // rounding: not so for DDR4-2400 at 1 GHz, 46 < 33 + 14): else tRP does
      {"tRC", kRc > kRas + kRp ? dram::kRuleRc : dram::kRuleRp,
       {{0, Cmd::kAct, 0, 3}, {kRas, Cmd::kPre, 0, 0}},
       {std::max(kRc, kRas + kRp), Cmd::kAct, 0, 5}},
      {"tRRD", dram::kRuleRrd, {{0, Cmd::kAct, 0, 1}}, {kRrd, Cmd::kAct, 1, 1}},
      {"tFAW", dram::kRuleFaw,
       {{0, Cmd::kAct, 0, 1}, {kRrd, Cmd::kAct, 1, 1}, {2 * kRrd, Cmd::kAct, 2, 1},
        {3 * kRrd, Cmd::kAct, 3, 1}},
       {std::max(kFaw, 4 * kRrd), Cmd::kAct, 4, 1}},
      {"tCCD", dram::kRuleCcd, {{0, Cmd::kAct, 0, 1}, {kRcd, Cmd::kRd, 0, 0}},
       {kRcd + kCcdL, Cmd::kRd, 0, 0}},
      // bank groups: the same rule to a bank of the same group (_L) and of
      // another group (_S)
      {"tRRD_L", dram::kRuleRrd, {{0, Cmd::kAct, 0, 1}}, {kRrdL, Cmd::kAct, kSame, 1}},
      {"tRRD_S", dram::kRuleRrd, {{0, Cmd::kAct, 0, 1}}, {kRrd, Cmd::kAct, kOther, 1}},
      {"tCCD_L", dram::kRuleCcd,
       {{0, Cmd::kAct, 0, 1}, {kRrdL, Cmd::kAct, kSame, 1}, {c0, Cmd::kRd, 0, 0}},
       {c0 + kCcdL, Cmd::kRd, kSame, 0}},
      {"tCCD_S", dram::kRuleCcd,
       {{0, Cmd::kAct, 0, 1}, {kRrdL, Cmd::kAct, kOther, 1}, {c0, Cmd::kRd, 0, 0}},
       {c0 + kCcd, Cmd::kRd, kOther, 0}},
      {"tWTR_L", dram::kRuleWtr,
       {{0, Cmd::kAct, 0, 1}, {kRrdL, Cmd::kAct, kSame, 1}, {c0, Cmd::kWr, 0, 0}},
       {c0 + std::max(twrd_l, kCcdL), Cmd::kRd, kSame, 0}},
      {"tWTR_S", dram::kRuleWtr,
       {{0, Cmd::kAct, 0, 1}, {kRrdL, Cmd::kAct, kOther, 1}, {c0, Cmd::kWr, 0, 0}},
       {c0 + std::max(twrd, kCcd), Cmd::kRd, kOther, 0}},
      {"tWR", dram::kRuleWr, {{0, Cmd::kAct, 0, 1}, {wr_late, Cmd::kWr, 0, 0}},
       {wr_late + twrp, Cmd::kPre, 0, 0}},
      {"tWTR", dram::kRuleWtr, {{0, Cmd::kAct, 0, 1}, {kRcd, Cmd::kWr, 0, 0}},
       {kRcd + std::max(twrd_l, kCcdL), Cmd::kRd, 0, 0}},
      {"tRTP", dram::kRuleRtp, {{0, Cmd::kAct, 0, 1}, {rd_late, Cmd::kRd, 0, 0}},
       {rd_late + kRtp, Cmd::kPre, 0, 0}},
      {"tRTW (CL/CWL data bus)", dram::kRuleRtw, {{0, Cmd::kAct, 0, 1}, {kRcd, Cmd::kRd, 0, 0}},
       {kRcd + std::max(kRtw, kCcdL), Cmd::kWr, 0, 0}},
      {"tRFC", dram::kRuleRfc, {{0, Cmd::kRef, 0, 0}}, {kRfc, Cmd::kAct, 2, 1}},
      {"tRFC REF", dram::kRuleRfc, {{0, Cmd::kRef, 0, 0}}, {kRfc, Cmd::kRef, 0, 0}},
      {"tRP before REF", dram::kRuleRp, {{0, Cmd::kAct, 6, 1}, {kRas, Cmd::kPre, 6, 0}},
       {kRas + kRp, Cmd::kRef, 0, 0}},
      {"tRP after PREA", dram::kRuleRp,
       {{0, Cmd::kAct, 6, 1}, {kRrd, Cmd::kAct, 7, 1}, {kRrd + kRas, Cmd::kPrea, 0, 0}},
       {kRrd + kRas + kRp, Cmd::kRef, 0, 0}},
      {"auto-precharge tRP", dram::kRuleRp, {{0, Cmd::kAct, 0, 1}, {kRcd, Cmd::kRda, 0, 0}},
       {std::max(kRas, kRcd + kRtp) + kRp, Cmd::kAct, 0, 2}},
  };
}

class DramDeviceGate : public ::testing::TestWithParam<size_t> {};

TEST_P(DramDeviceGate, FlaggedOneCycleEarlyLegalOnTime) {
  const Gate g = gates()[GetParam()];
  SCOPED_TRACE(g.name);
  // The reference's rule book, same sequence.
  dram::DramChecker ref(params());
  Device d;
  const uint64_t t0 = 5;  // a few idle cycles after reset
  d.idle(t0);
  auto ref_take = [&](uint64_t at, Cmd c, unsigned bank) {
    EXPECT_EQ(ref.check(at, c, bank), 0u) << "reference: setup command flagged";
    ref.take(at, c, bank);
  };
  for (const Step& s : g.setup) {
    d.idle(unsigned(t0 + s.at - d.t()));
    EXPECT_EQ(d.probe(s.cmd, s.bank, s.row), 0u) << "setup command flagged at " << s.at;
    d.take(s.cmd, s.bank, s.row);
    ref_take(t0 + s.at + 1, s.cmd, s.bank);
  }
  const uint64_t legal = t0 + 1 + g.probe.at;  // the first setup command went at t0 + 1
  d.idle(unsigned(legal - 2 - d.t()));
  const unsigned early = d.probe(g.probe.cmd, g.probe.bank, g.probe.row);
  EXPECT_TRUE(early >> g.rule & 1) << g.name << " not flagged one cycle early (viol "
                                   << std::hex << early << ")";
  EXPECT_TRUE(ref.check(legal - 1, g.probe.cmd, g.probe.bank) >> g.rule & 1)
      << "reference: " << g.name << " not flagged one cycle early";
  d.idle(1);
  EXPECT_EQ(d.probe(g.probe.cmd, g.probe.bank, g.probe.row), 0u) << g.name << " flagged on time";
  EXPECT_EQ(ref.check(legal, g.probe.cmd, g.probe.bank), 0u)
      << "reference: " << g.name << " flagged on time";
  d.take(g.probe.cmd, g.probe.bank, g.probe.row);
  EXPECT_FALSE(d.ctx().gotError()) << "an assertion fired for legal commands";
}

INSTANTIATE_TEST_SUITE_P(AllRules, DramDeviceGate, ::testing::Range(size_t(0), gates().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           std::string n = gates()[info.param].name;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(DramDevice, StateRules) {
  Device d;
  d.idle(3);
  EXPECT_TRUE(d.probe(Cmd::kRd, 2) >> dram::kRuleState & 1) << "RD to a closed bank";
  EXPECT_TRUE(d.probe(Cmd::kWr, 2) >> dram::kRuleState & 1) << "WR to a closed bank";
  EXPECT_EQ(d.probe(Cmd::kPre, 2), 0u) << "PRE to a closed bank is a no-op";
  d.take(Cmd::kAct, 2, 9);
  d.idle(kRrd + 2);
  EXPECT_TRUE(d.probe(Cmd::kAct, 2, 9) >> dram::kRuleState & 1) << "ACT to an open bank";
  EXPECT_TRUE(d.probe(Cmd::kRef, 0) >> dram::kRuleState & 1) << "REF with a bank open";
  EXPECT_FALSE(d.ctx().gotError());
}

TEST(DramDevice, ReadDataExactlyClAfterRd) {
  Device d;
  d.idle(3);
  d.take(Cmd::kAct, 0, 0);
  d.idle(kRcd - 1);
  d.take(Cmd::kWr, 0, 0, 5, 0xfeedf00d);
  d.idle(std::max(kCwl + kBurst + kWtrL, kCcdL) - 1);
  d.take(Cmd::kRd, 0, 0, 5);  // edge t
  for (unsigned k = 1; k < kCl; ++k) {
    EXPECT_FALSE(d.rvalid_now()) << "data " << k << " cycles after RD";
    d.idle(1);
  }
  EXPECT_TRUE(d.rvalid_now()) << "no data CL after RD";
  EXPECT_EQ(d.top().rdata_o, 0xfeedf00du);
  d.idle(1);
  EXPECT_FALSE(d.rvalid_now()) << "data valid for more than one cycle";
}

TEST(DramDevice, RefreshIntervalAtMostMaxPostponed) {
  if (!MMCOSIM_DRAM_REFRESH) GTEST_SKIP() << "refresh off in this configuration";
  Device d;
  dram::DramChecker ref(params());
  // No REF at all: REFs owed grow by one every tREFI; the edge at which one
  // more than MaxPostponed + 1 would be owed is flagged unless it is a REF.
  const uint64_t bad = uint64_t(MMCOSIM_DRAM_MAX_POSTPONED + 2) * kRefi;  // edges after reset
  unsigned ref_flag = 0;
  for (uint64_t e = 1; e < bad; ++e) ref_flag |= ref.tick(e, Cmd::kNop);
  EXPECT_EQ(ref_flag, 0u) << "reference flags tREFI too early";
  d.idle(unsigned(bad - 2));  // the next edge is bad - 1
  EXPECT_EQ(d.probe(Cmd::kNop, 0), 0u) << "flagged before the limit";
  d.idle(1);
  const unsigned v = d.probe(Cmd::kNop, 0);
  EXPECT_TRUE(v >> dram::kRuleRefi & 1) << "too many REFs owed not flagged";
  EXPECT_EQ(d.probe(Cmd::kRef, 0), 0u) << "a REF at the limit is legal";
  dram::DramChecker r2 = ref;
  EXPECT_TRUE(r2.tick(bad, Cmd::kNop) >> dram::kRuleRefi & 1) << "reference does not flag tREFI";
  EXPECT_EQ(ref.tick(bad, Cmd::kRef), 0u) << "reference flags a REF at the limit";
}

TEST(DramDevice, ViolationFiresAnAssertion_bad) {
  Device d;
  d.idle(3);
  d.take(Cmd::kAct, 1, 1);
  EXPECT_FALSE(d.ctx().gotError());
  d.take(Cmd::kRd, 1, 0, 0);  // tRCD violated
  EXPECT_TRUE(d.ctx().gotError()) << "tRCD violation did not fire the device's assertion";
  d.ctx().gotError(false);
  d.ctx().gotFinish(false);
}

}  // namespace
