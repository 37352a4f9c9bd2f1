// slab_test.cc -- firmware/mm/slab.c and slab_common.c on the host: cache
// geometry, object placement, the full/partial/free lists, constructors,
// kmalloc size classes and large blocks, a randomized kmalloc/kfree run
// against a shadow, the invariant panics, poisoning, and the slabinfo view.
// Built with CONFIG_SLUB_DEBUG=1: every cache starts with SLAB_DEBUG_FLAGS
// (checked path, no CPU slab) unless a test clears slub_debug first; the
// debug reports themselves are in slub_debug_test.cc.
#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "mm_arena.h"

namespace {

using slab_fixture::list_length;
using slab_fixture::Slab;

// Counts the constructor calls (ctor tests).
int ctor_calls;
constexpr uint32_t kConstructed = 0xc0ffee11;
// Constructs the first and the third word: the constructed state must
// survive free/alloc cycles, so the free pointer may not live in it.
void count_ctor(void *object) {
  ctor_calls++;
  static_cast<uint32_t *>(object)[0] = kConstructed;
  static_cast<uint32_t *>(object)[2] = kConstructed;
}

struct Geometry {
  unsigned size, align;
  slab_flags_t flags;
  unsigned want_size, want_objects, want_order;
};

TEST_F(Slab, GeometryForSizesAndAligns) {
  slub_debug = 0;  // the bare layout; DebugLayout* has the metadata
  const Geometry cases[] = {
      {8, 0, 0, 8, 512, 0},       {1, 0, 0, 8, 512, 0},
      {20, 0, 0, 24, 170, 0},     {20, 16, 0, 32, 128, 0},
      {100, 64, 0, 128, 32, 0},   {64, 0, SLAB_HWCACHE_ALIGN, 64, 64, 0},
      {40, 0, SLAB_HWCACHE_ALIGN, 64, 64, 0}, {96, 32, 0, 96, 42, 0},
      {3000, 0, 0, 3000, 5, 2},   {5000, 0, 0, 5000, 3, 2},
      {1000, 512, 0, 1024, 4, 0}, {20000, 0, 0, 20000, 1, 3},
  };
  for (const Geometry &g : cases) {
    kmem_cache *c = kmem_cache_create("geo", g.size, g.align, g.flags, nullptr);
    ASSERT_NE(c, nullptr) << g.size;
    EXPECT_EQ(c->object_size, g.size);
    EXPECT_EQ(c->size, g.want_size) << g.size << "/" << g.align;
    EXPECT_EQ(c->objects, g.want_objects) << g.size << "/" << g.align;
    EXPECT_EQ(c->order, g.want_order) << g.size << "/" << g.align;
    EXPECT_EQ(c->size % c->align, 0u);
    EXPECT_LE(c->objects * c->size, PAGE_SIZE << c->order);
    kmem_cache_destroy(c);
  }
  EXPECT_EQ(kmem_cache_create("bad", 0, 0, 0, nullptr), nullptr);
  EXPECT_EQ(kmem_cache_create("bad", 16, 24, 0, nullptr), nullptr);
  EXPECT_EQ(kmem_cache_create("bad", PAGE_SIZE << MAX_ORDER, 0, 0, nullptr), nullptr);
}

TEST_F(Slab, ObjectsDistinctAlignedInsideSlabPages) {
  const unsigned sizes[][2] = {{8, 0}, {24, 8}, {50, 16}, {100, 64}, {700, 256}, {3000, 0}};
  for (const auto &sa : sizes) {
    kmem_cache *c = kmem_cache_create("place", sa[0], sa[1], 0, nullptr);
    ASSERT_NE(c, nullptr);
    std::vector<char *> objs;
    for (unsigned i = 0; i < 3 * c->objects + 1; i++) {
      char *p = static_cast<char *>(kmem_cache_alloc(c, GFP_KERNEL));
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % c->align, 0u);
      if (sa[1]) {
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % sa[1], 0u);
      }
      page *slab = virt_to_slab(p);
      ASSERT_NE(slab, nullptr);
      EXPECT_TRUE(PageSlab(slab));
      EXPECT_EQ(slab->slab_cache, c);
      char *base = static_cast<char *>(page_address(slab));
      EXPECT_GE(p, base);
      EXPECT_LE(p + c->object_size, base + (PAGE_SIZE << c->order));
      objs.push_back(p);
    }
    std::vector<char *> sorted = objs;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 1; i < sorted.size(); i++)
      EXPECT_LE(sorted[i - 1] + c->object_size, sorted[i]) << "overlap, size " << sa[0];
    EXPECT_EQ(c->active_objs, objs.size());
    EXPECT_EQ(c->nr_slabs, 4u);
    for (char *p : objs) kmem_cache_free(c, p);
    kmem_cache_destroy(c);
  }
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, FreeAllAndShrinkReturnsEveryPage) {
  kmem_cache *c = kmem_cache_create("shrink", 200, 0, SLAB_RECLAIM_ACCOUNT, nullptr);
  ASSERT_NE(c, nullptr);
  std::vector<void *> objs, ks;
  for (int i = 0; i < 500; i++) objs.push_back(kmem_cache_alloc(c, GFP_KERNEL));
  for (int i = 0; i < 500; i++) ks.push_back(kmalloc(1 + (i * 37) % 2048, GFP_KERNEL));
  EXPECT_LT(FreePages(), free0_);
  page *slab = virt_to_slab(objs[0]);
  EXPECT_EQ(get_pageblock_migratetype(slab), MIGRATE_RECLAIMABLE);
  for (void *p : objs) kmem_cache_free(c, p);
  for (void *p : ks) kfree(p);
  EXPECT_EQ(c->active_objs, 0u);
  EXPECT_EQ(c->nr_slabs, 1u);  // SLAB_FREE_LIMIT empty slab kept
  EXPECT_EQ(kmem_cache_shrink(c), 1ul << c->order);
  EXPECT_EQ(c->nr_slabs, 0u);
  EXPECT_EQ(c->total_objs, 0u);
  kmem_cache_destroy(c);
  ShrinkAll();
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, PartialFullFreeListMovement) {
  slub_debug = SLAB_CONSISTENCY_CHECKS;  // the per-slab path, no metadata
  kmem_cache *c = kmem_cache_create("lists", 512, 0, 0, nullptr);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->objects, 8u);
  auto lists = [c] {
    return std::vector<unsigned long>{list_length(&c->slabs_full),
                                      list_length(&c->slabs_partial),
                                      list_length(&c->slabs_free)};
  };
  using L = std::vector<unsigned long>;
  std::vector<void *> a, b;
  a.push_back(kmem_cache_alloc(c, GFP_KERNEL));
  EXPECT_EQ(lists(), (L{0, 1, 0}));
  EXPECT_EQ(virt_to_slab(a[0])->inuse, 1u);
  for (int i = 1; i < 8; i++) a.push_back(kmem_cache_alloc(c, GFP_KERNEL));
  EXPECT_EQ(lists(), (L{1, 0, 0}));
  EXPECT_EQ(virt_to_slab(a[0])->freelist, nullptr);
  for (int i = 0; i < 8; i++) b.push_back(kmem_cache_alloc(c, GFP_KERNEL));
  EXPECT_EQ(lists(), (L{2, 0, 0}));
  kmem_cache_free(c, a[3]);
  EXPECT_EQ(lists(), (L{1, 1, 0}));
  EXPECT_EQ(kmem_cache_alloc(c, GFP_KERNEL), a[3]);  // LIFO reuse
  EXPECT_EQ(lists(), (L{2, 0, 0}));
  for (void *p : a) kmem_cache_free(c, p);
  EXPECT_EQ(lists(), (L{1, 0, 1}));
  EXPECT_EQ(c->nr_free_slabs, 1u);
  unsigned long before = FreePages();
  for (void *p : b) kmem_cache_free(c, p);  // second empty slab: over the limit
  EXPECT_EQ(lists(), (L{0, 0, 1}));
  EXPECT_EQ(FreePages(), before + 1);
  EXPECT_EQ(c->active_objs, 0u);
  kmem_cache_destroy(c);
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, ConstructorOncePerObjectAtSlabCreation) {
  ctor_calls = 0;
  kmem_cache *c = kmem_cache_create("ctor", 48, 0, 0, count_ctor);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->flags & SLAB_POISON, 0u);  // poison would undo the ctor
  EXPECT_EQ(ctor_calls, 0);
  std::vector<uint32_t *> objs;
  objs.push_back(static_cast<uint32_t *>(kmem_cache_alloc(c, GFP_KERNEL)));
  EXPECT_EQ(ctor_calls, static_cast<int>(c->objects));
  EXPECT_EQ(objs[0][0], kConstructed);
  EXPECT_EQ(objs[0][2], kConstructed);
  for (unsigned i = 1; i < c->objects; i++)
    objs.push_back(static_cast<uint32_t *>(kmem_cache_alloc(c, GFP_KERNEL)));
  EXPECT_EQ(ctor_calls, static_cast<int>(c->objects));
  kmem_cache_free(c, objs.back());
  objs.back() = static_cast<uint32_t *>(kmem_cache_alloc(c, GFP_KERNEL));
  EXPECT_EQ(ctor_calls, static_cast<int>(c->objects));
  objs.push_back(static_cast<uint32_t *>(kmem_cache_alloc(c, GFP_KERNEL)));
  EXPECT_EQ(ctor_calls, static_cast<int>(2 * c->objects));
  for (uint32_t *p : objs) EXPECT_EQ(p[2], kConstructed);
  // every object freed and taken again keeps its constructed words
  for (uint32_t *p : objs) kmem_cache_free(c, p);
  for (uint32_t *&p : objs) p = static_cast<uint32_t *>(kmem_cache_alloc(c, GFP_KERNEL));
  for (uint32_t *p : objs) {
    EXPECT_EQ(p[0], kConstructed);
    EXPECT_EQ(p[2], kConstructed);
  }
  for (uint32_t *p : objs) kmem_cache_free(c, p);
  kmem_cache_destroy(c);
}

