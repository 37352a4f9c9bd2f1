// bench/mmcosim-report: the bench registry (make's bench-* targets), bad
// arguments, and a small report (one tiny real sweep, no benches run)
// opened in headless Chromium: the page renders, every plot decodes and
// no table is empty (the page's own load-time check, read from the DOM).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;
using mmcosim_test::write_file;

namespace {

const std::string kSrc = MMCOSIM_SOURCE_DIR;
const std::string kReport = kSrc + "/bench/mmcosim-report";

std::string tmpdir() {
  char tmpl[] = "/tmp/mmcosim-report-XXXXXX";
  return mkdtemp(tmpl) ? tmpl : "";
}

TEST(ReportTest, ListsTheMakefilesBenches) {
  auto r = run_child({MMCOSIM_PYTHON, kReport, "--list"}, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* t : {"bench-sim\n", "bench-tlb\n", "bench-dram\n", "bench-mm\n"})
    EXPECT_NE(r.out.find(t), std::string::npos) << r.out;
}

TEST(ReportTest, UnknownBench) {
  auto r = run_child({MMCOSIM_PYTHON, kReport, "--benches=bench-nosuch"}, 60);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown bench 'bench-nosuch'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

TEST(ReportTest, SmallReportRendersInChromium) {
  std::string dir = tmpdir();
  ASSERT_FALSE(dir.empty());
  write_file(dir + "/sweep.toml",
             std::string("name = \"test-report\"\nbase = \"") + MMCOSIM_TEST_CONFIG +
             "\"\nprograms = [\"hello\", \"htif_hello\"]\n"
             "metrics = [\"cycles\", \"cpu.instret\"]\n"
             "[vary]\nconfig = [\"" + MMCOSIM_TEST_CONFIG + "\"]\n"
             "[[plot]]\nx = \"program\"\ny = \"cpu.instret\"\n"
             "[[plot]]\nx = \"program\"\ny = \"cycles\"\n");
  auto s = run_child({MMCOSIM_PYTHON, kSrc + "/bench/mmcosim-sweep", dir + "/sweep.toml"}, 120);
  ASSERT_EQ(s.status, 0) << s.out << s.err;
  auto r = run_child({MMCOSIM_PYTHON, kReport, "--no-run", "--sweeps=test-report",
                      "--bench-dir=" + dir + "/bench", "--out=" + dir + "/report"}, 60);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string md = read_file(dir + "/report/index.md");
  EXPECT_NE(md.find("## sweep test-report"), std::string::npos) << md;
  EXPECT_NE(md.find("| commit | "), std::string::npos) << md;
  EXPECT_NE(md.find("](plots/sweep-test-report-plot2.svg)"), std::string::npos) << md;

  auto c = run_child({"/usr/bin/env", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                      "--user-data-dir=" + dir + "/chromium", "--virtual-time-budget=5000",
                      "--dump-dom", "file://" + dir + "/report/index.html"}, 120);
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("<h1>mmcosim report</h1>"), std::string::npos);
  EXPECT_NE(c.out.find("data-plots=\"2\" data-plots-loaded=\"2\""), std::string::npos)
      << c.out.substr(0, 2000);
  EXPECT_NE(c.out.find("data-empty-tables=\"0\""), std::string::npos);
  EXPECT_EQ(c.out.find("data-tables=\"0\""), std::string::npos);
  run_child({"/bin/rm", "-rf", dir}, 60);
}

}  // namespace
