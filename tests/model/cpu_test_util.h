// Test doubles for the CPU model: a flat test memory with two ports of
// configurable latency (docs/ports.md protocol, checked), a fake platform
// and a recording sideband; plus the CpuTest fixture that owns a Cpu wired
// to them and runs programs written with rv_asm.h.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config_table.h"
#include "cpu.h"
#include "mmcosim_cfg.h"
#include "rv_asm.h"
#include "stats.h"

namespace mmcosim {
namespace test {

constexpr uint32_t kDramBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr uint32_t kTestMemSize = 64 * 1024;

class TestMem;

// One accepted request as seen by a port.
struct PortLogEntry {
  uint64_t edge;  // edge at which it was accepted
  MemReq req;
};

// One port of the test memory.  Timing: a request driven during edge E is
// accepted at edge E+1+ready_delay; its response comes `latency` edges
// after acceptance (0: at the acceptance edge).  The port counts protocol
// violations (request changed while waiting, withdrawn, second request
// before the response, wrong kind for the port).
class TestPort : public MemPortIf {
 public:
  TestPort(TestMem* mem, bool is_fetch) : mem_(mem), is_fetch_(is_fetch) {}

  unsigned latency = 0;
  unsigned ready_delay = 0;
  std::vector<PortLogEntry> log;
  int protocol_errors = 0;

  bool accepted() override;
  bool response(MemRsp* rsp) override;
  void drive(const MemReq& req) override;
  void idle() override;
  // Forgets any request or response in flight (for a new Cpu).
  void reset() {
    edge_ = 0;
    presented_ = rsp_pending_ = false;
    log.clear();
  }

 private:
  TestMem* mem_;
  bool is_fetch_;
  uint64_t edge_ = 0;
  bool presented_ = false;
  uint64_t present_edge_ = 0;
  MemReq req_;
  bool rsp_pending_ = false;
  uint64_t rsp_edge_ = 0;
  MemRsp rsp_;
};

// Flat byte array at kDramBase; everything else is a hole answering the
// access fault of the request's type.  A cache-block request (cbo.*) is
// checked like an access to its first word; cbo.zero zeroes the block.  Words listed with add_page_fault()
// answer page faults instead.
class TestMem {
 public:
  TestMem() : fetch(this, true), data(this, false), bytes_(kTestMemSize, 0) {}

  void load(uint32_t addr, const std::vector<uint8_t>& b) {
    for (size_t k = 0; k < b.size(); ++k)
      write8(addr + static_cast<uint32_t>(k), b[k]);
  }
  bool contains(uint32_t addr) const {
    return addr >= kDramBase && addr - kDramBase < bytes_.size();
  }
  uint8_t read8(uint32_t a) const { return bytes_.at(a - kDramBase); }
  void write8(uint32_t a, uint8_t v) { bytes_.at(a - kDramBase) = v; }
  uint32_t read32(uint32_t a) const {
    uint32_t v = 0;
    for (int k = 3; k >= 0; --k) v = (v << 8) | read8(a + k);
    return v;
  }
  void write32(uint32_t a, uint32_t v) {
    for (int k = 0; k < 4; ++k)
      write8(a + k, static_cast<uint8_t>(v >> (8 * k)));
  }
  void add_page_fault(uint32_t word_addr) {
    page_faults_.insert(word_addr & ~3u);
  }

  // Performs a request (at its acceptance) and returns the response.
  MemRsp access(const MemReq& r);

  TestPort fetch;
  TestPort data;