TEST_F(Slab, KmallocSizeClasses) {
  const std::pair<size_t, size_t> cases[] = {
      {1, 8},     {8, 8},     {9, 16},    {16, 16},   {17, 32},     {33, 64},
      {64, 64},   {65, 96},   {96, 96},   {97, 128},  {129, 192},   {192, 192},
      {193, 256}, {257, 512}, {513, 1024}, {1025, 2048}, {2048, 2048},
      {2049, 4096}, {4096, 4096}, {4097, 8192}, {8192, 8192},
      {24, 32},   {40, 64},   {72, 96},   {104, 128}, {136, 192},   {200, 256},
  };
  for (const auto &[n, want] : cases) {
    void *p = kmalloc(n, GFP_KERNEL);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(ksize(p), want) << n;
    EXPECT_EQ(virt_to_slab(p)->slab_cache, kmalloc_slab(n));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % std::min<size_t>(want & -want, 64), 0u) << n;
    std::memset(p, 0x11, ksize(p));
    kfree(p);
  }
  EXPECT_STREQ(kmalloc_slab(100)->name, "kmalloc-128");
  EXPECT_STREQ(kmalloc_slab(3000)->name, "kmalloc-4k");
  EXPECT_STREQ(kmalloc_slab(8000)->name, "kmalloc-8k");
  EXPECT_EQ(kmalloc_slab(0), nullptr);
  // every size up to the largest class: the smallest class that fits
  for (size_t n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
    kmem_cache *c = kmalloc_slab(n);
    ASSERT_NE(c, nullptr) << n;
    ASSERT_GE(c->object_size, n);
    for (kmem_cache *d : kmalloc_caches) {
      if (d && d->object_size >= n) {
        ASSERT_LE(c->object_size, d->object_size) << n;
      }
    }
  }
  EXPECT_EQ(kmalloc_slab(KMALLOC_MAX_CACHE_SIZE + 1), nullptr);
}

