// RISC-V encoding constants used by the CPU model: opcodes, funct fields,
// CSR addresses and CSR bit fields (unprivileged and privileged specs,
// RV32).  Only names, no logic beyond field extraction.
#pragma once

#include <cstdint>

namespace mmcosim {
namespace rv {

// ---- privilege levels --------------------------------------------------
enum Priv : unsigned { kPrivU = 0, kPrivS = 1, kPrivM = 3 };

// ---- 32-bit instruction fields -------------------------------------------
inline unsigned opcode(uint32_t i) {
  return i & 0x7f;
}
inline unsigned rd(uint32_t i) {
  return (i >> 7) & 0x1f;
}
inline unsigned funct3(uint32_t i) {
  return (i >> 12) & 0x7;
}
inline unsigned rs1(uint32_t i) {
  return (i >> 15) & 0x1f;
}
inline unsigned rs2(uint32_t i) {
  return (i >> 20) & 0x1f;
}
inline unsigned funct7(uint32_t i) {
  return i >> 25;
}
inline unsigned funct5(uint32_t i) {
  return i >> 27;
}  // AMO
inline uint32_t imm_i(uint32_t i) {
  return static_cast<uint32_t>(static_cast<int32_t>(i) >> 20);
}
inline uint32_t imm_s(uint32_t i) {
  return (static_cast<uint32_t>(static_cast<int32_t>(i) >> 20) & ~0x1fu) |
         ((i >> 7) & 0x1f);
}
inline uint32_t imm_b(uint32_t i) {
  return (static_cast<uint32_t>(static_cast<int32_t>(i) >> 19) & ~0xfffu) |
         ((i << 4) & 0x800) | ((i >> 20) & 0x7e0) | ((i >> 7) & 0x1e);
}
inline uint32_t imm_u(uint32_t i) {
  return i & 0xfffff000u;
}
inline uint32_t imm_j(uint32_t i) {
  return (static_cast<uint32_t>(static_cast<int32_t>(i) >> 11) & ~0xfffffu) |
         (i & 0xff000) | ((i >> 9) & 0x800) | ((i >> 20) & 0x7fe);
}

// A 16-bit parcel whose low two bits are not 0b11 is a compressed insn.
inline bool is_compressed(uint32_t parcel) {
  return (parcel & 3) != 3;
}

enum Opcode : unsigned {
  kOpLoad = 0x03,
  kOpMiscMem = 0x0f,  // FENCE, FENCE.I
  kOpImm = 0x13,
  kOpAuipc = 0x17,
  kOpStore = 0x23,
  kOpAmo = 0x2f,
  kOp = 0x33,
  kOpLui = 0x37,
  kOpBranch = 0x63,
  kOpJalr = 0x67,
  kOpJal = 0x6f,
  kOpSystem = 0x73,
};

// funct7 values of OP / OP-IMM
constexpr unsigned kFunct7Base = 0x00;
constexpr unsigned kFunct7Alt = 0x20;  // SUB, SRA, SRAI
constexpr unsigned kFunct7MulDiv = 0x01;

// MISC-MEM funct3
constexpr unsigned kF3Fence = 0;
constexpr unsigned kF3FenceI = 1;
constexpr unsigned kF3Cbo = 2;  // Zicbom/Zicboz: imm[11:0] selects the op

// AMO funct5
enum AmoOp : unsigned {
  kAmoAdd = 0x00,
  kAmoSwap = 0x01,
  kAmoLr = 0x02,
  kAmoSc = 0x03,
  kAmoXor = 0x04,
  kAmoOr = 0x08,
  kAmoAnd = 0x0c,
  kAmoMin = 0x10,
  kAmoMax = 0x14,
  kAmoMinu = 0x18,
  kAmoMaxu = 0x1c,
};
constexpr unsigned kF3AmoW = 2;

// SYSTEM instructions with funct3 = 0 (whole encodings, or funct7 for
// SFENCE.VMA which carries rs1/rs2).
constexpr uint32_t kInsnEcall = 0x00000073;
constexpr uint32_t kInsnEbreak = 0x00100073;
constexpr uint32_t kInsnSret = 0x10200073;
constexpr uint32_t kInsnMret = 0x30200073;
constexpr uint32_t kInsnWfi = 0x10500073;
constexpr unsigned kFunct7SfenceVma = 0x09;

// ---- exception and interrupt causes --------------------------------------
enum Cause : uint32_t {
  kCauseMisalignedFetch = 0,
  kCauseFetchAccess = 1,
  kCauseIllegal = 2,
  kCauseBreakpoint = 3,
  kCauseMisalignedLoad = 4,
  kCauseLoadAccess = 5,
  kCauseMisalignedStore = 6,  // also SC and AMO
  kCauseStoreAccess = 7,
  kCauseEcallU = 8,
  kCauseEcallS = 9,
  kCauseEcallM = 11,
  kCauseFetchPage = 12,
  kCauseLoadPage = 13,
  kCauseStorePage = 15,
};
constexpr uint32_t kCauseInterrupt = 1u << 31;
enum IrqCause : uint32_t {
  kIrqCauseSsi = 1,
  kIrqCauseMsi = 3,
  kIrqCauseSti = 5,
  kIrqCauseMti = 7,
  kIrqCauseSei = 9,
  kIrqCauseMei = 11,
};

// ---- CSR addresses ---------------------------------------------------------
enum Csr : uint16_t {
  // supervisor
  kCsrSstatus = 0x100,
  kCsrSie = 0x104,
  kCsrStvec = 0x105,
  kCsrScounteren = 0x106,
  kCsrSenvcfg = 0x10a,
  kCsrSscratch = 0x140,
  kCsrSepc = 0x141,
  kCsrScause = 0x142,
  kCsrStval = 0x143,
  kCsrSip = 0x144,
  kCsrSatp = 0x180,
  // machine trap setup / handling
  kCsrMstatus = 0x300,
  kCsrMisa = 0x301,
  kCsrMedeleg = 0x302,
  kCsrMideleg = 0x303,
  kCsrMie = 0x304,
  kCsrMtvec = 0x305,
  kCsrMcounteren = 0x306,
  kCsrMenvcfg = 0x30a,
  kCsrMstatush = 0x310,
  kCsrMenvcfgh = 0x31a,
  kCsrMcountinhibit = 0x320,
  kCsrMhpmevent3 = 0x323,
  kCsrMhpmevent31 = 0x33f,
  kCsrMscratch = 0x340,
  kCsrMepc = 0x341,
  kCsrMcause = 0x342,
  kCsrMtval = 0x343,
  kCsrMip = 0x344,
  // physical memory protection: zero entries implemented (read-only zero)
  kCsrPmpcfg0 = 0x3a0,
  kCsrPmpcfg15 = 0x3af,
  kCsrPmpaddr0 = 0x3b0,
  kCsrPmpaddr63 = 0x3ef,
  // machine counters
  kCsrMcycle = 0xb00,
  kCsrMinstret = 0xb02,
  kCsrMhpmcounter3 = 0xb03,
  kCsrMhpmcounter31 = 0xb1f,
  kCsrMcycleh = 0xb80,
  kCsrMinstreth = 0xb82,
  kCsrMhpmcounter3h = 0xb83,
  kCsrMhpmcounter31h = 0xb9f,
  // user counters (read-only shadows)
  kCsrCycle = 0xc00,
  kCsrTime = 0xc01,
  kCsrInstret = 0xc02,
  kCsrHpmcounter3 = 0xc03,
  kCsrHpmcounter31 = 0xc1f,
  kCsrCycleh = 0xc80,
  kCsrTimeh = 0xc81,
  kCsrInstreth = 0xc82,
  kCsrHpmcounter3h = 0xc83,
  kCsrHpmcounter31h = 0xc9f,
  // machine information
  kCsrMvendorid = 0xf11,
  kCsrMarchid = 0xf12,
  kCsrMimpid = 0xf13,
  kCsrMhartid = 0xf14,
  kCsrMconfigptr = 0xf15,
};

// CSR address fields: [11:10] == 3 read-only, [9:8] lowest privilege.
inline unsigned csr_min_priv(unsigned addr) {
  return (addr >> 8) & 3;
}
inline bool csr_read_only(unsigned addr) {
  return ((addr >> 10) & 3) == 3;
}
constexpr unsigned kCounterIndexMask = 0x1f;  // counter number in 0xC00..

// CSR instruction funct3 (bit 2 selects the immediate form)
constexpr unsigned kF3CsrImm = 4;
enum CsrOp : unsigned { kCsrRw = 1, kCsrRs = 2, kCsrRc = 3 };

// ---- mstatus ---------------------------------------------------------------
constexpr uint32_t kMstatusSie = 1u << 1;
constexpr uint32_t kMstatusMie = 1u << 3;
constexpr uint32_t kMstatusSpie = 1u << 5;
constexpr uint32_t kMstatusMpie = 1u << 7;
constexpr uint32_t kMstatusSpp = 1u << 8;
constexpr unsigned kMstatusMppShift = 11;
constexpr uint32_t kMstatusMpp = 3u << kMstatusMppShift;
constexpr uint32_t kMstatusMprv = 1u << 17;
constexpr uint32_t kMstatusSum = 1u << 18;
constexpr uint32_t kMstatusMxr = 1u << 19;
constexpr uint32_t kMstatusTvm = 1u << 20;
constexpr uint32_t kMstatusTw = 1u << 21;
constexpr uint32_t kMstatusTsr = 1u << 22;
// Writable bits of mstatus (MPP is further WARL-checked) and the subset
// visible through sstatus.
constexpr uint32_t kMstatusWritable = kMstatusSie | kMstatusMie | kMstatusSpie |
                                      kMstatusMpie | kMstatusSpp | kMstatusMpp |
                                      kMstatusMprv | kMstatusSum | kMstatusMxr |
                                      kMstatusTvm | kMstatusTw | kMstatusTsr;
constexpr uint32_t kSstatusMask =
    kMstatusSie | kMstatusSpie | kMstatusSpp | kMstatusSum | kMstatusMxr;

// ---- misa ------------------------------------------------------------------
inline constexpr uint32_t misa_ext(char letter) {
  return 1u << (letter - 'A');
}
constexpr uint32_t kMisaMxl32 = 1u << 30;
constexpr uint32_t kMisaValue = kMisaMxl32 | misa_ext('A') | misa_ext('C') |
                                misa_ext('I') | misa_ext('M') | misa_ext('S') |
                                misa_ext('U');

// ---- interrupts (mip / mie bits) -------------------------------------------
constexpr uint32_t kMipSsip = 1u << kIrqCauseSsi;
constexpr uint32_t kMipMsip = 1u << kIrqCauseMsi;
constexpr uint32_t kMipStip = 1u << kIrqCauseSti;
constexpr uint32_t kMipMtip = 1u << kIrqCauseMti;
constexpr uint32_t kMipSeip = 1u << kIrqCauseSei;
constexpr uint32_t kMipMeip = 1u << kIrqCauseMei;
constexpr uint32_t kMipAll =
    kMipSsip | kMipMsip | kMipStip | kMipMtip | kMipSeip | kMipMeip;
constexpr uint32_t kMipSupervisor = kMipSsip | kMipStip | kMipSeip;
// Lines driven by the platform (CLINT, external interrupt).
constexpr uint32_t kMipPlatformLines =
    kMipMsip | kMipMtip | kMipMeip | kMipSeip;
// Bits of mip that M-mode software may write.
constexpr uint32_t kMipMWritable = kMipSsip | kMipStip | kMipSeip;

// ---- delegation ------------------------------------------------------------
// Exceptions that medeleg may delegate: 0-9, 12, 13, 15 (not ecall from M,
// not the reserved 10 and 14).
constexpr uint32_t kMedelegWritable = 0x03ffu | (1u << kCauseFetchPage) |
                                      (1u << kCauseLoadPage) |
                                      (1u << kCauseStorePage);
constexpr uint32_t kMidelegWritable = kMipSupervisor;

// ---- trap vector -----------------------------------------------------------
constexpr uint32_t kTvecModeMask = 3;
constexpr uint32_t kTvecVectored = 1;

// ---- counters --------------------------------------------------------------
constexpr uint32_t kCounterCy = 1u << 0;
constexpr uint32_t kCounterTm = 1u << 1;
constexpr uint32_t kCounterIr = 1u << 2;
constexpr unsigned kFirstHpm = 3;
constexpr unsigned kNumCounters = 32;
// mcountinhibit: TM (bit 1) is read-only zero.
constexpr uint32_t kMcountinhibitWritable = ~kCounterTm;

// ---- envcfg ----------------------------------------------------------------
constexpr uint32_t kEnvcfgFiom = 1u << 0;
constexpr unsigned kEnvcfgCbieShift = 4;                  // CBIE, 2 bits: cbo.inval
constexpr uint32_t kEnvcfgCbie = 3u << kEnvcfgCbieShift;  // 00 illegal, 01 flush, 11 inval
constexpr uint32_t kEnvcfgCbieFlush = 1u << kEnvcfgCbieShift;
constexpr uint32_t kEnvcfgCbcfe = 1u << 6;  // cbo.clean, cbo.flush allowed below
constexpr uint32_t kEnvcfgCbze = 1u << 7;   // cbo.zero allowed below
constexpr uint32_t kMenvcfghAdue = 1u << 29;  // bit 61 of menvcfg

// ---- satp (Sv32) -----------------------------------------------------------
constexpr uint32_t kSatpModeSv32 = 1u << 31;
constexpr unsigned kSatpAsidShift = 22;
constexpr uint32_t kSatpAsidMask = 0x1ffu << kSatpAsidShift;  // 9 bits
constexpr uint32_t kSatpPpnMask = 0x003fffffu;
constexpr uint32_t kSfenceAsidMask = 0x1ff;

// ---- epc -------------------------------------------------------------------
constexpr uint32_t kEpcMask = ~1u;  // IALIGN=16: bit 0 always zero

}  // namespace rv
}  // namespace mmcosim
