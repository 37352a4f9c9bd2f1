// slub_debug_test.cc -- the checked path of debug caches (firmware/mm/
// slub_debug.c) on the host: the object layout with red zone, free
// pointer and tracks; the exact Linux-shaped reports for an overwritten
// red zone, an overwritten poison and a double free; and that the run
// goes on safely after each (bytes restored, the double free refused).
#include <cstdio>
#include <cstring>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "slub_debug.h"
}

namespace {

using slab_fixture::Slab;
using SlubDebug = Slab;

// "0x%08lx" of a pointer, as the reports print addresses.
std::string Hex(const void *p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%08lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(p)));
  return buf;
}

// The dump lines of `len` bytes at `addr`: "<label>0x...: xx xx ...", 16 a line.
std::string Section(const char *label, const void *addr, size_t len) {
  const unsigned char *p = static_cast<const unsigned char *>(addr);
  std::string out;
  for (size_t off = 0; off < len; off += 16) {
    out += label + Hex(p + off) + ":";
    for (size_t i = off; i < len && i < off + 16; i++) {
      char b[4];
      std::snprintf(b, sizeof(b), " %02x", p[i]);
      out += b;
    }
    out += "\n";
  }
  return out;
}

// The lines of `s`.
std::vector<std::string> Lines(const std::string &s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

const char kRule[] = "=============================================================================";
const char kDash[] = "-----------------------------------------------------------------------------";

// The trailer lines from "INFO: Slab" to the last dump line, for `object`
// of cache `c` as it is now (bytes, free pointer, slab state).
std::string Trailer(const kmem_cache *c, void *object) {
  page *slab = virt_to_slab(object);
  char *base = static_cast<char *>(page_address(slab));
  void *fp = *reinterpret_cast<void **>(static_cast<char *>(object) + c->offset);
  char line[256];
  std::string out;
  std::snprintf(line, sizeof(line), "INFO: Slab %s objects=%u used=%u fp=%s flags=0x%04lx\n",
                Hex(slab).c_str(), slab->objects, slab->inuse, Hex(slab->freelist).c_str(),
                slab->flags);
  out += line;
  std::snprintf(line, sizeof(line), "INFO: Object %s @offset=%lu fp=%s\n\n", Hex(object).c_str(),
                static_cast<unsigned long>(static_cast<char *>(object) - base), Hex(fp).c_str());
  out += line;
  out += Section("Object   ", object, c->object_size);
  out += Section("Redzone  ", static_cast<char *>(object) + c->object_size,
                 c->offset - c->object_size);
  return out;
}

// The track line "INFO: <what> in 0x... cpu=0 pid=0" with its address.
const std::regex kTrack("INFO: (Allocated|Freed) in 0x([0-9a-f]{8,}) cpu=0 pid=0");

TEST_F(SlubDebug, LayoutRedZoneFreePointerTracks) {
  kmem_cache *c = kmalloc_slab(64);
  const unsigned word = sizeof(void *);
  EXPECT_EQ(c->flags & SLAB_DEBUG_FLAGS, SLAB_DEBUG_FLAGS);
  EXPECT_EQ(c->object_size, 64u);
  EXPECT_EQ(c->offset, 64u + word);  // one word of red zone, then the free pointer
  EXPECT_EQ(c->size, 64u + word + word + NR_TRACKS * sizeof(track));
  kmem_cache *odd = kmem_cache_create("odd", 13, 0, 0, nullptr);
  EXPECT_EQ(odd->offset, ((13 + word - 1) / word) * word + word);  // 13 .. aligned + a word
  unsigned char *o = static_cast<unsigned char *>(kmem_cache_alloc(odd, GFP_KERNEL));
  for (unsigned i = 13; i < odd->offset; i++) EXPECT_EQ(o[i], SLUB_RED_ACTIVE) << i;
  kmem_cache_free(odd, o);
  for (unsigned i = 13; i < odd->offset; i++) EXPECT_EQ(o[i], SLUB_RED_INACTIVE) << i;
  for (unsigned i = 0; i < 12; i++) EXPECT_EQ(o[i], POISON_FREE) << i;
  EXPECT_EQ(o[12], POISON_END);
  // no CPU slab for a debug cache: every object goes the checked path
  EXPECT_EQ(odd->cpu_slab.page, nullptr);
  EXPECT_EQ(odd->cpu_slab.freelist, nullptr);
  kmem_cache_destroy(odd);
  EXPECT_EQ(mm_host::output, "");  // nothing to report
}

TEST_F(SlubDebug, StoreUserRecordsAllocAndFreeCallers) {
  kmem_cache *c = kmalloc_slab(32);
  char *p = static_cast<char *>(kmalloc(32, GFP_KERNEL));
  track *t = reinterpret_cast<track *>(p + c->offset + sizeof(void *));
  EXPECT_NE(t[TRACK_ALLOC].addr, 0u);
  EXPECT_EQ(t[TRACK_FREE].addr, 0u);
  kfree(p);
  EXPECT_NE(t[TRACK_FREE].addr, 0u);
  EXPECT_NE(t[TRACK_FREE].addr, t[TRACK_ALLOC].addr);  // two call sites
}

TEST_F(SlubDebug, RedzoneOverwrittenReportedAndRestored) {
  kmem_cache *c = kmalloc_slab(64);
  unsigned char *p = static_cast<unsigned char *>(kmalloc(64, GFP_KERNEL));
  p[64] = 0x00;  // one byte past the object
  p[66] = 0x41;
  const std::string trailer = Trailer(c, p);  // before the free repairs it
  mm_host::output.clear();
  kfree(p);
  std::vector<std::string> got = Lines(mm_host::output);
  ASSERT_GE(got.size(), 9u) << mm_host::output;
  EXPECT_EQ(got[0], kRule);
  EXPECT_EQ(got[1], "BUG kmalloc-64 (Not tainted): Redzone overwritten");
  EXPECT_EQ(got[2], kDash);
  EXPECT_EQ(got[3], "");
  EXPECT_EQ(got[4], "INFO: " + Hex(p + 64) + "-" + Hex(p + 66) +
                        " @offset=64. First byte 0x0 instead of 0xcc");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(got[5], m, kTrack) && m[1] == "Allocated") << got[5];
  EXPECT_EQ(got[6], "INFO: Freed in 0x00000000 cpu=0 pid=0");
  std::string rest;
  for (size_t i = 7; i < got.size(); i++) rest += got[i] + "\n";
  EXPECT_EQ(rest, trailer + "FIX kmalloc-64: Restoring Redzone " + Hex(p + 64) + "-" +
                      Hex(p + 66) + "=0xcc\n\n");
  EXPECT_NE(mm_host::output.find("Redzone  " + Hex(p + 64) + ": 00 cc 41 cc"), std::string::npos);
  // restored, then freed: the red zone is inactive again, the object reusable
  for (unsigned i = 64; i < c->offset; i++) EXPECT_EQ(p[i], SLUB_RED_INACTIVE) << i;
  EXPECT_EQ(kmem_cache_objects_in_use(c), 0u);
  mm_host::output.clear();
  EXPECT_EQ(kmalloc(64, GFP_KERNEL), p);
  EXPECT_EQ(mm_host::output, "");
}