TEST_F(Slab, KmallocZeroAndNull) {
  EXPECT_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
  EXPECT_EQ(ksize(ZERO_SIZE_PTR), 0u);
  EXPECT_EQ(ksize(nullptr), 0u);
  kfree(ZERO_SIZE_PTR);
  kfree(nullptr);
  unsigned long slabs = 0;
  for (kmem_cache *c : kmalloc_caches) {
    if (c) slabs += c->nr_slabs;
  }
  EXPECT_EQ(slabs, 0u);  // nothing was ever taken from a kmalloc cache
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, KmallocLargeFromBuddy) {
  unsigned char *p = static_cast<unsigned char *>(kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % PAGE_SIZE, 0u);
  EXPECT_TRUE(PageHead(virt_to_page(p)));
  EXPECT_EQ(virt_to_slab(p), nullptr);
  EXPECT_EQ(ksize(p), 4 * PAGE_SIZE);
  EXPECT_EQ(FreePages(), free0_ - 4);
  unsigned char *q = static_cast<unsigned char *>(kzalloc(5 * PAGE_SIZE, GFP_KERNEL));
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(ksize(q), 8 * PAGE_SIZE);
  EXPECT_EQ(static_cast<uintptr_t>(q - dram_) % (8 * PAGE_SIZE), 0u);
  for (size_t i = 0; i < 8 * PAGE_SIZE; i++) ASSERT_EQ(q[i], 0) << i;
  EXPECT_EQ(FreePages(), free0_ - 12);
  kfree(p);
  kfree(q);
  EXPECT_FALSE(PageHead(virt_to_page(p)));
  EXPECT_EQ(FreePages(), free0_);
  EXPECT_EQ(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL), nullptr);
  void *big = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(ksize(big), KMALLOC_MAX_SIZE);
  kfree(big);
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, KzallocZeroesAndAllocPoisons) {
  unsigned char *p = static_cast<unsigned char *>(kmalloc(64, GFP_KERNEL));
  for (int i = 0; i < 64; i++) ASSERT_EQ(p[i], POISON_INUSE) << i;
  std::memset(p, 0x77, 64);
  kfree(p);
  unsigned char *q = static_cast<unsigned char *>(kzalloc(64, GFP_KERNEL));
  EXPECT_EQ(q, p);  // same object back, now zeroed
  for (int i = 0; i < 64; i++) ASSERT_EQ(q[i], 0) << i;
  kfree(q);
}

