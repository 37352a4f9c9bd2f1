// vmalloc_test.cc -- firmware/mm/vmalloc.c on the host: the vmap-area
// allocator (first fit in address order, guard pages, alignment,
// exhaustion), lazy freeing with one batched TLB flush per purge (counted
// through the SFENCE hook), vm_struct lookup and the vmallocinfo view.
#include <cstdio>
#include <string>
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "io.h"
#include "sched_mm.h"
}

namespace {

using tlbflush_host::calls;

constexpr unsigned long kStart = 0xc8000000ul;    // any page-aligned range
constexpr unsigned long kPages = 32768;           // 128 MiB of address space
constexpr unsigned long kEnd = kStart + kPages * PAGE_SIZE;

class VmapArea : public KernelArena {
 protected:
  void SetUp() override {
    KernelArena::SetUp();
    vmalloc_init_range(kStart, kEnd);
  }
  static vmap_area *Alloc(unsigned long pages, unsigned long align = PAGE_SIZE) {
    return alloc_vmap_area(pages * PAGE_SIZE, align, kStart, kEnd);
  }
};

TEST_F(VmapArea, FirstFitInAddressOrderWithGuardPages) {
  vm_struct *a = __get_vm_area_caller(2 * PAGE_SIZE, VM_ALLOC, kStart, kEnd, nullptr);
  vm_struct *b = __get_vm_area_caller(1, VM_ALLOC, kStart, kEnd, nullptr);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ((unsigned long)a->addr, kStart);
  EXPECT_EQ(a->size, 3 * PAGE_SIZE);  // two pages + guard
  EXPECT_EQ(get_vm_area_size(a), 2 * PAGE_SIZE);
  EXPECT_EQ((unsigned long)b->addr, kStart + 3 * PAGE_SIZE);  // after a's guard
  EXPECT_EQ(b->size, 2 * PAGE_SIZE);
  vm_struct *c = __get_vm_area_caller(PAGE_SIZE, VM_ALLOC | VM_NO_GUARD, kStart, kEnd, nullptr);
  vm_struct *d = __get_vm_area_caller(PAGE_SIZE, VM_ALLOC, kStart, kEnd, nullptr);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((unsigned long)d->addr, (unsigned long)c->addr + PAGE_SIZE);  // no guard after c
  EXPECT_EQ(find_vm_area(b->addr), b);
  EXPECT_EQ(find_vm_area((char *)b->addr + 1), nullptr);  // not the start
  EXPECT_EQ(find_vmap_area((unsigned long)b->addr + PAGE_SIZE + 5)->vm, b);  // guard is b's
  EXPECT_EQ(__get_vm_area_caller(0, VM_ALLOC, kStart, kEnd, nullptr), nullptr);
}

TEST_F(VmapArea, AlignmentLeavesAGapThatLaterAreasFill) {
  vmap_area *a = Alloc(1);
  vmap_area *big = Alloc(4, 16 * PAGE_SIZE);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->va_start, kStart + 16 * PAGE_SIZE);
  vmap_area *small = Alloc(2);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->va_start, a->va_end);  // lowest fit: the gap below big
  vmap_area *fill = Alloc(13);            // exactly what is left of the gap
  ASSERT_NE(fill, nullptr);
  EXPECT_EQ(fill->va_end, big->va_start);
  vmap_area *next = Alloc(1);
  EXPECT_EQ(next->va_start, big->va_end);
  vmap_area *aligned = Alloc(1, 1ul << 22);  // megapage alignment
  EXPECT_EQ(aligned->va_start % (1ul << 22), 0u);
}

TEST_F(VmapArea, ExhaustionFailsWithLinuxLineAndFreesComeBackAfterPurge) {
  std::vector<vmap_area *> areas;
  for (unsigned long i = 0; i < kPages / 1024; i++) {
    areas.push_back(Alloc(1024));
    ASSERT_NE(areas.back(), nullptr) << i;
  }
  EXPECT_EQ(Alloc(1), nullptr);
  EXPECT_NE(mm_host::output.find("vmap allocation for size 4096 failed"), std::string::npos);
  EXPECT_TRUE(calls.empty());  // nothing pending, so nothing purged
  areas[3]->vm = nullptr;
  free_vmap_area_noflush(areas[3]);
  EXPECT_EQ(vmap_lazy_nr_pages(), 1024u);
  EXPECT_TRUE(calls.empty());  // lazy: below lazy_max_pages
  EXPECT_EQ(find_vmap_area(areas[3]->va_start), nullptr);
  vmap_area *again = Alloc(1024);  // no space: purges once, then fits
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->va_start, kStart + 3 * 1024 * PAGE_SIZE);
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  EXPECT_EQ(vmap_lazy_nr_pages(), 0u);
}

