// Debug triggers (Sdtrig mcontrol6): the CSRs' WARL behaviour, execute /
// load / store address matches taken as breakpoint exceptions before the
// access, tcontrol.mte in M-mode, and the debugger's Debug-Mode triggers,
// halt, step and resume.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;
using Tm = TriggerModule;

constexpr uint32_t kMcontrol6 = Tm::kTypeMcontrol6 << Tm::kTypeShift;
constexpr uint32_t kDisabled = Tm::kTypeDisabled << Tm::kTypeShift;
constexpr uint32_t kAllPriv = Tm::kPrivM | Tm::kPrivS | Tm::kPrivU;

class TriggerTest : public CpuTest {
 protected:
  // Programs trigger `index` through the CSRs as M-mode software would.
  void SetTrigger(unsigned index, uint32_t tdata1, uint32_t tdata2) {
    ASSERT_TRUE(cpu->csr_poke(kCsrTselect, index));
    ASSERT_TRUE(cpu->csr_poke(kCsrTdata2, tdata2));
    ASSERT_TRUE(cpu->csr_poke(kCsrTdata1, tdata1));
  }
  // Boots: mtvec = kHandler, then `priv`, then `body`; returns the
  // address of the first instruction of `body`.
  uint32_t BootIn(unsigned priv, std::initializer_list<uint32_t> body) {
    Program p(kBase);
    p.li(t5, kHandler);
    p.i(csrw(kCsrMtvec, t5));
    EmitEnterPriv(p, priv);
    const uint32_t at = p.here();
    for (uint32_t insn : body) p.i(insn);
    p.i(ebreak());
    Boot(p);
    return at;
  }
  std::vector<std::pair<Cpu::HaltReason, Tm::Hit>> halts;
  void HookHalts() {
    cpu->set_halt_hook([this](Cpu::HaltReason why, const Tm::Hit* hit) {
      halts.push_back({why, hit ? *hit : Tm::Hit{}});
    });
  }
  bool RunUntilHalt(uint64_t max_ticks = 10000) {
    for (uint64_t k = 0; k < max_ticks && !cpu->halted(); ++k) Tick();
    return cpu->halted();
  }
  // Halts at `pc` through a Debug-Mode trigger, removes it and steps one
  // instruction.
  void HaltAtThenStep(uint32_t pc) {
    HookHalts();
    ASSERT_EQ(cpu->triggers().debug_set({pc, 1, Tm::kExecute}), 0);
    ASSERT_TRUE(RunUntilHalt());
    EXPECT_TRUE(cpu->triggers().debug_clear(0));
    cpu->debug_step();
    ASSERT_TRUE(RunUntilHalt());
    EXPECT_EQ(halts.back().first, Cpu::HaltReason::kStep);
  }
  size_t DataRequests() const { return mem.data.log.size(); }
};

TEST_F(TriggerTest, ResetStateAndTinfo) {
  BootIn(kPrivM, {});
  EXPECT_EQ(Csr(kCsrTselect), 0u);
  EXPECT_EQ(Csr(kCsrTinfo), (1u << 24) | (1u << 6) | (1u << 15));
  EXPECT_EQ(Csr(kCsrTcontrol), 0u);
  for (unsigned k = 0; k < cfg.cpu_triggers; ++k) {
    ASSERT_TRUE(cpu->csr_poke(kCsrTselect, k));
    EXPECT_EQ(Csr(kCsrTselect), k);
    EXPECT_EQ(Csr(kCsrTdata1), kDisabled);
  }
  EXPECT_GE(cfg.cpu_triggers, 4u);
}

TEST_F(TriggerTest, TselectOutOfRangeIsIgnored) {
  BootIn(kPrivM, {});
  ASSERT_TRUE(cpu->csr_poke(kCsrTselect, 2));
  ASSERT_TRUE(cpu->csr_poke(kCsrTselect, cfg.cpu_triggers));
  EXPECT_EQ(Csr(kCsrTselect), 2u);
  ASSERT_TRUE(cpu->csr_poke(kCsrTselect, 0xffffffffu));
  EXPECT_EQ(Csr(kCsrTselect), 2u);
}

