// What the CPU model needs from the platform besides memory: the CLINT's
// time and interrupt lines, and the statistics behind the hpm counters.
#pragma once

#include <cstdint>

namespace mmcosim {

// mip bit positions of the interrupt lines (privileged spec).
enum IrqBit : uint32_t {
  kIrqSsip = 1u << 1,
  kIrqMsip = 1u << 3,
  kIrqStip = 1u << 5,
  kIrqMtip = 1u << 7,
  kIrqSeip = 1u << 9,
  kIrqMeip = 1u << 11,
};

class PlatformIf {
 public:
  virtual ~PlatformIf() = default;
  // Value of the CLINT mtime register at core cycle `cycle` (time CSR).
  virtual uint64_t mtime(uint64_t cycle) = 0;
  // Hardware-driven mip lines (MSIP, MTIP, MEIP, SEIP) at core cycle `cycle`.
  virtual uint32_t irq_lines(uint64_t cycle) = 0;
  // Current value of the statistic with hpm event number `event` (1-based,
  // config/stats.toml order); 0 for event 0 or an unknown event.
  virtual uint64_t hpm_event(unsigned event) = 0;
};

}  // namespace mmcosim
