// The memory path of the CPU model's functional mode (Cpu::run_functional):
// every request is answered at once, with no timing.  The cycle-accurate
// path drives the same MemReq on the MemPortIf ports instead; the decode and
// execute code does not know which of the two answers it.
#pragma once

#include <cstdint>

#include "mem_port_if.h"

namespace mmcosim {

class FuncMemIf {
 public:
  virtual ~FuncMemIf() = default;
  // Host address of the 4 KiB page holding virtual address `va`, readable
  // for instruction fetch in the current translation context, or nullptr
  // (fault, MMIO): the CPU then fetches through access().
  virtual const uint8_t* fetch_page(uint32_t va) = 0;
  // Performs `req` (translation, DRAM or MMIO, SFENCE.VMA, FENCE.I) and
  // returns what a port would answer.
  virtual MemRsp access(const MemReq& req) = 0;
  // Changes whenever a page returned by fetch_page() may no longer be
  // valid (translation context changed, SFENCE.VMA).
  uint64_t epoch() const { return epoch_; }

 protected:
  uint64_t epoch_ = 0;
};

}  // namespace mmcosim
