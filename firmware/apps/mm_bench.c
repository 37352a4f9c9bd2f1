/*
 * mm_bench -- allocator costs for `make bench-mm` (firmware/mm,
 * docs/kernel-mm.md) on the machine.  Every row is one simctl bench
 * region, so --stats has its instructions, cycles, TLB misses, walks and
 * SFENCEs; the program prints what each region did:
 *
 *   mm_bench: row <region id> ops <n> <operation>
 *
 * and bench/bench_mm.sh divides the region's counter deltas by n.  Rows:
 *   pcp pair order-0          alloc_pages + __free_pages of one page, in
 *                             steady state (the pcp list neither refills
 *                             nor drains): the <= 120 instruction target
 *   buddy alloc / free order o  blocks(o) blocks allocated, then freed
 *                             (order 0: pcp refill / drain amortized;
 *                             higher orders split and merge)
 *   kmem_cache pair <size>    kmem_cache_alloc + kmem_cache_free in steady
 *                             state (a pop and a push on the CPU slab):
 *                             the <= 40 instruction target
 *   kmem_cache refill <size>  3 slabs' worth allocated, then freed (new
 *                             slabs, CPU slab flushes: the slow paths)
 *   kmalloc pair <class>      kmalloc + kfree of each class, and one
 *                             large (buddy) size
 *   vmalloc / vfree pages <n> vmalloc() of n pages (8 areas), then their
 *                             vfree() (lazy: no flush), per call
 *   vmap purge areas <n>      purge_vmap_area_lazy() of the n pending
 *                             areas: PTEs cleared, one flush (per area)
 *   kmap+kunmap pair          kmap() + kunmap() of highmem pages, two laps
 *                             of the pkmap area (the wrap flush amortized)
 *   kmap_local pair           kmap_local_page() + kunmap_local() (the
 *                             local flush of the slot included)
 *   bench loop (empty pair)   the loop of the pair rows calling two empty
 *                             functions: the part of a pair row that is
 *                             the bench's own
 *
 * The mm runs as the kernel's does: setup_mm_virtual() builds
 * swapper_pg_dir (vmalloc, pkmap, fixmap), the program adds an identity
 * map of DRAM in megapages and of the device pages (its own code and data
 * sit at their physical addresses), turns Sv32 on and runs every row in S
 * mode, so the TLB, walk and SFENCE columns are those of the MMU.
 * Highmem for the kmap rows is a 4 MiB block made highmem for the bench.
 */
#include <stdint.h>

#include "bootmem.h"
#include "csr.h"
#include "highmem.h"
#include "memblock.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "platform.h"
#include "printf.h"
#include "priv.h"
#include "simctl.h"
#include "slab.h"
#include "test.h"
#include "tlbflush.h"
#include "vmalloc.h"

#define REGION_BASE 0x200 /* first bench region id */
#define MM_BENCH_MARKER 1 /* simctl marker after boot: bench-mm fast-forwards to it */
#ifdef CONFIG_DEBUG_VM
#define PAIR_OPS 32       /* the debug pairs cost up to 100k instructions (slub_debug
                             poison and red zones byte by byte): fewer, same per op */
#else
#define PAIR_OPS 256      /* iterations of a steady-state pair */
#endif
#define WARMUP_OPS 4      /* untimed pairs before (fills the pcp list / CPU slab) */
#define MAX_BLOCKS 32
#define REFILL_SLABS 3    /* slabs' worth of objects in a refill row */
#define MAX_OBJECTS 1536  /* objects held at once in a refill row */
#define VMALLOC_AREAS 8   /* areas per vmalloc / vfree row */
#define HIGH_ORDER 10     /* the block made highmem for the kmap rows */
#define KMAP_OPS 1024     /* two laps of the pkmap area */
#define KMAP_LOCAL_OPS 256

static unsigned next_region = REGION_BASE;
static unsigned failed; /* allocations that failed inside a region (checked
                           after it: a CHECK per operation would be timed) */
static struct page *held_pages[MAX_BLOCKS];
static void *held[MAX_OBJECTS];

/* Opens the next bench region; returns its id. */
static unsigned row_begin(void) {
  sim_region_begin(next_region);
  return next_region;
}

#define NO_ARG (~0u) /* a row name without a number */

/* Closes region `id`, which did `ops` operations of `what` (+ `arg`). */
static void row_end(unsigned id, unsigned ops, const char *what, unsigned arg) {
  sim_region_end(id);
  if (arg == NO_ARG)
    kprintf("mm_bench: row %u ops %u %s\n", id, ops, what);
  else
    kprintf("mm_bench: row %u ops %u %s%u\n", id, ops, what, arg);
  next_region++;
}

/* Blocks per buddy row: 32 small ones, fewer of the large orders. */
static unsigned blocks(unsigned order) {
  return order <= 5 ? MAX_BLOCKS : order <= 8 ? 16 : 4;
}

