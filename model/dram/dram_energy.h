// DRAM energy from command counts, in the manner of DRAMPower: each
// command kind costs a fixed energy computed from the data sheet's IDD
// currents, VDD and timings ([dram.power], [dram.timing] in ns), for the
// whole rank (32 / device_width devices), and the background costs
// IDD3N x VDD per cycle with a row open, IDD2N x VDD per cycle with every
// bank precharged:
//
//   ACT  (IDD0 - IDD3N) x VDD x tRAS     PRE  (IDD0 - IDD2N) x VDD x tRP
//   RD   (IDD4R - IDD3N) x VDD x tBURST  WR   (IDD4W - IDD3N) x VDD x tBURST
//   REF  (IDD5B - IDD3N) x VDD x tRFC
//
// Per-command energies are in fJ (integers); the results in pJ, each kind
// rounded down on its own, and the total is the sum of the kinds.
#pragma once
#include <cstdint>

namespace mmcosim::dram {

// The data sheet's values ([dram.power]) and the timings they apply to.
struct PowerSpec {
  unsigned vdd_mv = 0, idd0_ma = 0, idd2n_ma = 0, idd3n_ma = 0, idd4r_ma = 0, idd4w_ma = 0,
           idd5b_ma = 0, device_width = 8;
  unsigned dram_mhz = 800, cpu_mhz = 1000;  // DRAM command clock, core clock
  unsigned ras = 0, rp = 0, burst = 0, rfc = 0;  // DRAM clocks
};

struct EnergyPerCommand {  // fJ
  uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0;
  uint64_t bg_active = 0, bg_precharged = 0;  // per core cycle
};

struct EnergyCounts {
  uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0;  // commands (RD/WR: bursts)
  uint64_t active_cycles = 0, precharged_cycles = 0;
};

struct Energy {  // pJ
  uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0, bg_active = 0, bg_precharged = 0;
  uint64_t total = 0;
};

// mV x mA x ns = fJ, rounded to the nearest fJ.
EnergyPerCommand energy_per_command(const PowerSpec& s);
Energy dram_energy(const EnergyPerCommand& e, const EnergyCounts& n);

}  // namespace mmcosim::dram