TEST_F(SlubDebug, PoisonOverwrittenReportedAndRestored) {
  kmem_cache *c = kmalloc_slab(128);
  unsigned char *p = static_cast<unsigned char *>(kmalloc(128, GFP_KERNEL));
  kfree(p);
  EXPECT_EQ(p[40], POISON_FREE);
  EXPECT_EQ(p[127], POISON_END);
  p[40] = 0;  // use after free
  const std::string trailer = Trailer(c, p);
  mm_host::output.clear();
  unsigned char *q = static_cast<unsigned char *>(kmalloc(128, GFP_KERNEL));
  EXPECT_EQ(q, p);  // handed out after the repair
  std::vector<std::string> got = Lines(mm_host::output);
  ASSERT_GE(got.size(), 9u) << mm_host::output;
  EXPECT_EQ(got[0], kRule);
  EXPECT_EQ(got[1], "BUG kmalloc-128 (Not tainted): Poison overwritten");
  EXPECT_EQ(got[4], "INFO: " + Hex(p + 40) + "-" + Hex(p + 40) +
                        " @offset=40. First byte 0x0 instead of 0x6b");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(got[5], m, kTrack) && m[1] == "Allocated") << got[5];
  EXPECT_TRUE(std::regex_match(got[6], m, kTrack) && m[1] == "Freed") << got[6];
  std::string rest;
  for (size_t i = 7; i < got.size(); i++) rest += got[i] + "\n";
  EXPECT_EQ(rest, trailer + "FIX kmalloc-128: Restoring Poison " + Hex(p + 40) + "-" +
                      Hex(p + 40) + "=0x6b\n\n");
  for (int i = 0; i < 128; i++) ASSERT_EQ(q[i], POISON_INUSE) << i;  // now in use
  kfree(q);
}

