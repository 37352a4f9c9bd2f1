#include "dram_energy.h"

#include <cmath>

namespace mmcosim::dram {

EnergyPerCommand energy_per_command(const PowerSpec& s) {
  const double devices = 32.0 / s.device_width;
  const double tck = 1000.0 / s.dram_mhz, core = 1000.0 / s.cpu_mhz;  // ns
  auto fj = [&](double ma, double ns) {
    return uint64_t(std::llround(double(s.vdd_mv) * ma * ns * devices));
  };
  EnergyPerCommand e;
  e.act = fj(double(s.idd0_ma) - s.idd3n_ma, s.ras * tck);
  e.pre = fj(double(s.idd0_ma) - s.idd2n_ma, s.rp * tck);
  e.rd = fj(double(s.idd4r_ma) - s.idd3n_ma, s.burst * tck);
  e.wr = fj(double(s.idd4w_ma) - s.idd3n_ma, s.burst * tck);
  e.ref = fj(double(s.idd5b_ma) - s.idd3n_ma, s.rfc * tck);
  e.bg_active = fj(s.idd3n_ma, core);
  e.bg_precharged = fj(s.idd2n_ma, core);
  return e;
}

Energy dram_energy(const EnergyPerCommand& e, const EnergyCounts& n) {
  auto pj = [](uint64_t count, uint64_t fj) { return count * fj / 1000; };
  Energy r;
  r.act = pj(n.act, e.act);
  r.pre = pj(n.pre, e.pre);
  r.rd = pj(n.rd, e.rd);
  r.wr = pj(n.wr, e.wr);
  r.ref = pj(n.ref, e.ref);
  r.bg_active = pj(n.active_cycles, e.bg_active);
  r.bg_precharged = pj(n.precharged_cycles, e.bg_precharged);
  r.total = r.act + r.pre + r.rd + r.wr + r.ref + r.bg_active + r.bg_precharged;
  return r;
}

}  // namespace mmcosim::dram
