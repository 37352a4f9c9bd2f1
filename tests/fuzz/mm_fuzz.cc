// mm_fuzz.cc -- libFuzzer target over the firmware kernel's memory
// manager (firmware/mm built for the host with clang, ASan and the debug
// switches).  Each input is a program: byte 0 picks the slub_debug flags
// (so both the checked path and the per-CPU fast paths run), then ops of
// one opcode byte and their argument bytes:
//
//   alloc_pages / __free_pages       kmalloc / kzalloc / kfree / krealloc
//   kmem_cache_create / _alloc / _free / _shrink / _destroy
//   vmalloc / vzalloc / vfree        vmap / vunmap      purge_vmap_area_lazy
//   kmap / kunmap                    kmap_local_page / kunmap_local
//   views (buddyinfo, slabinfo, vmallocinfo parsed)
//
// The "DRAM" is a quarter highmem (ZONE_HIGHMEM above max_low_pfn, as on
// a machine whose lowmem ends below its DRAM).  The host reaches kernel
// virtual addresses only through the golden model, so the debug poisoning
// of the buddy (CONFIG_DEBUG_VM, through kmap_local) cannot run on a
// highmem page: the fuzzer takes every ZONE_HIGHMEM page at boot into a
// pool (their pattern written into the arena) and kmaps those, and gives
// them back at the end with highmem lifted.
// Kernel virtual addresses are checked by translating them with the Sv32
// golden model (model/mmu) over the arena's bytes, not with the mm's own
// walker.
//
// Invariants checked as it goes: every live block, object and page range
// is disjoint from every other (a map by address); each holds the pattern
// written into it until it is freed; kzalloc / vzalloc are zero; krealloc
// keeps the old bytes; vmalloc / vmap areas lie in the vmalloc range, are
// disjoint with a guard page after each, map R/W never X to the pages
// vmalloc_to_page names, and are unmapped once freed; kmap addresses lie
// in the pkmap area, kmap_local ones in the fixmap slots, and both reach
// the page's bytes; the views parse and agree with the counters; no debug
// report ("BUG ") and no panic.  At the end everything is unmapped and
// freed, the lazy areas purged, the caches destroyed or shrunk and the
// per-CPU lists drained: the free page count is back at its value after
// boot, less the kernel PTE tables made since (PageTables; the vmalloc
// area keeps its tables, as Linux's does).  A broken invariant aborts (a
// crash for libFuzzer, with the message on stderr).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "arena_mem.h"
#include "mm_host.h"

extern "C" {
#include "highmem.h"
#include "memblock.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "slab.h"
#include "vmalloc.h"
}

namespace {

constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr phys_addr_t kSize = 2u << 20;       // 2 MiB of "DRAM": blocks up to order 8
constexpr phys_addr_t kImage = 0x23000;       // "kernel image" reserved at the base
constexpr size_t kMaxLive = 256;              // live allocations at most
constexpr unsigned kMaxCaches = 4;            // fuzzer-made caches at most
constexpr size_t kMaxKmalloc = 5 * PAGE_SIZE; // above the largest class: buddy blocks
constexpr phys_addr_t kHigh = kSize / 4;      // the top quarter is highmem
constexpr unsigned kMaxAreaPages = 16;        // vmalloc / vmap areas up to 16 pages
constexpr size_t kMaxAreas = 32;              // live vmalloc / vmap areas at most
constexpr size_t kMaxKmaps = 64;              // outstanding kmap()s (LAST_PKMAP slots)
constexpr size_t kMaxKmapLocal = KM_MAX_IDX;  // the kmap_local stack
namespace sv32 = mmcosim::sv32;

// Fails the run: prints `what` and aborts (libFuzzer records the crash).
[[noreturn]] void Fail(const std::string &what) {
  std::fprintf(stderr, "mm_fuzz: %s\n", what.c_str());
  if (!mm_host::output.empty())
    std::fprintf(stderr, "mm_fuzz: printk output:\n%s\n", mm_host::output.c_str());
  std::abort();
}
#define FUZZ_CHECK(cond, what) \
  do {                         \
    if (!(cond)) Fail(what);   \
  } while (0)

// The input, read byte by byte (zeros past the end).
class Input {
 public:
  Input(const uint8_t *data, size_t size) : data_(data), size_(size) {}
  bool more() const { return pos_ < size_; }
  uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }

