// The co-simulation: the CPU model (SystemC) in front of the Verilated memory
// subsystem, the MMIO devices, HTIF, statistics, tracing.  One per process
// (SystemC cannot restart); bench/cosim.h is the C API on top of it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "config_table.h"
#include "elf_loader.h"
#include "simctl.h"
#include "stats.h"

namespace mmcosim {

class Top;
}  // namespace mmcosim
class VerilatedFstC;
namespace mmcosim {

struct Region {
  uint32_t id;
  uint64_t begin_cycle, end_cycle;
  std::vector<uint64_t> begin;  // counters at begin
  std::vector<uint64_t> delta;  // counters at end minus at begin
  bool open;
};

class Simulator : public SimctlListener {
 public:
  // kDebugStop: the debugger's hook halted the CPU (Top::set_debug_hook).
  enum class RunResult { kExited, kLimit, kDebugStop };

  // Finds configuration `name` (config/<name>.toml, compiled in) and builds
  // the system.  Fails when the name is unknown or its RTL parameters differ
  // from the ones this binary was built with.
  static std::unique_ptr<Simulator> create(const std::string& config_name,
                                           std::string* error);
  ~Simulator() override;

  bool load_elf(const std::string& path, std::string* error);
  // Writes `cmdline` (NUL-terminated) into the loaded program's
  // `boot_command_line` array, as a boot loader hands Linux its command
  // line.  Fails when no program is loaded, the program has no such
  // symbol, or the line does not fit the array.
  bool set_cmdline(const std::string& cmdline, std::string* error);
  // Runs until the program exits or `max_cycles` more cycles have passed.
  RunResult run(uint64_t max_cycles);

  // ---- functional mode, fast-forward, checkpoints (docs/simulator.md) ----
  // Runs the program in the functional mode (no RTL evaluated) until it
  // exits or `max_cycles` more cycles (one per instruction) have passed.
  RunResult run_functional(uint64_t max_cycles);
  // Where a fast-forward ends: after `instructions` retired instructions,
  // when the pc reaches `pc`, or when the firmware writes simctl marker
  // (`marker`, or any marker with any_marker).
  struct FastForward {
    uint64_t instructions = ~uint64_t{0};
    bool at_pc = false;
    uint32_t pc = 0;
    bool at_marker = false, any_marker = false;
    uint32_t marker = 0;
  };
  // Runs functionally to that point; false when the program exited first.
  bool fast_forward(const FastForward& ff);
  // Moves the run into the co-simulation (Top::switch_to_timed); from here
  // statistics, regions, cycles() and waveforms count from zero.
  void switch_to_timed();
  bool timed() const { return timed_; }
  // Checkpoints: save from the functional state (not once co-simulated);
  // restore into it (before any run).  One-line errors naming the file.
  bool save_checkpoint(const std::string& path, std::string* error);
  bool restore_checkpoint(const std::string& path, std::string* error);

  bool loaded() const { return loaded_; }
  bool exited() const;
  uint32_t exit_code() const;
  uint64_t cycles() const;
  Stats& stats();
  // Counters as reported (JSON, summary, C API): since the switch to the
  // co-simulation when there was a functional part; firmware reads them
  // whole (hpm, simctl).
  std::vector<uint64_t> reported();
  bool read_stat(const std::string& name, uint64_t* value);
  const std::vector<Region>& regions() const;
  const SimConfig& config() const { return *cfg_; }
  const ElfImage& image() const { return image_; }
  Top& top() { return *top_; }

  // Waveform trace (FST) from `start_cycle` on; false when not possible.
  bool trace_open(const std::string& path, uint64_t start_cycle,
                  std::string* error);
  void trace_close();

  // Console output goes here (default stdout).
  void set_console(FILE* out);

  bool write_stats_json(const std::string& path, std::string* error);
  // Dumps begin_signature..end_signature, one hex word per line (Spike).
  bool write_signature(const std::string& path, std::string* error);
  // Human summary of the run (one paragraph).
  void print_summary(FILE* out);

 // SimctlListener
  void sim_exit(uint32_t code) override;
  void region_begin(uint32_t id) override;
  void region_end(uint32_t id) override;
  void trace_enable(bool on) override;
  void snapshot(uint32_t tag) override;
  void putchar(char c) override;
  void marker(uint32_t id) override;

 private:
  explicit Simulator(const SimConfig* cfg);
  void console(const char* s, size_t n);
  bool advance(uint64_t cycles);  // false when the program exited
  bool open_trace_now(std::string* error);

  const SimConfig* cfg_;
  std::unique_ptr<Top> top_;
  ElfImage image_;
  bool loaded_ = false;
  FILE* console_ = stdout;
  std::vector<Region> regions_;
  // Tracing: the file is opened outside sc_start, at trace_start_ or when
  // the firmware asks through simctl.
  std::unique_ptr<VerilatedFstC> tfp_;
  std::string trace_path_;
  uint64_t trace_start_ = 0;
  bool trace_armed_ = false;
  // functional mode
  bool timed_ = false;        // switched to the co-simulation
  bool started_ = false;      // any cycle run (restore must come first)
  uint64_t cycle_base_ = 0;   // Top cycles at the switch
  uint64_t program_hash_ = 0;
  std::vector<uint64_t> stats_base_;  // counters at the switch
  FastForward ff_;
  bool ff_active_ = false, ff_marker_hit_ = false;
};

}  // namespace mmcosim
