// The functional mode of the core (Cpu::run_functional, resume_timed,
// save_state/load_state) against the cycle-accurate state machine on the
// same test memory: the same program gives the same registers, memory,
// retired instructions and traps.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

// FuncMemIf over the test memory: every request answered at once; no host
// page, so every fetch goes through access() as well.
class TestFuncMem : public FuncMemIf {
 public:
  explicit TestFuncMem(TestMem* m) : m_(m) {}
  const uint8_t* fetch_page(uint32_t) override { return nullptr; }
  MemRsp access(const MemReq& req) override {
    ++requests;
    return m_->access(req);
  }
  unsigned requests = 0;

 private:
  TestMem* m_;
};

class FunctionalTest : public CpuTest {
 protected:
  // Sums 8 words at kData into a0 (loads, a loop, a compressed add), then
  // amoadd, LR/SC and a store of the sum; ends with EBREAK.
  void BuildProgram() {
    for (uint32_t k = 0; k < 8; ++k) mem.write32(kData + 4 * k, 100 + 7 * k);
    prog.li(a1, kData).li(a2, 8).li(a0, 0);
    const uint32_t loop = prog.here();
    prog.i(lw(a3, a1, 0));
    prog.c(0x9536);  // c.add a0, a3
    prog.i(addi(a1, a1, 4)).i(addi(a2, a2, -1));
    prog.i(bne(a2, 0, int32_t(loop - prog.here())));
    prog.li(a4, kData + 0x40).li(a5, 3);
    prog.i(amo(rv::kAmoAdd, a6, a4, a5));
    prog.i(lr_w(a7, a4)).i(sc_w(t0, a4, a0));
    prog.i(sw(a0, a4, 4)).i(ebreak());
  }
  struct Result {
    uint32_t regs[32];
    uint32_t mem0, mem1;
    uint64_t instret;
  };
  Result Capture() {
    Result r;
    for (unsigned k = 0; k < 32; ++k) r.regs[k] = cpu->reg(k);
    r.mem0 = mem.read32(kData + 0x40);
    r.mem1 = mem.read32(kData + 0x44);
    r.instret = cpu->instret();
    return r;
  }
  void ExpectSame(const Result& a, const Result& b) {
    for (unsigned k = 0; k < 32; ++k) EXPECT_EQ(a.regs[k], b.regs[k]) << "x" << k;
    EXPECT_EQ(a.mem0, b.mem0);
    EXPECT_EQ(a.mem1, b.mem1);
    EXPECT_EQ(a.instret, b.instret);
  }
  // Runs functionally until the EBREAK trap.
  void RunFunctional(TestFuncMem* fm) {
    const size_t n = traps.size();
    cpu->set_trap_hook(
        [this](uint32_t cause, uint32_t epc, uint32_t tval, unsigned to_priv) {
          traps.push_back({cause, epc, tval, to_priv, ticks});
          if (cause == rv::kCauseBreakpoint) cpu->request_stop();
        });
    Cpu::FuncLimits lim;
    lim.edges = cpu->edges() + 100000;
    cpu->run_functional(fm, lim);
    ASSERT_EQ(traps.size(), n + 1);
    EXPECT_EQ(traps.back().cause, rv::kCauseBreakpoint);
  }
};

TEST_F(FunctionalTest, SameResultAsTimed) {
  BuildProgram();
  Boot();
  RunProgram();
  const Result timed = Capture();
  EXPECT_EQ(timed.regs[a0], 8 * 100 + 7 * 28u);
  EXPECT_EQ(timed.regs[a6], 0u);  // amoadd read 0 and wrote 3,
  EXPECT_EQ(timed.regs[a7], 3u);  // LR read the 3,
  EXPECT_EQ(timed.regs[t0], 0u);  // the SC wrote the sum
  EXPECT_EQ(timed.mem0, 8 * 100 + 7 * 28u);
  EXPECT_EQ(timed.mem1, 8 * 100 + 7 * 28u);
  mem.write32(kData + 0x40, 0);
  mem.write32(kData + 0x44, 0);

  Boot();
  TestFuncMem fm(&mem);
  RunFunctional(&fm);
  ExpectSame(timed, Capture());
  EXPECT_GT(fm.requests, 0u);
  // One edge per instruction (and one for the EBREAK trap).
  EXPECT_EQ(cpu->edges(), cpu->instret() + 1);
}

TEST_F(FunctionalTest, LimitsStopAtInstructionsAndPc) {
  BuildProgram();
  Boot();
  TestFuncMem fm(&mem);
  Cpu::FuncLimits lim;
  lim.instructions = 5;
  EXPECT_EQ(cpu->run_functional(&fm, lim), 5u);
  EXPECT_EQ(cpu->instret(), 5u);
  lim = Cpu::FuncLimits{};
  lim.at_pc = true;
  lim.pc = cpu->pc() + 8;
  cpu->run_functional(&fm, lim);
  EXPECT_EQ(cpu->pc(), lim.pc);
}

TEST_F(FunctionalTest, PageFaultTrapsAsTimed) {
  mem.add_page_fault(kData);
  prog.li(a1, kData).i(lw(a0, a1, 0)).i(ebreak());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  const TrapRecord timed = traps.back();
  Boot();
  TestFuncMem fm(&mem);
  Cpu::FuncLimits lim;
  lim.edges = 20;
  cpu->run_functional(&fm, lim);
  ASSERT_FALSE(traps.empty());
  EXPECT_EQ(traps[0].cause, timed.cause);
  EXPECT_EQ(traps[0].epc, timed.epc);
  EXPECT_EQ(traps[0].tval, kData);
}

// Functionally for a part, then cycle by cycle: the same result.
TEST_F(FunctionalTest, SwitchToTimedMidway) {
  BuildProgram();
  Boot();
  RunProgram();
  const Result timed = Capture();
  mem.write32(kData + 0x40, 0);
  mem.write32(kData + 0x44, 0);
  for (uint64_t n : {1u, 7u, 20u, 33u}) {
    Boot();
    mem.write32(kData + 0x40, 0);
    TestFuncMem fm(&mem);
    Cpu::FuncLimits lim;
    lim.instructions = n;
    cpu->run_functional(&fm, lim);
    cpu->resume_timed();
    mem.fetch.reset();
    mem.data.reset();
    RunProgram();
    ExpectSame(timed, Capture());
  }
}

// A saved state loaded into a fresh core continues to the same result.
TEST_F(FunctionalTest, SaveAndLoadState) {
  BuildProgram();
  Boot();
  TestFuncMem fm(&mem);
  Cpu::FuncLimits lim;
  lim.instructions = 12;
  cpu->run_functional(&fm, lim);
  std::vector<uint8_t> state;
  cpu->save_state(&state);
  Boot();  // a fresh core at reset
  EXPECT_FALSE(cpu->load_state(state.data(), state.size() - 1));
  EXPECT_EQ(cpu->instret(), 0u) << "a refused state changed the core";
  ASSERT_TRUE(cpu->load_state(state.data(), state.size()));
  EXPECT_EQ(cpu->instret(), 12u);
  RunFunctional(&fm);
  EXPECT_EQ(cpu->reg(a0), 8 * 100 + 7 * 28u);
  EXPECT_EQ(mem.read32(kData + 0x44), 8 * 100 + 7 * 28u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
