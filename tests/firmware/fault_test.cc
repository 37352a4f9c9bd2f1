// fault_test.cc -- user page faults, copy-on-write, fork and exit on arena
// page tables.  Every access is translated by the Sv32 golden model in U
// mode (vm_arena.h); the kernel's fault path runs on its page faults.
#include "vm_arena.h"

#include <string>

extern "C" {
#include "page_alloc.h"
#include "vmalloc.h"
}

using mmcosim::sv32::Access;

namespace {

constexpr unsigned long kAddr = 0x10000000;

class FaultTest : public VmArena {
 protected:
  struct mm_struct *NewMm() {
    struct mm_struct *mm = mm_alloc();
    EXPECT_NE(mm, nullptr);
    return mm;
  }
  unsigned long Map(struct mm_struct *mm, unsigned long len, unsigned long prot,
                    unsigned long flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                    unsigned long addr = kAddr) {
    unsigned long a = do_mmap(mm, addr, len, prot, flags, 0);
    EXPECT_FALSE(IS_ERR_VALUE(a)) << "do_mmap: " << (long)a;
    return a;
  }
  unsigned long Asid(struct mm_struct *mm) { return mm_context_asid(mm); }
};

TEST_F(FaultTest, ReadFaultMapsTheZeroPageReadOnly) {
  struct mm_struct *mm = NewMm();
  Map(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  EXPECT_EQ(Peek(mm, kAddr + 5), 0);
  uint32_t pte = Pte(mm, kAddr);
  EXPECT_EQ(pte_pfn(__pte(pte)), page_to_pfn(zero_page));
  EXPECT_FALSE(pte & _PAGE_WRITE);
  EXPECT_TRUE(pte & _PAGE_USER);
  EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 0);
  EXPECT_EQ(fault_stats.anon_read, 1u);
  mmput(mm);
}

TEST_F(FaultTest, WriteFaultMapsAZeroedDirtyPage) {
  struct mm_struct *mm = NewMm();
  Map(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  Poke(mm, kAddr + 3 * PAGE_SIZE + 7, 0x5a);
  uint32_t pte = Pte(mm, kAddr + 3 * PAGE_SIZE);
  EXPECT_EQ(pte & (_PAGE_PRESENT | _PAGE_WRITE | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_USER),
            _PAGE_PRESENT | _PAGE_WRITE | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_USER);
  struct page *page = pte_page(__pte(pte));
  EXPECT_EQ(page_mapcount(page), 1);
  EXPECT_EQ(page_ref_count(page), 1);
  const unsigned char *data = static_cast<const unsigned char *>(page_address(page));
  for (unsigned i = 0; i < PAGE_SIZE; i++)
    if (i != 7) {
      ASSERT_EQ(data[i], 0) << "byte " << i << " not cleared";
    }
  EXPECT_EQ(Peek(mm, kAddr + 3 * PAGE_SIZE + 7), 0x5a);
  EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 1);
  EXPECT_EQ(fault_stats.anon_write, 1u);
  mmput(mm);
}

TEST_F(FaultTest, WriteAfterReadReplacesTheZeroPage) {
  struct mm_struct *mm = NewMm();
  Map(mm, PAGE_SIZE, PROT_READ | PROT_WRITE);
  EXPECT_EQ(Peek(mm, kAddr), 0);
  Poke(mm, kAddr, 9);
  EXPECT_NE(pte_pfn(__pte(Pte(mm, kAddr))), page_to_pfn(zero_page));
  EXPECT_EQ(fault_stats.cow_copy, 1u);
  EXPECT_EQ(Peek(mm, kAddr), 9);
  EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 1);
  mmput(mm);
}

