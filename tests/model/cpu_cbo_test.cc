// Zicbom and Zicboz in the CPU model: each cbo.* instruction sends one
// cache-block request (address aligned down to the D-cache line); the
// menvcfg/senvcfg enables (CBIE, CBCFE, CBZE) make it illegal below M or
// turn cbo.inval into cbo.flush; faults of the management ops are store
// faults; without the caches (cache.enable = 0) the extensions are absent.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

constexpr unsigned kInval = MMCOSIM_PORT_CBO_INVAL;
constexpr unsigned kClean = MMCOSIM_PORT_CBO_CLEAN;
constexpr unsigned kFlush = MMCOSIM_PORT_CBO_FLUSH;
constexpr unsigned kZero = MMCOSIM_PORT_CBO_ZERO;
constexpr uint32_t kLine = MMCOSIM_CACHE_DCACHE_LINE;
constexpr uint32_t kAllCbo = kEnvcfgCbie | kEnvcfgCbcfe | kEnvcfgCbze;

// cbo.<op> (rs1): MISC-MEM, funct3 CBO, imm[11:0] = op, rd = x0.
uint32_t cbo(unsigned op, unsigned rs1_reg, unsigned rd_reg = 0) {
  return op << 20 | rs1_reg << 15 | kF3Cbo << 12 | rd_reg << 7 | kOpMiscMem;
}

class CboTest : public CpuTest {
 protected:
  // Sets menvcfg = m and senvcfg = s in M mode, enters `priv` and runs
  // `insn` with a1 = addr, then EBREAK.  Returns the first trap's cause.
  uint32_t Run(uint32_t insn, unsigned priv, uint32_t m, uint32_t s, uint32_t addr) {
    rvasm::Program p(kBase);
    p.li(a0, m).i(csrw(kCsrMenvcfg, a0)).li(a0, s).i(csrw(kCsrSenvcfg, a0)).li(a1, addr);
    if (priv != kPrivM) EmitEnterPriv(p, priv);
    at = p.here();
    p.i(insn).i(ebreak());
    Boot(p);
    EXPECT_TRUE(RunUntilTrap());
    return traps.empty() ? ~0u : traps[0].cause;
  }
  // The block requests the data port saw.
  std::vector<MemReq> Blocks() const {
    std::vector<MemReq> out;
    for (const PortLogEntry& e : mem.data.log)
      if (e.req.size == MMCOSIM_PORT_SIZE_BLOCK) out.push_back(e.req);
    return out;
  }
  uint32_t at = 0;
};

TEST_F(CboTest, EachOpSendsOneAlignedBlockRequest) {
  for (unsigned op : {kInval, kClean, kFlush}) {
    EXPECT_EQ(Run(cbo(op, a1), kPrivM, 0, 0, kData + kLine + 0x14), kCauseBreakpoint) << op;
    const std::vector<MemReq> b = Blocks();
    ASSERT_EQ(b.size(), 1u) << op;
    EXPECT_EQ(b[0].addr, kData + kLine) << "the effective address aligned down to the block";
    EXPECT_EQ(b[0].kind, AccessKind::kLoad) << "management ops translate as loads";
    EXPECT_FALSE(b[0].we);
    EXPECT_EQ(b[0].wdata, op);
  }
  for (uint32_t k = 0; k < 2 * kLine; k += 4) mem.write32(kData + k, 0xa5a5a5a5u);
  EXPECT_EQ(Run(cbo(kZero, a1), kPrivM, 0, 0, kData + kLine + 4), kCauseBreakpoint);
  const std::vector<MemReq> b = Blocks();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].kind, AccessKind::kStore) << "cbo.zero is a store of the block";
  EXPECT_TRUE(b[0].we);
  for (uint32_t k = 0; k < 2 * kLine; k += 4)
    EXPECT_EQ(mem.read32(kData + k), k < kLine ? 0xa5a5a5a5u : 0u) << "word " << k / 4;
}

