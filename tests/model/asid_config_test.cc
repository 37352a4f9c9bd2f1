// asid_config_test.cc -- config/gen.py and the key kernel.asid_bits: the
// kernel's ASID allocator may use at most the bits satp holds.
#include "config_validate.h"

namespace {

TEST(AsidConfig, AtMostTheBitsSatpHolds) {
  mmcosim_test::expect_config_validation("asid-ok", "[kernel]\nasid_bits = 2\n", nullptr);
  mmcosim_test::expect_config_validation("asid-all", "[kernel]\nasid_bits = 9\n", nullptr);
  mmcosim_test::expect_config_validation("asid-wide", "[kernel]\nasid_bits = 10\n",
                                         "kernel.asid_bits", "more than satp holds");
  mmcosim_test::expect_config_validation("asid-neg", "[kernel]\nasid_bits = -1\n",
                                         "kernel.asid_bits");
}

}  // namespace
