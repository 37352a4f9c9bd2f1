// Test harness for the Verilated DRAM (rtl/dram/dram_top.sv): a Wishbone
// B4 pipelined master that keeps requests coming back to back, records the
// command bus and every accept/ack edge, and the C++ reference parameters
// of the configuration under test.
//
//   tick(): settle the inputs -> sample stall/ack/data and the command bus
//           (what the edge takes) -> rising edge -> drive the next inputs
//
// Edges are numbered from 1; reset holds rst_ni low for edges 1 and 2, so
// the first live edge is 3 (DramRef::reset(3)).  MMCOSIM_TRACE=1 writes
// <Suite>.<Test>.fst.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Vdram_top.h"
#include "Vdram_top__Dpi.h"
#include "dram_ref.h"
#include "mmcosim_cfg.h"
#include "perf_registry.h"
#include "svdpi.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#ifndef MMCOSIM_TEST_DRAM_PAGE_POLICY
#define MMCOSIM_TEST_DRAM_PAGE_POLICY MMCOSIM_DRAM_PAGE_POLICY
#endif
#ifndef MMCOSIM_TEST_DRAM_SCHEDULER
#define MMCOSIM_TEST_DRAM_SCHEDULER MMCOSIM_DRAM_SCHEDULER
#endif
#ifndef MMCOSIM_TEST_DRAM_ADDR_MAP
#define MMCOSIM_TEST_DRAM_ADDR_MAP MMCOSIM_DRAM_ADDR_MAP
#endif
#ifndef MMCOSIM_TEST_DRAM_ADAPTIVE_IDLE
#define MMCOSIM_TEST_DRAM_ADAPTIVE_IDLE MMCOSIM_DRAM_ADAPTIVE_IDLE
#endif
#ifndef MMCOSIM_TEST_DRAM_ECC
#define MMCOSIM_TEST_DRAM_ECC MMCOSIM_DRAM_ECC_ENABLE
#endif
#ifndef MMCOSIM_TEST_DRAM_PARA
#define MMCOSIM_TEST_DRAM_PARA MMCOSIM_DRAM_MITIGATION_PARA
#endif
#ifndef MMCOSIM_TEST_DRAM_TRR_THRESHOLD
#define MMCOSIM_TEST_DRAM_TRR_THRESHOLD MMCOSIM_DRAM_MITIGATION_TRR_THRESHOLD
#endif
#ifndef MMCOSIM_TEST_DRAM_ADAPTIVE_MAX_HITS
#define MMCOSIM_TEST_DRAM_ADAPTIVE_MAX_HITS MMCOSIM_DRAM_ADAPTIVE_MAX_HITS
#endif

namespace mmcosim_test {

namespace dram = mmcosim::dram;

// The reference's parameters for the RTL under test (config + -G overrides).
inline dram::Params dram_params() {
  dram::Params p;
  p.banks = MMCOSIM_DRAM_BANKS;
  p.rows = MMCOSIM_DRAM_ROWS;
  p.columns = MMCOSIM_DRAM_COLUMNS;
  p.addr_map = MMCOSIM_TEST_DRAM_ADDR_MAP;
  p.queue_depth = MMCOSIM_DRAM_QUEUE_DEPTH;
  p.scheduler = MMCOSIM_TEST_DRAM_SCHEDULER;
  p.page_policy = MMCOSIM_TEST_DRAM_PAGE_POLICY;
  p.adaptive_idle = MMCOSIM_TEST_DRAM_ADAPTIVE_IDLE;
  p.adaptive_max_hits = MMCOSIM_TEST_DRAM_ADAPTIVE_MAX_HITS;
  p.refresh = MMCOSIM_DRAM_REFRESH;
  p.rows_per_ref = MMCOSIM_DRAM_ROWS_PER_REF;
  p.max_postponed = MMCOSIM_DRAM_MAX_POSTPONED;
  p.retention = MMCOSIM_DRAM_CK_RETENTION;
  p.leak_value = MMCOSIM_DRAM_LEAK_VALUE;
  p.cl = MMCOSIM_DRAM_CK_CL;
  p.cwl = MMCOSIM_DRAM_CK_CWL;
  p.burst = MMCOSIM_DRAM_CK_BURST;
  p.rcd = MMCOSIM_DRAM_CK_RCD;
  p.rp = MMCOSIM_DRAM_CK_RP;
  p.ras = MMCOSIM_DRAM_CK_RAS;
  p.rc = MMCOSIM_DRAM_CK_RC;
  p.ccd = MMCOSIM_DRAM_CK_CCD;
  p.rrd = MMCOSIM_DRAM_CK_RRD;
  p.faw = MMCOSIM_DRAM_CK_FAW;
  p.wr = MMCOSIM_DRAM_CK_WR;
  p.wtr = MMCOSIM_DRAM_CK_WTR;
  p.rtp = MMCOSIM_DRAM_CK_RTP;
  p.rfc = MMCOSIM_DRAM_CK_RFC;
  p.refi = MMCOSIM_DRAM_CK_REFI;
  p.rtw = MMCOSIM_DRAM_CK_RTW;
  p.burst_words = 2 * MMCOSIM_DRAM_TIMING_BURST;
  p.bank_groups = MMCOSIM_DRAM_BANK_GROUPS;
  p.ccd_l = MMCOSIM_DRAM_CK_CCD_L;
  p.rrd_l = MMCOSIM_DRAM_CK_RRD_L;
  p.wtr_l = MMCOSIM_DRAM_CK_WTR_L;
  p.rh_enable = MMCOSIM_DRAM_ROWHAMMER_ENABLE;
  p.rh_threshold = MMCOSIM_DRAM_ROWHAMMER_THRESHOLD;
  p.rh_radius = MMCOSIM_DRAM_ROWHAMMER_RADIUS;
  p.rh_bits = MMCOSIM_DRAM_ROWHAMMER_BITS;
  p.rh_seed = MMCOSIM_DRAM_ROWHAMMER_SEED;
  p.ecc = MMCOSIM_TEST_DRAM_ECC;
  p.para = MMCOSIM_TEST_DRAM_PARA;
  p.trr_threshold = MMCOSIM_TEST_DRAM_TRR_THRESHOLD;
  p.trr_entries = MMCOSIM_DRAM_MITIGATION_TRR_ENTRIES;
  p.mit_radius = MMCOSIM_DRAM_MITIGATION_RADIUS;
  p.mit_seed = MMCOSIM_DRAM_MITIGATION_SEED;
  return p;
}

// Set by the DPI import, called from dram_cells' initial block.
struct DramRegistration {
  svScope scope = nullptr;
  uint32_t bytes = 0;
};
inline DramRegistration g_dram;

class DramHarness {
 public:
  static constexpr uint32_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr uint64_t kFirstLiveEdge = 3;