// The CMO spec's enables: below M, menvcfg gates S and U and senvcfg gates
// U; CBIE 00 = illegal, 01 = cbo.inval performs a flush, 11 = inval.
TEST_F(CboTest, EnvcfgEnablesPerPrivilege) {
  struct Case {
    unsigned op, priv;
    uint32_t m, s;
    int sent;  // op sent, or -1: illegal instruction
  };
  const uint32_t cbie01 = kEnvcfgCbieFlush, cbie11 = kEnvcfgCbie;
  const Case cases[] = {
      {kClean, kPrivS, 0, 0, -1},
      {kClean, kPrivS, kEnvcfgCbcfe, 0, int(kClean)},
      {kFlush, kPrivU, kEnvcfgCbcfe, 0, -1},
      {kFlush, kPrivU, 0, kEnvcfgCbcfe, -1},
      {kFlush, kPrivU, kEnvcfgCbcfe, kEnvcfgCbcfe, int(kFlush)},
      {kZero, kPrivS, kEnvcfgCbcfe | kEnvcfgCbie, kAllCbo, -1},
      {kZero, kPrivS, kEnvcfgCbze, 0, int(kZero)},
      {kZero, kPrivU, kEnvcfgCbze, 0, -1},
      {kZero, kPrivU, kEnvcfgCbze, kEnvcfgCbze, int(kZero)},
      {kInval, kPrivM, 0, 0, int(kInval)},
      {kInval, kPrivS, 0, kAllCbo, -1},
      {kInval, kPrivS, cbie01, 0, int(kFlush)},
      {kInval, kPrivS, cbie11, 0, int(kInval)},
      {kInval, kPrivU, cbie11, 0, -1},
      {kInval, kPrivU, cbie11, cbie01, int(kFlush)},
      {kInval, kPrivU, cbie01, cbie11, int(kFlush)},
      {kInval, kPrivU, cbie11, cbie11, int(kInval)},
  };
  for (const Case& c : cases) {
    const uint32_t insn = cbo(c.op, a1);
    const uint32_t cause = Run(insn, c.priv, c.m, c.s, kData);
    const std::vector<MemReq> b = Blocks();
    if (c.sent < 0) {
      EXPECT_EQ(cause, kCauseIllegal) << "op " << c.op << " priv " << c.priv;
      EXPECT_EQ(traps[0].tval, insn);
      EXPECT_EQ(traps[0].epc, at);
      EXPECT_TRUE(b.empty());
    } else {
      EXPECT_EQ(cause, kCauseBreakpoint) << "op " << c.op << " priv " << c.priv;
      ASSERT_EQ(b.size(), 1u);
      EXPECT_EQ(c.sent == int(kZero) ? unsigned(kZero) : b[0].wdata, unsigned(c.sent))
          << "op " << c.op << " priv " << c.priv;
    }
  }
}

// Management ops check "a load or a store would be permitted" (sent as a
// load) but report store faults; cbo.zero faults as the store it is.  The
// trap value is the block address.
TEST_F(CboTest, FaultsAreStoreFaultsAtTheBlockAddress) {
  mem.add_page_fault(kData + kLine);
  for (unsigned op : {kInval, kClean, kFlush, kZero}) {
    EXPECT_EQ(Run(cbo(op, a1), kPrivM, 0, 0, kData + kLine + 8), kCauseStorePage) << op;
    EXPECT_EQ(traps[0].tval, kData + kLine);
    EXPECT_EQ(Run(cbo(op, a1), kPrivM, 0, 0, kHole + 0x44), kCauseStoreAccess) << op;
    EXPECT_EQ(traps[0].tval, kHole + 0x40);
  }
}

TEST_F(CboTest, ReservedEncodingsAreIllegal) {
  EXPECT_EQ(Run(cbo(kClean, a1, a0), kPrivM, 0, 0, kData), kCauseIllegal) << "rd != x0";
  EXPECT_EQ(Run(cbo(3, a1), kPrivM, 0, 0, kData), kCauseIllegal) << "imm 3";
  EXPECT_EQ(Run(cbo(5, a1), kPrivM, 0, 0, kData), kCauseIllegal) << "imm 5";
  EXPECT_TRUE(Blocks().empty());
}

TEST_F(CboTest, EnvcfgFieldsAreWarl) {
  Run(csrr(a2, kCsrMenvcfg), kPrivM, ~0u, ~0u, kData);
  EXPECT_EQ(cpu->reg(a2), kEnvcfgFiom | kAllCbo);
  EXPECT_EQ(Csr(kCsrSenvcfg), kEnvcfgFiom | kAllCbo);
  Run(csrr(a2, kCsrMenvcfg), kPrivM, 2u << kEnvcfgCbieShift, 2u << kEnvcfgCbieShift, kData);
  EXPECT_EQ(cpu->reg(a2), 0u) << "CBIE = 10 is reserved: reads 00";
  EXPECT_EQ(Csr(kCsrSenvcfg), 0u);
}

TEST_F(CboTest, AbsentWithoutTheCaches) {
  cfg.cache_enable = 0;
  for (unsigned op : {kInval, kClean, kFlush, kZero})
    EXPECT_EQ(Run(cbo(op, a1), kPrivM, ~0u, ~0u, kData), kCauseIllegal) << op;
  EXPECT_EQ(Csr(kCsrMenvcfg), kEnvcfgFiom) << "no CBIE/CBCFE/CBZE without Zicbom/Zicboz";
  EXPECT_TRUE(Blocks().empty());
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
