// A tiny RV32IMAC assembler for the CPU model tests: encoders for the
// R/I/S/B/U/J formats, one function per instruction used by the tests, and
// a Program builder that lays out 32-bit words and 16-bit parcels.
#pragma once

#include <cstdint>
#include <vector>

#include "rv_defs.h"

namespace rvasm {

using mmcosim::rv::Opcode;
namespace rv = mmcosim::rv;

// Register names used by the tests.
enum Reg : unsigned {
  zero = 0,
  ra = 1,
  sp = 2,
  gp = 3,
  tp = 4,
  t0 = 5,
  t1 = 6,
  t2 = 7,
  s0 = 8,
  s1 = 9,
  a0 = 10,
  a1 = 11,
  a2 = 12,
  a3 = 13,
  a4 = 14,
  a5 = 15,
  a6 = 16,
  a7 = 17,
  s2 = 18,
  s3 = 19,
  t3 = 28,
  t4 = 29,
  t5 = 30,
  t6 = 31,
};

// ---- formats ---------------------------------------------------------------
constexpr uint32_t r_type(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3,
                          unsigned rd, unsigned op) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr uint32_t i_type(int32_t imm, unsigned rs1, unsigned f3, unsigned rd,
                          unsigned op) {
  return (static_cast<uint32_t>(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) |
         (rd << 7) | op;
}
constexpr uint32_t s_type(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3,
                          unsigned op) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         ((u & 0x1f) << 7) | op;
}
constexpr uint32_t b_type(int32_t imm, unsigned rs2, unsigned rs1,
                          unsigned f3) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3f) << 25) | (rs2 << 20) |
         (rs1 << 15) | (f3 << 12) | (((u >> 1) & 0xf) << 8) |
         (((u >> 11) & 1) << 7) | rv::kOpBranch;
}
constexpr uint32_t u_type(uint32_t imm, unsigned rd, unsigned op) {
  return (imm & 0xfffff000u) | (rd << 7) | op;
}
constexpr uint32_t j_type(int32_t imm, unsigned rd) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3ff) << 21) |
         (((u >> 11) & 1) << 20) | (((u >> 12) & 0xff) << 12) | (rd << 7) |
         rv::kOpJal;
}

// ---- RV32I -----------------------------------------------------------------
// clang-format off
#define RV_R(name, f7, f3) \
  constexpr uint32_t name(unsigned rd, unsigned rs1, unsigned rs2) { \
    return r_type(f7, rs2, rs1, f3, rd, rv::kOp); }
RV_R(add, 0, 0) RV_R(sub, 0x20, 0) RV_R(sll, 0, 1) RV_R(slt, 0, 2)
RV_R(sltu, 0, 3) RV_R(xor_, 0, 4) RV_R(srl, 0, 5) RV_R(sra, 0x20, 5)
RV_R(or_, 0, 6) RV_R(and_, 0, 7)
RV_R(mul, 1, 0) RV_R(mulh, 1, 1) RV_R(mulhsu, 1, 2) RV_R(mulhu, 1, 3)
RV_R(div, 1, 4) RV_R(divu, 1, 5) RV_R(rem, 1, 6) RV_R(remu, 1, 7)
#undef RV_R

#define RV_I(name, f3) \
  constexpr uint32_t name(unsigned rd, unsigned rs1, int32_t imm) { \
    return i_type(imm, rs1, f3, rd, rv::kOpImm); }
RV_I(addi, 0) RV_I(slti, 2) RV_I(sltiu, 3) RV_I(xori, 4) RV_I(ori, 6)
RV_I(andi, 7)
#undef RV_I
    // clang-format on
    constexpr uint32_t slli(unsigned rd, unsigned rs1, unsigned sh) {
  return r_type(0, sh, rs1, 1, rd, rv::kOpImm);
}
constexpr uint32_t srli(unsigned rd, unsigned rs1, unsigned sh) {
  return r_type(0, sh, rs1, 5, rd, rv::kOpImm);
}
constexpr uint32_t srai(unsigned rd, unsigned rs1, unsigned sh) {
  return r_type(0x20, sh, rs1, 5, rd, rv::kOpImm);
}
constexpr uint32_t nop() {
  return addi(0, 0, 0);
}

// clang-format off
#define RV_L(name, f3) \
  constexpr uint32_t name(unsigned rd, unsigned rs1, int32_t imm) { \
    return i_type(imm, rs1, f3, rd, rv::kOpLoad); }
RV_L(lb, 0) RV_L(lh, 1) RV_L(lw, 2) RV_L(lbu, 4) RV_L(lhu, 5)
#undef RV_L
#define RV_S(name, f3) \
  constexpr uint32_t name(unsigned rs2, unsigned rs1, int32_t imm) { \
    return s_type(imm, rs2, rs1, f3, rv::kOpStore); }
RV_S(sb, 0) RV_S(sh, 1) RV_S(sw, 2)
#undef RV_S
#define RV_B(name, f3) \
  constexpr uint32_t name(unsigned rs1, unsigned rs2, int32_t off) { \
    return b_type(off, rs2, rs1, f3); }
RV_B(beq, 0) RV_B(bne, 1) RV_B(blt, 4) RV_B(bge, 5) RV_B(bltu, 6)
RV_B(bgeu, 7)
#undef RV_B
    // clang-format on

    constexpr uint32_t lui(unsigned rd, uint32_t imm) {
  return u_type(imm, rd, rv::kOpLui);
}
constexpr uint32_t auipc(unsigned rd, uint32_t imm) {
  return u_type(imm, rd, rv::kOpAuipc);
}
constexpr uint32_t jal(unsigned rd, int32_t off) {
  return j_type(off, rd);
}
constexpr uint32_t jalr(unsigned rd, unsigned rs1, int32_t imm) {
  return i_type(imm, rs1, 0, rd, rv::kOpJalr);
}

