/*
 * dram_hammer -- RowHammer from software (make bench-hammer, tests/system):
 * a double-sided hammer of rows VICTIM-1 and VICTIM+1 of one bank, then a
 * scan of the rows around for bits that changed.
 *
 *   fill     rows VICTIM-3 .. VICTIM+3 (not the aggressors) with PATTERN,
 *            every line flushed (cbo.flush) so that the cells hold it
 *   hammer   ROUNDS times: load a word of each aggressor, cbo.flush both
 *            lines -- every load is a D-cache miss, a line fill, and (the
 *            two rows share a bank) an ACT each time: region 1
 *   scan     read every word of the filled rows (each line a fresh fill
 *            from the cells) and print the words that differ
 *
 * On a machine with dram.rowhammer.enable and a small threshold the victims
 * flip; with ECC the reads come back corrected (dram.ecc.corrected counts
 * them), with PARA or TRR the victims are refreshed in time.  Addresses
 * from the DRAM geometry in mmcosim_cfg.h (row:bank:column or bank XOR).
 * Output: one "dram_hammer: flip ..." line per changed word (the first
 * MAX_PRINT), then
 *   "dram_hammer: rounds=<n> cycles=<n> flipped_words=<n> flipped_bits=<n>
 *    victims=<n> corrected=<n> para=<n> trr=<n>"
 * (the last four: the dram.* counters).  Exit status 0.
 */
#include <stdint.h>

#include "hpm.h"
#include "mmcosim_cfg.h"
#include "printf.h"
#include "simctl.h"

#define ROUNDS    2000
#define BANK      5
#define VICTIM    1000            /* far from the code (low rows) and the stack (top) */
#define SPAN      3               /* rows scanned on each side of the victim */
#define PATTERN   0x55aa55aau
#define MAX_PRINT 32
#define LINE      MMCOSIM_CACHE_DCACHE_LINE

/* cbo.flush (rs1): MISC-MEM, funct3 2, imm 2 (rv32imac assemblers lack it). */
#define cbo_flush(p) __asm__ volatile(".insn i 0x0f, 2, x0, %0, 2" ::"r"(p) : "memory")

/* The address of 32-bit column `col` of `row` in `bank`. */
static volatile uint32_t *cell(uint32_t bank, uint32_t row, uint32_t col) {
  uint32_t b = bank;
  if (MMCOSIM_DRAM_ADDR_MAP == MMCOSIM_DRAM_ADDR_MAP_BANK_XOR) b ^= row & (MMCOSIM_DRAM_BANKS - 1);
  uint32_t word = (row * MMCOSIM_DRAM_BANKS + b) * MMCOSIM_DRAM_COLUMNS + col;
  return (volatile uint32_t *)(MMCOSIM_MEMORY_MAP_DRAM_BASE + 4 * word);
}

static int aggressor(uint32_t row) { return row == VICTIM - 1 || row == VICTIM + 1; }

/* Writes PATTERN to every word of `row` and pushes its lines to the cells. */
static void fill(uint32_t row) {
  for (uint32_t c = 0; c < MMCOSIM_DRAM_COLUMNS; c++) *cell(BANK, row, c) = PATTERN;
  for (uint32_t c = 0; c < MMCOSIM_DRAM_COLUMNS; c += LINE / 4) cbo_flush(cell(BANK, row, c));
}

int main(void) {
  for (uint32_t r = VICTIM - SPAN; r <= VICTIM + SPAN; r++)
    if (!aggressor(r)) fill(r);
  volatile uint32_t *a = cell(BANK, VICTIM - 1, 0), *b = cell(BANK, VICTIM + 1, 0);
  cbo_flush(a);
  cbo_flush(b);

  sim_region_begin(1);
  uint64_t c0 = rd_mcycle();
  uint32_t sink = 0;
  for (int i = 0; i < ROUNDS; i++) {
    sink += *a;
    sink += *b;
    cbo_flush(a);
    cbo_flush(b);
  }
  uint64_t cycles = rd_mcycle() - c0;
  sim_region_end(1);

  uint32_t words = 0, bits = 0;
  for (uint32_t r = VICTIM - SPAN; r <= VICTIM + SPAN; r++) {
    if (aggressor(r)) continue;
    for (uint32_t c = 0; c < MMCOSIM_DRAM_COLUMNS; c++) {
      uint32_t v = *cell(BANK, r, c);
      if (v == PATTERN) continue;
      words++;
      bits += (uint32_t)__builtin_popcount(v ^ PATTERN);
      if (words <= MAX_PRINT)
        kprintf("dram_hammer: flip bank %u row %u col %u: %08x -> %08x\n", (unsigned)BANK,
                (unsigned)r, (unsigned)c, (unsigned)PATTERN, (unsigned)v);
    }
  }
  kprintf("dram_hammer: rounds=%d cycles=%llu flipped_words=%u flipped_bits=%u victims=%llu "
          "corrected=%llu para=%llu trr=%llu\n",
          ROUNDS, (unsigned long long)cycles, (unsigned)words, (unsigned)bits,
          (unsigned long long)sim_counter(MMCOSIM_EVENT_DRAM_ROWHAMMER_VICTIMS),
          (unsigned long long)sim_counter(MMCOSIM_EVENT_DRAM_ECC_CORRECTED),
          (unsigned long long)sim_counter(MMCOSIM_EVENT_DRAM_ROWHAMMER_PARA_ACTS),
          (unsigned long long)sim_counter(MMCOSIM_EVENT_DRAM_ROWHAMMER_TRR_ACTS));
  (void)sink;
  return 0;
}