TEST_F(VmapArea, LazyPurgeIsOneBatchedFlushOverLazyMaxPages) {
  const unsigned long chunk = 1024;  // pages per area
  const unsigned long per_purge = lazy_max_pages() / chunk + 1;  // frees that exceed it
  ASSERT_LE((per_purge + 1) * chunk, kPages);
  std::vector<vmap_area *> areas;
  for (unsigned long i = 0; i <= per_purge; i++) areas.push_back(Alloc(chunk));
  for (unsigned long i = 0; i + 1 < per_purge; i++) free_vmap_area_noflush(areas[i]);
  EXPECT_EQ(vmap_lazy_nr_pages(), (per_purge - 1) * chunk);
  EXPECT_TRUE(calls.empty());
  free_vmap_area_noflush(areas[per_purge - 1]);  // now above lazy_max_pages
  EXPECT_EQ(vmap_lazy_nr_pages(), 0u);
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  ASSERT_EQ(calls.size(), 1u);  // the range is far above the threshold
  EXPECT_EQ(calls[0].form, SFENCE_ALL);
  // The purged space is the lowest free again.
  vmap_area *a = Alloc(1);
  EXPECT_EQ(a->va_start, kStart);
}

TEST_F(VmapArea, SmallPurgeFlushesPageByPageOverTheSpanOfTheLazyAreas) {
  vmap_area *a = Alloc(2);
  vmap_area *b = Alloc(3);
  vmap_area *c = Alloc(2);
  free_vmap_area_noflush(c);
  free_vmap_area_noflush(a);
  purge_vmap_area_lazy();
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  ASSERT_EQ(calls.size(), 7u);  // one flush over [a.start, c.end): 2 + 3 + 2 pages
  EXPECT_EQ(calls.front().addr, kStart);
  EXPECT_EQ(calls.back().addr, kStart + 6 * PAGE_SIZE);
  purge_vmap_area_lazy();  // nothing pending: no flush
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  EXPECT_EQ(find_vmap_area(b->va_start), b);
  EXPECT_MM_PANIC(({
    free_vmap_area_noflush(b);
    free_vmap_area_noflush(b);
  }), "freed twice");
}

TEST_F(VmapArea, VmallocinfoListsAreasInLinuxFormat) {
  vm_struct *a = __get_vm_area_caller(4 * PAGE_SIZE, VM_ALLOC, kStart, kEnd, (void *)0xc0001234);
  a->nr_pages = 4;
  vm_struct *io = __get_vm_area_caller(PAGE_SIZE, VM_IOREMAP, kStart, kEnd, nullptr);
  io->phys_addr = 0x10000000;
  vmap_area *lazy = Alloc(1);
  free_vmap_area_noflush(lazy);
  mm_host::output.clear();
  show_vmallocinfo();
  EXPECT_EQ(mm_host::output,
            "0xc8000000-0xc8005000   20480 0xc0001234 pages=4 vmalloc\n"
            "0xc8005000-0xc8007000    8192 phys=0x10000000 ioremap\n"
            "0xc8007000-0xc8008000    4096 unpurged vm_area\n");
}

}  // namespace

