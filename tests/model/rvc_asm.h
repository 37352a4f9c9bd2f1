// Encoders for every RV32C instruction the core supports, written from the
// RVC format tables (independently of the model's expander).  Registers
// x8..x15 are passed as full numbers to the 3-bit-field forms.
#pragma once

#include <cstdint>

namespace rvasm {

// Bits hi..lo of v, placed at bit `at`.
constexpr uint32_t bits(uint32_t v, unsigned hi, unsigned lo, unsigned at) {
  return ((v >> lo) & ((1u << (hi - lo + 1)) - 1)) << at;
}
constexpr unsigned creg(unsigned r) {
  return r - 8;
}  // x8..x15 -> 0..7
constexpr uint16_t h(uint32_t v) {
  return static_cast<uint16_t>(v);
}

// ---- quadrant 0 ---------------------------------------------------------
constexpr uint16_t c_addi4spn(unsigned rd, uint32_t nzuimm) {
  return h((0u << 13) | bits(nzuimm, 5, 4, 11) | bits(nzuimm, 9, 6, 7) |
           bits(nzuimm, 2, 2, 6) | bits(nzuimm, 3, 3, 5) | (creg(rd) << 2) | 0);
}
constexpr uint16_t c_lw(unsigned rd, unsigned rs1, uint32_t uimm) {
  return h((2u << 13) | bits(uimm, 5, 3, 10) | (creg(rs1) << 7) |
           bits(uimm, 2, 2, 6) | bits(uimm, 6, 6, 5) | (creg(rd) << 2) | 0);
}
constexpr uint16_t c_sw(unsigned rs1, unsigned rs2, uint32_t uimm) {
  return h((6u << 13) | bits(uimm, 5, 3, 10) | (creg(rs1) << 7) |
           bits(uimm, 2, 2, 6) | bits(uimm, 6, 6, 5) | (creg(rs2) << 2) | 0);
}

// ---- quadrant 1 ---------------------------------------------------------
constexpr uint16_t ci(unsigned f3, unsigned rd, int32_t imm, unsigned op) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return h((f3 << 13) | bits(u, 5, 5, 12) | (rd << 7) | bits(u, 4, 0, 2) | op);
}
constexpr uint16_t c_addi_(unsigned rd, int32_t imm) {
  return ci(0, rd, imm, 1);
}
constexpr uint16_t c_li_(unsigned rd, int32_t imm) {
  return ci(2, rd, imm, 1);
}
constexpr uint16_t c_lui(unsigned rd, int32_t nzimm6) {
  return ci(3, rd, nzimm6, 1);
}
constexpr uint16_t cj(unsigned f3, int32_t off) {
  const uint32_t u = static_cast<uint32_t>(off);
  return h((f3 << 13) | bits(u, 11, 11, 12) | bits(u, 4, 4, 11) |
           bits(u, 9, 8, 9) | bits(u, 10, 10, 8) | bits(u, 6, 6, 7) |
           bits(u, 7, 7, 6) | bits(u, 3, 1, 3) | bits(u, 5, 5, 2) | 1);
}
constexpr uint16_t c_jal(int32_t off) {
  return cj(1, off);
}
constexpr uint16_t c_j(int32_t off) {
  return cj(5, off);
}
constexpr uint16_t c_addi16sp(int32_t nzimm) {
  const uint32_t u = static_cast<uint32_t>(nzimm);
  return h((3u << 13) | bits(u, 9, 9, 12) | (2u << 7) | bits(u, 4, 4, 6) |
           bits(u, 6, 6, 5) | bits(u, 8, 7, 3) | bits(u, 5, 5, 2) | 1);
}
constexpr uint16_t c_shift(unsigned f2, unsigned rd, unsigned shamt) {
  return h((4u << 13) | bits(shamt, 5, 5, 12) | (f2 << 10) | (creg(rd) << 7) |
           bits(shamt, 4, 0, 2) | 1);
}
constexpr uint16_t c_srli(unsigned rd, unsigned sh) {
  return c_shift(0, rd, sh);
}
constexpr uint16_t c_srai(unsigned rd, unsigned sh) {
  return c_shift(1, rd, sh);
}
constexpr uint16_t c_andi(unsigned rd, int32_t imm) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return h((4u << 13) | bits(u, 5, 5, 12) | (2u << 10) | (creg(rd) << 7) |
           bits(u, 4, 0, 2) | 1);
}
constexpr uint16_t c_arith(unsigned f2, unsigned rd, unsigned rs2) {
  return h((4u << 13) | (3u << 10) | (creg(rd) << 7) | (f2 << 5) |
           (creg(rs2) << 2) | 1);
}
constexpr uint16_t c_sub(unsigned rd, unsigned rs2) {
  return c_arith(0, rd, rs2);
}
constexpr uint16_t c_xor(unsigned rd, unsigned rs2) {
  return c_arith(1, rd, rs2);
}
constexpr uint16_t c_or(unsigned rd, unsigned rs2) {
  return c_arith(2, rd, rs2);
}
constexpr uint16_t c_and(unsigned rd, unsigned rs2) {
  return c_arith(3, rd, rs2);
}
constexpr uint16_t cb(unsigned f3, unsigned rs1, int32_t off) {
  const uint32_t u = static_cast<uint32_t>(off);
  return h((f3 << 13) | bits(u, 8, 8, 12) | bits(u, 4, 3, 10) |
           (creg(rs1) << 7) | bits(u, 7, 6, 5) | bits(u, 2, 1, 3) |
           bits(u, 5, 5, 2) | 1);
}
constexpr uint16_t c_beqz(unsigned rs1, int32_t off) {
  return cb(6, rs1, off);
}
constexpr uint16_t c_bnez(unsigned rs1, int32_t off) {
  return cb(7, rs1, off);
}

// ---- quadrant 2 ---------------------------------------------------------
constexpr uint16_t c_slli(unsigned rd, unsigned sh) {
  return h(bits(sh, 5, 5, 12) | (rd << 7) | bits(sh, 4, 0, 2) | 2);
}
constexpr uint16_t c_lwsp(unsigned rd, uint32_t uimm) {
  return h((2u << 13) | bits(uimm, 5, 5, 12) | (rd << 7) | bits(uimm, 4, 2, 4) |
           bits(uimm, 7, 6, 2) | 2);
}
constexpr uint16_t c_swsp(unsigned rs2, uint32_t uimm) {
  return h((6u << 13) | bits(uimm, 5, 2, 9) | bits(uimm, 7, 6, 7) | (rs2 << 2) |
           2);
}
constexpr uint16_t c_cr(unsigned b12, unsigned rd, unsigned rs2) {
  return h((4u << 13) | (b12 << 12) | (rd << 7) | (rs2 << 2) | 2);
}
constexpr uint16_t c_jr(unsigned rs1) {
  return c_cr(0, rs1, 0);
}
constexpr uint16_t c_mv_(unsigned rd, unsigned rs2) {
  return c_cr(0, rd, rs2);
}
constexpr uint16_t c_jalr(unsigned rs1) {
  return c_cr(1, rs1, 0);
}
constexpr uint16_t c_add_(unsigned rd, unsigned rs2) {
  return c_cr(1, rd, rs2);
}
constexpr uint16_t c_ebreak_() {
  return c_cr(1, 0, 0);
}

}  // namespace rvasm
