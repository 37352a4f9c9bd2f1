// virtio_blk_test.cc -- the virtio-mmio block device model against a C++
// memory: identification, feature negotiation, read and write requests
// through the split virtqueue, the service latency, the interrupt and its
// acknowledge, I/O errors that leave the image alone, malformed chains,
// and bad disk images refused with one line.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "virtio_blk.h"
#include "virtio_regs.h"

namespace mmcosim {
namespace {

constexpr uint64_t kBase = 0x80000000;

// Physical memory [kBase, kBase + size) for the device's DMA.
class VecMemory : public DmaPort {
 public:
  explicit VecMemory(size_t size) : mem(size, 0) {}
  bool dma_read(uint64_t pa, void* buf, size_t n) override {
    if (pa < kBase || pa - kBase + n > mem.size()) return false;
    std::memcpy(buf, &mem[pa - kBase], n);
    return true;
  }
  bool dma_write(uint64_t pa, const void* buf, size_t n) override {
    if (pa < kBase || pa - kBase + n > mem.size()) return false;
    std::memcpy(&mem[pa - kBase], buf, n);
    return true;
  }
  template <class T> T* at(uint64_t pa) { return reinterpret_cast<T*>(&mem[pa - kBase]); }
  std::vector<uint8_t> mem;
};

// Queue layout in memory (16 entries): descriptors, avail ring, used ring, buffers.
constexpr uint32_t kNum = 16;
constexpr uint64_t kDesc = kBase + 0x1000, kAvail = kBase + 0x2000, kUsed = kBase + 0x3000;
constexpr uint64_t kHdr = kBase + 0x4000, kData = kBase + 0x5000, kStatus = kBase + 0x9000;
constexpr uint64_t kLatency = 50;

class VirtioBlkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "virtio_blk_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".img";
    image_.resize(64 * 512);
    for (size_t i = 0; i < image_.size(); i++) image_[i] = static_cast<uint8_t>(i * 13 + i / 512);
    WriteFile(image_);
    std::string err;
    ASSERT_TRUE(dev_.attach(path_, &err)) << err;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void WriteFile(const std::vector<uint8_t>& bytes) {
    std::ofstream(path_, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<uint8_t> ReadFile() {
    std::ifstream in(path_, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  uint32_t Reg(uint32_t off) {
    uint32_t v = 0;
    EXPECT_TRUE(dev_.read(off, 0xf, &v));
    return v;
  }
  void Set(uint32_t off, uint32_t v) { EXPECT_TRUE(dev_.write(off, 0xf, v)); }
  // The driver's initialisation sequence (virtio 1.2, 3.1.1).
  void Init() {
    Set(VIRTIO_MMIO_STATUS, 0);
    Set(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    Set(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    Set(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
    Set(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
    ASSERT_TRUE(Reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    Set(VIRTIO_MMIO_QUEUE_SEL, 0);
    Set(VIRTIO_MMIO_QUEUE_NUM, kNum);
    Set(VIRTIO_MMIO_QUEUE_DESC_LOW, static_cast<uint32_t>(kDesc));
    Set(VIRTIO_MMIO_QUEUE_AVAIL_LOW, static_cast<uint32_t>(kAvail));
    Set(VIRTIO_MMIO_QUEUE_USED_LOW, static_cast<uint32_t>(kUsed));
    Set(VIRTIO_MMIO_QUEUE_READY, 1);
    Set(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                                VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
  }
  // Puts a three-descriptor request (header, `len` data bytes, status) on the avail ring and notifies.
  void Submit(uint32_t type, uint64_t sector, uint32_t len, uint16_t first_desc = 0) {
    auto* d = mem_.at<virtq_desc>(kDesc);
    uint16_t a = first_desc, b = static_cast<uint16_t>(first_desc + 1), c = static_cast<uint16_t>(first_desc + 2);
    *mem_.at<virtio_blk_outhdr>(kHdr) = {type, 0, sector};
    d[a] = {kHdr, sizeof(virtio_blk_outhdr), VIRTQ_DESC_F_NEXT, b};
    d[b] = {kData, len, static_cast<uint16_t>(VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0)), c};
    d[c] = {kStatus, 1, VIRTQ_DESC_F_WRITE, 0};
    *mem_.at<uint8_t>(kStatus) = 0xff;
    auto* ah = mem_.at<virtq_avail_hdr>(kAvail);
    mem_.at<uint16_t>(kAvail + sizeof *ah)[ah->idx % kNum] = a;
    ah->idx++;
    Set(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
  }
  uint16_t UsedIdx() { return mem_.at<virtq_used_hdr>(kUsed)->idx; }
  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; i++) dev_.tick(++cycle_);
  }
  std::string path_;
  std::vector<uint8_t> image_;
  VecMemory mem_{0x10000};
  VirtioBlk dev_{&mem_, kLatency};
  uint64_t cycle_ = 0;
};

TEST_F(VirtioBlkTest, IdentifiesAsAVirtio1BlockDevice) {
  EXPECT_EQ(Reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
  EXPECT_EQ(Reg(VIRTIO_MMIO_VERSION), 2u);
  EXPECT_EQ(Reg(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
  EXPECT_EQ(Reg(VIRTIO_MMIO_CONFIG), 64u);  // capacity in sectors
  EXPECT_EQ(Reg(VIRTIO_MMIO_CONFIG + 4), 0u);
  EXPECT_EQ(Reg(VIRTIO_MMIO_QUEUE_NUM_MAX), VirtioBlk::kQueueNumMax);
  Set(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  EXPECT_EQ(Reg(VIRTIO_MMIO_DEVICE_FEATURES), 1u << (VIRTIO_F_VERSION_1 - 32));
  uint32_t v;
  EXPECT_FALSE(dev_.read(0x400, 0xf, &v));  // beyond the register window: access fault
}

TEST_F(VirtioBlkTest, RefusesFeaturesOkWithoutVersion1) {
  Set(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
  Set(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
  EXPECT_FALSE(Reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);  // a legacy driver
}

TEST_F(VirtioBlkTest, ReadRequestCompletesAfterTheLatencyWithAnInterrupt) {
  Init();
  Submit(VIRTIO_BLK_T_IN, 3, 1024);
  Run(kLatency - 1);
  EXPECT_EQ(UsedIdx(), 0);  // not yet
  EXPECT_FALSE(dev_.irq());
  Run(1);
  ASSERT_EQ(UsedIdx(), 1);
  EXPECT_TRUE(dev_.irq());
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_OK);
  EXPECT_EQ(std::memcmp(mem_.at<uint8_t>(kData), &image_[3 * 512], 1024), 0);
  const auto* e = mem_.at<virtq_used_elem>(kUsed + sizeof(virtq_used_hdr));
  EXPECT_EQ(e->id, 0u);
  EXPECT_EQ(e->len, 1025u);  // data + status byte
  EXPECT_EQ(Reg(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
  Set(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
  EXPECT_FALSE(dev_.irq());
  EXPECT_EQ(ReadFile(), image_);  // reads never touch the file
  EXPECT_EQ(dev_.counters().reads, 1u);
  EXPECT_EQ(dev_.counters().bytes_read, 1024u);
}

TEST_F(VirtioBlkTest, RequestsQueuedTogetherCompleteOneLatencyApart) {
  Init();
  Submit(VIRTIO_BLK_T_IN, 0, 512, 0);
  Submit(VIRTIO_BLK_T_IN, 1, 512, 3);
  Run(kLatency);
  EXPECT_EQ(UsedIdx(), 1);
  Run(kLatency - 1);
  EXPECT_EQ(UsedIdx(), 1);
  Run(1);
  EXPECT_EQ(UsedIdx(), 2);
}

TEST_F(VirtioBlkTest, WriteRequestChangesExactlyItsSectors) {
  Init();
  std::memset(mem_.at<uint8_t>(kData), 0x5a, 1536);
  Submit(VIRTIO_BLK_T_OUT, 10, 1536);
  Run(kLatency);
  ASSERT_EQ(UsedIdx(), 1);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_OK);
  std::vector<uint8_t> want = image_;
  std::memset(&want[10 * 512], 0x5a, 1536);
  EXPECT_EQ(ReadFile(), want);
  EXPECT_EQ(dev_.counters().bytes_written, 1536u);
}

TEST_F(VirtioBlkTest, ErrorsCompleteWithIoerrAndLeaveTheImageAlone) {
  Init();
  std::memset(mem_.at<uint8_t>(kData), 0x66, 1024);
  Submit(VIRTIO_BLK_T_OUT, 63, 1024);  // the second sector is beyond the disk
  Run(kLatency);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_IOERR);
  dev_.fail_sector(21);
  Submit(VIRTIO_BLK_T_OUT, 20, 1024);  // touches the injected bad sector
  Run(kLatency);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_IOERR);
  Submit(VIRTIO_BLK_T_OUT, 0, 100);    // not whole sectors
  Run(kLatency);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_IOERR);
  Submit(99, 0, 512);                  // unknown type
  Run(kLatency);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_UNSUPP);
  EXPECT_EQ(UsedIdx(), 4);
  EXPECT_EQ(ReadFile(), image_);
  EXPECT_EQ(dev_.counters().errors, 4u);
  EXPECT_EQ(dev_.status() & VIRTIO_CONFIG_S_NEEDS_RESET, 0u);  // errors, not protocol breaches
}

TEST_F(VirtioBlkTest, MalformedChainSetsNeedsResetWithoutCrashing) {
  Init();
  auto* d = mem_.at<virtq_desc>(kDesc);
  d[0] = {kHdr, 16, VIRTQ_DESC_F_NEXT, 0};  // a loop: 0 -> 0
  auto* ah = mem_.at<virtq_avail_hdr>(kAvail);
  mem_.at<uint16_t>(kAvail + sizeof *ah)[0] = 0;
  ah->idx = 1;
  Set(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
  Run(kLatency);
  EXPECT_TRUE(dev_.status() & VIRTIO_CONFIG_S_NEEDS_RESET);
  EXPECT_EQ(UsedIdx(), 0);
  EXPECT_EQ(ReadFile(), image_);
  Init();  // a reset brings it back
  EXPECT_FALSE(dev_.status() & VIRTIO_CONFIG_S_NEEDS_RESET);
  mem_.at<virtq_avail_hdr>(kAvail)->idx = 0;
  *mem_.at<virtq_used_hdr>(kUsed) = {0, 0};
  Submit(VIRTIO_BLK_T_IN, 0, 512);
  Run(kLatency);
  EXPECT_EQ(*mem_.at<uint8_t>(kStatus), VIRTIO_BLK_S_OK);
}

TEST_F(VirtioBlkTest, BadImagesAreRefusedWithOneLine) {
  VirtioBlk other(&mem_, 1);
  std::string err;
  EXPECT_FALSE(other.attach("/nonexistent/disk.img", &err));
  EXPECT_EQ(err, "disk image /nonexistent/disk.img: No such file or directory");
  EXPECT_FALSE(other.attach(::testing::TempDir(), &err));
  EXPECT_NE(err.find("not a regular file"), std::string::npos);
  WriteFile(std::vector<uint8_t>(1000, 0));
  EXPECT_FALSE(other.attach(path_, &err));
  EXPECT_NE(err.find("size 1000 is not a positive multiple of 512 bytes"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos);
  EXPECT_FALSE(other.attached());
}

}  // namespace
}  // namespace mmcosim