TEST_F(TriggerTest, Tdata1WarlFields) {
  BootIn(kPrivM, {});
  // Everything set: dmode, hit1, vs, vu, select, size, action 1, chain,
  // uncertainen cannot be set by software; match 7 is not supported.
  SetTrigger(0, 0x6fffffffu, 0x1234);
  EXPECT_EQ(Csr(kCsrTdata1),
            kMcontrol6 | Tm::kHit0 | kAllPriv | Tm::kOps);  // match 0
  EXPECT_EQ(Csr(kCsrTdata2), 0x1234u);
  SetTrigger(0, kMcontrol6 | (Tm::kNotNapot << Tm::kMatchShift), 0);
  EXPECT_EQ(Csr(kCsrTdata1), kMcontrol6 | (Tm::kNotNapot << Tm::kMatchShift));
  // An unsupported type (2, legacy mcontrol) leaves the trigger disabled.
  SetTrigger(0, (2u << Tm::kTypeShift) | Tm::kOps, 0);
  EXPECT_EQ(Csr(kCsrTdata1), kDisabled);
  // tinfo is not writable; tdata3 has no field.
  ASSERT_TRUE(cpu->csr_poke(kCsrTinfo, 0));
  EXPECT_EQ(Csr(kCsrTinfo), Tm::kTinfo);
  ASSERT_TRUE(cpu->csr_poke(kCsrTdata3, 0xffffffffu));
  EXPECT_EQ(Csr(kCsrTdata3), 0u);
  ASSERT_TRUE(cpu->csr_poke(kCsrTcontrol, 0xffffffffu));
  EXPECT_EQ(Csr(kCsrTcontrol), Tm::kTcontrolMte | Tm::kTcontrolMpte);
  ASSERT_TRUE(cpu->csr_poke(kCsrMcontext, 0xffffffffu));
  EXPECT_EQ(Csr(kCsrMcontext), 0x3fu);
}

TEST_F(TriggerTest, TriggerCsrsAreMachineOnly) {
  BootIn(kPrivS, {csrr(a0, kCsrTselect)});
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseIllegal);
}

TEST_F(TriggerTest, ExecuteTriggerFiresBeforeTheInstruction) {
  const uint32_t at = BootIn(kPrivU, {addi(a0, zero, 1), addi(a1, zero, 2)});
  SetTrigger(1, kMcontrol6 | Tm::kPrivU | Tm::kExecute, at + 4);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].epc, at + 4);
  EXPECT_EQ(traps[0].tval, at + 4);
  EXPECT_EQ(cpu->reg(a0), 1u);
  EXPECT_EQ(cpu->reg(a1), 0u);  // not executed
  ASSERT_TRUE(cpu->csr_poke(kCsrTselect, 1));
  EXPECT_TRUE(Csr(kCsrTdata1) & Tm::kHit0);
}

TEST_F(TriggerTest, PrivilegeBitsSelectTheMode) {
  const uint32_t at = BootIn(kPrivU, {nop(), nop()});
  SetTrigger(0, kMcontrol6 | Tm::kPrivS | Tm::kExecute, at + 4);  // S only
  RunProgram();  // reaches the final EBREAK untouched
  EXPECT_EQ(traps[0].tval, at + 8);
}

TEST_F(TriggerTest, LoadTriggerFiresBeforeTheAccess) {
  const uint32_t at = BootIn(kPrivS, {lw(a0, a1, 0)});
  cpu->set_reg(a1, kData);
  mem.write32(kData, 0xdeadbeef);
  // Equal on the third byte of the word: a word load covers it.
  SetTrigger(0, kMcontrol6 | Tm::kPrivS | Tm::kLoad, kData + 2);
  const size_t before = DataRequests();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].epc, at);
  EXPECT_EQ(traps[0].tval, kData);
  EXPECT_EQ(cpu->reg(a0), 0u);
  EXPECT_EQ(DataRequests(), before);  // no load reached the port
}

