#include "sv32.h"

#include <algorithm>

namespace mmcosim::sv32 {

Access access_of_kind(unsigned kind) {
  switch (kind) {
    case MMCOSIM_PORT_KIND_FETCH:
      return Access::kFetch;
    case MMCOSIM_PORT_KIND_LOAD:
    case MMCOSIM_PORT_KIND_LR:
      return Access::kLoad;
    default:  // store, SC, AMO (both halves)
      return Access::kStore;
  }
}

uint8_t page_fault_cause(Access a) {
  switch (a) {
    case Access::kFetch:
      return MMCOSIM_PORT_CAUSE_FETCH_PAGE;
    case Access::kLoad:
      return MMCOSIM_PORT_CAUSE_LOAD_PAGE;
    default:
      return MMCOSIM_PORT_CAUSE_STORE_PAGE;
  }
}

uint8_t access_fault_cause(Access a) {
  switch (a) {
    case Access::kFetch:
      return MMCOSIM_PORT_CAUSE_FETCH_ACCESS;
    case Access::kLoad:
      return MMCOSIM_PORT_CAUSE_LOAD_ACCESS;
    default:
      return MMCOSIM_PORT_CAUSE_STORE_ACCESS;
  }
}

bool translation_on(const Context& ctx) {
  return (ctx.satp & kSatpModeSv32) && ctx.priv != kPrivM;
}

bool leaf_permits(uint32_t pte, const Context& ctx, Access a) {
  const bool user_page = pte & kPteU;
  if (ctx.priv == kPrivU && !user_page) return false;
  if (ctx.priv == kPrivS && user_page && (a == Access::kFetch || !ctx.sum))
    return false;
  switch (a) {
    case Access::kFetch:
      return pte & kPteX;
    case Access::kLoad:
      return (pte & kPteR) || (ctx.mxr && (pte & kPteX));
    default:
      return pte & kPteW;
  }
}

namespace {
Result fault(Result r, uint8_t cause) {
  r.fault = true;
  r.cause = cause;
  return r;
}
}  // namespace

Result translate(const Context& ctx, uint32_t va, Access a, PhysMem& mem) {
  Result r;
  r.tval = va;
  if (!translation_on(ctx)) {
    r.pa = va;
    return r;
  }
  r.translated = true;
  // A walk restarts when Svadu's compare-and-set finds the PTE changed; the
  // bound only guards against a PhysMem that changes it on every attempt.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    uint64_t table = uint64_t(ctx.satp & kPpnMask) << kPageShift;
    bool global = false;
    uint32_t pte = 0;
    uint64_t addr = 0;
    int level = int(kLevels) - 1;
    for (;; --level) {
      addr = table + uint64_t(vpn(va, unsigned(level))) * kPteBytes;
      r.pte_addrs.push_back(addr);
      ++r.pte_reads;
      if (!mem.read_pte(addr, &pte)) return fault(r, access_fault_cause(a));
      if (!(pte & kPteV) || (!(pte & kPteR) && (pte & kPteW)))
        return fault(r, page_fault_cause(a));
      if (pte & (kPteR | kPteX)) break;  // leaf
      // pointer to the next level
      if (level == 0 || (pte & (kPteA | kPteD | kPteU)))
        return fault(r, page_fault_cause(a));
      global = global || (pte & kPteG);
      table = uint64_t(pte_ppn(pte)) << kPageShift;
    }
    r.level = level;
    r.pte_addr = addr;
    const uint32_t low_ppn_mask = (1u << (unsigned(level) * kVpnBits)) - 1;
    if (!leaf_permits(pte, ctx, a) || (pte_ppn(pte) & low_ppn_mask))
      return fault(r, page_fault_cause(a));
    const bool store = a == Access::kStore;
    if (!(pte & kPteA) || (store && !(pte & kPteD))) {
      if (!ctx.adue) return fault(r, page_fault_cause(a));  // Svade
      const uint32_t want = pte | kPteA | (store ? kPteD : 0u);
      uint32_t cur = 0;
      r.pte_addrs.push_back(addr);
      ++r.pte_reads;  // the compare read
      if (!mem.cas_pte(addr, pte, want, &cur)) continue;  // changed: walk again
      pte = want;
      r.ad_updated = true;
    }
    r.pte = pte;
    r.global = global || (pte & kPteG);
    // PA = PPN with its low level*VpnBits bits taken from the VA.
    const uint64_t ppn = (pte_ppn(pte) & ~low_ppn_mask) |
                         ((va >> kPageShift) & low_ppn_mask);
    r.pa = ppn << kPageShift | (va & (kPageSize - 1));
    if (r.pa >> 32) return fault(r, access_fault_cause(a));
    return r;
  }
  return fault(r, access_fault_cause(a));
}

