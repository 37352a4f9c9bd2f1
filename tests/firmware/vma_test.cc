// vma_test.cc -- the memory areas of an address space: random mmap /
// munmap / mprotect sequences against a shadow page model with the tree
// invariants checked after every step, Linux's errno for every bad
// argument, placement, brk, and the /proc/<pid>/maps view.
#include "vm_arena.h"

extern "C" {
#include "rmap.h"
}

#include <map>
#include <random>
#include <sstream>
#include <string>

extern "C" {
#include "page_alloc.h"
}

namespace {

class VmaTest : public VmArena {
 protected:
  void SetUp() override {
    VmArena::SetUp();
    mm_ = mm_alloc();
    ASSERT_NE(mm_, nullptr);
  }
  void TearDown() override {
    if (mm_) mmput(mm_);
    VmArena::TearDown();
  }
  unsigned long Mmap(unsigned long addr, unsigned long len, unsigned long prot,
                     unsigned long flags) {
    return do_mmap(mm_, addr, len, prot, flags, 0);
  }
  struct mm_struct *mm_ = nullptr;
};

constexpr unsigned long kAnon = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr unsigned long kRw = PROT_READ | PROT_WRITE;

// The shadow: page number -> vm_flags access bits; checked against the areas.
void CheckAgainstShadow(struct mm_struct *mm, const std::map<unsigned long, unsigned long> &shadow) {
  ASSERT_EQ(validate_mm(mm), 0) << mm_host::output;
  unsigned long pages = 0;
  for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
    for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
      auto it = shadow.find(a >> PAGE_SHIFT);
      ASSERT_NE(it, shadow.end()) << std::hex << "area page " << a << " not in the shadow";
      ASSERT_EQ(it->second, v->vm_flags & VM_ACCESS_FLAGS) << std::hex << a;
    }
    pages += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
    // Merging: no two touching areas with the same flags.
    if (v->vm_next && v->vm_next->vm_start == v->vm_end) {
      ASSERT_NE(v->vm_flags, v->vm_next->vm_flags) << std::hex << "unmerged at " << v->vm_end;
    }
  }
  ASSERT_EQ(pages, shadow.size());
  ASSERT_EQ(mm->total_vm, pages);
}

unsigned long ProtBits(unsigned long prot) {
  return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
         ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

TEST_F(VmaTest, RandomMmapMunmapMprotectMatchTheShadow) {
  std::mt19937 rng(10);
  std::map<unsigned long, unsigned long> shadow;
  const unsigned long window = 0x20000000, window_pages = 512;
  int maps = 0, unmaps = 0, protects = 0, placed = 0;
  for (int step = 0; step < 3000; step++) {
    unsigned long page = rng() % window_pages, npages = 1 + rng() % 24;
    unsigned long addr = window + page * PAGE_SIZE, len = npages * PAGE_SIZE;
    unsigned long prot = rng() % 8;
    switch (rng() % 4) {
      case 0: {  // MAP_FIXED inside the window
        ASSERT_EQ(Mmap(addr, len, prot, kAnon | MAP_FIXED), addr);
        for (unsigned long p = 0; p < npages; p++) shadow[(addr >> PAGE_SHIFT) + p] = ProtBits(prot);
        maps++;
        break;
      }
      case 1: {  // placed by the kernel (hint or none)
        if (mm_->map_count > 200) break;
        unsigned long hint = (rng() % 2) ? addr : 0;
        unsigned long a = Mmap(hint, len, prot, kAnon);
        ASSERT_FALSE(IS_ERR_VALUE(a));
        ASSERT_EQ(a & ~PAGE_MASK, 0u);
        for (unsigned long p = 0; p < npages; p++) {
          ASSERT_EQ(shadow.count((a >> PAGE_SHIFT) + p), 0u) << "placed over a mapping";
          shadow[(a >> PAGE_SHIFT) + p] = ProtBits(prot);
        }
        placed++;
        break;
      }
      case 2: {
        ASSERT_EQ(do_munmap(mm_, addr, len), 0);
        for (unsigned long p = 0; p < npages; p++) shadow.erase((addr >> PAGE_SHIFT) + p);
        unmaps++;
        break;
      }
      default: {
        bool covered = true;
        for (unsigned long p = 0; p < npages; p++)
          covered = covered && shadow.count((addr >> PAGE_SHIFT) + p);
        int rc = do_mprotect(mm_, addr, len, prot);
        if (!covered) {
          ASSERT_EQ(rc, -ENOMEM);
        } else {
          ASSERT_EQ(rc, 0);
          for (unsigned long p = 0; p < npages; p++) shadow[(addr >> PAGE_SHIFT) + p] = ProtBits(prot);
          protects++;
        }
      }
    }
    if (rng() % 8 == 0 && !shadow.empty()) {  // touch a mapped page
      auto it = shadow.begin();
      std::advance(it, rng() % shadow.size());
      unsigned long va = it->first << PAGE_SHIFT;
      int segv = 0;
      UserAccess(mm_, va, (it->second & VM_WRITE) ? mmcosim::sv32::Access::kStore
                                                  : mmcosim::sv32::Access::kLoad, &segv);
      ASSERT_EQ(segv, it->second & VM_READ || it->second & VM_WRITE ? 0 : SEGV_ACCERR);
    }
    CheckAgainstShadow(mm_, shadow);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "step " << step;
      return;
    }
  }
  // Every kind of step happened many times (not only "stimulus ran").
  EXPECT_GT(maps, 500);
  EXPECT_GT(unmaps, 500);
  EXPECT_GT(protects, 100);
  EXPECT_GT(placed, 200);
}