TEST_F(FaultTest, ForkSharesPagesThenCopyOnWriteSeparatesThem) {
  struct mm_struct *parent = NewMm();
  Map(parent, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  Poke(parent, kAddr, 1);
  Poke(parent, kAddr + PAGE_SIZE, 10);
  switch_mm(nullptr, parent);
  tlbflush_host::Reset();
  struct mm_struct *child = dup_mm(parent);
  ASSERT_NE(child, nullptr);
  // Both PTEs read-only on the same page, counted twice; the parent's ASID flushed once.
  struct page *page = pte_page(__pte(Pte(parent, kAddr)));
  EXPECT_EQ(pte_pfn(__pte(Pte(child, kAddr))), page_to_pfn(page));
  EXPECT_FALSE(Pte(parent, kAddr) & _PAGE_WRITE);
  EXPECT_FALSE(Pte(child, kAddr) & _PAGE_WRITE);
  EXPECT_EQ(page_mapcount(page), 2);
  EXPECT_EQ(page_ref_count(page), 2);
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ASID);
  EXPECT_EQ(tlbflush_host::calls[0].asid, Asid(parent));
  EXPECT_EQ(get_mm_counter(child, MM_ANONPAGES), 2);

  EXPECT_EQ(Peek(child, kAddr), 1);
  Poke(child, kAddr, 2);  // copy: the page has two mappings
  EXPECT_EQ(fault_stats.cow_copy, 1u);
  EXPECT_EQ(Peek(parent, kAddr), 1);
  EXPECT_EQ(Peek(child, kAddr), 2);
  EXPECT_EQ(page_mapcount(page), 1);
  Poke(parent, kAddr, 3);  // reuse: the parent's is now the only mapping
  EXPECT_EQ(fault_stats.cow_reuse, 1u);
  EXPECT_EQ(pte_pfn(__pte(Pte(parent, kAddr))), page_to_pfn(page));
  EXPECT_EQ(Peek(child, kAddr), 2);
  EXPECT_EQ(Peek(parent, kAddr), 3);
  EXPECT_EQ(Peek(child, kAddr + PAGE_SIZE), 10);
  mmput(child);
  EXPECT_EQ(page_mapcount(pte_page(__pte(Pte(parent, kAddr + PAGE_SIZE)))), 1);
  mmput(parent);
}

TEST_F(FaultTest, SharedAnonymousPagesStaySharedAcrossFork) {
  struct mm_struct *parent = NewMm();
  Map(parent, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED);
  EXPECT_EQ(get_mm_counter(parent, MM_SHMEMPAGES), 1);
  struct mm_struct *child = dup_mm(parent);
  ASSERT_NE(child, nullptr);
  Poke(child, kAddr, 42);
  EXPECT_EQ(Peek(parent, kAddr), 42);
  EXPECT_EQ(fault_stats.cow_copy, 0u);
  mmput(parent);
  EXPECT_EQ(Peek(child, kAddr), 42);
  mmput(child);
}

TEST_F(FaultTest, ForkExecExitCyclesLeakNothing) {
  auto cycle = [&] {
    struct mm_struct *mm = NewMm();
    Map(mm, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE);
    Map(mm, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
        0x20000000);
    mm->start_brk = mm->brk = 0x00400000;
    EXPECT_EQ(sys_brk(mm, 0x00400000 + 5 * PAGE_SIZE), 0x00400000 + 5 * PAGE_SIZE);
    for (unsigned long i = 0; i < 64; i += 2) Poke(mm, kAddr + i * PAGE_SIZE, (uint8_t)i);
    Poke(mm, 0x00400000, 1);
    struct mm_struct *child = dup_mm(mm);
    ASSERT_NE(child, nullptr);
    for (unsigned long i = 0; i < 64; i += 3) Poke(child, kAddr + i * PAGE_SIZE, 7);
    mmput(child);  // exit
    struct mm_struct *exec = NewMm();  // exec: a new space, the old one put
    mmput(mm);
    Poke(exec, Map(exec, PAGE_SIZE, PROT_READ | PROT_WRITE), 1);
    mmput(exec);
  };
  cycle();  // warm the slab caches
  drain_local_pages(nullptr);  // count the pages on the per-cpu lists as free too
  unsigned long before = nr_free_pages();
  for (int i = 0; i < 5; i++) cycle();
  drain_local_pages(nullptr);
  EXPECT_EQ(nr_free_pages(), before);
  EXPECT_EQ(nr_user_pte_tables, 0u);
  EXPECT_EQ(nr_mm_structs, 0u);
}

