/*
 * memblock.c -- boot-time physical memory tables: add, reserve, free,
 * top-down allocation, free-range iteration and the memblock=debug dump.
 * Regions are kept sorted by base, disjoint and merged with neighbours.
 */
#include "memblock.h"

#include "mm_errno.h"
#include "printk.h"

static struct memblock_region memory_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region reserved_regions[INIT_MEMBLOCK_REGIONS];

struct memblock memblock;

/* Empties both tables and thaws memblock. */
void memblock_init(void) {
  memblock.frozen = false;
  memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
  memblock.memory = (struct memblock_type){
      0, INIT_MEMBLOCK_REGIONS, 0, memory_regions, "memory"};
  memblock.reserved = (struct memblock_type){
      0, INIT_MEMBLOCK_REGIONS, 0, reserved_regions, "reserved"};
}

/* End (exclusive) of a region, as 64 bits so that it cannot wrap. */
static uint64_t region_end(const struct memblock_region *r) {
  return (uint64_t)r->base + r->size;
}

/* Checks a range argument: 0, -EINVAL for size 0, -ERANGE if it wraps. */
static int check_range(phys_addr_t base, phys_addr_t size) {
  if (size == 0) return -EINVAL;
  if ((phys_addr_t)(base + size) < base || (phys_addr_t)(base + size) == 0)
    return -ERANGE;
  return 0;
}

/* Inserts region `r` at index `at`, shifting the rest up (room checked). */
static void insert_region(struct memblock_type *type, unsigned long at,
                          struct memblock_region r) {
  for (unsigned long i = type->cnt; i > at; i--)
    type->regions[i] = type->regions[i - 1];
  type->regions[at] = r;
  type->cnt++;
  type->total_size += r.size;
}

/* Removes the region at index `at`, shifting the rest down. */
static void delete_region(struct memblock_type *type, unsigned long at) {
  type->total_size -= type->regions[at].size;
  for (unsigned long i = at; i + 1 < type->cnt; i++)
    type->regions[i] = type->regions[i + 1];
  type->cnt--;
}

/*
 * Adds [base, base + size) to `type`: every region that overlaps or
 * touches it is absorbed, then one merged region is inserted in order.
 * Returns 0 or a negative error; on error `type` is unchanged.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
                              phys_addr_t size) {
  int err = check_range(base, size);
  if (err) return err;
  uint64_t start = base, end = (uint64_t)base + size;
  unsigned long absorbed = 0;
  for (unsigned long i = 0; i < type->cnt; i++) {
    const struct memblock_region *r = &type->regions[i];
    if (r->base <= end && region_end(r) >= start) absorbed++;
  }
  if (absorbed == 0 && type->cnt >= type->max) return -ENOMEM;
  unsigned long i = 0;
  while (i < type->cnt) {
    const struct memblock_region *r = &type->regions[i];
    if (r->base <= end && region_end(r) >= start) {
      if (r->base < start) start = r->base;
      if (region_end(r) > end) end = region_end(r);
      delete_region(type, i);
    } else {
      i++;
    }
  }
  unsigned long at = 0;
  while (at < type->cnt && type->regions[at].base < start) at++;
  insert_region(type, at, (struct memblock_region){
      (phys_addr_t)start, (phys_addr_t)(end - start)});
  return 0;
}

/*
 * Removes [base, base + size) from `type`, splitting regions that stick
 * out on one or both sides.  Returns 0 or a negative error; on error
 * `type` is unchanged.
 */
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
                                 phys_addr_t size) {
  int err = check_range(base, size);
  if (err) return err;
  uint64_t start = base, end = (uint64_t)base + size;
  for (unsigned long i = 0; i < type->cnt; i++) {
    const struct memblock_region *r = &type->regions[i];
    if (r->base < start && region_end(r) > end && type->cnt >= type->max)
      return -ENOMEM; /* would split one region in two */
  }
  unsigned long i = 0;
  while (i < type->cnt) {
    struct memblock_region r = type->regions[i];
    uint64_t r_end = region_end(&r);
    if (r_end <= start || r.base >= end) {
      i++;
      continue;
    }
    delete_region(type, i);
    if (r.base < start) {
      insert_region(type, i, (struct memblock_region){
          r.base, (phys_addr_t)(start - r.base)});
      i++;
    }
    if (r_end > end) {
      insert_region(type, i, (struct memblock_region){
          (phys_addr_t)end, (phys_addr_t)(r_end - end)});
      i++;
    }
  }
  return 0;
}

/* Adds [base, base + size) to memblock.memory (see memblock.h). */
int memblock_add(phys_addr_t base, phys_addr_t size) {
  return memblock_add_range(&memblock.memory, base, size);
}

/* Adds [base, base + size) to memblock.reserved (see memblock.h). */
int memblock_reserve(phys_addr_t base, phys_addr_t size) {
  return memblock_add_range(&memblock.reserved, base, size);
}

