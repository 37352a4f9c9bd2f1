// blkdev_test.cc -- the block layer (firmware/block: submit_bio, its
// synchronous forms, range checks) over the RAM disk brd, with pages from
// the mm's buddy allocator.
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "blkdev.h"
#include "gfp.h"
#include "mm_errno.h"
}

namespace {

class BlkdevTest : public slab_fixture::Slab {
 protected:
  static constexpr unsigned long kPages = 16;
  void SetUp() override {
    Slab::SetUp();
    disk_.assign(kPages * PAGE_SIZE, 0);
    for (size_t i = 0; i < disk_.size(); i++) disk_[i] = static_cast<unsigned char>(i * 7 + i / PAGE_SIZE);
    brd_init(&brd_, "ram0", disk_.data(), kPages * PAGE_SECTORS);
    page_ = alloc_page(GFP_KERNEL);
    ASSERT_NE(page_, nullptr);
  }
  void TearDown() override {
    __free_page(page_);
    Slab::TearDown();
  }
  unsigned char *Mem() { return static_cast<unsigned char *>(page_address(page_)); }
  std::vector<unsigned char> disk_;
  brd_device brd_;
  page *page_ = nullptr;
};

TEST_F(BlkdevTest, ReadPageCopiesTheRightSectors) {
  ASSERT_EQ(bdev_nr_pages(&brd_.bdev), kPages);
  ASSERT_EQ(bdev_read_page(&brd_.bdev, 5, page_), 0);
  EXPECT_EQ(std::memcmp(Mem(), &disk_[5 * PAGE_SIZE], PAGE_SIZE), 0);
  EXPECT_EQ(brd_.bdev.bd_reads, 1u);
}

TEST_F(BlkdevTest, WritePageReachesOnlyItsPage) {
  std::vector<unsigned char> before = disk_;
  std::memset(Mem(), 0x5a, PAGE_SIZE);
  ASSERT_EQ(bdev_write_page(&brd_.bdev, 3, page_), 0);
  for (size_t i = 0; i < disk_.size(); i++) {
    bool inside = i / PAGE_SIZE == 3;
    ASSERT_EQ(disk_[i], inside ? 0x5a : before[i]) << "byte " << i;
  }
  EXPECT_EQ(brd_.bdev.bd_writes, 1u);
}

TEST_F(BlkdevTest, OutOfRangeAndMisalignedFailWithEio) {
  EXPECT_EQ(bdev_read_page(&brd_.bdev, kPages, page_), -EIO);
  bio b;
  bio_init(&b, &brd_.bdev, REQ_OP_READ, 3, page_, nullptr, nullptr);  // not page aligned
  EXPECT_EQ(submit_bio_wait(&b), -EIO);
  EXPECT_EQ(brd_.bdev.bd_errors, 2u);
  EXPECT_EQ(brd_.bdev.bd_reads, 0u);
}

TEST_F(BlkdevTest, ReadOnlyDeviceRefusesWrites) {
  brd_.bdev.bd_read_only = true;
  std::vector<unsigned char> before = disk_;
  EXPECT_EQ(bdev_write_page(&brd_.bdev, 0, page_), -EROFS);
  EXPECT_EQ(disk_, before);
  EXPECT_EQ(bdev_read_page(&brd_.bdev, 0, page_), 0);
}

TEST_F(BlkdevTest, InjectedErrorLeavesTheDataAlone) {
  std::vector<unsigned char> before = disk_;
  brd_fail_page(&brd_, 2);
  std::memset(Mem(), 0xee, PAGE_SIZE);
  EXPECT_EQ(bdev_write_page(&brd_.bdev, 2, page_), -EIO);
  EXPECT_EQ(disk_, before);
  EXPECT_EQ(bdev_write_page(&brd_.bdev, 1, page_), 0);  // other pages still work
  brd_fail_page(&brd_, ~0ul);
  EXPECT_EQ(bdev_write_page(&brd_.bdev, 2, page_), 0);
}

void CountCompletion(bio *b) { ++*static_cast<int *>(b->bi_private); }

TEST_F(BlkdevTest, AsyncSubmitCallsEndIoOnce) {
  int calls = 0;
  bio b;
  bio_init(&b, &brd_.bdev, REQ_OP_READ, 7 * PAGE_SECTORS, page_, CountCompletion, &calls);
  submit_bio(&b);
  EXPECT_TRUE(b.bi_done);
  EXPECT_EQ(b.bi_status, 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(std::memcmp(Mem(), &disk_[7 * PAGE_SIZE], PAGE_SIZE), 0);
}

}  // namespace
