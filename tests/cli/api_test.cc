// The C API (bench/cosim.h).  SystemC cannot restart, so ctest runs every
// test of this binary in its own process (gtest_discover_tests).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cosim.h"

namespace {

const std::string kHello = std::string(MMCOSIM_FIRMWARE_DIR) + "/hello.elf";

TEST(ApiTest, UnknownConfigFailsWithMessage) {
  char err[256] = "";
  EXPECT_EQ(mmcosim_create("nosuch", err, sizeof err), nullptr);
  EXPECT_NE(strstr(err, "unknown config 'nosuch'"), nullptr) << err;
}

TEST(ApiTest, SecondSimulationInProcessIsRefused) {
  char err[256] = "";
  mmcosim_t* a = mmcosim_create("default", err, sizeof err);
  ASSERT_NE(a, nullptr) << err;
  EXPECT_EQ(mmcosim_create("default", err, sizeof err), nullptr);
  EXPECT_NE(strstr(err, "one simulation per process"), nullptr) << err;
  mmcosim_destroy(a);
}

TEST(ApiTest, RunWithoutProgramIsAnError) {
  char err[256] = "";
  mmcosim_t* s = mmcosim_create("default", err, sizeof err);
  ASSERT_NE(s, nullptr) << err;
  EXPECT_EQ(mmcosim_run(s, 100), MMCOSIM_RUN_ERROR);
  mmcosim_destroy(s);
}

TEST(ApiTest, BadElfReportsPath) {
  char err[256] = "";
  mmcosim_t* s = mmcosim_create("default", err, sizeof err);
  ASSERT_NE(s, nullptr) << err;
  EXPECT_EQ(mmcosim_load_elf(s, "/nonexistent.elf", err, sizeof err), -1);
  EXPECT_NE(strstr(err, "/nonexistent.elf"), nullptr) << err;
  mmcosim_destroy(s);
}

TEST(ApiTest, RunsInSlicesToExitExactly) {
  char err[256] = "";
  mmcosim_t* s = mmcosim_create("default", err, sizeof err);
  ASSERT_NE(s, nullptr) << err;
  FILE* console = tmpfile();
  mmcosim_set_console(s, console);
  ASSERT_EQ(mmcosim_load_elf(s, kHello.c_str(), err, sizeof err), 0) << err;
  // Slices of 1000 cycles stop exactly at each boundary.
  uint64_t expect = 0;
  int r;
  while ((r = mmcosim_run(s, 1000)) == MMCOSIM_RUN_LIMIT) {
    expect += 1000;
    ASSERT_EQ(mmcosim_cycles(s), expect);
    ASSERT_LT(expect, 50000000u) << "hello did not end";
  }
  EXPECT_EQ(r, MMCOSIM_RUN_EXITED);
  EXPECT_TRUE(mmcosim_exited(s));
  EXPECT_EQ(mmcosim_exit_code(s), 0);
  EXPECT_GT(mmcosim_cycles(s), expect);
  EXPECT_LE(mmcosim_cycles(s), expect + 1000);
  EXPECT_EQ(mmcosim_run(s, 10), MMCOSIM_RUN_ERROR) << "ran after exit";

  uint64_t instret = 0, cycles = 0, tx = 0;
  ASSERT_EQ(mmcosim_stat(s, "cpu.instret", &instret), 0);
  ASSERT_EQ(mmcosim_stat(s, "cpu.cycles", &cycles), 0);
  ASSERT_EQ(mmcosim_stat(s, "uart.tx_bytes", &tx), 0);
  EXPECT_GT(instret, 100u);
  EXPECT_EQ(cycles, mmcosim_cycles(s));
  EXPECT_GT(cycles, instret) << "every instruction costs at least one cycle";
  EXPECT_EQ(mmcosim_stat(s, "no.such.stat", &tx), -1);

  fflush(console);
  long n = ftell(console);
  EXPECT_EQ(uint64_t(n), tx) << "every UART byte reached the console";
  rewind(console);
  std::string out(size_t(n), '\0');
  ASSERT_EQ(fread(&out[0], 1, size_t(n), console), size_t(n));
  EXPECT_NE(out.find("Hello from mmcosim"), std::string::npos) << out;
  fclose(console);
  mmcosim_destroy(s);
}

TEST(ApiTest, StatNamesAreDottedAndUnique) {
  unsigned n = mmcosim_stat_count();
  ASSERT_GT(n, 5u);
  EXPECT_EQ(mmcosim_stat_name(n), nullptr);
  for (unsigned i = 0; i < n; ++i) {
    std::string a = mmcosim_stat_name(i);
    EXPECT_NE(a.find('.'), std::string::npos) << a;
    for (unsigned j = i + 1; j < n; ++j) EXPECT_NE(a, mmcosim_stat_name(j));
  }
}

}  // namespace
