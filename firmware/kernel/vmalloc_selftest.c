/*
 * vmalloc_selftest.c -- vmalloc, vmap and kmap used by the kernel with
 * paging on: every access to a vmalloc address is an S-mode access
 * through swapper_pg_dir and the RTL MMU.  A vmalloc'ed buffer is filled
 * through its virtual address and checked through the linear map of each
 * page vmalloc_to_page names; a vmap aliases two of its pages in the
 * other order; the guard page faults; after vfree and the lazy purge's
 * one flush the buffer faults; kmap of a lowmem page is its linear
 * address.  The device windows are ioremap'd by then (vmallocinfo).
 */
#include "csr.h"
#include "expect.h"
#include "highmem.h"
#include "kernel.h"
#include "test.h"
#include "tlbflush.h"
#include "vmalloc.h"

#define NR_VPAGES 4
#define WORD_STEP 64 /* words between checked words */

/* The word at word `w` of page `i` of the buffer. */
static uint32_t fill(unsigned i, unsigned w) { return 0x5e000000u ^ (i << 16) ^ w; }

/* Loads from `p` with the fault catcher armed; returns the exceptions caught. */
static struct trap_record load_caught(const volatile uint32_t *p) {
  trap_expect_begin();
  (void)*p;
  return trap_expect_end();
}

void vmalloc_selftest(void) {
  const unsigned long words = PAGE_SIZE / sizeof(uint32_t);
  uint32_t *buf = vmalloc(NR_VPAGES * PAGE_SIZE);
  if (!CHECK(buf != NULL)) return;
  CHECK(is_vmalloc_addr(buf));
  for (unsigned i = 0; i < NR_VPAGES; i++)
    for (unsigned w = 0; w < words; w += WORD_STEP) buf[i * words + w] = fill(i, w);
  unsigned bad = 0;
  struct page *pages[NR_VPAGES];
  for (unsigned i = 0; i < NR_VPAGES; i++) {
    pages[i] = vmalloc_to_page(buf + i * words);
    const uint32_t *lin = kmap_local_page(pages[i]); /* highmem pages too */
    for (unsigned w = 0; w < words; w += WORD_STEP) bad += lin[w] != fill(i, w);
    kunmap_local(lin);
  }
  CHECK_EQ(bad, 0);

  struct page *swapped[2] = {pages[1], pages[0]};
  const uint32_t *alias = vmap(swapped, 2, 0, PAGE_KERNEL_RO);
  if (CHECK(alias != NULL)) {
    CHECK_EQ(alias[0], fill(1, 0));
    CHECK_EQ(alias[words + WORD_STEP], fill(0, WORD_STEP));
    vunmap(alias);
  }

  struct trap_record guard = load_caught(buf + NR_VPAGES * words);
  CHECK_EQ(guard.count, 1);
  CHECK_EQ(guard.cause, CAUSE_LOAD_PAGE);

  unsigned long flushes = tlb_flush_stats.flush_kernel_range;
  vfree(buf);
  purge_vmap_area_lazy();
  CHECK_EQ(tlb_flush_stats.flush_kernel_range, flushes + 1);
  CHECK_EQ(load_caught(buf).count, 1);

  struct page *low = alloc_page(GFP_KERNEL);
  if (CHECK(low != NULL)) {
    CHECK(kmap(low) == page_address(low));
    kunmap(low);
    __free_page(low);
  }
  CHECK_EQ(vmalloc_nr_pages(), 0);
}
