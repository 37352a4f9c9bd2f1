#include "perf_registry.h"

#include <vector>

// The DPI header of the Verilated top this binary links (they all declare
// the same mmcosim_perf_read).
#ifdef MMCOSIM_PERF_DPI_HEADER
#include MMCOSIM_PERF_DPI_HEADER
#else
#include "Vmem_subsys__Dpi.h"
#endif
#include "svdpi.h"

namespace {
struct Block {
  svScope scope;
  unsigned first, count;
};
std::vector<Block> g_blocks;
}  // namespace

extern "C" void mmcosim_perf_register(unsigned int first_event,
                                      unsigned int count) {
  g_blocks.push_back({svGetScope(), first_event, count});
}

// The TLBs register for the debugger's `monitor tlb` (bench/sim/gdb_stub);
// the RTL tests read no TLB through it.
extern "C" void mmcosim_tlb_register(unsigned int /*entries*/) {}
// The L1 caches' arrays register for the debugger's coherent memory view
// (bench/sim/top.cc); nothing here reads them through it.
extern "C" void mmcosim_cache_array_register(unsigned int /*id*/, unsigned int /*depth*/) {}

namespace mmcosim_test {

void rtl_perf_reset() { g_blocks.clear(); }

unsigned rtl_perf_blocks() { return static_cast<unsigned>(g_blocks.size()); }

uint64_t rtl_perf_read(unsigned event) {
  for (const Block& b : g_blocks) {
    if (event >= b.first && event < b.first + b.count) {
      svSetScope(b.scope);
      return mmcosim_perf_read(event - b.first);
    }
  }
  return UINT64_MAX;
}

}  // namespace mmcosim_test
