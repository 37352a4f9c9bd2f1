// The sequential prefetch (timing rule in cpu.h): latency hidden behind
// execution with exact edge counts, squash on every redirect and sideband
// change (observed through a prefetched word made stale by a store), faults
// of a prefetch taken only when the word is executed, and self-modifying
// code with FENCE.I.
#include "cpu_test_util.h"
#include "rvc_asm.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

constexpr unsigned kS0 = 8, kS1 = 9;  // c.sw operands (x8..x15)

class PrefetchTest : public CpuTest {
 protected:
  void SetUp() override { SetLatencies(1); }

  // Runs a load from a hole at kBase (its next word is prefetched) into a
  // handler that breaks: two traps, the first the load's access fault.
  void RunFaultingLoad(unsigned fetch_latency, unsigned data_latency) {
    mem.fetch.latency = fetch_latency;
    mem.data.latency = data_latency;
    prog.i(lw(a0, a1, 0));
    Boot();
    HandlerBreaks();
    cpu->set_reg(a1, kHole);
    ASSERT_TRUE(RunToBreak());
    ASSERT_EQ(traps.size(), 2u);
    EXPECT_EQ(traps[0].cause, kCauseLoadAccess);
    ASSERT_GE(mem.fetch.log.size(), 2u);
    EXPECT_EQ(mem.fetch.log[1].req.addr, kBase + 4);  // it was prefetched
  }
  // Sets up a handler that is a single EBREAK.
  void HandlerBreaks() {
    cpu->csr_poke(kCsrMtvec, kHandler);
    mem.write32(kHandler, ebreak());
  }
};

// Straight-line 32-bit ALU code, base latency L, fetch latency k (response
// k edges after acceptance, acceptance the edge after the drive).  The
// prefetch of the next word is driven at each issue edge I, so the next
// instruction issues at I + max(L, 1 + k) instead of I + L + 1 + k.
TEST_F(PrefetchTest, StraightLineIssuesEveryMaxOfLatencyAndRoundTrip) {
  struct Case {
    unsigned l, k;
  };
  for (const Case c : {Case{3, 2}, Case{2, 4}, Case{1, 2}, Case{5, 1}}) {
    SCOPED_TRACE(testing::Message() << "L=" << c.l << " k=" << c.k);
    SetLatencies(c.l);
    constexpr unsigned kN = 6;
    Program p(kBase);
    for (unsigned n = 0; n < kN; ++n) p.i(addi(a0, a0, 1));
    p.i(ebreak());
    mem.fetch.latency = c.k;
    Boot(p);
    RunProgram();
    const uint64_t first_issue = 2 + c.k;  // drive 1, accepted 2
    const uint64_t period = std::max(c.l, 1 + c.k);
    ASSERT_EQ(retired.size(), kN);
    for (unsigned n = 0; n < kN; ++n) {
      EXPECT_EQ(retired[n].tick, first_issue + n * period + c.l - 1) << n;
    }
    EXPECT_EQ(traps[0].tick, first_issue + kN * period);  // ebreak issues
    EXPECT_EQ(cpu->reg(a0), kN);
    // Each word fetched exactly once: no wasted or repeated fetch.
    ASSERT_EQ(mem.fetch.log.size(), kN + 1);
    for (unsigned n = 0; n <= kN; ++n) {
      EXPECT_EQ(mem.fetch.log[n].req.addr, kBase + 4 * n);
    }
  }
}

// A load's data round trip overlaps the fetch of the next word: with fetch
// and data latency 2 and L=1 a load issues every 4 edges (issue I, data
// response and retire I+3, the prefetch arrived at I+3, next issue I+4),
// where fetching after retire would take 6.
TEST_F(PrefetchTest, LoadsOverlapTheNextFetch) {
  mem.fetch.latency = 2;
  mem.data.latency = 2;
  for (int n = 0; n < 4; ++n) prog.i(lw(a1, a2, 0));
  prog.i(ebreak());
  Boot();
  cpu->set_reg(a2, kData);
  RunProgram();
  ASSERT_EQ(retired.size(), 4u);
  for (unsigned n = 0; n < 4; ++n) EXPECT_EQ(retired[n].tick, 7u + 4 * n);
  EXPECT_EQ(traps[0].tick, 20u);
}

// Two compressed instructions per word: the prefetch is driven when the
// second (the last in the word) issues and arrives k+1 edges later, so a
// pair costs 1 + max(1, 1 + k) edges.
TEST_F(PrefetchTest, CompressedPairsShareOneRoundTrip) {
  mem.fetch.latency = 2;
  for (int n = 0; n < 6; ++n) prog.c(c_addi(a0, 1));
  prog.i(ebreak());
  Boot();
  RunProgram();
  ASSERT_EQ(retired.size(), 6u);
  // word 0 arrives at 4: issues 4, 5; word 1 (prefetched at 5) at 8 ...
  const uint64_t want[] = {4, 5, 8, 9, 12, 13};
  for (unsigned n = 0; n < 6; ++n) EXPECT_EQ(retired[n].tick, want[n]) << n;
  EXPECT_EQ(cpu->reg(a0), 6u);
}

