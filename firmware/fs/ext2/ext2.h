/*
 * ext2.h -- the second extended filesystem, revision 1, with 4 KiB blocks
 * (one block = one page, so every block is one page of a page cache).
 *
 *   block 0: boot area (1 KiB), superblock at byte 1024
 *   block 1: group descriptors (one block: up to 128 groups)
 *   per group: block bitmap, inode bitmap, inode table, data blocks
 *
 *   inode i_block[]: 0..11 direct, 12 indirect (1024 blocks),
 *   13 double indirect (1024 * 1024 blocks), 14 triple (refused: -EFBIG)
 *
 * Metadata (superblock, descriptors, bitmaps, inode tables, indirect
 * blocks) is read and written through the block device's own page cache
 * (super_block.s_bdev_mapping); file and directory contents through each
 * inode's.  Blocks are allocated when a write reaches them, so ENOSPC is
 * seen by write(); the data goes to the device at fsync, sync or unmount.
 * Layout facts from the ext2 format as e2fsprogs documents it; names as
 * in Linux's fs/ext2.  Features: filetype (incompat), sparse_super and
 * large_file (ro_compat); others are refused (read-write for unknown
 * ro_compat ones).
 */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <stddef.h>
#include <stdint.h>

#include "fs.h"

#define EXT2_SUPER_MAGIC 0xEF53
#define EXT2_SUPERBLOCK_OFFSET 1024 /* bytes from the start of the device */
#define EXT2_ROOT_INO 2
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_DYNAMIC_REV 1
#define EXT2_VALID_FS 0x0001 /* s_state: cleanly unmounted */
#define EXT2_ERROR_FS 0x0002

#define EXT2_NDIR_BLOCKS 12
#define EXT2_IND_BLOCK 12
#define EXT2_DIND_BLOCK 13
#define EXT2_TIND_BLOCK 14
#define EXT2_N_BLOCKS 15

#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_FEATURE_INCOMPAT_SUPP EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_FEATURE_RO_COMPAT_SUPP (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

#define EXT2_INDEX_FL 0x00001000 /* hashed directory: cleared when we change one */

#define EXT2_FILE_RA_PAGES 4 /* readahead window of regular files, in pages */

#define EXT2_NAME_LEN 255
#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR 2
#define EXT2_DIR_REC_LEN(name_len) (((name_len) + 8 + 3) & ~3u) /* 8-byte header, 4-byte aligned */

/* The on-disk superblock, as far as we use it (1024 bytes in all). */
struct ext2_super_block {
  uint32_t s_inodes_count, s_blocks_count, s_r_blocks_count;
  uint32_t s_free_blocks_count, s_free_inodes_count;
  uint32_t s_first_data_block, s_log_block_size, s_log_frag_size;
  uint32_t s_blocks_per_group, s_frags_per_group, s_inodes_per_group;
  uint32_t s_mtime, s_wtime;
  uint16_t s_mnt_count;
  int16_t s_max_mnt_count;
  uint16_t s_magic, s_state, s_errors, s_minor_rev_level;
  uint32_t s_lastcheck, s_checkinterval, s_creator_os, s_rev_level;
  uint16_t s_def_resuid, s_def_resgid;
  uint32_t s_first_ino;
  uint16_t s_inode_size, s_block_group_nr;
  uint32_t s_feature_compat, s_feature_incompat, s_feature_ro_compat;
};

struct ext2_group_desc {
  uint32_t bg_block_bitmap, bg_inode_bitmap, bg_inode_table;
  uint16_t bg_free_blocks_count, bg_free_inodes_count, bg_used_dirs_count, bg_pad;
  uint32_t bg_reserved[3];
};

struct ext2_inode {
  uint16_t i_mode, i_uid;
  uint32_t i_size, i_atime, i_ctime, i_mtime, i_dtime;
  uint16_t i_gid, i_links_count;
  uint32_t i_blocks, i_flags, i_osd1;
  uint32_t i_block[EXT2_N_BLOCKS];
  uint32_t i_generation, i_file_acl, i_size_high, i_faddr;
  uint8_t i_osd2[12];
};