 private:
  const uint8_t *data_;
  size_t size_, pos_ = 0;
};

enum class Kind { kPages, kKmalloc, kObject };

struct Live {
  Kind kind;
  size_t size;      // bytes checked: block, kmalloc request or object size
  unsigned order;   // kPages
  kmem_cache *cache;  // kObject
  uint8_t seed;     // pattern seed
};

uint8_t Pattern(uint8_t seed, size_t i) { return static_cast<uint8_t>(seed + i * 13 + (i >> 8)); }

// A live vmalloc (pages its own) or vmap (pages the fuzzer's) area.
struct Area {
  unsigned pages;
  bool vmap;
  std::vector<page *> owned;  // vmap: the pages to free after vunmap
  uint8_t seed;
};

class Machine {
 public:
  Machine() {
    static unsigned char *dram = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    FUZZ_CHECK(dram, "no memory for the DRAM stand-in");
    dram_ = dram;
    mm_host::output.clear();
    highmem_start_pfn = ~0ul;  // the last input's kmap_init does not hold: no highmem until ours
    memblock_init();
    FUZZ_CHECK(memblock_add(kBase, kSize) == 0, "memblock_add");
    FUZZ_CHECK(memblock_reserve(kBase, kImage) == 0, "memblock_reserve");
    set_linear_map(kBase, dram);
    find_low_pfn_range();
    max_low_pfn = PHYS_PFN(kBase + kSize - kHigh);
    high_memory = __va(PFN_PHYS(max_low_pfn));
    pgd_pa_ = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
    FUZZ_CHECK(pgd_pa_ != 0, "no page for the kernel page directory");
    std::memset(__va(pgd_pa_), 0, PAGE_SIZE);
    init_mm.pgd = static_cast<pgd_t *>(__va(pgd_pa_));
    mm_core_init_zones(max_low_pfn);
  }

  // Boots the slab allocator with `debug` as slub_debug, then vmalloc and
  // kmap; remembers the free pages and the PTE tables.
  void Boot(slab_flags_t debug) {
    slub_debug = debug;
    kmem_cache_init();
    vmalloc_init();
    TakeHighmem();
    kmap_init();
    free0_ = FreePages() + pool_.size();  // the pool comes back at the end
    tables0_ = nr_kernel_pte_tables;
  }

  void Run(Input &in) {
    while (in.more()) {
      uint8_t op = in.u8();
      switch (op % OP_LAST) {
        case OP_ALLOC_PAGES: AllocPages(in); break;
        case OP_FREE_PAGES: FreeOne(in, Kind::kPages); break;
        case OP_KMALLOC: Kmalloc(in, false); break;
        case OP_KZALLOC: Kmalloc(in, true); break;
        case OP_KFREE: FreeOne(in, Kind::kKmalloc); break;
        case OP_KREALLOC: Krealloc(in); break;
        case OP_CACHE_CREATE: CacheCreate(in); break;
        case OP_CACHE_ALLOC: CacheAlloc(in); break;
        case OP_CACHE_FREE: FreeOne(in, Kind::kObject); break;
        case OP_CACHE_SHRINK: CacheShrink(in); break;
        case OP_CACHE_DESTROY: CacheDestroy(in); break;
        case OP_VIEWS: Views(); break;
        case OP_VMALLOC: Vmalloc(in); break;
        case OP_VFREE: AreaFree(in); break;
        case OP_VMAP: Vmap(in); break;
        case OP_PURGE: Purge(); break;
        case OP_KMAP: Kmap(in); break;
        case OP_KUNMAP: Kunmap(in); break;
        case OP_KMAP_LOCAL: KmapLocal(in); break;
        case OP_KUNMAP_LOCAL: KunmapLocal(); break;
      }
      FUZZ_CHECK(mm_host::output.find("BUG ") == std::string::npos, "slab debug report");
    }
  }

