// The GTKWave save files in bench/waves name only signals that the
// simulator's FST trace holds: a renamed or removed RTL signal would
// otherwise leave a save file that silently shows nothing.  The trace comes
// from build/mmcosim --trace (its own process); its hierarchy is read with
// the FST reader that Verilator ships (gtkwave/fstapi).
#include <gtest/gtest.h>

#include <dirent.h>

#include <fstream>
#include <set>
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

std::set<std::string> fst_signals(const std::string& path) {
  std::set<std::string> names;
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
        names.insert(normalize(full + h->u.var.name));
        break;
      }
      default: break;
    }
  }
  fstReaderClose(ctx);
  return names;
}

// The signal lines of a .gtkw file (not comments, options, flags, groups).
std::vector<std::string> gtkw_signals(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '[' || line[0] == '*' || line[0] == '@' ||
        line[0] == '-' || line[0] == '#')
      continue;
    out.push_back(normalize(line));
  }
  return out;
}

// Traces hello.elf with `cli` and checks every signal line of the save files
// that `pick` selects against the trace's hierarchy.
template <class Pick>
void check_saved_signals(const std::string& cli, const std::string& tag, Pick pick, unsigned min_files,
                         unsigned min_signals) {
  const std::string fst = ::testing::TempDir() + "mmcosim_waves_" + tag + ".fst";
  auto r = run_child({cli, "--quiet", "--trace=" + fst, "--max-cycles=2000",
                      std::string(MMCOSIM_FIRMWARE_DIR) + "/hello.elf"});
  ASSERT_TRUE(r.status == 0 || r.status == 3) << r.err;
  const std::set<std::string> have = fst_signals(fst);
  ASSERT_GT(have.size(), 100u) << "no hierarchy read from " << fst;
  EXPECT_TRUE(have.count("mem_subsys.mem_subsys.clk_i"));

  DIR* d = opendir(MMCOSIM_WAVES_DIR);
  ASSERT_NE(d, nullptr) << MMCOSIM_WAVES_DIR;
  unsigned files = 0, signals = 0;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() < 5 || n.substr(n.size() - 5) != ".gtkw" || !pick(n)) continue;
    ++files;
    for (const std::string& s : gtkw_signals(std::string(MMCOSIM_WAVES_DIR) + "/" + n)) {
      ++signals;
      EXPECT_TRUE(have.count(s)) << n << " names " << s << ", which the trace does not hold";
    }
  }
  closedir(d);
  EXPECT_GE(files, min_files);
  EXPECT_GT(signals, min_signals);
}

// Every save file, cache.gtkw among them, against the trace of the default
// machine (L1 caches on).
TEST(WavesTest, EverySavedSignalIsInTheTrace) {
  check_saved_signals(MMCOSIM_CLI, "default", [](const std::string&) { return true; }, 4u, 60u);
}

}  // namespace
