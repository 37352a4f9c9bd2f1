// bench/mmcosim-sweep: bad sweep files (one line naming the problem, status
// 2), the plan of a sweep mixing RTL and runtime keys (point configurations
// and shared builds), and a tiny local sweep on the configuration this tree
// was built for: two programs run in parallel by make, the tidy CSV, the
// plot, and a failed point reported with its log.
#include <gtest/gtest.h>

#include <cstdlib>
#include <dirent.h>
#include <string>
#include <vector>

#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;
using mmcosim_test::write_file;

namespace {

const std::string kSweep = std::string(MMCOSIM_SOURCE_DIR) + "/bench/mmcosim-sweep";
const std::string kOut = std::string(MMCOSIM_SOURCE_DIR) + "/build/sweep/";
const std::string kSlurmLocal = std::string(MMCOSIM_SOURCE_DIR) + "/tests/cli/slurm_local.sh";

std::string sweep_file(const std::string& name, const std::string& body) {
  std::string p = std::string(testing::TempDir()) + name + ".toml";
  write_file(p, body);
  return p;
}

void expect_bad(const std::string& name, const std::string& body, const std::string& needle) {
  auto r = run_child({MMCOSIM_PYTHON, kSweep, "--plan", sweep_file(name, body)}, 60);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
}

const char kPrograms[] = "programs = [\"hello\"]\nmetrics = [\"cycles\"]\n";

TEST(SweepTest, MalformedFile) { expect_bad("sw-bad1", "programs = [\n", "sw-bad1.toml"); }
TEST(SweepTest, UnknownTopKey) {
  expect_bad("sw-bad2", std::string(kPrograms) + "colour = 1\n", "unknown key 'colour'");
}
TEST(SweepTest, UnknownConfigKey) {
  expect_bad("sw-bad3", std::string(kPrograms) + "[vary]\n\"mmu.dtlb_size\" = [8]\n",
             "unknown configuration key 'mmu.dtlb_size'");
}
TEST(SweepTest, UnknownProgram) {
  expect_bad("sw-bad4", "programs = [\"nosuch\"]\nmetrics = [\"cycles\"]\n",
             "unknown program 'nosuch'");
}
TEST(SweepTest, UnknownMetric) {
  expect_bad("sw-bad5", "programs = [\"hello\"]\nmetrics = [\"mmu.dtlb.misses\"]\n",
             "unknown counter 'mmu.dtlb.misses'");
}
TEST(SweepTest, IllegalValueNamesThePoint) {
  expect_bad("sw-bad6", std::string(kPrograms) + "[vary]\n\"mmu.dtlb_entries\" = [8, 12]\n",
             "key 'mmu.dtlb_entries' = 12");
}
TEST(SweepTest, PlotOfAKeyNotVaried) {
  expect_bad("sw-bad7",
             std::string(kPrograms) + "[vary]\n\"clock.mtime_divider\" = [1, 2]\n"
             "[[plot]]\nx = \"mmu.dtlb_entries\"\ny = \"cycles\"\n",
             "x = 'mmu.dtlb_entries' is not a varied key");
}

// 2 RTL values x 2 runtime values: 4 points in 2 builds, one TOML each.
TEST(SweepTest, PlanSharesBuildsAcrossRuntimeKeys) {
  auto p = sweep_file("sw-plan", std::string("name = \"test-plan\"\n") + kPrograms +
                      "[vary]\n\"mmu.dtlb_entries\" = [8, 32]\n"
                      "\"clock.mtime_divider\" = [1, 7]\n");
  auto r = run_child({MMCOSIM_PYTHON, kSweep, "--plan", p}, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("4 point(s) x 1 program(s) = 4 run(s), 2 build(s)"), std::string::npos)
      << r.out;
  std::string t = read_file(kOut + "test-plan/points/test-plan-p3.toml");
  EXPECT_NE(t.find("inherit = \"default\""), std::string::npos) << t;
  EXPECT_NE(t.find("dtlb_entries = 32"), std::string::npos) << t;
  EXPECT_NE(t.find("mtime_divider = 7"), std::string::npos) << t;
}

// The build cache decides per RTL key set: every build of a cache that
// never completed is fresh; a completed one (its key in build.ok and its
// simulator there) is cached; a build.ok of another key is not trusted; a
// different RTL value lands in a directory of its own.  The completed
// build is made by hand (a real simulator build takes many minutes), so
// this checks the cache-key logic and the rebuild decision, in a cache
// directory of the test's own (MMCOSIM_SWEEP_CACHE).
TEST(SweepTest, RtlKeyForcesAFreshBuildThroughTheCache) {
  const std::string cache = std::string(testing::TempDir()) + "sweep-cache-test";
  ASSERT_EQ(std::system(("rm -rf '" + cache + "'").c_str()), 0);
  ASSERT_EQ(setenv("MMCOSIM_SWEEP_CACHE", cache.c_str(), 1), 0);
  auto plan = [&](const std::string& name, const std::string& vary) {
    auto r = run_child({MMCOSIM_PYTHON, kSweep, "--plan",
                        sweep_file(name, "name = \"" + name + "\"\n" + kPrograms + "[vary]\n" + vary)},
                       60);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  };
  // "  build <dir relative to the tree>: <state>, points ..." -> {dir, state}
  auto builds = [](const std::string& out) {
    std::vector<std::pair<std::string, std::string>> b;
    for (size_t at = out.find("  build "); at != std::string::npos; at = out.find("  build ", at + 1)) {
      size_t colon = out.find(": ", at), comma = out.find(',', colon);
      std::string d = out.substr(at + 8, colon - at - 8);  // relative inside the tree
      b.emplace_back(d[0] == '/' ? d : std::string(MMCOSIM_SOURCE_DIR) + "/" + d,
                     out.substr(colon + 2, comma - colon - 2));
    }
    return b;
  };
  const std::string vary = "\"mmu.dtlb_entries\" = [8, 32]\n\"clock.mtime_divider\" = [1, 7]\n";
  auto first = builds(plan("test-cache", vary));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].second, "fresh");
  EXPECT_EQ(first[1].second, "fresh");
  EXPECT_NE(first[0].first, first[1].first);
  EXPECT_EQ(first[0].first.rfind(cache, 0), 0u) << first[0].first << " not under " << cache;

  // The first build completed: its simulator and its key.
  const std::string dir = first[0].first;
  const std::string key = dir.substr(dir.rfind('/') + 1);
  ASSERT_EQ(std::system(("mkdir -p '" + dir + "/cmake/bench' && printf '#!/bin/sh\\n' > '" + dir +
                         "/cmake/bench/mmcosim' && chmod +x '" + dir + "/cmake/bench/mmcosim'")
                            .c_str()),
            0);
  write_file(dir + "/build.ok", key + "\n");
  auto second = builds(plan("test-cache", vary));
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].first, dir);
  EXPECT_EQ(second[0].second, "cached");
  EXPECT_EQ(second[1].second, "fresh");

  write_file(dir + "/build.ok", "0123456789ab\n");  // another key's build: rebuilt
  EXPECT_EQ(builds(plan("test-cache", vary))[0].second, "fresh");
  write_file(dir + "/build.ok", key + "\n");

  // Another RTL value: a directory of its own, fresh; a runtime key alone: the same one.
  auto other = builds(plan("test-cache2", "\"mmu.dtlb_entries\" = [16]\n"));
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].first, first[0].first);
  EXPECT_NE(other[0].first, first[1].first);
  EXPECT_EQ(other[0].second, "fresh");
  auto same = builds(plan("test-cache3", "\"mmu.dtlb_entries\" = [8]\n\"clock.mtime_divider\" = [3]\n"));
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].first, dir);
  EXPECT_EQ(same[0].second, "cached");
  unsetenv("MMCOSIM_SWEEP_CACHE");
}

