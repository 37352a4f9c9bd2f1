// Test harness for the Verilated mem_subsys (rtl/soc/mem_subsys.sv).
//
// MemSubsysHarness<Model> owns one Verilated model and plays the CPU model
// and the SystemC devices around it, cycle by cycle, with the timing of
// docs/ports.md:
//
//   tick():  settle the inputs driven after the last edge
//            -> sample what the CPU and the devices see at this edge
//               (ready, responses, MMIO request, HTIF pulse)
//            -> rising edge -> drive the inputs for the next cycle.
//
// Each CPU port (kFetch, kData) has a queue of requests.  A request is driven
// at an edge, held until the handshake edge (valid && ready), and its
// response is recorded with the edge numbers, so tests can check exact
// latencies.  The MMIO port is answered by a C++ responder (mmio_handler)
// after a configurable number of extra edges.  The DPI import
// mmcosim_mem_register records the memory's scope for the backdoor.
// MMCOSIM_TRACE=1 writes <Suite>.<Test>.fst into the working directory.
#pragma once

#include "perf_registry.h"

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Vmem_subsys.h"
#include "Vmem_subsys__Dpi.h"
#include "mmcosim_cfg.h"
#include "svdpi.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#ifndef MMCOSIM_TEST_MEM_LATENCY
#define MMCOSIM_TEST_MEM_LATENCY MMCOSIM_MEM_LATENCY
#endif
#ifndef MMCOSIM_TEST_MEM_SRAM
#define MMCOSIM_TEST_MEM_SRAM MMCOSIM_MEM_SRAM
#endif

namespace mmcosim_test {

// Set by the DPI import, called from mem_sram_array's initial block.
struct MemRegistration {
  svScope scope = nullptr;
  uint32_t bytes = 0;
  int calls = 0;
};
inline MemRegistration g_mem;

enum Port { kFetch = 0, kData = 1 };

struct Req {
  uint32_t addr = 0;
  uint8_t kind = MMCOSIM_PORT_KIND_LOAD;
  uint8_t size = MMCOSIM_PORT_SIZE_WORD;
  bool we = false;
  uint32_t wdata = 0;
};

struct Rsp {
  Req req;
  uint32_t rdata = 0;
  bool fault = false;
  uint8_t cause = 0;
  uint64_t drive_edge = 0;   // edge after which valid was first driven
  uint64_t accept_edge = 0;  // handshake edge
  uint64_t rsp_edge = 0;     // edge at which the response was sampled
  uint64_t from_drive() const { return rsp_edge - drive_edge; }
  uint64_t from_accept() const { return rsp_edge - accept_edge; }
};

struct MmioReq {
  uint32_t addr = 0;
  bool we = false;
  uint8_t sel = 0;
  uint32_t wdata = 0;
  uint64_t edge = 0;
};

struct MmioReply {
  uint32_t rdata = 0;
  bool err = false;
  unsigned delay = 0;  // extra edges before answering (0 = first chance)
};

struct HtifEvent {
  uint32_t data = 0;
  uint64_t edge = 0;
};

inline uint64_t bits(uint64_t v, int hi, int lo) {
  return (v >> lo) & ((uint64_t{1} << (hi - lo + 1)) - 1);
}

template <class Model>
class MemSubsysHarness {
 public:
  static constexpr uint32_t kDramBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  static constexpr uint32_t kDramSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;

  MemSubsysHarness() {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->fatalOnError(false);  // assertion failures become test failures
    const char* trace = std::getenv("MMCOSIM_TRACE");
    if (trace && std::string(trace) == "1") ctx_->traceEverOn(true);
    g_mem = MemRegistration{};
    rtl_perf_reset();  // a new model registers its counter blocks anew
    top_ = std::make_unique<Model>(ctx_.get(), "top");
    if (trace && std::string(trace) == "1") {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      std::string name = info ? std::string(info->test_suite_name()) + "." + info->name()
                              : std::string("mem_subsys");
      for (char& c : name)
        if (c == '/') c = '_';
      tfp_ = std::make_unique<VerilatedFstC>();
      top_->trace(tfp_.get(), 99);
      tfp_->open((name + ".fst").c_str());
    }
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->csr_i = uint64_t{3} << 32 | uint64_t{3} << 34;  // M mode, Bare
    top_->eval();  // runs the initial blocks: mmcosim_mem_register
    reset();
  }

