/*
 * cache_sweep -- L1 D-cache bench (make bench-cache): pointer chases over a
 * working set of n cells spaced `stride` bytes apart, every load waiting
 * for the one before, swept over n and three strides:
 *
 *   stride 4          eight cells per 32-byte line: one miss per line
 *   stride 32         one line per cell: every load a miss once the set
 *                     outgrows the cache; consecutive lines share a row
 *   stride 16384+32   four banks on (row:bank:column, 8 banks): two banks
 *                     take turns, each access another row of its bank:
 *                     misses to a closed row (a row conflict, open page)
 *
 * Each (stride, n) chases once to warm the caches and TLB, then times
 * max(n, 2048) loads with mcycle.  The figure includes the loop's own
 * instructions (about three per load), the same for every point.
 * Output: "cache_sweep: stride=<s> n=<n> bytes=<n*s> loads=<l> cycles=<c>"
 */
#include <stdint.h>

#include "hpm.h"
#include "mmcosim_cfg.h"
#include "printf.h"

#define AREA_OFFSET (8u << 20) /* 8 MiB into DRAM: away from code and stack */
#define AREA_BYTES (48u << 20) /* below the stack at the top of DRAM */
#define MIN_LOADS 2048u

static const uint32_t strides[] = {4u, 32u, 16384u + 32u};

static volatile uint32_t *cell(uint32_t stride, uint32_t i) {
  return (volatile uint32_t *)(MMCOSIM_MEMORY_MAP_DRAM_BASE + AREA_OFFSET + i * stride);
}

/* Cell i holds the address of cell i+1; the last one points to the first. */
static volatile uint32_t *link(uint32_t stride, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) *cell(stride, i) = (uint32_t)(uintptr_t)cell(stride, (i + 1) % n);
  return cell(stride, 0);
}

static volatile uint32_t *chase(volatile uint32_t *p, uint32_t loads) {
  while (loads--) p = (volatile uint32_t *)(uintptr_t)*p;
  return p;
}

int main(void) {
  uint32_t points = 0;
  for (unsigned s = 0; s < sizeof strides / sizeof strides[0]; s++) {
    for (uint32_t n = 16; n <= 8192 && (uint64_t)n * strides[s] <= AREA_BYTES &&
                          AREA_OFFSET + AREA_BYTES < MMCOSIM_MEMORY_MAP_DRAM_SIZE;
         n *= 2) {
      volatile uint32_t *p = link(strides[s], n);
      p = chase(p, n); /* warm */
      const uint32_t loads = n > MIN_LOADS ? n : MIN_LOADS;
      const uint64_t c0 = rd_mcycle();
      p = chase(p, loads);
      const uint64_t c = rd_mcycle() - c0;
      kprintf("cache_sweep: stride=%u n=%u bytes=%u loads=%u cycles=%llu\n", (unsigned)strides[s], (unsigned)n,
              (unsigned)(n * strides[s]), (unsigned)loads, (unsigned long long)c);
      points += p != 0;
    }
  }
  kprintf("cache_sweep: done, %u points\n", (unsigned)points);
  return points ? 0 : 1;
}
