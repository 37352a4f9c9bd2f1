#include "simulator.h"

#include <systemc.h>
#include <verilated.h>
#include <verilated_fst_c.h>

#include <cinttypes>
#include <cstring>

#include "checkpoint.h"
#include "top.h"

namespace mmcosim {

namespace {
bool g_created = false;  // SystemC allows one simulation per process
}

// --- creation ---------------------------------------------------------------
std::unique_ptr<Simulator> Simulator::create(const std::string& config_name,
                                             std::string* error) {
  const SimConfig* cfg = nullptr;
  const SimConfig* built = nullptr;
  std::string names;
  for (unsigned i = 0; i < kConfigCount; ++i) {
    if (config_name == kConfigs[i].name) cfg = &kConfigs[i];
    if (std::string(MMCOSIM_CONFIG_NAME) == kConfigs[i].name) built = &kConfigs[i];
    names += std::string(i ? ", " : "") + kConfigs[i].name;
  }
  if (!cfg) {
    *error = "unknown config '" + config_name + "' (known: " + names + ")";
    return nullptr;
  }
  if (!built) {  // a build against a generated directory without its own config
    *error = std::string("this build's configuration '") + MMCOSIM_CONFIG_NAME +
             "' is not in its configuration table";
    return nullptr;
  }
  if (const char* key = rtl_field_differs(*cfg, *built)) {
    *error = "config '" + config_name + "' sets RTL parameter '" + key +
             "' differently from this build (" + MMCOSIM_CONFIG_NAME +
             "); build it with: make CONFIG=" + config_name;
    return nullptr;
  }
  if (g_created) {
    *error = "only one simulation per process (SystemC cannot restart)";
    return nullptr;
  }
  g_created = true;
  return std::unique_ptr<Simulator>(new Simulator(cfg));
}

Simulator::Simulator(const SimConfig* cfg) : cfg_(cfg) {
  Verilated::traceEverOn(true);  // must precede the model's construction
  top_ = std::make_unique<Top>(
      "top", *cfg, this, [this](const char* s, size_t n) { console(s, n); });
  sc_start(SC_ZERO_TIME);  // elaborate; the RTL registers its memory here
}

Simulator::~Simulator() { trace_close(); }

void Simulator::console(const char* s, size_t n) {
  fwrite(s, 1, n, console_);
  if (memchr(s, '\n', n)) fflush(console_);
}

void Simulator::set_console(FILE* out) { console_ = out; }

// --- program ----------------------------------------------------------------
bool Simulator::load_elf(const std::string& path, std::string* error) {
  if (loaded_) {
    *error = "a program is already loaded";
    return false;
  }
  if (!mmcosim::load_elf(path, uint32_t(cfg_->memory_map_dram_base),
                         uint32_t(cfg_->memory_map_dram_size),
                         &top_->memory(), &image_, error))
    return false;
  if (!file_hash(path, &program_hash_)) {
    *error = path + ": cannot read";
    return false;
  }
  auto sym = [&](const char* name) {
    auto it = image_.symbols.find(name);
    return it == image_.symbols.end() ? 0u : it->second;
  };
  top_->start(image_.entry, sym("tohost"), sym("fromhost"));
  loaded_ = true;
  return true;
}

bool Simulator::set_cmdline(const std::string& cmdline, std::string* error) {
  if (!loaded_) {
    *error = "--cmdline needs a loaded program";
    return false;
  }
  auto it = image_.symbols.find("boot_command_line");
  if (it == image_.symbols.end()) {
    *error = "the program has no boot_command_line array for --cmdline";
    return false;
  }
  uint32_t size = image_.symbol_sizes[it->first], pa = 0;
  if (cmdline.size() + 1 > size) {
    *error = "--cmdline is " + std::to_string(cmdline.size()) +
             " characters; the program's boot_command_line holds " +
             std::to_string(size ? size - 1 : 0);
    return false;
  }
  if (!image_.phys_of(it->second, size, &pa) ||
      !write_bytes(&top_->backdoor(), pa,
                   reinterpret_cast<const uint8_t*>(cmdline.c_str()),
                   cmdline.size() + 1)) {
    *error = "boot_command_line lies outside the program's loaded segments";
    return false;
  }
  return true;
}

bool Simulator::exited() const { return top_->requests().exited; }
uint32_t Simulator::exit_code() const { return top_->requests().exit_code; }
uint64_t Simulator::cycles() const { return top_->cycles() - cycle_base_; }
Stats& Simulator::stats() { return top_->stats(); }
const std::vector<Region>& Simulator::regions() const { return regions_; }

std::vector<uint64_t> Simulator::reported() {
  std::vector<uint64_t> v = stats().snapshot();
  for (size_t i = 0; i < stats_base_.size() && i < v.size(); ++i) v[i] -= stats_base_[i];
  return v;
}

bool Simulator::read_stat(const std::string& name, uint64_t* value) {
  for (unsigned i = 0; i < Stats::kNum; ++i) {
    if (name == Stats::name(i)) {
      *value = reported()[i];
      return true;
    }
  }
  return false;
}

// --- running ------------------------------------------------------------------
bool Simulator::advance(uint64_t cycles) {
  double period_ps = 1e6 / double(cfg_->clock_cpu_mhz);
  top_->set_stop(top_->cycles() + cycles);
  sc_start(sc_time(double(cycles) * period_ps, SC_PS));
  return !exited();
}

Simulator::RunResult Simulator::run(uint64_t max_cycles) {
  if (!timed_) switch_to_timed();
  started_ = true;
  RunRequests& rq = top_->requests();
  uint64_t end = cycles() + max_cycles;
  rq.debug_stop = false;
  while (!rq.exited && !rq.debug_stop && cycles() < end) {
    if (trace_armed_ && !tfp_ && cycles() >= trace_start_) {
      std::string err;
      if (!open_trace_now(&err)) fprintf(stderr, "mmcosim: %s\n", err.c_str());
    }
    uint64_t n = end - cycles();
    if (trace_armed_ && !tfp_ && trace_start_ > cycles())
      n = std::min(n, trace_start_ - cycles());
    // Reset edges do not count as cycles: never run past `end`.
    advance(n);
    // simctl trace: "on" starts a pending --trace window early, "off" ends
    // it; FST files cannot be appended to, so a run has one window.
    if (rq.trace_on) {
      rq.trace_on = false;
      if (trace_armed_ && !tfp_) trace_start_ = cycles();
    }
    if (rq.trace_off) {
      rq.trace_off = false;
      trace_close();
    }
  }
  if (rq.exited) return RunResult::kExited;
  return rq.debug_stop ? RunResult::kDebugStop : RunResult::kLimit;
}

// --- tracing ------------------------------------------------------------------
bool Simulator::trace_open(const std::string& path, uint64_t start_cycle,
                           std::string* error) {
  FILE* probe = fopen(path.c_str(), "wb");
  if (!probe) {
    *error = "cannot write trace file " + path + ": " + strerror(errno);
    return false;
  }
  fclose(probe);
  trace_path_ = path;
  trace_start_ = start_cycle;
  trace_armed_ = true;
  return true;
}

bool Simulator::open_trace_now(std::string* error) {
  trace_armed_ = false;
  tfp_ = std::make_unique<VerilatedFstC>();
  top_->rtl().trace(tfp_.get(), 99);
  tfp_->open(trace_path_.c_str());
  if (!tfp_->isOpen()) {
    tfp_.reset();
    *error = "cannot open trace file " + trace_path_;
    return false;
  }
  top_->set_trace(tfp_.get());
  return true;
}

void Simulator::trace_close() {
  trace_armed_ = false;
  if (tfp_) {
    top_->set_trace(nullptr);
    tfp_->flush();
    tfp_->close();
    tfp_.reset();
  }
}

// --- simctl ---------------------------------------------------------------------
void Simulator::sim_exit(uint32_t code) {
  top_->requests().exited = true;
  top_->requests().exit_code = code;
  top_->stop_run();
}

void Simulator::marker(uint32_t id) {
  if (!ff_active_ || !ff_.at_marker || (!ff_.any_marker && id != ff_.marker))
    return;
  ff_marker_hit_ = true;
  top_->stop_run();
}

// --- functional mode, fast-forward, checkpoints ---------------------------------
Simulator::RunResult Simulator::run_functional(uint64_t max_cycles) {
  started_ = true;
  Cpu::FuncLimits lim;
  const uint64_t now = top_->cpu().edges();
  lim.edges = max_cycles > ~uint64_t{0} - now ? ~uint64_t{0} : now + max_cycles;
  top_->run_functional(lim);
  return exited() ? RunResult::kExited : RunResult::kLimit;
}

bool Simulator::fast_forward(const FastForward& ff) {
  started_ = true;
  ff_ = ff;
  ff_active_ = true;
  ff_marker_hit_ = false;
  Cpu::FuncLimits lim;
  lim.instructions = ff.instructions;
  lim.at_pc = ff.at_pc;
  lim.pc = ff.pc;
  top_->run_functional(lim);
  ff_active_ = false;
  return !exited();
}

void Simulator::switch_to_timed() {
  top_->switch_to_timed();
  cycle_base_ = top_->cycles();
  stats_base_ = stats().snapshot();
  regions_.clear();
  timed_ = true;
}

bool Simulator::save_checkpoint(const std::string& path, std::string* error) {
  if (timed_) {
    *error = "a checkpoint is taken from the functional mode (--functional, --ff, "
             "--ff-until), not after the switch to the co-simulation";
    return false;
  }
  Checkpoint c;
  c.config_hash = kConfigHashes[cfg_ - kConfigs];
  c.program_hash = program_hash_;
  top_->cpu().save_state(&c.cpu);
  top_->uart().save(&c.devices);
  top_->clint().save(&c.devices);
  top_->simctl().save(&c.devices);
  for (uint64_t v : stats().snapshot()) save_fields(&c.devices, v);  // firmware reads them
  c.dram_base = top_->func_mem().dram_base();
  c.dram_size = top_->func_mem().dram_size();
  c.image = top_->func_mem().image();
  return write_checkpoint(path, c, error);
}

bool Simulator::restore_checkpoint(const std::string& path, std::string* error) {
  if (started_ || !loaded_) {
    *error = "a checkpoint is restored after loading the program and before running";
    return false;
  }
  Checkpoint c;
  if (!read_checkpoint(path, &c, error)) return false;
  char buf[160];
  if (c.config_hash != kConfigHashes[cfg_ - kConfigs]) {
    snprintf(buf, sizeof buf, "checkpoint of another configuration (hash %016llx; "
             "config '%s' is %016llx)", (unsigned long long)c.config_hash, cfg_->name,
             (unsigned long long)kConfigHashes[cfg_ - kConfigs]);
    *error = path + ": " + buf;
    return false;
  }
  if (c.program_hash != program_hash_) {
    *error = path + ": checkpoint of another program (the ELF differs)";
    return false;
  }
  FuncMem& mem = top_->func_mem();
  if (c.dram_base != mem.dram_base() || c.dram_size != mem.dram_size()) {
    *error = path + ": damaged checkpoint (DRAM window)";
    return false;
  }
  const uint8_t* dev = c.devices.data();
  size_t left = c.devices.size();
  std::string why;
  if (!top_->cpu().load_state(c.cpu.data(), c.cpu.size(), &why)) {
    *error = path + ": checkpoint refused (" + why + ")";
    return false;
  }
  if (!top_->uart().load(&dev, &left) || !top_->clint().load(&dev, &left) ||
      !top_->simctl().load(&dev, &left) || left != Stats::kNum * sizeof(uint64_t)) {
    *error = path + ": damaged checkpoint (device state)";
    return false;
  }
  for (unsigned i = 0; i < Stats::kNum; ++i)
    load_fields(&dev, &left, stats()[static_cast<Stat>(i)]);
  for (uint32_t pg = 0; pg < mem.pages(); ++pg) {
    uint8_t* dst = mem.image() + size_t(pg) * FuncMem::kPageBytes;
    const uint8_t* src = c.memory.data() + size_t(pg) * FuncMem::kPageBytes;
    if (std::memcmp(dst, src, FuncMem::kPageBytes) == 0) continue;
    std::memcpy(dst, src, FuncMem::kPageBytes);
    mem.mark_dirty(pg);
  }
  mem.flush();
  top_->set_cycles(top_->cpu().edges());
  return true;
}

void Simulator::region_begin(uint32_t id) {
  regions_.push_back(Region{id, cycles(), 0, stats().snapshot(), {}, true});
}

void Simulator::region_end(uint32_t id) {
  for (auto it = regions_.rbegin(); it != regions_.rend(); ++it) {
    if (it->id == id && it->open) {
      std::vector<uint64_t> now = stats().snapshot();
      it->delta.resize(now.size());
      for (size_t i = 0; i < now.size(); ++i) it->delta[i] = now[i] - it->begin[i];
      it->end_cycle = cycles();
      it->open = false;
      return;
    }
  }
  fprintf(stderr, "mmcosim: simctl region_end(%u) without region_begin\n", id);
}

void Simulator::trace_enable(bool on) {
  if (!timed_) return;  // waveforms start at the switch to the co-simulation
  if (!trace_armed_ && !tfp_) return;  // no --trace, or its window is over
  (on ? top_->requests().trace_on : top_->requests().trace_off) = true;
  sc_pause();
}

void Simulator::snapshot(uint32_t tag) {
  std::vector<uint64_t> v = stats().snapshot();
  fprintf(stderr, "mmcosim: snapshot %u at cycle %" PRIu64 ":", tag, cycles());
  for (unsigned i = 0; i < v.size(); ++i)
    fprintf(stderr, " %s=%" PRIu64, Stats::name(i), v[i]);
  fprintf(stderr, "\n");
}

void Simulator::putchar(char c) { console(&c, 1); }

// --- reports --------------------------------------------------------------------
bool Simulator::write_stats_json(const std::string& path, std::string* error) {
  FILE* f = fopen(path.c_str(), "w");
  if (!f) {
    *error = "cannot write stats file " + path + ": " + strerror(errno);
    return false;
  }
  std::vector<uint64_t> v = reported();
  fprintf(f, "{\n  \"config\": \"%s\",\n  \"exited\": %s,\n"
             "  \"exit_code\": %u,\n  \"cycles\": %" PRIu64 ",\n"
             "  \"totals\": {\n",
          cfg_->name, exited() ? "true" : "false", exit_code(), cycles());
  for (unsigned i = 0; i < v.size(); ++i)
    fprintf(f, "    \"%s\": %" PRIu64 "%s\n", Stats::name(i), v[i],
            i + 1 < v.size() ? "," : "");
  fprintf(f, "  },\n  \"regions\": [");
  bool first = true;
  for (const Region& r : regions_) {
    if (r.open) continue;
    fprintf(f, "%s\n    {\"id\": %u, \"begin_cycle\": %" PRIu64
               ", \"end_cycle\": %" PRIu64 ", \"delta\": {",
            first ? "" : ",", r.id, r.begin_cycle, r.end_cycle);
    for (unsigned i = 0; i < r.delta.size(); ++i)
      fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", Stats::name(i),
              r.delta[i]);
    fprintf(f, "}}");
    first = false;
  }
  fprintf(f, "%s]\n}\n", first ? "" : "\n  ");
  bool ok = fclose(f) == 0;
  if (!ok) *error = "cannot write stats file " + path;
  return ok;
}