TEST_F(TriggerTest, StoreTriggerIgnoresLoadsAndBytesOutside) {
  BootIn(kPrivU, {lw(a0, a1, 0), sb(a2, a1, 1), sb(a2, a1, 3)});
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 0x55);
  SetTrigger(3, kMcontrol6 | Tm::kPrivU | Tm::kStore, kData + 3);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].tval, kData + 3);
  EXPECT_EQ(mem.read8(kData + 1), 0x55);  // the first store went through
  EXPECT_EQ(mem.read8(kData + 3), 0);
}

TEST_F(TriggerTest, BreakpointTakesPriorityOverMisaligned) {
  BootIn(kPrivU, {lw(a0, a1, 0)});
  cpu->set_reg(a1, kData + 1);
  SetTrigger(0, kMcontrol6 | Tm::kPrivU | Tm::kLoad, kData + 1);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
}

TEST_F(TriggerTest, AmoMatchesStoreTriggers) {
  BootIn(kPrivU, {amo(kAmoAdd, a0, a1, a2)});
  cpu->set_reg(a1, kData);
  SetTrigger(0, kMcontrol6 | Tm::kPrivU | Tm::kStore, kData);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].tval, kData);
}

TEST_F(TriggerTest, NapotAndRangeMatches) {
  BootIn(kPrivU, {sw(a2, a1, 0), sw(a2, a1, 8), sw(a2, a1, 16)});
  cpu->set_reg(a1, kData);
  // NAPOT 8 bytes at kData + 8: the first store misses, the second hits.
  SetTrigger(0, kMcontrol6 | (Tm::kNapot << Tm::kMatchShift) | Tm::kPrivU |
                    Tm::kStore,
             (kData + 8) | 3);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].tval, kData + 8);

  BootIn(kPrivU, {sw(a2, a1, 0), sw(a2, a1, 8), sw(a2, a1, 16)});
  cpu->set_reg(a1, kData);
  SetTrigger(0, kMcontrol6 | (Tm::kGe << Tm::kMatchShift) | Tm::kPrivU |
                    Tm::kStore,
             kData + 12);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].tval, kData + 16);
}

TEST_F(TriggerTest, MachineModeNeedsMte) {
  // In M with mte = 0 the trigger stays silent: the program ends at EBREAK.
  uint32_t at = BootIn(kPrivM, {nop(), nop()});
  SetTrigger(0, kMcontrol6 | Tm::kPrivM | Tm::kExecute, at + 4);
  RunProgram();
  EXPECT_EQ(traps[0].tval, at + 8);
  // With mte = 1 it fires; the trap moves mte to mpte and clears mte.
  at = BootIn(kPrivM, {nop(), nop()});
  SetTrigger(0, kMcontrol6 | Tm::kPrivM | Tm::kExecute, at + 4);
  // The boot's MRET copies mpte into mte: set both.
  ASSERT_TRUE(
      cpu->csr_poke(kCsrTcontrol, Tm::kTcontrolMte | Tm::kTcontrolMpte));
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].tval, at + 4);
  EXPECT_EQ(Csr(kCsrTcontrol), Tm::kTcontrolMpte);
}

TEST_F(TriggerTest, MretRestoresMteFromMpte) {
  Program p(kBase);
  p.li(t0, Tm::kTcontrolMpte);
  p.i(csrw(kCsrTcontrol, t0));
  EmitEnterPriv(p, kPrivM);  // mret
  p.i(csrr(a0, kCsrTcontrol)).i(ebreak());
  Boot(p);
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), Tm::kTcontrolMte | Tm::kTcontrolMpte);
}