/* order-0 alloc + free through the pcp list, steady state. */
static void bench_pcp_pair(void) {
  for (unsigned i = 0; i < WARMUP_OPS; i++) __free_pages(alloc_pages(GFP_KERNEL, 0), 0);
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    struct page *p = alloc_pages(GFP_KERNEL, 0);
    if (!p) {
      failed++;
      break;
    }
    __free_pages(p, 0);
  }
  row_end(id, PAIR_OPS, "pcp pair order-", 0);
}

/* blocks(order) allocations, then as many frees: two rows. */
static void bench_buddy(unsigned order) {
  const unsigned n = blocks(order);
  drain_local_pages(NULL);
  unsigned id = row_begin();
  for (unsigned b = 0; b < n; b++) held_pages[b] = alloc_pages(GFP_HIGHUSER_MOVABLE, order);
  row_end(id, n, "buddy alloc order-", order);
  id = row_begin();
  for (unsigned b = 0; b < n; b++) {
    if (held_pages[b]) __free_pages(held_pages[b], order);
    else failed++;
  }
  row_end(id, n, "buddy free order-", order);
}

/* kmem_cache_alloc + kmem_cache_free in steady state, then a refill row. */
static void bench_cache(unsigned size) {
  struct kmem_cache *c = kmem_cache_create("bench", size, 0, 0, NULL);
  if (!CHECK(c != NULL)) return;
  for (unsigned i = 0; i < WARMUP_OPS; i++) kmem_cache_free(c, kmem_cache_alloc(c, GFP_KERNEL));
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    void *o = kmem_cache_alloc(c, GFP_KERNEL);
    if (!o) {
      failed++;
      break;
    }
    kmem_cache_free(c, o);
  }
  row_end(id, PAIR_OPS, "kmem_cache pair ", size);

  unsigned n = REFILL_SLABS * c->objects;
  if (n > MAX_OBJECTS) n = MAX_OBJECTS;
  id = row_begin();
  for (unsigned i = 0; i < n; i++) held[i] = kmem_cache_alloc(c, GFP_KERNEL);
  for (unsigned i = 0; i < n; i++) {
    if (held[i]) kmem_cache_free(c, held[i]);
    else failed++;
  }
  row_end(id, 2 * n, "kmem_cache refill ", size);
  kmem_cache_destroy(c);
}

/* kmalloc + kfree of `size` bytes, steady state. */
static void bench_kmalloc(unsigned size) {
  for (unsigned i = 0; i < WARMUP_OPS; i++) kfree(kmalloc(size, GFP_KERNEL));
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    void *p = kmalloc(size, GFP_KERNEL);
    if (!p) {
      failed++;
      break;
    }
    kfree(p);
  }
  row_end(id, PAIR_OPS, "kmalloc pair ", size);
}

/* vmalloc of 1..256 pages, then vfree, then the purge of the lazy areas. */
static void *areas[VMALLOC_AREAS];
static void bench_vmalloc(unsigned pages) {
  unsigned id = row_begin();
  for (unsigned i = 0; i < VMALLOC_AREAS; i++) areas[i] = vmalloc(pages * PAGE_SIZE);
  row_end(id, VMALLOC_AREAS, "vmalloc pages ", pages);
  id = row_begin();
  for (unsigned i = 0; i < VMALLOC_AREAS; i++) {
    if (areas[i]) vfree(areas[i]);
    else failed++;
  }
  row_end(id, VMALLOC_AREAS, "vfree pages ", pages);
  id = row_begin();
  purge_vmap_area_lazy();
  row_end(id, VMALLOC_AREAS, "vmap purge pages ", pages);
}

/* kmap + kunmap and kmap_local pairs over the pages of `block`, made highmem. */
static void bench_kmap(struct page *block) {
  highmem_start_pfn = page_to_pfn(block); /* no GFP_KERNEL allocation until lifted */
  unsigned id = row_begin();
  for (unsigned i = 0; i < KMAP_OPS; i++) {
    struct page *p = block + (i & ((1u << HIGH_ORDER) - 1));
    if (!kmap(p)) failed++;
    kunmap(p);
  }
  row_end(id, KMAP_OPS, "kmap+kunmap pair", NO_ARG);
  id = row_begin();
  for (unsigned i = 0; i < KMAP_LOCAL_OPS; i++) {
    void *v = kmap_local_page(block + i);
    if (!v) failed++;
    kunmap_local(v);
  }
  row_end(id, KMAP_LOCAL_OPS, "kmap_local pair", NO_ARG);
  highmem_start_pfn = ~0ul;
}

