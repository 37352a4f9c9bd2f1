// vm_arena.h -- the fixture of the user address-space suites (vma_test,
// fault_test): KernelArena's booted mm plus helpers that run a user access
// the way the machine does.  Translation is the Sv32 golden model
// (model/mmu/sv32.h) over the arena's bytes, in U mode, with A/D written
// by the model when Svadu is on; a page fault goes to
// do_user_addr_fault() and the access is retried once, as the trap
// return retries the instruction.
#ifndef TESTS_FIRMWARE_VM_ARENA_H
#define TESTS_FIRMWARE_VM_ARENA_H

#include <cstdint>
#include <cstring>

// KernelArena: kernel_arena.h here; the "mmfix" branch moves it into mm_arena.h.
#if __has_include("kernel_arena.h")
#include "kernel_arena.h"
#else
#include "mm_arena.h"
#endif

extern "C" {
#include "asid.h"
#include "memory.h"
#include "mmap.h"
#include "sched_mm.h"
}

class VmArena : public KernelArena {
 protected:
  // The arena as a walker's memory that can also set A/D (Svadu).
  class UserMem : public mmcosim::sv32::PhysMem {
   public:
    explicit UserMem(unsigned char *dram) : dram_(dram) {}
    bool read_pte(uint64_t pa, uint32_t *value) override {
      if (pa < kBase || pa + 4 > uint64_t{kBase} + kSize) return false;
      std::memcpy(value, dram_ + (pa - kBase), 4);
      return true;
    }
    bool cas_pte(uint64_t pa, uint32_t expected, uint32_t desired, uint32_t *current) override {
      uint32_t now;
      if (!read_pte(pa, &now)) return false;
      *current = now;
      if (now != expected) return false;
      std::memcpy(dram_ + (pa - kBase), &desired, 4);
      return true;
    }

   private:
    unsigned char *dram_;
  };

  void SetUp() override {
    KernelArena::SetUp();
    svadu_enabled = false;
    fault_stats = {};
    asids_init(SATP_ASID_BITS, true);
    zero_page = nullptr;  // a page of the previous test's arena otherwise
    ASSERT_EQ(init_zero_page(), 0);
    tlbflush_host::Reset();
  }

  // A U-mode access to `va` of `mm` by the golden model (no fault handling).
  mmcosim::sv32::Result Walk(struct mm_struct *mm, unsigned long va, mmcosim::sv32::Access a) {
    mmcosim::sv32::Context ctx;
    ctx.satp = mmcosim::sv32::make_satp(PHYS_PFN(__pa(mm->pgd)), 0);
    ctx.priv = mmcosim::sv32::kPrivU;
    ctx.adue = svadu_enabled;
    UserMem mem(dram_);
    return mmcosim::sv32::translate(ctx, static_cast<uint32_t>(va), a, mem);
  }

  // The machine's view of a user access: walk, on a page fault run the
  // kernel's fault path and walk again.  Returns the physical address, or
  // 0 with *segv = SEGV_MAPERR/SEGV_ACCERR when the process gets SIGSEGV.
  uint64_t UserAccess(struct mm_struct *mm, unsigned long va, mmcosim::sv32::Access a,
                      int *segv = nullptr, unsigned *error = nullptr) {
    if (segv) *segv = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      mmcosim::sv32::Result r = Walk(mm, va, a);
      if (!r.fault) return r.pa;
      EXPECT_EQ(r.cause, mmcosim::sv32::page_fault_cause(a)) << "access fault at " << std::hex << va;
      unsigned err = 0;
      int rc = do_user_addr_fault(mm, va, r.cause, true, &err);
      if (error) *error = err;
      if (rc != 0) {
        if (segv) *segv = rc;
        return 0;
      }
    }
    ADD_FAILURE() << "access to " << std::hex << va << " still faults after the fault handler";
    return 0;
  }

  // Stores / loads one byte at user address `va` (asserting no SIGSEGV).
  void Poke(struct mm_struct *mm, unsigned long va, uint8_t v) {
    int segv = 0;
    uint64_t pa = UserAccess(mm, va, mmcosim::sv32::Access::kStore, &segv);
    ASSERT_EQ(segv, 0) << "store to " << std::hex << va;
    ASSERT_NE(pa, 0u);
    dram_[pa - kBase] = v;
  }
  uint8_t Peek(struct mm_struct *mm, unsigned long va) {
    int segv = 0;
    uint64_t pa = UserAccess(mm, va, mmcosim::sv32::Access::kLoad, &segv);
    EXPECT_EQ(segv, 0) << "load from " << std::hex << va;
    return pa ? dram_[pa - kBase] : 0xee;
  }

  // The PTE value of `va` in `mm` (0 when there is no table).
  static uint32_t Pte(struct mm_struct *mm, unsigned long va) {
    pte_t *p = user_pte_offset(mm, va);
    return p ? pte_val(*p) : 0;
  }
};

#endif  // TESTS_FIRMWARE_VM_ARENA_H
