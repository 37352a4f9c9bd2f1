// simctl: the simulation-control device.  Register offsets come from
// config/ (MMCOSIM_SIMCTL_REG_*):
//
//   exit          W  end the run; exit status = value
//   region_begin  W  a bench region with this id begins (counters snapshot)
//   region_end    W  the bench region with this id ends (deltas recorded)
//   trace         W  1: start waveform tracing, 0: stop it
//   snapshot      W  print every counter, tagged with the value
//   counter_sel   W  select a statistic by hpm event number
//   counter_lo/hi R  the selected statistic (read lo first: hi is latched)
//   putchar       W  one character to the console
//   marker        W  the firmware reached marker N (ends --ff-until=marker,
//                    docs/simulator.md); no effect otherwise
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mmio_device.h"
#include "stats.h"

namespace mmcosim {

// What simctl asks of the simulator.
class SimctlListener {
 public:
  virtual ~SimctlListener() = default;
  virtual void sim_exit(uint32_t code) = 0;
  virtual void region_begin(uint32_t id) = 0;
  virtual void region_end(uint32_t id) = 0;
  virtual void trace_enable(bool on) = 0;
  virtual void snapshot(uint32_t tag) = 0;
  virtual void putchar(char c) = 0;
  virtual void marker(uint32_t id) { (void)id; }
};

class Simctl : public MmioDevice {
 public:
  Simctl(SimctlListener* listener, Stats* stats)
      : listener_(listener), stats_(stats) {}

  bool read(uint32_t offset, uint8_t sel, uint32_t* data) override;
  bool write(uint32_t offset, uint8_t sel, uint32_t data) override;

  // Device state for checkpoints (counter_sel, the latched high word).
  void save(std::vector<uint8_t>* out) const;
  bool load(const uint8_t** p, size_t* left);

 private:
  SimctlListener* listener_;
  Stats* stats_;
  uint32_t sel_ = 0;
  uint32_t latched_hi_ = 0;
};

}  // namespace mmcosim
