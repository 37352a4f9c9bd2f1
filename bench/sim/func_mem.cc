#include "func_mem.h"

#include <sys/mman.h>

#include <cstring>
#include <new>

namespace mmcosim {

namespace {
constexpr uint32_t kOffsetMask = FuncMem::kPageBytes - 1;
constexpr unsigned kBitsPerByte = 8;
}  // namespace

FuncMem::FuncMem(uint32_t dram_base, uint32_t dram_size,
                 std::vector<Window> mmio, Stats* stats)
    : base_(dram_base), size_(dram_size), mmio_(std::move(mmio)), stats_(stats) {
  // Anonymous mapping: zero pages cost nothing until touched.
  void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  image_ = static_cast<uint8_t*>(p);
  dirty_.assign(size_ >> kPageShift, 0);
}

FuncMem::~FuncMem() { munmap(image_, size_); }

void FuncMem::set_context(const CsrSideband& sb) {
  auto ctx = [&](unsigned priv) {
    return (priv & 3u) | (sb.sum ? 4u : 0u) | (sb.mxr ? 8u : 0u);
  };
  ctx_fetch_ = ctx(sb.priv_fetch);
  ctx_data_ = ctx(sb.priv_data);
  if (sb == sb_) return;
  const bool translation_changed = sb.satp != sb_.satp || sb.adue != sb_.adue;
  sb_ = sb;
  ++epoch_;  // the cached fetch page was checked for the old context
  if (translation_changed) flush();
}

void FuncMem::set_tohost(uint32_t paddr, std::function<void(uint32_t)> hook) {
  tohost_ = paddr;
  tohost_hook_ = std::move(hook);
  flush();
}

void FuncMem::flush() {
  ++gen_;
  ++epoch_;
}

void FuncMem::clear_dirty() { std::fill(dirty_.begin(), dirty_.end(), 0); }

bool FuncMem::peek32(uint32_t paddr, uint32_t* value) {
  if (!in_dram(paddr) || !in_dram(uint64_t(paddr) + 3)) return false;
  std::memcpy(value, image_ + (paddr - base_), sizeof *value);
  return true;
}

bool FuncMem::poke32_clean(uint32_t paddr, uint32_t value) {
  if (!in_dram(paddr) || !in_dram(uint64_t(paddr) + 3)) return false;
  std::memcpy(image_ + (paddr - base_), &value, sizeof value);
  return true;
}

bool FuncMem::poke32(uint32_t paddr, uint32_t value) {
  if (!poke32_clean(paddr, value)) return false;
  mark_dirty((paddr - base_) >> kPageShift);
  return true;
}

bool FuncMem::read_pte(uint64_t pa, uint32_t* value) {
  if (!in_dram(pa)) return false;
  std::memcpy(value, image_ + (pa - base_), sizeof *value);
  return true;
}

bool FuncMem::cas_pte(uint64_t pa, uint32_t expected, uint32_t desired,
                      uint32_t* current) {
  if (!read_pte(pa, current)) return false;
  if (*current != expected) return false;
  std::memcpy(image_ + (pa - base_), &desired, sizeof desired);
  mark_dirty(uint32_t(pa - base_) >> kPageShift);
  return true;
}

uint8_t* FuncMem::slow_page(uint32_t va, sv32::Access a, MemRsp* rsp,
                            bool* mmio, uint64_t* mmio_pa, bool count) {
  sv32::Context ctx;
  ctx.satp = sb_.satp;
  ctx.priv = a == sv32::Access::kFetch ? sb_.priv_fetch : sb_.priv_data;
  ctx.sum = sb_.sum;
  ctx.mxr = sb_.mxr;
  ctx.adue = sb_.adue;
  last_ = sv32::translate(ctx, va, a, *this);
  const sv32::Result& r = last_;
  if (count) count_walk(a);
  if (r.fault) {
    rsp->fault = true;
    rsp->cause = r.cause;
    return nullptr;
  }
  Entry& e = tlb_[unsigned(a)][(va >> kPageShift) % kTlbSize];
  if (!in_dram(r.pa)) {
    *mmio = true;
    *mmio_pa = r.pa;
    e.key = key(va >> kPageShift, a == sv32::Access::kFetch ? ctx_fetch_ : ctx_data_);
    e.host = nullptr;
    e.pa_page = uint32_t(r.pa) & ~kOffsetMask;
    return nullptr;
  }
  const uint32_t page = uint32_t(r.pa - base_) >> kPageShift;
  uint8_t* host = image_ + (uint64_t(page) << kPageShift);
  const bool store = a == sv32::Access::kStore;
  if (store) mark_dirty(page);
  // The tohost page is never installed for stores: every store to it comes
  // here and is snooped.
  if (store && tohost_ && ((tohost_ - base_) >> kPageShift) == page &&
      in_dram(tohost_)) {
    return host;
  }
  e.key = key(va >> kPageShift, a == sv32::Access::kFetch ? ctx_fetch_ : ctx_data_);
  e.host = host;
  return host;
}

// Counts the walk last_ (and its fault) as the RTL's MMU would.
void FuncMem::count_walk(sv32::Access a) {
  Stats& s = *stats_;
  const sv32::Result& r = last_;
  if (r.translated) {
    ++s[Stat::kMmuPtwWalks];
    ++s[a == sv32::Access::kFetch ? Stat::kMmuItlbMiss : Stat::kMmuDtlbMiss];
    s[Stat::kMmuPtwPteReads] += r.pte_reads;
    if (r.ad_updated) ++s[Stat::kMmuPtwAdUpdates];
  }
  if (!r.fault) return;
  if (r.cause == sv32::page_fault_cause(a)) {
    ++s[a == sv32::Access::kFetch  ? Stat::kMmuFaultFetchPage
        : a == sv32::Access::kLoad ? Stat::kMmuFaultLoadPage
                                   : Stat::kMmuFaultStorePage];
  } else {
    ++s[Stat::kMmuFaultWalkAccess];
    ++s[Stat::kMemAccessFaults];
  }
}

const uint8_t* FuncMem::fetch_page(uint32_t va) {
  const Entry& e = tlb_[unsigned(sv32::Access::kFetch)][(va >> kPageShift) % kTlbSize];
  if (e.key == key(va >> kPageShift, ctx_fetch_)) return e.host;
  MemRsp rsp;
  bool mmio = false;
  uint64_t pa = 0;
  // Not counted: a fault or MMIO page is fetched again through access().
  uint8_t* page = slow_page(va, sv32::Access::kFetch, &rsp, &mmio, &pa, false);
  if (page) count_walk(sv32::Access::kFetch);
  return page;
}

MemRsp FuncMem::access(const MemReq& req) {
  MemRsp rsp;
  if (req.kind == AccessKind::kSfence) {
    ++(*stats_)[Stat::kMmuSfence];
    flush();
    return rsp;
  }
  if (req.kind == AccessKind::kFenceI) return rsp;  // stores are seen at once
  const sv32::Access a = sv32::access_of_kind(unsigned(req.kind));
  const uint32_t va = req.addr;
  ++(*stats_)[Stat::kMemDataReqs];
  const Entry& e = tlb_[unsigned(a)][(va >> kPageShift) % kTlbSize];
  uint8_t* page = e.host;
  if (e.key != key(va >> kPageShift, a == sv32::Access::kFetch ? ctx_fetch_ : ctx_data_)) {
    bool is_mmio = false;
    uint64_t pa = 0;
    page = slow_page(va, a, &rsp, &is_mmio, &pa, true);
    if (rsp.fault) return rsp;
    if (is_mmio) return mmio(pa, req, a);
  } else if (!page) {
    return mmio(e.pa_page | (va & kOffsetMask), req, a);
  }
  const uint32_t off = va & kOffsetMask;
  if (!req.we) {
    std::memcpy(&rsp.rdata, page + (off & ~3u), sizeof rsp.rdata);
    return rsp;
  }
  const uint32_t v = req.wdata >> ((off & 3) * kBitsPerByte);
  std::memcpy(page + off, &v, size_t{1} << req.size);
  if (tohost_hook_ && page == image_ + ((tohost_ - base_) & ~kOffsetMask) &&
      (off & ~3u) == ((tohost_ - base_) & kOffsetMask & ~3u)) {
    tohost_hook_(req.wdata);
  }
  return rsp;
}

MemRsp FuncMem::mmio(uint64_t pa, const MemReq& req, sv32::Access a) {
  MemRsp rsp;
  const uint32_t lane = uint32_t(pa) & 3;
  const uint8_t sel = uint8_t(((1u << (1u << req.size)) - 1) << lane);
  for (const Window& w : mmio_) {
    if (pa < w.base || pa - w.base >= w.size) continue;
    if (before_mmio_) before_mmio_();
    ++(*stats_)[Stat::kBusMmioReqs];
    const uint32_t offset = uint32_t(pa - w.base) & ~3u;
    const bool ok = req.we ? w.dev->write(offset, sel, req.wdata)
                           : w.dev->read(offset, sel, &rsp.rdata);
    if (ok) return rsp;
    break;
  }
  rsp.fault = true;
  rsp.cause = sv32::access_fault_cause(a);
  ++(*stats_)[Stat::kMemAccessFaults];
  return rsp;
}

}  // namespace mmcosim
