// UART, 16550 register subset, transmit only: THR (write) sends
// a byte to the console; LSR reads THRE|TEMT (always ready).
// IER, IIR/FCR, LCR, MCR, MSR and SCR read back what was written (or 0) so
// that drivers that program them work; RBR reads 0 (no receiver data).
#pragma once

#include <cstdint>
#include <functional>

#include "mmcosim_cfg.h"
#include "mmio_device.h"
#include "stats.h"

namespace mmcosim {

class Uart16550 : public MmioDevice {
 public:
  // THR and LSR (and their bits) are shared with the firmware through
  // config/; the others are the standard 16550 positions.
  enum Reg : uint32_t {
    kThr = MMCOSIM_UART_REG_THR, kIer = 1, kIir = 2, kLcr = 3, kMcr = 4,
    kLsr = MMCOSIM_UART_REG_LSR, kMsr = 6, kScr = 7,
  };
  static constexpr uint8_t kLsrThre = 1u << MMCOSIM_UART_LSR_THRE_BIT;
  static constexpr uint8_t kLsrTemt = 1u << MMCOSIM_UART_LSR_TEMT_BIT;
  static constexpr uint8_t kLcrDlab = 1u << 7;

  Uart16550(std::function<void(char)> out, Stats* stats)
      : out_(std::move(out)), stats_(stats) {}

  bool read(uint32_t offset, uint8_t sel, uint32_t* data) override;
  bool write(uint32_t offset, uint8_t sel, uint32_t data) override;

  // Device state for checkpoints.
  void save(std::vector<uint8_t>* out) const { save_fields(out, regs_, divisor_); }
  bool load(const uint8_t** p, size_t* left) { return load_fields(p, left, regs_, divisor_); }

 private:
  uint8_t read_reg(uint32_t reg) const;
  void write_reg(uint32_t reg, uint8_t value);

  std::function<void(char)> out_;
  Stats* stats_;
  uint8_t regs_[8] = {};
  uint8_t divisor_[2] = {};
};

}  // namespace mmcosim
