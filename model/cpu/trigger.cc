// Debug triggers (Sdtrig mcontrol6): WARL writes, matching, tcontrol and
// the debugger's Debug-Mode triggers.  Field layout in trigger.h.
#include "trigger.h"

#include "rv_defs.h"

namespace mmcosim {

namespace {
constexpr uint32_t kDisabled = TriggerModule::kTypeDisabled
                               << TriggerModule::kTypeShift;
constexpr uint32_t kNegate = 8;  // match values 8..15 negate 0..7
constexpr unsigned kHalfShift = 16;
constexpr uint32_t kLowHalf = 0xffff;
constexpr unsigned kMaxAccessBytes = 4;

uint32_t type_of(uint32_t tdata1) {
  return tdata1 >> TriggerModule::kTypeShift;
}
uint32_t match_of(uint32_t tdata1) {
  return (tdata1 & TriggerModule::kMatchMask) >> TriggerModule::kMatchShift;
}
bool legal_match(uint32_t m) {
  switch (m) {
    case TriggerModule::kEqual:
    case TriggerModule::kNapot:
    case TriggerModule::kGe:
    case TriggerModule::kLt:
    case TriggerModule::kMaskLow:
    case TriggerModule::kMaskHigh:
    case TriggerModule::kNotEqual:
    case TriggerModule::kNotNapot:
    case TriggerModule::kNotMaskLow:
    case TriggerModule::kNotMaskHigh:
      return true;
    default:
      return false;
  }
}
// Privilege enable bit of mcontrol6 for rv::Priv `priv`.
uint32_t priv_bit(unsigned priv) {
  return priv == rv::kPrivM   ? TriggerModule::kPrivM
         : priv == rv::kPrivS ? TriggerModule::kPrivS
                              : TriggerModule::kPrivU;
}
}  // namespace

TriggerModule::TriggerModule(unsigned count) : t_(count) { reset(); }

void TriggerModule::reset() {
  for (Trigger& t : t_) t = Trigger{kDisabled, 0};
  tselect_ = 0;
  tcontrol_ = mcontext_ = 0;
  armed_ = 0;
}

bool TriggerModule::is_trigger_csr(unsigned addr) {
  switch (addr) {
    case rv::kCsrTselect:
    case rv::kCsrTdata1:
    case rv::kCsrTdata2:
    case rv::kCsrTdata3:
    case rv::kCsrTinfo:
    case rv::kCsrTcontrol:
    case rv::kCsrMcontext:
      return true;
    default:
      return false;
  }
}

uint32_t TriggerModule::csr_read(unsigned addr) const {
  switch (addr) {
    case rv::kCsrTselect:
      return tselect_;
    case rv::kCsrTdata1:
      return t_.empty() ? 0 : t_[tselect_].tdata1;
    case rv::kCsrTdata2:
      return t_.empty() ? 0 : t_[tselect_].tdata2;
    case rv::kCsrTinfo:
      return t_.empty() ? 1u : kTinfo;  // 1: type 0, no trigger here
    case rv::kCsrTcontrol:
      return tcontrol_;
    case rv::kCsrMcontext:
      return mcontext_;
    default:  // tdata3 (textra32): no field implemented, reads 0
      return 0;
  }
}

// tdata1 value after the WARL rules; `debug` for the debugger's writes.
uint32_t TriggerModule::legal_tdata1(uint32_t v, bool debug) {
  if (type_of(v) != kTypeMcontrol6) return kDisabled;
  uint32_t m = match_of(v);
  if (!legal_match(m)) m = kEqual;
  uint32_t r = (kTypeMcontrol6 << kTypeShift) | (v & kHit0) |
               (m << kMatchShift) | (v & (kPrivM | kPrivS | kPrivU | kOps));
  if (debug) r |= kDmode | (1u << kActionShift);
  return r;
}

void TriggerModule::csr_write(unsigned addr, uint32_t v) {
  switch (addr) {
    case rv::kCsrTselect:
      if (v < t_.size()) tselect_ = v;  // out of range: ignored
      return;
    case rv::kCsrTdata1:
      if (t_.empty() || (t_[tselect_].tdata1 & kDmode)) return;
      t_[tselect_].tdata1 = legal_tdata1(v, /*debug=*/false);
      update_armed();
      return;
    case rv::kCsrTdata2:
      if (t_.empty() || (t_[tselect_].tdata1 & kDmode)) return;
      t_[tselect_].tdata2 = v;
      return;
    case rv::kCsrTcontrol:
      tcontrol_ = v & (kTcontrolMte | kTcontrolMpte);
      return;
    case rv::kCsrMcontext:
      mcontext_ = v & kMcontextMask;
      return;
    default:  // tinfo: read-only in effect; tdata3: no writable field
      return;
  }
}

void TriggerModule::on_trap_to_m() {
  tcontrol_ = (tcontrol_ & kTcontrolMte) ? kTcontrolMpte : 0;
}

void TriggerModule::on_mret() {
  tcontrol_ = (tcontrol_ & kTcontrolMpte)
                  ? (tcontrol_ | kTcontrolMte)
                  : (tcontrol_ & ~kTcontrolMte);
}

void TriggerModule::update_armed() {
  armed_ = 0;
  for (const Trigger& t : t_) {
    if (type_of(t.tdata1) == kTypeMcontrol6) armed_ |= t.tdata1 & kOps;
  }
}

// Address comparison of one trigger (type 6) against one address.
bool TriggerModule::compare(uint32_t tdata1, uint32_t tdata2,
                            uint32_t addr) {
  const uint32_t m = match_of(tdata1);
  bool r;
  switch (m & ~kNegate) {
    case kEqual:
      r = addr == tdata2;
      break;
    case kNapot: {
      // tdata2 = base | (size/2 - 1): the trailing ones plus one bit are
      // ignored.  All ones matches everything.
      const uint32_t ones = ~tdata2 & (tdata2 + 1);  // lowest zero bit
      const uint32_t ignore = ones == 0 ? ~0u : (ones << 1) - 1;
      r = ((addr ^ tdata2) & ~ignore) == 0;
      break;
    }
    case kGe:
      r = addr >= tdata2;
      break;
    case kLt:
      r = addr < tdata2;
      break;
    case kMaskLow:  // tdata2[31:16] masks, [15:0] compares the low half
      r = ((addr & (tdata2 >> kHalfShift)) & kLowHalf) == (tdata2 & kLowHalf);
      break;
    default:  // kMaskHigh: same on the high half
      r = (((addr >> kHalfShift) & (tdata2 >> kHalfShift)) & kLowHalf) ==
          (tdata2 & kLowHalf);
      break;
  }
  return (m & kNegate) ? !r : r;
}

bool TriggerModule::match(uint32_t op, uint32_t addr, unsigned size,
                          unsigned priv, Hit* hit) {
  const uint32_t pbit = priv_bit(priv);
  for (unsigned k = 0; k < t_.size(); ++k) {
    Trigger& t = t_[k];
    if (type_of(t.tdata1) != kTypeMcontrol6 || !(t.tdata1 & op) ||
        !(t.tdata1 & pbit)) {
      continue;
    }
    const bool debug = t.tdata1 & kDmode;
    if (!debug && priv == rv::kPrivM && !(tcontrol_ & kTcontrolMte)) continue;
    const uint32_t m = match_of(t.tdata1) & ~kNegate;
    const unsigned bytes = (m == kGe || m == kLt || size == 0) ? 1
                           : size > kMaxAccessBytes        ? kMaxAccessBytes
                                                           : size;
    bool fired = false;
    for (unsigned b = 0; b < bytes && !fired; ++b) {
      fired = compare(t.tdata1, t.tdata2, addr + b);
    }
    if (!fired) continue;
    t.tdata1 |= kHit0;
    hit->index = k;
    hit->op = op;
    hit->addr = addr;
    hit->debug = debug;
    return true;
  }
  return false;
}

int TriggerModule::debug_set(const DebugSpec& spec) {
  for (unsigned k = 0; k < t_.size(); ++k) {
    Trigger& t = t_[k];
    const bool free = !(t.tdata1 & kDmode) &&
                      (type_of(t.tdata1) != kTypeMcontrol6 ||
                       (t.tdata1 & kOps) == 0);
    if (!free) continue;
    const uint32_t len = spec.len;
    const bool napot = len > 1 && (len & (len - 1)) == 0 &&
                       (spec.addr & (len - 1)) == 0;
    const uint32_t m = napot ? kNapot : kEqual;
    t.tdata1 = legal_tdata1((kTypeMcontrol6 << kTypeShift) |
                                (m << kMatchShift) | kPrivM | kPrivS |
                                kPrivU | (spec.ops & kOps),
                            /*debug=*/true);
    t.tdata2 = napot ? spec.addr | ((len >> 1) - 1) : spec.addr;
    update_armed();
    return static_cast<int>(k);
  }
  return -1;
}

bool TriggerModule::debug_clear(unsigned index) {
  if (index >= t_.size() || !(t_[index].tdata1 & kDmode)) return false;
  t_[index] = Trigger{kDisabled, 0};
  update_armed();
  return true;
}

void TriggerModule::debug_clear_all() {
  for (unsigned k = 0; k < t_.size(); ++k) debug_clear(k);
}

}  // namespace mmcosim
