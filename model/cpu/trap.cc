// Traps, interrupts, xRET and the privilege/sideband bookkeeping.
//
// Delegation: a trap from M is always taken in M; from S or U it goes to S
// when its medeleg (exception) or mideleg (interrupt) bit is set.
// Interrupt choice at a boundary edge: pending = mip & mie; interrupts not
// delegated are enabled when priv < M or mstatus.MIE; delegated ones when
// priv < S or (priv == S and mstatus.SIE).  M-level interrupts win over
// S-level ones; within a level the order is MEI > MSI > MTI > SEI > SSI >
// STI.
#include "cpu.h"

namespace mmcosim {

using namespace rv;

namespace {
// Interrupt causes from highest to lowest priority.
constexpr uint32_t kIrqPriority[] = {kIrqCauseMei, kIrqCauseMsi, kIrqCauseMti,
                                     kIrqCauseSei, kIrqCauseSsi, kIrqCauseSti};
constexpr unsigned kVectorStride = 4;  // bytes per vectored-mode entry
}  // namespace

// Synchronous exception of the instruction at cur_pc_.
void Cpu::raise(uint32_t cause, uint32_t tval) {
  ++(*stats_)[Stat::kCpuExceptions];
  take_trap(cause, /*interrupt=*/false, cur_pc_, tval);
}

// Writes the trap CSRs of the target level, switches privilege and sets
// pc_ to the handler (base + 4*cause for interrupts in vectored mode).
// Clears the LR reservation and drops the fetch buffer.
void Cpu::take_trap(uint32_t cause, bool interrupt, uint32_t epc,
                    uint32_t tval) {
  const uint32_t deleg = interrupt ? mideleg_ : medeleg_;
  const bool to_s = priv_ <= kPrivS && ((deleg >> cause) & 1);
  const uint32_t code = cause | (interrupt ? kCauseInterrupt : 0);
  uint32_t tvec;
  unsigned target;
  if (to_s) {
    scause_ = code;
    sepc_ = epc & kEpcMask;
    stval_ = tval;
    mstatus_ = (mstatus_ & ~(kMstatusSpie | kMstatusSie | kMstatusSpp)) |
               ((mstatus_ & kMstatusSie) ? kMstatusSpie : 0) |
               (priv_ == kPrivS ? kMstatusSpp : 0);
    tvec = stvec_;
    target = kPrivS;
  } else {
    mcause_ = code;
    mepc_ = epc & kEpcMask;
    mtval_ = tval;
    mstatus_ = (mstatus_ & ~(kMstatusMpie | kMstatusMie | kMstatusMpp)) |
               ((mstatus_ & kMstatusMie) ? kMstatusMpie : 0) |
               (priv_ << kMstatusMppShift);
    tvec = mtvec_;
    target = kPrivM;
    triggers_.on_trap_to_m();
  }
  ++traps_taken_;
  pc_ = tvec & ~kTvecModeMask;
  if (interrupt && (tvec & kTvecModeMask) == kTvecVectored) {
    pc_ += kVectorStride * cause;
  }
  reservation_valid_ = false;
  amo_write_ = false;
  drop_fetch_buffer();
  set_priv(target);
  sync_sideband();  // MPP changed even if the privilege did not
  if (trap_hook_) trap_hook_(code, epc & kEpcMask, tval, target);
}

// mip as software reads it: written bits OR the platform lines.
uint32_t Cpu::mip_value() const {
  return mip_sw_ | (platform_->irq_lines(edge_) & kMipPlatformLines);
}

int Cpu::pending_interrupt() {
  if (mie_ == 0) return -1;  // fast path: nothing enabled
  const uint32_t pending = mip_value() & mie_;
  if (pending == 0) return -1;
  const bool m_enabled = priv_ < kPrivM || (mstatus_ & kMstatusMie);
  const bool s_enabled =
      priv_ < kPrivS || (priv_ == kPrivS && (mstatus_ & kMstatusSie));
  uint32_t take = m_enabled ? pending & ~mideleg_ : 0;
  if (take == 0 && s_enabled) take = pending & mideleg_;
  if (take == 0) return -1;
  for (uint32_t cause : kIrqPriority) {
    if (take & (1u << cause)) return static_cast<int>(cause);
  }
  return -1;
}

// MRET: priv = MPP, MIE = MPIE, MPIE = 1, MPP = U, MPRV = 0 unless
// returning to M; continues at mepc.
void Cpu::do_mret() {
  const unsigned mpp = (mstatus_ & kMstatusMpp) >> kMstatusMppShift;
  uint32_t s = mstatus_ & ~(kMstatusMie | kMstatusMpp);
  if (mstatus_ & kMstatusMpie) s |= kMstatusMie;
  s |= kMstatusMpie;
  if (mpp != kPrivM) s &= ~kMstatusMprv;
  mstatus_ = s;
  triggers_.on_mret();
  next_pc_ = mepc_;
  reservation_valid_ = false;
  drop_fetch_buffer();
  set_priv(mpp);
  sync_sideband();
}

// SRET: priv = SPP, SIE = SPIE, SPIE = 1, SPP = U, MPRV = 0; continues at
// sepc.
void Cpu::do_sret() {
  const unsigned spp = (mstatus_ & kMstatusSpp) ? kPrivS : kPrivU;
  uint32_t s = mstatus_ & ~(kMstatusSie | kMstatusSpp | kMstatusMprv);
  if (mstatus_ & kMstatusSpie) s |= kMstatusSie;
  s |= kMstatusSpie;
  mstatus_ = s;
  next_pc_ = sepc_;
  reservation_valid_ = false;
  drop_fetch_buffer();
  set_priv(spp);
  sync_sideband();
}

void Cpu::set_priv(unsigned p) {
  if (p != priv_) drop_fetch_buffer();
  priv_ = p;
}

void Cpu::sync_sideband(bool force) {
  CsrSideband sb;
  sb.satp = satp_;
  sb.priv_fetch = static_cast<uint8_t>(priv_);
  const bool mprv = (mstatus_ & kMstatusMprv) && priv_ == kPrivM;
  sb.priv_data = static_cast<uint8_t>(
      mprv ? (mstatus_ & kMstatusMpp) >> kMstatusMppShift : priv_);
  sb.sum = mstatus_ & kMstatusSum;
  sb.mxr = mstatus_ & kMstatusMxr;
  sb.adue = menvcfgh_ & kMenvcfghAdue;
  if (!force && sb == sb_last_) return;
  // Any sideband change squashes fetched and prefetched words: they were
  // translated under the old state.
  drop_fetch_buffer();
  sb_last_ = sb;
  if (sideband_) sideband_->update(sb);
}

}  // namespace mmcosim
