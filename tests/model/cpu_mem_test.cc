// Loads and stores: lanes, sign extension, misaligned traps, access and
// page faults from the port, fetch across a word boundary, fetch faults.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

class MemTest : public CpuTest {
 protected:
  // Runs `insn` with a1 = address, a2 = store value; returns a0.
  uint32_t RunMem(uint32_t insn, uint32_t addr, uint32_t value = 0) {
    return RunOne(insn, addr, value);
  }
};

TEST_F(MemTest, LoadWordAndByteLanes) {
  mem.write32(kData, 0x8281f07fu);
  EXPECT_EQ(RunMem(lw(a0, a1, 0), kData), 0x8281f07fu);
  EXPECT_EQ(RunMem(lb(a0, a1, 0), kData), 0x7fu);
  EXPECT_EQ(RunMem(lb(a0, a1, 1), kData), 0xfffffff0u);
  EXPECT_EQ(RunMem(lbu(a0, a1, 1), kData), 0xf0u);
  EXPECT_EQ(RunMem(lb(a0, a1, 3), kData), 0xffffff82u);
  EXPECT_EQ(RunMem(lbu(a0, a1, 2), kData), 0x81u);
}

TEST_F(MemTest, LoadHalfSignExtension) {
  mem.write32(kData, 0x8001ff7fu);
  EXPECT_EQ(RunMem(lh(a0, a1, 0), kData), 0xffffff7fu);
  EXPECT_EQ(RunMem(lhu(a0, a1, 0), kData), 0xff7fu);
  EXPECT_EQ(RunMem(lh(a0, a1, 2), kData), 0xffff8001u);
  EXPECT_EQ(RunMem(lhu(a0, a1, 2), kData), 0x8001u);
}

TEST_F(MemTest, LoadWithNegativeOffset) {
  mem.write32(kData, 0x11223344u);
  EXPECT_EQ(RunMem(lw(a0, a1, -8), kData + 8), 0x11223344u);
}

TEST_F(MemTest, LoadRequestShape) {
  mem.write32(kData, 0xaabbccddu);
  RunMem(lhu(a0, a1, 2), kData);
  ASSERT_EQ(mem.data.log.size(), 1u);
  const MemReq& r = mem.data.log[0].req;
  EXPECT_EQ(r.addr, kData + 2);
  EXPECT_EQ(r.size, MMCOSIM_PORT_SIZE_HALF);
  EXPECT_EQ(r.kind, AccessKind::kLoad);
  EXPECT_FALSE(r.we);
  EXPECT_EQ(stats[Stat::kCpuLoads], 1u);
}

TEST_F(MemTest, StoreByteLanes) {
  mem.write32(kData, 0);
  for (int lane = 0; lane < 4; ++lane) {
    RunMem(sb(a2, a1, lane), kData, 0x100u + 0x11u * (lane + 1));
  }
  EXPECT_EQ(mem.read32(kData), 0x44332211u);
  const MemReq& r = mem.data.log.back().req;
  EXPECT_EQ(r.wdata, 0x44000000u);  // lane 3
  EXPECT_EQ(r.size, MMCOSIM_PORT_SIZE_BYTE);
  EXPECT_TRUE(r.we);
  EXPECT_EQ(r.kind, AccessKind::kStore);
}

TEST_F(MemTest, StoreHalfAndWord) {
  mem.write32(kData, 0x11111111u);
  RunMem(sh(a2, a1, 2), kData, 0xabcd1234u);
  EXPECT_EQ(mem.read32(kData), 0x12341111u);
  EXPECT_EQ(mem.data.log.back().req.wdata, 0x12340000u);
  RunMem(sw(a2, a1, 4), kData, 0xdeadbeefu);
  EXPECT_EQ(mem.read32(kData + 4), 0xdeadbeefu);
  EXPECT_EQ(stats[Stat::kCpuStores], 2u);
}

TEST_F(MemTest, StoreThenLoadBack) {
  prog.li(a1, kData);
  prog.li(a2, 0xcafef00du);
  prog.i(sw(a2, a1, 0)).i(lh(a0, a1, 2)).i(lbu(a3, a1, 0)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 0xffffcafeu);
  EXPECT_EQ(cpu->reg(a3), 0x0du);
}

TEST_F(MemTest, LoadIntoX0IsDiscarded) {
  mem.write32(kData, 0x5a5a5a5au);
  RunMem(lw(zero, a1, 0), kData);
  EXPECT_EQ(cpu->reg(0), 0u);
  EXPECT_EQ(stats[Stat::kCpuLoads], 1u);
}

TEST_F(MemTest, MisalignedLoadsTrapWithAddress) {
  cfg.cpu_misaligned = 0;
  struct Case {
    uint32_t insn;
    uint32_t off;
  };
  for (const Case& c : {Case{lw(a0, a1, 1), 1}, Case{lw(a0, a1, 2), 2},
                        Case{lh(a0, a1, 1), 1}, Case{lhu(a0, a1, 3), 3}}) {
    rvasm::Program p(kBase);
    p.i(c.insn);
    Boot(p);
    cpu->set_reg(a1, kData);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, rv::kCauseMisalignedLoad);
    EXPECT_EQ(traps[0].tval, kData + c.off);
    EXPECT_EQ(traps[0].epc, kBase);
    EXPECT_TRUE(mem.data.log.empty()) << "misaligned access must not be sent";
  }
}

