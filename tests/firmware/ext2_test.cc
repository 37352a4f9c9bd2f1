// ext2_test.cc -- ext2 (firmware/fs/ext2) on the RAM disk, against the
// image mkext2.sh made with mke2fs -d at build time.  Every test that
// writes unmounts and runs e2fsck -fn on the image: a dirty or corrupt
// image fails it.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "mm_arena.h"

extern "C" {
#include "ext2.h"
#include "mm_errno.h"
#include "pagemap.h"
}

namespace {

unsigned char BigByte(size_t i) { return static_cast<unsigned char>(((i % 251) ^ (i >> 12)) & 0xff); }
constexpr size_t kBigSize = 200 * 1024;

class Ext2Test : public slab_fixture::Slab {
 protected:
  void SetUp() override {
    Slab::SetUp();
    std::ifstream in(EXT2_TEST_IMAGE, std::ios::binary);
    ASSERT_TRUE(in) << EXT2_TEST_IMAGE;
    disk_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ASSERT_EQ(disk_.size() % PAGE_SIZE, 0u);
    pristine_ = disk_;
    brd_init(&brd_, "ram0", disk_.data(), disk_.size() / SECTOR_SIZE);
    ShrinkAll();
    free_ = FreePages();
  }
  void TearDown() override {
    if (mounted_) ext2_umount(&sb_);
    ShrinkAll();
    EXPECT_EQ(FreePages(), free_) << "pages leaked";
    Slab::TearDown();
  }
  void Mount() {
    ASSERT_EQ(ext2_mount(&sb_, &brd_.bdev, false), 0) << TakeOutput();
    mounted_ = true;
  }
  void Umount() {
    ASSERT_TRUE(mounted_);
    mounted_ = false;
    ASSERT_EQ(ext2_umount(&sb_), 0);
  }
  // e2fsck -fn on the image as it is now; its exit status (0: clean) and output.
  int Fsck(std::string *report) {
    std::string path = std::string(EXT2_TEST_TMP) + "/ext2_test_" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".img";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(disk_.data()),
                                                static_cast<std::streamsize>(disk_.size()));
    std::string cmd = std::string(E2FSCK) + " -fn " + path + " 2>&1";
    FILE *p = popen(cmd.c_str(), "r");
    char buf[256];
    while (fgets(buf, sizeof buf, p)) *report += buf;
    int status = pclose(p);
    std::remove(path.c_str());
    return WEXITSTATUS(status);
  }
  void ExpectClean() {
    std::string report;
    EXPECT_EQ(Fsck(&report), 0) << report;
  }
  inode *Lookup(const char *path) {
    inode *i = nullptr;
    int err = ext2_lookup_path(&sb_, path, &i);
    EXPECT_EQ(err, 0) << path;
    return err ? nullptr : i;
  }
  std::string ReadAll(const char *path) {
    inode *i = Lookup(path);
    if (!i) return "<missing>";
    std::string s(static_cast<size_t>(i->i_size), '\0');
    long n = ext2_file_read(i, s.data(), s.size(), 0);
    iput(i);
    if (n != static_cast<long>(s.size())) return "<short read " + std::to_string(n) + ">";
    return s;
  }
  uint32_t FreeBlocksOnDisk() const {
    ext2_super_block es;
    std::memcpy(&es, &disk_[EXT2_SUPERBLOCK_OFFSET], sizeof es);
    return es.s_free_blocks_count;
  }
  std::vector<unsigned char> disk_, pristine_;
  brd_device brd_;
  super_block sb_;
  bool mounted_ = false;
  unsigned long free_ = 0;
};

