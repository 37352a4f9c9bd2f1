// The GTKWave save files in bench/waves name only signals that the
// simulator's FST trace holds: a renamed or removed RTL signal would
// otherwise leave a save file that silently shows nothing.  State machines
// and the DRAM command bus are shown by name through translate filter files
// generated from the RTL's enums (bench/waves/gen_enums.py ->
// bench/waves/enum/*.txt); every value such a signal takes in a real trace
// must decode to a name, and the states a run certainly passes through
// (ACT and RD on the command bus, an open bank, a page walk's levels, a
// cache fill) must appear by name.  The trace comes from build/mmcosim
// --trace (its own process); it is read with the FST reader that Verilator
// ships (gtkwave/fstapi).
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtkwave/fstapi.h"
#include "run_child.h"

namespace {

using mmcosim_test::run_child;

// "a.b.sig [7:0]" and "a.b.sig[7:0]" -> "a.b.sig"; "g_bank[3]" stays.
std::string normalize(std::string name) {
  std::string s;
  for (char c : name)
    if (c != ' ') s += c;
  if (!s.empty() && s.back() == ']') {
    size_t open = s.rfind('[');
    if (open != std::string::npos && s.find(':', open) != std::string::npos) s.resize(open);
  }
  return s;
}

// The trace's variables: full name -> (handle, bits).
struct Var {
  fstHandle handle;
  unsigned bits;
};
std::map<std::string, Var> fst_signals(const std::string& path) {
  std::map<std::string, Var> names;
  void* ctx = fstReaderOpen(path.c_str());
  if (!ctx) return names;
  std::vector<std::string> scope;
  while (fstHier* h = fstReaderIterateHier(ctx)) {
    switch (h->htyp) {
      case FST_HT_SCOPE: scope.push_back(h->u.scope.name); break;
      case FST_HT_UPSCOPE: if (!scope.empty()) scope.pop_back(); break;
      case FST_HT_VAR: {
        std::string full;
        for (const std::string& s : scope) full += s + ".";
        names[normalize(full + h->u.var.name)] = Var{h->u.var.handle, h->u.var.length};
        break;
      }
      default: break;
    }
  }
  fstReaderClose(ctx);
  return names;
}

// Every value (x/z-free) each of `handles` takes in the trace.
std::map<fstHandle, std::set<uint64_t>> fst_values(const std::string& path,
                                                   const std::set<fstHandle>& handles) {
  std::map<fstHandle, std::set<uint64_t>> seen;
  void* ctx = fstReaderOpen(path.c_str());
  if (!ctx) return seen;
  fstReaderClrFacProcessMaskAll(ctx);
  for (fstHandle h : handles) fstReaderSetFacProcessMask(ctx, h);
  fstReaderIterBlocks(
      ctx,
      [](void* user, uint64_t, fstHandle h, const unsigned char* v) {
        uint64_t x = 0;
        for (const unsigned char* c = v; *c; ++c) {
          if (*c != '0' && *c != '1') return;
          x = x << 1 | uint64_t(*c == '1');
        }
        (*static_cast<std::map<fstHandle, std::set<uint64_t>>*>(user))[h].insert(x);
      },
      &seen, nullptr);
  fstReaderClose(ctx);
  return seen;
}

// A signal line of a .gtkw file: the signal, its alias (+{alias}) and the
// translate filter file (a ^n line before it), relative to the repository.
struct Saved {
  std::string signal, alias, filter;
};
std::vector<Saved> gtkw_signals(const std::string& path) {
  std::vector<Saved> out;
  std::ifstream in(path);
  std::string line, filter;
  while (std::getline(in, line)) {
    if (line.rfind("^", 0) == 0 && line.size() > 1 && line[1] != '>' && line[1] != '<') {
      filter = line.substr(line.find(' ') + 1);
      continue;
    }
    if (line.empty() || line[0] == '[' || line[0] == '*' || line[0] == '@' ||
        line[0] == '-' || line[0] == '#' || line[0] == '^')
      continue;
    Saved s;
    if (line[0] == '+') {  // +{alias} signal
      size_t close = line.find('}');
      s.alias = line.substr(2, close - 2);
      line = line.substr(close + 1);
    }
    s.signal = normalize(line);
    s.filter = filter;
    filter.clear();
    out.push_back(s);
  }
  return out;
}

// A translate filter file: hexadecimal value as GTKWave prints it -> name.
std::map<std::string, std::string> read_filter(const std::string& path) {
  std::map<std::string, std::string> m;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string value, name;
    ls >> value >> name;
    std::transform(value.begin(), value.end(), value.begin(), ::toupper);
    m[value] = name;
  }
  return m;
}

std::string gtkwave_hex(uint64_t v, unsigned bits) {
  char buf[32];
  snprintf(buf, sizeof buf, "%0*llX", int((bits + 3) / 4), static_cast<unsigned long long>(v));
  return buf;
}

// Traces `elf` from cycle `start` to cycle `cycles`.
std::string trace(const std::string& cli, const std::string& tag, const std::string& elf,
                  unsigned cycles, unsigned start = 0) {
  const std::string fst = ::testing::TempDir() + "mmcosim_waves_" + tag + ".fst";
  auto r = run_child({cli, "--quiet", "--trace=" + fst, "--trace-start=" + std::to_string(start),
                      "--max-cycles=" + std::to_string(cycles),
                      std::string(MMCOSIM_FIRMWARE_DIR) + "/" + elf});
  EXPECT_TRUE(r.status == 0 || r.status == 3) << r.err;
  return fst;
}

std::vector<std::string> waves_files() {
  std::vector<std::string> files;
  DIR* d = opendir(MMCOSIM_WAVES_DIR);
  if (!d) return files;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 5 && n.substr(n.size() - 5) == ".gtkw") files.push_back(n);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

