// tlbflush_host.h -- the host build's SFENCE.VMA hook (arch_sfence_vma of
// firmware/mm/tlbflush.h): every call is recorded here, in order, so the
// host suites can assert exactly which flushes the mm issued.
#ifndef TESTS_FIRMWARE_TLBFLUSH_HOST_H
#define TESTS_FIRMWARE_TLBFLUSH_HOST_H

#include <vector>

extern "C" {
#include "tlbflush.h"
}

namespace tlbflush_host {
struct Sfence {
  enum sfence_form form;
  unsigned long addr;
  unsigned long asid;
};
extern std::vector<Sfence> calls;  // every arch_sfence_vma since the last Reset
extern std::vector<unsigned long> satps;  // every arch_write_satp (asid.h) since the last Reset
// Clears the recorded calls and tlb_flush_stats.
void Reset();
}  // namespace tlbflush_host

#endif  // TESTS_FIRMWARE_TLBFLUSH_HOST_H