// ---- system ----------------------------------------------------------------
constexpr uint32_t ecall() {
  return rv::kInsnEcall;
}
constexpr uint32_t ebreak() {
  return rv::kInsnEbreak;
}
constexpr uint32_t mret() {
  return rv::kInsnMret;
}
constexpr uint32_t sret() {
  return rv::kInsnSret;
}
constexpr uint32_t wfi() {
  return rv::kInsnWfi;
}
constexpr uint32_t fence() {
  return 0x0ff0000f;
}
constexpr uint32_t fence_i() {
  return 0x0000100f;
}
constexpr uint32_t sfence_vma(unsigned rs1, unsigned rs2) {
  return r_type(rv::kFunct7SfenceVma, rs2, rs1, 0, 0, rv::kOpSystem);
}
constexpr uint32_t csr_op(unsigned f3, unsigned rd, unsigned csr,
                          unsigned rs1) {
  return (csr << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | rv::kOpSystem;
}
constexpr uint32_t csrrw(unsigned rd, unsigned csr, unsigned rs1) {
  return csr_op(1, rd, csr, rs1);
}
constexpr uint32_t csrrs(unsigned rd, unsigned csr, unsigned rs1) {
  return csr_op(2, rd, csr, rs1);
}
constexpr uint32_t csrrc(unsigned rd, unsigned csr, unsigned rs1) {
  return csr_op(3, rd, csr, rs1);
}
constexpr uint32_t csrrwi(unsigned rd, unsigned csr, unsigned u) {
  return csr_op(5, rd, csr, u);
}
constexpr uint32_t csrrsi(unsigned rd, unsigned csr, unsigned u) {
  return csr_op(6, rd, csr, u);
}
constexpr uint32_t csrrci(unsigned rd, unsigned csr, unsigned u) {
  return csr_op(7, rd, csr, u);
}
constexpr uint32_t csrr(unsigned rd, unsigned csr) {
  return csrrs(rd, csr, 0);
}
constexpr uint32_t csrw(unsigned csr, unsigned rs1) {
  return csrrw(0, csr, rs1);
}
constexpr uint32_t csrs(unsigned csr, unsigned rs1) {
  return csrrs(0, csr, rs1);
}
constexpr uint32_t csrc(unsigned csr, unsigned rs1) {
  return csrrc(0, csr, rs1);
}

// ---- A ---------------------------------------------------------------------
constexpr uint32_t amo(unsigned f5, unsigned rd, unsigned rs1, unsigned rs2) {
  return r_type(f5 << 2, rs2, rs1, rv::kF3AmoW, rd, rv::kOpAmo);
}
constexpr uint32_t lr_w(unsigned rd, unsigned rs1) {
  return amo(rv::kAmoLr, rd, rs1, 0);
}
constexpr uint32_t sc_w(unsigned rd, unsigned rs1, unsigned rs2) {
  return amo(rv::kAmoSc, rd, rs1, rs2);
}

// ---- compressed (raw halfwords for a few common forms) ---------------------
constexpr uint16_t c_nop() {
  return 0x0001;
}
constexpr uint16_t c_ebreak() {
  return 0x9002;
}
// c.addi rd, imm (imm in -32..31)
constexpr uint16_t c_addi(unsigned rd, int imm) {
  return static_cast<uint16_t>(((imm & 0x20) << 7) | (rd << 7) |
                               ((imm & 0x1f) << 2) | 0x1);
}
// c.li rd, imm
constexpr uint16_t c_li(unsigned rd, int imm) {
  return static_cast<uint16_t>(0x4000 | ((imm & 0x20) << 7) | (rd << 7) |
                               ((imm & 0x1f) << 2) | 0x1);
}
// c.mv rd, rs2
constexpr uint16_t c_mv(unsigned rd, unsigned rs2) {
  return static_cast<uint16_t>(0x8000 | (rd << 7) | (rs2 << 2) | 0x2);
}
// c.add rd, rs2
constexpr uint16_t c_add(unsigned rd, unsigned rs2) {
  return static_cast<uint16_t>(0x9000 | (rd << 7) | (rs2 << 2) | 0x2);
}

// Lays out a program starting at `base`.
class Program {
 public:
  explicit Program(uint32_t base) : base_(base) {}
  uint32_t base() const { return base_; }
  // Address of the next instruction to be emitted.
  uint32_t here() const { return base_ + static_cast<uint32_t>(bytes_.size()); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

  Program& i(uint32_t insn) {
    for (int k = 0; k < 4; ++k)
      bytes_.push_back(static_cast<uint8_t>(insn >> (8 * k)));
    return *this;
  }
  Program& c(uint16_t half) {
    bytes_.push_back(static_cast<uint8_t>(half));
    bytes_.push_back(static_cast<uint8_t>(half >> 8));
    return *this;
  }
  // Always two instructions (lui + addi), so layouts are predictable.
  Program& li(unsigned rd, uint32_t v) {
    const uint32_t lo = v & 0xfff;
    const uint32_t hi = (v + 0x800) & 0xfffff000u;
    i(lui(rd, hi));
    return i(addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20));
  }
  // Pads with 32-bit NOPs (or one c.nop) up to address `addr`.
  Program& org(uint32_t addr) {
    if ((here() & 2) && here() < addr) c(c_nop());
    while (here() < addr) i(nop());
    return *this;
  }

 private:
  uint32_t base_;
  std::vector<uint8_t> bytes_;
};

}  // namespace rvasm
