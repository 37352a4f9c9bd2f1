/*
 * inode.c -- ext2 inodes in memory: reading and writing the on-disk
 * inode, the block map (direct, indirect, double indirect), freeing a
 * file's blocks, and the page-cache operations of files and directories
 * (Linux fs/ext2/inode.c).
 */
#include <string.h>

#include "ext2.h"
#include "mm.h"
#include "mm_errno.h"
#include "pagemap.h"
#include "printk.h"
#include "slab.h"

#define ADDR_PER_BLOCK (PAGE_SIZE / sizeof(uint32_t)) /* block numbers in an indirect block */

static struct ext2_sb_info *EXT2_SB(struct super_block *sb) { return sb->s_fs_info; }

/* The page of the inode table holding `ino` (referenced) and the inode's byte offset in it. */
static struct page *inode_table_page(struct super_block *sb, unsigned long ino, size_t *offset,
                                     int *err) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  if (ino < 1 || ino > sbi->s_es.s_inodes_count) {
    *err = -EUCLEAN;
    return 0;
  }
  unsigned long g = (ino - 1) / sbi->s_es.s_inodes_per_group;
  unsigned long byte = ((ino - 1) % sbi->s_es.s_inodes_per_group) * sbi->s_inode_size;
  *offset = byte % PAGE_SIZE;
  return ext2_bread(sb, sbi->s_gd[g].bg_inode_table + (uint32_t)(byte / PAGE_SIZE), err);
}

struct inode *ext2_iget(struct super_block *sb, unsigned long ino, int *err) {
  for (struct list_head *p = sb->s_inodes.next; p != &sb->s_inodes; p = p->next) {
    struct inode *inode = list_entry(p, struct inode, i_sb_list);
    if (inode->i_ino == ino) {
      inode->i_count++;
      return inode;
    }
  }
  size_t off;
  struct page *page = inode_table_page(sb, ino, &off, err);
  if (!page) return 0;
  struct ext2_inode raw;
  memcpy(&raw, (char *)page_address(page) + off, sizeof(raw));
  put_page(page);
  struct inode *inode = kmalloc(sizeof(*inode), GFP_KERNEL);
  if (!inode) {
    *err = -ENOMEM;
    return 0;
  }
  memset(inode, 0, sizeof(*inode));
  inode->i_ino = ino;
  inode->i_mode = raw.i_mode;
  inode->i_nlink = raw.i_links_count;
  inode->i_size = raw.i_size;
  if (S_ISREG(raw.i_mode)) inode->i_size |= (loff_t)raw.i_size_high << 32;
  inode->i_blocks = raw.i_blocks;
  inode->i_atime = raw.i_atime;
  inode->i_ctime = raw.i_ctime;
  inode->i_mtime = raw.i_mtime;
  inode->i_dtime = raw.i_dtime;
  inode->i_flags = raw.i_flags;
  memcpy(inode->i_block, raw.i_block, sizeof(inode->i_block));
  inode->i_count = 1;
  inode->i_sb = sb;
  inode->i_mapping = &inode->i_data;
  address_space_init(&inode->i_data, inode, sb->s_bdev, &ext2_aops);
  inode->i_data.ra_pages = S_ISREG(raw.i_mode) ? EXT2_FILE_RA_PAGES : 0;
  inode->i_data.limit = i_size_pages(inode);
  list_add(&inode->i_sb_list, &sb->s_inodes);
  return inode;
}

int ext2_write_inode(struct inode *inode) {
  size_t off;
  int err = 0;
  struct page *page = inode_table_page(inode->i_sb, inode->i_ino, &off, &err);
  if (!page) return err;
  struct ext2_inode *raw = (struct ext2_inode *)((char *)page_address(page) + off);
  raw->i_mode = inode->i_mode;
  raw->i_links_count = inode->i_nlink;
  raw->i_size = (uint32_t)inode->i_size;
  if (S_ISREG(inode->i_mode)) raw->i_size_high = (uint32_t)(inode->i_size >> 32);
  raw->i_blocks = inode->i_blocks;
  raw->i_atime = inode->i_atime;
  raw->i_ctime = inode->i_ctime;
  raw->i_mtime = inode->i_mtime;
  raw->i_dtime = inode->i_dtime;
  raw->i_flags = inode->i_flags;
  memcpy(raw->i_block, inode->i_block, sizeof(raw->i_block));
  set_page_dirty(page);
  put_page(page);
  inode->i_dirty = false;
  return 0;
}

/* A newly allocated block that will hold block numbers: zeroed in the device cache. */
static uint32_t new_indirect_block(struct inode *inode, int *err) {
  uint32_t blk = ext2_new_block(inode->i_sb, err);
  if (!blk) return 0;
  struct page *page = grab_cache_page(&inode->i_sb->s_bdev_mapping, blk);
  if (!page) {
    ext2_free_block(inode->i_sb, blk);
    *err = -ENOMEM;
    return 0;
  }
  memset(page_address(page), 0, PAGE_SIZE);
  set_page_dirty(page);
  put_page(page);
  return blk;
}

/*
 * The path to file block `iblock`: offsets[0] in i_block, then one offset
 * per indirect level.  Returns the depth (1..3), or 0 beyond what we map.
 */
