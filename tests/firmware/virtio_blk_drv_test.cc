// virtio_blk_drv_test.cc -- the kernel's virtio-blk driver
// (firmware/drivers) built for the host, talking to the device model
// (model/devices/virtio_blk) through its MMIO accessors, with the device's
// DMA reaching the mm arena by physical address.  Each register access
// advances the device by kCyclesPerAccess cycles, as time passes while the
// CPU polls.  Then ext2 over the driver against a copy of the mke2fs
// image, checked by e2fsck -fn.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mm_arena.h"
#include "virtio_blk.h"  // the model (C++), found first on the include path

extern "C" {
#include "ext2.h"
#include "mm_errno.h"
#include "pagemap.h"
#include "../../firmware/drivers/virtio_blk.h"
}

namespace {

constexpr uint64_t kLatency = 40;
constexpr uint64_t kCyclesPerAccess = 8;

// The device's DMA into the arena: physical DRAM addresses through the linear map.
class ArenaDma : public mmcosim::DmaPort {
 public:
  bool dma_read(uint64_t pa, void *buf, size_t n) override {
    if (!InDram(pa, n)) return false;
    std::memcpy(buf, __va(static_cast<phys_addr_t>(pa)), n);
    return true;
  }
  bool dma_write(uint64_t pa, const void *buf, size_t n) override {
    if (!InDram(pa, n)) return false;
    std::memcpy(__va(static_cast<phys_addr_t>(pa)), buf, n);
    return true;
  }
  static bool InDram(uint64_t pa, size_t n) {
    return pa >= MMCOSIM_MEMORY_MAP_DRAM_BASE &&
           pa + n <= uint64_t{MMCOSIM_MEMORY_MAP_DRAM_BASE} + MMCOSIM_MEMORY_MAP_DRAM_SIZE;
  }
};

mmcosim::VirtioBlk *g_dev;
uint64_t g_cycle;

}  // namespace

extern "C" uint32_t virtio_mmio_read32(volatile void *base, uint32_t off) {
  (void)base;
  g_cycle += kCyclesPerAccess;
  g_dev->tick(g_cycle);
  uint32_t v = 0;
  EXPECT_TRUE(g_dev->read(off, 0xf, &v)) << "register " << off;
  return v;
}

extern "C" void virtio_mmio_write32(volatile void *base, uint32_t off, uint32_t value) {
  (void)base;
  g_cycle += kCyclesPerAccess;
  g_dev->tick(g_cycle);
  EXPECT_TRUE(g_dev->write(off, 0xf, value)) << "register " << off;
}