  // Frees everything and checks that every page came back.
  void Teardown() {
    while (!locals_.empty()) KunmapLocal();
    while (!kmaps_.empty()) Unkmap(kmaps_.size() - 1);
    while (!areas_.empty()) FreeArea(areas_.begin());
    purge_vmap_area_lazy();
    GiveBackHighmem();
    FUZZ_CHECK(vmalloc_nr_pages() == 0, "vmalloc pages left after freeing every area");
    while (!live_.empty()) Free(live_.begin());
    for (kmem_cache *c : caches_) kmem_cache_destroy(c);
    caches_.clear();
    for (list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
      kmem_cache_shrink(list_entry(p, kmem_cache, list));
    Views();
    unsigned long now = FreePages(), tables = nr_kernel_pte_tables - tables0_;
    FUZZ_CHECK(now + tables == free0_,
               "free pages " + std::to_string(now) + " + " + std::to_string(tables) +
                   " new PTE tables after freeing all, " + std::to_string(free0_) +
                   " after boot");
    FUZZ_CHECK(mm_host::output.find("BUG ") == std::string::npos, "slab debug report");
  }

 private:
  enum Op {
    OP_ALLOC_PAGES, OP_FREE_PAGES, OP_KMALLOC, OP_KZALLOC, OP_KFREE, OP_KREALLOC,
    OP_CACHE_CREATE, OP_CACHE_ALLOC, OP_CACHE_FREE, OP_CACHE_SHRINK, OP_CACHE_DESTROY,
    OP_VIEWS, OP_VMALLOC, OP_VFREE, OP_VMAP, OP_PURGE, OP_KMAP, OP_KUNMAP,
    OP_KMAP_LOCAL, OP_KUNMAP_LOCAL,
    OP_LAST
  };

  static unsigned long FreePages() {
    drain_local_pages(nullptr);
    return nr_free_pages();
  }

  // Records the live range [p, p + size) after checking it overlaps no
  // other, and fills it with its pattern.
  void Add(void *p, const Live &l) {
    uintptr_t a = reinterpret_cast<uintptr_t>(p);
    auto next = live_.lower_bound(a);
    if (next != live_.end())
      FUZZ_CHECK(a + l.size <= next->first, "overlaps the next live range");
    if (next != live_.begin()) {
      auto prev = std::prev(next);
      FUZZ_CHECK(prev->first + prev->second.size <= a, "overlaps the previous live range");
    }
    unsigned char *b = static_cast<unsigned char *>(p);
    for (size_t i = 0; i < l.size; i++) b[i] = Pattern(l.seed, i);
    live_[a] = l;
  }

  // Checks the pattern of the live range at `it`.
  static void Verify(std::map<uintptr_t, Live>::const_iterator it, size_t bytes) {
    const unsigned char *b = reinterpret_cast<const unsigned char *>(it->first);
    for (size_t i = 0; i < bytes; i++)
      if (b[i] != Pattern(it->second.seed, i))
        Fail("contents of a live range changed at byte " + std::to_string(i));
  }

  // Frees the live range at `it` by its kind, after checking its contents.
  void Free(std::map<uintptr_t, Live>::iterator it) {
    Verify(it, it->second.size);
    void *p = reinterpret_cast<void *>(it->first);
    switch (it->second.kind) {
      case Kind::kPages: __free_pages(virt_to_page(p), it->second.order); break;
      case Kind::kKmalloc: kfree(p); break;
      case Kind::kObject: kmem_cache_free(it->second.cache, p); break;
    }
    live_.erase(it);
  }

  // The live range of `kind` picked by the next input byte, or end().
  std::map<uintptr_t, Live>::iterator Pick(Input &in, Kind kind) {
    std::vector<std::map<uintptr_t, Live>::iterator> of_kind;
    for (auto it = live_.begin(); it != live_.end(); ++it)
      if (it->second.kind == kind) of_kind.push_back(it);
    uint8_t b = in.u8();
    return of_kind.empty() ? live_.end() : of_kind[b % of_kind.size()];
  }

  void FreeOne(Input &in, Kind kind) {
    auto it = Pick(in, kind);
    if (it != live_.end()) Free(it);
  }

  void AllocPages(Input &in) {
    uint8_t a = in.u8();
    unsigned order = (a & 0x0f) % MAX_ORDER;
    if (order > 4 && (a & 0x10)) order = a % 3;  // mostly small blocks
    gfp_t gfp = (a & 0x80) ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL;
    if (live_.size() >= kMaxLive) return;
    page *pg = alloc_pages(gfp, order);
    if (!pg) return;  // out of memory is allowed
    FUZZ_CHECK(!page_is_highmem(pg), "a page of the emptied ZONE_HIGHMEM handed out");
    Add(page_address(pg), Live{Kind::kPages, PAGE_SIZE << order, order, nullptr, in.u8()});
  }

  // ---- kernel virtual areas ----------------------------------------------

  // The arena bytes of pfn (a block's pages are contiguous there).
  unsigned char *Phys(unsigned long pfn) const { return dram_ + (PFN_PHYS(pfn) - kBase); }

  // A supervisor access `a` to kernel address `va` through init_mm's tables.
  sv32::Result Translate(unsigned long va, sv32::Access a) const {
    return mm_host::TranslateKernel(dram_, kBase, kSize, pgd_pa_, static_cast<uint32_t>(va), a);
  }

  // Checks that kernel page `va` maps the page `pfn` read/write, not
  // executable; returns the page's arena bytes.
  unsigned char *Mapped(unsigned long va, unsigned long pfn, const char *what) const {
    sv32::Result r = Translate(va, sv32::Access::kStore);
    FUZZ_CHECK(!r.fault, std::string(what) + ": no writable mapping");
    FUZZ_CHECK(r.pa == PFN_PHYS(pfn), std::string(what) + ": maps another page");
    FUZZ_CHECK(Translate(va, sv32::Access::kFetch).fault, std::string(what) + ": executable");
    return Phys(pfn);
  }

  // Checks the area at `va`: in the vmalloc range, a guard page after it,
  // clear of its neighbours' guard pages, every page mapped to the page
  // vmalloc_to_page names.  With `fill`, writes its pattern through the
  // mapping; else checks it.
  void CheckArea(std::map<unsigned long, Area>::iterator it, bool fill) {
    unsigned long va = it->first, end = va + it->second.pages * PAGE_SIZE;
    FUZZ_CHECK(va >= VMALLOC_START && end + PAGE_SIZE <= VMALLOC_END, "area outside vmalloc");
    FUZZ_CHECK(Translate(end, sv32::Access::kLoad).fault, "the guard page is mapped");
    auto next = std::next(it);
    if (next != areas_.end()) FUZZ_CHECK(end + PAGE_SIZE <= next->first, "overlaps a guard page");
    for (unsigned k = 0; k < it->second.pages; k++) {
      const void *a = reinterpret_cast<const void *>(va + k * PAGE_SIZE);
      page *pg = vmalloc_to_page(a);
      FUZZ_CHECK(pg != nullptr, "vmalloc_to_page of a mapped page");
      if (it->second.vmap) FUZZ_CHECK(pg == it->second.owned[k], "vmap maps another page");
      unsigned char *b = Mapped(va + k * PAGE_SIZE, page_to_pfn(pg), "vmalloc area");
      for (size_t i = 0; i < PAGE_SIZE; i++) {
        uint8_t want = Pattern(it->second.seed, k * PAGE_SIZE + i);
        if (fill) b[i] = want;
        else if (b[i] != want) Fail("vmalloc area contents changed");
      }
    }
  }

  // Records a new area after checking it against the live ones.
  void AddArea(void *addr, Area a, bool zeroed) {
    unsigned long va = reinterpret_cast<unsigned long>(addr);
    FUZZ_CHECK(is_vmalloc_addr(addr), "is_vmalloc_addr of a new area");
    FUZZ_CHECK(find_vm_area(addr) != nullptr, "find_vm_area of a new area");
    auto next = areas_.lower_bound(va);
    if (next != areas_.begin()) {
      auto prev = std::prev(next);
      FUZZ_CHECK(prev->first + (prev->second.pages + 1) * PAGE_SIZE <= va,
                 "a new area on the previous one's guard page");
    }
    if (zeroed)
      for (unsigned k = 0; k < a.pages; k++) {
        const unsigned char *b =
            Mapped(va + k * PAGE_SIZE, vmalloc_to_pfn(reinterpret_cast<void *>(va + k * PAGE_SIZE)),
                   "vzalloc area");
        for (size_t i = 0; i < PAGE_SIZE; i++) FUZZ_CHECK(b[i] == 0, "vzalloc not zeroed");
      }
    auto it = areas_.emplace(va, std::move(a)).first;
    CheckArea(it, true);
  }

  void Vmalloc(Input &in) {
    uint8_t a = in.u8();
    unsigned pages = a % kMaxAreaPages + 1;
    if (areas_.size() >= kMaxAreas) return;
    void *p = (a & 0x80) ? vzalloc(pages * PAGE_SIZE) : vmalloc(pages * PAGE_SIZE);
    if (!p) return;  // out of memory or space is allowed
    AddArea(p, Area{pages, false, {}, in.u8()}, a & 0x80);
  }

  // vmap of fresh pages (any zone) that the fuzzer owns.
  void Vmap(Input &in) {
    uint8_t a = in.u8();
    unsigned pages = a % kMaxAreaPages + 1;
    if (areas_.size() >= kMaxAreas) return;
    std::vector<page *> owned;
    for (unsigned k = 0; k < pages; k++) {
      page *pg = alloc_pages((a & 0x80) ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL, 0);
      if (!pg) break;
      owned.push_back(pg);
    }
    void *p = owned.size() == pages ? vmap(owned.data(), pages, VM_MAP, PAGE_KERNEL) : nullptr;
    if (!p) {
      for (page *pg : owned) __free_pages(pg, 0);
      return;
    }
    AddArea(p, Area{pages, true, std::move(owned), in.u8()}, false);
  }

  // Unmaps and frees the area at `it` after checking it; checks it is gone.
  void FreeArea(std::map<unsigned long, Area>::iterator it) {
    CheckArea(it, false);
    void *p = reinterpret_cast<void *>(it->first);
    unsigned long pending = vmap_lazy_nr_pages();
    if (it->second.vmap) {
      vunmap(p);
      for (page *pg : it->second.owned) __free_pages(pg, 0);
    } else {
      vfree(p);
    }
    FUZZ_CHECK(find_vm_area(p) == nullptr && vmalloc_to_page(p) == nullptr,
               "a freed area is still mapped");
    FUZZ_CHECK(vmap_lazy_nr_pages() == 0 || vmap_lazy_nr_pages() > pending,
               "a freed area neither pending nor purged");
    FUZZ_CHECK(vmap_lazy_nr_pages() <= lazy_max_pages(), "lazy pages above lazy_max_pages");
    areas_.erase(it);
  }

  void AreaFree(Input &in) {
    uint8_t b = in.u8();
    if (areas_.empty()) return;
    FreeArea(std::next(areas_.begin(), static_cast<long>(b % areas_.size())));
  }

  void Purge() {
    purge_vmap_area_lazy();
    FUZZ_CHECK(vmap_lazy_nr_pages() == 0, "pages pending after a purge");
  }

  // ---- highmem --------------------------------------------------------------

  // Takes every ZONE_HIGHMEM page into pool_ (watermarks of the zone
  // lowered to 0 so that none stays behind) and writes each one's pattern
  // (seed: its pfn) into the arena.
  void TakeHighmem() {
    zone *hz = &contig_page_data.node_zones[ZONE_HIGHMEM];
    for (unsigned long &w : hz->_watermark) w = 0;
    for (;;) {
      drain_local_pages(hz);
      page *pg = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 0);
      if (!pg) break;
      if (page_zonenum(pg) != ZONE_HIGHMEM) {
        __free_pages(pg, 0);
        break;
      }
      unsigned char *b = Phys(page_to_pfn(pg));
      for (size_t i = 0; i < PAGE_SIZE; i++) b[i] = Pattern(Seed(pg), i);
      pool_.push_back(pg);
    }
    drain_local_pages(hz);
    FUZZ_CHECK(!pool_.empty() && zone_page_state(hz, NR_FREE_PAGES) == 0,
               "ZONE_HIGHMEM not emptied into the pool");
  }

