/*
 * hello -- the first program: a greeting and the counters read from CSRs.
 *
 * Output:
 *   Hello from mmcosim
 *   config=<name> cycles=<mcycle> instret=<minstret>
 */
#include "hpm.h"
#include "printf.h"

int main(void) {
  kprintf("Hello from mmcosim\n");
  uint64_t cycles = rd_mcycle();
  uint64_t instret = rd_minstret();
  kprintf("config=%s cycles=%llu instret=%llu\n", MMCOSIM_CONFIG_NAME,
          (unsigned long long)cycles, (unsigned long long)instret);
  return 0;
}