bool Simulator::write_signature(const std::string& path, std::string* error) {
  auto b = image_.symbols.find("begin_signature");
  auto e = image_.symbols.find("end_signature");
  if (b == image_.symbols.end() || e == image_.symbols.end() ||
      e->second < b->second) {
    *error = "the program has no begin_signature/end_signature symbols";
    return false;
  }
  FILE* f = fopen(path.c_str(), "w");
  if (!f) {
    *error = "cannot write signature file " + path + ": " + strerror(errno);
    return false;
  }
  for (uint32_t a = b->second; a < e->second; a += 4) {
    uint32_t w = 0;
    top_->memory().peek32(a, &w);
    fprintf(f, "%08x\n", w);
  }
  bool ok = fclose(f) == 0;
  if (!ok) *error = "cannot write signature file " + path;
  return ok;
}

void Simulator::print_summary(FILE* out) {
  const std::vector<uint64_t> v = reported();
  auto s = [&](Stat st) { return v[static_cast<unsigned>(st)]; };
  uint64_t c = s(Stat::kCpuCycles), n = s(Stat::kCpuInstret);
  fprintf(out,
          "mmcosim: %s after %" PRIu64 " cycles, %" PRIu64
          " instructions (CPI %.2f); fetch stall %" PRIu64
          ", data stall %" PRIu64 ", traps %" PRIu64 "\n",
          exited() ? ("exit " + std::to_string(exit_code())).c_str()
                   : "stopped (cycle limit)",
          c, n, n ? double(c) / double(n) : 0.0, s(Stat::kCpuFetchStall),
          s(Stat::kCpuDataStall),
          s(Stat::kCpuExceptions) + s(Stat::kCpuInterrupts));
}

}  // namespace mmcosim