  // Checks the pool's bytes and frees it, highmem lifted (poisoning
  // through the linear map).
  void GiveBackHighmem() {
    highmem_start_pfn = ~0ul;
    for (page *pg : pool_) {
      const unsigned char *b = Phys(page_to_pfn(pg));
      for (size_t i = 0; i < PAGE_SIZE; i++)
        if (b[i] != Pattern(Seed(pg), i)) Fail("highmem page contents changed");
      __free_pages(pg, 0);
    }
    pool_.clear();
  }

  static uint8_t Seed(const page *pg) { return static_cast<uint8_t>(page_to_pfn(pg)); }

  // A page of the highmem pool (by the next input byte).
  page *PickHigh(Input &in) { return pool_[in.u8() % pool_.size()]; }

  // Checks that kernel address `va` reaches `pg`, whose bytes hold the
  // pattern `seed` from `offset`.
  void CheckReaches(const void *va, page *pg, const char *what) {
    const unsigned char *b = Mapped(reinterpret_cast<unsigned long>(va), page_to_pfn(pg), what);
    for (size_t i = 0; i < PAGE_SIZE; i++)
      if (b[i] != Pattern(Seed(pg), i)) Fail(std::string(what) + ": contents differ");
  }

  void Kmap(Input &in) {
    page *pg = PickHigh(in);
    if (kmaps_.size() >= kMaxKmaps) return;
    void *v = kmap(pg);
    unsigned long va = reinterpret_cast<unsigned long>(v);
    FUZZ_CHECK(va >= PKMAP_BASE && va < PKMAP_ADDR(LAST_PKMAP), "kmap outside the pkmap area");
    FUZZ_CHECK(page_address(pg) == v, "page_address of a kmapped page");
    CheckReaches(v, pg, "kmap");
    kmaps_.push_back(pg);
  }

