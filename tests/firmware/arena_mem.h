// arena_mem.h -- a host arena standing in for DRAM, seen by the Sv32
// golden model (model/mmu/sv32.h): the host suites and the fuzzer check
// the kernel's page tables by translating through it, never with the
// mm's own walker.  Kernel mappings carry A and D, so a walk never needs
// to write: cas_pte refuses (and the walk then fails the translation).
#ifndef TESTS_FIRMWARE_ARENA_MEM_H
#define TESTS_FIRMWARE_ARENA_MEM_H

#include <cstdint>
#include <cstring>

#include "sv32.h"

namespace mm_host {

class ArenaMem : public mmcosim::sv32::PhysMem {
 public:
  // `size` bytes of "DRAM" at physical address `base`.
  ArenaMem(const unsigned char *dram, uint64_t base, uint64_t size)
      : dram_(dram), base_(base), size_(size) {}
  bool read_pte(uint64_t pa, uint32_t *value) override {
    if (pa < base_ || pa + 4 > base_ + size_) return false;
    std::memcpy(value, dram_ + (pa - base_), 4);
    return true;
  }
  bool cas_pte(uint64_t, uint32_t, uint32_t, uint32_t *) override { return false; }

 private:
  const unsigned char *dram_;
  uint64_t base_, size_;
};

// A supervisor access `a` to `va` under the root table at `pgd_pa`.
inline mmcosim::sv32::Result TranslateKernel(const unsigned char *dram, uint64_t base,
                                             uint64_t size, uint64_t pgd_pa, uint32_t va,
                                             mmcosim::sv32::Access a) {
  mmcosim::sv32::Context ctx;
  ctx.satp = mmcosim::sv32::make_satp(static_cast<uint32_t>(pgd_pa >> mmcosim::sv32::kPageShift), 0);
  ctx.priv = mmcosim::sv32::kPrivS;
  ArenaMem mem(dram, base, size);
  return mmcosim::sv32::translate(ctx, va, a, mem);
}

}  // namespace mm_host

#endif  // TESTS_FIRMWARE_ARENA_MEM_H
