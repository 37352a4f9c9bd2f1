/*
 * fs.h -- files in the kernel: the inode, its address_space (the page
 * cache of one file or of one block device) and the mounted filesystem.
 *
 *   struct super_block ----- s_bdev ------> struct block_device (blkdev.h)
 *     s_bdev_mapping: the device's own page cache (metadata blocks)
 *     s_inodes: the in-memory inodes
 *        |
 *   struct inode (i_ino, i_mode, i_size, ...)
 *     i_data: struct address_space
 *        i_pages: xarray  page index -> struct page (PG_uptodate, PG_dirty)
 *        a_ops:   readpage / writepage (the filesystem's block mapping)
 *
 * Linux's shapes and names; deliberately smaller: one filesystem type
 * (ext2) called directly rather than through a table of operations, no
 * dentry cache (paths are looked up in the directories each time), one
 * CPU without preemption in the kernel, so no locks.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdbool.h>
#include <stdint.h>

#include "blkdev.h"
#include "list.h"
#include "xarray.h"

typedef int64_t loff_t;
struct address_space;

/* What a filesystem does for the page cache of its files. */
struct address_space_operations {
  /* Fills `page` (page->index) from the device; 0 or -EIO.  Sets nothing else. */
  int (*readpage)(struct address_space *mapping, struct page *page);
  /* Writes `page` to the device; 0 or -EIO. */
  int (*writepage)(struct address_space *mapping, struct page *page);
};

#define PAGECACHE_TAG_DIRTY XA_MARK_0     /* pages with PG_dirty */
#define PAGECACHE_TAG_WRITEBACK XA_MARK_1 /* pages with PG_writeback */

struct address_space {
  struct inode *host;                       /* the file; NULL for a device's own cache */
  struct xarray i_pages;                    /* page index -> struct page */
  unsigned long nrpages;                    /* pages cached */
  const struct address_space_operations *a_ops;
  struct block_device *bdev;                /* where readpage/writepage go */
  unsigned long ra_pages;                   /* readahead window in pages (0: none) */
  unsigned long limit;                      /* pages past the end (i_size rounded up): readahead stops there */
  int wb_err;                               /* the last writeback error, until fsync reports it */
};

#ifndef S_IFMT /* the host's <sys/stat.h> (tests) has the same values */
#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#endif

struct super_block;

struct inode {
  unsigned long i_ino;          /* inode number */
  uint16_t i_mode;              /* S_IF* | permission bits */
  uint16_t i_nlink;             /* hard links */
  loff_t i_size;                /* bytes */
  uint32_t i_blocks;            /* 512-byte sectors allocated (data and indirect blocks) */
  uint32_t i_atime, i_ctime, i_mtime, i_dtime; /* seconds */
  uint32_t i_flags;             /* EXT2_*_FL */
  uint32_t i_block[15];         /* ext2 block map: 12 direct, indirect, double, triple */
  int i_count;                  /* references (iget / iput) */
  bool i_dirty;                 /* the on-disk inode needs writing */
  struct super_block *i_sb;
  struct address_space i_data;  /* its page cache; i_mapping points here */
  struct address_space *i_mapping;
  struct list_head i_sb_list;   /* in i_sb->s_inodes */
};

struct ext2_sb_info;

struct super_block {
  struct block_device *s_bdev;
  struct address_space s_bdev_mapping; /* the device's page cache (Linux: bdev->bd_inode->i_mapping) */
  struct ext2_sb_info *s_fs_info;
  struct inode *s_root;
  struct list_head s_inodes;
  bool s_readonly;
  uint32_t s_time;                     /* "now" for inode times: the clock the filesystem stamps with */
};

/* An open file (Linux struct file): the inode, its page cache and the position. */
struct file {
  struct inode *f_inode;
  struct address_space *f_mapping; /* f_inode->i_mapping */
  loff_t f_pos;
  unsigned int f_flags;            /* O_* of open */
  int f_count;                     /* references: descriptors and mappings */
};

/* The inode's page count to hold i_size bytes. */
static inline unsigned long i_size_pages(const struct inode *inode) {
  return (unsigned long)((inode->i_size + (loff_t)PAGE_SIZE - 1) >> PAGE_SHIFT);
}

#endif /* FS_FS_H */
