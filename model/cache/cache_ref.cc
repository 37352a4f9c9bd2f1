#include "cache_ref.h"

namespace mmcosim {

CacheRef::CacheRef(unsigned size, unsigned ways, unsigned line_bytes)
    : ways_(ways), line_(line_bytes), sets_(size / (ways * line_bytes)), levels_(0) {
  while ((1u << levels_) < ways_) ++levels_;
  lines_.resize(sets_ * ways_);
  plru_.assign(sets_, std::vector<bool>(ways_, false));
}

int CacheRef::find(uint32_t pa) const {
  const unsigned s = set_of(pa);
  for (unsigned w = 0; w < ways_; ++w) {
    const Line& l = lines_[s * ways_ + w];
    if (l.valid && l.tag == tag_of(pa)) return int(w);
  }
  return -1;
}

bool CacheRef::present(uint32_t pa) const { return find(pa) >= 0; }

bool CacheRef::dirty(uint32_t pa) const {
  const int w = find(pa);
  return w >= 0 && lines_[set_of(pa) * ways_ + unsigned(w)].dirty;
}

unsigned CacheRef::victim(unsigned set) const {
  for (unsigned w = 0; w < ways_; ++w)
    if (!lines_[set * ways_ + w].valid) return w;
  unsigned node = 1;  // follow the bits from the root to a leaf
  for (unsigned l = 0; l < levels_; ++l) node = 2 * node + (plru_[set][node] ? 1 : 0);
  return node - ways_;
}

void CacheRef::touch(unsigned set, unsigned way) {
  unsigned node = way + ways_;  // the leaf; walk up, pointing each parent away
  while (node > 1) {
    const bool from_right = node & 1;
    node /= 2;
    plru_[set][node] = !from_right;
  }
}

CacheRef::Outcome CacheRef::access(uint32_t pa, bool write) {
  Outcome o;
  const unsigned s = set_of(pa);
  int w = find(pa);
  if (w >= 0) {
    o.hit = true;
  } else {
    w = int(victim(s));
    Line& l = lines_[s * ways_ + unsigned(w)];
    if (l.valid && l.dirty) {
      o.writeback = true;
      o.wb_line = addr_of(s, l.tag);
    }
    l = Line{true, false, tag_of(pa)};
  }
  o.way = unsigned(w);
  touch(s, o.way);
  if (write) lines_[s * ways_ + o.way].dirty = true;
  return o;
}

std::vector<uint32_t> CacheRef::flush(bool inval) {
  std::vector<uint32_t> out;
  for (unsigned s = 0; s < sets_; ++s) {
    for (unsigned w = 0; w < ways_; ++w) {
      Line& l = lines_[s * ways_ + w];
      if (l.valid && l.dirty) out.push_back(addr_of(s, l.tag));
      l.dirty = false;
      if (inval) l.valid = false;
    }
  }
  return out;
}

CacheRef::Outcome CacheRef::cbo(uint32_t pa, Cbo op) {
  Outcome o;
  const unsigned s = set_of(pa);
  int w = find(pa);
  o.hit = w >= 0;
  if (!o.hit && op != Cbo::kZero) return o;
  if (!o.hit) w = int(victim(s));
  o.way = unsigned(w);
  Line& l = lines_[s * ways_ + o.way];
  if (l.valid && l.dirty && op != Cbo::kInval && !(op == Cbo::kZero && o.hit)) {
    o.writeback = true;
    o.wb_line = addr_of(s, l.tag);
    l.dirty = false;
  }
  switch (op) {
    case Cbo::kInval:
    case Cbo::kFlush: l = Line{}; break;
    case Cbo::kClean: break;
    case Cbo::kZero: l = Line{true, true, tag_of(pa)}; break;
  }
  return o;
}

void CacheRef::invalidate_all() {
  for (Line& l : lines_) l = Line{};
}

}  // namespace mmcosim