TEST_F(Slab, RandomKmallocKfreeAgainstShadow) {
  std::mt19937 rng(20240611);
  struct Block {
    size_t size;
    unsigned char seed;
  };
  std::map<uintptr_t, Block> live;  // by address: neighbours show overlap
  auto pattern = [](unsigned char seed, size_t i) {
    return static_cast<unsigned char>(seed + i * 7);
  };
  auto free_one = [&](std::map<uintptr_t, Block>::iterator it) {
    unsigned char *p = reinterpret_cast<unsigned char *>(it->first);
    for (size_t i = 0; i < it->second.size; i++)
      ASSERT_EQ(p[i], pattern(it->second.seed, i)) << "object " << (void *)p << " byte " << i;
    kfree(p);
    live.erase(it);
  };
  for (int op = 0; op < 20000; op++) {
    bool alloc = live.empty() || rng() % 100 < 55;
    if (alloc) {
      size_t size;
      unsigned r = rng() % 100;
      if (r < 60) size = 1 + rng() % 256;
      else if (r < 95) size = 1 + rng() % 2048;
      else size = 2049 + rng() % (6 * PAGE_SIZE);
      unsigned char *p = static_cast<unsigned char *>(kmalloc(size, GFP_KERNEL));
      ASSERT_NE(p, nullptr);
      ASSERT_GE(ksize(p), size);
      uintptr_t a = reinterpret_cast<uintptr_t>(p);
      auto next = live.lower_bound(a);
      if (next != live.end()) {
        ASSERT_LE(a + ksize(p), next->first) << "overlaps next";
      }
      if (next != live.begin()) {
        auto prev = std::prev(next);
        ASSERT_LE(prev->first + ksize(reinterpret_cast<void *>(prev->first)), a) << "overlaps prev";
      }
      unsigned char seed = static_cast<unsigned char>(rng());
      for (size_t i = 0; i < size; i++) p[i] = pattern(seed, i);
      live[a] = {size, seed};
    } else {
      auto it = live.begin();
      std::advance(it, rng() % live.size());
      free_one(it);
      if (HasFatalFailure()) return;
    }
  }
  while (!live.empty()) {
    free_one(live.begin());
    if (HasFatalFailure()) return;
  }
  for (kmem_cache *c : kmalloc_caches) {
    if (c) {
      EXPECT_EQ(kmem_cache_objects_in_use(c), 0u) << c->name;
    }
  }
  ShrinkAll();
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, PanicOnDoubleFreeAtFreelistHead) {
  slub_debug = 0;  // the head check works without SLAB_CONSISTENCY_CHECKS
  kmem_cache *c = kmem_cache_create("nodebug", 32, 0, 0, nullptr);
  void *p = kmem_cache_alloc(c, GFP_KERNEL);
  kmem_cache_alloc(c, GFP_KERNEL);
  kmem_cache_free(c, p);
  EXPECT_MM_PANIC(kmem_cache_free(c, p), "kmem_cache_free: double free of nodebug object");
}