 private:
  std::vector<uint8_t> bytes_;
  std::set<uint32_t> page_faults_;
};

inline MemRsp TestMem::access(const MemReq& r) {
  MemRsp rsp;
  uint8_t access_cause = MMCOSIM_PORT_CAUSE_STORE_ACCESS;
  uint8_t page_cause = MMCOSIM_PORT_CAUSE_STORE_PAGE;
  switch (r.kind) {
    case AccessKind::kSfence:
    case AccessKind::kFenceI:
      return rsp;
    case AccessKind::kFetch:
      access_cause = MMCOSIM_PORT_CAUSE_FETCH_ACCESS;
      page_cause = MMCOSIM_PORT_CAUSE_FETCH_PAGE;
      break;
    case AccessKind::kLoad:
    case AccessKind::kLr:
      access_cause = MMCOSIM_PORT_CAUSE_LOAD_ACCESS;
      page_cause = MMCOSIM_PORT_CAUSE_LOAD_PAGE;
      break;
    default:
      break;
  }
  const uint32_t word = r.addr & ~3u;
  if (page_faults_.count(word)) {
    rsp.fault = true;
    rsp.cause = page_cause;
    return rsp;
  }
  if (!contains(word)) {
    rsp.fault = true;
    rsp.cause = access_cause;
    return rsp;
  }
  if (r.size == MMCOSIM_PORT_SIZE_BLOCK) {  // cbo.*: only cbo.zero changes memory
    if (r.we)
      for (uint32_t k = 0; k < MMCOSIM_CACHE_DCACHE_LINE; ++k) write8(word + k, 0);
    return rsp;
  }
  rsp.rdata = read32(word);
  if (r.we) {
    const unsigned lane = r.addr & 3;
    for (unsigned k = lane; k < lane + (1u << r.size) && k < 4; ++k) {
      write8(word + k, static_cast<uint8_t>(r.wdata >> (8 * k)));
    }
  }
  return rsp;
}

inline bool TestPort::accepted() {
  ++edge_;
  if (!presented_ || edge_ < present_edge_ + 1 + ready_delay) return false;
  presented_ = false;
  if (rsp_pending_) ++protocol_errors;
  const bool fetch_kind =
      req_.kind == AccessKind::kFetch || req_.kind == AccessKind::kFenceI;
  if (fetch_kind != is_fetch_) ++protocol_errors;
  log.push_back({edge_, req_});
  rsp_ = mem_->access(req_);
  rsp_pending_ = true;
  rsp_edge_ = edge_ + latency;
  return true;
}

inline bool TestPort::response(MemRsp* rsp) {
  if (!rsp_pending_ || edge_ != rsp_edge_) return false;
  *rsp = rsp_;
  rsp_pending_ = false;
  return true;
}

inline void TestPort::drive(const MemReq& req) {
  if (presented_) {
    if (req.addr != req_.addr || req.wdata != req_.wdata ||
        req.size != req_.size || req.kind != req_.kind || req.we != req_.we) {
      ++protocol_errors;  // changed while waiting for ready
    }
    return;
  }
  if (rsp_pending_) ++protocol_errors;  // second request outstanding
  req_ = req;
  presented_ = true;
  present_edge_ = edge_;
}

inline void TestPort::idle() {
  if (presented_) {
    ++protocol_errors;  // withdrawn before acceptance
    presented_ = false;
  }
}

// Interrupt lines and mtime set by the test; hpm events read the Stats
// object plus a per-event bias.
class FakePlatform : public PlatformIf {
 public:
  explicit FakePlatform(Stats* stats) : stats_(stats) {}
  uint32_t lines = 0;
  uint64_t time_bias = 0;
  uint64_t event_bias[MMCOSIM_EVENT_COUNT] = {};
  uint64_t last_irq_cycle = 0;

  uint64_t mtime(uint64_t cycle) override { return cycle / 4 + time_bias; }
  uint32_t irq_lines(uint64_t cycle) override {
    last_irq_cycle = cycle;
    return lines;
  }
  uint64_t hpm_event(unsigned event) override {
    if (event == 0 || event >= MMCOSIM_EVENT_COUNT) return 0;
    return stats_->read_event(event) + event_bias[event];
  }

 private:
  Stats* stats_;
};

class RecordingSideband : public CsrSidebandIf {
 public:
  std::vector<CsrSideband> updates;
  void update(const CsrSideband& sb) override { updates.push_back(sb); }
};

struct TrapRecord {
  uint32_t cause, epc, tval;
  unsigned to_priv;
  uint64_t tick;  // fixture tick count when taken
};
struct RetireRecord {
  uint32_t pc, insn;
  uint64_t tick;  // fixture tick count at retire (edge number)
};

inline const SimConfig& default_config() {
  for (unsigned k = 0; k < kConfigCount; ++k) {
    if (std::string(kConfigs[k].name) == "default") return kConfigs[k];
  }
  return kConfigs[0];
}

// Fixture: build a Program at kDramBase, call Boot(), then Run*().
class CpuTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kBase = kDramBase;
  static constexpr uint32_t kData = kDramBase + 0x8000;     // scratch data
  static constexpr uint32_t kHandler = kDramBase + 0x4000;  // trap handler
  static constexpr uint32_t kHole = 0x40000000;             // no device

  CpuTest() : platform(&stats), prog(kBase) { cfg = default_config(); }

