// build/mmcosim: run an RV32 ELF on the co-simulation.
//
//   mmcosim [options] program.elf
//
// Exit status: the program's own; 2 for bad input (options, config, ELF);
// 3 when --max-cycles ran out before the program ended.
#include <chrono>
#include <ctime>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cosim.h"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitCycleLimit = 3;
constexpr int kExitKilled = 137;  // GDB's kill: as a shell reports SIGKILL
constexpr uint64_t kMaxPort = 65535;
constexpr uint64_t kChunk = 1u << 22;  // cycles per mmcosim_run call

const char kUsage[] =
    "usage: mmcosim [options] program.elf\n"
    "  --config=NAME        configuration from config/NAME.toml (default: the one\n"
    "                       this simulator was built for, `make CONFIG=NAME`)\n"
    "  --max-cycles=N       stop after N core cycles (exit status 3)\n"
    "  --trace=FILE.fst     write an FST waveform of the RTL\n"
    "  --trace-start=N      start the waveform at core cycle N (default 0)\n"
    "  --stats=FILE.json    write statistics (totals and bench regions)\n"
    "  --signature=FILE     dump begin_signature..end_signature (Spike style)\n"
    "  --cmdline=TEXT       kernel command line, written into the program's\n"
    "                       boot_command_line array (e.g. init=/fork_cow)\n"
    "  --gdb=PORT           wait for GDB on 127.0.0.1:PORT (0: a free port, printed)\n"
    "                       before the first instruction (docs/simulator.md)\n"
    "  --functional         run the whole program in the functional mode (no RTL,\n"
    "                       one cycle per instruction; --max-cycles counts those)\n"
    "  --ff=N               run N instructions functionally, then co-simulate\n"
    "  --ff-until=WHERE     fast-forward until the pc reaches ELF symbol WHERE, or\n"
    "                       the firmware writes a simctl marker (WHERE=marker or\n"
    "                       marker:N); statistics and waveforms start at the switch\n"
    "  --save=FILE          checkpoint at the end of the functional part (the end\n"
    "                       of a --functional run, or the switch of --ff/--ff-until)\n"
    "  --restore=FILE       start from a checkpoint (same configuration and ELF)\n"
    "  --quiet              no summary at exit\n"
    "  --help               this text\n"
    "exit status: the program's; 2 bad input; 3 cycle limit reached; 137 killed by GDB\n";

[[noreturn]] void die(const std::string& msg) {
  fprintf(stderr, "mmcosim: %s\n", msg.c_str());
  exit(kExitBadInput);
}

// Parses a whole decimal or 0x-hex unsigned number, or dies naming `flag`.
uint64_t parse_u64(const std::string& flag, const std::string& text) {
  if (text.empty() || text[0] == '-' || text[0] == '+')
    die("option " + flag + " needs a number, got '" + text + "'");
  errno = 0;
  char* end = nullptr;
  unsigned long long v = strtoull(text.c_str(), &end, 0);
  if (errno || *end) die("option " + flag + " needs a number, got '" + text + "'");
  return v;
}

// Output files are checked before the run, so a typo does not cost a run.
void check_writable(const char* what, const std::string& path) {
  if (path.empty()) return;
  FILE* f = fopen(path.c_str(), "w");
  if (!f) die(std::string("cannot write ") + what + " file " + path + ": " + strerror(errno));
  fclose(f);
}

