// reclaim_test.cc -- memory pressure on the host: swap entries and the
// mkswap header (images made by util-linux mkswap(8)), the reverse map over
// fork families, the LRU aging rules, swap-out and swap-in through the RAM
// disk, kswapd and direct reclaim, the OOM killer, and random mixed
// workloads with every page's contents and every count checked.
//
// User accesses go through the Sv32 golden model (vm_arena.h) with Svade:
// a PTE whose A bit reclaim cleared faults again and the handler sets it,
// exactly as on the machine.  Memory pressure is made by holding most of
// the arena's free pages ("balloon") so that a few hundred pages remain.
#include "vm_arena.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "blkdev.h"
#include "page_alloc.h"
#include "rmap.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"
}

namespace {

constexpr unsigned long kAnon = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr unsigned long kRw = PROT_READ | PROT_WRITE;
constexpr unsigned long kBase0 = 0x10000000;

// A swap image made by mkswap(8) on a file of `pages` pages; `extra` runs on the file first.
std::vector<unsigned char> MkswapImage(unsigned long pages, const std::string &label) {
  char path[] = "/tmp/reclaim_test_swapXXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(ftruncate(fd, static_cast<off_t>(pages * PAGE_SIZE)), 0);
  close(fd);
  std::string cmd = "mkswap -q -p 4096 -L " + label + " " + path + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> img((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path);
  EXPECT_EQ(img.size(), pages * PAGE_SIZE);
  return img;
}

class ReclaimTest : public VmArena {
 protected:
  void SetUp() override {
    VmArena::SetUp();
    for (auto &si : swap_info) si = swap_info_struct{};
    nr_swap_pages = total_swap_pages = 0;
    nr_swapcache_pages = 0;
    swap_stats = {};
    rmap_stats = {};
    reclaim_stats = {};
    oom_ops = nullptr;
    oom_last_killed_pid = 0;
    rmap_file_ops = nullptr;
    kswapd_wake_hook = nullptr;
    contig_page_data.kswapd_awake = false;
  }
  void TearDown() override {
    for (mm_struct *mm : mms_) mmput(mm);
    mms_.clear();
    for (int t = 0; t < MAX_SWAPFILES; t++)
      if (swap_info[t].flags & SWP_USED) {
        EXPECT_EQ(swapoff(t), 0) << "slots leaked in area " << t;
      }
    for (page *p : balloon_) __free_page(p);
    oom_ops = nullptr;
    VmArena::TearDown();
  }

  // swapon over a RAM disk holding an mkswap(8) image of `pages` pages.
  void SwapOn(unsigned long pages) {
    disk_ = MkswapImage(pages, "hostswap");
    brd_init(&brd_, "ram0", disk_.data(), pages * PAGE_SECTORS);
    ASSERT_GE(swapon(&brd_.bdev, -1), 0) << mm_host::output;
  }

  // Holds free pages until only `keep` remain free (pcp lists drained).
  void Balloon(unsigned long keep) {
    drain_local_pages(nullptr);
    while (nr_free_pages() > keep) {  // movable: the CMA area goes too
      page *p = alloc_page((GFP_HIGHUSER_MOVABLE & ~__GFP_DIRECT_RECLAIM) | __GFP_NOWARN);
      ASSERT_NE(p, nullptr);
      balloon_.push_back(p);
      if (balloon_.size() % 64 == 0) drain_local_pages(nullptr);
    }
  }

  mm_struct *NewMm(unsigned long pages) {
    mm_struct *mm = mm_alloc();
    EXPECT_NE(mm, nullptr);
    EXPECT_EQ(do_mmap(mm, kBase0, pages * PAGE_SIZE, kRw, kAnon | MAP_FIXED, 0), kBase0);
    mms_.push_back(mm);
    return mm;
  }
  void Exit(mm_struct *mm) {
    mms_.erase(std::find(mms_.begin(), mms_.end(), mm));
    mmput(mm);
  }
  mm_struct *Fork(mm_struct *mm) {
    mm_struct *c = dup_mm(mm);
    EXPECT_NE(c, nullptr);
    mms_.push_back(c);
    return c;
  }

  // Fills / checks the whole page at `va` with the pattern of `seed`.
  static unsigned char Pattern(uint32_t seed, unsigned i) {
    return static_cast<unsigned char>((seed * 2654435761u + i * 40503u) >> 13);
  }
  void Fill(mm_struct *mm, unsigned long va, uint32_t seed) {
    int segv = 0;
    uint64_t pa = UserAccess(mm, va, mmcosim::sv32::Access::kStore, &segv);
    ASSERT_EQ(segv, 0);
    ASSERT_NE(pa, 0u);
    unsigned char *p = dram_ + ((pa & ~uint64_t{PAGE_SIZE - 1}) - kBase);
    for (unsigned i = 0; i < PAGE_SIZE; i++) p[i] = Pattern(seed, i);
  }
  bool Check(mm_struct *mm, unsigned long va, uint32_t seed) {
    int segv = 0;
    uint64_t pa = UserAccess(mm, va, mmcosim::sv32::Access::kLoad, &segv);
    if (segv || !pa) return false;
    const unsigned char *p = dram_ + ((pa & ~uint64_t{PAGE_SIZE - 1}) - kBase);
    for (unsigned i = 0; i < PAGE_SIZE; i++)
      if (p[i] != Pattern(seed, i)) return false;
    return true;
  }
  page *PageAt(mm_struct *mm, unsigned long va) {
    pte_t *p = user_pte_offset(mm, va);
    return p && pte_present(*p) ? pte_page(*p) : nullptr;
  }

  // Every count that reclaim keeps, against a full walk of the live mms.
  void CheckInvariants() {
    std::map<page *, int> maps;        // present PTEs per page
    std::map<unsigned long, int> swp;  // swap PTEs per entry
    for (mm_struct *mm : mms_) {
      long anon = 0, swapents = 0;
      for (vm_area_struct *v = mm->mmap; v; v = v->vm_next)
        for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
          pte_t *p = user_pte_offset(mm, a);
          if (!p || pte_none(*p)) continue;
          if (is_swap_pte(*p)) {
            swp[pte_to_swp_entry(*p).val]++;
            swapents++;
          } else if (!is_zero_pfn(pte_pfn(*p))) {
            maps[pte_page(*p)]++;
            anon++;
          }
        }
      ASSERT_EQ(get_mm_counter(mm, MM_ANONPAGES), anon);
      ASSERT_EQ(get_mm_counter(mm, MM_SWAPENTS), swapents);
    }
    for (auto &[pg, n] : maps) {
      ASSERT_EQ(page_mapcount(pg), n) << "pfn " << page_to_pfn(pg);
      ASSERT_EQ(page_ref_count(pg), n + (PageSwapCache(pg) ? 1 : 0)) << "pfn " << page_to_pfn(pg);
      ASSERT_TRUE(PageLRU(pg)) << "pfn " << page_to_pfn(pg) << " flags " << std::hex << pg->flags;
      ASSERT_TRUE(PageAnon(pg)) << "pfn " << page_to_pfn(pg);
      // the anon_vma the page names reaches every PTE that maps it
      ASSERT_EQ(rmap_walk(pg, [](page *, vm_area_struct *, unsigned long, pte_t *, void *) { return true; },
                          nullptr),
                n);
    }
    unsigned long inuse = 0, cached = 0;
    for (int t = 0; t < MAX_SWAPFILES; t++) {
      const swap_info_struct &si = swap_info[t];
      if (!(si.flags & SWP_USED)) continue;
      for (unsigned long off = 1; off < si.max; off++) {
        unsigned char v = si.swap_map[off];
        if (v == SWAP_MAP_BAD) continue;
        swp_entry_t e = swp_entry(t, off);
        ASSERT_EQ(SWAP_COUNT(v), swp.count(e.val) ? swp[e.val] : 0) << "slot " << off;
        ASSERT_EQ((v & SWAP_HAS_CACHE) != 0, si.swap_cache[off] != nullptr) << "slot " << off;
        if (si.swap_cache[off]) {
          cached++;
          ASSERT_TRUE(PageSwapCache(si.swap_cache[off]));
          ASSERT_EQ(page_private(si.swap_cache[off]), e.val);
        }
        if (v) inuse++;
      }
      ASSERT_EQ(si.inuse_pages, inuse);
    }
    ASSERT_EQ(nr_swapcache_pages, cached);
    unsigned long on_lru = 0;
    for (zone &z : contig_page_data.node_zones)
      for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
        unsigned long n = 0;
        list_head *pos;
        list_for_each(pos, &z.lruvec.lists[lru]) {
          page *pg = list_entry(pos, page, lru);
          ASSERT_TRUE(PageLRU(pg));
          ASSERT_EQ(page_lru(pg), lru);
          ASSERT_EQ(page_zone(pg), &z);
          n++;
        }
        ASSERT_EQ(z.lruvec.nr[lru], n);
        on_lru += n;
      }
    // every LRU page is mapped or in the swap cache
    unsigned long expected = 0;
    std::set<page *> all;
    for (auto &[pg, n] : maps) all.insert(pg);
    for (int t = 0; t < MAX_SWAPFILES; t++)
      if (swap_info[t].flags & SWP_USED)
        for (unsigned long off = 1; off < swap_info[t].max; off++)
          if (swap_info[t].swap_cache[off]) all.insert(swap_info[t].swap_cache[off]);
    expected = all.size();
    ASSERT_EQ(on_lru, expected);
  }