TEST_F(VmaTest, BadArgumentsGetLinuxErrnos) {
  EXPECT_EQ((long)Mmap(0, 0, kRw, kAnon), -EINVAL);
  EXPECT_EQ((long)Mmap(0x10000001, PAGE_SIZE, kRw, kAnon | MAP_FIXED), -EINVAL);
  EXPECT_EQ((long)Mmap(0, PAGE_SIZE, kRw, MAP_ANONYMOUS), -EINVAL);  // no map type
  EXPECT_EQ((long)Mmap(0, PAGE_SIZE, kRw, MAP_ANONYMOUS | 0x0f), -EINVAL);
  EXPECT_EQ((long)Mmap(0, 0xfffff001, kRw, kAnon), -ENOMEM);  // rounds to 0
  EXPECT_EQ((long)Mmap(0, TASK_SIZE, kRw, kAnon), -ENOMEM);
  EXPECT_EQ((long)Mmap(TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE, kRw, kAnon | MAP_FIXED), -ENOMEM);
  EXPECT_EQ((long)Mmap(0, PAGE_SIZE, kRw, kAnon | MAP_FIXED), -EPERM);  // below mmap_min_addr
  EXPECT_EQ((long)Mmap(0, PAGE_SIZE, kRw, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN), -EINVAL);
  EXPECT_EQ((long)vm_mmap(mm_, 0, PAGE_SIZE, kRw, MAP_PRIVATE, 3, 0), -EBADF);  // a file
  EXPECT_EQ((long)vm_mmap(mm_, 0, PAGE_SIZE, kRw, kAnon, -1, 1), -EINVAL);  // unaligned offset
  EXPECT_EQ((long)do_mmap(mm_, 0, 2 * PAGE_SIZE, kRw, kAnon, ~0ul), -EOVERFLOW);
  ASSERT_EQ(Mmap(0x10000000, 2 * PAGE_SIZE, kRw, kAnon | MAP_FIXED), 0x10000000u);
  EXPECT_EQ((long)Mmap(0x10001000, PAGE_SIZE, kRw, kAnon | MAP_FIXED_NOREPLACE), -EEXIST);
  EXPECT_EQ(Mmap(0x10002000, PAGE_SIZE, kRw, kAnon | MAP_FIXED_NOREPLACE), 0x10002000u);

  EXPECT_EQ(do_munmap(mm_, 0x10000001, PAGE_SIZE), -EINVAL);
  EXPECT_EQ(do_munmap(mm_, 0x10000000, 0), -EINVAL);
  EXPECT_EQ(do_munmap(mm_, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
  EXPECT_EQ(do_munmap(mm_, 0x30000000, PAGE_SIZE), 0);  // nothing there: not an error

  EXPECT_EQ(do_mprotect(mm_, 0x10000001, PAGE_SIZE, PROT_READ), -EINVAL);
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, PAGE_SIZE, 0x80), -EINVAL);
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, PAGE_SIZE, PROT_READ | PROT_GROWSUP), -EINVAL);
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, PAGE_SIZE, PROT_READ | PROT_GROWSDOWN), -EINVAL);
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, 8 * PAGE_SIZE, PROT_READ), -ENOMEM);  // hole
  EXPECT_EQ(do_mprotect(mm_, 0x30000000, PAGE_SIZE, PROT_READ), -ENOMEM);
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, 0, PROT_READ), 0);
  struct vm_area_struct *vma = find_vma(mm_, 0x10000000);
  vma->vm_flags &= ~VM_MAYWRITE;
  EXPECT_EQ(do_mprotect(mm_, 0x10000000, PAGE_SIZE, kRw), -EACCES);
  EXPECT_EQ(validate_mm(mm_), 0);
}

