// virtio_blk.cc -- see virtio_blk.h.
#include "virtio_blk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "virtio_regs.h"

namespace mmcosim {

namespace {
constexpr uint64_t kOfferedFeatures = 1ull << VIRTIO_F_VERSION_1;
constexpr uint32_t kMaxChain = VirtioBlk::kQueueNumMax; // longer chains loop
}  // namespace

VirtioBlk::~VirtioBlk() {
  if (fd_ >= 0) close(fd_);
}

bool VirtioBlk::attach(const std::string& path, std::string* error) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    *error = "disk image " + path + ": not a regular file";
    return false;
  }
  int fd = open(path.c_str(), O_RDWR);
  bool ro = false;
  if (fd < 0 && (errno == EACCES || errno == EROFS)) {
    fd = open(path.c_str(), O_RDONLY);
    ro = true;
  }
  if (fd < 0) {
    *error = "disk image " + path + ": " + std::strerror(errno);
    return false;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = "disk image " + path + ": not a regular file";
    close(fd);
    return false;
  }
  if (st.st_size == 0 || st.st_size % VIRTIO_BLK_SECTOR_SIZE) {
    *error = "disk image " + path + ": size " + std::to_string(st.st_size) +
             " is not a positive multiple of 512 bytes";
    close(fd);
    return false;
  }
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
  read_only_ = ro;
  sectors_ = static_cast<uint64_t>(st.st_size) / VIRTIO_BLK_SECTOR_SIZE;
  return true;
}

void VirtioBlk::reset() {
  status_ = 0;
  device_features_sel_ = driver_features_sel_ = 0;
  driver_features_ = 0;
  queue_sel_ = queue_num_ = queue_ready_ = 0;
  desc_ = avail_ = used_ = 0;
  last_avail_ = used_idx_ = 0;
  interrupt_status_ = 0;
  pending_ = false;
}

bool VirtioBlk::read(uint32_t offset, uint8_t sel, uint32_t* data) {
  (void)sel;
  uint64_t features = kOfferedFeatures | (read_only_ ? 1ull << VIRTIO_BLK_F_RO : 0);
  switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE: *data = VIRTIO_MMIO_MAGIC; return true;
    case VIRTIO_MMIO_VERSION: *data = VIRTIO_MMIO_VERSION_1X; return true;
    case VIRTIO_MMIO_DEVICE_ID: *data = attached() ? VIRTIO_ID_BLOCK : 0; return true; // 0: no device
    case VIRTIO_MMIO_VENDOR_ID: *data = VIRTIO_MMIO_VENDOR; return true;
    case VIRTIO_MMIO_DEVICE_FEATURES:
      *data = device_features_sel_ == 0 ? static_cast<uint32_t>(features)
            : device_features_sel_ == 1 ? static_cast<uint32_t>(features >> 32) : 0;
      return true;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: *data = queue_sel_ == 0 ? kQueueNumMax : 0; return true;
    case VIRTIO_MMIO_QUEUE_READY: *data = queue_sel_ == 0 ? queue_ready_ : 0; return true;
    case VIRTIO_MMIO_INTERRUPT_STATUS: *data = interrupt_status_; return true;
    case VIRTIO_MMIO_STATUS: *data = status_; return true;
    case VIRTIO_MMIO_CONFIG_GENERATION: *data = 0; return true;
    case VIRTIO_MMIO_CONFIG: *data = static_cast<uint32_t>(sectors_); return true;
    case VIRTIO_MMIO_CONFIG + 4: *data = static_cast<uint32_t>(sectors_ >> 32); return true;
    default:
      if (offset < 0x200) { *data = 0; return true; } // write-only and reserved registers read 0
      return false;
  }
}