/* Removes [base, base + size) from memblock.reserved (see memblock.h). */
int memblock_free(phys_addr_t base, phys_addr_t size) {
  return memblock_remove_range(&memblock.reserved, base, size);
}

/* Removes [base, base + size) from memblock.memory (see memblock.h). */
int memblock_remove(phys_addr_t base, phys_addr_t size) {
  return memblock_remove_range(&memblock.memory, base, size);
}

/*
 * Free range number `n` (ascending): the n-th non-empty intersection of a
 * memory region with a gap between reserved regions.  Returns false when
 * there are fewer than n + 1 free ranges.
 */
static bool nth_free_range(unsigned long n, phys_addr_t *out_start,
                           phys_addr_t *out_end) {
  const struct memblock_type *mem = &memblock.memory;
  const struct memblock_type *res = &memblock.reserved;
  unsigned long seen = 0;
  for (unsigned long m = 0; m < mem->cnt; m++) {
    uint64_t m_start = mem->regions[m].base;
    uint64_t m_end = region_end(&mem->regions[m]);
    /* gap g lies between reserved[g - 1] and reserved[g] */
    for (unsigned long g = 0; g <= res->cnt; g++) {
      uint64_t g_start = g ? region_end(&res->regions[g - 1]) : 0;
      uint64_t g_end = g < res->cnt ? res->regions[g].base : UINT64_MAX;
      uint64_t s = m_start > g_start ? m_start : g_start;
      uint64_t e = m_end < g_end ? m_end : g_end;
      if (s >= e) continue;
      if (seen++ == n) {
        *out_start = (phys_addr_t)s;
        *out_end = (phys_addr_t)e;
        return true;
      }
    }
  }
  return false;
}

/* Number of free ranges. */
static unsigned long free_range_count(void) {
  phys_addr_t s, e;
  unsigned long n = 0;
  while (nth_free_range(n, &s, &e)) n++;
  return n;
}

/* Forward free-range iteration (see memblock.h). */
bool memblock_next_free_range(unsigned long *idx, phys_addr_t *start,
                              phys_addr_t *end) {
  if (!nth_free_range(*idx, start, end)) return false;
  (*idx)++;
  return true;
}

/* Reverse free-range iteration (see memblock.h). */
bool memblock_prev_free_range(unsigned long *idx, phys_addr_t *start,
                              phys_addr_t *end) {
  unsigned long count = free_range_count();
  if (*idx >= count) return false;
  nth_free_range(count - 1 - *idx, start, end);
  (*idx)++;
  return true;
}

/* Top-down allocation (see memblock.h). */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align) {
  if (memblock.frozen || size == 0 || align == 0 || (align & (align - 1)))
    return 0;
  unsigned long i;
  phys_addr_t start, end;
  for_each_free_mem_range_reverse(i, &start, &end) {
    if (end > memblock.current_limit) end = memblock.current_limit;
    if (end <= start || end - start < size) continue;
    phys_addr_t cand = (end - size) & ~(align - 1);
    if (cand < start || cand == 0) continue;
    if (memblock_reserve(cand, size)) return 0;
    return cand;
  }
  return 0;
}

/* See memblock.h. */
void memblock_set_current_limit(phys_addr_t limit) { memblock.current_limit = limit; }

/* Lowest address of memblock.memory, 0 when empty. */
phys_addr_t memblock_start_of_DRAM(void) {
  return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

/* One past the highest address of memblock.memory, 0 when empty. */
phys_addr_t memblock_end_of_DRAM(void) {
  unsigned long n = memblock.memory.cnt;
  return n ? (phys_addr_t)region_end(&memblock.memory.regions[n - 1]) : 0;
}

/* Total bytes of memory. */
phys_addr_t memblock_phys_mem_size(void) { return memblock.memory.total_size; }

/* Total bytes reserved. */
phys_addr_t memblock_reserved_size(void) { return memblock.reserved.total_size; }

/* True if [base, base + size) overlaps any reserved region. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size) {
  uint64_t end = (uint64_t)base + size;
  for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
    const struct memblock_region *r = &memblock.reserved.regions[i];
    if (r->base < end && region_end(r) > base) return true;
  }
  return false;
}

/* Prints one table: " memory.cnt  = 0x2" then one line per region. */
static void memblock_dump(const struct memblock_type *type) {
  printk(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
  for (unsigned long i = 0; i < type->cnt; i++) {
    const struct memblock_region *r = &type->regions[i];
    printk(" %s[0x%lx]\t[0x%08x-0x%08x], 0x%08x bytes flags: 0x0\n",
           type->name, i, (unsigned)r->base,
           (unsigned)(r->base + r->size - 1), (unsigned)r->size);
  }
}

/* Prints the memblock configuration like Linux's memblock=debug. */
void memblock_dump_all(void) {
  printk("MEMBLOCK configuration:\n");
  printk(" memory size = 0x%08x reserved size = 0x%08x\n",
         (unsigned)memblock.memory.total_size,
         (unsigned)memblock.reserved.total_size);
  memblock_dump(&memblock.memory);
  memblock_dump(&memblock.reserved);
}