// A 32-bit instruction straddling two words takes its upper parcel from
// the prefetch: with L=3 and k=1 the prefetch (driven at 3) is in at 5,
// when the boundary after c.nop needs it, so addi issues at 6 (without the
// prefetch its fetch would be driven at 5 and answer at 7).
TEST_F(PrefetchTest, StraddlingInstructionUsesThePrefetch) {
  SetLatencies(3);
  mem.fetch.latency = 1;
  prog.c(c_nop()).i(addi(a0, zero, 7)).c(c_nop()).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_EQ(retired.size(), 3u);
  EXPECT_EQ(retired[0].tick, 5u);   // issue 3
  EXPECT_EQ(retired[1].tick, 8u);   // issue 6
  EXPECT_EQ(retired[2].tick, 11u);  // issue 9 from the buffer
  EXPECT_EQ(cpu->reg(a0), 7u);
}

// A prefetch into a faulting word that is never executed: the load before
// it takes its own access fault, the prefetched page fault is discarded.
TEST_F(PrefetchTest, FaultOfDiscardedPrefetchIsNeverTaken) {
  mem.add_page_fault(kBase + 4);
  RunFaultingLoad(/*fetch_latency=*/1, /*data_latency=*/4);  // pf fault first
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(traps[0].epc, kBase);
  EXPECT_LT(mem.fetch.log[1].edge, traps[0].tick);
}

// A trap squashes a prefetch still in flight: its response is discarded
// and the handler's fetch waits for the port.  Fetch latency 6: the
// prefetch driven at 2+6=8 is in at 15; the load's access fault (data
// latency 1: drive 8, in at 10) is taken at 10, the handler fetch is
// driven at 15, accepted at 16.
TEST_F(PrefetchTest, TrapSquashesPrefetchInFlight) {
  RunFaultingLoad(/*fetch_latency=*/6, /*data_latency=*/1);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(traps[0].tick, 10u);
  ASSERT_EQ(mem.fetch.log.size(), 3u);
  EXPECT_EQ(mem.fetch.log[1].edge, 9u);
  EXPECT_EQ(mem.fetch.log[2].req.addr, kHandler);
  EXPECT_EQ(mem.fetch.log[2].edge, 16u);
}

// A prefetch crossing into a faulting page does not trap early: its fault
// is known during the DIV, and taken one edge after the DIV retires, when
// the word is really executed.
TEST_F(PrefetchTest, FaultOfUsedPrefetchIsTakenWhenReached) {
  cfg.cpu_latency_div = 10;
  prog.i(divu(a0, a1, a2));
  mem.add_page_fault(kBase + 4);
  Boot();
  HandlerBreaks();
  cpu->set_reg(a1, 100);
  cpu->set_reg(a2, 7);
  ASSERT_TRUE(RunToBreak());
  ASSERT_EQ(retired.size(), 1u);
  EXPECT_EQ(cpu->reg(a0), 14u);
  ASSERT_EQ(traps.size(), 2u);
  EXPECT_EQ(traps[0].cause, kCauseFetchPage);
  EXPECT_EQ(traps[0].epc, kBase + 4);
  EXPECT_EQ(traps[0].tval, kBase + 4);
  EXPECT_EQ(traps[0].tick, retired[0].tick + 1);
  EXPECT_LT(mem.fetch.log[1].edge, retired[0].tick);  // prefetched early
}

// The upper parcel of a straddling instruction in a faulting prefetched
// word: fetch page fault, epc = pc, tval = pc + 2.
TEST_F(PrefetchTest, StraddlingFaultFromPrefetchReportsSecondParcel) {
  prog.c(c_nop()).i(addi(a0, zero, 1));
  mem.add_page_fault(kBase + 4);
  Boot();
  HandlerBreaks();
  ASSERT_TRUE(RunToBreak());
  ASSERT_EQ(traps.size(), 2u);
  EXPECT_EQ(traps[0].cause, kCauseFetchPage);
  EXPECT_EQ(traps[0].epc, kBase + 2);
  EXPECT_EQ(traps[0].tval, kBase + 4);
}

// Squash cases.  Layout (w = aligned word at kBase + 4w):
//   16-bit S:  w0 = c.nop | c.sw s1,0(s0)   w1 = S | X
//   32-bit S:  w0 = c.sw s1,0(s0) | S.lo    w1 = S.hi | X
//   w2 = ebreak
// c.sw is the last instruction its word holds whole, so the prefetch of
// w1 is driven when it issues and reads w1 before the store (store
// latency 2) rewrites it: the prefetched w1 is stale, X is c.li a0,1 there
// and c.li a0,2 in memory.  S executes with w1 in the fetch buffer; a0
// ends as 2 if S squashed it, 1 if X ran from it.
class SquashTest : public PrefetchTest {
 protected:
  struct Squasher {
    uint32_t insn;  // 32-bit form, or the 16-bit parcel if compressed
    bool compressed;
  };