  std::vector<unsigned char> disk_;
  brd_device brd_{};
  std::vector<page *> balloon_;
  std::vector<mm_struct *> mms_;
};

// ---- swap entries and the header ------------------------------------------

TEST_F(ReclaimTest, SwapEntriesRoundTripThroughPtes) {
  const unsigned long offsets[] = {1, 2, 0x3ff, 0x12345, SWP_OFFSET_MAX};
  for (unsigned long type = 0; type < MAX_SWAPFILES; type++)
    for (unsigned long off : offsets) {
      swp_entry_t e = swp_entry(type, off);
      EXPECT_EQ(swp_type(e), type);
      EXPECT_EQ(swp_offset(e), off);
      pte_t pte = swp_entry_to_pte(e);
      EXPECT_TRUE(is_swap_pte(pte)) << std::hex << pte_val(pte);
      EXPECT_FALSE(pte_present(pte));
      EXPECT_FALSE(pte_none(pte));
      EXPECT_EQ(pte_val(pte) & (_PAGE_PRESENT | _PAGE_USER | _PAGE_READ | _PAGE_WRITE | _PAGE_EXEC), 0u);
      EXPECT_EQ(pte_to_swp_entry(pte).val, e.val);
      EXPECT_EQ(pte_val(pte) >> 12, off);  // RISC-V Linux: offset from bit 12, type in 7..11
      EXPECT_EQ((pte_val(pte) >> 7) & 0x1f, type);
    }
  // a PROT_NONE page (U kept, V clear) is not a swap entry; nor is an empty PTE
  EXPECT_FALSE(is_swap_pte(__pte((0x12345u << 10) | _PAGE_USER | _PAGE_ACCESSED)));
  EXPECT_FALSE(is_swap_pte(__pte(0)));
}

