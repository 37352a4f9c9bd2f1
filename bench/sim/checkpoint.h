// Checkpoint files (--save / --restore, docs/simulator.md).
//
//   offset  size  field (little-endian)
//   0       8     magic "MMCOCKPT"
//   8       4     format version (1)
//   12      4     CRC-32 of the header's other 44 bytes (this field as 0)
//   16      8     configuration hash (config/gen: kConfigHashes)
//   24      8     program hash (FNV-1a 64 of the ELF file)
//   32      8     payload size, uncompressed
//   40      8     payload size, compressed (the rest of the file, exactly)
//   48      4     CRC-32 of the uncompressed payload
//   52      4     0
//   56      ...   the payload, one zlib stream:
//                   u32 n, n bytes  CPU architectural state (Cpu::save_state)
//                   u32 n, n bytes  devices (UART, CLINT, simctl) and the
//                                   statistics (config/stats.toml order)
//                   u32 DRAM base, u32 DRAM size, u32 page count, then per
//                   page that is not all zero: u32 page index, 4096 bytes
//
// read_checkpoint() refuses, with a one-line message naming the file, one
// that cannot be read, is not a checkpoint, has another version, a damaged
// header or payload (CRC), is truncated or has bytes after its end.  The
// caller compares the hashes with its own configuration and program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mmcosim {

struct Checkpoint {
  uint64_t config_hash = 0, program_hash = 0;
  std::vector<uint8_t> cpu, devices;
  uint32_t dram_base = 0, dram_size = 0;
  const uint8_t* image = nullptr;  // writing: the DRAM image (dram_size)
  std::vector<uint8_t> memory;     // reading: the DRAM image
};

bool write_checkpoint(const std::string& path, const Checkpoint& c,
                      std::string* error);
bool read_checkpoint(const std::string& path, Checkpoint* c,
                     std::string* error);

// FNV-1a 64 of a file's bytes; false when it cannot be read.
bool file_hash(const std::string& path, uint64_t* hash);

}  // namespace mmcosim