// A real sweep on the configuration of this build: hello succeeds,
// fail_bad exits 1 and is reported as a failed point.
TEST(SweepTest, LocalRunnerCsvPlotAndFailedPoint) {
  auto p = sweep_file("sw-run", std::string("name = \"test-run\"\nbase = \"") + MMCOSIM_TEST_CONFIG +
                      "\"\nprograms = [\"hello\", \"fail_bad\"]\n"
                      "metrics = [\"cycles\", \"cpu.instret\"]\n"
                      "[vary]\nconfig = [\"" + MMCOSIM_TEST_CONFIG + "\"]\n"
                      "[[plot]]\nx = \"program\"\ny = \"cpu.instret\"\n");
  auto r = run_child({MMCOSIM_PYTHON, kSweep, "--jobs=2", p}, 120);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAILED run 1: point 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("program fail_bad: exit status 1"), std::string::npos) << r.out;
  std::string csv = read_file(kOut + "test-run/results.csv");
  EXPECT_EQ(csv.find("point,point_config,program,config,region,metric,value\n"), 0u) << csv;
  EXPECT_NE(csv.find(",hello," + std::string(MMCOSIM_TEST_CONFIG) + ",all,cpu.instret,"),
            std::string::npos) << csv;
  EXPECT_EQ(csv.find("fail_bad"), std::string::npos) << csv;
  std::string svg = read_file(kOut + "test-run/plot1.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("hello"), std::string::npos);  // the x tic of the one point
}

