// mm_fuzz.cc -- libFuzzer target over the firmware kernel's memory
// manager (firmware/mm built for the host with clang, ASan and the debug
// switches).  Each input is a program: byte 0 picks the slub_debug flags
// (so both the checked path and the per-CPU fast paths run), then ops of
// one opcode byte and their argument bytes:
//
//   alloc_pages / __free_pages       kmalloc / kzalloc / kfree / krealloc
//   kmem_cache_create / _alloc / _free / _shrink / _destroy
//   views (buddyinfo, slabinfo parsed)      (vmalloc, kmap: see OP_LAST)
//
// Invariants checked as it goes: every live block, object and page range
// is disjoint from every other (a map by address); each holds the pattern
// written into it until it is freed; kzalloc is zero; krealloc keeps the
// old bytes; the views parse and agree with the counters; no debug report
// ("BUG ") and no panic.  At the end everything is freed, the caches
// destroyed or shrunk and the per-CPU lists drained: the free page count
// is back at its value after boot.  A broken invariant aborts (a crash
// for libFuzzer, with the message on stderr).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mm_host.h"

extern "C" {
#include "memblock.h"
#include "page_alloc.h"
#include "slab.h"
}

namespace {

constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr phys_addr_t kSize = 2u << 20;       // 2 MiB of "DRAM": blocks up to order 8
constexpr phys_addr_t kImage = 0x23000;       // "kernel image" reserved at the base
constexpr size_t kMaxLive = 256;              // live allocations at most
constexpr unsigned kMaxCaches = 4;            // fuzzer-made caches at most
constexpr size_t kMaxKmalloc = 5 * PAGE_SIZE; // above the largest class: buddy blocks

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

class Machine {
 public:
  Machine() {
    static unsigned char *dram = static_cast<unsigned char *>(std::aligned_alloc(PAGE_SIZE, kSize));
    FUZZ_CHECK(dram, "no memory for the DRAM stand-in");
    mm_host::output.clear();
    memblock_init();
    FUZZ_CHECK(memblock_add(kBase, kSize) == 0, "memblock_add");
    FUZZ_CHECK(memblock_reserve(kBase, kImage) == 0, "memblock_reserve");
    set_linear_map(kBase, dram);
    mm_core_init();
  }

  // Boots the slab allocator with `debug` as slub_debug; remembers the free pages.
  void Boot(slab_flags_t debug) {
    slub_debug = debug;
    kmem_cache_init();
    free0_ = FreePages();
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
        // Engineer k-vmalloc: vmalloc / vfree / vmap / kmap / kmap_local
        // ops go here, as Live entries of their own kind.
      }
      FUZZ_CHECK(mm_host::output.find("BUG ") == std::string::npos, "slab debug report");
    }
  }

  // Frees everything and checks that every page came back.
  void Teardown() {
    while (!live_.empty()) Free(live_.begin());
    for (kmem_cache *c : caches_) kmem_cache_destroy(c);
    caches_.clear();
    for (list_head *p = slab_caches.next; p != &slab_caches; p = p->next)
      kmem_cache_shrink(list_entry(p, kmem_cache, list));
    Views();
    unsigned long now = FreePages();
    FUZZ_CHECK(now == free0_, "free pages " + std::to_string(now) + " after freeing all, " +
                                  std::to_string(free0_) + " after boot");
    FUZZ_CHECK(mm_host::output.find("BUG ") == std::string::npos, "slab debug report");
  }

 private:
  enum Op {
    OP_ALLOC_PAGES, OP_FREE_PAGES, OP_KMALLOC, OP_KZALLOC, OP_KFREE, OP_KREALLOC,
    OP_CACHE_CREATE, OP_CACHE_ALLOC, OP_CACHE_FREE, OP_CACHE_SHRINK, OP_CACHE_DESTROY,
    OP_VIEWS,
    OP_LAST  // vmalloc / kmap ops go before this
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
    Add(page_address(pg), Live{Kind::kPages, PAGE_SIZE << order, order, nullptr, in.u8()});
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
  }

  std::map<uintptr_t, Live> live_;
  std::vector<kmem_cache *> caches_;
  unsigned long free0_ = 0;
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