  ~MemSubsysHarness() {
    if (tfp_) tfp_->close();
    top_->final();
  }

  Model& top() { return *top_; }
  VerilatedContext& ctx() { return *ctx_; }
  uint64_t edge() const { return edge_; }

  // Synchronous reset for `cycles` edges; drops every queued request.
  void reset(int cycles = 2) {
    for (auto& p : ports_) p = PortState{};
    mmio_pending_.clear();
    top_->ireq_i = 0;
    top_->dreq_i = 0;
    top_->dreq_wdata_i = 0;
    top_->mmio_rsp_i = 0;
    top_->rst_ni = 0;
    for (int i = 0; i < cycles; ++i) tick();
    top_->rst_ni = 1;
  }

  // One clock cycle: sample at the coming edge, clock it, drive the next inputs.
  void tick() {
    top_->eval();
    dump(10 * edge_ + 5);
    if (ctx_->gotError()) {
      ADD_FAILURE() << "RTL assertion failed before edge " << edge_ + 1;
      ctx_->gotError(false);
      ctx_->gotFinish(false);
    }
    ++edge_;
    const bool in_reset = !top_->rst_ni;
    // --- sample (values during the cycle that ends at this edge)
    sample_port(kFetch, top_->ireq_ready_o, top_->irsp_o);
    sample_port(kData, top_->dreq_ready_o, top_->drsp_o);
    const uint64_t mreq = top_->mmio_req_o;
    MmioReq mr;
    bool mmio_seen = false;
    if (bits(mreq, 32, 32) && !in_reset) {
      mr = MmioReq{static_cast<uint32_t>(bits(mreq, 31, 0)), bits(mreq, 33, 33) != 0,
                   static_cast<uint8_t>(bits(mreq, 37, 34)), top_->mmio_wdata_o, edge_};
      mmio_seen = true;
    }
    if (bits(top_->htif_o, 32, 32) && !in_reset)
      htif.push_back(HtifEvent{static_cast<uint32_t>(top_->htif_o), edge_});
    // --- the edge
    top_->clk_i = 1;
    top_->eval();
    dump(10 * edge_);
    top_->clk_i = 0;
    // --- drive (inputs change only right after the edge)
    drive_mmio(mmio_seen, mr);
    drive_port(kFetch);
    drive_port(kData);
  }

  // Queue a request on a port; it is driven at the next opportunity.
  void issue(Port p, const Req& r) { ports_[p].queue.push_back(r); }

  // Pause `gap` cycles with valid=0 before the next queued request of port p.
  void set_gap(Port p, unsigned gap) { ports_[p].gap = gap; }

  bool idle() const {
    for (const auto& p : ports_)
      if (!p.queue.empty() || p.driving || p.outstanding) return false;
    return mmio_pending_.empty();
  }

  // Run until every queued request has its response; false on timeout.
  bool run_until_idle(uint64_t max_cycles = 100000) {
    for (uint64_t i = 0; i < max_cycles; ++i) {
      if (idle()) return true;
      tick();
    }
    return idle();
  }

  // Single access on one port, run to completion.
  Rsp access(Port p, const Req& r) {
    issue(p, r);
    EXPECT_TRUE(run_until_idle()) << "no response";
    EXPECT_FALSE(responses[p].empty());
    if (responses[p].empty()) return Rsp{};
    Rsp rsp = responses[p].back();
    return rsp;
  }

  // Backdoor through the DPI exports (byte offsets from dram_base).
  uint32_t peek(uint32_t offset) {
    svSetScope(g_mem.scope);
    return mmcosim_mem_read32(offset);
  }
  void poke(uint32_t offset, uint32_t data, uint32_t mask = 0xf) {
    svSetScope(g_mem.scope);
    mmcosim_mem_write32(offset, data, mask);
  }

