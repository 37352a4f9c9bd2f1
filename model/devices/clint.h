// CLINT, SiFive layout, one hart:
//
//   +0x0000  msip       bit 0 raises the machine software interrupt
//   +0x4000  mtimecmp   64 bits (lo, hi); MTIP = mtime >= mtimecmp
//   +0xBFF8  mtime      64 bits (lo, hi); advances once every `divider`
//                        core cycles; writable (sets the current value)
//
// Time is derived from the core cycle count, so it costs nothing per cycle.
#pragma once

#include <cstdint>

#include "mmcosim_cfg.h"
#include "mmio_device.h"

namespace mmcosim {

class Clint : public MmioDevice {
 public:
  enum Reg : uint32_t {  // offsets from config/ (MMCOSIM_CLINT_REG_*)
    kMsip = MMCOSIM_CLINT_REG_MSIP,
    kMtimecmpLo = MMCOSIM_CLINT_REG_MTIMECMP,
    kMtimecmpHi = MMCOSIM_CLINT_REG_MTIMECMP + 4,
    kMtimeLo = MMCOSIM_CLINT_REG_MTIME,
    kMtimeHi = MMCOSIM_CLINT_REG_MTIME + 4,
  };

  // `now` returns the current core cycle.
  Clint(uint64_t divider, const uint64_t* now) : divider_(divider), now_(now) {}

  bool read(uint32_t offset, uint8_t sel, uint32_t* data) override;
  bool write(uint32_t offset, uint8_t sel, uint32_t data) override;

  // Device state for checkpoints.
  void save(std::vector<uint8_t>* out) const { save_fields(out, offset_, mtimecmp_, msip_); }
  bool load(const uint8_t** p, size_t* left) { return load_fields(p, left, offset_, mtimecmp_, msip_); }

  uint64_t mtime(uint64_t cycle) const { return cycle / divider_ + offset_; }
  // MSIP and MTIP as mip bits, at core cycle `cycle`.
  uint32_t irq_lines(uint64_t cycle) const;

 private:
  void set_mtime(uint64_t value);

  uint64_t divider_;
  const uint64_t* now_;
  uint64_t offset_ = 0;                 // mtime = cycle / divider + offset
  uint64_t mtimecmp_ = ~uint64_t{0};    // no interrupt until programmed
  bool msip_ = false;
};

}  // namespace mmcosim
