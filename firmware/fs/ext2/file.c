/*
 * file.c -- reading and writing ext2 files through the page cache, and
 * fsync (Linux mm/filemap.c generic_file_read_iter /
 * generic_perform_write and fs/ext2/file.c).
 */
#include <string.h>

#include "ext2.h"
#include "mm.h"
#include "mm_errno.h"
#include "pagemap.h"

#define EXT2_MAX_FILE_BYTES \
  ((loff_t)(EXT2_NDIR_BLOCKS + 1024 + 1024 * 1024) << PAGE_SHIFT) /* no triple indirect */

long ext2_file_read(struct inode *inode, void *buf, size_t len, loff_t pos) {
  if (pos < 0) return -EINVAL;
  if (S_ISDIR(inode->i_mode)) return -EISDIR;
  size_t done = 0;
  while (done < len && pos < inode->i_size) {
    unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
    size_t off = (size_t)(pos & (PAGE_SIZE - 1));
    size_t n = PAGE_SIZE - off;
    if (n > len - done) n = len - done;
    if ((loff_t)n > inode->i_size - pos) n = (size_t)(inode->i_size - pos);
    int err = 0;
    struct page *page = read_cache_page(inode->i_mapping, index, &err);
    if (!page) return done ? (long)done : err;
    memcpy((char *)buf + done, (char *)page_address(page) + off, n);
    put_page(page);
    done += n;
    pos += (loff_t)n;
  }
  inode->i_atime = inode->i_sb->s_time;
  return (long)done;
}

long ext2_file_write(struct inode *inode, const void *buf, size_t len, loff_t pos) {
  if (inode->i_sb->s_readonly) return -EROFS;
  if (pos < 0) return -EINVAL;
  if (S_ISDIR(inode->i_mode)) return -EISDIR;
  if (pos >= EXT2_MAX_FILE_BYTES) return -EFBIG;
  if ((loff_t)len > EXT2_MAX_FILE_BYTES - pos) len = (size_t)(EXT2_MAX_FILE_BYTES - pos);
  size_t done = 0;
  int err = 0;
  while (done < len) {
    unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
    size_t off = (size_t)(pos & (PAGE_SIZE - 1));
    size_t n = PAGE_SIZE - off;
    if (n > len - done) n = len - done;
    /* a block that was a hole (or past the end) starts as zeros, never as the disk's old contents */
    uint32_t had = ext2_get_block(inode, index, false, &err);
    if (err) break;
    struct page *page = find_get_page(inode->i_mapping, index);
    if (!page)
      page = had && index < i_size_pages(inode) && n < PAGE_SIZE /* old data to keep */
                 ? read_cache_page(inode->i_mapping, index, &err)
                 : grab_cache_page(inode->i_mapping, index);
    if (!page) {
      if (!err) err = -ENOMEM;
      break;
    }
    /* the block now, so that a full disk stops the write here (ENOSPC) */
    if (!had && !ext2_get_block(inode, index, true, &err)) {
      put_page(page);
      break;
    }
    memcpy((char *)page_address(page) + off, (const char *)buf + done, n);
    set_page_dirty(page);
    put_page(page);
    done += n;
    pos += (loff_t)n;
    if (pos > inode->i_size) {
      inode->i_size = pos;
      inode->i_data.limit = i_size_pages(inode);
    }
  }
  if (done) {
    inode->i_mtime = inode->i_ctime = inode->i_sb->s_time;
    inode->i_dirty = true;
  }
  return done ? (long)done : err;
}

int ext2_fsync(struct inode *inode) {
  int err = filemap_write_and_wait(inode->i_mapping);
  int e = inode->i_dirty ? ext2_write_inode(inode) : 0;
  if (!err) err = e;
  /* the inode's metadata (indirect blocks, bitmaps, table) lives in the device cache */
  e = ext2_sync_fs(inode->i_sb);
  if (!err) err = e;
  if (inode->i_mapping->wb_err) { /* a writeback failure (now or earlier), reported once */
    if (!err) err = inode->i_mapping->wb_err;
    inode->i_mapping->wb_err = 0;
  }
  return err;
}
