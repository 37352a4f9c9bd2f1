// filemap_test.cc -- the page cache (firmware/fs/filemap.c) over the RAM
// disk, with the device's own cache (page i = disk page i): lookups and
// references, readahead within the limit, dirty tags and writeback of
// exactly the dirty pages, write errors keeping pages dirty, truncation;
// file mappings: filemap_fault (major then minor, SIGBUS past the end or
// on a read error), page_mkwrite and msync of a range.
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "mm.h"
#include "mm_errno.h"
#include "pagemap.h"
}

namespace {

int ReadPage(address_space *m, page *p) { return bdev_read_page(m->bdev, p->index, p); }
int WritePage(address_space *m, page *p) { return bdev_write_page(m->bdev, p->index, p); }
const address_space_operations kAops = {ReadPage, WritePage};

class FilemapTest : public slab_fixture::Slab {
 protected:
  static constexpr unsigned long kPages = 32;
  void SetUp() override {
    Slab::SetUp();
    disk_.resize(kPages * PAGE_SIZE);
    for (size_t i = 0; i < disk_.size(); i++) disk_[i] = static_cast<unsigned char>(i / PAGE_SIZE + 1);
    brd_init(&brd_, "ram0", disk_.data(), kPages * PAGE_SECTORS);
    address_space_init(&m_, nullptr, &brd_.bdev, &kAops);
    m_.limit = kPages;
    ShrinkAll();
    free_ = FreePages();
    file0_ = nr_file_pages;
  }
  void TearDown() override {
    truncate_inode_pages(&m_, 0);
    EXPECT_EQ(m_.nrpages, 0u);
    EXPECT_EQ(nr_file_pages, file0_);
    xa_destroy(&m_.i_pages);
    ShrinkAll();
    EXPECT_EQ(FreePages(), free_);  // every page went back
    Slab::TearDown();
  }
  unsigned char *Mem(page *p) { return static_cast<unsigned char *>(page_address(p)); }
  std::vector<unsigned char> disk_;
  brd_device brd_;
  address_space m_;
  unsigned long free_ = 0, file0_ = 0;
};

TEST_F(FilemapTest, ReadCachesThePageAndHandsOutReferences) {
  EXPECT_EQ(find_get_page(&m_, 3), nullptr);
  int err = 0;
  page *p = read_cache_page(&m_, 3, &err);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(PageUptodate(p));
  EXPECT_EQ(p->mapping, &m_);
  EXPECT_EQ(p->index, 3u);
  EXPECT_EQ(page_ref_count(p), 2);  // the cache's and ours
  EXPECT_EQ(Mem(p)[0], 4);
  page *q = find_get_page(&m_, 3);
  EXPECT_EQ(q, p);
  EXPECT_EQ(page_ref_count(p), 3);
  put_page(q);
  put_page(p);
  EXPECT_EQ(brd_.bdev.bd_reads, 1u);  // no readahead: ra_pages 0
  p = read_cache_page(&m_, 3, &err);   // a hit reads nothing
  EXPECT_EQ(brd_.bdev.bd_reads, 1u);
  put_page(p);
}

TEST_F(FilemapTest, ReadaheadStopsAtTheWindowTheLimitAndCachedPages) {
  m_.ra_pages = 4;
  m_.limit = 10;
  unsigned long ra0 = nr_readahead;
  int err = 0;
  put_page(read_cache_page(&m_, 0, &err));
  EXPECT_EQ(m_.nrpages, 5u);  // 0 and 1..4
  EXPECT_EQ(nr_readahead - ra0, 4u);
  put_page(read_cache_page(&m_, 7, &err));
  EXPECT_EQ(m_.nrpages, 8u);  // 7, 8, 9: the limit is 10
  put_page(read_cache_page(&m_, 5, &err));
  EXPECT_EQ(m_.nrpages, 10u);  // 5, 6: 7 was cached, the window ends there
  EXPECT_EQ(brd_.bdev.bd_reads, 10u);
  for (unsigned long i = 0; i < 10; i++) {
    page *p = find_get_page(&m_, i);
    ASSERT_NE(p, nullptr) << i;
    EXPECT_EQ(Mem(p)[100], i + 1);
    put_page(p);
  }
}

TEST_F(FilemapTest, WritebackWritesExactlyTheDirtyPages) {
  int err = 0;
  for (unsigned long i = 0; i < 8; i++) {
    page *p = read_cache_page(&m_, i, &err);
    ASSERT_NE(p, nullptr);
    std::memset(Mem(p), 0xd0 + static_cast<int>(i), PAGE_SIZE);
    if (i % 3 == 0) set_page_dirty(p);  // 0, 3, 6
    put_page(p);
  }
  unsigned long dirty0 = nr_file_dirty;
  EXPECT_TRUE(xa_get_mark(&m_.i_pages, 3, PAGECACHE_TAG_DIRTY));
  EXPECT_EQ(filemap_write_and_wait(&m_), 0);
  EXPECT_EQ(brd_.bdev.bd_writes, 3u);
  EXPECT_EQ(nr_file_dirty, dirty0 - 3);
  for (unsigned long i = 0; i < 8; i++)
    EXPECT_EQ(disk_[i * PAGE_SIZE + 7], i % 3 == 0 ? 0xd0 + i : i + 1) << i;
  EXPECT_EQ(filemap_write_and_wait(&m_), 0);  // nothing dirty: nothing written
  EXPECT_EQ(brd_.bdev.bd_writes, 3u);
}

TEST_F(FilemapTest, AFailedWriteKeepsThePageDirtyForALaterSync) {
  int err = 0;
  page *p = read_cache_page(&m_, 2, &err);
  ASSERT_NE(p, nullptr);
  std::memset(Mem(p), 0x77, PAGE_SIZE);
  set_page_dirty(p);
  brd_fail_page(&brd_, 2);
  EXPECT_EQ(filemap_write_and_wait(&m_), -EIO);
  EXPECT_TRUE(PageDirty(p));
  EXPECT_EQ(m_.wb_err, -EIO);
  EXPECT_EQ(disk_[2 * PAGE_SIZE], 3);  // the device kept its data
  brd_fail_page(&brd_, ~0ul);
  EXPECT_EQ(filemap_write_and_wait(&m_), 0);
  EXPECT_FALSE(PageDirty(p));
  EXPECT_EQ(disk_[2 * PAGE_SIZE], 0x77);
  put_page(p);
}

TEST_F(FilemapTest, ReadErrorCachesNothing) {
  brd_fail_page(&brd_, 4);
  int err = 0;
  EXPECT_EQ(read_cache_page(&m_, 4, &err), nullptr);
  EXPECT_EQ(err, -EIO);
  EXPECT_EQ(m_.nrpages, 0u);
  EXPECT_EQ(find_get_page(&m_, 4), nullptr);
}

TEST_F(FilemapTest, TruncateDropsPagesFromAnIndexOnDirtyOrNot) {
  int err = 0;
  for (unsigned long i = 0; i < 6; i++) {
    page *p = read_cache_page(&m_, i, &err);
    set_page_dirty(p);
    put_page(p);
  }
  page *held = find_get_page(&m_, 5);  // someone still holds page 5
  truncate_inode_pages(&m_, 3);
  EXPECT_EQ(m_.nrpages, 3u);
  EXPECT_EQ(find_get_page(&m_, 4), nullptr);
  EXPECT_EQ(held->mapping, nullptr);
  EXPECT_EQ(page_ref_count(held), 1);  // only our reference is left
  put_page(held);
  EXPECT_EQ(filemap_write_and_wait(&m_), 0);
  EXPECT_EQ(brd_.bdev.bd_writes, 3u);  // only 0..2 were written
}

// File mappings: filemap_fault through a vma of a file over this cache.
class FilemapFaultTest : public FilemapTest {
 protected:
  void SetUp() override {
    FilemapTest::SetUp();
    m_.limit = 10;  // a 10-page "file"
    m_.ra_pages = 2;
    file_.f_mapping = &m_;
    vma_.vm_file = &file_;
    vma_.vm_start = 0x40000000;
    vma_.vm_end = 0x40000000 + 8 * PAGE_SIZE;
    vma_.vm_pgoff = 2;  // the area maps file pages 2..9
    vma_.vm_flags = VM_READ | VM_WRITE | VM_SHARED;
  }
  file file_{};
  vm_area_struct vma_{};
};

TEST_F(FilemapFaultTest, FirstFaultIsMajorAndReadsAheadSecondIsMinor) {
  page *p = nullptr;
  EXPECT_EQ(filemap_fault(&vma_, 3, &p), VM_FAULT_MAJOR);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(Mem(p)[9], 4);  // disk page 3
  EXPECT_EQ(page_ref_count(p), 2);
  put_page(p);
  EXPECT_EQ(m_.nrpages, 3u);  // 3 and the window 4, 5
  EXPECT_EQ(filemap_fault(&vma_, 4, &p), 0u);  // read ahead: a minor fault
  put_page(p);
  EXPECT_EQ(brd_.bdev.bd_reads, 3u);
}

TEST_F(FilemapFaultTest, BeyondTheEndOrAReadErrorIsSigbus) {
  page *p = nullptr;
  EXPECT_EQ(filemap_fault(&vma_, 10, &p), VM_FAULT_SIGBUS);
  brd_fail_page(&brd_, 6);
  EXPECT_EQ(filemap_fault(&vma_, 6, &p), VM_FAULT_SIGBUS);
  EXPECT_EQ(m_.nrpages, 0u);
}

TEST_F(FilemapFaultTest, SharedWritesReachTheDeviceOnMsyncOfTheirRange) {
  page *a = nullptr, *b = nullptr;
  ASSERT_EQ(filemap_fault(&vma_, 2, &a), VM_FAULT_MAJOR);  // area page 0
  ASSERT_EQ(filemap_fault(&vma_, 9, &b), VM_FAULT_MAJOR);  // area page 7
  std::memset(Mem(a), 0xa1, PAGE_SIZE);
  std::memset(Mem(b), 0xb2, PAGE_SIZE);
  EXPECT_EQ(filemap_page_mkwrite(&vma_, a), 0u);
  EXPECT_EQ(filemap_page_mkwrite(&vma_, b), 0u);
  EXPECT_TRUE(PageDirty(a));
  // msync of the area's first page writes only file page 2
  EXPECT_EQ(filemap_msync(&vma_, vma_.vm_start, vma_.vm_start + PAGE_SIZE), 0);
  EXPECT_EQ(disk_[2 * PAGE_SIZE], 0xa1);
  EXPECT_EQ(disk_[9 * PAGE_SIZE], 10);
  EXPECT_TRUE(PageDirty(b));
  EXPECT_EQ(filemap_msync(&vma_, vma_.vm_start, vma_.vm_end), 0);
  EXPECT_EQ(disk_[9 * PAGE_SIZE], 0xb2);
  vma_.vm_flags &= ~VM_SHARED;  // a private mapping never writes its file
  set_page_dirty(a);
  std::memset(Mem(a), 0xcc, PAGE_SIZE);
  EXPECT_EQ(filemap_msync(&vma_, vma_.vm_start, vma_.vm_end), 0);
  EXPECT_EQ(disk_[2 * PAGE_SIZE], 0xa1);
  put_page(a);
  put_page(b);
}

}  // namespace