/* The pair rows' loop around two empty calls (what a pair row adds itself). */
static __attribute__((noinline)) void *empty_alloc(unsigned arg) {
  __asm__ volatile("" ::: "memory");
  return (void *)(uintptr_t)(arg | 1);
}
static __attribute__((noinline)) void empty_free(void *p, unsigned arg) {
  __asm__ volatile("" : : "r"(p), "r"(arg) : "memory");
}
static void bench_loop(void) {
  unsigned id = row_begin();
  for (unsigned i = 0; i < PAIR_OPS; i++) {
    void *p = empty_alloc(GFP_KERNEL);
    if (!p) {
      failed++;
      break;
    }
    empty_free(p, 0);
  }
  row_end(id, PAIR_OPS, "bench loop (empty pair)", NO_ARG);
}

/* Sizes of the kmem_cache rows and the kmalloc classes (+ one large size). */
static const unsigned cache_sizes[] = {16, 64, 256, 1024};
static const unsigned kmalloc_sizes[] = {8,   16,  32,   64,   96,   128,  192,
                                         256, 512, 1024, 2048, 4096, 8192, 16384};
static const unsigned vmalloc_pages[] = {1, 4, 16, 64, 256};
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Shrinks every cache on slab_caches. */
static void shrink_all(void) {
  struct list_head *pos;
  list_for_each(pos, &slab_caches) kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
}

/* Every row, in S mode under swapper_pg_dir. */
static uint32_t run_rows(uint32_t arg) {
  (void)arg;
  drain_local_pages(NULL);
  const unsigned long free0 = nr_free_pages(), tables0 = nr_kernel_pte_tables;

  bench_loop();
  bench_pcp_pair();
  for (unsigned order = 0; order < MAX_ORDER; order++) bench_buddy(order);
  for (unsigned i = 0; i < ARRAY_SIZE(cache_sizes); i++) bench_cache(cache_sizes[i]);
  for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) bench_kmalloc(kmalloc_sizes[i]);
  for (unsigned i = 0; i < ARRAY_SIZE(vmalloc_pages); i++) bench_vmalloc(vmalloc_pages[i]);
  struct page *block = alloc_pages(GFP_KERNEL, HIGH_ORDER);
  if (block) {
    bench_kmap(block);
    __free_pages(block, HIGH_ORDER);
  } else {
    failed++;
  }

  shrink_all();
  drain_local_pages(NULL);
  CHECK_EQ(vmalloc_nr_pages(), 0);
  /* PTE tables the vmalloc area grew and still holds (PageTables); the purge frees emptied ones */
  CHECK_EQ(nr_free_pages() + (nr_kernel_pte_tables - tables0), free0);
  return failed;
}

/*
 * Adds to swapper_pg_dir what the program itself needs in S mode: DRAM
 * at its physical address (megapages) and the UART, simctl and CLINT
 * pages (I/O), none of it overlapping the kernel areas of this mm.
 */
static void map_program(void) {
  pt_ops.alloc_pte = alloc_pte_late; /* memblock is gone: tables from the buddy */
  create_pgd_mapping(swapper_pg_dir, DRAM_BASE, DRAM_BASE, DRAM_SIZE, PAGE_KERNEL_EXEC, true);
  create_pgd_mapping(swapper_pg_dir, UART_BASE & PAGE_MASK, UART_BASE & PAGE_MASK, PAGE_SIZE,
                     PAGE_KERNEL_IO, false);
  create_pgd_mapping(swapper_pg_dir, SIMCTL_BASE & PAGE_MASK, SIMCTL_BASE & PAGE_MASK, PAGE_SIZE,
                     PAGE_KERNEL_IO, false);
  create_pgd_mapping(swapper_pg_dir, CLINT_BASE, CLINT_BASE,
                     ALIGN(MMCOSIM_MEMORY_MAP_CLINT_SIZE, PAGE_SIZE), PAGE_KERNEL_IO, false);
}

int main(void) {
  test_begin("mm_bench");
  CHECK_EQ(setup_mm_virtual(DRAM_SIZE), 0);
  kprintf("mm_bench: CONFIG_SLUB_DEBUG=%d\n", CONFIG_SLUB_DEBUG);
  map_program();
  __asm__ volatile("csrw satp, %0" : : "r"((1u << MMCOSIM_SV32_SATP_MODE_BIT) |
                                            (uint32_t)PHYS_PFN(__pa(swapper_pg_dir)))
                   : "memory");
  local_flush_tlb_all();
  /* Boot is done (with CONFIG_DEBUG_VM it poisoned all of DRAM, hundreds
   * of millions of cycles): bench-mm fast-forwards to here (--ff-until=marker:1). */
  sim_marker(MM_BENCH_MARKER);
  CHECK_EQ(priv_call(PRV_S, run_rows, 0), 0);
  __asm__ volatile("csrw satp, zero" ::: "memory");
  local_flush_tlb_all();
  CHECK_EQ(failed, 0);
  return test_end();
}