namespace {

namespace sv32 = mmcosim::sv32;

class Vmalloc : public KernelArena {
 protected:
  // Free pages in the buddy after draining the per-CPU lists.
  static unsigned long FreePages() {
    drain_local_pages(nullptr);
    return nr_free_pages();
  }
  // Expects every page of [addr, addr + pages) to translate to `page_at(i)`
  // with R/W, no X, and the page after it (the guard) not to translate.
  template <typename PageAt>
  void ExpectMapped(const void *addr, unsigned long pages, PageAt page_at) {
    unsigned long va = reinterpret_cast<unsigned long>(addr);
    for (unsigned long i = 0; i < pages; i++, va += PAGE_SIZE) {
      struct page *want = page_at(i);
      ASSERT_EQ(vmalloc_to_page(reinterpret_cast<void *>(va + 123)), want) << i;
      ASSERT_EQ(LoadPa(va + 123), PFN_PHYS(page_to_pfn(want)) + 123) << i;
      ASSERT_FALSE(Translate(va, sv32::Access::kStore).fault) << i;
      ASSERT_TRUE(Translate(va, sv32::Access::kFetch).fault) << i;
    }
    EXPECT_TRUE(Translate(va, sv32::Access::kLoad).fault) << "guard page is mapped";
    EXPECT_EQ(vmalloc_to_page(reinterpret_cast<void *>(va)), nullptr);
  }
};

TEST_F(Vmalloc, EveryPageTranslatesToItsPageAndTheGuardFaults) {
  unsigned long tables = nr_kernel_pte_tables;
  void *p = vmalloc(5 * PAGE_SIZE + 1);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(is_vmalloc_addr(p));
  EXPECT_EQ(reinterpret_cast<unsigned long>(p), VMALLOC_START);
  vm_struct *vm = find_vm_area(p);
  ASSERT_NE(vm, nullptr);
  EXPECT_EQ(vm->nr_pages, 6u);
  EXPECT_EQ(vm->flags, VM_ALLOC);
  ExpectMapped(p, 6, [&](unsigned long i) { return vm->pages[i]; });
  EXPECT_EQ(vmalloc_nr_pages(), 6u);
  EXPECT_EQ(nr_kernel_pte_tables, tables + 1);  // one PTE table from the buddy
  EXPECT_TRUE(Translate(VMALLOC_START, sv32::Access::kLoad).global);
  EXPECT_TRUE(tlbflush_host::calls.empty());  // mapping fresh PTEs needs no flush
}

TEST_F(Vmalloc, VzallocPagesAreZero) {
  unsigned char *p = static_cast<unsigned char *>(vzalloc(3 * PAGE_SIZE));
  ASSERT_NE(p, nullptr);
  for (unsigned long i = 0; i < 3; i++) {
    const unsigned char *c = static_cast<unsigned char *>(
        page_address(vmalloc_to_page(p + i * PAGE_SIZE)));
    for (unsigned long b = 0; b < PAGE_SIZE; b++) ASSERT_EQ(c[b], 0) << i << " " << b;
  }
}

// A PTE table the purge leaves empty goes back to the buddy
// (pte_free_kernel): its pgd entry is cleared and the one flush covers its
// 4 MiB; a table that still maps a page stays, and so does every table
// while a process pgd (which copied the kernel half) exists.
TEST_F(Vmalloc, PurgeFreesEmptiedPteTables) {
  unsigned long tables0 = nr_kernel_pte_tables;
  void *a = vmalloc(2 * PAGE_SIZE);
  void *b = vmalloc(PAGE_SIZE);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(nr_kernel_pte_tables, tables0 + 1);
  pgd_t *pgd = pgd_offset_k(reinterpret_cast<unsigned long>(a));
  vfree(a);
  purge_vmap_area_lazy();  // b still maps a page: the table stays
  EXPECT_EQ(nr_kernel_pte_tables, tables0 + 1);
  EXPECT_FALSE(pgd_none(*pgd));
  vfree(b);
  tlbflush_host::Reset();
  unsigned long flushes = tlb_flush_stats.flush_kernel_range, before = FreePages();
  purge_vmap_area_lazy();
  EXPECT_EQ(nr_kernel_pte_tables, tables0);
  EXPECT_TRUE(pgd_none(*pgd));
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, flushes + 1);
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);  // 4 MiB is above the threshold: one full flush
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ALL);
  EXPECT_TRUE(Translate(reinterpret_cast<unsigned long>(b), sv32::Access::kLoad).fault);
  EXPECT_EQ(FreePages(), before + 1);  // the table page came back

  nr_mm_structs = 1;  // a process pgd may hold a copy of the entry
  vfree(vmalloc(PAGE_SIZE));
  purge_vmap_area_lazy();
  EXPECT_EQ(nr_kernel_pte_tables, tables0 + 1);
  EXPECT_FALSE(pgd_none(*pgd));
  nr_mm_structs = 0;
  vfree(vmalloc(PAGE_SIZE));
  purge_vmap_area_lazy();
  EXPECT_EQ(nr_kernel_pte_tables, tables0);
}

