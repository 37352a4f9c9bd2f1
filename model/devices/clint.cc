#include "clint.h"

#include "platform_if.h"

namespace mmcosim {

namespace {
// Merge the selected byte lanes of `data` into `old`.
uint32_t merge(uint32_t old, uint8_t sel, uint32_t data) {
  uint32_t mask = 0;
  for (unsigned lane = 0; lane < 4; ++lane)
    if (sel & (1u << lane)) mask |= 0xffu << (8 * lane);
  return (old & ~mask) | (data & mask);
}
}  // namespace

uint32_t Clint::irq_lines(uint64_t cycle) const {
  return (msip_ ? kIrqMsip : 0u) | (mtime(cycle) >= mtimecmp_ ? kIrqMtip : 0u);
}

void Clint::set_mtime(uint64_t value) { offset_ = value - *now_ / divider_; }

bool Clint::read(uint32_t offset, uint8_t, uint32_t* data) {
  uint64_t t = mtime(*now_);
  switch (offset) {
    case kMsip: *data = msip_; return true;
    case kMtimecmpLo: *data = uint32_t(mtimecmp_); return true;
    case kMtimecmpHi: *data = uint32_t(mtimecmp_ >> 32); return true;
    case kMtimeLo: *data = uint32_t(t); return true;
    case kMtimeHi: *data = uint32_t(t >> 32); return true;
    default: return false;
  }
}

bool Clint::write(uint32_t offset, uint8_t sel, uint32_t data) {
  uint64_t t = mtime(*now_);
  switch (offset) {
    case kMsip:
      if (sel & 1) msip_ = data & 1;
      return true;
    case kMtimecmpLo:
      mtimecmp_ = (mtimecmp_ & ~0xffffffffull) |
                  merge(uint32_t(mtimecmp_), sel, data);
      return true;
    case kMtimecmpHi:
      mtimecmp_ = (mtimecmp_ & 0xffffffffull) |
                  uint64_t(merge(uint32_t(mtimecmp_ >> 32), sel, data)) << 32;
      return true;
    case kMtimeLo:
      set_mtime((t & ~0xffffffffull) | merge(uint32_t(t), sel, data));
      return true;
    case kMtimeHi:
      set_mtime((t & 0xffffffffull) |
                uint64_t(merge(uint32_t(t >> 32), sel, data)) << 32);
      return true;
    default:
      return false;
  }
}

}  // namespace mmcosim
