// tlbflush_host.cc -- arch_sfence_vma for the host build (see tlbflush_host.h).
#include "tlbflush_host.h"

#include <cstring>

namespace tlbflush_host {
std::vector<Sfence> calls;
std::vector<unsigned long> satps;

void Reset() {
  calls.clear();
  satps.clear();
  std::memset(&tlb_flush_stats, 0, sizeof tlb_flush_stats);
}
}  // namespace tlbflush_host

extern "C" void arch_sfence_vma(enum sfence_form form, unsigned long addr,
                                unsigned long asid) {
  tlbflush_host::calls.push_back({form, addr, asid});
}

extern "C" void arch_write_satp(unsigned long satp) { tlbflush_host::satps.push_back(satp); }
