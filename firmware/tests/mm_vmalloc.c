/*
 * mm_vmalloc -- vmalloc, vfree, ioremap and kmap (mm/vmalloc.c,
 * mm/ioremap.c, mm/highmem.c) on the machine, every access to a kernel
 * virtual address translated by the RTL MMU.
 *
 * This runtime runs in M mode with the linear map the identity (no
 * paging of its own yet), so the program builds the kernel's
 * swapper_pg_dir with the mm (vmalloc, ioremap, kmap fill it), points
 * satp at it and makes each access to a vmalloc, ioremap, pkmap or fixmap
 * address as a supervisor access (vm_probe_mprv: M mode with MPRV=1,
 * MPP=S).  It checks the bytes through the physical pages, the guard page
 * and freed areas faulting -- a freed area's stale TLB entry serving until
 * the lazy purge's one flush, as in Linux -- device registers through
 * ioremap, and kmap / kmap_local of pages above a highmem boundary made
 * for the test (the default DRAM is all lowmem).  The mm manages the first
 * MANAGED_DRAM bytes only, which keeps the run short.  "PASS mm_vmalloc".
 */
#include "bootmem.h"
#include "csr.h"
#include "highmem.h"
#include "io.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "platform.h"
#include "printk.h"
#include "slab.h"
#include "test.h"
#include "tlbflush.h"
#include "vm_probe.h"
#include "vmalloc.h"

#define SATP_MODE_SV32 (1u << MMCOSIM_SV32_SATP_MODE_BIT)
#define NR_VPAGES      8   /* pages of the vmalloc'ed buffer */
#define WORDS_CHECKED  4   /* words written per page, spread over it */
#define HIGH_ORDER     10  /* order of the block standing in for highmem */
#define LOAD_PAGE_FAULT 13u
#define MANAGED_DRAM   (16ul << 20) /* DRAM given to the mm: mm_core_init's cost grows with it */

/* The word written at word `w` of page `i` of a test buffer. */
static uint32_t pattern(uint32_t i, uint32_t w) { return 0xa5000000u ^ (i << 12) ^ (w * 0x111u); }

/* A supervisor store / load through the kernel's page tables. */
static struct vm_probe s_store(unsigned long va, uint32_t v) {
  return vm_probe_mprv(PRV_S, VM_STORE, (uint32_t)va, v);
}
static struct vm_probe s_load(unsigned long va) {
  return vm_probe_mprv(PRV_S, VM_LOAD, (uint32_t)va, 0);
}

/* Byte offset of word `w` of WORDS_CHECKED spread over a page. */
static unsigned long word_offset(uint32_t w) { return w * (PAGE_SIZE / WORDS_CHECKED) + 4; }

/* Writes the pattern of page `i` through `va`, reads it back the same way
 * and through the physical page `page`.  Returns true when all matched. */
static bool check_page_through(unsigned long va, struct page *page, uint32_t i) {
  const uint32_t *phys = lowmem_page_address(page);
  bool ok = true;
  for (uint32_t w = 0; w < WORDS_CHECKED; w++) {
    unsigned long off = word_offset(w);
    ok &= CHECK_EQ(s_store(va + off, pattern(i, w)).cause, VM_PROBE_OK);
    ok &= CHECK_EQ(phys[off / 4], pattern(i, w));
    struct vm_probe p = s_load(va + off);
    ok &= CHECK_EQ(p.cause, VM_PROBE_OK) && CHECK_EQ(p.value, pattern(i, w));
  }
  return ok;
}

static void test_vmalloc_vfree(void) {
  unsigned long used0 = vmalloc_nr_pages();
  char *buf = vmalloc(NR_VPAGES * PAGE_SIZE);
  if (!CHECK(buf != NULL)) return;
  CHECK(is_vmalloc_addr(buf));
  CHECK_EQ(vmalloc_nr_pages(), used0 + NR_VPAGES);
  for (uint32_t i = 0; i < NR_VPAGES; i++)
    check_page_through((unsigned long)buf + i * PAGE_SIZE, vmalloc_to_page(buf + i * PAGE_SIZE), i);
  /* The guard page after the area faults. */
  struct vm_probe g = s_load((unsigned long)buf + NR_VPAGES * PAGE_SIZE);
  CHECK_EQ(g.cause, LOAD_PAGE_FAULT);
  CHECK_EQ(g.tval, (uint32_t)(uintptr_t)buf + NR_VPAGES * PAGE_SIZE);

  uint32_t *z = vzalloc(2 * PAGE_SIZE);
  if (CHECK(z != NULL)) {
    for (unsigned long off = 0; off < 2 * PAGE_SIZE; off += PAGE_SIZE / 8)
      CHECK_EQ(s_load((unsigned long)z + off).value, 0);
    vfree(z);
  }

  /* vfree clears the PTEs at once, but flushes lazily: the TLB entry of a
   * page just used keeps serving until the purge's one flush. */
  unsigned long va = (unsigned long)buf;
  unsigned long flushes = tlb_flush_stats.flush_kernel_range;
  vfree(buf);
  CHECK_EQ(vmalloc_nr_pages(), used0);
  CHECK(vmap_lazy_nr_pages() > 0);
  CHECK_EQ(tlb_flush_stats.flush_kernel_range, flushes);
  struct vm_probe stale = s_load(va + word_offset(0));
  CHECK_EQ(stale.cause, VM_PROBE_OK); /* a stale translation, from the TLB */
  purge_vmap_area_lazy();
  CHECK_EQ(tlb_flush_stats.flush_kernel_range, flushes + 1);
  CHECK_EQ(vmap_lazy_nr_pages(), 0);
  CHECK_EQ(s_load(va + word_offset(0)).cause, LOAD_PAGE_FAULT);
  printk("vmalloc: %u pages through the MMU, stale TLB entry until the lazy purge\n",
         NR_VPAGES);
}

