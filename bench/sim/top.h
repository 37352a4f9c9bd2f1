// The SystemC top level: the CPU model, the devices and the Verilated
// memory subsystem, advanced one core cycle at a time by a single SC_METHOD.
// Each activation runs a batch of cycles (at most kQuantum, 1 us, as a
// TLM quantum keeper would) and re-triggers itself that many periods
// later; the batch ends early at the end of the run window or at a
// request to the run loop (exit, trace on/off), so the cycles are those
// of one activation per cycle and only SystemC's clock lags inside a batch.
//
//   Top::clock_cycle (per cycle, from Top::on_clock) Vmem_subsys (Verilated)
//     1. sample outputs  ◀── ireq_ready/irsp, dreq_ready/drsp, mmio_req, htif
//     2. rising edge     ──▶ clk_i=1, eval()        (flops take old inputs)
//     3. cpu.tick(), MMIO devices, HTIF             (compute new inputs)
//     4. apply inputs    ──▶ ireq/dreq/csr/mmio_rsp, clk_i=0, eval()
//
// Two evaluations per cycle and no signal traffic through the SystemC
// kernel: this is what keeps the co-simulation above 2 M cycles/s.  The
// CPU samples the RTL's outputs as they were before the edge and its new
// requests reach the RTL after the edge, exactly as between two flops.
#pragma once

#include <systemc.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "Vmem_subsys.h"
#include "clint.h"
#include "config_table.h"
#include "cpu.h"
#include "func_mem.h"
#include "htif.h"
#include "platform_if.h"
#include "pin_port.h"
#include "simctl.h"
#include "stats.h"
#include "uart16550.h"

class VerilatedFstC;

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

// Physical memory as the CPU would see it in the co-simulation: a word
// the L1 caches hold (rtl/cache, through the arrays' DPI view) is read
// from the D-cache, where it may be dirty; a write goes into DRAM and into
// every L1 line holding the word (D-cache and I-cache), so that the next
// load or fetch sees it.  No tag, valid, dirty or replacement bit, bus or
// counter changes: a run's cycles are those of the same run without it.
// On a machine without caches it is the DRAM backdoor.  For the debugger.
class CoherentBackdoor : public BackdoorIf {
 public:
  explicit CoherentBackdoor(RtlBackdoor* dram) : dram_(dram) {}
  bool peek32(uint32_t paddr, uint32_t* value) override;
  bool poke32(uint32_t paddr, uint32_t value) override;

 private:
  RtlBackdoor* dram_;
};

// One RTL TLB as the debugger sees it (rtl/mmu/mmu_tlb.sv, mmcosim_tlb_read
// through DPI: a read of the entry flops, no side effect).
struct RtlTlbEntry {
  bool valid, global, mega;
  uint8_t perm;  // {d, u, x, w, r}
  uint32_t asid, vpn, ppn;
};
struct RtlTlb {
  std::string scope;  // the instance's hierarchical name (..u_itlb, ..u_dtlb)
  std::vector<RtlTlbEntry> entries;
};
std::vector<RtlTlb> read_rtl_tlbs();
// Physical memory as the host sees it (ELF loader, HTIF, signature,
// checkpoints): the functional image while the run is functional, the DRAM
// cells once it is co-simulated; the ELF goes into both.
class MemBackdoor : public BackdoorIf {
 public:
  enum class Mode { kBoth, kImage, kRtl };
  MemBackdoor(FuncMem* image, RtlBackdoor* rtl) : image_(image), rtl_(rtl) {}
  void set_mode(Mode m) { mode_ = m; }
  bool peek32(uint32_t paddr, uint32_t* value) override {
    return mode_ == Mode::kRtl ? rtl_->peek32(paddr, value)
                               : image_->peek32(paddr, value);
  }
  bool poke32(uint32_t paddr, uint32_t value) override;

 private:
  FuncMem* image_;
  RtlBackdoor* rtl_;
  Mode mode_ = Mode::kBoth;
};

