// RVC expansion: each compressed form becomes the 32-bit instruction the
// spec defines as its expansion; the executor then sees only 32-bit code.
//
// Bit layouts follow the RVC chapter of the unprivileged spec; each
// immediate is assembled by moving the instruction bits to the immediate
// bit positions listed in the comment next to it.
#include "rvc.h"

#include "rv_defs.h"

namespace mmcosim {
namespace {

constexpr uint32_t kIllegal = 0;
constexpr unsigned kRegRa = 1;
constexpr unsigned kRegSp = 2;
constexpr unsigned kCRegBase = 8;  // x8..x15 for the 3-bit register fields

// ---- encoders of the 32-bit formats --------------------------------------
uint32_t enc_i(unsigned op, unsigned f3, unsigned rd, unsigned rs1,
               uint32_t imm) {
  return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t enc_r(unsigned op, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
               unsigned rs2) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t enc_s(unsigned op, unsigned f3, unsigned rs1, unsigned rs2,
               uint32_t imm) {
  return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         ((imm & 0x1f) << 7) | op;
}
uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, uint32_t imm) {
  return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) |
         (rs1 << 15) | (f3 << 12) | (((imm >> 1) & 0xf) << 8) |
         (((imm >> 11) & 1) << 7) | rv::kOpBranch;
}
uint32_t enc_j(unsigned rd, uint32_t imm) {
  return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) |
         (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xff) << 12) | (rd << 7) |
         rv::kOpJal;
}

// Sign-extends the low `bits` bits of v.
uint32_t sext(uint32_t v, unsigned bits) {
  const unsigned shift = 32 - bits;
  return static_cast<uint32_t>(static_cast<int32_t>(v << shift) >> shift);
}

// funct3 values of the 32-bit targets
constexpr unsigned kF3Add = 0, kF3Sll = 1, kF3Xor = 4, kF3Srl = 5, kF3Or = 6,
                   kF3And = 7, kF3Word = 2, kF3Beq = 0, kF3Bne = 1;

// CI-format 6-bit signed immediate: imm[5] = c[12], imm[4:0] = c[6:2].
uint32_t ci_imm(uint16_t c) {
  return sext(((c >> 7) & 0x20) | ((c >> 2) & 0x1f), 6);
}
// CB/CI shift amount: shamt[5] = c[12], shamt[4:0] = c[6:2].
unsigned ci_shamt(uint16_t c) {
  return ((c >> 7) & 0x20) | ((c >> 2) & 0x1f);
}
// CJ offset[11|4|9:8|10|6|7|3:1|5] = c[12|11|10:9|8|7|6|5:3|2].
uint32_t cj_imm(uint16_t c) {
  return sext(((c >> 1) & 0x800) | ((c >> 7) & 0x10) | ((c >> 1) & 0x300) |
                  ((c << 2) & 0x400) | ((c >> 1) & 0x40) | ((c << 1) & 0x80) |
                  ((c >> 2) & 0xe) | ((c << 3) & 0x20),
              12);
}
// CB offset[8|4:3] = c[12:10], offset[7:6|2:1|5] = c[6:2].
uint32_t cb_imm(uint16_t c) {
  return sext(((c >> 4) & 0x100) | ((c >> 7) & 0x18) | ((c << 1) & 0xc0) |
                  ((c >> 2) & 0x6) | ((c << 3) & 0x20),
              9);
}
// CL/CS word offset: uimm[5:3] = c[12:10], uimm[2] = c[6], uimm[6] = c[5].
uint32_t cl_imm(uint16_t c) {
  return ((c >> 7) & 0x38) | ((c >> 4) & 0x4) | ((c << 1) & 0x40);
}

unsigned rd_full(uint16_t c) {
  return (c >> 7) & 0x1f;
}
unsigned rs2_full(uint16_t c) {
  return (c >> 2) & 0x1f;
}
unsigned rd_short(uint16_t c) {
  return kCRegBase + ((c >> 7) & 0x7);
}
unsigned rs2_short(uint16_t c) {
  return kCRegBase + ((c >> 2) & 0x7);
}

uint32_t quadrant0(uint16_t c) {
  switch (c >> 13) {
    case 0: {  // c.addi4spn: nzuimm[5:4|9:6|2|3] = c[12:11|10:7|6|5]
      const uint32_t imm = ((c >> 7) & 0x30) | ((c >> 1) & 0x3c0) |
                           ((c >> 4) & 0x4) | ((c >> 2) & 0x8);
      if (imm == 0) return kIllegal;  // includes the all-zero halfword
      return enc_i(rv::kOpImm, 0, rs2_short(c), kRegSp, imm);
    }
    case 2:  // c.lw
      return enc_i(rv::kOpLoad, kF3Word, rs2_short(c), rd_short(c), cl_imm(c));
    case 6:  // c.sw
      return enc_s(rv::kOpStore, kF3Word, rd_short(c), rs2_short(c), cl_imm(c));
    default:  // c.fld, c.flw, c.fsd, c.fsw, reserved
      return kIllegal;
  }
}