// ---- TreePlru -----------------------------------------------------------------
TreePlru::TreePlru(unsigned n) : n_(n), log2n_(0), bits_(n, 0) {
  while ((1u << log2n_) < n) ++log2n_;
}

void TreePlru::reset() { std::fill(bits_.begin(), bits_.end(), 0); }

unsigned TreePlru::victim(const std::vector<bool>& valid) const {
  for (unsigned i = 0; i < n_; ++i)
    if (!valid[i]) return i;
  unsigned node = 1;
  for (unsigned l = 0; l < log2n_; ++l) node = 2 * node + bits_[node];
  return node - n_;
}

void TreePlru::touch(unsigned i) {
  for (unsigned l = 0; l < log2n_; ++l) {
    const unsigned node = (1u << l) + (i >> (log2n_ - l));
    bits_[node] = !((i >> (log2n_ - 1 - l)) & 1);
  }
}

// ---- Tlb -------------------------------------------------------------------------
namespace {
bool maps(const TlbEntry& e, uint32_t va) {
  const uint32_t v = va >> kPageShift;
  return (e.vpn >> kVpnBits) == (v >> kVpnBits) &&
         (e.mega || (e.vpn & kVpnMask) == (v & kVpnMask));
}
}  // namespace

bool fence_hits(const TlbEntry& e, bool rs1_x0, bool rs2_x0, uint32_t va,
                uint32_t asid) {
  if (!e.valid) return false;
  const bool addr_ok = rs1_x0 || maps(e, va);
  const bool asid_ok = rs2_x0 || (!e.global && e.asid == (asid & kAsidMask));
  return addr_ok && asid_ok;
}

Tlb::Tlb(unsigned entries) : e_(entries), plru_(entries) {}

void Tlb::reset() {
  for (auto& e : e_) e = TlbEntry{};
  plru_.reset();
}

int Tlb::lookup(uint32_t va, uint32_t asid) const {
  for (unsigned i = 0; i < e_.size(); ++i) {
    const TlbEntry& e = e_[i];
    if (e.valid && (e.global || e.asid == (asid & kAsidMask)) && maps(e, va))
      return int(i);
  }
  return -1;
}

unsigned Tlb::fill(uint32_t va, uint32_t asid, const Result& r) {
  const int hit = lookup(va, asid);
  unsigned idx;
  if (hit >= 0) {
    idx = unsigned(hit);
  } else {
    std::vector<bool> valid(e_.size());
    for (unsigned i = 0; i < e_.size(); ++i) valid[i] = e_[i].valid;
    idx = plru_.victim(valid);
  }
  TlbEntry& e = e_[idx];
  e.valid = true;
  e.asid = asid & kAsidMask;
  e.global = r.global;
  e.mega = r.level == 1;
  e.vpn = va >> kPageShift;
  e.ppn = pte_ppn(r.pte);
  e.pte = r.pte & ((1u << kPpnShift) - 1);
  plru_.touch(idx);
  return idx;
}

void Tlb::fence(bool rs1_x0, bool rs2_x0, uint32_t va, uint32_t asid) {
  for (auto& e : e_)
    if (fence_hits(e, rs1_x0, rs2_x0, va, asid)) e.valid = false;
}

}  // namespace mmcosim::sv32