static int block_to_path(unsigned long iblock, unsigned int offsets[3]) {
  if (iblock < EXT2_NDIR_BLOCKS) {
    offsets[0] = (unsigned int)iblock;
    return 1;
  }
  iblock -= EXT2_NDIR_BLOCKS;
  if (iblock < ADDR_PER_BLOCK) {
    offsets[0] = EXT2_IND_BLOCK;
    offsets[1] = (unsigned int)iblock;
    return 2;
  }
  iblock -= ADDR_PER_BLOCK;
  if (iblock < ADDR_PER_BLOCK * ADDR_PER_BLOCK) {
    offsets[0] = EXT2_DIND_BLOCK;
    offsets[1] = (unsigned int)(iblock / ADDR_PER_BLOCK);
    offsets[2] = (unsigned int)(iblock % ADDR_PER_BLOCK);
    return 3;
  }
  return 0;
}

uint32_t ext2_get_block(struct inode *inode, unsigned long iblock, bool create, int *err) {
  struct super_block *sb = inode->i_sb;
  unsigned int offsets[3];
  int depth = block_to_path(iblock, offsets);
  if (!depth) {
    *err = -EFBIG;
    return 0;
  }
  uint32_t *slot = &inode->i_block[offsets[0]];
  struct page *holder = 0; /* the indirect block's page that `slot` lies in */
  uint32_t blk = 0;
  for (int level = 0;; level++) {
    blk = *slot;
    bool last = level == depth - 1;
    if (!blk) {
      if (!create) break;
      blk = last ? ext2_new_block(sb, err) : new_indirect_block(inode, err);
      if (!blk) break;
      *slot = blk;
      inode->i_blocks += PAGE_SECTORS;
      inode->i_dirty = true;
      if (holder) set_page_dirty(holder);
    } else if (blk >= EXT2_SB(sb)->s_es.s_blocks_count) {
      printk("EXT2-fs (%s): error: inode %lu maps block %lu beyond the filesystem\n",
             sb->s_bdev->bd_name, inode->i_ino, (unsigned long)blk);
      *err = -EUCLEAN;
      blk = 0;
      break;
    }
    if (holder) put_page(holder);
    holder = 0;
    if (last) break;
    holder = ext2_bread(sb, blk, err);
    if (!holder) {
      blk = 0;
      break;
    }
    slot = (uint32_t *)page_address(holder) + offsets[level + 1];
  }
  if (holder) put_page(holder);
  return blk;
}

/* Frees the block tree under indirect block `blk` at `depth` (1: its entries are data blocks). */
static void free_branch(struct inode *inode, uint32_t blk, int depth) {
  if (depth > 0) {
    int err = 0;
    struct page *page = ext2_bread(inode->i_sb, blk, &err);
    if (page) {
      uint32_t *map = page_address(page);
      for (unsigned long i = 0; i < ADDR_PER_BLOCK; i++)
        if (map[i]) free_branch(inode, map[i], depth - 1);
      put_page(page);
    }
  }
  ext2_free_block(inode->i_sb, blk);
  inode->i_blocks -= PAGE_SECTORS;
}

void ext2_truncate_blocks(struct inode *inode) {
  truncate_inode_pages(inode->i_mapping, 0);
  for (int i = 0; i < EXT2_N_BLOCKS; i++) {
    if (!inode->i_block[i]) continue;
    int depth = i < EXT2_NDIR_BLOCKS ? 0 : i - EXT2_NDIR_BLOCKS + 1;
    free_branch(inode, inode->i_block[i], depth);
    inode->i_block[i] = 0;
  }
  inode->i_size = 0;
  inode->i_data.limit = 0;
  inode->i_mtime = inode->i_ctime = inode->i_sb->s_time;
  inode->i_dirty = true;
}

void iput(struct inode *inode) {
  if (--inode->i_count > 0) return;
  if (inode->i_nlink) return; /* stays cached until unmount (our inode cache) */
  /* the last link and the last user are gone: free it on disk (Linux ext2_evict_inode) */
  ext2_truncate_blocks(inode);
  inode->i_dtime = inode->i_sb->s_time;
  ext2_write_inode(inode);
  ext2_free_inode(inode->i_sb, inode->i_ino, S_ISDIR(inode->i_mode));
  list_del(&inode->i_sb_list);
  xa_destroy(&inode->i_data.i_pages);
  kfree(inode);
}

/* Page cache of files and directories: file block index = page index. */
static int ext2_readpage(struct address_space *mapping, struct page *page) {
  int err = 0;
  uint32_t blk = ext2_get_block(mapping->host, page->index, false, &err);
  if (err) return err == -EUCLEAN ? -EIO : err;
  if (!blk) { /* a hole */
    memset(page_address(page), 0, PAGE_SIZE);
    return 0;
  }
  return bdev_read_page(mapping->bdev, blk, page);
}

static int ext2_writepage(struct address_space *mapping, struct page *page) {
  struct inode *inode = mapping->host;
  if (page->index >= i_size_pages(inode)) return 0; /* beyond the end: nothing to keep */
  int err = 0;
  uint32_t blk = ext2_get_block(inode, page->index, true, &err);
  if (!blk) return err;
  return bdev_write_page(mapping->bdev, blk, page);
}

const struct address_space_operations ext2_aops = {
    .readpage = ext2_readpage,
    .writepage = ext2_writepage,
};

int ext2_zero_raw_inode(struct super_block *sb, unsigned long ino) {
  size_t off;
  int err = 0;
  struct page *page = inode_table_page(sb, ino, &off, &err);
  if (!page) return err;
  memset((char *)page_address(page) + off, 0, EXT2_SB(sb)->s_inode_size);
  set_page_dirty(page);
  put_page(page);
  return 0;
}