TEST_F(Ext2Test, MountsTheMke2fsImageAndReadsFiles) {
  Mount();
  EXPECT_EQ(ReadAll("/hello.txt"), "hello, ext2\n");
  EXPECT_EQ(ReadAll("dir/sub/nested.txt"), "nested\n");
  EXPECT_EQ(ReadAll("//dir/./sub//nested.txt"), "nested\n");
  EXPECT_EQ(ReadAll("/empty"), "");
  inode *root = Lookup("/");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->i_ino, static_cast<unsigned long>(EXT2_ROOT_INO));
  EXPECT_TRUE(S_ISDIR(root->i_mode));
  iput(root);
  Umount();
  // Reading changes nothing but the superblock's mount count and times (block 0).
  EXPECT_TRUE(std::equal(disk_.begin() + PAGE_SIZE, disk_.end(), pristine_.begin() + PAGE_SIZE));
  ext2_super_block before, after;
  std::memcpy(&before, &pristine_[EXT2_SUPERBLOCK_OFFSET], sizeof before);
  std::memcpy(&after, &disk_[EXT2_SUPERBLOCK_OFFSET], sizeof after);
  EXPECT_EQ(after.s_mnt_count, before.s_mnt_count + 1);
  EXPECT_EQ(after.s_state, EXT2_VALID_FS);
  EXPECT_EQ(after.s_free_blocks_count, before.s_free_blocks_count);
  ExpectClean();
}

TEST_F(Ext2Test, LookupErrorsAreLinuxErrnos) {
  Mount();
  inode *i = nullptr;
  EXPECT_EQ(ext2_lookup_path(&sb_, "/nope", &i), -ENOENT);
  EXPECT_EQ(ext2_lookup_path(&sb_, "/hello.txt/x", &i), -ENOTDIR);
  EXPECT_EQ(ext2_lookup_path(&sb_, ("/" + std::string(256, 'a')).c_str(), &i), -ENAMETOOLONG);
  EXPECT_EQ(ext2_create(&sb_, "/hello.txt", 0644, &i), -EEXIST);
  EXPECT_EQ(ext2_create(&sb_, "/nodir/x", 0644, &i), -ENOENT);
  EXPECT_EQ(ext2_unlink(&sb_, "/dir"), -EISDIR);
  EXPECT_EQ(ext2_unlink(&sb_, "/nope"), -ENOENT);
}

TEST_F(Ext2Test, ReadsAFileThroughIndirectBlocksWithReadahead) {
  Mount();
  inode *i = Lookup("/big.bin");
  ASSERT_NE(i, nullptr);
  ASSERT_EQ(i->i_size, static_cast<loff_t>(kBigSize));
  EXPECT_NE(i->i_block[EXT2_IND_BLOCK], 0u);  // 50 blocks: past the 12 direct ones
  unsigned long reads0 = brd_.bdev.bd_reads, ra0 = nr_readahead;
  std::vector<unsigned char> buf(kBigSize + 100);
  size_t pos = 0;
  for (size_t chunk = 1; pos < kBigSize; chunk = chunk * 3 % 9001 + 1) {  // odd sizes across pages
    long n = ext2_file_read(i, buf.data() + pos, chunk, static_cast<loff_t>(pos));
    ASSERT_GT(n, 0);
    pos += static_cast<size_t>(n);
  }
  EXPECT_EQ(pos, kBigSize);
  EXPECT_EQ(ext2_file_read(i, buf.data(), 10, kBigSize), 0);  // at the end
  for (size_t b = 0; b < kBigSize; b++) ASSERT_EQ(buf[b], BigByte(b)) << b;
  EXPECT_GT(nr_readahead - ra0, 30u);
  // 50 data pages and the indirect block, each read once
  EXPECT_EQ(brd_.bdev.bd_reads - reads0, 51u);
  iput(i);
}

