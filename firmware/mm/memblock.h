/*
 * memblock.h -- the boot-time physical memory allocator (Linux memblock).
 *
 * Two sorted tables of disjoint, merged regions: `memory` (what exists)
 * and `reserved` (what is in use: kernel image, stack, boot allocations).
 * Free memory is memory minus reserved.  memblock_phys_alloc() carves
 * blocks top-down from the highest free range; memblock_free_all() (in
 * page_alloc.h) hands everything still free to the buddy allocator, after
 * which memblock no longer allocates.
 *
 *   memory    [==========================================]
 *   reserved  [kernel]                   [mem_map]  [stack]
 *   free             ^^^^^^^^^^^^^^^^^^^^         ^^
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include <stdbool.h>

#include "mm_types.h"

#define INIT_MEMBLOCK_REGIONS 32 /* capacity of each region table */

struct memblock_region {
  phys_addr_t base;
  phys_addr_t size;
};

struct memblock_type {
  unsigned long cnt;       /* regions in use */
  unsigned long max;       /* capacity of regions[] */
  phys_addr_t total_size;  /* sum of the region sizes */
  struct memblock_region *regions;
  const char *name;        /* "memory" or "reserved" */
};

/* memblock.current_limit when allocations may come from anywhere. */
#define MEMBLOCK_ALLOC_ANYWHERE ((phys_addr_t)~(phys_addr_t)0)

struct memblock {
  bool frozen;             /* set by memblock_free_all: no more allocations */
  phys_addr_t current_limit; /* memblock_phys_alloc stays below it (lowmem) */
  struct memblock_type memory;
  struct memblock_type reserved;
};

extern struct memblock memblock;

/* Empties both tables (boot, and between host tests). */
void memblock_init(void);

/*
 * Adds [base, base + size) to `memory`, merging with overlapping and
 * adjacent regions.  Returns 0, -EINVAL for size 0, -ERANGE when the range
 * wraps past the end of phys_addr_t, -ENOMEM when the table is full (the
 * table is then unchanged).
 */
int memblock_add(phys_addr_t base, phys_addr_t size);

/* Marks [base, base + size) in use; errors as memblock_add. */
int memblock_reserve(phys_addr_t base, phys_addr_t size);

/*
 * Unreserves [base, base + size) (parts not reserved are ignored).
 * Returns 0, -EINVAL / -ERANGE as memblock_add, -ENOMEM when splitting a
 * region needs a slot the table does not have (table unchanged).
 */
int memblock_free(phys_addr_t base, phys_addr_t size);

/* Removes [base, base + size) from `memory`; errors as memblock_free. */
int memblock_remove(phys_addr_t base, phys_addr_t size);

/*
 * Makes memblock_phys_alloc() return memory below `limit` only (Linux:
 * the kernel sets it to the end of lowmem, whose pages have a linear map
 * address).  MEMBLOCK_ALLOC_ANYWHERE lifts it.
 */
void memblock_set_current_limit(phys_addr_t limit);

/*
 * Allocates and reserves `size` bytes aligned to `align` (a power of two),
 * below memblock.current_limit, at the highest address that fits in a
 * free range (top-down, like Linux).  Returns the physical address, or 0 when size is 0, align is
 * not a power of two, nothing fits, or memblock is frozen.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);

/*
 * Free-range iteration: sets [*start, *end) to free range number `*idx`
 * counted from the lowest address (forward) or from the highest
 * (reverse), advances *idx and returns true; returns false past the last.
 */
bool memblock_next_free_range(unsigned long *idx, phys_addr_t *start,
                              phys_addr_t *end);
bool memblock_prev_free_range(unsigned long *idx, phys_addr_t *start,
                              phys_addr_t *end);

/* for_each_free_mem_range(i, &start, &end) { ... } (i: unsigned long) */
#define for_each_free_mem_range(i, p_start, p_end) \
  for ((i) = 0; memblock_next_free_range(&(i), (p_start), (p_end));)
#define for_each_free_mem_range_reverse(i, p_start, p_end) \
  for ((i) = 0; memblock_prev_free_range(&(i), (p_start), (p_end));)

/* Lowest / one-past-highest address of `memory` (0 when empty). */
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);

/* Total bytes in `memory` / `reserved`. */
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);

/* Returns true if any byte of [base, base + size) is reserved. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);

/* Prints both tables in the format of Linux's memblock=debug. */
void memblock_dump_all(void);

#endif /* MM_MEMBLOCK_H */
