// Control and status registers: access rules, reads, WARL writes.
//
// Counters: mcycle counts edges and minstret retired instructions unless
// inhibited by mcountinhibit.  mhpmcounterN reads
// platform->hpm_event(mhpmeventN) minus an offset taken at the last write
// of the counter (so a write sets the counter to the written value; never
// written: the raw statistic); while inhibited the counter holds its value
// and continues from it when released.  time reads platform->mtime(edge).  The
// user shadows (cycle, time, instret, hpmcounterN and their h halves) are gated
// by mcounteren (S and U) and scounteren (U).
#include "cpu.h"

namespace mmcosim {

using namespace rv;

namespace {
constexpr uint64_t kLow32 = 0xffffffffull;
constexpr unsigned kHighShift = 32;
constexpr unsigned kMppReserved = 2;

bool in(unsigned addr, unsigned lo, unsigned hi) {
  return addr >= lo && addr <= hi;
}
// User counter shadows 0xC00-0xC1F and 0xC80-0xC9F.
bool is_user_counter(unsigned addr) {
  return in(addr, kCsrCycle, kCsrHpmcounter31) ||
         in(addr, kCsrCycleh, kCsrHpmcounter31h);
}
// Machine counters 0xB00-0xB1F, 0xB80-0xB9F (index 1 = time: absent).
bool is_machine_counter(unsigned addr) {
  return (in(addr, kCsrMcycle, kCsrMhpmcounter31) ||
          in(addr, kCsrMcycleh, kCsrMhpmcounter31h)) &&
         (addr & kCounterIndexMask) != 1;
}
bool is_high_half(unsigned addr) {
  return in(addr, kCsrMcycleh, kCsrMhpmcounter31h) ||
         in(addr, kCsrCycleh, kCsrHpmcounter31h);
}
uint64_t set_half(uint64_t cur, uint32_t v, bool high) {
  return high ? (cur & kLow32) | (static_cast<uint64_t>(v) << kHighShift)
              : (cur & ~kLow32) | v;
}
// tvec WARL: keep the base (4-byte aligned) and mode 0 (direct) or 1
// (vectored); the reserved modes 2/3 map to direct/vectored.
uint32_t tvec_warl(uint32_t v) {
  return v & ~(kTvecModeMask & ~kTvecVectored);
}
}  // namespace

bool Cpu::csr_allowed(unsigned addr, bool write) const {
  if (csr_min_priv(addr) > priv_) return false;
  if (write && csr_read_only(addr)) return false;
  if (priv_ < kPrivM && is_user_counter(addr)) {
    const unsigned bit = addr & kCounterIndexMask;
    if (!((mcounteren_ >> bit) & 1)) return false;
    if (priv_ == kPrivU && !((scounteren_ >> bit) & 1)) return false;
  }
  if (addr == kCsrSatp && priv_ == kPrivS && (mstatus_ & kMstatusTvm)) {
    return false;
  }
  return true;
}

uint64_t Cpu::hpm_value(unsigned n) const {
  if ((mcountinhibit_ >> n) & 1) return hpm_frozen_[n];
  return platform_->hpm_event(hpm_event_[n]) - hpm_offset_[n];
}

// Sets hpm counter n to v from now on.
void Cpu::hpm_set(unsigned n, uint64_t v) {
  if ((mcountinhibit_ >> n) & 1) {
    hpm_frozen_[n] = v;
  } else {
    hpm_offset_[n] = platform_->hpm_event(hpm_event_[n]) - v;
  }
}

// mcountinhibit write: hpm counters that become inhibited freeze their
// value, those released continue from it.
void Cpu::write_mcountinhibit(uint32_t v) {
  v &= kMcountinhibitWritable;
  for (unsigned n = kFirstHpm; n < kNumCounters; ++n) {
    const bool was = (mcountinhibit_ >> n) & 1, now = (v >> n) & 1;
    if (was == now) continue;
    const uint64_t value = hpm_value(n);
    mcountinhibit_ ^= 1u << n;
    hpm_set(n, value);
  }
  mcountinhibit_ = v;
}

bool Cpu::csr_read(unsigned addr, uint32_t* v) const {
  if (TriggerModule::is_trigger_csr(addr)) {
    *v = triggers_.csr_read(addr);
    return true;
  }
  if (is_user_counter(addr) || is_machine_counter(addr)) {
    const unsigned n = addr & kCounterIndexMask;
    uint64_t c;
    if (n == 0) {
      c = mcycle_;
    } else if (n == 1) {
      c = platform_->mtime(edge_);
    } else if (n == 2) {
      c = minstret_;
    } else {
      c = hpm_value(n);
    }
    *v = static_cast<uint32_t>(is_high_half(addr) ? c >> kHighShift : c);
    return true;
  }
  if (in(addr, kCsrMhpmevent3, kCsrMhpmevent31)) {
    *v = hpm_event_[addr & kCounterIndexMask];
    return true;
  }
  if (in(addr, kCsrPmpcfg0, kCsrPmpaddr63)) {  // no PMP entries
    *v = 0;
    return true;
  }
  switch (addr) {
    case kCsrSstatus:
      *v = mstatus_ & kSstatusMask;
      return true;
    case kCsrSie:
      *v = mie_ & mideleg_;
      return true;
    case kCsrStvec:
      *v = stvec_;
      return true;
    case kCsrScounteren:
      *v = scounteren_;
      return true;
    case kCsrSenvcfg:
      *v = senvcfg_;
      return true;
    case kCsrSscratch:
      *v = sscratch_;
      return true;
    case kCsrSepc:
      *v = sepc_;
      return true;
    case kCsrScause:
      *v = scause_;
      return true;
    case kCsrStval:
      *v = stval_;
      return true;
    case kCsrSip:
      *v = mip_value() & mideleg_;
      return true;
    case kCsrSatp:
      *v = satp_;
      return true;
    case kCsrMstatus:
      *v = mstatus_;
      return true;
    case kCsrMisa:
      *v = kMisaValue;
      return true;
    case kCsrMedeleg:
      *v = medeleg_;
      return true;
    case kCsrMideleg:
      *v = mideleg_;
      return true;
    case kCsrMie:
      *v = mie_;
      return true;
    case kCsrMtvec:
      *v = mtvec_;
      return true;
    case kCsrMcounteren:
      *v = mcounteren_;
      return true;
    case kCsrMenvcfg:
      *v = menvcfg_;
      return true;
    case kCsrMstatush:
      *v = 0;
      return true;  // little-endian, no MBE/SBE
    case kCsrMenvcfgh:
      *v = menvcfgh_;
      return true;
    case kCsrMcountinhibit:
      *v = mcountinhibit_;
      return true;
    case kCsrMscratch:
      *v = mscratch_;
      return true;
    case kCsrMepc:
      *v = mepc_;
      return true;
    case kCsrMcause:
      *v = mcause_;
      return true;
    case kCsrMtval:
      *v = mtval_;
      return true;
    case kCsrMip:
      *v = mip_value();
      return true;
    case kCsrMvendorid:
    case kCsrMarchid:
    case kCsrMimpid:
    case kCsrMconfigptr:
      *v = 0;
      return true;
    case kCsrMhartid:
      *v = static_cast<uint32_t>(cfg_.cpu_hart_id);
      return true;
    default:
      return false;
  }
}

uint32_t Cpu::csr_rmw_base(unsigned addr, uint32_t read_value) const {
  if (addr == kCsrMip) return mip_sw_;
  if (addr == kCsrSip) return mip_sw_ & mideleg_;
  return read_value;
}

void Cpu::csr_write(unsigned addr, uint32_t v) {
  if (TriggerModule::is_trigger_csr(addr)) {
    triggers_.csr_write(addr, v);
    return;
  }
  if (is_machine_counter(addr)) {
    const unsigned n = addr & kCounterIndexMask;
    const bool high = is_high_half(addr);
    if (n == 0) {
      mcycle_ = set_half(mcycle_, v, high);
    } else if (n == 2) {
      minstret_ = set_half(minstret_, v, high);
      minstret_written_ = true;
    } else {
      hpm_set(n, set_half(hpm_value(n), v, high));
    }
    return;
  }
  if (in(addr, kCsrMhpmevent3, kCsrMhpmevent31)) {
    // WARL: known events only.  The offset is kept, so the counter now
    // reads the new event's value minus the offset of the last write.
    hpm_event_[addr & kCounterIndexMask] = v < MMCOSIM_EVENT_COUNT ? v : 0;
    return;
  }
  if (in(addr, kCsrPmpcfg0, kCsrPmpaddr63)) return;
  switch (addr) {
    case kCsrSstatus:
      mstatus_ = (mstatus_ & ~kSstatusMask) | (v & kSstatusMask);
      sync_sideband();
      return;
    case kCsrSie:
      mie_ = (mie_ & ~mideleg_) | (v & mideleg_);
      return;
    case kCsrStvec:
      stvec_ = tvec_warl(v);
      return;
    case kCsrScounteren:
      scounteren_ = v;
      return;
    case kCsrSenvcfg:
      senvcfg_ = v & kEnvcfgFiom;
      return;
    case kCsrSscratch:
      sscratch_ = v;
      return;
    case kCsrSepc:
      sepc_ = v & kEpcMask;
      return;
    case kCsrScause:
      scause_ = v;
      return;
    case kCsrStval:
      stval_ = v;
      return;
    case kCsrSip: {
      const uint32_t writable = kMipSsip & mideleg_;
      mip_sw_ = (mip_sw_ & ~writable) | (v & writable);
      return;
    }
    case kCsrSatp:
      // WARL: without Sv32 only MODE=Bare is legal; an Sv32 write is
      // ignored entirely.
      if ((v & kSatpModeSv32) && !sv32_enabled_) return;
      satp_ = v;
      drop_fetch_buffer();
      sync_sideband();
      return;
    case kCsrMstatus: {
      uint32_t s = v & kMstatusWritable;
      if (((s & kMstatusMpp) >> kMstatusMppShift) == kMppReserved) {
        s = (s & ~kMstatusMpp) | (mstatus_ & kMstatusMpp);  // keep MPP
      }
      mstatus_ = s;
      sync_sideband();
      return;
    }
    case kCsrMedeleg:
      medeleg_ = v & kMedelegWritable;
      return;
    case kCsrMideleg:
      mideleg_ = v & kMidelegWritable;
      return;
    case kCsrMie:
      mie_ = v & kMipAll;
      return;
    case kCsrMtvec:
      mtvec_ = tvec_warl(v);
      return;
    case kCsrMcounteren:
      mcounteren_ = v;
      return;
    case kCsrMenvcfg:
      menvcfg_ = v & kEnvcfgFiom;
      return;
    case kCsrMenvcfgh:
      // ADUE is writable only where the MMU implements Svadu (mmu.svadu).
      menvcfgh_ = v & (cfg_.mmu_svadu ? kMenvcfghAdue : 0u);
      sync_sideband();
      return;
    case kCsrMcountinhibit:
      write_mcountinhibit(v);
      return;
    case kCsrMscratch:
      mscratch_ = v;
      return;
    case kCsrMepc:
      mepc_ = v & kEpcMask;
      return;
    case kCsrMcause:
      mcause_ = v;
      return;
    case kCsrMtval:
      mtval_ = v;
      return;
    case kCsrMip:
      mip_sw_ = v & kMipMWritable;
      return;
    default:  // misa, mstatush: WARL read-only
      return;
  }
}

bool Cpu::csr_peek(uint16_t addr, uint32_t* value) const {
  return csr_read(addr, value);
}

bool Cpu::csr_poke(uint16_t addr, uint32_t value) {
  uint32_t old;
  if (!csr_read(addr, &old) || csr_read_only(addr)) return false;
  csr_write(addr, value);
  return true;
}

}  // namespace mmcosim