  DramHarness() {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->fatalOnError(false);
    const char* trace = std::getenv("MMCOSIM_TRACE");
    const bool tracing = trace && std::string(trace) == "1";
    if (tracing) ctx_->traceEverOn(true);
    g_dram = DramRegistration{};
    rtl_perf_reset();
    top_ = std::make_unique<Vdram_top>(ctx_.get(), "top");
    if (tracing) {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "dram";
      for (char& c : name)
        if (c == '/') c = '_';
      tfp_ = std::make_unique<VerilatedFstC>();
      top_->trace(tfp_.get(), 99);
      tfp_->open((name + ".fst").c_str());
    }
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->eval();  // initial blocks: mmcosim_mem_register, perf blocks
    tick();
    tick();
    top_->rst_ni = 1;
  }
  ~DramHarness() {
    if (tfp_) tfp_->close();
    top_->final();
  }

  Vdram_top& top() { return *top_; }
  VerilatedContext& ctx() { return *ctx_; }
  uint64_t edge() const { return edge_; }
  uint64_t next_edge() const { return edge_ + 1; }

  // One edge with the current inputs.  Returns what was sampled before it.
  struct Sample {
    bool stall, ack, err;
    uint32_t rdata;
  };
  Sample tick() {
    top_->eval();
    dump(10 * edge_ + 5);
    ++edge_;
    Sample s{top_->wb_stall_o != 0, top_->wb_ack_o != 0, top_->wb_err_o != 0, top_->wb_dat_o};
    const uint64_t c = top_->dbg_cmd_o;
    if (top_->rst_ni && (c >> 48 & 1)) {
      dram::Command cmd;
      cmd.edge = edge_;
      cmd.cmd = static_cast<dram::Cmd>(c & 0xf);
      cmd.bank = unsigned(c >> 4 & 0xf);
      cmd.row = unsigned(c >> 8 & 0xffffff);
      cmd.col = unsigned(c >> 32 & 0xffff);
      cmd.len = unsigned(c >> 49 & 0x7f);
      cmds.push_back(cmd);
    }
    if (top_->dbg_viol_o && top_->rst_ni) viol_seen |= top_->dbg_viol_o;
    top_->clk_i = 1;
    top_->eval();
    dump(10 * edge_);
    top_->clk_i = 0;
    if (ctx_->gotError()) {
      ADD_FAILURE() << "RTL assertion failed at edge " << edge_;
      ctx_->gotError(false);
      ctx_->gotFinish(false);
    }
    return s;
  }

  void idle_until(uint64_t last) {
    set_bus(false, dram::Request{}, false);
    while (edge_ < last) tick();
  }