  // kunmap of the i-th outstanding kmap.
  void Unkmap(size_t i) {
    kunmap(kmaps_[i]);
    kmaps_.erase(kmaps_.begin() + static_cast<long>(i));
  }

  void Kunmap(Input &in) {
    uint8_t b = in.u8();
    if (!kmaps_.empty()) Unkmap(b % kmaps_.size());
  }

  void KmapLocal(Input &in) {
    page *pg = PickHigh(in);
    if (locals_.size() >= kMaxKmapLocal) return;
    void *v = kmap_local_page(pg);
    unsigned long va = reinterpret_cast<unsigned long>(v);
    FUZZ_CHECK(va >= FIXADDR_START && va < FIXADDR_TOP, "kmap_local outside the fixmap");
    FUZZ_CHECK(kmap_local_depth() == locals_.size() + 1, "kmap_local depth");
    CheckReaches(v, pg, "kmap_local");
    locals_.push_back(va);
  }

  void KunmapLocal() {
    if (locals_.empty()) return;
    unsigned long va = locals_.back();
    kunmap_local(reinterpret_cast<void *>(va));
    locals_.pop_back();
    FUZZ_CHECK(Translate(va, sv32::Access::kLoad).fault, "kunmap_local left the slot mapped");
  }

  void Kmalloc(Input &in, bool zero) {
    size_t size = in.u16() % (kMaxKmalloc + 1);
    if (live_.size() >= kMaxLive) return;
    unsigned char *p = static_cast<unsigned char *>(zero ? kzalloc(size, GFP_KERNEL)
                                                         : kmalloc(size, GFP_KERNEL));
    if (size == 0) {
      FUZZ_CHECK(p == ZERO_SIZE_PTR, "kmalloc(0) is not ZERO_SIZE_PTR");
      return;
    }
    if (!p) return;
    FUZZ_CHECK(ksize(p) >= size, "ksize below the request");
    if (zero)
      for (size_t i = 0; i < size; i++) FUZZ_CHECK(p[i] == 0, "kzalloc not zeroed");
    Add(p, Live{Kind::kKmalloc, size, 0, nullptr, in.u8()});
  }

