// CacheRef: the C++ reference of the L1 caches' policy (rtl/cache,
// docs/cache.md), written from the policy's definition, not from the RTL.
//
//   - physically tagged, set = (pa / line) mod sets, tag = pa / (line * sets);
//   - a hit touches the line; a store hit makes it dirty (write-back);
//   - a miss allocates (loads and stores alike: write-allocate) into the
//     lowest-numbered invalid way of the set, else the tree pseudo-LRU
//     victim; a dirty victim is written back before the fill;
//   - tree pseudo-LRU per set: Ways-1 bits in heap order (node 1 the root,
//     children 2k and 2k+1); a bit names the half that holds the next
//     victim (0 = lower ways); a touch points every node on the way's path
//     away from it;
//   - flush(inval): every dirty line written back, set by set from set 0,
//     ways in increasing order; with inval every line is dropped too;
//   - invalidate_all(): every line dropped, dirty data lost (the I-cache
//     has none);
//   - cbo(): the cache-block operations on one line, none of which touches
//     the pseudo-LRU bits: clean writes a dirty line back and keeps it,
//     flush writes it back if dirty and drops it, inval drops it (dirty
//     data lost), zero makes the line present and dirty (a hit keeps its
//     way; a miss takes the victim as a miss does, without a fill).
// The reference keeps no data: tests keep a flat memory for that.
#pragma once

#include <cstdint>
#include <vector>

namespace mmcosim {

class CacheRef {
 public:
  CacheRef(unsigned size, unsigned ways, unsigned line_bytes);

  struct Outcome {
    bool hit = false;
    bool writeback = false;  // a dirty victim was written back
    uint32_t wb_line = 0;    // its line address
    unsigned way = 0;        // way hit or filled
  };
  // One cacheable access (a store when `write`).
  Outcome access(uint32_t pa, bool write);
  // Line addresses written back, in order.
  std::vector<uint32_t> flush(bool inval);
  enum class Cbo { kInval, kClean, kFlush, kZero };
  // One cache-block operation on the line of a cacheable pa.
  Outcome cbo(uint32_t pa, Cbo op);
  void invalidate_all();

  bool present(uint32_t pa) const;
  bool dirty(uint32_t pa) const;
  unsigned sets() const { return sets_; }
  unsigned ways() const { return ways_; }
  unsigned line_bytes() const { return line_; }
  uint32_t line_of(uint32_t pa) const { return pa & ~(line_ - 1); }

 private:
  struct Line {
    bool valid = false, dirty = false;
    uint32_t tag = 0;
  };
  unsigned set_of(uint32_t pa) const { return (pa / line_) % sets_; }
  uint32_t tag_of(uint32_t pa) const { return pa / line_ / sets_; }
  uint32_t addr_of(unsigned set, uint32_t tag) const { return (tag * sets_ + set) * line_; }
  int find(uint32_t pa) const;
  unsigned victim(unsigned set) const;
  void touch(unsigned set, unsigned way);

  unsigned ways_, line_, sets_, levels_;
  std::vector<Line> lines_;            // set * ways + way
  std::vector<std::vector<bool>> plru_;  // per set, index 1 .. ways-1
};

}  // namespace mmcosim
