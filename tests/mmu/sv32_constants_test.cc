// Pins the generated Sv32 constants to the literal values of the RISC-V
// privileged spec (Sv32: 4 KiB pages, two levels of 10-bit VPNs, 4-byte
// PTEs with V R W X U G A D in bits 0..7 and the PPN from bit 10, 34-bit
// physical addresses, satp = MODE[31] | ASID[30:22] | PPN[21:0]).  Both the
// C header the golden model uses and the Verilog include the RTL uses are
// checked, so that a config/ mistake cannot hide from both at once.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "sv32.h"

namespace {

// name (without MMCOSIM_SV32_) -> the spec's value
const std::map<std::string, unsigned>& spec() {
  static const std::map<std::string, unsigned> m = {
      {"PAGE_SHIFT", 12},    {"MEGAPAGE_SHIFT", 22}, {"LEVELS", 2},
      {"VPN_BITS", 10},      {"PTE_BYTES", 4},       {"PTE_PPN_SHIFT", 10},
      {"ASID_BITS", 9},      {"PPN_BITS", 22},       {"SATP_MODE_BIT", 31},
      {"SATP_ASID_LSB", 22}, {"PTE_V_BIT", 0},       {"PTE_R_BIT", 1},
      {"PTE_W_BIT", 2},      {"PTE_X_BIT", 3},       {"PTE_U_BIT", 4},
      {"PTE_G_BIT", 5},      {"PTE_A_BIT", 6},       {"PTE_D_BIT", 7},
  };
  return m;
}

TEST(Sv32Constants, CHeaderHasTheSpecValues) {
  const std::map<std::string, unsigned> gen = {
      {"PAGE_SHIFT", MMCOSIM_SV32_PAGE_SHIFT},
      {"MEGAPAGE_SHIFT", MMCOSIM_SV32_MEGAPAGE_SHIFT},
      {"LEVELS", MMCOSIM_SV32_LEVELS},
      {"VPN_BITS", MMCOSIM_SV32_VPN_BITS},
      {"PTE_BYTES", MMCOSIM_SV32_PTE_BYTES},
      {"PTE_PPN_SHIFT", MMCOSIM_SV32_PTE_PPN_SHIFT},
      {"ASID_BITS", MMCOSIM_SV32_ASID_BITS},
      {"PPN_BITS", MMCOSIM_SV32_PPN_BITS},
      {"SATP_MODE_BIT", MMCOSIM_SV32_SATP_MODE_BIT},
      {"SATP_ASID_LSB", MMCOSIM_SV32_SATP_ASID_LSB},
      {"PTE_V_BIT", MMCOSIM_SV32_PTE_V_BIT},
      {"PTE_R_BIT", MMCOSIM_SV32_PTE_R_BIT},
      {"PTE_W_BIT", MMCOSIM_SV32_PTE_W_BIT},
      {"PTE_X_BIT", MMCOSIM_SV32_PTE_X_BIT},
      {"PTE_U_BIT", MMCOSIM_SV32_PTE_U_BIT},
      {"PTE_G_BIT", MMCOSIM_SV32_PTE_G_BIT},
      {"PTE_A_BIT", MMCOSIM_SV32_PTE_A_BIT},
      {"PTE_D_BIT", MMCOSIM_SV32_PTE_D_BIT},
  };
  EXPECT_EQ(gen, spec());
}

// The golden model's derived values, written as the spec writes them.
TEST(Sv32Constants, GoldenModelDerivesTheSpecLayout) {
  namespace sv = mmcosim::sv32;
  EXPECT_EQ(sv::kPageSize, 4096u);
  EXPECT_EQ(sv::kVpnMask, 0x3ffu);
  EXPECT_EQ(sv::kPpnMask, 0x3fffffu);
  EXPECT_EQ(sv::kSatpModeSv32, 0x80000000u);
  EXPECT_EQ(sv::make_satp(0x12345, 0x1ab), 0x80000000u | 0x1abu << 22 | 0x12345u);
  EXPECT_EQ(sv::kPteV | sv::kPteR | sv::kPteW | sv::kPteX, 0x0fu);
  EXPECT_EQ(sv::kPteU | sv::kPteG | sv::kPteA | sv::kPteD, 0xf0u);
  EXPECT_EQ(sv::make_pte(0x3fffff, 0), 0xfffffc00u);
  EXPECT_EQ(sv::vpn(0xffc01234u, 1), 0x3ffu);  // va[31:22]
  EXPECT_EQ(sv::vpn(0xffc01234u, 0), 0x001u);  // va[21:12]
}

// The Verilog include (what mmu_pkg reads) has the same values.
TEST(Sv32Constants, VerilogIncludeHasTheSpecValues) {
  const std::string path = std::string(MMCOSIM_CFG_SVH);
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  const std::regex def(R"(^`define MMCOSIM_SV32_([A-Z_0-9]+) 32'h([0-9a-fA-F]+))");
  std::map<std::string, unsigned> got;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, def))
      got[m[1]] = static_cast<unsigned>(std::strtoul(m[2].str().c_str(), nullptr, 16));
  }
  EXPECT_EQ(got, spec());
}

}  // namespace
