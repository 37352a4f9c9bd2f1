// Loads a RISC-V RV32 executable into physical memory with libelf.
//
// Refuses, with a one-line message naming the problem: a file that cannot be
// opened, is not ELF, is ELF64, is for another machine, is not an
// executable, is truncated (a segment's bytes run past the end of the file),
// or has a loadable segment or entry point outside DRAM.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "htif.h"

namespace mmcosim {

struct ElfImage {
  uint32_t entry = 0;
  std::map<std::string, uint32_t> symbols;  // global and local, by name
  std::map<std::string, uint32_t> symbol_sizes;  // st_size, by name
  struct Segment {
    uint32_t vaddr, paddr, memsz;
  };
  std::vector<Segment> segments;  // loadable segments (p_vaddr -> p_paddr)
  uint64_t loaded_bytes = 0;

  // The physical address of `len` bytes at link address `vaddr` (a kernel
  // linked at PAGE_OFFSET loads at its AT() address); false when they do
  // not lie inside one loadable segment.
  bool phys_of(uint32_t vaddr, uint32_t len, uint32_t* paddr) const;
};

// Writes `len` bytes from `src` (NULL: zeros) at physical `pa`.
bool write_bytes(BackdoorIf* mem, uint32_t pa, const uint8_t* src, uint64_t len);

// Loads `path` into `mem` through the backdoor.  Returns false and sets
// `*error` on any problem (nothing is guaranteed about memory then).
bool load_elf(const std::string& path, uint32_t dram_base, uint32_t dram_size,
              BackdoorIf* mem, ElfImage* image, std::string* error);

}  // namespace mmcosim
