// The C API (cosim.h) on top of mmcosim::Simulator.
#include "cosim.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "mmcosim_cfg.h"
#include "sim/gdb_stub.h"
#include "sim/simulator.h"

struct mmcosim_handle {
  std::unique_ptr<mmcosim::Simulator> sim;
  std::vector<unsigned> closed;  // indexes of closed regions, in end order
};

namespace {
int fail(const std::string& msg, char* err, size_t len) {
  if (err && len) snprintf(err, len, "%s", msg.c_str());
  return -1;
}
}  // namespace

// libsystemc's main() calls sc_main(); programs using this API bring their
// own main(), so a fallback keeps the link complete.
extern "C" __attribute__((weak)) int sc_main(int, char**) {
  fprintf(stderr, "mmcosim: sc_main called; use the C API from main()\n");
  return 1;
}

extern "C" {

mmcosim_t* mmcosim_create(const char* config, char* err, size_t err_len) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  std::string e;
  auto sim = mmcosim::Simulator::create(config ? config : MMCOSIM_CONFIG_NAME, &e);
  if (!sim) {
    fail(e, err, err_len);
    return nullptr;
  }
  auto* h = new mmcosim_handle;
  h->sim = std::move(sim);
  return h;
}

int mmcosim_load_elf(mmcosim_t* s, const char* path, char* err,
                     size_t err_len) {
  std::string e;
  if (!path) return fail("no ELF path", err, err_len);
  return s->sim->load_elf(path, &e) ? 0 : fail(e, err, err_len);
}

int mmcosim_set_cmdline(mmcosim_t* s, const char* cmdline, char* err,
                        size_t err_len) {
  std::string e;
  if (!cmdline) return fail("no command line", err, err_len);
  return s->sim->set_cmdline(cmdline, &e) ? 0 : fail(e, err, err_len);
}

int mmcosim_run(mmcosim_t* s, uint64_t max_cycles) {
  if (s->sim->exited()) return MMCOSIM_RUN_ERROR;
  if (!s->sim->loaded()) return MMCOSIM_RUN_ERROR;
  return s->sim->run(max_cycles) == mmcosim::Simulator::RunResult::kExited
             ? MMCOSIM_RUN_EXITED
             : MMCOSIM_RUN_LIMIT;
}

int mmcosim_gdb_serve(mmcosim_t* s, unsigned port, uint64_t max_cycles,
                      char* err, size_t err_len) {
  if (!s->sim->loaded() || s->sim->exited())
    return fail("no program loaded, or it has ended", err, err_len);
  std::string e;
  auto stub = mmcosim::GdbStub::listen(s->sim.get(), port, &e);
  if (!stub) return fail(e, err, err_len);  // MMCOSIM_RUN_ERROR
  switch (stub->serve(max_cycles)) {
    case mmcosim::GdbStub::Outcome::kExited:
      return MMCOSIM_RUN_EXITED;
    case mmcosim::GdbStub::Outcome::kLimit:
      return MMCOSIM_RUN_LIMIT;
    case mmcosim::GdbStub::Outcome::kKilled:
      break;
  }
  return MMCOSIM_RUN_KILLED;
}

int mmcosim_run_functional(mmcosim_t* s, uint64_t max_cycles) {
  if (s->sim->exited() || !s->sim->loaded() || s->sim->timed())
    return MMCOSIM_RUN_ERROR;
  return s->sim->run_functional(max_cycles) ==
                 mmcosim::Simulator::RunResult::kExited
             ? MMCOSIM_RUN_EXITED
             : MMCOSIM_RUN_LIMIT;
}

