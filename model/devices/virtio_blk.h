// virtio_blk: a virtio 1.x block device on the MMIO transport (as in slot
// 0 of QEMU's virt machine), backed by a disk image file.
//
//   driver                            device (this model)
//   ------                            -------------------
//   status ACK|DRIVER, features       offers VERSION_1 (+ RO for a read-only file)
//   FEATURES_OK, queue 0 set up       QueueNumMax kQueueNumMax
//   DRIVER_OK
//   avail ring += chain, QueueNotify  tick(): latency cycles after the notify (or after
//                                     the previous request) one request is served:
//                                     header, data and status moved by DMA, the file
//                                     read or written, used ring += {head, len},
//                                     InterruptStatus |= 1: irq() high until acked
//
// Requests: VIRTIO_BLK_T_IN / _OUT (any number of 512-byte sectors in any
// number of data descriptors), _FLUSH (fsync of the file).  A request
// beyond the disk, with a data length that is not whole sectors, or
// touching an injected bad sector completes with VIRTIO_BLK_S_IOERR and
// leaves the file alone; an unknown type with _UNSUPP.  A malformed chain
// (index out of range, a loop, missing header or status, DMA outside
// memory) sets DEVICE_NEEDS_RESET and stops the queue: never a crash.
// The image file is opened read-write and only written by OUT requests.
#pragma once

#include <cstdint>
#include <string>

#include "dma_if.h"
#include "mmio_device.h"

namespace mmcosim {

class VirtioBlk : public MmioDevice {
 public:
  static constexpr uint32_t kQueueNumMax = 64;

  VirtioBlk(DmaPort* dma, uint64_t latency_cycles) : dma_(dma), latency_(latency_cycles) {}
  ~VirtioBlk() override;
  VirtioBlk(const VirtioBlk&) = delete;
  VirtioBlk& operator=(const VirtioBlk&) = delete;

  // Opens the disk image; false with a one-line *error naming the problem
  // (missing, not a regular file, empty, not whole 512-byte sectors).
  bool attach(const std::string& path, std::string* error);
  bool attached() const { return fd_ >= 0; }
  uint64_t capacity_sectors() const { return sectors_; }
  bool read_only() const { return read_only_; }

  bool read(uint32_t offset, uint8_t sel, uint32_t* data) override;
  bool write(uint32_t offset, uint8_t sel, uint32_t data) override;

  // Advances the device to `cycle` (called once per cycle, or with jumps).
  void tick(uint64_t cycle);
  // The interrupt line (level): some InterruptStatus bit is set.
  bool irq() const { return interrupt_status_ != 0; }
  // Every request touching `sector` fails with IOERR (~0: none).
  void fail_sector(uint64_t sector) { fail_sector_ = sector; }

  struct Counters {
    uint64_t requests = 0, reads = 0, writes = 0, flushes = 0, errors = 0;
    uint64_t bytes_read = 0, bytes_written = 0; // disk -> memory, memory -> disk
  };
  const Counters& counters() const { return counters_; }
  uint32_t status() const { return status_; }

 private:
  void reset();
  bool serve_one();           // one request from the avail ring; false when none/broken
  uint8_t do_request(uint16_t head, uint32_t* written);
  void broken();              // DEVICE_NEEDS_RESET: the driver broke the protocol

  DmaPort* dma_;
  uint64_t latency_;
  int fd_ = -1;
  uint64_t sectors_ = 0;
  bool read_only_ = false;
  uint64_t fail_sector_ = ~0ull;

  uint32_t status_ = 0, device_features_sel_ = 0, driver_features_sel_ = 0;
  uint64_t driver_features_ = 0;
  uint32_t queue_sel_ = 0, queue_num_ = 0, queue_ready_ = 0;
  uint64_t desc_ = 0, avail_ = 0, used_ = 0;
  uint16_t last_avail_ = 0, used_idx_ = 0;
  uint32_t interrupt_status_ = 0;

  uint64_t now_ = 0;
  bool pending_ = false;      // notified, requests may be waiting
  uint64_t due_ = 0;          // cycle at which the next request completes
  Counters counters_;
};

}  // namespace mmcosim