TEST_F(FaultTest, MprotectThenWriteIsASegfault) {
  struct mm_struct *mm = NewMm();
  Map(mm, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  Poke(mm, kAddr, 1);
  ASSERT_EQ(do_mprotect(mm, kAddr, PAGE_SIZE, PROT_READ), 0);
  int segv = 0;
  unsigned error = 0;
  EXPECT_EQ(UserAccess(mm, kAddr, Access::kStore, &segv, &error), 0u);
  EXPECT_EQ(segv, SEGV_ACCERR);
  EXPECT_EQ(error, X86_PF_PROT | X86_PF_WRITE | X86_PF_USER);
  EXPECT_EQ(Peek(mm, kAddr), 1);
  Poke(mm, kAddr + PAGE_SIZE, 2);  // the other half stays writable
  mm_host::output.clear();
  show_segfault("mprotect", 7, kAddr, 0x10074, 0x7ffffe00, error);
  EXPECT_EQ(mm_host::output,
            "mprotect[7]: segfault at 10000000 ip 00010074 sp 7ffffe00 error 7\n");
  mmput(mm);
}

TEST_F(FaultTest, MunmapThenAccessIsASegfault) {
  struct mm_struct *mm = NewMm();
  Map(mm, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  Poke(mm, kAddr, 1);
  Poke(mm, kAddr + PAGE_SIZE, 1);
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, kAddr, PAGE_SIZE), 0);
  // Only the unmapped page is flushed (the table still maps the other page).
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ADDR_ASID);
  EXPECT_EQ(tlbflush_host::calls[0].addr, kAddr);
  int segv = 0;
  unsigned error = 0;
  EXPECT_EQ(UserAccess(mm, kAddr, Access::kLoad, &segv, &error), 0u);
  EXPECT_EQ(segv, SEGV_MAPERR);
  EXPECT_EQ(error, X86_PF_USER);
  EXPECT_EQ(UserAccess(mm, kAddr, Access::kFetch, &segv, &error), 0u);
  EXPECT_EQ(error, X86_PF_USER | X86_PF_INSTR);
  EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 1);
  // The last page of the table: the table goes too, and the whole ASID is flushed.
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, kAddr + PAGE_SIZE, PAGE_SIZE), 0);
  EXPECT_EQ(nr_user_pte_tables, 0u);
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ASID);
  mmput(mm);
}

TEST_F(FaultTest, ExecOnlyAndReadOnlyAreasRefuseOtherAccesses) {
  struct mm_struct *mm = NewMm();
  Map(mm, PAGE_SIZE, PROT_EXEC);
  int segv = 0;
  EXPECT_EQ(UserAccess(mm, kAddr, Access::kLoad, &segv), 0u);
  EXPECT_EQ(segv, SEGV_ACCERR);
  EXPECT_NE(UserAccess(mm, kAddr, Access::kFetch, &segv), 0u);
  EXPECT_EQ(segv, 0);
  Map(mm, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, kAddr + PAGE_SIZE);
  EXPECT_EQ(UserAccess(mm, kAddr + PAGE_SIZE, Access::kLoad, &segv), 0u);
  EXPECT_EQ(segv, SEGV_ACCERR);
  EXPECT_EQ(fault_stats.segv, 2u);
  mmput(mm);
}