static void test_ioremap(void) {
  /* simctl's putchar register through ioremap prints this line. */
  static const char line[] = "ioremap: simctl putchar through the MMU\n";
  unsigned long simctl = (unsigned long)ioremap(SIMCTL_BASE, MMCOSIM_MEMORY_MAP_SIMCTL_SIZE);
  if (!CHECK(simctl != 0)) return;
  CHECK(is_vmalloc_addr((void *)simctl));
  for (const char *c = line; *c; c++)
    CHECK_EQ(s_store(simctl + MMCOSIM_SIMCTL_REG_PUTCHAR, (uint32_t)*c).cause, VM_PROBE_OK);
  /* CLINT mtime through ioremap: moves forward from the physical read. */
  unsigned long clint = (unsigned long)ioremap(CLINT_BASE, MMCOSIM_MEMORY_MAP_CLINT_SIZE);
  if (!CHECK(clint != 0)) return;
  uint32_t before = *(volatile uint32_t *)(uintptr_t)(CLINT_BASE + CLINT_MTIME_OFFSET);
  struct vm_probe t = s_load(clint + CLINT_MTIME_OFFSET);
  CHECK_EQ(t.cause, VM_PROBE_OK);
  CHECK(t.value - before < 1000000u);
  CHECK(t.value != 0);
  show_vmallocinfo();
  iounmap((void *)simctl);
  iounmap((void *)clint);
  purge_vmap_area_lazy();
  CHECK_EQ(s_load(clint + CLINT_MTIME_OFFSET).cause, LOAD_PAGE_FAULT);
}

static void test_kmap(void) {
  /* Pages above this block's start count as highmem for the test; no
   * GFP_KERNEL allocation happens until the boundary is lifted. */
  struct page *block = alloc_pages(GFP_KERNEL, HIGH_ORDER);
  if (!CHECK(block != NULL)) return;
  highmem_start_pfn = page_to_pfn(block);
  CHECK(page_is_highmem(block));
  CHECK(page_address(block) == NULL);

  unsigned long v = (unsigned long)kmap(block);
  CHECK(v >= PKMAP_BASE && v < PKMAP_ADDR(LAST_PKMAP));
  CHECK((unsigned long)page_address(block) == v);
  check_page_through(v, block, 0);
  kunmap(block);

  unsigned long l = (unsigned long)kmap_local_page(block + 1);
  CHECK_EQ(l, __fix_to_virt(FIX_KMAP_BEGIN));
  check_page_through(l, block + 1, 1);
  unsigned long sfence_addr = tlb_flush_stats.sfence[SFENCE_ADDR];
  kunmap_local((void *)l);
  CHECK_EQ(tlb_flush_stats.sfence[SFENCE_ADDR], sfence_addr + 1);
  CHECK_EQ(s_load(l).cause, LOAD_PAGE_FAULT); /* cleared and flushed at once */

  /* One lap of the pkmap area: the wrap clears the unused slots with exactly
   * one flush (flush_all_zero_pkmaps), the first kmap's slot among them. */
  unsigned long flushes = tlb_flush_stats.flush_kernel_range;
  for (unsigned long i = 0; i < LAST_PKMAP - 1; i++) {
    kmap(block + 2 + i);
    kunmap(block + 2 + i);
  }
  CHECK_EQ(tlb_flush_stats.flush_kernel_range, flushes + 1);
  CHECK(page_address(block) == NULL);
  CHECK_EQ(s_load(v).cause, LOAD_PAGE_FAULT);
  highmem_start_pfn = ~0ul;
  __free_pages(block, HIGH_ORDER);
  printk("kmap: pkmap and kmap_local slots through the MMU, %lu pkmap flushes\n",
         tlb_flush_stats.flush_kernel_range - flushes);
}

int main(void) {
  test_begin("mm_vmalloc");
  CHECK_EQ(setup_mm_virtual(MANAGED_DRAM), 0);
  csr_write(CSR_SATP, SATP_MODE_SV32 | PHYS_PFN(__pa(swapper_pg_dir)));
  local_flush_tlb_all();

  test_vmalloc_vfree();
  test_ioremap();
  test_kmap();

  csr_write(CSR_SATP, 0);
  show_tlb_flush_stats();
  return test_end();
}
