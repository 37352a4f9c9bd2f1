// The RTL's statistics counters (rtl/perf/perf_counters.sv) as the tests
// see them: every instance registers itself at the first eval.
#pragma once

#include <cstdint>

namespace mmcosim_test {

// Forgets every registration (call before constructing a new model).
void rtl_perf_reset();
// Number of perf_counters instances registered so far.
unsigned rtl_perf_blocks();
// The counter of hpm event number `event` (config/stats.toml order), or
// UINT64_MAX when no registered block holds it.
uint64_t rtl_perf_read(unsigned event);

}  // namespace mmcosim_test
