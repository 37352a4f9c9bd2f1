// vmalloc_test.cc -- firmware/mm/vmalloc.c on the host: the vmap-area
// allocator (first fit in address order, guard pages, alignment,
// exhaustion), lazy freeing with one batched TLB flush per purge (counted
// through the SFENCE hook), vm_struct lookup and the vmallocinfo view.
#include <string>
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "vmalloc.h"
}

namespace {

using tlbflush_host::calls;

constexpr unsigned long kStart = 0xc8000000ul;    // any page-aligned range
constexpr unsigned long kPages = 32768;           // 128 MiB of address space
constexpr unsigned long kEnd = kStart + kPages * PAGE_SIZE;

class VmapArea : public MmArena {
 protected:
  void SetUp() override {
    MmArena::SetUp();
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