bool VirtioBlk::write(uint32_t offset, uint8_t sel, uint32_t data) {
  (void)sel;
  switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: device_features_sel_ = data; return true;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: driver_features_sel_ = data; return true;
    case VIRTIO_MMIO_DRIVER_FEATURES:
      if (driver_features_sel_ < 2) {
        unsigned shift = 32 * driver_features_sel_;
        driver_features_ = (driver_features_ & ~(0xffffffffull << shift)) | (uint64_t{data} << shift);
      }
      return true;
    case VIRTIO_MMIO_QUEUE_SEL: queue_sel_ = data; return true;
    case VIRTIO_MMIO_QUEUE_NUM:
      if (queue_sel_ == 0) queue_num_ = data;
      return true;
    case VIRTIO_MMIO_QUEUE_READY:
      if (queue_sel_ == 0) {
        bool ok = queue_num_ && queue_num_ <= kQueueNumMax && !(queue_num_ & (queue_num_ - 1));
        queue_ready_ = (data & 1) && ok ? 1 : 0;
        if ((data & 1) && !ok) broken();
      }
      return true;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: desc_ = (desc_ & ~0xffffffffull) | data; return true;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: desc_ = (desc_ & 0xffffffffull) | (uint64_t{data} << 32); return true;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW: avail_ = (avail_ & ~0xffffffffull) | data; return true;
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH: avail_ = (avail_ & 0xffffffffull) | (uint64_t{data} << 32); return true;
    case VIRTIO_MMIO_QUEUE_USED_LOW: used_ = (used_ & ~0xffffffffull) | data; return true;
    case VIRTIO_MMIO_QUEUE_USED_HIGH: used_ = (used_ & 0xffffffffull) | (uint64_t{data} << 32); return true;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
      if (data == 0 && queue_ready_ && (status_ & VIRTIO_CONFIG_S_DRIVER_OK) && !pending_) {
        pending_ = true;
        due_ = now_ + latency_;
      }
      return true;
    case VIRTIO_MMIO_INTERRUPT_ACK: interrupt_status_ &= ~data; return true;
    case VIRTIO_MMIO_STATUS:
      if (data == 0) {
        reset();
        return true;
      }
      // FEATURES_OK only for a subset of what we offer that includes VERSION_1.
      if ((data & VIRTIO_CONFIG_S_FEATURES_OK) && !(status_ & VIRTIO_CONFIG_S_FEATURES_OK)) {
        uint64_t offered = kOfferedFeatures | (read_only_ ? 1ull << VIRTIO_BLK_F_RO : 0);
        if ((driver_features_ & ~offered) || !(driver_features_ & kOfferedFeatures))
          data &= ~VIRTIO_CONFIG_S_FEATURES_OK;
      }
      status_ = data | (status_ & VIRTIO_CONFIG_S_NEEDS_RESET);
      return true;
    default:
      return offset < 0x200; // read-only registers ignore writes
  }
}

void VirtioBlk::broken() {
  status_ |= VIRTIO_CONFIG_S_NEEDS_RESET;
  interrupt_status_ |= VIRTIO_MMIO_INT_CONFIG;
  pending_ = false;
  counters_.errors++;
}

void VirtioBlk::tick(uint64_t cycle) {
  now_ = cycle;
  while (pending_ && now_ >= due_) { // requests back to back, one per latency
    if (!serve_one()) {
      pending_ = false;
      break;
    }
    due_ += latency_;
  }
}

bool VirtioBlk::serve_one() {
  if (status_ & VIRTIO_CONFIG_S_NEEDS_RESET) return false;
  virtq_avail_hdr ah;
  if (!dma_->dma_read(avail_, &ah, sizeof ah)) {
    broken();
    return false;
  }
  if (ah.idx == last_avail_) return false;
  uint16_t head;
  if (!dma_->dma_read(avail_ + sizeof ah + 2ull * (last_avail_ % queue_num_), &head, sizeof head)) {
    broken();
    return false;
  }
  last_avail_++;
  uint32_t written = 0;
  uint8_t st = do_request(head, &written);
  if (status_ & VIRTIO_CONFIG_S_NEEDS_RESET) return false;
  if (st != VIRTIO_BLK_S_OK) counters_.errors++;
  virtq_used_elem e{head, written};
  uint16_t idx = static_cast<uint16_t>(used_idx_ + 1);
  if (!dma_->dma_write(used_ + sizeof(virtq_used_hdr) + sizeof e * (used_idx_ % queue_num_), &e, sizeof e) ||
      !dma_->dma_write(used_ + offsetof(virtq_used_hdr, idx), &idx, sizeof idx)) {
    broken();
    return false;
  }
  used_idx_ = idx;
  interrupt_status_ |= VIRTIO_MMIO_INT_VRING;
  counters_.requests++;
  return true;
}