TEST_F(VmaTest, PlacementIsTopDownBelowMmapBase) {
  EXPECT_EQ(mm_->mmap_base, STACK_TOP - MMAP_MIN_GAP);
  unsigned long a = Mmap(0, 3 * PAGE_SIZE, kRw, kAnon);
  EXPECT_EQ(a, mm_->mmap_base - 3 * PAGE_SIZE);
  unsigned long b = Mmap(0, PAGE_SIZE, PROT_READ, kAnon);
  EXPECT_EQ(b, a - PAGE_SIZE);
  EXPECT_EQ(mm_->map_count, 2);  // different flags: not merged
  unsigned long c = Mmap(0, PAGE_SIZE, kRw, kAnon);
  EXPECT_EQ(c, b - PAGE_SIZE);
  // A free hint is taken; a taken one is not.
  EXPECT_EQ(Mmap(0x40000000, PAGE_SIZE, kRw, kAnon), 0x40000000u);
  EXPECT_EQ(Mmap(0x40000000, PAGE_SIZE, kRw, kAnon), c - PAGE_SIZE);
  // A stack keeps its guard gap: a hint just below it moves away.
  unsigned long stack = STACK_TOP - 32 * PAGE_SIZE;
  ASSERT_EQ(Mmap(stack, 32 * PAGE_SIZE, kRw, kAnon | MAP_FIXED | MAP_GROWSDOWN), stack);
  EXPECT_NE(Mmap(stack - 2 * PAGE_SIZE, PAGE_SIZE, kRw, kAnon), stack - 2 * PAGE_SIZE);
  // Merging: adjacent anonymous mappings with the same flags become one area.
  ASSERT_EQ(Mmap(0x50000000, PAGE_SIZE, kRw, kAnon | MAP_FIXED), 0x50000000u);
  ASSERT_EQ(Mmap(0x50002000, PAGE_SIZE, kRw, kAnon | MAP_FIXED), 0x50002000u);
  int before = mm_->map_count;
  ASSERT_EQ(Mmap(0x50001000, PAGE_SIZE, kRw, kAnon | MAP_FIXED), 0x50001000u);
  EXPECT_EQ(mm_->map_count, before - 1);
  EXPECT_EQ(find_vma(mm_, 0x50000000)->vm_end, 0x50003000u);
  // Splitting: mprotect of the middle page makes three areas.
  ASSERT_EQ(do_mprotect(mm_, 0x50001000, PAGE_SIZE, PROT_READ), 0);
  EXPECT_EQ(mm_->map_count, before + 1);
  ASSERT_EQ(do_mprotect(mm_, 0x50001000, PAGE_SIZE, kRw), 0);
  EXPECT_EQ(mm_->map_count, before - 1);
  EXPECT_EQ(validate_mm(mm_), 0);
}