int mmcosim_fast_forward(mmcosim_t* s, uint64_t instructions,
                         const char* until, char* err, size_t err_len) {
  if (!s->sim->loaded() || s->sim->timed() || s->sim->exited())
    return fail("fast-forward needs a loaded program that has not run in the co-simulation",
                err, err_len);
  mmcosim::Simulator::FastForward ff;
  if (instructions) ff.instructions = instructions;
  if (until) {
    const std::string u = until;
    const std::string m = "marker";
    if (u == m) {
      ff.at_marker = ff.any_marker = true;
    } else if (u.compare(0, m.size() + 1, m + ":") == 0) {
      const std::string n = u.substr(m.size() + 1);
      char* end = nullptr;
      errno = 0;
      unsigned long v = n.empty() || n[0] == '-' ? 0 : strtoul(n.c_str(), &end, 0);
      if (n.empty() || n[0] == '-' || errno || *end || v > 0xffffffffUL)
        return fail("--ff-until=" + u + ": marker needs a 32-bit number", err, err_len);
      ff.at_marker = true;
      ff.marker = uint32_t(v);
    } else {
      auto it = s->sim->image().symbols.find(u);
      if (it == s->sim->image().symbols.end())
        return fail("--ff-until=" + u + ": no such symbol in the program", err, err_len);
      ff.at_pc = true;
      ff.pc = it->second;
    }
  }
  return s->sim->fast_forward(ff) ? 0 : 1;
}

int mmcosim_save(mmcosim_t* s, const char* path, char* err, size_t err_len) {
  std::string e;
  return s->sim->save_checkpoint(path ? path : "", &e) ? 0 : fail(e, err, err_len);
}

int mmcosim_restore(mmcosim_t* s, const char* path, char* err, size_t err_len) {
  std::string e;
  return s->sim->restore_checkpoint(path ? path : "", &e) ? 0 : fail(e, err, err_len);
}

int mmcosim_exited(const mmcosim_t* s) { return s->sim->exited(); }
int mmcosim_exit_code(const mmcosim_t* s) {
  return static_cast<int>(s->sim->exit_code());
}
uint64_t mmcosim_cycles(const mmcosim_t* s) { return s->sim->cycles(); }

int mmcosim_stat(mmcosim_t* s, const char* name, uint64_t* value) {
  return name && s->sim->read_stat(name, value) ? 0 : -1;
}

unsigned mmcosim_stat_count(void) { return mmcosim::Stats::kNum; }

const char* mmcosim_stat_name(unsigned index) {
  return index < mmcosim::Stats::kNum ? mmcosim::Stats::name(index) : nullptr;
}

unsigned mmcosim_region_count(const mmcosim_t* s) {
  unsigned n = 0;
  for (const auto& r : s->sim->regions()) n += !r.open;
  return n;
}

int mmcosim_region(mmcosim_t* s, unsigned index, uint32_t* id,
                   const char* name, uint64_t* delta) {
  unsigned k = 0;
  for (const auto& r : s->sim->regions()) {
    if (r.open) continue;
    if (k++ != index) continue;
    if (id) *id = r.id;
    if (!name) return 0;
    for (unsigned i = 0; i < mmcosim::Stats::kNum; ++i) {
      if (strcmp(name, mmcosim::Stats::name(i)) == 0) {
        if (delta) *delta = r.delta[i];
        return 0;
      }
    }
    return -1;
  }
  return -1;
}

int mmcosim_trace_open(mmcosim_t* s, const char* path, uint64_t start_cycle,
                       char* err, size_t err_len) {
  std::string e;
  return s->sim->trace_open(path ? path : "", start_cycle, &e)
             ? 0
             : fail(e, err, err_len);
}

int mmcosim_write_stats(mmcosim_t* s, const char* path, char* err,
                        size_t err_len) {
  std::string e;
  return s->sim->write_stats_json(path ? path : "", &e) ? 0
                                                        : fail(e, err, err_len);
}

int mmcosim_write_signature(mmcosim_t* s, const char* path, char* err,
                            size_t err_len) {
  std::string e;
  return s->sim->write_signature(path ? path : "", &e) ? 0
                                                       : fail(e, err, err_len);
}

void mmcosim_set_console(mmcosim_t* s, void* file) {
  s->sim->set_console(static_cast<FILE*>(file));
}

void mmcosim_print_summary(mmcosim_t* s, void* file) {
  s->sim->print_summary(static_cast<FILE*>(file));
}

void mmcosim_destroy(mmcosim_t* s) { delete s; }

}  // extern "C"