TEST_F(TriggerTest, DebugTriggerHaltsWithoutTrap) {
  const uint32_t at = BootIn(kPrivU, {addi(a0, zero, 1), addi(a1, zero, 2)});
  HookHalts();
  const int idx = cpu->triggers().debug_set({at + 4, 1, Tm::kExecute});
  ASSERT_EQ(idx, 0);
  ASSERT_TRUE(RunUntilHalt());
  ASSERT_EQ(halts.size(), 1u);
  EXPECT_EQ(halts[0].first, Cpu::HaltReason::kTrigger);
  EXPECT_EQ(halts[0].second.addr, at + 4);
  EXPECT_TRUE(halts[0].second.debug);
  EXPECT_EQ(cpu->pc(), at + 4);
  EXPECT_TRUE(traps.empty());
  // Halted: time passes, nothing executes.
  const uint64_t n = cpu->instret();
  Tick(50);
  EXPECT_EQ(cpu->instret(), n);
  // M-mode software cannot touch a Debug-Mode trigger.
  ASSERT_TRUE(cpu->csr_poke(kCsrTselect, 0));
  const uint32_t t1 = Csr(kCsrTdata1);
  EXPECT_TRUE(t1 & Tm::kDmode);
  EXPECT_EQ(t1 & Tm::kActionMask, 1u << Tm::kActionShift);
  ASSERT_TRUE(cpu->csr_poke(kCsrTdata1, 0));
  ASSERT_TRUE(cpu->csr_poke(kCsrTdata2, 0));
  EXPECT_EQ(Csr(kCsrTdata1), t1);
  EXPECT_EQ(Csr(kCsrTdata2), at + 4);
  // Resumed with the trigger in place it fires again; removed, the
  // program runs on.
  cpu->debug_resume();
  ASSERT_TRUE(RunUntilHalt());
  EXPECT_EQ(cpu->pc(), at + 4);
  EXPECT_TRUE(cpu->triggers().debug_clear(0));
  EXPECT_FALSE(cpu->triggers().debug_clear(0));
  cpu->debug_resume();
  RunProgram();
  EXPECT_EQ(cpu->reg(a1), 2u);
}

TEST_F(TriggerTest, DebugWatchpointOnAWordAndFullTable) {
  BootIn(kPrivS, {sb(a2, a1, 0), sh(a2, a1, 6)});
  HookHalts();
  cpu->set_reg(a1, kData);
  ASSERT_EQ(cpu->triggers().debug_set({kData + 4, 4, Tm::kStore}), 0);
  ASSERT_TRUE(RunUntilHalt());
  EXPECT_EQ(halts[0].second.op, Tm::kStore);
  EXPECT_EQ(halts[0].second.addr, kData + 6);
  // Fill the rest; one more does not fit.
  for (unsigned k = 1; k < cfg.cpu_triggers; ++k) {
    EXPECT_EQ(cpu->triggers().debug_set({kData, 1, Tm::kLoad}),
              static_cast<int>(k));
  }
  EXPECT_EQ(cpu->triggers().debug_set({kData, 1, Tm::kLoad}), -1);
  cpu->triggers().debug_clear_all();
  EXPECT_EQ(cpu->triggers().debug_set({kData, 1, Tm::kLoad}), 0);
}

TEST_F(TriggerTest, StepHaltRequestAndEbreak) {
  const uint32_t at = BootIn(kPrivU, {addi(a0, zero, 1), addi(a1, zero, 2),
                                      addi(a2, zero, 3)});
  cpu->set_ebreak_halts(true);
  HaltAtThenStep(at);
  EXPECT_EQ(cpu->pc(), at + 4);
  EXPECT_EQ(cpu->reg(a0), 1u);
  EXPECT_EQ(cpu->reg(a1), 0u);
  cpu->debug_resume();
  cpu->debug_halt();
  ASSERT_TRUE(RunUntilHalt());
  EXPECT_EQ(halts.back().first, Cpu::HaltReason::kRequest);
  cpu->set_pc(at + 8);  // skip the second addi
  cpu->debug_resume();
  ASSERT_TRUE(RunUntilHalt());
  EXPECT_EQ(halts.back().first, Cpu::HaltReason::kEbreak);
  EXPECT_EQ(cpu->pc(), at + 12);
  EXPECT_EQ(cpu->reg(a1), 0u);
  EXPECT_EQ(cpu->reg(a2), 3u);
  EXPECT_TRUE(traps.empty());
}

TEST_F(TriggerTest, StepIntoTrapHandlerHalts) {
  const uint32_t at = BootIn(kPrivU, {ecall()});
  HaltAtThenStep(at);
  ASSERT_EQ(traps.size(), 1u);
  EXPECT_EQ(traps[0].cause, kCauseEcallU);
  EXPECT_EQ(cpu->pc(), kHandler);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