TEST_F(VmaTest, BrkGrowsShrinksAndRefusesBadValues) {
  const unsigned long start = 0x00400000;
  mm_->start_brk = mm_->brk = start;
  EXPECT_EQ(sys_brk(mm_, 0), start);  // the query
  EXPECT_EQ(sys_brk(mm_, start - 1), start);  // below start_brk: unchanged
  EXPECT_EQ(sys_brk(mm_, start + 100), start + 100);
  EXPECT_EQ(mm_->total_vm, 1u);
  EXPECT_EQ(sys_brk(mm_, start + 3 * PAGE_SIZE + 1), start + 3 * PAGE_SIZE + 1);
  EXPECT_EQ(mm_->total_vm, 4u);
  EXPECT_EQ(mm_->map_count, 1);  // grown in place
  Poke(mm_, start + 3 * PAGE_SIZE, 1);
  EXPECT_EQ(sys_brk(mm_, start + PAGE_SIZE), start + PAGE_SIZE);  // shrink unmaps
  EXPECT_EQ(mm_->total_vm, 1u);
  EXPECT_EQ(get_mm_counter(mm_, MM_ANONPAGES), 0);
  int segv = 0;
  UserAccess(mm_, start + 3 * PAGE_SIZE, mmcosim::sv32::Access::kLoad, &segv);
  EXPECT_EQ(segv, SEGV_MAPERR);
  // Growing into another mapping fails and leaves the break.
  ASSERT_EQ(Mmap(start + 8 * PAGE_SIZE, PAGE_SIZE, PROT_READ, kAnon | MAP_FIXED), start + 8 * PAGE_SIZE);
  EXPECT_EQ(sys_brk(mm_, start + 9 * PAGE_SIZE), start + PAGE_SIZE);
  EXPECT_EQ(sys_brk(mm_, TASK_SIZE + PAGE_SIZE), start + PAGE_SIZE);
  EXPECT_EQ(sys_brk(mm_, start + 7 * PAGE_SIZE), start + 7 * PAGE_SIZE);
  EXPECT_EQ(validate_mm(mm_), 0);
}

TEST_F(VmaTest, MapsViewHasLinuxFormatAndNames) {
  mm_->start_brk = mm_->brk = 0x00012000;
  ASSERT_EQ(Mmap(0x00010000, PAGE_SIZE, PROT_READ | PROT_EXEC, kAnon | MAP_FIXED), 0x00010000u);
  ASSERT_EQ(sys_brk(mm_, 0x00013000), 0x00013000u);
  ASSERT_EQ(Mmap(0x20000000, PAGE_SIZE, kRw, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED), 0x20000000u);
  unsigned long stack = STACK_TOP - 2 * PAGE_SIZE;
  ASSERT_EQ(Mmap(stack, 2 * PAGE_SIZE, kRw, kAnon | MAP_FIXED | MAP_GROWSDOWN), stack);
  mm_->start_stack = STACK_TOP - 64;
  mm_host::output.clear();
  show_maps(mm_);
  EXPECT_EQ(mm_host::output,
            "00010000-00011000 r-xp 00000000 00:00 0 \n"
            "00012000-00013000 rw-p 00000000 00:00 0          [heap]\n"
            "20000000-20001000 rw-s 00000000 00:00 0 \n"
            "bfffe000-c0000000 rw-p 00000000 00:00 0          [stack]\n");
  Poke(mm_, 0x00012000, 1);
  mm_host::output.clear();
  show_mm_status(mm_);
  EXPECT_NE(mm_host::output.find("VmSize:\t      20 kB\n"), std::string::npos) << mm_host::output;
  EXPECT_NE(mm_host::output.find("RssAnon:\t       4 kB\n"), std::string::npos);
  EXPECT_NE(mm_host::output.find("RssShmem:\t       4 kB\n"), std::string::npos);
  EXPECT_NE(mm_host::output.find("VmStk:\t       8 kB\n"), std::string::npos);
}

}  // namespace

namespace {

// Resident pages counted from the page tables: PTEs holding a page other
// than the zero page, each such page's mapcount at least 1.
long CountResident(struct mm_struct *mm) {
  long n = 0;
  for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
    for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
      pte_t *p = user_pte_offset(mm, a);
      if (!p || pte_none(*p) || is_zero_pfn(pte_pfn(*p))) continue;
      EXPECT_GE(page_mapcount(pte_page(*p)), 1);
      EXPECT_GE(page_ref_count(pte_page(*p)), page_mapcount(pte_page(*p)));
      n++;
    }
  return n;
}