TEST_F(Slab, PanicOnKfreeOfNonSlabPointers) {
  page *pg = alloc_pages(GFP_KERNEL, 0);
  ASSERT_NE(pg, nullptr);
  EXPECT_MM_PANIC(kfree(page_address(pg)), "kfree: ");
  EXPECT_NE(mm_host::panic_message.find("neither a slab object"), std::string::npos);
  int on_stack;
  EXPECT_MM_PANIC(kfree(&on_stack), "kfree: ");
  EXPECT_NE(mm_host::panic_message.find("outside mem_map"), std::string::npos);
  char *obj = static_cast<char *>(kmalloc(64, GFP_KERNEL));
  EXPECT_MM_PANIC(kfree(obj + 8), "kfree: ");
  EXPECT_NE(mm_host::panic_message.find("not at an object boundary of kmalloc-64"),
            std::string::npos);
  char *big = static_cast<char *>(kmalloc(3 * PAGE_SIZE, GFP_KERNEL));
  EXPECT_MM_PANIC(kfree(big + PAGE_SIZE), "kfree: ");
  kfree(big);
  EXPECT_MM_PANIC(kfree(big), "double free?");
}

TEST_F(Slab, PanicOnFreeToTheWrongCache) {
  kmem_cache *c = kmem_cache_create("mine", 64, 0, 0, nullptr);
  void *p = kmalloc(64, GFP_KERNEL);
  EXPECT_MM_PANIC(kmem_cache_free(c, p), "kmem_cache_free: ");
  EXPECT_NE(mm_host::panic_message.find("belongs to kmalloc-64, not mine"),
            std::string::npos);
}

TEST_F(Slab, PanicOnDestroyWithLiveObjects) {
  kmem_cache *c = kmem_cache_create("busy_cache", 128, 0, 0, nullptr);
  kmem_cache_alloc(c, GFP_KERNEL);
  kmem_cache_alloc(c, GFP_KERNEL);
  EXPECT_MM_PANIC(kmem_cache_destroy(c),
                  "kmem_cache_destroy: cache busy_cache still has 2 objects");
}

TEST_F(Slab, NoPoisonWithoutDebugFlags) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("plain", 128, 0, 0, nullptr);
  EXPECT_EQ(c->flags & SLAB_POISON, 0u);
  unsigned char *p = static_cast<unsigned char *>(kmem_cache_alloc(c, GFP_KERNEL));
  kmem_cache_free(c, p);
  p[40] = 0;  // not caught without SLAB_POISON
  EXPECT_EQ(kmem_cache_alloc(c, GFP_KERNEL), p);
  EXPECT_EQ(p[40], 0);
}

TEST_F(Slab, FreePointerCorruptionCaught) {
  char *p = static_cast<char *>(kmalloc(64, GFP_KERNEL));
  kmalloc(64, GFP_KERNEL);
  kfree(p);
  const unsigned offset = kmalloc_slab(64)->offset;
  EXPECT_GE(offset, 64u);  // debug: the free pointer lies after the object
  *reinterpret_cast<void **>(p + offset) = reinterpret_cast<void *>(0x1234);
  EXPECT_MM_PANIC(kmalloc(64, GFP_KERNEL), "free pointer corrupted");
}

