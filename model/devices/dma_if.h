// A device's view of physical memory for DMA: reads and writes of byte
// ranges at physical addresses.  In the simulator a bus-master port of the
// memory subsystem implements it (the transfers contend with the CPU for
// the DRAM); the device tests use a C++ memory.  false: the range is not
// memory (the bus answered with an error).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmcosim {

class DmaPort {
 public:
  virtual ~DmaPort() = default;
  virtual bool dma_read(uint64_t pa, void* buf, size_t n) = 0;
  virtual bool dma_write(uint64_t pa, const void* buf, size_t n) = 0;
};

}  // namespace mmcosim