TEST_F(MemTest, MisalignedStoresTrapWithAddress) {
  cfg.cpu_misaligned = 0;
  for (uint32_t insn : {sw(a2, a1, 2), sh(a2, a1, 1), sw(a2, a1, 3)}) {
    rvasm::Program p(kBase);
    p.i(insn);
    Boot(p);
    cpu->set_reg(a1, kData);
    mem.write32(kData, 0);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, rv::kCauseMisalignedStore);
    EXPECT_EQ(traps[0].tval, kData + ((insn >> 7) & 0x1f));
    EXPECT_TRUE(mem.data.log.empty());
    EXPECT_EQ(mem.read32(kData), 0u);
  }
}

// cpu.misaligned = 1: the access is split into naturally aligned parts,
// each its own request, lowest address first.
TEST_F(MemTest, MisalignedLoadsAreSplitIntoAlignedParts) {
  cfg.cpu_misaligned = 1;
  mem.write32(kData, 0x44332211u);
  mem.write32(kData + 4, 0x88776655u);
  mem.write32(kData + 8, 0x000000ffu);
  struct Case {
    uint32_t insn, off, expect;
    std::vector<std::pair<uint32_t, uint8_t>> parts;  // (offset, size)
  };
  const Case cases[] = {
      {lw(a0, a1, 1), 1, 0x55443322u, {{1, 0}, {2, 1}, {4, 0}}},
      {lw(a0, a1, 2), 2, 0x66554433u, {{2, 1}, {4, 1}}},
      {lw(a0, a1, 3), 3, 0x77665544u, {{3, 0}, {4, 1}, {6, 0}}},
      {lh(a0, a1, 3), 3, 0x00005544u, {{3, 0}, {4, 0}}},
      {lh(a0, a1, 7), 7, 0xffffff88u, /* sign from byte 8 */ {{7, 0}, {8, 0}}},
      {lhu(a0, a1, 1), 1, 0x3322u, {{1, 0}, {2, 0}}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RunMem(c.insn, kData), c.expect) << "offset " << c.off;
    ASSERT_EQ(mem.data.log.size(), c.parts.size());
    for (size_t k = 0; k < c.parts.size(); ++k) {
      EXPECT_EQ(mem.data.log[k].req.addr, kData + c.parts[k].first);
      EXPECT_EQ(mem.data.log[k].req.size, c.parts[k].second);
      EXPECT_EQ(mem.data.log[k].req.kind, AccessKind::kLoad);
    }
  }
}

TEST_F(MemTest, MisalignedStoresAreSplitIntoAlignedParts) {
  cfg.cpu_misaligned = 1;
  for (uint32_t off : {1u, 2u, 3u}) {
    mem.write32(kData, 0);
    mem.write32(kData + 4, 0);
    RunMem(sw(a2, a1, static_cast<int32_t>(off)), kData, 0xa1b2c3d4u);
    uint32_t got = 0;
    for (int k = 3; k >= 0; --k) got = (got << 8) | mem.read8(kData + off + k);
    EXPECT_EQ(got, 0xa1b2c3d4u) << "offset " << off;
    EXPECT_EQ(mem.read8(kData + off - 1), 0u);  // neighbours untouched
    EXPECT_EQ(mem.read8(kData + off + 4), 0u);
    for (const PortLogEntry& e : mem.data.log) {
      EXPECT_EQ(e.req.addr & ((1u << e.req.size) - 1), 0u);  // aligned
      EXPECT_TRUE(e.req.we);
    }
  }
  mem.write32(kData, 0);
  RunMem(sh(a2, a1, 3), kData, 0xbeef);
  EXPECT_EQ(mem.read32(kData), 0xef000000u);
  EXPECT_EQ(mem.read8(kData + 4), 0xbe);
}

TEST_F(MemTest, MisalignedPartFaultReportsThePartAddress) {
  cfg.cpu_misaligned = 1;
  // The second word answers a page fault: a word load at +2 faults on
  // its second part (tval = the part's address, not the access's).
  mem.add_page_fault(kData + 4);
  prog.i(lw(a0, a1, 2));
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a0, 77);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseLoadPage);
  EXPECT_EQ(traps[0].tval, kData + 4);
  EXPECT_EQ(cpu->reg(a0), 77u);
  // A store: its first part is written before the second faults.
  mem.write32(kData, 0);
  Program p(kBase);
  p.i(sw(a2, a1, 3));
  Boot(p);
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 0x11223344);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseStorePage);
  EXPECT_EQ(traps[0].tval, kData + 4);
  EXPECT_EQ(mem.read32(kData), 0x44000000u);
}

TEST_F(MemTest, ByteAccessesAreNeverMisaligned) {
  mem.write32(kData, 0x04030201u);
  EXPECT_EQ(RunMem(lbu(a0, a1, 3), kData), 4u);
  EXPECT_TRUE(traps.size() == 1);  // only the final ebreak
}

