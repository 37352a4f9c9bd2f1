// PMP golden model: WARL rules and the access check (rules in pmp.h).
#include "pmp.h"

namespace mmcosim::sv32 {

namespace {
constexpr unsigned kGrainShift = 2;     // pmpaddr counts 4-byte units
constexpr unsigned kBitsPerByte = 8;
constexpr uint8_t kReserved = 0x60;     // pmpcfg bits 6:5
constexpr uint32_t kByteMask = 0xff;

unsigned log2_of(uint32_t v) {
  unsigned n = 0;
  while (v > 1) {
    v >>= 1;
    ++n;
  }
  return n;
}
}  // namespace

Pmp::Pmp(unsigned entries, uint32_t grain_bytes)
    : cfg_(entries < kMaxEntries ? entries : kMaxEntries, 0),
      addr_(cfg_.size(), 0),
      g_(log2_of(grain_bytes < 4 ? 4 : grain_bytes) - kGrainShift) {}

uint8_t Pmp::legal_cfg(uint8_t v) const {
  v &= static_cast<uint8_t>(~kReserved);
  if (!(v & kR)) v &= static_cast<uint8_t>(~kW);  // R=0 W=1 reserved
  if (g_ >= 1 && ((v & kAMask) >> kAShift) == kNa4) {
    v &= static_cast<uint8_t>(~kAMask);  // NA4 not selectable: OFF
  }
  return v;
}

uint32_t Pmp::read_pmpcfg(unsigned n) const {
  uint32_t v = 0;
  for (unsigned k = 0; k < kEntriesPerCfg; ++k) {
    const unsigned i = n * kEntriesPerCfg + k;
    if (i < cfg_.size()) v |= static_cast<uint32_t>(cfg_[i]) << (kBitsPerByte * k);
  }
  return v;
}

void Pmp::write_pmpcfg(unsigned n, uint32_t v) {
  for (unsigned k = 0; k < kEntriesPerCfg; ++k) {
    const unsigned i = n * kEntriesPerCfg + k;
    if (i >= cfg_.size() || locked(i)) continue;
    cfg_[i] = legal_cfg(static_cast<uint8_t>((v >> (kBitsPerByte * k)) & kByteMask));
  }
}

uint32_t Pmp::read_pmpaddr(unsigned i) const {
  if (i >= addr_.size()) return 0;
  uint32_t a = addr_[i];
  if (g_ == 0) return a;
  if (mode(i) == kNapot) return a | ((1u << (g_ - 1)) - 1);
  if (g_ < 32) return a & ~((1u << g_) - 1);  // OFF, TOR (NA4 impossible)
  return 0;
}

void Pmp::write_pmpaddr(unsigned i, uint32_t v) {
  if (i >= addr_.size() || locked(i)) return;
  if (i + 1 < cfg_.size() && locked(i + 1) && mode(i + 1) == kTor) return;
  addr_[i] = v;
}

void Pmp::range(unsigned i, uint64_t* lo, uint64_t* hi) const {
  const uint64_t a = read_pmpaddr(i);
  switch (mode(i)) {
    case kTor:
      *lo = i == 0 ? 0 : static_cast<uint64_t>(read_pmpaddr(i - 1)) << kGrainShift;
      *hi = a << kGrainShift;
      return;
    case kNa4:
      *lo = a << kGrainShift;
      *hi = *lo + 4;
      return;
    case kNapot: {
      // k trailing ones: a region of 2^(k+3) bytes (all ones: 2^34).
      unsigned k = 0;
      while (k < 32 && ((a >> k) & 1)) ++k;
      const uint64_t size = 1ull << (k + 3);
      *lo = (a << kGrainShift) & ~(size - 1);
      *hi = *lo + size;
      return;
    }
    default:
      *lo = *hi = 0;
      return;
  }
}

bool Pmp::check(uint64_t pa, unsigned size, Access a, unsigned priv,
                int* entry) const {
  if (entry) *entry = -1;
  const uint64_t end = pa + size;
  for (unsigned i = 0; i < cfg_.size(); ++i) {
    uint64_t lo, hi;
    range(i, &lo, &hi);
    if (hi <= lo || end <= lo || pa >= hi) continue;  // no byte matches
    if (entry) *entry = static_cast<int>(i);
    if (pa < lo || end > hi) return false;  // partial match fails
    if (priv == kPrivM && !locked(i)) return true;
    const uint8_t need = a == Access::kFetch ? kX : a == Access::kLoad ? kR : kW;
    return (cfg_[i] & need) != 0;
  }
  return priv == kPrivM || cfg_.empty();
}

}  // namespace mmcosim::sv32