struct Options {
  std::string config, elf, trace, stats, signature, cmdline;  // config "": as built
  std::string ff_until, save, restore;
  uint64_t max_cycles = 0, trace_start = 0, ff = 0;
  bool has_max = false, has_trace_start = false, has_cmdline = false, quiet = false;
  bool has_gdb = false;
  unsigned gdb_port = 0;
  bool functional = false, has_ff = false, has_ff_until = false;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      size_t n = strlen(flag);
      if (a.compare(0, n, flag) == 0 && a.size() > n && a[n] == '=')
        return argv[i] + n + 1;
      return nullptr;
    };
    const char* v;
    if (a == "--help" || a == "-h") {
      fputs(kUsage, stdout);
      exit(0);
    } else if (a == "--quiet" || a == "-q") {
      o.quiet = true;
    } else if (a == "--functional") {
      o.functional = true;
    } else if ((v = value("--ff"))) {
      o.ff = parse_u64("--ff", v);
      o.has_ff = true;
    } else if ((v = value("--ff-until"))) {
      o.ff_until = v;
      o.has_ff_until = true;
      if (o.ff_until.empty()) die("option --ff-until needs a symbol or marker[:N]");
    } else if ((v = value("--save"))) {
      o.save = v;
      if (o.save.empty()) die("option --save needs a file name");
    } else if ((v = value("--restore"))) {
      o.restore = v;
      if (o.restore.empty()) die("option --restore needs a file name");
    } else if ((v = value("--config"))) {
      o.config = v;
      if (o.config.empty()) die("option --config needs a name");
    } else if ((v = value("--max-cycles"))) {
      o.max_cycles = parse_u64("--max-cycles", v);
      o.has_max = true;
    } else if ((v = value("--trace"))) {
      o.trace = v;
    } else if ((v = value("--trace-start"))) {
      o.trace_start = parse_u64("--trace-start", v);
      o.has_trace_start = true;
    } else if ((v = value("--stats"))) {
      o.stats = v;
    } else if ((v = value("--cmdline"))) {
      o.cmdline = v;
      o.has_cmdline = true;
    } else if ((v = value("--gdb"))) {
      const uint64_t port = parse_u64("--gdb", v);
      if (port > kMaxPort) die("option --gdb needs a TCP port 0..65535, got '" + std::string(v) + "'");
      o.gdb_port = unsigned(port);
      o.has_gdb = true;
    } else if ((v = value("--signature"))) {
      o.signature = v;
    } else if (a.size() > 1 && a[0] == '-') {
      die("unknown option '" + a + "' (see --help)");
    } else if (!o.elf.empty()) {
      die("more than one program given: '" + o.elf + "' and '" + a + "'");
    } else {
      o.elf = a;
    }
  }
  if (o.elf.empty()) die("no program given (see --help)");

  if (o.has_trace_start && o.trace.empty())
    die("option --trace-start needs --trace=FILE.fst");
  if (o.has_ff && o.has_ff_until) die("options --ff and --ff-until exclude each other");
  if (o.has_gdb && (o.functional || o.has_ff || o.has_ff_until))
    die("option --gdb works on the co-simulation only, not with --functional, --ff or --ff-until");
  if (o.functional && (o.has_ff || o.has_ff_until))
    die("option --functional runs the whole program functionally; --ff/--ff-until switch to the co-simulation");
  if (o.functional && !o.trace.empty())
    die("option --trace needs the co-simulation (no RTL runs with --functional)");
  if (!o.save.empty() && !o.functional && !o.has_ff && !o.has_ff_until)
    die("option --save needs --functional, --ff or --ff-until (a checkpoint is taken from the functional mode)");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  check_writable("stats", o.stats);
  check_writable("signature", o.signature);
  check_writable("checkpoint", o.save);
  char err[512];
  mmcosim_t* sim = mmcosim_create(o.config.empty() ? nullptr : o.config.c_str(),
                                  err, sizeof err);
  if (!sim) die(err);
  if (mmcosim_load_elf(sim, o.elf.c_str(), err, sizeof err) != 0) die(err);
  if (o.has_cmdline && mmcosim_set_cmdline(sim, o.cmdline.c_str(), err, sizeof err))
    die(err);
  if (!o.trace.empty() &&
      mmcosim_trace_open(sim, o.trace.c_str(), o.trace_start, err, sizeof err))
    die(err);

  if (!o.restore.empty() && mmcosim_restore(sim, o.restore.c_str(), err, sizeof err))
    die(err);

  auto t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  int r = MMCOSIM_RUN_LIMIT;
  if (o.has_gdb) {
    r = mmcosim_gdb_serve(sim, o.gdb_port, o.has_max ? o.max_cycles : 0, err, sizeof err);
    if (r == MMCOSIM_RUN_ERROR) die(err);
    if (r == MMCOSIM_RUN_KILLED) {
      fprintf(stderr, "mmcosim: killed by GDB at cycle %" PRIu64 "\n", mmcosim_cycles(sim));
      mmcosim_destroy(sim);
      return kExitKilled;
    }
  }
  if (!o.has_gdb && (o.has_ff || o.has_ff_until)) {
    int f = mmcosim_fast_forward(sim, o.ff, o.has_ff_until ? o.ff_until.c_str() : nullptr,
                                 err, sizeof err);
    if (f < 0) die(err);
    if (f == 1) {
      r = MMCOSIM_RUN_EXITED;
      if (!o.save.empty()) {  // check_writable created it
        remove(o.save.c_str());
        fprintf(stderr, "mmcosim: the program ended before the fast-forward point; no checkpoint written\n");
      }
    }
    if (f == 0 && !o.save.empty() && mmcosim_save(sim, o.save.c_str(), err, sizeof err))
      die(err);
  }
  // --max-cycles counts from here: the functional cycles after a restore,
  // the co-simulated cycles from the switch (mmcosim_cycles() restarts there).
  const uint64_t base = o.functional ? mmcosim_cycles(sim) : 0;
  if (!o.functional && r == MMCOSIM_RUN_LIMIT) mmcosim_run(sim, 0);  // the switch
  while (r == MMCOSIM_RUN_LIMIT) {
    uint64_t left = o.has_max ? o.max_cycles - (mmcosim_cycles(sim) - base) : kChunk;
    if (o.has_max && left == 0) break;
    uint64_t n = left < kChunk ? left : kChunk;
    r = o.functional ? mmcosim_run_functional(sim, n) : mmcosim_run(sim, n);
  }
  if (o.functional && !o.save.empty() && mmcosim_save(sim, o.save.c_str(), err, sizeof err))
    die(err);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu_secs = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
  fflush(stdout);

  int status = r == MMCOSIM_RUN_EXITED ? mmcosim_exit_code(sim) : kExitCycleLimit;
  if (!o.stats.empty() && mmcosim_write_stats(sim, o.stats.c_str(), err, sizeof err))
    die(err);
  if (!o.signature.empty() &&
      mmcosim_write_signature(sim, o.signature.c_str(), err, sizeof err))
    die(err);
  if (!o.quiet) {
    mmcosim_print_summary(sim, stderr);
    uint64_t c = mmcosim_cycles(sim), n = 0;
    mmcosim_stat(sim, "cpu.instret", &n);
    fprintf(stderr, "mmcosim: %.3f s host time, %.2f M cycles/s, %.2f M instructions/s\n",
            secs, secs > 0 ? double(c) / secs / 1e6 : 0.0,
            secs > 0 ? double(n) / secs / 1e6 : 0.0);
    // CPU time of the run: on a loaded host it is what the simulator cost.
    fprintf(stderr, "mmcosim: %.3f s CPU time, %.2f M cycles/s, %.2f M instructions/s of CPU time\n",
            cpu_secs, cpu_secs > 0 ? double(c) / cpu_secs / 1e6 : 0.0,
            cpu_secs > 0 ? double(n) / cpu_secs / 1e6 : 0.0);
  }
  if (r != MMCOSIM_RUN_EXITED)
    fprintf(stderr, "mmcosim: cycle limit %" PRIu64 " reached before the program ended\n",
            o.max_cycles);
  mmcosim_destroy(sim);
  return status;
}