TEST_F(FaultTest, StackGrowsDownWithinItsLimitAndGuardGap) {
  struct mm_struct *mm = NewMm();
  unsigned long top = STACK_TOP, base = top - 4 * PAGE_SIZE;
  Map(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, base);
  mm->start_stack = top - 16;
  Poke(mm, base - 3 * PAGE_SIZE + 4, 1);  // three pages below the area
  struct vm_area_struct *vma = find_vma(mm, top - 1);
  EXPECT_EQ(vma->vm_start, base - 3 * PAGE_SIZE);
  EXPECT_EQ(fault_stats.stack_grow, 1u);
  EXPECT_EQ(mm->stack_vm, 7u);
  int segv = 0;
  EXPECT_EQ(UserAccess(mm, top - STACK_RLIMIT - PAGE_SIZE, Access::kStore, &segv), 0u);
  EXPECT_EQ(segv, SEGV_MAPERR);
  // An area inside the guard gap stops the growth.
  Map(mm, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, top - (1ul << 20));
  EXPECT_EQ(UserAccess(mm, top - (1ul << 20) + 2 * PAGE_SIZE, Access::kStore, &segv), 0u);
  EXPECT_EQ(segv, SEGV_MAPERR);
  EXPECT_EQ(validate_mm(mm), 0);
  mmput(mm);
}

TEST_F(FaultTest, SvadeSetsAccessedInSoftwareSvaduInHardware) {
  struct mm_struct *mm = NewMm();
  Map(mm, PAGE_SIZE, PROT_READ | PROT_WRITE);
  Poke(mm, kAddr, 1);
  pte_t *ptep = user_pte_offset(mm, kAddr);
  set_pte(ptep, pte_mkclean(pte_mkold(*ptep)));
  EXPECT_EQ(Peek(mm, kAddr), 1);  // Svade: the walk faults, the kernel sets A
  EXPECT_EQ(fault_stats.ad_update, 1u);
  EXPECT_TRUE(pte_young(*ptep));
  EXPECT_FALSE(pte_dirty(*ptep));
  Poke(mm, kAddr, 2);  // and D on the write
  EXPECT_EQ(fault_stats.ad_update, 2u);
  EXPECT_TRUE(pte_dirty(*ptep));

  svadu_enabled = true;
  set_pte(ptep, pte_mkclean(pte_mkold(*ptep)));
  Poke(mm, kAddr, 3);  // Svadu: the walker sets A and D, no fault
  EXPECT_EQ(fault_stats.ad_update, 2u);
  EXPECT_TRUE(pte_young(*ptep));
  EXPECT_TRUE(pte_dirty(*ptep));
  mmput(mm);
}