  void Krealloc(Input &in) {
    auto it = Pick(in, Kind::kKmalloc);
    size_t size = in.u16() % (kMaxKmalloc + 1);
    if (it == live_.end() || size == 0) return;
    Live l = it->second;
    Verify(it, l.size);
    void *old = reinterpret_cast<void *>(it->first);
    unsigned char *p = static_cast<unsigned char *>(krealloc(old, size, GFP_KERNEL));
    if (!p) return;  // old is untouched
    size_t kept = l.size < size ? l.size : size;
    for (size_t i = 0; i < kept; i++)
      FUZZ_CHECK(p[i] == Pattern(l.seed, i), "krealloc lost the old contents");
    live_.erase(it);
    l.size = size;
    Add(p, l);
  }

  void CacheCreate(Input &in) {
    uint16_t size = in.u16() % (3 * PAGE_SIZE) + 1;
    uint8_t a = in.u8();
    unsigned align = (a & 0x7) < 5 ? 0 : 8u << (a & 0x7);  // 0, or 40..1024 via shifts
    slab_flags_t flags = 0;
    if (a & 0x08) flags |= SLAB_HWCACHE_ALIGN;
    if (a & 0x10) flags |= SLAB_RECLAIM_ACCOUNT;
    if (a & 0x20) flags |= SLAB_RED_ZONE;
    if (a & 0x40) flags |= SLAB_POISON;
    if (a & 0x80) flags |= SLAB_STORE_USER;
    if (caches_.size() >= kMaxCaches) return;
    kmem_cache *c = kmem_cache_create("fuzz", size, align, flags, nullptr);
    if (!c) return;
    FUZZ_CHECK(c->size >= size && c->objects >= 1, "cache geometry");
    caches_.push_back(c);
  }