TEST_F(Vmalloc, VfreeUnmapsAtOnceFreesPagesAndFlushesLazily) {
  void *pin = vmalloc(PAGE_SIZE);  // keeps the PTE table mapped (the purge frees empty ones)
  vfree(vmalloc(4 * PAGE_SIZE));   // warm up the slab caches
  purge_vmap_area_lazy();
  tlbflush_host::Reset();
  unsigned long free0 = FreePages();
  void *p = vmalloc(4 * PAGE_SIZE);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(FreePages(), free0 - 4);
  vfree(p);
  EXPECT_EQ(FreePages(), free0);
  EXPECT_EQ(vmalloc_nr_pages(), 1u);  // the pin
  unsigned long va = reinterpret_cast<unsigned long>(p);
  for (unsigned long i = 0; i < 4; i++)
    EXPECT_TRUE(Translate(va + i * PAGE_SIZE, sv32::Access::kLoad).fault) << i;
  EXPECT_TRUE(tlbflush_host::calls.empty());  // lazy: no flush yet
  EXPECT_EQ(vmap_lazy_nr_pages(), 5u);        // 4 pages + guard
  EXPECT_EQ(find_vm_area(p), nullptr);
  void *q = vmalloc(PAGE_SIZE);  // does not reuse the unflushed range
  EXPECT_NE(q, p);
  vfree(nullptr);
  EXPECT_MM_PANIC(vfree(p), "vfree: no area");
  EXPECT_MM_PANIC(vfree(static_cast<char *>(q) + 8), "vfree: no area");
  vfree(pin);
}

TEST_F(Vmalloc, LazyPurgeAfterVunmapsIsExactlyOneFlush) {
  struct page *page = alloc_page(GFP_KERNEL);
  const unsigned int count = 1024;  // one page mapped 1024 times per area
  std::vector<struct page *> pages(count, page);
  const unsigned long per_area = count + 1;  // guard
  const unsigned long areas = lazy_max_pages() / per_area + 1;
  std::vector<void *> maps;
  for (unsigned long i = 0; i < areas; i++) {
    maps.push_back(vmap(pages.data(), count, 0, PAGE_KERNEL));
    ASSERT_NE(maps.back(), nullptr) << i;
  }
  ExpectMapped(maps[1], count, [&](unsigned long) { return page; });
  for (unsigned long i = 0; i + 1 < areas; i++) vunmap(maps[i]);
  EXPECT_TRUE(tlbflush_host::calls.empty());
  EXPECT_EQ(vmap_lazy_nr_pages(), (areas - 1) * per_area);
  vunmap(maps.back());
  EXPECT_EQ(tlb_flush_stats.flush_kernel_range, 1u);
  EXPECT_EQ(tlbflush_host::calls.size(), 1u);  // a range this long is one full flush
  EXPECT_EQ(vmap_lazy_nr_pages(), 0u);
  EXPECT_EQ(page_ref_count(page), 1);  // vunmap leaves the pages to their owner
  __free_page(page);
}

TEST_F(Vmalloc, VmapMapsTheCallersPagesInOrderWithItsProt) {
  struct page *pg[3];
  for (auto &p : pg) p = alloc_page(GFP_KERNEL);
  struct page *order[3] = {pg[2], pg[0], pg[1]};
  void *v = vmap(order, 3, 0, PAGE_KERNEL_RO);
  ASSERT_NE(v, nullptr);
  unsigned long va = reinterpret_cast<unsigned long>(v);
  for (unsigned long i = 0; i < 3; i++) {
    EXPECT_EQ(vmalloc_to_page(reinterpret_cast<void *>(va + i * PAGE_SIZE)), order[i]);
    EXPECT_EQ(LoadPa(va + i * PAGE_SIZE), PFN_PHYS(page_to_pfn(order[i])));
    EXPECT_TRUE(Translate(va + i * PAGE_SIZE, sv32::Access::kStore).fault);
  }
  EXPECT_EQ(vmalloc_to_pfn(v), page_to_pfn(pg[2]));
  EXPECT_EQ(find_vm_area(v)->flags, VM_MAP);
  EXPECT_MM_PANIC(vfree(v), "vfree: no area");  // not a vmalloc area
  vunmap(v);
  for (auto &p : pg) __free_page(p);
}

