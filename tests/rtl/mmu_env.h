// Test environment for the RTL MMU inside mem_subsys: page tables written
// through the memory's DPI backdoor with a shadow copy for the golden model
// (model/mmu/sv32.h), the CSR sideband, and the mmu.* counters.
//
// The golden model walks the shadow, never the RTL memory, so that it sees
// the page tables as they were before the RTL's own Svadu updates; tests
// then compare the PTE words both touched.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "mem_subsys_harness.h"
#include "perf_registry.h"
#include "sv32.h"

namespace mmcosim_test {

namespace sv = mmcosim::sv32;

constexpr uint32_t kDramBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr uint32_t kDramBytes = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
constexpr uint32_t kDramPpn = kDramBase >> sv::kPageShift;

inline bool in_dram(uint64_t pa) { return pa >= kDramBase && pa < uint64_t(kDramBase) + kDramBytes; }

// The CSR sideband word of docs/ports.md.
struct Csr {
  uint32_t satp = 0;
  unsigned priv_fetch = sv::kPrivM, priv_data = sv::kPrivM;
  bool sum = false, mxr = false, adue = false;
  uint64_t pack() const {
    return uint64_t(satp) | uint64_t(priv_fetch & 3) << 32 | uint64_t(priv_data & 3) << 34 |
           uint64_t(sum) << 36 | uint64_t(mxr) << 37 | uint64_t(adue) << 38;
  }
  sv::Context ctx(bool fetch) const {
    sv::Context c;
    c.satp = satp;
    c.priv = fetch ? priv_fetch : priv_data;
    c.sum = sum;
    c.mxr = mxr;
    c.adue = adue && MMCOSIM_MMU_SVADU;
    return c;
  }
};

template <class Harness>
class MmuEnv : public sv::PhysMem {
 public:
  explicit MmuEnv(Harness& h) : h_(h) {}

  // --- page tables ---------------------------------------------------------
  void write_pte(uint64_t pa, uint32_t v) {
    shadow_[pa] = v;
    h_.poke(uint32_t(pa) - kDramBase, v);
  }
  uint32_t read_mem(uint64_t pa) { return h_.peek(uint32_t(pa) - kDramBase); }
  // Records a PTE value that the test stores through a CPU port itself.
  void note_pte(uint64_t pa, uint32_t v) { shadow_[pa] = v; }
  // A zeroed page-table page from the table region (offset 1 MiB of DRAM).
  uint32_t alloc_table() {
    const uint32_t ppn = next_table_++;
    for (uint32_t i = 0; i < sv::kPageSize / sv::kPteBytes; ++i)
      write_pte(uint64_t(ppn) * sv::kPageSize + i * sv::kPteBytes, 0);
    return ppn;
  }
  uint64_t l1_addr(uint32_t root, uint32_t va) const {
    return uint64_t(root) * sv::kPageSize + sv::vpn(va, 1) * sv::kPteBytes;
  }
  uint64_t l0_addr(uint32_t table, uint32_t va) const {
    return uint64_t(table) * sv::kPageSize + sv::vpn(va, 0) * sv::kPteBytes;
  }
  // Maps the 4 KiB page of va (allocating its level-0 table if needed).
  void map4k(uint32_t root, uint32_t va, uint32_t ppn, uint32_t flags, uint32_t ptr_flags = 0) {
    const uint64_t a1 = l1_addr(root, va);
    uint32_t l1 = shadow_pte(a1);
    if (!(l1 & sv::kPteV) || (l1 & (sv::kPteR | sv::kPteX))) {
      l1 = sv::make_pte(alloc_table(), sv::kPteV | ptr_flags);
      write_pte(a1, l1);
    }
    write_pte(l0_addr(sv::pte_ppn(l1), va), sv::make_pte(ppn, flags));
  }
  void map_mega(uint32_t root, uint32_t va, uint32_t ppn, uint32_t flags) {
    write_pte(l1_addr(root, va), sv::make_pte(ppn, flags));
  }
  uint32_t shadow_pte(uint64_t pa) const {
    auto it = shadow_.find(pa);
    return it == shadow_.end() ? 0 : it->second;
  }
  uint32_t table_region_end() const { return next_table_; }
  static constexpr uint32_t kTableFirstPpn = kDramPpn + (1u << 20 >> sv::kPageShift);

  // --- golden model over the shadow (sv32::PhysMem) -------------------------
  bool read_pte(uint64_t pa, uint32_t* v) override {
    if (!in_dram(pa)) return false;
    auto it = shadow_.find(pa);
    *v = it != shadow_.end() ? it->second : read_mem(pa);
    return true;
  }
  bool cas_pte(uint64_t pa, uint32_t expected, uint32_t desired, uint32_t* cur) override {
    read_pte(pa, cur);
    if (*cur != expected) return false;
    if (!dry_run_) shadow_[pa] = desired;
    return true;
  }
  sv::Result golden(const Csr& c, bool fetch, uint32_t va, sv::Access a, bool dry_run = false) {
    dry_run_ = dry_run;
    sv::Result r = sv::translate(c.ctx(fetch), va, a, *this);
    dry_run_ = false;
    return r;
  }

  // --- CSR sideband (change it only with both ports idle) -------------------
  void set_csr(const Csr& c) {
    csr_ = c;
    h_.top().csr_i = c.pack();
  }
  const Csr& csr() const { return csr_; }

  // --- counters --------------------------------------------------------------
  static uint64_t stat(unsigned event) { return rtl_perf_read(event); }

 private:
  Harness& h_;
  std::unordered_map<uint64_t, uint32_t> shadow_;
  uint32_t next_table_ = kTableFirstPpn;
  bool dry_run_ = false;
  Csr csr_;
};

}  // namespace mmcosim_test