  kmem_cache *PickCache(Input &in) {
    uint8_t b = in.u8();
    return caches_.empty() ? nullptr : caches_[b % caches_.size()];
  }

  void CacheAlloc(Input &in) {
    kmem_cache *c = PickCache(in);
    uint8_t a = in.u8();
    if (!c || live_.size() >= kMaxLive) return;
    unsigned char *p = static_cast<unsigned char *>(
        kmem_cache_alloc(c, (a & 1) ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL));
    if (!p) return;
    if (a & 1)
      for (size_t i = 0; i < c->object_size; i++) FUZZ_CHECK(p[i] == 0, "__GFP_ZERO not zeroed");
    Add(p, Live{Kind::kObject, c->object_size, 0, c, static_cast<uint8_t>(a >> 1)});
  }

  void CacheShrink(Input &in) {
    kmem_cache *c = PickCache(in);
    if (c) kmem_cache_shrink(c);
  }

  // Destroys a cache after freeing its live objects.
  void CacheDestroy(Input &in) {
    uint8_t b = in.u8();
    if (caches_.empty()) return;
    size_t i = b % caches_.size();
    kmem_cache *c = caches_[i];
    for (auto it = live_.begin(); it != live_.end();) {
      auto next = std::next(it);
      if (it->second.kind == Kind::kObject && it->second.cache == c) Free(it);
      it = next;
    }
    FUZZ_CHECK(kmem_cache_objects_in_use(c) == 0, "objects in use after freeing them all");
    kmem_cache_destroy(c);
    caches_.erase(caches_.begin() + static_cast<long>(i));
  }

