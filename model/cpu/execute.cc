// Decode and execute of RV32IMA + Zicsr + Zifencei + privileged
// instructions.  Compressed instructions arrive already expanded (rvc.cc).
//
// Each exec_* function runs at the issue edge: it updates the
// architectural state, decides the instruction's base latency L and
// schedules what happens at its act edge (retire, drive a data request,
// or -- after raise() -- the handler's boundary).  See cpu.h for timing.
//
// Misaligned accesses: loads, stores, LR, SC and AMOs whose address is not
// a multiple of their size TRAP (no emulation, no split access): cause 4
// (misaligned load; also LR) or 6 (misaligned store/AMO; also SC and
// AMOs), tval = the effective address, nothing is sent to the data port.
// Port faults trap with the cause the port reports and tval = the access
// address (for an AMO whose read half faults, the port reports the
// store/AMO cause).
#include <climits>

#include "cpu.h"

namespace mmcosim {

using namespace rv;

namespace {
constexpr unsigned kBitsPerByte = 8;
constexpr unsigned kWordBytes = 4;
constexpr uint32_t kByteMask = 0xff, kHalfMask = 0xffff;
constexpr unsigned kShamtMask = 0x1f;
constexpr uint32_t kJalrClear = ~1u;

// funct3 of loads/stores/OP/OP-IMM/branches
enum : unsigned { kF3B = 0, kF3H = 1, kF3W = 2, kF3Bu = 4, kF3Hu = 5 };
enum : unsigned {
  kF3Add = 0,
  kF3Sll = 1,
  kF3Slt = 2,
  kF3Sltu = 3,
  kF3Xor = 4,
  kF3Srl = 5,
  kF3Or = 6,
  kF3And = 7,
};
enum : unsigned {
  kF3Mul = 0,
  kF3Mulh = 1,
  kF3Mulhsu = 2,
  kF3Mulhu = 3,
  kF3Div = 4,
  kF3Divu = 5,
  kF3Rem = 6,
  kF3Remu = 7,
};
enum : unsigned {
  kF3Beq = 0,
  kF3Bne = 1,
  kF3Blt = 4,
  kF3Bge = 5,
  kF3Bltu = 6,
  kF3Bgeu = 7,
};
constexpr unsigned kF3Priv = 0;       // SYSTEM: ECALL, xRET, WFI, SFENCE
constexpr unsigned kF3SystemHyp = 4;  // hypervisor loads/stores: absent

int32_t s32(uint32_t v) {
  return static_cast<int32_t>(v);
}
uint32_t sext8(uint32_t v) {
  return static_cast<uint32_t>(static_cast<int8_t>(v));
}
uint32_t sext16(uint32_t v) {
  return static_cast<uint32_t>(static_cast<int16_t>(v));
}

// RV32M results, including the spec's division-by-zero and overflow cases.
uint32_t muldiv(unsigned f3, uint32_t a, uint32_t b) {
  switch (f3) {
    case kF3Mul:
      return a * b;
    case kF3Mulh:
      return static_cast<uint32_t>(
          (static_cast<int64_t>(s32(a)) * static_cast<int64_t>(s32(b))) >> 32);
    case kF3Mulhsu:
      return static_cast<uint32_t>(
          (static_cast<int64_t>(s32(a)) * static_cast<int64_t>(b)) >> 32);
    case kF3Mulhu:
      return static_cast<uint32_t>(
          (static_cast<uint64_t>(a) * static_cast<uint64_t>(b)) >> 32);
    case kF3Div:
      if (b == 0) return ~0u;
      if (s32(a) == INT_MIN && s32(b) == -1) return a;
      return static_cast<uint32_t>(s32(a) / s32(b));
    case kF3Divu:
      return b == 0 ? ~0u : a / b;
    case kF3Rem:
      if (b == 0) return a;
      if (s32(a) == INT_MIN && s32(b) == -1) return 0;
      return static_cast<uint32_t>(s32(a) % s32(b));
    default:  // kF3Remu
      return b == 0 ? a : a % b;
  }
}

// Value an AMO writes back, from the loaded `old` and the rs2 value.
uint32_t amo_result(unsigned funct5, uint32_t old, uint32_t src) {
  switch (funct5) {
    case kAmoSwap:
      return src;
    case kAmoAdd:
      return old + src;
    case kAmoXor:
      return old ^ src;
    case kAmoAnd:
      return old & src;
    case kAmoOr:
      return old | src;
    case kAmoMin:
      return s32(old) < s32(src) ? old : src;
    case kAmoMax:
      return s32(old) > s32(src) ? old : src;
    case kAmoMinu:
      return old < src ? old : src;
    default:
      return old > src ? old : src;  // kAmoMaxu
  }
}
}  // namespace

// Raises an illegal-instruction exception (tval = the fetched bits: the
// 16-bit parcel for a compressed instruction) for an instruction whose
// class costs `latency`; the handler's boundary follows per cpu.h.
void Cpu::illegal(uint32_t latency) {
  raise(kCauseIllegal, cur_raw_);
  schedule(latency + lat_trap_, Act::kBoundary);
}

void Cpu::execute(uint32_t insn) {
  const uint32_t* x = regs_;
  switch (opcode(insn)) {
    case kOpLui:
      write_rd(rd(insn), imm_u(insn));
      schedule(lat_alu_, Act::kRetire);
      return;
    case kOpAuipc:
      write_rd(rd(insn), cur_pc_ + imm_u(insn));
      schedule(lat_alu_, Act::kRetire);
      return;
    case kOpJal:
      write_rd(rd(insn), cur_pc_ + cur_len_);
      next_pc_ = cur_pc_ + imm_j(insn);
      drop_fetch_buffer();
      schedule(lat_jump_, Act::kRetire);
      return;
    case kOpJalr: {
      if (funct3(insn) != 0) return illegal(lat_jump_);
      const uint32_t target = (x[rs1(insn)] + imm_i(insn)) & kJalrClear;
      write_rd(rd(insn), cur_pc_ + cur_len_);
      next_pc_ = target;
      drop_fetch_buffer();
      schedule(lat_jump_, Act::kRetire);
      return;
    }
    case kOpBranch:
      exec_branch(insn);
      return;
    case kOpLoad:
      exec_load(insn);
      return;
    case kOpStore:
      exec_store(insn);
      return;
    case kOpImm:
      exec_op_imm(insn);
      return;
    case kOp:
      exec_op(insn);
      return;
    case kOpMiscMem:
      exec_misc_mem(insn);
      return;
    case kOpAmo:
      exec_amo(insn);
      return;
    case kOpSystem:
      exec_system(insn);
      return;
    default:
      return illegal(lat_alu_);
  }
}

// Conditional branches; counts cpu.branches(_taken) at issue (a branch
// cannot trap: targets are always 2-byte aligned with C).
void Cpu::exec_branch(uint32_t insn) {
  const uint32_t a = regs_[rs1(insn)], b = regs_[rs2(insn)];
  bool taken;
  switch (funct3(insn)) {
    case kF3Beq:
      taken = a == b;
      break;
    case kF3Bne:
      taken = a != b;
      break;
    case kF3Blt:
      taken = s32(a) < s32(b);
      break;
    case kF3Bge:
      taken = s32(a) >= s32(b);
      break;
    case kF3Bltu:
      taken = a < b;
      break;
    case kF3Bgeu:
      taken = a >= b;
      break;
    default:
      return illegal(lat_bnt_);
  }
  ++(*stats_)[Stat::kCpuBranches];
  if (taken) {
    ++(*stats_)[Stat::kCpuBranchesTaken];
    next_pc_ = cur_pc_ + imm_b(insn);
    drop_fetch_buffer();
  }
  schedule(taken ? lat_bt_ : lat_bnt_, Act::kRetire);
}

void Cpu::exec_op_imm(uint32_t insn) {
  const uint32_t a = regs_[rs1(insn)], imm = imm_i(insn);
  const unsigned shamt = rs2(insn);
  uint32_t v;
  switch (funct3(insn)) {
    case kF3Add:
      v = a + imm;
      break;
    case kF3Slt:
      v = s32(a) < s32(imm);
      break;
    case kF3Sltu:
      v = a < imm;
      break;
    case kF3Xor:
      v = a ^ imm;
      break;
    case kF3Or:
      v = a | imm;
      break;
    case kF3And:
      v = a & imm;
      break;
    case kF3Sll:
      if (funct7(insn) != kFunct7Base) return illegal(lat_alu_);
      v = a << shamt;
      break;
    default:  // kF3Srl: SRLI / SRAI
      if (funct7(insn) == kFunct7Base) {
        v = a >> shamt;
      } else if (funct7(insn) == kFunct7Alt) {
        v = static_cast<uint32_t>(s32(a) >> shamt);
      } else {
        return illegal(lat_alu_);
      }
      break;
  }
  write_rd(rd(insn), v);
  schedule(lat_alu_, Act::kRetire);
}

void Cpu::exec_op(uint32_t insn) {
  const uint32_t a = regs_[rs1(insn)], b = regs_[rs2(insn)];
  const unsigned f3 = funct3(insn);
  uint32_t v;
  switch (funct7(insn)) {
    case kFunct7Base:
      switch (f3) {
        case kF3Add:
          v = a + b;
          break;
        case kF3Sll:
          v = a << (b & kShamtMask);
          break;
        case kF3Slt:
          v = s32(a) < s32(b);
          break;
        case kF3Sltu:
          v = a < b;
          break;
        case kF3Xor:
          v = a ^ b;
          break;
        case kF3Srl:
          v = a >> (b & kShamtMask);
          break;
        case kF3Or:
          v = a | b;
          break;
        default:
          v = a & b;
          break;  // kF3And
      }
      break;
    case kFunct7Alt:
      if (f3 == kF3Add) {
        v = a - b;
      } else if (f3 == kF3Srl) {
        v = static_cast<uint32_t>(s32(a) >> (b & kShamtMask));
      } else {
        return illegal(lat_alu_);
      }
      break;
    case kFunct7MulDiv:
      write_rd(rd(insn), muldiv(f3, a, b));
      schedule(f3 < kF3Div ? lat_mul_ : lat_div_, Act::kRetire);
      return;
    default:
      return illegal(lat_alu_);
  }
  write_rd(rd(insn), v);
  schedule(lat_alu_, Act::kRetire);
}

// Prepares the data request of a memory instruction (address, size, kind;
// wdata is filled by the caller for writes) and drives it at the act edge.
void Cpu::prepare_data(MemOp op, uint32_t addr, unsigned size,
                       uint32_t latency) {
  mem_op_ = op;
  mem_size_ = size;
  amo_write_ = false;
  dreq_ = MemReq{};
  dreq_.addr = addr;
  dreq_.size = static_cast<uint8_t>(size);
  switch (op) {
    case MemOp::kLoad:
      dreq_.kind = AccessKind::kLoad;
      break;
    case MemOp::kStore:
      dreq_.kind = AccessKind::kStore;
      dreq_.we = true;
      break;
    case MemOp::kLr:
      dreq_.kind = AccessKind::kLr;
      break;
    case MemOp::kSc:
      dreq_.kind = AccessKind::kSc;
      dreq_.we = true;
      break;
    case MemOp::kAmo:
      dreq_.kind = AccessKind::kAmo;
      break;
    case MemOp::kSfence:
      dreq_.kind = AccessKind::kSfence;
      break;
  }
  schedule(latency, Act::kDriveData);
}

void Cpu::exec_load(uint32_t insn) {
  const unsigned f3 = funct3(insn);
  if (f3 != kF3B && f3 != kF3H && f3 != kF3W && f3 != kF3Bu && f3 != kF3Hu) {
    return illegal(lat_load_);
  }
  const uint32_t addr = regs_[rs1(insn)] + imm_i(insn);
  const unsigned size = f3 & 3;
  if (triggers_.armed(TriggerModule::kLoad) &&
      trigger_fires(TriggerModule::kLoad, addr, 1u << size, lat_load_)) {
    return;
  }
  if (addr & ((1u << size) - 1)) {
    raise(kCauseMisalignedLoad, addr);
    schedule(lat_load_ + lat_trap_, Act::kBoundary);
    return;
  }
  mem_rd_ = rd(insn);
  mem_signed_ = f3 < kF3Bu;
  prepare_data(MemOp::kLoad, addr, size, lat_load_);
}

void Cpu::exec_store(uint32_t insn) {
  const unsigned f3 = funct3(insn);
  if (f3 > kF3W) return illegal(lat_store_);
  const uint32_t addr = regs_[rs1(insn)] + imm_s(insn);
  if (triggers_.armed(TriggerModule::kStore) &&
      trigger_fires(TriggerModule::kStore, addr, 1u << f3, lat_store_)) {
    return;
  }
  if (addr & ((1u << f3) - 1)) {
    raise(kCauseMisalignedStore, addr);
    schedule(lat_store_ + lat_trap_, Act::kBoundary);
    return;
  }
  const uint32_t v = regs_[rs2(insn)];
  const uint32_t data = f3 == kF3B   ? v & kByteMask
                        : f3 == kF3H ? v & kHalfMask
                                     : v;
  const unsigned lane = addr & 3;
  prepare_data(MemOp::kStore, addr, f3, lat_store_);
  dreq_.wdata = data << (lane * kBitsPerByte);
}

// LR/SC and AMOs (.w only; aq/rl are ignored: one hart, in-order).
void Cpu::exec_amo(uint32_t insn) {
  if (funct3(insn) != kF3AmoW) return illegal(lat_amo_);
  const unsigned f5 = funct5(insn);
  const uint32_t addr = regs_[rs1(insn)];
  uint32_t latency = lat_amo_;
  uint32_t misaligned_cause = kCauseMisalignedStore;
  switch (f5) {
    case kAmoLr:
      if (rs2(insn) != 0) return illegal(lat_load_);
      latency = lat_load_;
      misaligned_cause = kCauseMisalignedLoad;
      break;
    case kAmoSc:
      latency = lat_store_;
      break;
    case kAmoSwap:
    case kAmoAdd:
    case kAmoXor:
    case kAmoAnd:
    case kAmoOr:
    case kAmoMin:
    case kAmoMax:
    case kAmoMinu:
    case kAmoMaxu:
      break;
    default:
      return illegal(lat_amo_);
  }
  // Triggers: LR matches loads, SC stores, an AMO both.
  const uint32_t ops = f5 == kAmoLr   ? TriggerModule::kLoad
                       : f5 == kAmoSc ? TriggerModule::kStore
                                      : TriggerModule::kLoad |
                                            TriggerModule::kStore;
  for (uint32_t op : {TriggerModule::kLoad, TriggerModule::kStore}) {
    if ((ops & op) && triggers_.armed(op) &&
        trigger_fires(op, addr, kWordBytes, latency)) {
      return;
    }
  }
  if (addr & 3) {
    if (f5 == kAmoSc) reservation_valid_ = false;
    raise(misaligned_cause, addr);
    schedule(latency + lat_trap_, Act::kBoundary);
    return;
  }
  mem_rd_ = rd(insn);
  if (f5 == kAmoLr) {
    prepare_data(MemOp::kLr, addr, MMCOSIM_PORT_SIZE_WORD, latency);
  } else if (f5 == kAmoSc) {
    const bool ok = reservation_valid_ && reservation_addr_ == addr;
    reservation_valid_ = false;  // any SC ends the reservation
    if (!ok) {
      write_rd(mem_rd_, 1);
      schedule(latency, Act::kRetire);
      return;
    }
    prepare_data(MemOp::kSc, addr, MMCOSIM_PORT_SIZE_WORD, latency);
    dreq_.wdata = regs_[rs2(insn)];
  } else {
    amo_funct5_ = f5;
    amo_src_ = regs_[rs2(insn)];
    prepare_data(MemOp::kAmo, addr, MMCOSIM_PORT_SIZE_WORD, latency);
  }
}

// A data response arrived for the request in flight.
void Cpu::on_data_response(const MemRsp& rsp) {
  if (rsp.fault) {
    amo_write_ = false;
    raise(rsp.cause, dreq_.addr);
    after_trap();
    return;
  }
  switch (mem_op_) {
    case MemOp::kLoad: {
      uint32_t v = rsp.rdata >> ((dreq_.addr & 3) * kBitsPerByte);
      if (mem_size_ == MMCOSIM_PORT_SIZE_BYTE) {
        v = mem_signed_ ? sext8(v) : v & kByteMask;
      } else if (mem_size_ == MMCOSIM_PORT_SIZE_HALF) {
        v = mem_signed_ ? sext16(v) : v & kHalfMask;
      }
      write_rd(mem_rd_, v);
      ++(*stats_)[Stat::kCpuLoads];
      break;
    }
    case MemOp::kLr:
      write_rd(mem_rd_, rsp.rdata);
      reservation_valid_ = true;
      reservation_addr_ = dreq_.addr;
      ++(*stats_)[Stat::kCpuLoads];
      break;
    case MemOp::kStore:
      ++(*stats_)[Stat::kCpuStores];
      break;
    case MemOp::kSc:
      write_rd(mem_rd_, 0);
      ++(*stats_)[Stat::kCpuStores];
      break;
    case MemOp::kAmo:
      if (!amo_write_) {  // read half done: drive the write half now
        amo_old_ = rsp.rdata;
        amo_write_ = true;
        dreq_.we = true;
        dreq_.wdata = amo_result(amo_funct5_, amo_old_, amo_src_);
        ddrive_ = true;
        return;
      }
      amo_write_ = false;
      write_rd(mem_rd_, amo_old_);
      ++(*stats_)[Stat::kCpuAmos];
      break;
    case MemOp::kSfence:
      break;
  }
  retire();
  boundary();
}

// FENCE (a no-op for one in-order hart) and FENCE.I.
void Cpu::exec_misc_mem(uint32_t insn) {
  switch (funct3(insn)) {
    case kF3Fence:
      schedule(lat_fence_, Act::kRetire);
      return;
    case kF3FenceI:
      drop_fetch_buffer();  // also squashes the prefetch
      schedule(lat_fence_, Act::kDriveFenceI);
      return;
    default:
      return illegal(lat_fence_);
  }
}

// ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA and the CSR instructions.
void Cpu::exec_system(uint32_t insn) {
  const unsigned f3 = funct3(insn);
  if (f3 == kF3SystemHyp) return illegal(lat_system_);
  if (f3 != kF3Priv) {
    exec_csr(insn);
    return;
  }
  const bool tvm = mstatus_ & kMstatusTvm;
  if (insn == kInsnEcall) {
    raise(kCauseEcallU + priv_, 0);  // 8 / 9 / 11 for U / S / M
  } else if (insn == kInsnEbreak) {
    if (ebreak_halts_) return halt(HaltReason::kEbreak, nullptr);
    raise(kCauseBreakpoint, cur_pc_);
  } else if (insn == kInsnMret) {
    if (priv_ < kPrivM) return illegal(lat_system_);
    do_mret();
    schedule(lat_system_, Act::kRetire);
    return;
  } else if (insn == kInsnSret) {
    if (priv_ == kPrivU || (priv_ == kPrivS && (mstatus_ & kMstatusTsr))) {
      return illegal(lat_system_);
    }
    do_sret();
    schedule(lat_system_, Act::kRetire);
    return;
  } else if (insn == kInsnWfi) {
    if (priv_ == kPrivU || (priv_ == kPrivS && (mstatus_ & kMstatusTw))) {
      return illegal(lat_system_);
    }
    schedule(lat_system_, Act::kRetireWfi);
    return;
  } else if (funct7(insn) == kFunct7SfenceVma && rd(insn) == 0) {
    if (priv_ == kPrivU || (priv_ == kPrivS && tvm))
      return illegal(lat_system_);
    drop_fetch_buffer();
    const unsigned r1 = rs1(insn), r2 = rs2(insn);
    prepare_data(MemOp::kSfence, regs_[r1], MMCOSIM_PORT_SIZE_WORD,
                 lat_system_);
    dreq_.wdata = sfence_flags(r1 == 0, r2 == 0, regs_[r2] & kSfenceAsidMask);
    return;
  } else {
    return illegal(lat_system_);
  }
  // ECALL / EBREAK trapped
  schedule(lat_system_ + lat_trap_, Act::kBoundary);
}

// CSRRW/S/C[I].  CSRRW with rd=x0 does not read; CSRRS/C with rs1=x0 (or
// uimm=0) does not write, so read-only CSRs may be read that way.
void Cpu::exec_csr(uint32_t insn) {
  const unsigned addr = insn >> 20;
  const unsigned f3 = funct3(insn);
  const unsigned op = f3 & 3;
  const unsigned r1 = rs1(insn);
  const uint32_t src = (f3 & kF3CsrImm) ? r1 : regs_[r1];
  const bool write = op == kCsrRw || r1 != 0;
  uint32_t old = 0;
  if (!csr_allowed(addr, write) || !csr_read(addr, &old))
    return illegal(lat_csr_);
  if (write) {
    const uint32_t base = csr_rmw_base(addr, old);
    const uint32_t v = op == kCsrRw   ? src
                       : op == kCsrRs ? (base | src)
                                      : (base & ~src);
    csr_write(addr, v);
  }
  write_rd(rd(insn), old);
  schedule(lat_csr_, Act::kRetire);
}

}  // namespace mmcosim
