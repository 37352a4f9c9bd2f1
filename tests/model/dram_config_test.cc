// config/gen.py refuses bad DRAM (and kernel layout) configurations with one line naming the
// key (exit status 2) and accepts good ones: each case writes a small
// config/<name>.toml-style file that inherits the default configuration and
// runs `gen.py --validate` on it.
#include <string>

#include <gtest/gtest.h>

#include "config_validate.h"
#include "run_child.h"

using mmcosim_test::run_child;

namespace {

using mmcosim_test::read_file;
using mmcosim_test::write_file;

struct Case {
  const char* name;
  const char* toml;  // appended after `inherit = "default"`
  const char* key;   // must appear in the error; nullptr: accepted
};

const Case kCases[] = {
    {"good_ddr3_closed", "[dram]\npage_policy = \"closed\"\n", nullptr},
    {"good_small", "[memory_map]\ndram_size = 0x10000\n[dram]\nrows = 16\ncolumns = 128\n", nullptr},
    {"banks_not_pow2", "[dram]\nbanks = 3\n", "dram.banks"},
    {"banks_zero", "[dram]\nbanks = 0\n", "dram.banks"},
    {"banks_too_many", "[dram]\nbanks = 16\n", "dram.banks"},
    {"rows_not_pow2", "[dram]\nrows = 1000\n", "dram.rows"},
    {"columns_zero", "[dram]\ncolumns = 0\n", "dram.columns"},
    {"geometry_vs_size", "[dram]\nrows = 1024\n", "dram.rows"},
    {"queue_not_pow2", "[dram]\nqueue_depth = 3\n", "dram.queue_depth"},
    {"unknown_scheduler", "[dram]\nscheduler = \"lifo\"\n", "dram.scheduler"},
    {"unknown_policy", "[dram]\npage_policy = \"ajar\"\n", "dram.page_policy"},
    {"unknown_key", "[dram]\nbanks_per_group = 4\n", "dram.banks_per_group"},
    {"postponed_9", "[dram]\nmax_postponed = 9\n", "dram.max_postponed"},
    {"ras_over_rc", "[dram.timing]\nras = 40\n", "dram.timing.ras"},
    {"rc_below_ras_rp", "[dram.timing]\nrc = 35\n", "dram.timing.rc"},
    {"rcd_over_ras", "[dram.timing]\nrcd = 30\n", "dram.timing.rcd"},
    {"faw_below_rrd", "[dram.timing]\nfaw = 4\n", "dram.timing.faw"},
    {"ccd_below_burst", "[dram.timing]\nccd = 2\n", "dram.timing.ccd"},
    // DDR4 bank groups: _L >= _S, groups a power of two dividing banks
    {"good_bank_groups", "[dram]\nbank_groups = 4\n[dram.timing]\nccd_l = 5\nrrd_l = 6\nwtr_l = 8\n", nullptr},
    {"ccd_l_below_ccd", "[dram]\nbank_groups = 2\n[dram.timing]\nccd_l = 3\n", "dram.timing.ccd_l"},
    {"rrd_l_below_rrd", "[dram]\nbank_groups = 2\n[dram.timing]\nrrd_l = 4\n", "dram.timing.rrd_l"},
    {"wtr_l_below_wtr", "[dram]\nbank_groups = 2\n[dram.timing]\nwtr_l = 5\n", "dram.timing.wtr_l"},
    {"bank_groups_not_pow2", "[dram]\nbank_groups = 3\n", "dram.bank_groups"},
    {"bank_groups_over_banks", "[dram]\nbanks = 4\nrows = 4096\nbank_groups = 8\n", "dram.bank_groups"},
    {"rfc_over_refi", "[dram.timing]\nrfc = 7000\n", "dram.timing.rfc"},
    {"cl_zero", "[dram.timing]\ncl = 0\n", "dram.timing.cl"},
    {"cl_too_short", "[dram.timing]\ncl = 1\n", "dram.timing.cl"},
    {"clock_zero", "[dram.timing]\nclock_mhz = 0\n", "dram.timing.clock_mhz"},
    {"retention_below_refresh_round", "[dram]\nretention_ns = 16000000\n", "dram.retention_ns"},
    {"rows_per_ref_over_rows", "[memory_map]\ndram_size = 0x10000\n[dram]\nrows = 16\ncolumns = 128\nrows_per_ref = 32\n",
     "dram.rows_per_ref"},
    {"leak_not_u32", "[dram]\nleak_value = 0x100000000\n", "dram.leak_value"},
    {"timer_overflow", "[dram.timing]\nclock_mhz = 1\n", "dram.timing"},
    // ECC, RowHammer mitigations, energy
    {"good_mitigations", "[dram.mitigation]\npara = 100\ntrr_threshold = 4000\nrefresh_rate = 2\n[dram.ecc]\nenable = 1\n",
     nullptr},
    {"ecc_without_retention", "[dram]\nretention_ns = 0\n[dram.ecc]\nenable = 1\n", "dram.ecc.enable"},
    {"refresh_rate_not_pow2", "[dram.mitigation]\nrefresh_rate = 3\n", "dram.mitigation.refresh_rate"},
    {"para_too_big", "[dram.mitigation]\npara = 65536\n", "dram.mitigation.para"},
    {"trr_entries_one", "[dram.mitigation]\ntrr_entries = 1\n", "dram.mitigation.trr_entries"},
    {"idd4r_below_idd3n", "[dram.power]\nidd4r_ma = 20\n", "dram.power.idd4r_ma"},
    {"idd0_below_idd2n", "[dram.power]\nidd0_ma = 36\nidd3n_ma = 36\nidd2n_ma = 37\n", "dram.power.idd0_ma"},
    {"device_width_3", "[dram.power]\ndevice_width = 3\n", "dram.power.device_width"},
    // the kernel's layout keys (firmware/mm/memlayout.h)
    {"good_page_offset", "[kernel]\npage_offset = 0xA0000000\n", nullptr},
    {"page_offset_unaligned", "[kernel]\npage_offset = 0xC0001000\n", "kernel.page_offset"},
    {"page_offset_over_dram", "[kernel]\npage_offset = 0x80000000\n", "kernel.page_offset"},
    {"vmalloc_reserve_unaligned", "[kernel]\nvmalloc_reserve = 0x1001\n", "kernel.vmalloc_reserve"},
    {"pte_io_bit_not_rsw", "[kernel]\npte_io_bit = 5\n", "kernel.pte_io_bit"},
};

class DramConfigTest : public ::testing::TestWithParam<Case> {};

TEST_P(DramConfigTest, ValidatesNamingTheKey) {
  const Case& c = GetParam();
  mmcosim_test::expect_config_validation(std::string("dram-") + c.name, c.toml, c.key);
}

INSTANTIATE_TEST_SUITE_P(Cases, DramConfigTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

// dram.mitigation.refresh_rate: the generated tREFI (the controller's and
// the checker's) is the default's divided by the rate.
TEST(DramConfig, RefreshRateDividesTrefi) {
  const std::string dir = std::string(MMCOSIM_TMP_DIR) + "/gen-refresh-rate";
  const std::string toml = std::string(MMCOSIM_TMP_DIR) + "/dram-rate4.toml";
  write_file(toml, "inherit = \"default\"\n[dram.mitigation]\nrefresh_rate = 4\n");
  auto r = run_child({MMCOSIM_PYTHON, MMCOSIM_GEN_PY, "--out", dir, toml}, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  auto refi = [&](const std::string& cfg) {
    const std::string h = read_file(dir + "/" + cfg + "/mmcosim_cfg.h");
    const size_t p = h.find("#define MMCOSIM_DRAM_CK_REFI ");
    EXPECT_NE(p, std::string::npos) << cfg;
    return p == std::string::npos ? 0ull : std::stoull(h.substr(h.find("MMCOSIM_ULL(", p) + 12));
  };
  const unsigned long long base = refi("default"), fast = refi("dram-rate4");
  EXPECT_GT(base, 0u);
  EXPECT_EQ(fast, base / 4);
}

TEST(DramConfig, ShippedConfigurationsAreValid) {
  for (const char* name : {"default", "ddr4-2400", "ddr3-1600-closed", "ddr4-2400-closed", "fpga",
                           "test-retention", "test-refresh", "test-rowhammer", "test-slowmem",
                           "test-ecc", "test-mitigation", "test-hammer"}) {
    const std::string path = std::string(MMCOSIM_GEN_PY).substr(0, std::string(MMCOSIM_GEN_PY).size() - 6) +
                             name + ".toml";
    auto r = run_child({MMCOSIM_PYTHON, MMCOSIM_GEN_PY, "--validate", path}, 60);
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
  }
}

}  // namespace