struct ext2_dir_entry_2 {
  uint32_t inode;
  uint16_t rec_len;
  uint8_t name_len, file_type;
  char name[];
};

/* The mounted filesystem's state (Linux ext2_sb_info). */
struct ext2_sb_info {
  struct ext2_super_block s_es;   /* the superblock as read, counts kept current */
  struct ext2_group_desc *s_gd;   /* the descriptors, kept current (kmalloc) */
  unsigned int s_groups_count;
  unsigned int s_inode_size;
  unsigned long s_dirty_meta;     /* ours: sb/descriptor changes since the last sync */
};

/* super.c */
/*
 * Mounts the ext2 filesystem on `bdev` into `sb` (read-only with `readonly`).
 * 0, or -EINVAL (not ext2, or a geometry we do not handle), -EIO, -ENOMEM;
 * each refusal prints one "EXT2-fs (dev): error: ..." line.
 */
int ext2_mount(struct super_block *sb, struct block_device *bdev, bool readonly);
/* Writes every dirty file page, inode, bitmap, descriptor and the superblock; 0 or -EIO. */
int ext2_sync_fs(struct super_block *sb);
/* ext2_sync_fs, marks the filesystem clean, frees every inode and cached page; 0 or -EIO. */
int ext2_umount(struct super_block *sb);
uint32_t ext2_new_block(struct super_block *sb, int *err);          /* 0 with *err = -ENOSPC / -EIO */
void ext2_free_block(struct super_block *sb, uint32_t block);
unsigned long ext2_new_inode(struct super_block *sb, bool dir, int *err); /* 0 with *err */
void ext2_free_inode(struct super_block *sb, unsigned long ino, bool dir);
struct page *ext2_bread(struct super_block *sb, uint32_t block, int *err); /* metadata block, referenced */

/* inode.c */
struct inode *ext2_iget(struct super_block *sb, unsigned long ino, int *err);
void iput(struct inode *inode);
int ext2_write_inode(struct inode *inode);
/* Zeroes the on-disk inode `ino` (a newly allocated one) in its inode table page. */
int ext2_zero_raw_inode(struct super_block *sb, unsigned long ino);
/* Physical block of file block `iblock`; 0 for a hole unless `create` allocates it. */
uint32_t ext2_get_block(struct inode *inode, unsigned long iblock, bool create, int *err);
/* Frees every block of `inode` and empties its page cache; size 0. */
void ext2_truncate_blocks(struct inode *inode);
extern const struct address_space_operations ext2_aops;

/* dir.c */
/* The inode number of `name` in directory `dir`, 0 when absent (or *err set). */
unsigned long ext2_inode_by_name(struct inode *dir, const char *name, size_t len, int *err);
int ext2_add_link(struct inode *dir, const char *name, size_t len, unsigned long ino, uint8_t ftype);
/* Removes the entry `name` of `dir`; returns its inode number, 0 when absent (*err). */
unsigned long ext2_delete_entry(struct inode *dir, const char *name, size_t len, int *err);

/* namei.c: paths from the root ("/a/b" or "a/b"); each returns 0 or -errno. */
int ext2_lookup_path(struct super_block *sb, const char *path, struct inode **out);
int ext2_create(struct super_block *sb, const char *path, uint16_t mode, struct inode **out);
int ext2_unlink(struct super_block *sb, const char *path);

/* file.c */
long ext2_file_read(struct inode *inode, void *buf, size_t len, loff_t pos);        /* bytes or -errno */
long ext2_file_write(struct inode *inode, const void *buf, size_t len, loff_t pos); /* bytes or -errno */
int ext2_fsync(struct inode *inode);

#endif /* FS_EXT2_H */