  // Prints buddyinfo and slabinfo and checks that they parse and agree.
  void Views() {
    mm_host::output.clear();
    show_buddyinfo();
    std::istringstream bi(mm_host::output);
    unsigned long buddy_pages = 0;
    for (std::string line; std::getline(bi, line);) {
      char zone[16];
      int node, n = 0;
      FUZZ_CHECK(std::sscanf(line.c_str(), "Node %d, zone %15s%n", &node, zone, &n) == 2,
                 "buddyinfo line: " + line);
      std::istringstream counts(line.substr(static_cast<size_t>(n)));
      unsigned long v;
      unsigned order = 0;
      while (counts >> v) buddy_pages += v << order++;
      FUZZ_CHECK(order == MAX_ORDER, "buddyinfo orders: " + line);
    }
    FUZZ_CHECK(buddy_pages <= nr_free_pages(), "buddyinfo above nr_free_pages");
    mm_host::output.clear();
    show_slabinfo();
    std::istringstream si(mm_host::output);
    std::string line;
    FUZZ_CHECK(std::getline(si, line) && line == "slabinfo - version: 2.1", "slabinfo head");
    FUZZ_CHECK(std::getline(si, line) && line.rfind("# name", 0) == 0, "slabinfo header");
    unsigned rows = 0;
    while (std::getline(si, line)) {
      char name[32];
      unsigned long active, num, objsize, per, pages, active_slabs, slabs;
      FUZZ_CHECK(std::sscanf(line.c_str(),
                             "%31s %lu %lu %lu %lu %lu : tunables %*u %*u %*u : slabdata %lu %lu",
                             name, &active, &num, &objsize, &per, &pages, &active_slabs,
                             &slabs) == 8,
                 "slabinfo line: " + line);
      FUZZ_CHECK(active <= num && num == per * slabs && active_slabs <= slabs,
                 "slabinfo counts: " + line);
      rows++;
    }
    FUZZ_CHECK(rows >= NR_KMALLOC_CACHES - 1, "slabinfo rows");
    mm_host::output.clear();
    show_vmallocinfo();
    std::istringstream vi(mm_host::output);
    size_t busy = 0;
    while (std::getline(vi, line)) {
      unsigned long start, end, bytes, pages = 0;
      FUZZ_CHECK(std::sscanf(line.c_str(), "0x%lx-0x%lx %lu", &start, &end, &bytes) == 3 &&
                     end - start == bytes,
                 "vmallocinfo line: " + line);
      const char *np = std::strstr(line.c_str(), "pages=");
      if (np) std::sscanf(np, "pages=%lu", &pages);
      auto it = areas_.find(start);
      if (it != areas_.end()) {
        FUZZ_CHECK(bytes == (it->second.pages + 1) * PAGE_SIZE &&
                       pages == (it->second.vmap ? 0 : it->second.pages),  // as Linux: vmalloc only
                   "vmallocinfo size: " + line);
        busy++;
      }
    }
    FUZZ_CHECK(busy == areas_.size(), "vmallocinfo misses a live area");
    mm_host::output.clear();
  }

  std::map<uintptr_t, Live> live_;
  std::vector<kmem_cache *> caches_;
  std::vector<page *> pool_;              // every ZONE_HIGHMEM page, kmapped by the ops
  std::map<unsigned long, Area> areas_;   // live vmalloc / vmap areas by address
  std::vector<page *> kmaps_;             // outstanding kmap()s, in order
  std::vector<unsigned long> locals_;     // the kmap_local stack (addresses)
  unsigned char *dram_ = nullptr;
  phys_addr_t pgd_pa_ = 0;
  unsigned long free0_ = 0, tables0_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Input in(data, size);
  Machine m;
  m.Boot((in.u8() & 1) ? SLAB_DEBUG_FLAGS : 0);
  m.Run(in);
  m.Teardown();
  return 0;
}
