/*
 * dram_chase -- DRAM latency bench (make bench-dram): pointer chases whose
 * every load waits for the one before, so each load sees an unloaded DRAM.
 *
 *   region 1  within one row        every load a row hit
 *   region 2  across rows, one bank every load a row conflict (open page)
 *   region 3  across banks          rows stay open per bank: hits (open
 *                                   page), each load a miss (closed page)
 *
 * The chains live in banks 2..6, away from the code (banks 0-1, fetched
 * all the time: the CPU has no caches) and the stack (top of DRAM).
 * Addresses come from the DRAM geometry in mmcosim_cfg.h (row:bank:column,
 * or bank XOR row under addr_map = "bank_xor").  The simulator's --stats
 * JSON gives each region's dram.* deltas; the program prints cycles per load.
 * Output: "dram_chase: region <n> <name> loads=<n> cycles=<n> per_load=<n>"
 */
#include <stdint.h>

#include "hpm.h"
#include "mmcosim_cfg.h"
#include "printf.h"
#include "simctl.h"

#define LOADS 512          /* <= columns: every cell of a chain is distinct */
#define FIRST_BANK 2
#define NBANKS 5
#define FIRST_ROW 64
#define ROWS_USED 32

/* The address of 32-bit column `col` of `row` in `bank`. */
static volatile uint32_t *cell(uint32_t bank, uint32_t row, uint32_t col) {
  uint32_t b = bank;
  if (MMCOSIM_DRAM_ADDR_MAP == MMCOSIM_DRAM_ADDR_MAP_BANK_XOR) b ^= row & (MMCOSIM_DRAM_BANKS - 1);
  uint32_t word = (row * MMCOSIM_DRAM_BANKS + b) * MMCOSIM_DRAM_COLUMNS + col;
  return (volatile uint32_t *)(MMCOSIM_MEMORY_MAP_DRAM_BASE + 4 * word);
}

/* Column of the i-th cell in a row: an odd stride permutes the columns. */
#define SCATTER(i) (((uint32_t)(i) * 389u) % MMCOSIM_DRAM_COLUMNS)

/* Links LOADS cells into a chain: cell i holds the address of cell i+1. */
static volatile uint32_t *link(volatile uint32_t *(*pick)(int i)) {
  volatile uint32_t *first = pick(0), *p = first;
  for (int i = 1; i <= LOADS; i++) {
    volatile uint32_t *q = pick(i);
    *p = (uint32_t)(uintptr_t)q;
    p = q;
  }
  *p = 0;
  return first;
}

static volatile uint32_t *in_row(int i) {
  return cell(FIRST_BANK, FIRST_ROW, SCATTER(i));
}
static volatile uint32_t *across_rows(int i) {
  /* consecutive cells in different rows of one bank */
  return cell(FIRST_BANK + 1, FIRST_ROW + (uint32_t)i % ROWS_USED, SCATTER((uint32_t)i / ROWS_USED));
}
static volatile uint32_t *across_banks(int i) {
  /* bank i mod NBANKS, always the same row in each bank */
  return cell(FIRST_BANK + (uint32_t)i % NBANKS, FIRST_ROW + 1, SCATTER((uint32_t)i / NBANKS));
}

static uint32_t chase(volatile uint32_t *p, int id, const char *name) {
  uint32_t n = 0;
  sim_region_begin((uint32_t)id);
  uint64_t c0 = rd_mcycle();
  while (p) {
    p = (volatile uint32_t *)(uintptr_t)*p;
    n++;
  }
  uint64_t c = rd_mcycle() - c0;
  sim_region_end((uint32_t)id);
  kprintf("dram_chase: region %d %s loads=%u cycles=%llu per_load=%llu\n", id, name, (unsigned)n,
          (unsigned long long)c, (unsigned long long)(c / n));
  return n;
}

int main(void) {
  static volatile uint32_t *(*const picks[])(int) = {in_row, across_rows, across_banks};
  static const char *const names[] = {"within_row", "across_rows", "across_banks"};
  uint32_t total = 0;
  for (int r = 0; r < 3; r++) {
    volatile uint32_t *first = link(picks[r]);
    total += chase(first, r + 1, names[r]);
  }
  return total == 3 * (LOADS + 1) ? 0 : 1;
}