TEST_F(ReclaimTest, SwaponReadsTheMkswapHeaderAndShowsProcSwaps) {
  SwapOn(64);
  EXPECT_EQ(total_swap_pages, 63u);  // page 0 is the header
  EXPECT_EQ(nr_swap_pages, 63u);
  EXPECT_NE(mm_host::output.find("Adding 252k swap on ram0.  Priority:-1 extents:1 across:252k\n"),
            std::string::npos)
      << mm_host::output;
  mm_host::output.clear();
  show_swaps();
  EXPECT_EQ(mm_host::output,
            "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
            "/dev/ram0                               partition\t252\t\t0\t\t-1\n");
  EXPECT_EQ(swapon(&brd_.bdev, -1), -EBUSY);
  // slots go round from the first one, never the header
  swp_entry_t a = get_swap_page(), b = get_swap_page();
  EXPECT_EQ(swp_offset(a), 1u);
  EXPECT_EQ(swp_offset(b), 2u);
  EXPECT_EQ(swapoff(0), -EBUSY);
  put_swap_page(a);
  put_swap_page(b);
  EXPECT_EQ(nr_swap_pages, 63u);
}

TEST_F(ReclaimTest, SwaponRefusesBadHeadersWithOneLine) {
  struct Case {
    const char *what;
    std::function<void(std::vector<unsigned char> &)> corrupt;
    const char *line;
  };
  const Case cases[] = {
      {"magic", [](auto &img) { img[PAGE_SIZE - 1] = 'X'; }, "Unable to find swap-space signature\n"},
      {"version", [](auto &img) { img[SWAP_INFO_OFFSET] = 2; }, "Unable to handle swap header version 2\n"},
      {"last_page", [](auto &img) { img[SWAP_INFO_OFFSET + 4] = 200; },
       "Swap area shorter than signature indicates\n"},
      {"badpages", [](auto &img) { img[SWAP_INFO_OFFSET + 9] = 0x10; }, "swapon: ram0: 4096 bad pages (at most 637)\n"},
  };
  for (const Case &c : cases) {
    disk_ = MkswapImage(32, "bad");
    c.corrupt(disk_);
    brd_init(&brd_, "ram0", disk_.data(), 32 * PAGE_SECTORS);
    mm_host::output.clear();
    EXPECT_EQ(swapon(&brd_.bdev, -1), -EINVAL) << c.what;
    EXPECT_EQ(mm_host::output, c.line) << c.what;
    EXPECT_EQ(total_swap_pages, 0u) << c.what;
  }
  // a bad page named by the header is never handed out
  disk_ = MkswapImage(12, "bad");  // mkswap's smallest area is 10 pages
  disk_[SWAP_INFO_OFFSET + 8] = 1;                     // nr_badpages = 1
  disk_[SWAP_INFO_OFFSET + offsetof(swap_header_info, badpages)] = 1;  // slot 1
  brd_init(&brd_, "ram0", disk_.data(), 12 * PAGE_SECTORS);
  ASSERT_EQ(swapon(&brd_.bdev, -1), 0);
  EXPECT_EQ(total_swap_pages, 10u);
  std::set<unsigned long> got;
  for (int i = 0; i < 10; i++) got.insert(swp_offset(get_swap_page()));
  EXPECT_EQ(got, (std::set<unsigned long>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(get_swap_page().val, 0u);  // full
  for (unsigned long off : got) put_swap_page(swp_entry(0, off));
}

// ---- rmap --------------------------------------------------------------------

TEST_F(ReclaimTest, RmapFindsEveryPteOfAForkFamily) {
  mm_struct *p = NewMm(4);
  Fill(p, kBase0, 1);
  page *pg = PageAt(p, kBase0);
  ASSERT_NE(pg, nullptr);
  mm_struct *c1 = Fork(p);
  mm_struct *c2 = Fork(p);
  mm_struct *g = Fork(c1);  // grandchild
  EXPECT_EQ(page_mapcount(pg), 4);
  // every PTE was made young by its fault (Svade) or copied young by fork
  unsigned long flags = 0;
  EXPECT_EQ(page_referenced(pg, &flags), 4);
  EXPECT_TRUE(flags & VM_WRITE);
  EXPECT_EQ(rmap_stats.referenced_flushes, 4u);
  EXPECT_EQ(page_referenced(pg, nullptr), 0);  // the A bits are clear now
  // a read by the grandchild sets its A bit again through a fault
  EXPECT_TRUE(Check(g, kBase0, 1));
  EXPECT_EQ(page_referenced(pg, nullptr), 1);
  // the second child writes: copy-on-write gives it a page of its own anon_vma
  Fill(c2, kBase0, 2);
  page *own = PageAt(c2, kBase0);
  ASSERT_NE(own, pg);
  EXPECT_EQ(page_anon_vma(own), c2->mmap->anon_vma);
  EXPECT_NE(page_anon_vma(own), page_anon_vma(pg));
  EXPECT_EQ(page_mapcount(pg), 3);
  EXPECT_EQ(page_referenced(own, nullptr), 1);
  CheckInvariants();
  // the children's areas chain to the root; the grandchild's to three anon_vmas
  int links = 0;
  list_head *pos;
  list_for_each(pos, &g->mmap->anon_vma_chain) links++;
  EXPECT_EQ(links, 3);
  EXPECT_EQ(g->mmap->anon_vma->root, p->mmap->anon_vma);
  Exit(g);
  Exit(c1);
  Exit(c2);
  EXPECT_EQ(page_mapcount(pg), 1);
  EXPECT_EQ(nr_anon_vmas, 1u);
}

TEST_F(ReclaimTest, TryToUnmapLeavesSwapEntriesInEveryMapping) {
  SwapOn(32);
  mm_struct *p = NewMm(2);
  Fill(p, kBase0, 7);
  mm_struct *c = Fork(p);
  page *pg = PageAt(p, kBase0);
  ASSERT_TRUE(add_to_swap(pg));
  swp_entry_t e = {page_private(pg)};
  get_page(pg);  // as the scan holds it
  EXPECT_TRUE(try_to_unmap(pg, 0));
  EXPECT_EQ(page_mapcount(pg), 0);
  EXPECT_EQ(swp_swapcount(e), 2);
  EXPECT_EQ(rmap_stats.unmap_ptes, 2u);
  EXPECT_EQ(rmap_stats.unmap_flushes, 2u);  // one per address space
  for (mm_struct *mm : {p, c}) {
    pte_t pte = *user_pte_offset(mm, kBase0);
    ASSERT_TRUE(is_swap_pte(pte));
    EXPECT_EQ(pte_to_swp_entry(pte).val, e.val);
    EXPECT_EQ(get_mm_counter(mm, MM_SWAPENTS), 1);
    EXPECT_EQ(get_mm_counter(mm, MM_ANONPAGES), 0);
  }
  EXPECT_TRUE(PageDirty(pg));
  ASSERT_EQ(swap_writepage(pg), 0);
  EXPECT_EQ(page_ref_count(pg), 2);  // the cache's and ours
  delete_from_swap_cache(pg);
  put_page(pg);  // freed
  // the child faults it back in from the device (major), the parent finds it cached (minor)
  unsigned long maj = vm_event_states[PGMAJFAULT];
  EXPECT_TRUE(Check(c, kBase0, 7));
  EXPECT_EQ(vm_event_states[PGMAJFAULT], maj + 1);
  EXPECT_EQ(vm_event_states[PSWPIN], 1u);
  EXPECT_TRUE(Check(p, kBase0, 7));
  EXPECT_EQ(vm_event_states[PGMAJFAULT], maj + 1);
  page *back = PageAt(p, kBase0);
  EXPECT_EQ(back, PageAt(c, kBase0));
  // swapped in non-exclusively: the page names the family's root
  EXPECT_EQ(page_anon_vma(back), p->mmap->anon_vma);
  CheckInvariants();
  // the parent writes: it copies (the child still maps the page)
  Fill(p, kBase0, 8);
  EXPECT_TRUE(Check(c, kBase0, 7));
  EXPECT_EQ(swap_info[0].inuse_pages, 1u);  // the child's page keeps its swap copy
  Exit(c);  // its last PTE gone: the swap cache lets go of page and slot
  CheckInvariants();
  EXPECT_EQ(swap_info[0].inuse_pages, 0u);
  Fill(p, kBase0 + PAGE_SIZE, 9);
  Exit(p);
  EXPECT_EQ(swap_info[0].inuse_pages, 0u);
  EXPECT_EQ(nr_swapcache_pages, 0u);
}

// ---- LRU aging -----------------------------------------------------------------

TEST_F(ReclaimTest, MarkPageAccessedPromotesOnTheSecondTouch) {
  mm_struct *mm = NewMm(1);
  Fill(mm, kBase0, 1);
  page *pg = PageAt(mm, kBase0);
  zone *z = page_zone(pg);
  EXPECT_EQ(page_lru(pg), LRU_INACTIVE_ANON);
  EXPECT_EQ(z->lruvec.nr[LRU_INACTIVE_ANON], 1u);
  mark_page_accessed(pg);
  EXPECT_TRUE(PageReferenced(pg));
  EXPECT_FALSE(PageActive(pg));
  mark_page_accessed(pg);
  EXPECT_TRUE(PageActive(pg));
  EXPECT_FALSE(PageReferenced(pg));
  EXPECT_EQ(z->lruvec.nr[LRU_ACTIVE_ANON], 1u);
  EXPECT_EQ(vm_event_states[PGACTIVATE], 1u);
  EXPECT_EQ(global_node_page_state(NR_ACTIVE_ANON), 1u);
  mm_host::output.clear();
  show_meminfo();
  EXPECT_NE(mm_host::output.find("Active(anon):          4 kB\n"), std::string::npos);
  EXPECT_NE(mm_host::output.find("AnonPages:             4 kB\n"), std::string::npos);
}

TEST_F(ReclaimTest, InactiveScanActivatesReferencedAndSwapsOutTheRest) {
  SwapOn(64);
  mm_struct *mm = NewMm(8);
  for (int i = 0; i < 8; i++) Fill(mm, kBase0 + i * PAGE_SIZE, 100 + i);
  zone *z = page_zone(PageAt(mm, kBase0));
  // age everything once: all PTEs are young from their faults
  for (int i = 0; i < 8; i++) page_referenced(PageAt(mm, kBase0 + i * PAGE_SIZE), nullptr);
  // pages 0..3 are used again
  for (int i = 0; i < 4; i++) ASSERT_TRUE(Check(mm, kBase0 + i * PAGE_SIZE, 100 + i));
  scan_control sc{};
  sc.nr_to_reclaim = 32;
  sc.may_swap = true;
  unsigned long freed = shrink_inactive_list(32, z, &sc, LRU_INACTIVE_ANON);
  EXPECT_EQ(freed, 4u);
  EXPECT_EQ(reclaim_stats.activate_referenced, 4u);
  EXPECT_EQ(z->lruvec.nr[LRU_ACTIVE_ANON], 4u);
  EXPECT_EQ(z->lruvec.nr[LRU_INACTIVE_ANON], 0u);
  EXPECT_EQ(vm_event_states[PSWPOUT], 4u);
  EXPECT_EQ(vm_event_states[PGSCAN_DIRECT], 8u);
  EXPECT_EQ(vm_event_states[PGSTEAL_DIRECT], 4u);
  for (int i = 0; i < 8; i++) {
    pte_t pte = *user_pte_offset(mm, kBase0 + i * PAGE_SIZE);
    EXPECT_EQ(is_swap_pte(pte), i >= 4) << i;
  }
  EXPECT_EQ(get_mm_counter(mm, MM_SWAPENTS), 4);
  CheckInvariants();
  // the active list is aged: its A bits cleared, the pages deactivated (not executable)
  shrink_active_list(32, z, &sc, LRU_ACTIVE_ANON);
  EXPECT_EQ(vm_event_states[PGDEACTIVATE], 4u);
  EXPECT_EQ(z->lruvec.nr[LRU_INACTIVE_ANON], 4u);
  // a second inactive scan finds them unreferenced: all go
  EXPECT_EQ(shrink_inactive_list(32, z, &sc, LRU_INACTIVE_ANON), 4u);
  EXPECT_EQ(vm_event_states[PSWPOUT], 8u);
  for (int i = 0; i < 8; i++) EXPECT_TRUE(Check(mm, kBase0 + i * PAGE_SIZE, 100 + i)) << i;
  EXPECT_EQ(vm_event_states[PSWPIN], 8u);
  EXPECT_EQ(vm_event_states[PGMAJFAULT], 8u);
  CheckInvariants();
}

TEST_F(ReclaimTest, InactiveIsLowFollowsLinuxRatio) {
  zone z{};
  z.lruvec.nr[LRU_INACTIVE_ANON] = 10;
  z.lruvec.nr[LRU_ACTIVE_ANON] = 11;
  EXPECT_TRUE(inactive_is_low(&z, LRU_INACTIVE_ANON));  // < 1 GiB: ratio 1
  z.lruvec.nr[LRU_ACTIVE_ANON] = 10;
  EXPECT_FALSE(inactive_is_low(&z, LRU_INACTIVE_ANON));
  // 4 GiB of anon: ratio int_sqrt(40) = 6
  z.lruvec.nr[LRU_INACTIVE_ANON] = 200000;
  z.lruvec.nr[LRU_ACTIVE_ANON] = (4ul << 18) - 200000;
  EXPECT_FALSE(inactive_is_low(&z, LRU_INACTIVE_ANON));  // 1 200 000 >= 848 576
  z.lruvec.nr[LRU_INACTIVE_ANON] = 140000;
  z.lruvec.nr[LRU_ACTIVE_ANON] = (4ul << 18) - 140000;
  EXPECT_TRUE(inactive_is_low(&z, LRU_INACTIVE_ANON));  // 840 000 < 908 576
}

TEST_F(ReclaimTest, NoSwapMeansAnonymousPagesStay) {
  mm_struct *mm = NewMm(4);
  for (int i = 0; i < 4; i++) Fill(mm, kBase0 + i * PAGE_SIZE, i);
  for (int i = 0; i < 4; i++) page_referenced(PageAt(mm, kBase0 + i * PAGE_SIZE), nullptr);
  EXPECT_EQ(try_to_free_pages(GFP_KERNEL, 0), 0u);
  EXPECT_EQ(vm_event_states[PSWPOUT], 0u);
  for (int i = 0; i < 4; i++) EXPECT_TRUE(Check(mm, kBase0 + i * PAGE_SIZE, i));
  CheckInvariants();
}

// ---- pressure: direct reclaim, kswapd, OOM ----------------------------------------

TEST_F(ReclaimTest, WorkingSetTwiceFreeMemoryCompletesThroughSwap) {
  SwapOn(2048);
  Balloon(700);
  const unsigned long free = nr_free_pages();
  const unsigned long pages = 2 * free;
  mm_struct *mm = NewMm(pages);
  for (unsigned long i = 0; i < pages; i++) Fill(mm, kBase0 + i * PAGE_SIZE, 7000 + i);
  EXPECT_GT(vm_event_states[PSWPOUT], 0u);
  EXPECT_GT(vm_event_states[ALLOCSTALL_NORMAL] + vm_event_states[ALLOCSTALL_DMA], 0u);
  EXPECT_GT(vm_event_states[PGSTEAL_DIRECT], 0u);
  CheckInvariants();
  for (unsigned long i = 0; i < pages; i++)
    ASSERT_TRUE(Check(mm, kBase0 + i * PAGE_SIZE, 7000 + i)) << "page " << i;
  EXPECT_GT(vm_event_states[PSWPIN], 0u);
  EXPECT_GT(vm_event_states[PGMAJFAULT], 0u);
  EXPECT_EQ(vm_event_states[OOM_KILL], 0u);
  CheckInvariants();
  mm_host::output.clear();
  show_vmstat();
  EXPECT_NE(mm_host::output.find("\npswpout " + std::to_string(vm_event_states[PSWPOUT]) + "\n"),
            std::string::npos);
  Exit(mm);
  EXPECT_EQ(swap_info[0].inuse_pages, 0u);
  EXPECT_EQ(nr_swap_pages, total_swap_pages);
}

TEST_F(ReclaimTest, KswapdReclaimsFromLowToHighWatermark) {
  SwapOn(1024);
  mm_struct *mm = NewMm(600);
  for (unsigned long i = 0; i < 600; i++) Fill(mm, kBase0 + i * PAGE_SIZE, i);
  int woken = 0;
  static int *woken_p;
  woken_p = &woken;
  kswapd_wake_hook = [] { (*woken_p)++; };
  // allocate without direct reclaim until every zone is below its low watermark:
  // the allocation that finds none above low takes the slow path and wakes kswapd
  zone *normal = &contig_page_data.node_zones[ZONE_NORMAL];
  const unsigned long wakes = vm_event_states[KSWAPD_WAKE];
  while (vm_event_states[KSWAPD_WAKE] == wakes) {
    page *p = alloc_page((GFP_HIGHUSER_MOVABLE & ~__GFP_DIRECT_RECLAIM) | __GFP_NOWARN);
    ASSERT_NE(p, nullptr);
    balloon_.push_back(p);
  }
  EXPECT_LE(zone_page_state(normal, NR_FREE_PAGES), low_wmark_pages(normal));
  EXPECT_GE(woken, 1);
  EXPECT_TRUE(contig_page_data.kswapd_awake);
  unsigned long freed = kswapd_run(&contig_page_data);
  EXPECT_GT(freed, 0u);
  for (zone &z : contig_page_data.node_zones)
    if (managed_zone(&z)) {
      EXPECT_GT(zone_page_state(&z, NR_FREE_PAGES), high_wmark_pages(&z)) << z.name;
    }
  EXPECT_FALSE(contig_page_data.kswapd_awake);
  EXPECT_EQ(vm_event_states[PGSTEAL_KSWAPD], freed);
  EXPECT_GE(vm_event_states[PGSCAN_KSWAPD], freed);
  EXPECT_EQ(vm_event_states[PGSTEAL_DIRECT], 0u);
  CheckInvariants();
  for (unsigned long i = 0; i < 600; i++) ASSERT_TRUE(Check(mm, kBase0 + i * PAGE_SIZE, i));
}

// The OOM killer's view of the test's "processes".
struct OomTask {
  int pid;
  const char *comm;
  mm_struct *mm;
  int adj;
};
std::vector<OomTask> *oom_tasks;
std::vector<mm_struct *> *oom_mms;

bool OomNext(int i, oom_candidate *c) {
  if (i >= static_cast<int>(oom_tasks->size())) return false;
  const OomTask &t = (*oom_tasks)[i];
  *c = {t.pid, t.comm, t.mm, t.adj, nullptr};
  return true;
}
bool OomKill(const oom_candidate *c) {
  for (auto it = oom_tasks->begin(); it != oom_tasks->end(); ++it)
    if (it->pid == c->pid) {
      oom_mms->erase(std::find(oom_mms->begin(), oom_mms->end(), it->mm));
      mmput(it->mm);  // the reaper frees its memory at once
      oom_tasks->erase(it);
      return true;
    }
  return false;
}
const oom_operations kOomOps = {OomNext, OomKill};

TEST_F(ReclaimTest, OomWithoutSwapKillsTheBiggestAndTheRestGoesOn) {
  Balloon(1200);  // about 900 pages above the watermarks
  std::vector<OomTask> tasks;
  oom_tasks = &tasks;
  oom_mms = &mms_;
  oom_ops = &kOomOps;
  mm_struct *small = NewMm(2000);
  mm_struct *big = NewMm(2000);
  mm_struct *shielded = NewMm(2000);
  tasks = {{2, "small", small, 0}, {3, "big", big, 0}, {4, "shielded", shielded, -1000}};
  for (int i = 0; i < 300; i++) Fill(shielded, kBase0 + i * PAGE_SIZE, i);
  for (int i = 0; i < 400; i++) Fill(big, kBase0 + i * PAGE_SIZE, i);
  mm_host::output.clear();
  // the small one keeps going until memory runs out: the biggest killable one dies
  for (int i = 0; i < 350; i++) Fill(small, kBase0 + i * PAGE_SIZE, 50 + i);
  EXPECT_EQ(vm_event_states[OOM_KILL], 1u);
  EXPECT_EQ(oom_last_killed_pid, 3);
  EXPECT_NE(mm_host::output.find("swapper/0 invoked oom-killer: gfp_mask=0x"), std::string::npos);
  EXPECT_NE(mm_host::output.find("Out of memory: Killed process 3 (big) total-vm:8000kB, anon-rss:"),
            std::string::npos)
      << mm_host::output;
  ASSERT_EQ(tasks.size(), 2u);
  for (int i = 0; i < 350; i++) EXPECT_TRUE(Check(small, kBase0 + i * PAGE_SIZE, 50 + i));
  for (int i = 0; i < 300; i++) EXPECT_TRUE(Check(shielded, kBase0 + i * PAGE_SIZE, i));
  CheckInvariants();
  oom_ops = nullptr;
}

TEST_F(ReclaimTest, SwapWriteErrorKeepsThePage) {
  SwapOn(16);
  mm_struct *mm = NewMm(1);
  Fill(mm, kBase0, 5);
  page *pg = PageAt(mm, kBase0);
  page_referenced(pg, nullptr);
  brd_fail_page(&brd_, 1);  // the first slot
  scan_control sc{};
  sc.nr_to_reclaim = 32;
  sc.may_swap = true;
  EXPECT_EQ(shrink_inactive_list(32, page_zone(pg), &sc, LRU_INACTIVE_ANON), 0u);
  EXPECT_EQ(swap_stats.write_errors, 1u);
  EXPECT_NE(mm_host::output.find("Write-error on swap-device (ram0:1)\n"), std::string::npos);
  EXPECT_TRUE(PageDirty(pg));
  brd_fail_page(&brd_, ~0ul);
  CheckInvariants();
  EXPECT_TRUE(Check(mm, kBase0, 5));
}

// ---- random mixed workloads ---------------------------------------------------------

TEST_F(ReclaimTest, RandomMixedWorkloadLosesNothing) {
  SwapOn(4096);
  Balloon(500);  // about 200 pages above the watermarks for 400-page processes
  std::mt19937 rng(12);
  // shadow: per mm, the seed each written page must hold
  std::map<mm_struct *, std::map<unsigned long, uint32_t>> shadow;
  const unsigned long kPages = 400;
  mm_struct *root = NewMm(kPages);
  shadow[root];
  uint32_t seq = 1;
  for (int step = 0; step < 3000; step++) {
    mm_struct *mm = mms_[rng() % mms_.size()];
    unsigned long pg = rng() % kPages;
    unsigned long va = kBase0 + pg * PAGE_SIZE;
    unsigned op = rng() % 10;
    switch (op) {
      case 0:
        if (mms_.size() < 5) {
          mm_struct *c = Fork(mm);
          shadow[c] = shadow[mm];
        }
        break;
      case 1:
        if (mms_.size() > 1 && rng() % 3 == 0) {
          shadow.erase(mm);
          Exit(mm);
        }
        break;
      case 2: {
        unsigned long n = 1 + rng() % 8;
        if (pg + n > kPages) n = kPages - pg;
        ASSERT_EQ(do_madvise(mm, va, n * PAGE_SIZE, MADV_DONTNEED), 0);
        for (unsigned long i = 0; i < n; i++) shadow[mm].erase(pg + i);
        break;
      }
      case 3:
        kswapd_run(&contig_page_data);
        break;
      case 4:
      case 5:
      case 6:
        Fill(mm, va, seq);
        shadow[mm][pg] = seq++;
        break;
      default:
        if (shadow[mm].count(pg)) {
          ASSERT_TRUE(Check(mm, va, shadow[mm][pg])) << "step " << step;
        } else {
          int segv = 0;
          uint64_t pa = UserAccess(mm, va, mmcosim::sv32::Access::kLoad, &segv);
          ASSERT_EQ(segv, 0);
          ASSERT_EQ(dram_[pa - kBase], 0) << "unwritten page not zero, step " << step;
        }
    }
    if (step % 10 == 0) {
      CheckInvariants();
      ASSERT_FALSE(HasFatalFailure()) << "step " << step;
    }
  }
  CheckInvariants();
  for (auto &[mm, pages] : shadow)
    for (auto &[pg, seed] : pages) ASSERT_TRUE(Check(mm, kBase0 + pg * PAGE_SIZE, seed));
  EXPECT_GT(vm_event_states[PSWPOUT], 20u);  // the workload did go through swap
  EXPECT_GT(vm_event_states[PSWPIN], 20u);
  EXPECT_EQ(vm_event_states[OOM_KILL], 0u);
  while (!mms_.empty()) Exit(mms_.back());
  EXPECT_EQ(swap_info[0].inuse_pages, 0u);
  EXPECT_EQ(nr_swapcache_pages, 0u);
  EXPECT_EQ(nr_anon_vmas, 0u);
  EXPECT_EQ(nr_anon_vma_chains, 0u);
  for (zone &z : contig_page_data.node_zones)
    for (int lru = 0; lru < NR_LRU_LISTS; lru++) EXPECT_EQ(z.lruvec.nr[lru], 0u);
}

}  // namespace