// Files in `dir` whose names start with `prefix`.
std::vector<std::string> files_with_prefix(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind(prefix, 0) == 0) out.push_back(n);
    }
    closedir(d);
  }
  return out;
}

class SlurmSweepTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mmcosim-slurm-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto r = run_child({kSlurmLocal, "start", dir_}, 90);
    ASSERT_EQ(r.status, 0) << "single-node Slurm did not start:\n" << r.err;
    setenv("SLURM_CONF", (dir_ + "/slurm.conf").c_str(), 1);
  }
  // Stops the daemons even when the test failed.
  void TearDown() override {
    if (dir_.empty()) return;
    run_child({kSlurmLocal, "stop", dir_}, 60);
    run_child({"/bin/rm", "-rf", dir_}, 60);
    unsetenv("SLURM_CONF");
  }
  std::string dir_;
};

// One array of two tasks: hello is collected, fail_bad is reported with
// its run number, and resubmitting it runs only that task again.
TEST_F(SlurmSweepTest, JobArrayCollectsAndReportsTheFailedPoint) {
  auto p = sweep_file("sw-slurm", std::string("name = \"test-slurm\"\nbase = \"") +
                      MMCOSIM_TEST_CONFIG + "\"\nprograms = [\"hello\", \"fail_bad\"]\n"
                      "metrics = [\"cycles\", \"cpu.instret\"]\n");
  const std::string logs = kOut + "test-slurm/logs";
  for (auto& f : files_with_prefix(logs, "slurm-")) std::remove((logs + "/" + f).c_str());
  auto r = run_child({MMCOSIM_PYTHON, kSweep, "--runner=slurm", p}, 120);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("sbatch --array=0,1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAILED run 1: point 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("program fail_bad: exit status 1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("program hello:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--runner=slurm --only=1 "), std::string::npos) << r.out;
  // Both tasks of the array ran on the node: one Slurm log per task.
  EXPECT_EQ(files_with_prefix(logs, "slurm-").size(), 2u);
  std::string csv = read_file(kOut + "test-slurm/results.csv");
  EXPECT_NE(csv.find(",hello,all,cpu.instret,"), std::string::npos) << csv;

  auto again = run_child({MMCOSIM_PYTHON, kSweep, "--runner=slurm", "--only=1", p}, 120);
  EXPECT_EQ(again.status, 1) << again.out << again.err;
  EXPECT_NE(again.out.find("sbatch --array=1 "), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("FAILED run 1: point 0"), std::string::npos) << again.out;
  EXPECT_EQ(files_with_prefix(logs, "slurm-").size(), 3u);
  // hello's results from the first array are still collected.
  EXPECT_NE(read_file(kOut + "test-slurm/results.csv").find(",hello,all,cycles,"),
            std::string::npos);
}

}  // namespace