TEST_F(Ext2Test, BadImagesAreRefusedWithOneLine) {
  std::vector<unsigned char> zeros(disk_.size(), 0);
  brd_device z;
  brd_init(&z, "ram1", zeros.data(), zeros.size() / SECTOR_SIZE);
  EXPECT_EQ(ext2_mount(&sb_, &z.bdev, false), -EINVAL);
  EXPECT_EQ(TakeOutput(), "EXT2-fs (ram1): error: can't find an ext2 filesystem on dev ram1.\n");
  ext2_super_block es;
  std::memcpy(&es, &disk_[EXT2_SUPERBLOCK_OFFSET], sizeof es);
  es.s_feature_incompat |= 0x40;  // extents: not ext2's
  std::memcpy(&disk_[EXT2_SUPERBLOCK_OFFSET], &es, sizeof es);
  EXPECT_EQ(ext2_mount(&sb_, &brd_.bdev, false), -EINVAL);
  std::string out = TakeOutput();
  EXPECT_NE(out.find("unsupported optional features 0x40"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  es.s_feature_incompat &= ~0x40u;
  es.s_log_block_size = 0;  // 1 KiB blocks
  std::memcpy(&disk_[EXT2_SUPERBLOCK_OFFSET], &es, sizeof es);
  EXPECT_EQ(ext2_mount(&sb_, &brd_.bdev, false), -EINVAL);
  EXPECT_NE(TakeOutput().find("unsupported blocksize"), std::string::npos);
}

TEST_F(Ext2Test, OverwriteInsideExistingBlocksReachesTheImage) {
  Mount();
  inode *i = Lookup("/big.bin");
  ASSERT_NE(i, nullptr);
  std::string msg(9000, 'Q');
  uint32_t free0 = FreeBlocksOnDisk();
  ASSERT_EQ(ext2_file_write(i, msg.data(), msg.size(), 70000), static_cast<long>(msg.size()));
  EXPECT_EQ(i->i_size, static_cast<loff_t>(kBigSize));
  EXPECT_EQ(ext2_fsync(i), 0);
  iput(i);
  Umount();
  ExpectClean();
  EXPECT_EQ(FreeBlocksOnDisk(), free0);  // no block allocated
  Mount();
  std::string all = ReadAll("/big.bin");
  ASSERT_EQ(all.size(), kBigSize);
  for (size_t b = 0; b < kBigSize; b++)
    ASSERT_EQ(static_cast<unsigned char>(all[b]), b >= 70000 && b < 79000 ? 'Q' : BigByte(b)) << b;
}

TEST_F(Ext2Test, CreateWriteUnlinkKeepsBitmapsConsistent) {
  uint32_t free0 = FreeBlocksOnDisk();
  Mount();
  inode *i = nullptr;
  ASSERT_EQ(ext2_create(&sb_, "/dir/new.txt", 0644, &i), 0);
  std::string data;
  for (int k = 0; k < 30000; k++) data += "line " + std::to_string(k) + "\n";  // ~230 KiB
  ASSERT_EQ(ext2_file_write(i, data.data(), data.size(), 0), static_cast<long>(data.size()));
  iput(i);
  Umount();
  ExpectClean();
  size_t pages = (data.size() + PAGE_SIZE - 1) / PAGE_SIZE;
  EXPECT_EQ(FreeBlocksOnDisk(), free0 - pages - 1);  // data + one indirect block
  Mount();
  EXPECT_EQ(ReadAll("/dir/new.txt"), data);
  EXPECT_EQ(ext2_unlink(&sb_, "/dir/new.txt"), 0);
  inode *gone = nullptr;
  EXPECT_EQ(ext2_lookup_path(&sb_, "/dir/new.txt", &gone), -ENOENT);
  EXPECT_EQ(ext2_unlink(&sb_, "/hello.txt"), 0);
  Umount();
  ExpectClean();
  EXPECT_EQ(FreeBlocksOnDisk(), free0 + 1);  // hello.txt's block came back too
}

TEST_F(Ext2Test, ManyNamesGrowTheDirectoryByABlock) {
  Mount();
  for (int k = 0; k < 40; k++) {  // 40 entries of 112 bytes: more than one 4 KiB block
    inode *i = nullptr;
    std::string name = "/dir/" + std::string(98, 'n') + std::to_string(k);
    ASSERT_EQ(ext2_create(&sb_, name.c_str(), 0600, &i), 0) << k;
    ASSERT_EQ(ext2_file_write(i, name.data(), name.size(), 0), static_cast<long>(name.size()));
    iput(i);
  }
  inode *dir = Lookup("/dir");
  EXPECT_EQ(dir->i_size, static_cast<loff_t>(2 * PAGE_SIZE));
  iput(dir);
  for (int k = 0; k < 40; k += 2) {
    std::string name = "/dir/" + std::string(98, 'n') + std::to_string(k);
    ASSERT_EQ(ext2_unlink(&sb_, name.c_str()), 0);
  }
  Umount();
  ExpectClean();
  Mount();
  for (int k = 0; k < 40; k++) {
    std::string name = "/dir/" + std::string(98, 'n') + std::to_string(k);
    inode *i = nullptr;
    int err = ext2_lookup_path(&sb_, name.c_str(), &i);
    if (k % 2) {
      ASSERT_EQ(err, 0) << name;
      iput(i);
      EXPECT_EQ(ReadAll(name.c_str()), name);
    } else {
      EXPECT_EQ(err, -ENOENT) << name;
    }
  }
}

TEST_F(Ext2Test, SparseWriteUsesDoubleIndirectAndReadsHolesAsZeros) {
  Mount();
  inode *i = nullptr;
  ASSERT_EQ(ext2_create(&sb_, "/sparse", 0644, &i), 0);
  const loff_t far = 5 << 20;  // block 1280: through the double indirect block
  ASSERT_EQ(ext2_file_write(i, "end", 3, far), 3);
  EXPECT_NE(i->i_block[EXT2_DIND_BLOCK], 0u);
  EXPECT_EQ(i->i_block[0], 0u);
  EXPECT_EQ(i->i_blocks, 3 * PAGE_SECTORS);  // data, double indirect, its indirect
  char buf[16];
  EXPECT_EQ(ext2_file_read(i, buf, sizeof buf, 4096 * 100), 16);
  EXPECT_EQ(std::string(buf, 16), std::string(16, '\0'));
  iput(i);
  Umount();
  ExpectClean();
  Mount();
  i = Lookup("/sparse");
  EXPECT_EQ(i->i_size, far + 3);
  EXPECT_EQ(ext2_file_read(i, buf, 8, far), 3);
  EXPECT_EQ(std::string(buf, 3), "end");
  iput(i);
}

TEST_F(Ext2Test, FullDiskStopsWritesWithEnospcAndStaysConsistent) {
  Mount();
  inode *i = nullptr;
  ASSERT_EQ(ext2_create(&sb_, "/fill", 0644, &i), 0);
  std::vector<unsigned char> chunk(64 * 1024, 0xab);
  loff_t pos = 0;
  long n;
  while ((n = ext2_file_write(i, chunk.data(), chunk.size(), pos)) > 0) pos += n;
  EXPECT_EQ(n, -ENOSPC);
  EXPECT_GT(pos, 7 << 20);  // nearly all of the 8 MiB
  iput(i);
  Umount();
  ExpectClean();
  EXPECT_EQ(FreeBlocksOnDisk(), 0u);
  Mount();
  EXPECT_EQ(ext2_unlink(&sb_, "/fill"), 0);
  Umount();
  ExpectClean();
  EXPECT_GT(FreeBlocksOnDisk(), 1900u);
}

TEST_F(Ext2Test, DeviceErrorIsEioAndNeverCorruptsTheImage) {
  Mount();
  inode *i = Lookup("/hello.txt");
  ASSERT_NE(i, nullptr);
  uint32_t blk = i->i_block[0];
  brd_fail_page(&brd_, blk);
  // A partial write must read the block first: the read fails.
  EXPECT_EQ(ext2_file_write(i, "HELLO", 5, 0), -EIO);
  // A whole-page write needs no read; its writeback fails at unmount and
  // the page stays dirty, everything else is written.
  std::vector<char> page(PAGE_SIZE, 'W');
  EXPECT_EQ(ext2_file_write(i, page.data(), page.size(), 0), static_cast<long>(PAGE_SIZE));
  iput(i);
  mounted_ = false;
  EXPECT_EQ(ext2_umount(&sb_), -EIO);
  ExpectClean();
  EXPECT_EQ(std::memcmp(&disk_[blk * PAGE_SIZE], &pristine_[blk * PAGE_SIZE], PAGE_SIZE), 0);
  brd_fail_page(&brd_, ~0ul);
}

TEST_F(Ext2Test, ReadOfAFailingBlockIsEio) {
  Mount();
  inode *i = Lookup("/big.bin");
  ASSERT_NE(i, nullptr);
  brd_fail_page(&brd_, i->i_block[3]);
  std::vector<char> buf(PAGE_SIZE);
  EXPECT_EQ(ext2_file_read(i, buf.data(), PAGE_SIZE, 3 * PAGE_SIZE), -EIO);
  EXPECT_EQ(ext2_file_read(i, buf.data(), 100, 0), 100);  // other blocks still read
  iput(i);
  brd_fail_page(&brd_, ~0ul);
}

TEST_F(Ext2Test, FsyncReportsAWritebackError) {
  Mount();
  inode *i = Lookup("/big.bin");
  ASSERT_NE(i, nullptr);
  brd_fail_page(&brd_, i->i_block[1]);
  std::vector<char> buf(PAGE_SIZE, 'z');
  ASSERT_EQ(ext2_file_write(i, buf.data(), buf.size(), PAGE_SIZE), static_cast<long>(PAGE_SIZE));
  EXPECT_EQ(ext2_fsync(i), -EIO);
  brd_fail_page(&brd_, ~0ul);
  EXPECT_EQ(ext2_fsync(i), 0);  // the page stayed dirty and goes out now
  iput(i);
  Umount();
  ExpectClean();
}

// Random creates, writes at random offsets, truncating unlinks and
// remounts against a shadow of every file's contents: nothing lost.
TEST_F(Ext2Test, RandomWorkloadLosesNothing) {
  std::mt19937 rng(2026);
  std::map<std::string, std::string> shadow;
  Mount();
  for (int step = 0; step < 400; step++) {
    unsigned op = rng() % 10;
    std::string name = "/f" + std::to_string(rng() % 24);
    if (op < 6) {
      inode *i = nullptr;
      int err = ext2_lookup_path(&sb_, name.c_str(), &i);
      if (err == -ENOENT) ASSERT_EQ(ext2_create(&sb_, name.c_str(), 0644, &i), 0);
      else ASSERT_EQ(err, 0);
      std::string &s = shadow[name];
      size_t pos = rng() % (s.size() + 20000);
      std::string data(rng() % 12000 + 1, static_cast<char>('a' + step % 26));
      ASSERT_EQ(ext2_file_write(i, data.data(), data.size(), static_cast<loff_t>(pos)),
                static_cast<long>(data.size()));
      if (s.size() < pos + data.size()) s.resize(pos + data.size(), '\0');
      s.replace(pos, data.size(), data);
      iput(i);
    } else if (op < 8) {
      int err = ext2_unlink(&sb_, name.c_str());
      ASSERT_EQ(err, shadow.count(name) ? 0 : -ENOENT);
      shadow.erase(name);
    } else if (op == 8) {
      Umount();
      Mount();
    } else {
      for (auto &kv : shadow) ASSERT_EQ(ReadAll(kv.first.c_str()), kv.second) << kv.first;
    }
  }
  Umount();
  ExpectClean();
  Mount();
  for (auto &kv : shadow) ASSERT_EQ(ReadAll(kv.first.c_str()), kv.second) << kv.first;
}

// Corrupt images: random bytes of the metadata (superblock, descriptors,
// bitmaps, inode table, directories) changed; mount, walk, read, write,
// unlink and unmount must report errors, never crash or hang.
TEST_F(Ext2Test, CorruptMetadataIsReportedNeverACrash) {
  std::mt19937 rng(7);
  const char *paths[] = {"/hello.txt", "/big.bin", "/empty", "/dir/sub/nested.txt", "/dir/sub"};
  int mounted = 0, refused = 0, errors = 0;
  for (int round = 0; round < 300; round++) {
    disk_ = pristine_;
    int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; f++) {
      size_t block = rng() % 12;  // metadata and the first directory blocks live here
      size_t at = block * PAGE_SIZE + (block == 0 ? 1024 + rng() % 128 : rng() % PAGE_SIZE);
      disk_[at] = static_cast<unsigned char>(rng());
    }
    if (ext2_mount(&sb_, &brd_.bdev, false) != 0) {
      refused++;
      TakeOutput();
      continue;
    }
    mounted++;
    for (const char *p : paths) {
      inode *i = nullptr;
      if (ext2_lookup_path(&sb_, p, &i) != 0) {
        errors++;
        continue;
      }
      std::vector<char> buf(4096);
      for (loff_t pos = 0; pos < i->i_size && pos < (1 << 20); pos += 4096)
        if (ext2_file_read(i, buf.data(), buf.size(), pos) < 0) {
          errors++;
          break;
        }
      iput(i);
    }
    inode *n = nullptr;
    if (ext2_create(&sb_, "/dir/new", 0644, &n) == 0) {
      ext2_file_write(n, "x", 1, 70000);
      iput(n);
    }
    ext2_unlink(&sb_, "/big.bin");
    ext2_umount(&sb_);
    TakeOutput();
  }
  EXPECT_GT(mounted, 20);  // both outcomes were exercised
  EXPECT_GT(refused, 20);  // ~1 in 9 of the changes hit the checked superblock fields
  EXPECT_GT(errors, 0);
}

}  // namespace