TEST_F(Vmalloc, ExhaustionReturnsNullAndLeaksNothing) {
  vfree(vmalloc(PAGE_SIZE));
  purge_vmap_area_lazy();
  unsigned long free0 = FreePages(), tables0 = nr_kernel_pte_tables;
  EXPECT_EQ(vmalloc(VMALLOC_END - VMALLOC_START + PAGE_SIZE), nullptr);
  EXPECT_NE(mm_host::output.find("vmalloc error: size"), std::string::npos);
  // More pages than the buddy has: fails part way and gives back what it took.
  mm_host::output.clear();
  EXPECT_EQ(vmalloc(kSize), nullptr);
  EXPECT_NE(mm_host::output.find("page order 0 allocation failed"), std::string::npos);
  purge_vmap_area_lazy();
  EXPECT_EQ(FreePages(), free0);  // pages are taken before any is mapped
  EXPECT_EQ(nr_kernel_pte_tables, tables0);
  EXPECT_EQ(vmalloc_nr_pages(), 0u);
  EXPECT_EQ(vmalloc(0), nullptr);
}

TEST_F(Vmalloc, VmallocinfoShowsTheCallerAndPages) {
  void *p = vmalloc(4 * PAGE_SIZE);
  mm_host::output.clear();
  show_vmallocinfo();
  char want[96];
  std::snprintf(want, sizeof want, "0x%08lx-0x%08lx   20480 0x%08lx pages=4 vmalloc\n",
                reinterpret_cast<unsigned long>(p),
                reinterpret_cast<unsigned long>(p) + 5 * PAGE_SIZE,
                reinterpret_cast<unsigned long>(find_vm_area(p)->caller));
  EXPECT_EQ(mm_host::output, want);
  EXPECT_NE(find_vm_area(p)->caller, nullptr);
}

class Ioremap : public Vmalloc {};

TEST_F(Ioremap, DeviceWindowIsReadWriteNoExecWithTheIoBit) {
  const phys_addr_t uart = MMCOSIM_MEMORY_MAP_UART_BASE;
  char *regs = static_cast<char *>(ioremap(uart + 5, 1));
  ASSERT_NE(regs, nullptr);
  unsigned long va = reinterpret_cast<unsigned long>(regs);
  EXPECT_EQ(va % PAGE_SIZE, 5u);
  sv32::Result r = Translate(va, sv32::Access::kLoad);
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(r.pa, uart + 5);
  EXPECT_TRUE(r.pte & _PAGE_IO);
  EXPECT_FALSE(Translate(va, sv32::Access::kStore).fault);
  EXPECT_TRUE(Translate(va, sv32::Access::kFetch).fault);
  vm_struct *vm = find_vm_area(reinterpret_cast<void *>(va - 5));
  ASSERT_NE(vm, nullptr);
  EXPECT_EQ(vm->flags, VM_IOREMAP);
  EXPECT_EQ(vm->phys_addr, uart);
  // The CLINT window: 16 pages, each to its own physical page.
  const phys_addr_t clint = MMCOSIM_MEMORY_MAP_CLINT_BASE;
  unsigned long c = reinterpret_cast<unsigned long>(ioremap(clint, MMCOSIM_MEMORY_MAP_CLINT_SIZE));
  for (unsigned long off = 0; off < MMCOSIM_MEMORY_MAP_CLINT_SIZE; off += PAGE_SIZE)
    ASSERT_EQ(LoadPa(c + off + 8), clint + off + 8) << off;
  EXPECT_TRUE(Translate(c + MMCOSIM_MEMORY_MAP_CLINT_SIZE, sv32::Access::kLoad).fault);
  mm_host::output.clear();
  show_vmallocinfo();
  EXPECT_NE(mm_host::output.find(" phys=0x10000000 ioremap\n"), std::string::npos)
      << mm_host::output;
  iounmap(regs);
  EXPECT_TRUE(Translate(va, sv32::Access::kLoad).fault);
  EXPECT_MM_PANIC(iounmap(regs), "iounmap: bad address");
}

TEST_F(Ioremap, RamAndBadRangesAreRefused) {
  EXPECT_EQ(ioremap(kBase + kSize - PAGE_SIZE, 16), nullptr);
  EXPECT_NE(mm_host::output.find("ioremap on RAM at 0x"), std::string::npos);
  EXPECT_EQ(ioremap(MMCOSIM_MEMORY_MAP_UART_BASE, 0), nullptr);
  EXPECT_EQ(ioremap(0xfffff000u, 0x2000), nullptr);  // wraps
  void *v = vmalloc(PAGE_SIZE);
  EXPECT_MM_PANIC(iounmap(v), "iounmap: bad address");
}

}  // namespace
