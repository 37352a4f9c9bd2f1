// The first hour: `make help` lists every target with a line each, and
// scripts/step.sh (the progress lines of make run/test) prints one line per
// step, the log's tail and its path on failure, and keeps the exit status.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;

namespace {

const std::string kSrc = MMCOSIM_SOURCE_DIR;

TEST(MakeTest, HelpListsEveryTarget) {
  auto r = run_child({"/usr/bin/make", "--no-print-directory", "-C", kSrc, "help"}, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* t : {"run", "test", "report", "sweep", "help", "sim", "firmware", "wave",
                        "lint", "synth", "clean"}) {
    EXPECT_NE(r.out.find("\n  " + std::string(t) + " "), std::string::npos) << t << "\n" << r.out;
  }
  // Every bench target make knows (the report's registry) is listed too.
  auto b = run_child({MMCOSIM_PYTHON, kSrc + "/bench/mmcosim-report", "--list"}, 60);
  ASSERT_EQ(b.status, 0);
  size_t n = 0;
  for (size_t p = 0, q; (q = b.out.find('\n', p)) != std::string::npos; p = q + 1, ++n)
    EXPECT_NE(r.out.find("\n  " + b.out.substr(p, q - p) + " "), std::string::npos);
  EXPECT_GE(n, 4u);
}

std::string step(const std::string& dir, const std::string& args) {
  return "cd " + dir + " && " + kSrc + "/scripts/step.sh " + args;
}

TEST(MakeTest, StepFailurePrintsTailAndLogPath) {
  char tmpl[] = "/tmp/mmcosim-step-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  auto r = run_child({"/bin/sh", "-c", step(dir, "demo 'a step' sh -c "
                      "'for i in $(seq 40); do echo line $i; done; exit 3'")}, 60);
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out.find("[a step] ...\n"), 0u) << r.out;
  EXPECT_NE(r.out.find("line 40\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("line 10\n"), std::string::npos) << "not only the tail:\n" << r.out;
  EXPECT_NE(r.out.find("[a step] FAILED after "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("full log: build/logs/demo.log"), std::string::npos) << r.out;
  EXPECT_NE(read_file(dir + "/build/logs/demo.log").find("line 10\n"), std::string::npos);

  auto ok = run_child({"/bin/sh", "-c", step(dir, "--show='^summary' ok 'quiet step' sh -c "
                       "'echo noise; echo summary: 3 of 3'")}, 60);
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(ok.out.find("noise"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("summary: 3 of 3\n[quiet step] ok, "), std::string::npos) << ok.out;
  run_child({"/bin/rm", "-rf", dir}, 60);
}

}  // namespace