// Traces hello.elf with `cli` and checks every signal line of the save files
// that `pick` selects against the trace's hierarchy.
template <class Pick>
void check_saved_signals(const std::string& cli, const std::string& tag, Pick pick, unsigned min_files,
                         unsigned min_signals) {
  const std::string fst = trace(cli, tag, "hello.elf", 2000);
  const std::map<std::string, Var> have = fst_signals(fst);
  ASSERT_GT(have.size(), 100u) << "no hierarchy read from " << fst;
  EXPECT_TRUE(have.count("mem_subsys.mem_subsys.clk_i"));

  unsigned files = 0, signals = 0;
  for (const std::string& n : waves_files()) {
    if (!pick(n)) continue;
    ++files;
    for (const Saved& s : gtkw_signals(std::string(MMCOSIM_WAVES_DIR) + "/" + n)) {
      ++signals;
      EXPECT_TRUE(have.count(s.signal)) << n << " names " << s.signal << ", which the trace does not hold";
    }
  }
  EXPECT_GE(files, min_files);
  EXPECT_GT(signals, min_signals);
}

// Traces `elf` and decodes every filtered signal of the picked save files
// with its translate filter: each value it takes must have a name, and
// the names `must` (alias or signal -> names) must appear in the trace.
template <class Pick>
void check_state_names(const std::string& cli, const std::string& tag, const std::string& elf,
                       unsigned start, unsigned cycles, Pick pick,
                       const std::map<std::string, std::vector<std::string>>& must) {
  const std::string fst = trace(cli, tag, elf, cycles, start);
  const std::map<std::string, Var> have = fst_signals(fst);
  ASSERT_GT(have.size(), 100u) << "no hierarchy read from " << fst;
  std::vector<Saved> filtered;
  std::set<fstHandle> handles;
  for (const std::string& n : waves_files()) {
    if (!pick(n)) continue;
    for (const Saved& s : gtkw_signals(std::string(MMCOSIM_WAVES_DIR) + "/" + n)) {
      if (s.filter.empty()) continue;
      ASSERT_TRUE(have.count(s.signal)) << n << ": " << s.signal;
      filtered.push_back(s);
      handles.insert(have.at(s.signal).handle);
    }
  }
  ASSERT_FALSE(filtered.empty());
  const auto values = fst_values(fst, handles);
  std::set<std::string> checked;
  for (const Saved& s : filtered) {
    const auto filter = read_filter(std::string(MMCOSIM_SOURCE_DIR) + "/" + s.filter);
    ASSERT_FALSE(filter.empty()) << "no names in " << s.filter;
    const Var& v = have.at(s.signal);
    ASSERT_TRUE(values.count(v.handle)) << s.signal << " has no value in the trace";
    std::set<std::string> names;
    for (uint64_t x : values.at(v.handle)) {
      auto it = filter.find(gtkwave_hex(x, v.bits));
      EXPECT_NE(it, filter.end()) << s.signal << " takes " << x << ", which " << s.filter << " does not name";
      if (it != filter.end()) names.insert(it->second);
    }
    const std::string key = s.alias.empty() ? s.signal : s.alias;
    if (must.count(key)) {
      checked.insert(key);
      for (const std::string& want : must.at(key))
        EXPECT_TRUE(names.count(want)) << key << " never shows " << want;
    }
  }
  for (const auto& [key, names] : must) EXPECT_TRUE(checked.count(key)) << "no filtered signal " << key;
}

// cache.gtkw: the L1 caches' states (the default machine has them).
bool is_cache_file(const std::string& n) { return n == "cache.gtkw"; }

TEST(WavesTest, EverySavedSignalIsInTheTrace) {
  check_saved_signals(MMCOSIM_CLI, "default", [](const std::string&) { return true; }, 4u, 60u);
}

// The filter files are what bench/waves/gen_enums.py makes of the RTL now.
TEST(WavesTest, EnumFiltersMatchTheRtl) {
  auto r = run_child({MMCOSIM_PYTHON, std::string(MMCOSIM_SOURCE_DIR) + "/bench/waves/gen_enums.py", "--check"});
  EXPECT_EQ(r.status, 0) << r.err;
}

bool not_cache_file(const std::string& n) { return !is_cache_file(n); }

// hello.elf: DRAM traffic and UART output in its first 5000 cycles.
TEST(WavesTest, StatesShowByNameInTheTrace) {
  check_state_names(MMCOSIM_CLI, "names", "hello.elf", 0, 5000, not_cache_file,
                    {{"command", {"CmdNop", "CmdAct", "CmdRd"}},  // write-back D$: no DRAM write yet
                     {"bank 0", {"BankIdle", "BankActivating", "BankActive"}},
                     {"MMIO bridge state", {"StIdle", "StReq", "StWait"}}});
}

// vm_basic turns Sv32 on after cycle 300 000: megapage and 4 KiB walks by 1 000 000.
// vm_basic starts the kernel's mm first (lib/vm_env.h, ~2.3 M cycles with
// the caches); its translated accesses, and so the walks, come after that.
TEST(WavesTest, WalkerStatesShowByNameInTheTrace) {
  check_state_names(MMCOSIM_CLI, "walker", "vm_basic.elf", 2500000, 3400000, not_cache_file,
                    {{"walker state", {"StIdle", "StL1", "StL0"}}});
}

TEST(WavesTest, CacheStatesShowByNameInTheTrace) {
  check_state_names(MMCOSIM_CLI, "cache_names", "hello.elf", 0, 5000, is_cache_file,
                    {{"D-cache state", {"StIdle", "StLookup", "StFill"}},
                     {"I-cache state", {"StIdle", "StLookup", "StFill"}}});
}

}  // namespace
