// RowHammer from software: firmware/apps/dram_hammer.c on the machine with
// RowHammer on (configuration test-hammer: threshold 512, radius 1,
// bench/mmcosim_hammer).  2000 rounds of a double-sided hammer, each load a
// D-cache miss after cbo.flush and a row conflict, flip bits in the rows
// next to the aggressors; the program finds them by reading the victims
// back, and the simulator's counters saw them flip.  Bounded: well under
// 5 M cycles.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "run_child.h"

namespace {

uint64_t field(const std::string& text, const std::string& key) {
  size_t p = text.find(" " + key + "=");
  if (p == std::string::npos) return ~uint64_t{0};
  return std::stoull(text.substr(p + key.size() + 2));
}

TEST(HammerTest, DoubleSidedHammerFlipsTheVictimsBits) {
  const std::string elf = std::string(MMCOSIM_FIRMWARE_DIR) + "/dram_hammer.elf";
  ASSERT_EQ(access(elf.c_str(), R_OK), 0) << "missing " << elf << ": run `make -C firmware`";
  char stats[] = "/tmp/mmcosim_hammer_XXXXXX";
  const int fd = mkstemp(stats);
  ASSERT_GE(fd, 0);
  close(fd);
  auto r = mmcosim_test::run_child(
      {MMCOSIM_CLI, "--quiet", "--max-cycles=5000000", std::string("--stats=") + stats, elf}, 280);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const size_t sum = r.out.find("dram_hammer: rounds=");
  ASSERT_NE(sum, std::string::npos) << r.out;
  const std::string line = r.out.substr(sum, r.out.find('\n', sum) - sum);
  const uint64_t words = field(line, "flipped_words"), bits = field(line, "flipped_bits");
  const uint64_t victims = field(line, "victims");
  EXPECT_EQ(field(line, "rounds"), 2000u);
  // 2 x 2000 disturbances of the victim, 2000 of the rows beyond the
  // aggressors: about 4000/512 + 2 x 2000/512 flips, one bit each
  EXPECT_GE(words, 10u) << line;
  EXPECT_LE(words, 16u) << line;
  EXPECT_EQ(bits, words) << "one bit per flip (dram.rowhammer.bits = 1)";
  EXPECT_GE(victims, words) << "every flip the program sees, the cells counted";
  EXPECT_EQ(field(line, "corrected"), 0u) << "no ECC on this machine";
  // one "flip" line per changed word
  size_t n = 0;
  for (size_t p = r.out.find("dram_hammer: flip bank 5 row "); p != std::string::npos;
       p = r.out.find("dram_hammer: flip bank 5 row ", p + 1))
    ++n;
  EXPECT_EQ(n, std::min<uint64_t>(words, 32));
  // the hammer region's counters: two ACTs a round, victims past the threshold
  std::string json;
  {
    FILE* f = std::fopen(stats, "r");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    size_t k;
    while ((k = std::fread(buf, 1, sizeof buf, f)) > 0) json.append(buf, k);
    std::fclose(f);
  }
  std::remove(stats);
  const size_t reg = json.find("{\"id\": 1,");
  ASSERT_NE(reg, std::string::npos) << json;
  auto delta = [&](const std::string& k) {
    size_t p = json.find("\"" + k + "\": ", reg);
    return p == std::string::npos ? ~uint64_t{0} : std::stoull(json.substr(p + k.size() + 4));
  };
  EXPECT_GE(delta("dram.act"), 2u * 2000);
  EXPECT_GE(delta("dram.rowhammer.victims"), 10u);
  EXPECT_GT(delta("dram.energy.act"), 0u);
}

}  // namespace
