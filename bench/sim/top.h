// The SystemC top level: one clock, the Verilated memory subsystem, the CPU
// model and the devices, advanced by a single clocked SC_METHOD.
//
//   clk ──┬──────────────────────────────┐
//         ▼                              ▼
//   Top::on_clock (SC_METHOD)      Vmem_subsys (Verilated RTL)
//     cpu.tick() ── ireq/dreq ───────▶ fetch, data ports ─┐
//                ◀─ irsp/drsp ────────                    │ Wishbone
//     csr sideband ── csr ───────────▶                    ├─▶ SRAM
//     devices ◀── mmio_req ─────────── MMIO bridge ◀──────┘
//             ── mmio_rsp ──────────▶
//     HTIF    ◀── htif (tohost snoop)
#pragma once

#include <systemc.h>

#include <functional>
#include <memory>
#include <string>

#include "Vmem_subsys.h"
#include "clint.h"
#include "config_table.h"
#include "cpu.h"
#include "htif.h"
#include "platform_if.h"
#include "signal_port.h"
#include "simctl.h"
#include "stats.h"
#include "uart16550.h"

class VerilatedFstSc;

namespace mmcosim {

// Reads and writes DRAM through the RTL's DPI backdoor.
class RtlBackdoor : public BackdoorIf {
 public:
  RtlBackdoor(uint32_t base, uint32_t size) : base_(base), size_(size) {}
  bool peek32(uint32_t paddr, uint32_t* value) override;
  bool poke32(uint32_t paddr, uint32_t value) override;

 private:
  uint32_t base_, size_;
};

// What the clocked method asks of the run loop (outside sc_start).
struct RunRequests {
  bool exited = false;
  uint32_t exit_code = 0;
  bool trace_on = false, trace_off = false;
};

class Top : public sc_module, public PlatformIf, public CsrSidebandIf {
 public:
  SC_HAS_PROCESS(Top);
  Top(sc_module_name name, const SimConfig& cfg, SimctlListener* listener,
      std::function<void(const char*, size_t)> console);
  ~Top() override;

  // PlatformIf
  uint64_t mtime(uint64_t cycle) override { return clint_.mtime(cycle); }
  uint32_t irq_lines(uint64_t cycle) override { return clint_.irq_lines(cycle); }
  uint64_t hpm_event(unsigned event) override { return stats_.read_event(event); }
  // CsrSidebandIf
  void update(const CsrSideband& sb) override;

  void start(uint32_t entry, uint32_t tohost, uint32_t fromhost);
  Stats& stats() { return stats_; }
  uint64_t cycles() const { return cycle_; }
  RunRequests& requests() { return req_; }
  Htif* htif() { return htif_.get(); }
  RtlBackdoor& backdoor() { return backdoor_; }
  Vmem_subsys& rtl() { return *rtl_; }

 private:
  void on_clock();
  void service_mmio(uint64_t req);
  MmioDevice* decode(uint32_t paddr, uint32_t* offset);

  const SimConfig& cfg_;

  // --- signals -------------------------------------------------------------
  sc_clock clk_;
  sc_signal<bool> rst_n_{"rst_n"};
  sc_signal<uint64_t> ireq_{"ireq"}, irsp_{"irsp"}, dreq_{"dreq"},
      drsp_{"drsp"}, csr_{"csr"}, mmio_req_{"mmio_req"},
      mmio_rsp_{"mmio_rsp"}, htif_snoop_{"htif_snoop"};
  sc_signal<uint32_t> dreq_wdata_{"dreq_wdata"}, mmio_wdata_{"mmio_wdata"},
      htif_tohost_{"htif_tohost"};
  sc_signal<bool> ireq_ready_{"ireq_ready"}, dreq_ready_{"dreq_ready"};

  // --- instances -----------------------------------------------------------
  Stats stats_;
  uint64_t cycle_ = 0;
  std::unique_ptr<Vmem_subsys> rtl_;
  SignalPort fetch_port_, data_port_;
  Uart16550 uart_;
  Clint clint_;
  Simctl simctl_;
  RtlBackdoor backdoor_;
  std::unique_ptr<Htif> htif_;
  std::unique_ptr<Cpu> cpu_;
  std::function<void(const char*, size_t)> console_;

  RunRequests req_;
  bool running_ = false;
  unsigned reset_cycles_ = 0;
  bool mmio_rsp_pending_ = false;
};

}  // namespace mmcosim
