/*
 * mm_vmalloc_bench -- costs of the kernel's virtual areas on the machine
 * (firmware/mm/vmalloc.c, highmem.c; docs/kernel-mm.md): cycles and
 * instructions per vmalloc() and per vfree() of 1 .. 256 pages, per lazy
 * purge, per kmap()+kunmap() and per kmap_local_page()+kunmap_local() of
 * a highmem page.  Each measurement is one simctl bench region
 * (REGION_BASE + n), so --stats has its TLB and DRAM counters.
 *
 * M mode, paging off for the program itself: the mm builds
 * swapper_pg_dir as the kernel's would, the costs are those of the code
 * and its page-table writes.  The mm manages the first MANAGED_DRAM
 * bytes; highmem is a block above a boundary made for the bench, as in
 * mm_vmalloc.  Output:
 *   mm_vmalloc_bench: vmalloc <pages> pages alloc <cycles>/<instret> free <cycles>/<instret>
 *   mm_vmalloc_bench: purge <areas> areas <cycles>/<instret>
 *   mm_vmalloc_bench: kmap+kunmap <cycles>/<instret> (wrap flush included)
 *   mm_vmalloc_bench: kmap_local+kunmap_local <cycles>/<instret>
 *   PASS mm_vmalloc_bench
 */
#include <stdint.h>

#include "bootmem.h"
#include "highmem.h"
#include "hpm.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "platform.h"
#include "printf.h"
#include "simctl.h"
#include "slab.h"
#include "test.h"
#include "vmalloc.h"

#define ROUNDS        8
#define REGION_BASE   0x300
#define MANAGED_DRAM  (16ul << 20)
#define HIGH_ORDER    10     /* the highmem block: 1024 pages */
#define KMAP_OPS      1024   /* two laps of the pkmap area */
#define KMAP_LOCAL_OPS 256

static const unsigned vmalloc_pages[] = {1, 4, 16, 64, 256};
#define NR_SIZES (sizeof(vmalloc_pages) / sizeof(vmalloc_pages[0]))

/* Cycles and instructions since a mark. */
struct cost {
  uint64_t cycles, instret;
};
static struct cost mark(void) { return (struct cost){rd_mcycle(), rd_minstret()}; }
static void add_since(struct cost *sum, struct cost start) {
  sum->cycles += rd_mcycle() - start.cycles;
  sum->instret += rd_minstret() - start.instret;
}
static unsigned long per(uint64_t v, unsigned long ops) { return (unsigned long)(v / ops); }

static void *bufs[ROUNDS];

static void bench_vmalloc(void) {
  for (unsigned s = 0; s < NR_SIZES; s++) {
    const unsigned long size = vmalloc_pages[s] * PAGE_SIZE;
    struct cost a = {0, 0}, f = {0, 0}, p = {0, 0};
    sim_region_begin(REGION_BASE + s);
    for (unsigned r = 0; r < ROUNDS; r++) {
      struct cost t = mark();
      bufs[r] = vmalloc(size);
      add_since(&a, t);
      CHECK(bufs[r] != NULL);
    }
    for (unsigned r = 0; r < ROUNDS; r++) {
      struct cost t = mark();
      vfree(bufs[r]);
      add_since(&f, t);
    }
    sim_region_end(REGION_BASE + s);
    struct cost t = mark();
    purge_vmap_area_lazy();
    add_since(&p, t);
    kprintf("mm_vmalloc_bench: vmalloc %u pages alloc %lu/%lu free %lu/%lu\n", vmalloc_pages[s],
            per(a.cycles, ROUNDS), per(a.instret, ROUNDS), per(f.cycles, ROUNDS),
            per(f.instret, ROUNDS));
    kprintf("mm_vmalloc_bench: purge %u areas %lu/%lu\n", ROUNDS, per(p.cycles, 1),
            per(p.instret, 1));
  }
}

/* kmap costs over the 2^HIGH_ORDER pages at `block`, made highmem. */
static void bench_kmap(struct page *block) {
  highmem_start_pfn = page_to_pfn(block); /* no GFP_KERNEL allocation until lifted */
  struct cost k = {0, 0}, l = {0, 0};
  sim_region_begin(REGION_BASE + NR_SIZES);
  for (unsigned long i = 0; i < KMAP_OPS; i++) {
    struct cost t = mark();
    void *v = kmap(block + i);
    kunmap(block + i);
    add_since(&k, t);
    CHECK(v != NULL);
  }
  sim_region_end(REGION_BASE + NR_SIZES);
  sim_region_begin(REGION_BASE + NR_SIZES + 1);
  for (unsigned long i = 0; i < KMAP_LOCAL_OPS; i++) {
    struct cost t = mark();
    void *v = kmap_local_page(block + i);
    kunmap_local(v);
    add_since(&l, t);
  }
  sim_region_end(REGION_BASE + NR_SIZES + 1);
  highmem_start_pfn = ~0ul;
  kprintf("mm_vmalloc_bench: kmap+kunmap %lu/%lu (wrap flush included)\n",
          per(k.cycles, KMAP_OPS), per(k.instret, KMAP_OPS));
  kprintf("mm_vmalloc_bench: kmap_local+kunmap_local %lu/%lu\n", per(l.cycles, KMAP_LOCAL_OPS),
          per(l.instret, KMAP_LOCAL_OPS));
}

int main(void) {
  test_begin("mm_vmalloc_bench");
  CHECK_EQ(setup_mm_virtual(MANAGED_DRAM), 0);
  /* The highmem block is taken first: vmalloc's slab and PTE-table pages
   * would leave no free 4 MiB block afterwards. */
  struct page *block = alloc_pages(GFP_KERNEL, HIGH_ORDER);
  if (!CHECK(block != NULL)) return test_end();
  bench_vmalloc();
  CHECK_EQ(vmalloc_nr_pages(), 0);
  bench_kmap(block);
  __free_pages(block, HIGH_ORDER);
  return test_end();
}