  // The same protocol as dram::DramRef::run: request k is presented from
  // max(not_before, accept of k-1 + 1) until accepted.
  std::vector<dram::Completion> run(const std::vector<dram::Request>& reqs,
                                    uint64_t max_edges = 10000000) {
    std::vector<dram::Completion> done(reqs.size());
    size_t next = 0, acked = 0;
    uint64_t ready = 0;
    std::deque<size_t> outstanding;
    const uint64_t limit = edge_ + max_edges;
    bool in_burst = false;  // cyc held from a burst's first beat to its last
    while (acked < reqs.size() && edge_ < limit) {
      const uint64_t e = edge_ + 1;
      const bool stb = next < reqs.size() && e >= std::max(ready, reqs[next].not_before);
      set_bus(stb, stb ? reqs[next] : dram::Request{}, in_burst);
      Sample s = tick();
      EXPECT_FALSE(s.ack && s.err) << "ack and err at " << e;
      if (s.ack || s.err) {
        EXPECT_FALSE(outstanding.empty()) << "ack without request at " << e;
        if (outstanding.empty()) break;
        const size_t k = outstanding.front();
        outstanding.pop_front();
        done[k].ack = e;
        done[k].rdata = s.rdata;
        done[k].err = s.err;
        ++acked;
      }
      if (stb && !s.stall) {
        in_burst = reqs[next].cti == dram::kBurst;
        done[next].accept = e;
        outstanding.push_back(next);
        ++next;
        ready = e + 1;
      }
    }
    set_bus(false, dram::Request{}, false);
    EXPECT_EQ(acked, reqs.size()) << "requests not acked within " << max_edges << " edges";
    return done;
  }

  uint32_t peek(uint32_t offset) {
    svSetScope(g_dram.scope);
    return mmcosim_mem_read32(offset);
  }
  void poke(uint32_t offset, uint32_t data, uint32_t mask = 0xf) {
    svSetScope(g_dram.scope);
    mmcosim_mem_write32(offset, data, mask);
  }
  // ECC error injection (dram_cells): inverts stored data / check bits.
  void inject(uint32_t offset, uint32_t data_xor, uint32_t check_xor) {
    svSetScope(g_dram.scope);
    EXPECT_EQ(mmcosim_mem_inject32(offset, data_xor, check_xor), 0) << "inject at " << offset;
  }

  std::vector<dram::Command> cmds;
  uint32_t viol_seen = 0;

 private:
  void set_bus(bool stb, const dram::Request& r, bool cyc_held) {
    top_->wb_cyc_i = stb || cyc_held;
    top_->wb_stb_i = stb;
    top_->wb_cti_i = r.cti;
    top_->wb_bte_i = 0;
    top_->wb_adr_i = kBase + r.offset;
    top_->wb_we_i = r.we;
    top_->wb_sel_i = r.sel;
    top_->wb_dat_i = r.wdata;
  }
  void dump(uint64_t t) {
    ctx_->time(t);
    if (tfp_) tfp_->dump(t);
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vdram_top> top_;
  std::unique_ptr<VerilatedFstC> tfp_;
  uint64_t edge_ = 0;
};

// Runs `reqs` on the RTL and on the reference from the harness's next edge
// and checks they agree: every command (edge, kind, bank, row, column),
// every accept and ack edge, all read data.  Returns the completions.
inline std::vector<dram::Completion> expect_agreement(DramHarness& h, dram::DramRef& ref,
                                                      const std::vector<dram::Request>& reqs,
                                                      const char* what) {
  // Commands since the reference last ran (the harness may have idled
  // since; the reference idles through the same edges in run()).
  const uint64_t from = ref.next_edge();
  const size_t r0 = ref.commands().size();
  size_t c0 = h.cmds.size();
  while (c0 > 0 && h.cmds[c0 - 1].edge >= from) --c0;
  const uint64_t first = h.next_edge();
  std::vector<dram::Request> shifted = reqs;
  auto got = h.run(reqs);
  auto want = ref.run(shifted, first);
  EXPECT_EQ(h.edge() + 1, ref.next_edge()) << what;
  size_t bad = 0;
  for (size_t i = 0; i < reqs.size() && bad < 5; ++i) {
    if (got[i].accept != want[i].accept || got[i].ack != want[i].ack ||
        got[i].err != want[i].err || (!reqs[i].we && got[i].rdata != want[i].rdata)) {
      ++bad;
      ADD_FAILURE() << what << ": request " << i << (reqs[i].we ? " W " : " R ") << std::hex
                    << reqs[i].offset << std::dec << ": RTL accept/ack " << got[i].accept << "/"
                    << got[i].ack << (got[i].err ? " err" : "") << " data " << std::hex
                    << got[i].rdata << std::dec << ", reference " << want[i].accept << "/"
                    << want[i].ack << (want[i].err ? " err" : "") << " data " << std::hex
                    << want[i].rdata;
    }
  }
  const std::vector<dram::Command> rtl(h.cmds.begin() + c0, h.cmds.end());
  const std::vector<dram::Command> mdl(ref.commands().begin() + r0, ref.commands().end());
  EXPECT_EQ(rtl.size(), mdl.size()) << what << ": command count";
  for (size_t i = 0; i < std::min(rtl.size(), mdl.size()); ++i) {
    if (!(rtl[i] == mdl[i])) {
      ADD_FAILURE() << what << ": command " << i << " RTL " << dram::to_string(rtl[i])
                    << " reference " << dram::to_string(mdl[i]);
      break;
    }
  }
  EXPECT_EQ(ref.violations(), 0u) << what << ": the reference broke a timing rule";
  EXPECT_EQ(h.viol_seen, 0u) << what << ": the RTL device flagged a timing rule";
  return got;
}

}  // namespace mmcosim_test