TEST_F(FaultTest, MadviseDontneedDropsPagesThatReadBackAsZero) {
  struct mm_struct *mm = NewMm();
  Map(mm, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  for (int i = 0; i < 4; i++) Poke(mm, kAddr + i * PAGE_SIZE, 0x11);
  struct page *dropped = pte_page(__pte(Pte(mm, kAddr + PAGE_SIZE)));
  ASSERT_EQ(do_madvise(mm, kAddr + PAGE_SIZE, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
  EXPECT_EQ(page_ref_count(dropped), 0);  // back in the allocator
  EXPECT_EQ(Pte(mm, kAddr + PAGE_SIZE), 0u);
  EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 2);
  EXPECT_EQ(Peek(mm, kAddr + PAGE_SIZE), 0);
  EXPECT_EQ(Peek(mm, kAddr), 0x11);
  EXPECT_EQ(do_madvise(mm, kAddr, 8 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);  // hole after
  EXPECT_EQ(do_madvise(mm, kAddr + 1, PAGE_SIZE, MADV_DONTNEED), -EINVAL);
  EXPECT_EQ(do_madvise(mm, kAddr, PAGE_SIZE, 99), -EINVAL);
  mmput(mm);
}

TEST_F(FaultTest, KernelHalfOfANewPgdIsSwappersAndUserHalfEmpty) {
  init_mm.pgd[pgd_index(PAGE_OFFSET)] = __pgd(0x12345001);
  struct mm_struct *mm = NewMm();
  for (unsigned long i = 0; i < PTRS_PER_PGD; i++) {
    if (i < pgd_index(TASK_SIZE)) ASSERT_TRUE(pgd_none(mm->pgd[i])) << i;
    else ASSERT_EQ(pgd_val(mm->pgd[i]), pgd_val(init_mm.pgd[i])) << i;
  }
  init_mm.pgd[pgd_index(PAGE_OFFSET)] = __pgd(0);
  mmput(mm);
}

// munmap gathers the cleared pages and flushes once at the end: one
// SFENCE per page that was mapped (not per page of the range), one ASID
// flush above the threshold or when a PTE table goes.
TEST_F(FaultTest, MunmapFlushesOnlyTheMappedPagesOnce) {
  using tlbflush_host::calls;
  struct mm_struct *mm = NewMm();
  const unsigned long pages = 64;
  Map(mm, (pages + 1) * PAGE_SIZE, PROT_READ | PROT_WRITE);
  for (unsigned long i : {0ul, 5ul, 6ul, 63ul}) Poke(mm, kAddr + i * PAGE_SIZE, 1);
  Poke(mm, kAddr + pages * PAGE_SIZE, 1);  // keeps the PTE table alive
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, kAddr, pages * PAGE_SIZE), 0);
  ASSERT_EQ(calls.size(), 4u);  // was 64: one per page of the range
  for (unsigned i = 0; i < calls.size(); i++) {
    EXPECT_EQ(calls[i].form, SFENCE_ADDR_ASID) << i;
    EXPECT_EQ(calls[i].asid, Asid(mm)) << i;
  }
  EXPECT_EQ(calls[3].addr, kAddr + 63 * PAGE_SIZE);
  EXPECT_EQ(tlb_flush_stats.gather_flush, 1u);
  EXPECT_EQ(tlb_flush_stats.local_flush_one, 4u);
  EXPECT_EQ(tlb_flush_stats.local_flush_all, 0u);

  // Nothing mapped in the range: no flush at all.
  Map(mm, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE);
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, kAddr, 8 * PAGE_SIZE), 0);
  EXPECT_TRUE(calls.empty());

  // More pages than the threshold: one ASID flush.
  const unsigned long many = TLB_GATHER_PAGES + 1, at = kAddr + 128 * PAGE_SIZE;  // same table
  Map(mm, many * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, at);
  for (unsigned long i = 0; i < many; i++) Poke(mm, at + i * PAGE_SIZE, 1);
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, at, many * PAGE_SIZE), 0);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].form, SFENCE_ASID);
  EXPECT_EQ(tlb_flush_stats.gather_to_full, 1u);

  // The last page of a PTE table: the table goes, so does the whole ASID.
  tlbflush_host::Reset();
  ASSERT_EQ(do_munmap(mm, kAddr + pages * PAGE_SIZE, PAGE_SIZE), 0);
  EXPECT_EQ(user_pte_offset(mm, kAddr), nullptr);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].form, SFENCE_ASID);
  mmput(mm);
}

