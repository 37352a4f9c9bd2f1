// A memory-mapped device on the MMIO port: 32-bit bus words with byte
// selects, addressed by the byte offset of the word inside the device's
// window.  read()/write() return false for an offset the device does not
// decode; the bus answers that with an access fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mmcosim {

class MmioDevice {
 public:
  virtual ~MmioDevice() = default;
  // `offset` is word aligned; `sel` holds one bit per byte lane.
  virtual bool read(uint32_t offset, uint8_t sel, uint32_t* data) = 0;
  virtual bool write(uint32_t offset, uint8_t sel, uint32_t data) = 0;
};

// Byte `lane` (0..3) of a bus word.
inline uint8_t lane_byte(uint32_t word, unsigned lane) {
  return static_cast<uint8_t>(word >> (8 * lane));
}

// Device state for checkpoints: the fields' bytes appended in order, and
// read back in the same order (false when fewer bytes are left).
template <class... T>
void save_fields(std::vector<uint8_t>* out, const T&... f) {
  (out->insert(out->end(), reinterpret_cast<const uint8_t*>(&f),
               reinterpret_cast<const uint8_t*>(&f) + sizeof f), ...);
}
template <class... T>
bool load_fields(const uint8_t** p, size_t* left, T&... f) {
  size_t need = (sizeof f + ... + 0);
  if (*left < need) return false;
  ((std::memcpy(&f, *p, sizeof f), *p += sizeof f), ...);
  *left -= need;
  return true;
}

}  // namespace mmcosim