  std::vector<Rsp> responses[2];
  // Called at each response edge, before the next request is driven: a
  // request issued from it is driven at that edge, as the CPU drives an
  // AMO's write half.
  std::function<void(Port, const Rsp&)> on_response;
  std::vector<MmioReq> mmio_log;
  std::vector<HtifEvent> htif;
  // Devices: answer each MMIO request (default: read 0, no error, no delay).
  std::function<MmioReply(const MmioReq&)> mmio_handler = [](const MmioReq&) {
    return MmioReply{};
  };

 private:
  struct PortState {
    std::deque<Req> queue;
    bool driving = false;
    bool outstanding = false;
    Req cur;
    uint64_t drive_edge = 0, accept_edge = 0;
    unsigned gap = 0, wait = 0;
  };
  struct MmioPending {
    MmioReply reply;
    uint64_t answer_edge;  // drive the response right after this edge
  };

  void sample_port(Port p, bool ready, uint64_t rsp) {
    PortState& s = ports_[p];
    if (!top_->rst_ni) return;
    // A response sampled at this edge belongs to the outstanding request.
    if (bits(rsp, 32, 32)) {
      EXPECT_TRUE(s.outstanding) << "port " << p << ": response without request at edge " << edge_;
      Rsp r;
      r.req = s.cur;
      r.rdata = static_cast<uint32_t>(bits(rsp, 31, 0));
      r.fault = bits(rsp, 33, 33) != 0;
      r.cause = static_cast<uint8_t>(bits(rsp, 38, 34));
      r.drive_edge = s.drive_edge;
      r.accept_edge = s.accept_edge;
      r.rsp_edge = edge_;
      responses[p].push_back(r);
      s.outstanding = false;
      s.wait = s.gap;
      if (on_response) on_response(p, r);
    }
    if (s.driving && ready) {
      s.driving = false;
      s.outstanding = true;
      s.accept_edge = edge_;
    }
  }

  void drive_port(Port p) {
    PortState& s = ports_[p];
    if (!s.driving && !s.outstanding && top_->rst_ni) {
      if (s.wait > 0) {
        --s.wait;
      } else if (!s.queue.empty()) {
        s.cur = s.queue.front();
        s.queue.pop_front();
        s.driving = true;
        s.drive_edge = edge_;
      }
    }
    const Req& r = s.cur;
    const uint64_t valid = s.driving ? 1 : 0;
    if (p == kFetch) {
      top_->ireq_i = s.driving ? (uint64_t{r.addr} | valid << 32 | uint64_t{r.kind} << 33) : 0;
    } else {
      top_->dreq_i = s.driving ? (uint64_t{r.addr} | valid << 32 | uint64_t{r.kind} << 33 |
                                  uint64_t{r.size} << 36 | uint64_t{r.we} << 38)
                               : 0;
      top_->dreq_wdata_i = s.driving ? r.wdata : 0;
    }
  }

  void drive_mmio(bool seen, const MmioReq& mr) {
    top_->mmio_rsp_i = 0;
    if (!top_->rst_ni) {
      mmio_pending_.clear();
      return;
    }
    if (seen) {
      mmio_log.push_back(mr);
      MmioReply reply = mmio_handler(mr);
      mmio_pending_.push_back(MmioPending{reply, mr.edge + reply.delay});
    }
    if (!mmio_pending_.empty() && mmio_pending_.front().answer_edge <= edge_) {
      const MmioReply& rp = mmio_pending_.front().reply;
      top_->mmio_rsp_i = uint64_t{rp.rdata} | uint64_t{1} << 32 | uint64_t{rp.err} << 33;
      mmio_pending_.pop_front();
    }
  }

  void dump(uint64_t t) {
    ctx_->time(t);
    if (tfp_) tfp_->dump(t);
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> top_;
  std::unique_ptr<VerilatedFstC> tfp_;
  PortState ports_[2];
  std::deque<MmioPending> mmio_pending_;
  uint64_t edge_ = 0;
};

}  // namespace mmcosim_test
