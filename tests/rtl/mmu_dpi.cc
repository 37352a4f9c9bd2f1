// DPI import of mem_sram_array for the MMU test binary: records the
// memory's scope for the backdoor (tests/rtl/mem_subsys_harness.h).
#include "mem_subsys_harness.h"

extern "C" void mmcosim_mem_register(unsigned int bytes) {
  mmcosim_test::g_mem.scope = svGetScope();
  mmcosim_test::g_mem.bytes = bytes;
  ++mmcosim_test::g_mem.calls;
}