  // Loads `p` (default: prog) and resets the core at its base.
  void Boot() { Boot(prog); }
  void Boot(const rvasm::Program& p) {
    mem.load(p.base(), p.bytes());
    mem.fetch.reset();
    mem.data.reset();
    traps.clear();
    retired.clear();
    ticks = 0;
    cpu = std::make_unique<Cpu>(cfg, &mem.fetch, &mem.data, &sideband,
                                &platform, &stats);
    cpu->set_retire_hook([this](uint32_t pc, uint32_t insn) {
      retired.push_back({pc, insn, ticks});
    });
    cpu->set_trap_hook(
        [this](uint32_t cause, uint32_t epc, uint32_t tval, unsigned to_priv) {
          traps.push_back({cause, epc, tval, to_priv, ticks});
        });
    cpu->reset(p.base());
  }
  // Sets every base latency to `l` (trap latency to `trap`).
  void SetLatencies(uint64_t l, uint64_t trap = 0) {
    cfg.cpu_latency_alu = cfg.cpu_latency_branch_not_taken =
        cfg.cpu_latency_branch_taken = cfg.cpu_latency_jump =
            cfg.cpu_latency_load = cfg.cpu_latency_store = cfg.cpu_latency_mul =
                cfg.cpu_latency_div = cfg.cpu_latency_csr =
                    cfg.cpu_latency_amo = cfg.cpu_latency_fence =
                        cfg.cpu_latency_system = l;
    cfg.cpu_latency_trap = trap;
  }

  void Tick(uint64_t n = 1) {
    for (uint64_t k = 0; k < n; ++k) {
      ++ticks;
      cpu->tick();
    }
  }
  // Runs until `n` instructions retired in total; false on timeout.
  bool RunUntilInstret(uint64_t n, uint64_t max_ticks = 100000) {
    for (uint64_t k = 0; k < max_ticks && cpu->instret() < n; ++k) Tick();
    return cpu->instret() >= n;
  }
  // Runs until one more trap is taken; false on timeout.
  bool RunUntilTrap(uint64_t max_ticks = 100000) {
    const size_t n = traps.size();
    for (uint64_t k = 0; k < max_ticks && traps.size() == n; ++k) Tick();
    return traps.size() > n;
  }
  // Runs until an EBREAK (breakpoint trap) is taken; false on timeout.
  bool RunToBreak(uint64_t max_ticks = 100000) {
    const size_t n = traps.size();
    for (uint64_t k = 0; k < max_ticks; ++k) {
      Tick();
      if (traps.size() > n && traps.back().cause == rv::kCauseBreakpoint) {
        return true;
      }
    }
    return false;
  }
  uint32_t Csr(uint16_t addr) {
    uint32_t v = 0;
    EXPECT_TRUE(cpu->csr_peek(addr, &v)) << "csr " << addr;
    return v;
  }
  // Emits code that drops from M to privilege `p` and continues after it
  // (mstatus is overwritten with MPP = p).
  void EmitEnterPriv(rvasm::Program& p, unsigned priv) {
    using namespace rvasm;
    p.li(t6, priv << rv::kMstatusMppShift);
    p.i(csrw(rv::kCsrMstatus, t6));
    p.i(auipc(t6, 0));
    p.i(addi(t6, t6, 16));
    p.i(csrw(rv::kCsrMepc, t6));
    p.i(mret());
  }
  // Runs a program ending in EBREAK and expects it to get there without
  // other traps.
  void RunProgram(uint64_t max_ticks = 100000) {
    ASSERT_TRUE(RunToBreak(max_ticks));
    ASSERT_EQ(traps.size(), 1u) << "unexpected trap, cause " << traps[0].cause;
  }

  // Runs `insn` once with a1 = a, a2 = b (then EBREAK); returns a0.
  uint32_t RunOne(uint32_t insn, uint32_t a, uint32_t b = 0) {
    rvasm::Program p(kBase);
    p.i(insn).i(rvasm::ebreak());
    Boot(p);
    cpu->set_reg(rvasm::a1, a);
    cpu->set_reg(rvasm::a2, b);
    RunProgram();
    return cpu->reg(rvasm::a0);
  }

  void TearDown() override {
    EXPECT_EQ(mem.fetch.protocol_errors, 0);
    EXPECT_EQ(mem.data.protocol_errors, 0);
  }

  SimConfig cfg;
  TestMem mem;
  Stats stats;
  FakePlatform platform;
  RecordingSideband sideband;
  std::unique_ptr<Cpu> cpu;
  rvasm::Program prog;
  std::vector<TrapRecord> traps;
  std::vector<RetireRecord> retired;
  uint64_t ticks = 0;
};

}  // namespace test
}  // namespace mmcosim