// Without debug flags a cache serves from its CPU slab: the slab is off
// the lists, its free objects on cpu_slab.freelist; alloc pops, a free of
// one of its objects pushes, frees to other slabs take the slow path.
TEST_F(Slab, CpuSlabPopPushAndSlowPaths) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("cpu", 512, 0, 0, nullptr);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->objects, 8u);
  kmem_cache_cpu *cpu = &c->cpu_slab;
  EXPECT_EQ(cpu->page, nullptr);
  void *a = kmem_cache_alloc(c, GFP_KERNEL);
  page *s1 = virt_to_slab(a);
  EXPECT_EQ(cpu->page, s1);
  EXPECT_EQ(s1->freelist, nullptr);  // frozen: its freelist is the CPU's
  EXPECT_EQ(s1->inuse, s1->objects);
  EXPECT_EQ(list_length(&c->slabs_partial) + list_length(&c->slabs_full) +
                list_length(&c->slabs_free), 0u);
  EXPECT_EQ(cpu->freelist, static_cast<char *>(a) + c->size);  // next pop
  kmem_cache_free(c, a);
  EXPECT_EQ(cpu->freelist, a);  // push
  EXPECT_EQ(kmem_cache_alloc(c, GFP_KERNEL), a);
  std::vector<void *> objs{a};
  for (int i = 1; i < 8; i++) objs.push_back(kmem_cache_alloc(c, GFP_KERNEL));
  EXPECT_EQ(cpu->freelist, nullptr);
  EXPECT_EQ(kmem_cache_objects_in_use(c), 8u);
  void *b = kmem_cache_alloc(c, GFP_KERNEL);  // slow path: s1 to the full list
  page *s2 = virt_to_slab(b);
  EXPECT_NE(s2, s1);
  EXPECT_EQ(cpu->page, s2);
  EXPECT_EQ(list_length(&c->slabs_full), 1u);
  kmem_cache_free(c, objs[3]);  // not the CPU slab: slow path, s1 partial
  EXPECT_EQ(list_length(&c->slabs_full), 0u);
  EXPECT_EQ(list_length(&c->slabs_partial), 1u);
  EXPECT_EQ(s1->freelist, objs[3]);
  EXPECT_EQ(s1->inuse, 7u);
  EXPECT_EQ(kmem_cache_objects_in_use(c), 8u);
  flush_cpu_slab(c);  // s2 (1 of 8 in use) joins the partial list
  EXPECT_EQ(cpu->page, nullptr);
  EXPECT_EQ(cpu->freelist, nullptr);
  EXPECT_EQ(list_length(&c->slabs_partial), 2u);
  EXPECT_EQ(s2->inuse, 1u);
  EXPECT_EQ(c->active_objs, 8u);
  EXPECT_MM_PANIC(kmem_cache_free(c, objs[3]), "double free of cpu object");
  kmem_cache_free(c, b);
  for (void *p : objs)
    if (p != objs[3]) kmem_cache_free(c, p);
  EXPECT_EQ(kmem_cache_objects_in_use(c), 0u);
  kmem_cache_destroy(c);
  EXPECT_EQ(FreePages(), free0_);
}

// A free of a pointer outside the CPU slab is checked on the slow path
// even without debug flags.
TEST_F(Slab, CpuSlabFreeOfForeignPointerPanics) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("cpu2", 64, 0, 0, nullptr);
  kmem_cache *d = kmem_cache_create("other", 64, 0, 0, nullptr);
  void *x = kmem_cache_alloc(d, GFP_KERNEL);
  kmem_cache_alloc(c, GFP_KERNEL);
  EXPECT_MM_PANIC(kmem_cache_free(c, x), "kmem_cache_free: ");
  EXPECT_NE(mm_host::panic_message.find("belongs to other, not cpu2"), std::string::npos);
  int on_stack;
  EXPECT_MM_PANIC(kmem_cache_free(c, &on_stack), "is not a slab object");
}