namespace {

class VirtioBlkDrv : public slab_fixture::Slab {
 protected:
  void SetUp() override {
    Slab::SetUp();
    path_ = std::string(EXT2_TEST_TMP) + "/virtio_blk_drv_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".img";
    std::ifstream in(EXT2_TEST_IMAGE, std::ios::binary);
    image_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ASSERT_FALSE(image_.empty());
    std::ofstream(path_, std::ios::binary).write(image_.data(), static_cast<std::streamsize>(image_.size()));
    g_dev = &dev_;
    g_cycle = 0;
    std::string err;
    ASSERT_TRUE(dev_.attach(path_, &err)) << err;
  }
  void TearDown() override {
    std::remove(path_.c_str());
    g_dev = nullptr;
    Slab::TearDown();
  }
  void Probe() {
    ASSERT_EQ(virtio_blk_probe(&vb_, nullptr, "vda"), 0) << TakeOutput();
    probed_ = true;
  }
  std::string File() {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  int Fsck(std::string *report) {
    FILE *p = popen((std::string(E2FSCK) + " -fn " + path_ + " 2>&1").c_str(), "r");
    char buf[256];
    while (fgets(buf, sizeof buf, p)) *report += buf;
    return WEXITSTATUS(pclose(p));
  }
  std::string path_, image_;
  ArenaDma dma_;
  mmcosim::VirtioBlk dev_{&dma_, kLatency};
  virtio_blk vb_;
  bool probed_ = false;
};

TEST_F(VirtioBlkDrv, ProbeBringsTheDeviceUpAndReadsTheCapacity) {
  Probe();
  EXPECT_EQ(vb_.bdev.bd_nr_sectors, image_.size() / 512);
  EXPECT_EQ(TakeOutput(), "virtio_blk virtio0: [vda] 16384 512-byte logical blocks (8 MiB)\n");
  EXPECT_EQ(dev_.status(), VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                               VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
  virtio_blk_remove(&vb_);
  EXPECT_EQ(dev_.status(), 0u);
}

TEST_F(VirtioBlkDrv, ProbeFindsNoDeviceWithoutADisk) {
  mmcosim::VirtioBlk empty(&dma_, kLatency);
  g_dev = &empty;
  EXPECT_EQ(virtio_blk_probe(&vb_, nullptr, "vda"), -ENODEV);
  g_dev = &dev_;
}

TEST_F(VirtioBlkDrv, PagesReadAndWrittenMatchTheImageFile) {
  Probe();
  page *p = alloc_page(GFP_KERNEL);
  ASSERT_EQ(bdev_read_page(&vb_.bdev, 1, p), 0);  // the group descriptors
  EXPECT_EQ(std::memcmp(page_address(p), &image_[PAGE_SIZE], PAGE_SIZE), 0);
  std::memset(page_address(p), 0x3c, PAGE_SIZE);
  ASSERT_EQ(bdev_write_page(&vb_.bdev, 2000, p), 0);
  std::string want = image_;
  std::memset(&want[2000 * PAGE_SIZE], 0x3c, PAGE_SIZE);
  EXPECT_EQ(File(), want);
  EXPECT_GE(vb_.interrupts, 2u);
  EXPECT_EQ(vb_.completions, 2u);
  EXPECT_GE(g_cycle, 2 * kLatency);  // each request took the device latency
  __free_page(p);
  virtio_blk_remove(&vb_);
}

void Done(bio *b) { ++*static_cast<int *>(b->bi_private); }

TEST_F(VirtioBlkDrv, MoreBiosThanSlotsWaitOnTheRequestQueue) {
  Probe();
  constexpr int kBios = 50;
  std::vector<bio> bios(kBios);
  std::vector<page *> pages(kBios);
  int done = 0;
  for (int i = 0; i < kBios; i++) {
    pages[i] = alloc_page(GFP_KERNEL);
    bio_init(&bios[i], &vb_.bdev, REQ_OP_READ, static_cast<sector_t>(i) * PAGE_SECTORS, pages[i], Done, &done);
    submit_bio(&bios[i]);
  }
  EXPECT_EQ(vb_.queued, static_cast<unsigned long>(kBios - VIRTIO_BLK_SLOTS));
  while (done < kBios) virtio_blk_interrupt(&vb_);
  for (int i = 0; i < kBios; i++) {
    EXPECT_EQ(bios[i].bi_status, 0);
    EXPECT_EQ(std::memcmp(page_address(pages[i]), &image_[i * PAGE_SIZE], PAGE_SIZE), 0) << i;
    __free_page(pages[i]);
  }
  EXPECT_EQ(dev_.counters().reads, static_cast<uint64_t>(kBios));
  virtio_blk_remove(&vb_);
}

TEST_F(VirtioBlkDrv, DeviceErrorIsEioAndTheFileIsUntouched) {
  Probe();
  dev_.fail_sector(8 * 300 + 5);
  page *p = alloc_page(GFP_KERNEL);
  std::memset(page_address(p), 0x11, PAGE_SIZE);
  EXPECT_EQ(bdev_write_page(&vb_.bdev, 300, p), -EIO);
  EXPECT_EQ(bdev_read_page(&vb_.bdev, 300, p), -EIO);
  EXPECT_EQ(File(), image_);
  EXPECT_EQ(bdev_read_page(&vb_.bdev, 301, p), 0);
  __free_page(p);
  virtio_blk_remove(&vb_);
}

TEST_F(VirtioBlkDrv, Ext2OverTheDriverLeavesACleanImage) {
  Probe();
  super_block sb;
  ASSERT_EQ(ext2_mount(&sb, &vb_.bdev, false), 0) << TakeOutput();
  inode *i = nullptr;
  ASSERT_EQ(ext2_create(&sb, "/written-by-virtio", 0644, &i), 0);
  std::string data(100000, 'v');
  ASSERT_EQ(ext2_file_write(i, data.data(), data.size(), 0), static_cast<long>(data.size()));
  EXPECT_EQ(ext2_fsync(i), 0);
  iput(i);
  ASSERT_EQ(ext2_umount(&sb), 0);
  std::string report;
  EXPECT_EQ(Fsck(&report), 0) << report;
  ASSERT_EQ(ext2_mount(&sb, &vb_.bdev, true), 0);
  ASSERT_EQ(ext2_lookup_path(&sb, "/written-by-virtio", &i), 0);
  std::string back(data.size(), '\0');
  EXPECT_EQ(ext2_file_read(i, back.data(), back.size(), 0), static_cast<long>(data.size()));
  EXPECT_EQ(back, data);
  iput(i);
  ext2_umount(&sb);
  virtio_blk_remove(&vb_);
}

}  // namespace