// What the clocked method asks of the run loop (outside sc_start).
struct RunRequests {
  bool exited = false;
  uint32_t exit_code = 0;
  bool trace_on = false, trace_off = false;
  bool debug_stop = false;  // the debugger's boundary hook halted the CPU
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
  // The clocked method runs no cycle at or beyond `cycle` (the run window).
  void set_stop(uint64_t cycle) { stop_cycle_ = cycle; }
  RunRequests& requests() { return req_; }
  Htif* htif() { return htif_.get(); }
  RtlBackdoor& backdoor() { return backdoor_; }
  // DRAM with the L1 caches' contents on top (see CoherentBackdoor).
  CoherentBackdoor& coherent_memory() { return coherent_; }
  // The memory the host sees now (see MemBackdoor).
  MemBackdoor& memory() { return memory_; }
  Cpu& cpu() { return *cpu_; }
  FuncMem& func_mem() { return *func_; }
  Uart16550& uart() { return uart_; }
  Clint& clint() { return clint_; }
  Simctl& simctl() { return simctl_; }
  // Functional mode: runs the CPU on the functional memory (no RTL
  // evaluated) until a limit or a stop request; returns instructions.
  uint64_t run_functional(const Cpu::FuncLimits& limits);
  bool functional() const { return functional_; }
  // Ends sc_start's run (sc_pause), or run_functional() after the current
  // instruction.
  void stop_run();
  // Ends the functional part: dirty pages of the image go into the DRAM
  // cells through the backdoor (a backdoor write restores its row, so they
  // are fresh), time continues from the functional edge count, the CPU
  // enters its cycle-accurate state machine; the RTL is as after reset
  // (TLBs and caches cold).
  void switch_to_timed();
  // Sets the time base (core cycles since reset) before a run.
  void set_cycles(uint64_t c) { cycle_ = c; }
  Vmem_subsys& rtl() { return *rtl_; }
  // Debugger (gdb_stub): when the CPU halts for it (Cpu::set_halt_hook)
  // the run window ends at that cycle (requests().debug_stop) and `on_halt`
  // is told why; nullptr removes the hook.
  void set_halt_hook(Cpu::HaltHook on_halt);
  // Waveform: dump every evaluation into `tfp` from now on (nullptr: stop).
  void set_trace(VerilatedFstC* tfp) { tfp_ = tfp; }

 private:
  void on_clock();
  void clock_cycle();
  void service_mmio(uint64_t req, uint32_t wdata);
  void eval_and_dump();
  MmioDevice* decode(uint32_t paddr, uint32_t* offset);

  const SimConfig& cfg_;

  // --- pins of the RTL, sampled before / applied after each edge ---------
  PortPins fetch_pins_, data_pins_;
  uint64_t csr_pins_ = 0, mmio_rsp_pins_ = 0;

  // --- instances -----------------------------------------------------------
  Stats stats_;
  uint64_t cycle_ = 0;
  std::unique_ptr<Vmem_subsys> rtl_;
  PinPort fetch_port_, data_port_;
  Uart16550 uart_;
  Clint clint_;
  Simctl simctl_;
  RtlBackdoor backdoor_;
  CoherentBackdoor coherent_;
  std::unique_ptr<FuncMem> func_;
  MemBackdoor memory_;
  std::unique_ptr<Htif> htif_;
  std::unique_ptr<Cpu> cpu_;
  std::function<void(const char*, size_t)> console_;

  RunRequests req_;
  sc_time period_;
  uint64_t half_ps_;           // half a period in picoseconds (waveform time)
  uint64_t stop_cycle_ = 0;
  VerilatedFstC* tfp_ = nullptr;
  uint64_t trace_time_ = 0;  // picoseconds, for the waveform
  bool running_ = false;
  bool functional_ = false;
  bool rtl_counters_ = false;  // statistics read from the RTL (co-simulation)
  std::vector<uint64_t> rtl_base_;  // counter values at the switch
  unsigned reset_cycles_ = 0;
};

}  // namespace mmcosim