// Colouring: each new slab places its first object one colour step
// (SLAB_CACHE_LINE) further into the slab's leftover, cycling.
TEST_F(Slab, SlabColouringCyclesThroughLeftover) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("colour", 96, 0, 0, nullptr);  // 42 per page, 64 left
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->colour_off, SLAB_CACHE_LINE);
  EXPECT_EQ(c->colour, 2u);
  kmem_cache *big = kmem_cache_create("colour-big", 1000, 0, 0, nullptr);  // 4 per page, 96 left
  EXPECT_EQ(big->colour, 2u);
  kmem_cache *none = kmem_cache_create("colour-none", 64, 0, 0, nullptr);
  EXPECT_EQ(none->colour, 1u);
  std::vector<uintptr_t> firsts;
  std::vector<void *> objs;
  for (unsigned i = 0; i < 4 * c->objects; i++) {
    char *p = static_cast<char *>(kmem_cache_alloc(c, GFP_KERNEL));
    ASSERT_NE(p, nullptr);
    char *page_start = static_cast<char *>(page_address(virt_to_slab(p)));
    EXPECT_LE(p + c->size, page_start + PAGE_SIZE);
    if (i % c->objects == 0) firsts.push_back(static_cast<uintptr_t>(p - page_start));
    objs.push_back(p);
  }
  EXPECT_EQ(firsts, (std::vector<uintptr_t>{0, 64, 0, 64}));
  for (void *p : objs) kmem_cache_free(c, p);
  kmem_cache_destroy(c);
  kmem_cache_destroy(big);
  kmem_cache_destroy(none);
  EXPECT_EQ(FreePages(), free0_);
}

TEST_F(Slab, KreallocGrowsKeepsContentsShrinksInPlace) {
  EXPECT_EQ(krealloc(nullptr, 0, GFP_KERNEL), ZERO_SIZE_PTR);
  unsigned char *p = static_cast<unsigned char *>(krealloc(nullptr, 20, GFP_KERNEL));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(ksize(p), 32u);
  for (int i = 0; i < 20; i++) p[i] = static_cast<unsigned char>(i + 1);
  EXPECT_EQ(krealloc(p, 30, GFP_KERNEL), p);  // fits its class
  EXPECT_EQ(krealloc(p, 5, GFP_KERNEL), p);
  unsigned char *q = static_cast<unsigned char *>(krealloc(p, 3000, GFP_KERNEL | __GFP_ZERO));
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);
  EXPECT_EQ(ksize(q), 4096u);
  for (int i = 0; i < 20; i++) EXPECT_EQ(q[i], i + 1) << i;
  for (int i = 32; i < 3000; i++) ASSERT_EQ(q[i], 0) << i;
  unsigned char *r = static_cast<unsigned char *>(krealloc(q, 3 * PAGE_SIZE, GFP_KERNEL));
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(PageHead(virt_to_page(r)));
  for (int i = 0; i < 20; i++) EXPECT_EQ(r[i], i + 1) << i;
  EXPECT_EQ(krealloc(r, KMALLOC_MAX_SIZE + 1, GFP_KERNEL), nullptr);  // r untouched
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(krealloc(r, 0, GFP_KERNEL), ZERO_SIZE_PTR);  // freed
  ShrinkAll();
  EXPECT_EQ(FreePages(), free0_);
}

// The kmalloc caches carry the debug metadata of a 64-bit host here.
TEST_F(Slab, SlabinfoText) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("test-100", 100, 0, 0, nullptr);
  for (int i = 0; i < 45; i++) kmem_cache_alloc(c, GFP_KERNEL);
  void *k = kmalloc(30, GFP_KERNEL);
  mm_host::output.clear();
  show_slabinfo();
  const char *want =
      "slabinfo - version: 2.1\n"
      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
      " <num_slabs> <sharedavail>\n"
      "test-100              45     78    104   39    1 : tunables    0    0    0 : slabdata      2      2      0\n"
      "kmalloc-8k             0      0   8224    1    4 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-4k             0      0   4128    7    8 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-2k             0      0   2080    7    4 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-1k             0      0   1056    7    2 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-512            0      0    544    7    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-256            0      0    288   14    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-192            0      0    224   18    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-128            0      0    160   25    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-96             0      0    128   32    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-64             0      0     96   42    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-32             1     64     64   64    1 : tunables    0    0    0 : slabdata      1      1      0\n"
      "kmalloc-16             0      0     48   85    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmalloc-8              0      0     40  102    1 : tunables    0    0    0 : slabdata      0      0      0\n"
      "kmem_cache            14     16    256   16    1 : tunables    0    0    0 : slabdata      1      1      0\n";
  EXPECT_EQ(mm_host::output, want);
  kfree(k);
}

}  // namespace
