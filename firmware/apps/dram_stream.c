/*
 * dram_stream -- DRAM bandwidth bench (make bench-dram): a sequential read
 * stream and random reads, as fast as the blocking CPU issues them (one
 * load in flight; without caches every instruction fetch is a DRAM read
 * too), so the figures are latency-bound.  The controller's own
 * back-to-back bandwidth is measured by tests/rtl/dram_test.cc.
 *
 *   region 4  sequential: STREAM_BYTES read in order, 8 loads per iteration
 *   region 5  random: RANDOM_LOADS loads at xorshift addresses in 32 MiB
 *
 * Output: "dram_stream: region <n> <name> bytes=<n> cycles=<n>" and a
 * checksum; exit 0.
 */
#include <stdint.h>

#include "hpm.h"
#include "mmcosim_cfg.h"
#include "printf.h"
#include "simctl.h"

#define STREAM_BYTES (64u * 1024u)
#define RANDOM_LOADS 8192u
#define AREA_OFFSET (MMCOSIM_MEMORY_MAP_DRAM_SIZE / 4) /* far from code and stack */
#define RANDOM_SPAN (MMCOSIM_MEMORY_MAP_DRAM_SIZE / 2)

static void report(int id, const char *name, uint32_t bytes, uint64_t cycles) {
  kprintf("dram_stream: region %d %s bytes=%u cycles=%llu\n", id, name, (unsigned)bytes,
          (unsigned long long)cycles);
}

int main(void) {
  const volatile uint32_t *area =
      (const volatile uint32_t *)(MMCOSIM_MEMORY_MAP_DRAM_BASE + AREA_OFFSET);
  uint32_t sum = 0;

  sim_region_begin(4);
  uint64_t c0 = rd_mcycle();
  for (uint32_t i = 0; i < STREAM_BYTES / 4; i += 8) {
    sum += area[i] + area[i + 1] + area[i + 2] + area[i + 3] + area[i + 4] + area[i + 5] +
           area[i + 6] + area[i + 7];
  }
  uint64_t c = rd_mcycle() - c0;
  sim_region_end(4);
  report(4, "sequential", STREAM_BYTES, c);

  uint32_t x = 2463534242u;
  const volatile uint32_t *base = (const volatile uint32_t *)MMCOSIM_MEMORY_MAP_DRAM_BASE;
  sim_region_begin(5);
  c0 = rd_mcycle();
  for (uint32_t i = 0; i < RANDOM_LOADS; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    sum += base[(AREA_OFFSET + x % RANDOM_SPAN) / 4];
  }
  c = rd_mcycle() - c0;
  sim_region_end(5);
  report(5, "random", 4 * RANDOM_LOADS, c);
  kprintf("dram_stream: checksum=%08x\n", (unsigned)sum);
  return 0;
}