uint8_t VirtioBlk::do_request(uint16_t head, uint32_t* written) {
  std::vector<virtq_desc> chain;
  for (uint16_t i = head;;) {
    virtq_desc d;
    if (i >= queue_num_ || chain.size() >= kMaxChain ||
        !dma_->dma_read(desc_ + sizeof d * i, &d, sizeof d)) {
      broken();
      return VIRTIO_BLK_S_IOERR;
    }
    chain.push_back(d);
    if (!(d.flags & VIRTQ_DESC_F_NEXT)) break;
    i = d.next;
  }
  virtio_blk_outhdr h;
  const virtq_desc& status = chain.back();
  if (chain.size() < 2 || chain[0].len < sizeof h || (chain[0].flags & VIRTQ_DESC_F_WRITE) ||
      !(status.flags & VIRTQ_DESC_F_WRITE) || status.len < 1 ||
      !dma_->dma_read(chain[0].addr, &h, sizeof h)) {
    broken();
    return VIRTIO_BLK_S_IOERR;
  }
  uint8_t st = VIRTIO_BLK_S_OK;
  uint64_t bytes = 0;
  for (size_t k = 1; k + 1 < chain.size(); k++) bytes += chain[k].len;
  bool data_dir_ok = true;
  for (size_t k = 1; k + 1 < chain.size(); k++)
    if (!(chain[k].flags & VIRTQ_DESC_F_WRITE) != (h.type == VIRTIO_BLK_T_OUT)) data_dir_ok = false;
  if (h.type == VIRTIO_BLK_T_IN || h.type == VIRTIO_BLK_T_OUT) {
    uint64_t nsec = bytes / VIRTIO_BLK_SECTOR_SIZE;
    bool bad = bytes % VIRTIO_BLK_SECTOR_SIZE || h.sector >= sectors_ || nsec > sectors_ - h.sector ||
               !data_dir_ok || (h.type == VIRTIO_BLK_T_OUT && read_only_) ||
               (fail_sector_ >= h.sector && fail_sector_ - h.sector < nsec);
    off_t pos = static_cast<off_t>(h.sector * VIRTIO_BLK_SECTOR_SIZE);
    std::vector<uint8_t> buf;
    for (size_t k = 1; !bad && k + 1 < chain.size(); k++) {
      buf.resize(chain[k].len);
      if (h.type == VIRTIO_BLK_T_IN) {
        if (pread(fd_, buf.data(), buf.size(), pos) != static_cast<ssize_t>(buf.size())) {
          bad = true;
          break;
        }
        if (!dma_->dma_write(chain[k].addr, buf.data(), buf.size())) {
          broken();
          return VIRTIO_BLK_S_IOERR;
        }
        *written += chain[k].len;
        counters_.bytes_read += chain[k].len;
      } else {
        if (!dma_->dma_read(chain[k].addr, buf.data(), buf.size())) {
          broken();
          return VIRTIO_BLK_S_IOERR;
        }
        if (pwrite(fd_, buf.data(), buf.size(), pos) != static_cast<ssize_t>(buf.size())) {
          bad = true;
          break;
        }
        counters_.bytes_written += chain[k].len;
      }
      pos += static_cast<off_t>(chain[k].len);
    }
    if (bad) st = VIRTIO_BLK_S_IOERR;
    (h.type == VIRTIO_BLK_T_IN ? counters_.reads : counters_.writes)++;
  } else if (h.type == VIRTIO_BLK_T_FLUSH) {
    if (fsync(fd_) != 0 && !read_only_) st = VIRTIO_BLK_S_IOERR;
    counters_.flushes++;
  } else {
    st = VIRTIO_BLK_S_UNSUPP;
  }
  if (!dma_->dma_write(status.addr, &st, 1)) {
    broken();
    return VIRTIO_BLK_S_IOERR;
  }
  *written += 1;
  return st;
}

}  // namespace mmcosim
