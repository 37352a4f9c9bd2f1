// config/gen.py refuses bad cache geometries with one line naming the key
// (exit status 2) and accepts good ones, as dram_config_test does for the
// DRAM keys: each case inherits the default configuration and runs
// `gen.py --validate` on a temporary file.
#include <string>

#include <gtest/gtest.h>

#include "config_validate.h"
#include "run_child.h"

using mmcosim_test::run_child;

namespace {

struct Case {
  const char* name;
  const char* toml;  // appended after `inherit = "default"`
  const char* key;   // must appear in the error; nullptr: accepted
  const char* why;   // must appear in the error too (the reason)
};

const Case kCases[] = {
    {"good_on", "[cache]\nenable = 1\n", nullptr, nullptr},
    {"good_direct_mapped_4k", "[cache]\ndcache_size = 4096\ndcache_ways = 1\n", nullptr, nullptr},
    {"good_fpga_like", "[cache]\nicache_size = 1024\nicache_ways = 2\nicache_line = 16\n", nullptr, nullptr},
    // 32 KiB in 4 ways: 8 KiB per way, index bits above the page offset.
    {"way_over_page_d", "[cache]\ndcache_size = 32768\n", "cache.dcache_size", "page"},
    {"way_over_page_i", "[cache]\nicache_size = 16384\nicache_ways = 2\n", "cache.icache_size", "page"},
    {"size_not_pow2", "[cache]\ndcache_size = 12288\n", "cache.dcache_size", "power of two"},
    {"ways_not_pow2", "[cache]\nicache_ways = 3\n", "cache.icache_ways", "power of two"},
    {"line_not_pow2", "[cache]\ndcache_line = 24\n", "cache.dcache_line", "power of two"},
    {"line_too_small", "[cache]\nicache_line = 4\n", "cache.icache_line", "power of two"},
    {"line_over_way", "[cache]\ndcache_size = 256\ndcache_ways = 16\ndcache_line = 32\n", "cache.dcache_line", "way"},
    {"enable_2", "[cache]\nenable = 2\n", "cache.enable", "boolean"},
    {"unknown_key", "[cache]\nl2_size = 65536\n", "cache.l2_size", "unknown"},
};

class CacheConfigTest : public ::testing::TestWithParam<Case> {};

TEST_P(CacheConfigTest, ValidatesNamingTheKeyAndReason) {
  const Case& c = GetParam();
  mmcosim_test::expect_config_validation(std::string("cache-") + c.name, c.toml, c.key, c.why);
}

INSTANTIATE_TEST_SUITE_P(Cases, CacheConfigTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(CacheConfig, ShippedConfigurationsAreValid) {
  for (const char* name : {"default", "uncached", "fpga", "fpga-cache", "sram", "test-slowmem"}) {
    const std::string gen(MMCOSIM_GEN_PY);
    const std::string path = gen.substr(0, gen.size() - 6) + name + ".toml";
    auto r = run_child({MMCOSIM_PYTHON, MMCOSIM_GEN_PY, "--validate", path}, 60);
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
  }
}

}  // namespace