TEST_F(MemTest, LoadAccessFaultFromHole) {
  prog.i(lw(a0, a1, 4));
  Boot();
  cpu->set_reg(a1, kHole);
  cpu->set_reg(a0, 77);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseLoadAccess);
  EXPECT_EQ(traps[0].tval, kHole + 4);
  EXPECT_EQ(traps[0].epc, kBase);
  EXPECT_EQ(cpu->reg(a0), 77u);  // rd untouched
  EXPECT_EQ(Csr(rv::kCsrMtval), kHole + 4);
  EXPECT_EQ(cpu->instret(), 0u);
}

TEST_F(MemTest, StoreAccessFaultFromHole) {
  prog.i(sb(a2, a1, 3));
  Boot();
  cpu->set_reg(a1, kHole);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseStoreAccess);
  EXPECT_EQ(traps[0].tval, kHole + 3);
  EXPECT_EQ(stats[Stat::kCpuStores], 0u);
}

TEST_F(MemTest, PageFaultsFromPortKeepTheirCause) {
  mem.add_page_fault(kData);
  for (uint32_t insn : {lw(a0, a1, 0), sw(a2, a1, 0)}) {
    rvasm::Program p(kBase);
    p.i(insn);
    Boot(p);
    cpu->set_reg(a1, kData);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause,
              insn == lw(a0, a1, 0) ? rv::kCauseLoadPage : rv::kCauseStorePage);
    EXPECT_EQ(traps[0].tval, kData);
  }
}

TEST_F(MemTest, FetchAccessFault) {
  prog.i(jalr(zero, a1, 0));
  Boot();
  cpu->set_reg(a1, kHole + 0x10);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseFetchAccess);
  EXPECT_EQ(traps[0].epc, kHole + 0x10);
  EXPECT_EQ(traps[0].tval, kHole + 0x10);
}

TEST_F(MemTest, FetchPageFault) {
  mem.add_page_fault(kBase + 8);
  prog.i(nop()).i(nop()).i(nop());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseFetchPage);
  EXPECT_EQ(traps[0].epc, kBase + 8);
  EXPECT_EQ(traps[0].tval, kBase + 8);
  EXPECT_EQ(cpu->instret(), 2u);
}

TEST_F(MemTest, FetchAcrossWordBoundary) {
  prog.c(c_li(a0, 1));       // +0
  prog.i(addi(a0, a0, 40));  // +2..+5: straddles two words
  prog.c(c_addi(a0, 1));     // +6: in the second word (buffer hit)
  prog.i(ebreak());          // +8
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 42u);
  // Fetches: +0, +4 (second half of addi), +8.  +6 comes from the buffer.
  ASSERT_GE(mem.fetch.log.size(), 3u);
  EXPECT_EQ(mem.fetch.log[0].req.addr, kBase);
  EXPECT_EQ(mem.fetch.log[1].req.addr, kBase + 4);
  EXPECT_EQ(mem.fetch.log[2].req.addr, kBase + 8);
  for (const auto& e : mem.fetch.log) {
    EXPECT_EQ(e.req.kind, AccessKind::kFetch);
    EXPECT_EQ(e.req.size, MMCOSIM_PORT_SIZE_WORD);
  }
}

TEST_F(MemTest, FetchFaultOnSecondHalfReportsPcPlus2) {
  mem.add_page_fault(kBase + 4);
  prog.c(c_nop());          // +0
  prog.i(addi(a0, a0, 1));  // +2: second half in the faulting word
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseFetchPage);
  EXPECT_EQ(traps[0].epc, kBase + 2);
  EXPECT_EQ(traps[0].tval, kBase + 4);
  EXPECT_EQ(cpu->reg(a0), 0u);
}

TEST_F(MemTest, StraddlingInstructionAtEndOfMemoryFaults) {
  // Last halfword of memory holds the first parcel of a 32-bit insn.
  const uint32_t last = kDramBase + kTestMemSize - 2;
  mem.write8(last, 0x13);  // low parcel of addi: bits[1:0] == 3
  mem.write8(last + 1, 0x05);
  prog.i(jalr(zero, a1, 0));
  Boot();
  cpu->set_reg(a1, last);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseFetchAccess);
  EXPECT_EQ(traps[0].epc, last);
  EXPECT_EQ(traps[0].tval, last + 2);
}

TEST_F(MemTest, SlowMemoryStillCorrect) {
  mem.fetch.latency = 3;
  mem.data.latency = 5;
  mem.data.ready_delay = 2;
  mem.fetch.ready_delay = 1;
  prog.li(a1, kData);
  prog.li(a2, 0x01020304);
  prog.i(sw(a2, a1, 0)).i(lbu(a0, a1, 1)).c(c_add(a0, a0)).c(c_addi(a0, 1));
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 7u);
  EXPECT_GT(stats[Stat::kCpuFetchStall], 0u);
  EXPECT_GT(stats[Stat::kCpuDataStall], 0u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