// A vmalloc PTE table made after a process's pgd was copied from
// swapper_pg_dir is missing there: vmalloc_fault copies init_mm's entry.
TEST_F(FaultTest, VmallocFaultCopiesTheKernelEntryMadeAfterThePgd) {
  struct mm_struct *mm = NewMm();
  const unsigned long addr = VMALLOC_START + 4 * PGDIR_SIZE + 3 * PAGE_SIZE;
  const unsigned long idx = pgd_index(addr);
  ASSERT_TRUE(pgd_none(init_mm.pgd[idx]));
  EXPECT_EQ(vmalloc_fault(mm->pgd, addr), -EFAULT);  // init_mm has nothing there either
  struct page *table = alloc_page(GFP_KERNEL | __GFP_ZERO);
  struct page *data = alloc_page(GFP_KERNEL);
  ASSERT_NE(table, nullptr);
  ASSERT_NE(data, nullptr);
  init_mm.pgd[idx] = pfn_pgd(page_to_pfn(table), PAGE_TABLE);
  EXPECT_EQ(vmalloc_fault(mm->pgd, addr), -EFAULT);  // the table maps no page at addr
  *pte_offset_kernel(&init_mm.pgd[idx], addr) = mk_pte(data, PAGE_KERNEL);
  ASSERT_TRUE(pgd_none(mm->pgd[idx]));
  unsigned long before = nr_vmalloc_faults;
  tlbflush_host::Reset();
  EXPECT_EQ(vmalloc_fault(mm->pgd, addr), 0);
  EXPECT_EQ(pgd_val(mm->pgd[idx]), pgd_val(init_mm.pgd[idx]));
  EXPECT_EQ(nr_vmalloc_faults, before + 1);
  ASSERT_EQ(tlbflush_host::calls.size(), 1u);
  EXPECT_EQ(tlbflush_host::calls[0].form, SFENCE_ADDR);
  EXPECT_EQ(vmalloc_fault(mm->pgd, addr), 0);  // already there: a stale TLB entry, flushed
  EXPECT_EQ(nr_vmalloc_faults, before + 1);
  EXPECT_EQ(vmalloc_fault(mm->pgd, PAGE_OFFSET), -EFAULT);  // not the vmalloc area
  mm->pgd[idx] = __pgd(pgd_val(init_mm.pgd[idx]) ^ (1u << _PAGE_PFN_SHIFT));
  EXPECT_EQ(vmalloc_fault(mm->pgd, addr), -EFAULT);  // a different table: a real bug
  mm->pgd[idx] = __pgd(0);
  init_mm.pgd[idx] = __pgd(0);
  __free_page(data);
  __free_page(table);
  mmput(mm);
}

}  // namespace

namespace {

TEST_F(FaultTest, AccessRemoteVmCopiesThroughFaultsAndForcesReadOnlyText) {
  struct mm_struct *mm = NewMm();
  // A read-only "text" area: a forced write fills it without making it writable.
  Map(mm, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC);
  const char text[] = "hello, user space";
  unsigned long at = kAddr + PAGE_SIZE - 5;  // straddles the two pages
  EXPECT_EQ(access_remote_vm(mm, at, const_cast<char *>(text), sizeof text, FOLL_WRITE), 0);
  EXPECT_EQ(access_remote_vm(mm, at, const_cast<char *>(text), sizeof text,
                             FOLL_WRITE | FOLL_FORCE), (int)sizeof text);
  EXPECT_FALSE(Pte(mm, kAddr) & _PAGE_WRITE);
  EXPECT_FALSE(Pte(mm, kAddr + PAGE_SIZE) & _PAGE_WRITE);
  for (unsigned i = 0; i < sizeof text; i++) ASSERT_EQ(Peek(mm, at + i), (uint8_t)text[i]);
  char back[sizeof text] = {};
  EXPECT_EQ(access_remote_vm(mm, at, back, sizeof back, 0), (int)sizeof back);
  EXPECT_STREQ(back, text);
  // After a fork the child's write copies: the parent keeps its bytes.
  struct mm_struct *child = dup_mm(mm);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(access_remote_vm(child, at, const_cast<char *>("HELLO"), 5, FOLL_WRITE | FOLL_FORCE), 5);
  EXPECT_EQ(Peek(child, at), 'H');
  EXPECT_EQ(Peek(mm, at), 'h');
  // Stops at the end of the areas.
  EXPECT_EQ(access_remote_vm(mm, kAddr + 2 * PAGE_SIZE - 3, back, 8, 0), 3);
  mmput(child);
  mmput(mm);
}

}  // namespace
