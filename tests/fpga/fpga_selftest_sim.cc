// fpga_selftest_sim: runs the iCEBreaker top (rtl/fpga/fpga_icebreaker.sv)
// under Verilator, as RTL or as the netlist Yosys wrote after synth_ice40
// (the same source, built twice; both Verilated with prefix Vfpga_icebreaker),
// decodes its UART line (115200 8N1 at 12 MHz: 104 cycles a bit) and checks
// it.
//
//   fpga_selftest_sim OPS [MAX_CYCLES]
//
// Prints the decoded line, then "fpga_selftest: ok" and exits 0 when the
// line is a PASS line with ops = OPS, every class of operation seen at least
// once and the LEDs agree (green on, red off); otherwise prints why and
// exits 1.  BTN1 is held high: OPS is the top's FastOps (2000).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "verilated.h"
#include "Vfpga_icebreaker.h"

// In RTL simulation the DRAM cells and the counters register themselves
// through DPI for the simulator's backdoor; the board has none: nothing to
// record.  (The netlist has no DPI; unused there.)
extern "C" void mmcosim_mem_register(unsigned /*bytes*/) {}
extern "C" void mmcosim_perf_register(unsigned /*first_event*/, unsigned /*count*/) {}
extern "C" void mmcosim_tlb_register(unsigned /*entries*/) {}
// The L1 caches' arrays register for the debugger's coherent memory view
// (bench/sim/top.cc); nothing here reads them through it.
extern "C" void mmcosim_cache_array_register(unsigned /*id*/, unsigned /*depth*/) {}

namespace {

constexpr unsigned kCyclesPerBit = (12000000 + 115200 / 2) / 115200;

// Samples the TX line once per clock; returns a byte when its stop bit is
// sampled (in the middle of each bit).
class UartDecoder {
 public:
  bool step(int tx, char* out) {
    if (!busy_) {
      if (prev_ == 1 && tx == 0) {  // start bit's falling edge
        busy_ = true;
        count_ = 0;
        bit_ = 0;
        byte_ = 0;
      }
      prev_ = tx;
      return false;
    }
    prev_ = tx;
    ++count_;
    // Middle of bit k (start = bit 0) is kCyclesPerBit * k + kCyclesPerBit / 2.
    if (count_ != kCyclesPerBit * bit_ + kCyclesPerBit / 2) return false;
    if (bit_ == 0) {
      if (tx != 0) busy_ = false;  // a glitch, not a start bit
    } else if (bit_ <= 8) {
      byte_ |= static_cast<unsigned>(tx) << (bit_ - 1);
    } else {
      busy_ = false;
      if (tx != 1) {
        std::fprintf(stderr, "fpga_selftest: framing error (stop bit 0)\n");
        std::exit(1);
      }
      *out = static_cast<char>(byte_);
      return true;
    }
    ++bit_;
    return false;
  }

 private:
  bool busy_ = false;
  int prev_ = 1;
  unsigned count_ = 0, bit_ = 0, byte_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OPS [MAX_CYCLES]\n", argv[0]);
    return 2;
  }
  const unsigned long ops = std::strtoul(argv[1], nullptr, 0);
  const unsigned long max_cycles = argc > 2 ? std::strtoul(argv[2], nullptr, 0) : 5000000ul;

  VerilatedContext ctx;
  Vfpga_icebreaker top(&ctx);
  top.BTN_N = 1;
  top.BTN1 = 1;  // fast mode: a line every FastOps operations
  top.CLK = 0;
  top.eval();

  UartDecoder uart;
  std::string line;
  unsigned long cycle = 0;
  for (; cycle < max_cycles; ++cycle) {
    top.CLK = 1;
    top.eval();
    top.CLK = 0;
    top.eval();
    char c;
    if (uart.step(top.TX, &c)) {
      line += c;
      if (c == '\n') break;
    }
  }
  std::printf("%s", line.c_str());
  if (line.empty() || line.back() != '\n') {
    std::printf("\nfpga_selftest: no complete line after %lu cycles\n", cycle);
    return 1;
  }
  // Let the last stop bit end and the LEDs settle.
  for (unsigned i = 0; i < 2 * kCyclesPerBit; ++i) {
    top.CLK = 1;
    top.eval();
    top.CLK = 0;
    top.eval();
  }

  unsigned long v[7];
  if (std::sscanf(line.c_str(),
                  "mmcosim fpga PASS ops=%8lx ld=%8lx st=%8lx pf=%8lx af=%8lx fence=%8lx remap=%8lx",
                  &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]) != 7) {
    std::printf("fpga_selftest: not a PASS line\n");
    return 1;
  }
  static const char* const kNames[7] = {"ops", "ld", "st", "pf", "af", "fence", "remap"};
  bool ok = true;
  if (v[0] != ops) {
    std::printf("fpga_selftest: ops=%lu, expected %lu\n", v[0], ops);
    ok = false;
  }
  for (int i = 1; i < 7; ++i) {
    if (v[i] == 0) {
      std::printf("fpga_selftest: no %s at all\n", kNames[i]);
      ok = false;
    }
  }
  // Loads, stores and faults are operations; fences after a remap are not.
  if (v[1] + v[2] + v[3] + v[4] > v[0]) {
    std::printf("fpga_selftest: ld+st+pf+af = %lu > ops\n", v[1] + v[2] + v[3] + v[4]);
    ok = false;
  }
  if (top.LEDG_N != 0 || top.LEDR_N != 1) {
    std::printf("fpga_selftest: LEDs green_n=%d red_n=%d, expected 0 1\n", top.LEDG_N, top.LEDR_N);
    ok = false;
  }
  std::printf("fpga_selftest: %s after %lu cycles\n", ok ? "ok" : "FAILED", cycle);
  top.final();
  return ok ? 0 : 1;
}