TEST_F(SlubDebug, DoubleFreeReportedAndRefused) {
  kmem_cache *c = kmalloc_slab(32);
  void *a = kmalloc(32, GFP_KERNEL);
  void *b = kmalloc(32, GFP_KERNEL);
  kfree(a);
  kfree(b);  // a is no longer the freelist head
  const unsigned long in_use = kmem_cache_objects_in_use(c);
  const std::string trailer = Trailer(c, a);
  mm_host::output.clear();
  kfree(a);
  std::vector<std::string> got = Lines(mm_host::output);
  ASSERT_GE(got.size(), 7u) << mm_host::output;
  EXPECT_EQ(got[0], kRule);
  EXPECT_EQ(got[1], "BUG kmalloc-32 (Not tainted): Object already free");
  EXPECT_EQ(got[2], kDash);
  EXPECT_EQ(got[3], "");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(got[4], m, kTrack) && m[1] == "Allocated") << got[4];
  EXPECT_TRUE(std::regex_match(got[5], m, kTrack) && m[1] == "Freed") << got[5];
  std::string rest;
  for (size_t i = 6; i < got.size(); i++) rest += got[i] + "\n";
  EXPECT_EQ(rest, trailer + "FIX kmalloc-32: Object at " + Hex(a) + " not freed\n\n");
  EXPECT_NE(mm_host::output.find("Object   " + Hex(a) + ": 6b 6b 6b"), std::string::npos);
  // refused: nothing changed, and the next two allocations are distinct
  EXPECT_EQ(kmem_cache_objects_in_use(c), in_use);
  void *x = kmalloc(32, GFP_KERNEL);
  void *y = kmalloc(32, GFP_KERNEL);
  EXPECT_NE(x, y);
  EXPECT_TRUE((x == a && y == b) || (x == b && y == a));
  kfree(x);
  kfree(y);
  EXPECT_EQ(kmem_cache_objects_in_use(c), in_use);
}

// kmem_cache_create with SLAB_RED_ZONE alone: red zones, no poison.
TEST_F(SlubDebug, RedZoneOnlyCache) {
  slub_debug = 0;
  kmem_cache *c = kmem_cache_create("rz", 24, 0, SLAB_RED_ZONE, nullptr);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->offset, 24u + sizeof(void *));
  unsigned char *p = static_cast<unsigned char *>(kmem_cache_alloc(c, GFP_KERNEL));
  std::memset(p, 0x11, 24);  // the whole object is the caller's
  p[24] = 0x22;
  mm_host::output.clear();
  kmem_cache_free(c, p);
  EXPECT_NE(mm_host::output.find("BUG rz (Not tainted): Redzone overwritten"), std::string::npos);
  EXPECT_EQ(p[0], 0x11);  // no poison
  for (unsigned i = 24; i < c->offset; i++) EXPECT_EQ(p[i], SLUB_RED_INACTIVE) << i;
  kmem_cache_destroy(c);
}

}  // namespace