  // Loads the layout above and boots; the caller may poke CSRs before
  // Finish().
  void Prepare(Squasher s, unsigned fetch_latency = 1) {
    cfg.cpu_latency_store = 2;
    mem.fetch.latency = fetch_latency;
    const uint16_t x_old = c_li(a0, 1), x_new = c_li(a0, 2);
    Program p(kBase);
    uint32_t w1_new;
    if (s.compressed) {
      p.c(c_nop()).c(c_sw(kS0, kS1, 0));
      p.c(static_cast<uint16_t>(s.insn)).c(x_old);
      w1_new = s.insn | (uint32_t{x_new} << 16);
    } else {
      p.c(c_sw(kS0, kS1, 0)).i(s.insn).c(x_old);
      w1_new = (s.insn >> 16) | (uint32_t{x_new} << 16);
    }
    p.i(ebreak());
    Boot(p);
    x_addr = kBase + 6;
    cpu->set_reg(kS0, kBase + 4);
    cpu->set_reg(kS1, w1_new);
  }
  // Runs to the EBREAK; returns a0 (2: squashed, 1: stale word used).
  uint32_t Finish() {
    RunProgram();
    return cpu->reg(a0);
  }
  uint32_t Run(Squasher s, unsigned fetch_latency = 1) {
    Prepare(s, fetch_latency);
    return Finish();
  }
  uint32_t x_addr = 0;  // address of X
};

// The stale word is observable: without a squash X runs from the prefetch
// (16-bit S, and a 32-bit S whose upper parcel came from the prefetch).
TEST_F(SquashTest, NoSquashRunsTheStaleWord) {
  EXPECT_EQ(Run({c_nop(), true}), 1u);
  EXPECT_EQ(Run({addi(a1, a1, 1), false}), 1u);
  EXPECT_EQ(Run({c_nop(), true}, 5), 1u);
  // A not-taken branch keeps the prefetch.
  EXPECT_EQ(Run({c_bnez(a0, 2), true}), 1u);
  // CSRRS that writes mstatus without changing the sideband keeps it.
  Prepare({csrs(kCsrMstatus, zero), false});
  EXPECT_EQ(Finish(), 1u);
}

// Taken branch and jump, even to the next pc.
TEST_F(SquashTest, TakenBranchAndJumpSquash) {
  for (unsigned k : {1u, 5u}) {
    SCOPED_TRACE(k);
    EXPECT_EQ(Run({c_j(2), true}, k), 2u);
    EXPECT_EQ(Run({c_beqz(a0, 2), true}, k), 2u);
    EXPECT_EQ(Run({jal(zero, 4), false}, k), 2u);
  }
}

// Self-modifying code: the store rewrites an instruction that was already
// prefetched; FENCE.I makes the new one execute.
TEST_F(SquashTest, FenceIExecutesTheNewInstruction) {
  EXPECT_EQ(Run({fence_i(), false}), 2u);
  EXPECT_EQ(Run({fence_i(), false}, 4), 2u);
}

TEST_F(SquashTest, SfenceVmaSquashes) {
  EXPECT_EQ(Run({sfence_vma(0, 0), false}), 2u);
}

TEST_F(SquashTest, SatpWriteSquashes) {
  // satp := 0 (Bare, same value): a satp write always squashes.
  EXPECT_EQ(Run({csrw(kCsrSatp, zero), false}), 2u);
}

// mstatus writes that change the sideband: SUM, MXR, MPRV (MPP = U, so
// the data privilege changes).
TEST_F(SquashTest, SidebandChangeSquashes) {
  for (uint32_t bit : {kMstatusSum, kMstatusMxr, kMstatusMprv}) {
    SCOPED_TRACE(bit);
    Prepare({csrs(kCsrMstatus, t0), false});
    cpu->set_reg(t0, bit);
    EXPECT_EQ(Finish(), 2u);
    ASSERT_FALSE(sideband.updates.empty());
  }
}

// xRET, with and without a privilege change.
TEST_F(SquashTest, MretSquashes) {
  for (unsigned mpp : {kPrivM, kPrivS}) {
    SCOPED_TRACE(mpp);
    Prepare({mret(), false});
    cpu->csr_poke(kCsrMepc, x_addr);
    cpu->csr_poke(kCsrMstatus, mpp << kMstatusMppShift);
    EXPECT_EQ(Finish(), 2u);
    EXPECT_EQ(traps[0].epc, kBase + 8);  // the EBREAK
  }
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
