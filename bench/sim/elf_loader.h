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

#include "htif.h"

namespace mmcosim {

struct ElfImage {
  uint32_t entry = 0;
  std::map<std::string, uint32_t> symbols;  // global and local, by name
  uint64_t loaded_bytes = 0;
};

// Loads `path` into `mem` through the backdoor.  Returns false and sets
// `*error` on any problem (nothing is guaranteed about memory then).
bool load_elf(const std::string& path, uint32_t dram_base, uint32_t dram_size,
              BackdoorIf* mem, ElfImage* image, std::string* error);

}  // namespace mmcosim
