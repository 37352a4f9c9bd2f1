#include "uart16550.h"

namespace mmcosim {

namespace {
constexpr uint32_t kWindow = 8;  // registers, one byte each
}

uint8_t Uart16550::read_reg(uint32_t reg) const {
  bool dlab = regs_[kLcr] & kLcrDlab;
  switch (reg) {
    case kThr: return dlab ? divisor_[0] : 0;  // RBR: no receive data
    case kIer: return dlab ? divisor_[1] : regs_[kIer];
    case kIir: return 0x01;                    // no interrupt pending
    case kLsr: return kLsrThre | kLsrTemt;     // transmitter always empty
    default: return regs_[reg];
  }
}

void Uart16550::write_reg(uint32_t reg, uint8_t value) {
  bool dlab = regs_[kLcr] & kLcrDlab;
  if (reg == kThr && !dlab) {
    (*stats_)[Stat::kUartTxBytes]++;
    out_(static_cast<char>(value));
  } else if (reg == kThr) {
    divisor_[0] = value;
  } else if (reg == kIer && dlab) {
    divisor_[1] = value;
  } else if (reg != kLsr && reg != kIir) {
    regs_[reg] = value;
  }
}

bool Uart16550::read(uint32_t offset, uint8_t sel, uint32_t* data) {
  if (offset >= kWindow) return false;
  uint32_t v = 0;
  for (unsigned lane = 0; lane < 4; ++lane)
    if (sel & (1u << lane)) v |= uint32_t(read_reg(offset + lane)) << (8 * lane);
  *data = v;
  return true;
}

bool Uart16550::write(uint32_t offset, uint8_t sel, uint32_t data) {
  if (offset >= kWindow) return false;
  for (unsigned lane = 0; lane < 4; ++lane)
    if (sel & (1u << lane)) write_reg(offset + lane, lane_byte(data, lane));
  return true;
}

}  // namespace mmcosim