TEST_F(VmaTest, RandomOpsWithFaultsForkAndExitKeepCountsExact) {
  mmput(mm_);  // start from nothing, measured
  mm_ = nullptr;
  {  // warm the slab caches once (areas, and the anon_vma + chain link of a fault)
    struct mm_struct *w = mm_alloc();
    ASSERT_EQ(do_mmap(w, 0x20000000, PAGE_SIZE, kRw, kAnon | MAP_FIXED, 0), 0x20000000u);
    Poke(w, 0x20000000, 1);
    mmput(w);
  }
  drain_local_pages(nullptr);
  const unsigned long free_before = nr_free_pages();
  std::mt19937 rng(11);
  struct mm_struct *mm = mm_alloc();
  ASSERT_NE(mm, nullptr);
  mm->start_brk = mm->brk = 0x00400000;
  const unsigned long window = 0x20000000, window_pages = 256;
  int forks = 0, cows = 0;
  for (int step = 0; step < 1500; step++) {
    unsigned long addr = window + (rng() % window_pages) * PAGE_SIZE;
    unsigned long len = (1 + rng() % 16) * PAGE_SIZE;
    switch (rng() % 7) {
      case 0: do_mmap(mm, addr, len, rng() % 8, ((rng() % 4) ? kAnon : MAP_SHARED | MAP_ANONYMOUS) | MAP_FIXED, 0); break;
      case 1: ASSERT_EQ(do_munmap(mm, addr, len), 0); break;
      case 2: do_mprotect(mm, addr, len, rng() % 8); break;
      case 3: do_madvise(mm, addr, len, MADV_DONTNEED); break;
      case 4: sys_brk(mm, 0x00400000 + (rng() % 64) * PAGE_SIZE); break;
      case 5: {  // fork; the child writes some pages and exits
        struct mm_struct *child = dup_mm(mm);
        ASSERT_NE(child, nullptr);
        ASSERT_EQ(validate_mm(child), 0);
        ASSERT_EQ(CountResident(child), get_mm_counter(child, MM_ANONPAGES) +
                                            get_mm_counter(child, MM_SHMEMPAGES));
        unsigned long before = fault_stats.cow_copy;
        for (struct vm_area_struct *v = child->mmap; v; v = v->vm_next)
          if (v->vm_flags & VM_WRITE) Poke(child, v->vm_start, 0x77);
        cows += (int)(fault_stats.cow_copy - before);
        mmput(child);
        forks++;
        break;
      }
      default: {  // touch: every access the area allows works, others are SIGSEGV
        struct vm_area_struct *v = find_vma(mm, addr);
        if (!v) break;
        unsigned long va = v->vm_start + (rng() % ((v->vm_end - v->vm_start) >> PAGE_SHIFT)) * PAGE_SIZE;
        int segv = 0;
        bool write = rng() % 2;
        UserAccess(mm, va, write ? mmcosim::sv32::Access::kStore : mmcosim::sv32::Access::kLoad, &segv);
        bool allowed = write ? (v->vm_flags & VM_WRITE) : (v->vm_flags & (VM_READ | VM_WRITE));
        ASSERT_EQ(segv, allowed ? 0 : SEGV_ACCERR) << std::hex << va;
      }
    }
    ASSERT_EQ(validate_mm(mm), 0) << "step " << step << mm_host::output;
    ASSERT_EQ(CountResident(mm), get_mm_counter(mm, MM_ANONPAGES) + get_mm_counter(mm, MM_SHMEMPAGES))
        << "step " << step;
  }
  EXPECT_GT(forks, 150);
  EXPECT_GT(cows, 100);
  mmput(mm);
  drain_local_pages(nullptr);
  EXPECT_EQ(nr_free_pages(), free_before);
  EXPECT_EQ(nr_user_pte_tables, 0u);
  EXPECT_EQ(nr_mm_structs, 0u);
  EXPECT_EQ(nr_anon_vmas, 0u);
  EXPECT_EQ(nr_anon_vma_chains, 0u);
}

}  // namespace