uint32_t quadrant1(uint16_t c) {
  const unsigned rd = rd_full(c);
  switch (c >> 13) {
    case 0:  // c.addi (c.nop when rd=0; rd=0 or imm=0 are HINTs)
      return enc_i(rv::kOpImm, 0, rd, rd, ci_imm(c) & 0xfff);
    case 1:  // c.jal (RV32)
      return enc_j(kRegRa, cj_imm(c));
    case 2:  // c.li
      return enc_i(rv::kOpImm, 0, rd, 0, ci_imm(c) & 0xfff);
    case 3:
      if (rd == kRegSp) {  // c.addi16sp: nzimm[9|4|6|8:7|5] = c[12|6|5|4:3|2]
        const uint32_t imm =
            sext(((c >> 3) & 0x200) | ((c >> 2) & 0x10) | ((c << 1) & 0x40) |
                     ((c << 4) & 0x180) | ((c << 3) & 0x20),
                 10);
        if (imm == 0) return kIllegal;
        return enc_i(rv::kOpImm, 0, kRegSp, kRegSp, imm & 0xfff);
      } else {  // c.lui: nzimm[17|16:12] = c[12|6:2]
        const uint32_t imm = ci_imm(c) << 12;
        if (imm == 0) return kIllegal;
        return (imm & 0xfffff000u) | (rd << 7) | rv::kOpLui;
      }
    case 4: {
      const unsigned r = rd_short(c);
      switch ((c >> 10) & 3) {
        case 0:    // c.srli (shamt[5]=1 is NSE on RV32)
        case 1: {  // c.srai
          const unsigned shamt = ci_shamt(c);
          if (shamt & 0x20) return kIllegal;
          const unsigned f7 = ((c >> 10) & 1) ? rv::kFunct7Alt : 0;
          return enc_r(rv::kOpImm, kF3Srl, f7, r, r, shamt);
        }
        case 2:  // c.andi
          return enc_i(rv::kOpImm, kF3And, r, r, ci_imm(c) & 0xfff);
        default: {
          if (c & (1u << 12)) return kIllegal;  // c.subw/c.addw: RV64 only
          const unsigned rs2 = rs2_short(c);
          switch ((c >> 5) & 3) {
            case 0:  // c.sub
              return enc_r(rv::kOp, 0, rv::kFunct7Alt, r, r, rs2);
            case 1:  // c.xor
              return enc_r(rv::kOp, kF3Xor, 0, r, r, rs2);
            case 2:  // c.or
              return enc_r(rv::kOp, kF3Or, 0, r, r, rs2);
            default:  // c.and
              return enc_r(rv::kOp, kF3And, 0, r, r, rs2);
          }
        }
      }
    }
    case 5:  // c.j
      return enc_j(0, cj_imm(c));
    case 6:  // c.beqz
      return enc_b(kF3Beq, rd_short(c), 0, cb_imm(c));
    default:  // c.bnez
      return enc_b(kF3Bne, rd_short(c), 0, cb_imm(c));
  }
}

uint32_t quadrant2(uint16_t c) {
  const unsigned rd = rd_full(c);
  const unsigned rs2 = rs2_full(c);
  const bool bit12 = (c >> 12) & 1;
  switch (c >> 13) {
    case 0: {  // c.slli (shamt[5]=1 is NSE on RV32)
      const unsigned shamt = ci_shamt(c);
      if (shamt & 0x20) return kIllegal;
      return enc_r(rv::kOpImm, kF3Sll, 0, rd, rd, shamt);
    }
    case 2: {  // c.lwsp: uimm[5|4:2|7:6] = c[12|6:4|3:2]
      if (rd == 0) return kIllegal;
      const uint32_t imm =
          ((c >> 7) & 0x20) | ((c >> 2) & 0x1c) | ((c << 4) & 0xc0);
      return enc_i(rv::kOpLoad, kF3Word, rd, kRegSp, imm);
    }
    case 4:
      if (!bit12) {
        if (rs2 == 0) {  // c.jr
          if (rd == 0) return kIllegal;
          return enc_i(rv::kOpJalr, 0, 0, rd, 0);
        }
        return enc_r(rv::kOp, 0, 0, rd, 0, rs2);  // c.mv
      }
      if (rs2 == 0) {
        if (rd == 0) return rv::kInsnEbreak;          // c.ebreak
        return enc_i(rv::kOpJalr, 0, kRegRa, rd, 0);  // c.jalr
      }
      return enc_r(rv::kOp, 0, 0, rd, rd, rs2);  // c.add
    case 6: {  // c.swsp: uimm[5:2|7:6] = c[12:9|8:7]
      const uint32_t imm = ((c >> 7) & 0x3c) | ((c >> 1) & 0xc0);
      return enc_s(rv::kOpStore, kF3Word, kRegSp, rs2, imm);
    }
    default:  // c.fldsp, c.flwsp, c.fsdsp, c.fswsp
      return kIllegal;
  }
}

}  // namespace

uint32_t rvc_expand(uint16_t c) {
  switch (c & 3) {
    case 0:
      return quadrant0(c);
    case 1:
      return quadrant1(c);
    case 2:
      return quadrant2(c);
    default:
      return kIllegal;  // not a compressed instruction
  }
}

}  // namespace mmcosim
