/*
 * memlayout.c -- where lowmem ends (Linux x86-32 find_low_pfn_range):
 * min_low_pfn, max_low_pfn and high_memory from memblock.memory and the
 * layout of memlayout.h.
 */
#include "memlayout.h"

#include "memblock.h"
#include "printk.h"

unsigned long max_low_pfn;
unsigned long min_low_pfn;
void *high_memory;

unsigned long find_low_pfn_range(void) {
  phys_addr_t start = memblock_start_of_DRAM();
  uint64_t end = (uint64_t)memblock_end_of_DRAM();
  if (end <= start) panic("find_low_pfn_range: memblock.memory is empty");
  if (start != PHYS_OFFSET)
    panic("find_low_pfn_range: DRAM starts at %08x, not PHYS_OFFSET", (unsigned)start);
  min_low_pfn = PFN_UP(start);
  unsigned long maxmem_pfn = min_low_pfn + (unsigned long)(MAXMEM >> PAGE_SHIFT);
  unsigned long end_pfn = (unsigned long)(end >> PAGE_SHIFT);
  max_low_pfn = end_pfn < maxmem_pfn ? end_pfn : maxmem_pfn;
  high_memory = __va(PFN_PHYS(max_low_pfn));
  return max_low_pfn;
}
