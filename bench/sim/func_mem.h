// The memory of the functional mode (docs/simulator.md): a host image of the
// DRAM, Sv32 translation by the golden model (model/mmu) behind a small
// software TLB, and the same MMIO devices and HTIF snoop as the RTL's bus.
//
//   Cpu::run_functional ──access()/fetch_page()──▶ FuncMem
//        soft TLB hit (fetch/load/store, 256 entries each, direct mapped)
//          └─▶ host page pointer ─▶ image_
//        miss: sv32::translate(context, va) on image_ (A/D as the walker)
//          ├─ DRAM:  install the page (not the tohost page for stores)
//          ├─ MMIO:  UART, CLINT, simctl (installed as MMIO)
//          └─ hole:  access fault of the access type
//
// A software TLB entry holds a permission-checked translation for one
// access type and one permission context (effective privilege, SUM, MXR,
// part of the tag), so a privilege change selects other entries instead of
// flushing.  The whole TLB is flushed (a generation counter) on SFENCE.VMA
// and on a write of satp or ADUE; like the RTL's TLBs it keeps a
// translation across PTE changes until then, as the architecture allows.
// Counters (config/stats.toml) it keeps: mmu.ptw.walks / pte_reads /
// ad_updates (a software TLB miss is a walk), mmu.itlb.miss / dtlb.miss
// (the same misses), the page-fault and access-fault counters, mmu.sfence,
// bus.mmio_reqs, mem.data_reqs.  The TLB hit, cache and DRAM counters stay
// 0: they belong to the RTL.
// Pages that may differ from the DRAM cells (stored to, A/D updated, HTIF
// answers, a restored checkpoint) are marked dirty; switching to the
// co-simulation copies those into the cells.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "func_mem_if.h"
#include "htif.h"
#include "mmio_device.h"
#include "stats.h"
#include "sv32.h"

namespace mmcosim {

class FuncMem : public FuncMemIf, public BackdoorIf, private sv32::PhysMem {
 public:
  struct Window {
    uint64_t base, size;
    MmioDevice* dev;
  };
  static constexpr unsigned kPageShift = sv32::kPageShift;
  static constexpr uint32_t kPageBytes = sv32::kPageSize;

  FuncMem(uint32_t dram_base, uint32_t dram_size, std::vector<Window> mmio,
          Stats* stats);
  ~FuncMem() override;

  // Translation context (the CSR sideband).
  void set_context(const CsrSideband& sb);
  // HTIF: a write to the word at `paddr` calls `hook` with the bus word.
  void set_tohost(uint32_t paddr, std::function<void(uint32_t)> hook);
  // Called before every MMIO access (the owner brings device time up).
  void set_before_mmio(std::function<void()> hook) { before_mmio_ = std::move(hook); }
  // Forgets every software TLB entry.
  void flush();

  // FuncMemIf
  const uint8_t* fetch_page(uint32_t va) override;
  MemRsp access(const MemReq& req) override;

  // BackdoorIf on the DRAM image (pokes mark the page dirty).
  bool peek32(uint32_t paddr, uint32_t* value) override;
  bool poke32(uint32_t paddr, uint32_t value) override;

  uint32_t dram_base() const { return base_; }
  uint32_t dram_size() const { return size_; }
  uint8_t* image() { return image_; }
  // Dirty pages (index from the DRAM base), and clearing the marks.
  bool dirty(uint32_t page) const { return dirty_[page] != 0; }
  void mark_dirty(uint32_t page) { dirty_[page] = 1; }
  // A write the DRAM cells also receive (the ELF): not marked dirty.
  bool poke32_clean(uint32_t paddr, uint32_t value);
  void clear_dirty();
  uint32_t pages() const { return size_ >> kPageShift; }

 private:
  static constexpr unsigned kTlbSize = 256;
  struct Entry {
    uint64_t key = 0;  // generation << 20 | vpn; generation 0 never used
    uint8_t* host = nullptr;  // nullptr: an MMIO page at pa_page
    uint32_t pa_page = 0;
  };
  // generation | permission context (4 bits) | vpn (20 bits)
  uint64_t key(uint32_t vpn, uint32_t ctx) const {
    return gen_ << 24 | uint64_t(ctx) << 20 | vpn;
  }
  // Translates and finds the host page; nullptr with *rsp set otherwise
  // (fault, or MMIO/hole: *mmio_pa set, no fault yet).
  // `count`: update the walk and fault counters.
  uint8_t* slow_page(uint32_t va, sv32::Access a, MemRsp* rsp, bool* mmio,
                     uint64_t* mmio_pa, bool count);
  void count_walk(sv32::Access a);
  MemRsp mmio(uint64_t pa, const MemReq& req, sv32::Access a);
  bool in_dram(uint64_t pa) const { return pa >= base_ && pa - base_ < size_; }

  // sv32::PhysMem for the walker
  bool read_pte(uint64_t pa, uint32_t* value) override;
  bool cas_pte(uint64_t pa, uint32_t expected, uint32_t desired,
               uint32_t* current) override;

  uint32_t base_, size_;
  uint8_t* image_;
  std::vector<uint8_t> dirty_;
  std::vector<Window> mmio_;
  CsrSideband sb_;
  uint32_t ctx_fetch_ = 0, ctx_data_ = 0;  // permission contexts of sb_
  Stats* stats_;
  sv32::Result last_;  // the last translation of slow_page()
  uint64_t gen_ = 1;
  Entry tlb_[3][kTlbSize];  // by sv32::Access: fetch, load, store
  uint32_t tohost_ = 0;
  std::function<void(uint32_t)> tohost_hook_;
  std::function<void()> before_mmio_;
};

}  // namespace mmcosim
