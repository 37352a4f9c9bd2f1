// xarray_test.cc -- the page cache's index (firmware/mm/xarray.c): random
// store/erase/mark sequences against a std::map shadow, with lookups,
// searches (plain and marked) and the node count checked after each step.
#include <map>
#include <random>
#include <utility>

#include "mm_arena.h"

extern "C" {
#include "mm_errno.h"
#include "xarray.h"
}

namespace {

class XarrayTest : public slab_fixture::Slab {
 protected:
  void TearDown() override {
    xa_destroy(&xa_);
    EXPECT_EQ(xa_.xa_nodes, 0u);
    Slab::TearDown();
  }
  static void *Entry(unsigned long v) { return reinterpret_cast<void *>((v << 2) | 4); }
  xarray xa_ = XARRAY_INIT;
};

TEST_F(XarrayTest, StoreLoadEraseOneEntry) {
  EXPECT_EQ(xa_load(&xa_, 5), nullptr);
  ASSERT_EQ(xa_store(&xa_, 5, Entry(5), GFP_KERNEL), 0);
  EXPECT_EQ(xa_load(&xa_, 5), Entry(5));
  EXPECT_EQ(xa_load(&xa_, 4), nullptr);
  EXPECT_EQ(xa_insert(&xa_, 5, Entry(6), GFP_KERNEL), -EEXIST);
  EXPECT_EQ(xa_store(&xa_, 6, nullptr, GFP_KERNEL), -EINVAL);
  EXPECT_EQ(xa_erase(&xa_, 5), Entry(5));
  EXPECT_TRUE(xa_empty(&xa_));
  EXPECT_EQ(xa_.xa_nodes, 0u);  // the emptied node went back
}

TEST_F(XarrayTest, GrowsForLargeIndicesAndShrinksNodesWhenEmptied) {
  ASSERT_EQ(xa_store(&xa_, 0, Entry(0), GFP_KERNEL), 0);
  EXPECT_EQ(xa_.xa_nodes, 1u);
  ASSERT_EQ(xa_store(&xa_, 64 * 64 * 3 + 7, Entry(9), GFP_KERNEL), 0);  // three levels
  EXPECT_EQ(xa_.xa_head->shift, 2 * XA_CHUNK_SHIFT);
  EXPECT_EQ(xa_load(&xa_, 0), Entry(0));
  EXPECT_EQ(xa_load(&xa_, 64 * 64 * 3 + 7), Entry(9));
  unsigned long nodes = xa_.xa_nodes;
  EXPECT_EQ(nodes, 5u);  // top, two middles, two leaves
  xa_erase(&xa_, 64 * 64 * 3 + 7);
  EXPECT_EQ(xa_.xa_nodes, 3u);
  ASSERT_EQ(xa_store(&xa_, ~0ul, Entry(1), GFP_KERNEL), 0);  // the largest index
  EXPECT_EQ(xa_load(&xa_, ~0ul), Entry(1));
  unsigned long i = 1;
  EXPECT_EQ(xa_find(&xa_, &i, ~0ul), Entry(1));
  EXPECT_EQ(i, ~0ul);
}

TEST_F(XarrayTest, MarkedSearchSkipsUnmarked) {
  for (unsigned long i = 0; i < 5000; i += 3) ASSERT_EQ(xa_store(&xa_, i, Entry(i), GFP_KERNEL), 0);
  xa_set_mark(&xa_, 300, XA_MARK_0);
  xa_set_mark(&xa_, 4998, XA_MARK_0);
  xa_set_mark(&xa_, 301, XA_MARK_0);  // no entry: nothing happens
  EXPECT_FALSE(xa_get_mark(&xa_, 301, XA_MARK_0));
  unsigned long i = 0, entry_index[3] = {}, n = 0;
  void *e;
  xa_for_each_marked(&xa_, i, e, XA_MARK_0) {
    ASSERT_LT(n, 3u);
    entry_index[n++] = i;
    EXPECT_EQ(e, Entry(i));
  }
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(entry_index[0], 300u);
  EXPECT_EQ(entry_index[1], 4998u);
  xa_clear_mark(&xa_, 300, XA_MARK_0);
  EXPECT_EQ(xa_.xa_head->marks[XA_MARK_0], 1ull << (4998 >> 12));  // only the subtree still marked
  xa_erase(&xa_, 4998);
  EXPECT_EQ(xa_.xa_head->marks[XA_MARK_0], 0u);
}

// Random operations against a shadow map of index -> (entry, marks).
TEST_F(XarrayTest, RandomOperationsAgreeWithAShadowMap) {
  std::mt19937 rng(12);
  std::map<unsigned long, std::pair<void *, unsigned>> shadow;
  auto rand_index = [&]() -> unsigned long {
    switch (rng() % 4) {
      case 0: return rng() % 64;
      case 1: return rng() % 4096;
      case 2: return rng() % (1ul << 20);
      default: return static_cast<unsigned long>(rng()) * 977ul;
    }
  };
  unsigned counts[6] = {};
  for (int step = 0; step < 20000; step++) {
    unsigned op = rng() % 6;
    counts[op]++;
    unsigned long idx = shadow.empty() || rng() % 2 ? rand_index()
                                                    : std::next(shadow.begin(), rng() % shadow.size())->first;
    xa_mark_t m = rng() % XA_MAX_MARKS;
    if (op <= 1) {
      ASSERT_EQ(xa_store(&xa_, idx, Entry(step), GFP_KERNEL), 0);
      unsigned marks = shadow.count(idx) ? shadow[idx].second : 0;
      shadow[idx] = {Entry(step), marks};
    } else if (op == 2) {
      auto it = shadow.find(idx);
      ASSERT_EQ(xa_erase(&xa_, idx), it == shadow.end() ? nullptr : it->second.first);
      if (it != shadow.end()) shadow.erase(it);
    } else if (op == 3) {
      xa_set_mark(&xa_, idx, m);
      if (shadow.count(idx)) shadow[idx].second |= 1u << m;
    } else if (op == 4) {
      xa_clear_mark(&xa_, idx, m);
      if (shadow.count(idx)) shadow[idx].second &= ~(1u << m);
    } else {  // searches from a random start, bounded by a random max
      unsigned long start = rand_index(), max = start + rand_index();
      if (max < start) max = ~0ul;
      unsigned long i = start;
      void *e = xa_find(&xa_, &i, max);
      auto it = shadow.lower_bound(start);
      if (it == shadow.end() || it->first > max) {
        ASSERT_EQ(e, nullptr);
      } else {
        ASSERT_EQ(e, it->second.first);
        ASSERT_EQ(i, it->first);
      }
      i = start;
      e = xa_find_marked(&xa_, &i, max, m);
      while (it != shadow.end() && it->first <= max && !(it->second.second & (1u << m))) ++it;
      if (it == shadow.end() || it->first > max) {
        ASSERT_EQ(e, nullptr) << "step " << step;
      } else {
        ASSERT_EQ(e, it->second.first) << "step " << step;
        ASSERT_EQ(i, it->first);
      }
    }
    ASSERT_EQ(xa_load(&xa_, idx), shadow.count(idx) ? shadow[idx].first : nullptr);
    for (unsigned mm = 0; mm < XA_MAX_MARKS; mm++)
      ASSERT_EQ(xa_get_mark(&xa_, idx, mm), shadow.count(idx) && (shadow[idx].second >> mm & 1));
    ASSERT_EQ(xa_empty(&xa_), shadow.empty());
  }
  for (unsigned c : counts) EXPECT_GT(c, 2000u);  // every operation ran often
  // A full walk sees exactly the shadow, in order.
  unsigned long i;
  void *e;
  auto it = shadow.begin();
  xa_for_each(&xa_, i, e) {
    ASSERT_NE(it, shadow.end());
    ASSERT_EQ(i, it->first);
    ASSERT_EQ(e, it->second.first);
    ++it;
  }
  EXPECT_EQ(it, shadow.end());
  while (!shadow.empty()) {
    xa_erase(&xa_, shadow.begin()->first);
    shadow.erase(shadow.begin());
  }
  EXPECT_EQ(xa_.xa_nodes, 0u);
}

}  // namespace
