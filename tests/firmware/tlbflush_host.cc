// tlbflush_host.cc -- arch_sfence_vma for the host build (see tlbflush_host.h).
#include "tlbflush_host.h"

#include <cstring>

namespace tlbflush_host {
std::vector<Sfence> calls;

void Reset() {
  calls.clear();
  std::memset(&tlb_flush_stats, 0, sizeof tlb_flush_stats);
}
}  // namespace tlbflush_host

extern "C" void arch_sfence_vma(enum sfence_form form, unsigned long addr,
                                unsigned long asid) {
  tlbflush_host::calls.push_back({form, addr, asid});
}
