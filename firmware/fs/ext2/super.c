/*
 * super.c -- mounting, syncing and unmounting ext2, and the block and
 * inode bitmaps (Linux fs/ext2/super.c, balloc.c, ialloc.c).
 */
#include <string.h>

#include "ext2.h"
#include "mm.h"
#include "mm_errno.h"
#include "pagemap.h"
#include "printk.h"
#include "slab.h"

#define EXT2_GDT_BLOCK 1 /* with 4 KiB blocks: s_first_data_block 0, descriptors in block 1 */

static struct ext2_sb_info *EXT2_SB(struct super_block *sb) { return sb->s_fs_info; }

/* The device's page cache: page i is block i. */
static int bdev_readpage(struct address_space *mapping, struct page *page) {
  return bdev_read_page(mapping->bdev, page->index, page);
}
static int bdev_writepage(struct address_space *mapping, struct page *page) {
  return bdev_write_page(mapping->bdev, page->index, page);
}
static const struct address_space_operations def_blk_aops = {
    .readpage = bdev_readpage,
    .writepage = bdev_writepage,
};

struct page *ext2_bread(struct super_block *sb, uint32_t block, int *err) {
  if (block >= EXT2_SB(sb)->s_es.s_blocks_count) {
    *err = -EUCLEAN;
    return 0;
  }
  return read_cache_page(&sb->s_bdev_mapping, block, err);
}

/* Mount refusal: Linux's line, then the error. */
static int refuse(struct block_device *bdev, const char *what, unsigned long value, int err) {
  printk("EXT2-fs (%s): error: %s%lx\n", bdev->bd_name, what, value);
  return err;
}

/* Frees every in-memory inode with its pages, the device cache and the ext2 state. */
static void release_super(struct super_block *sb) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  while (sb->s_inodes.next != &sb->s_inodes) {
    struct inode *inode = list_entry(sb->s_inodes.next, struct inode, i_sb_list);
    if (inode->i_count)
      printk("EXT2-fs (%s): warning: inode %lu still in use at unmount\n", sb->s_bdev->bd_name,
             inode->i_ino);
    list_del(&inode->i_sb_list);
    truncate_inode_pages(inode->i_mapping, 0);
    xa_destroy(&inode->i_mapping->i_pages);
    kfree(inode);
  }
  truncate_inode_pages(&sb->s_bdev_mapping, 0);
  xa_destroy(&sb->s_bdev_mapping.i_pages);
  kfree(sbi->s_gd);
  kfree(sbi);
  sb->s_fs_info = 0;
}

int ext2_mount(struct super_block *sb, struct block_device *bdev, bool readonly) {
  memset(sb, 0, sizeof(*sb));
  sb->s_bdev = bdev;
  sb->s_readonly = readonly || bdev->bd_read_only;
  INIT_LIST_HEAD(&sb->s_inodes);
  address_space_init(&sb->s_bdev_mapping, 0, bdev, &def_blk_aops);
  sb->s_bdev_mapping.limit = bdev_nr_pages(bdev);
  if (bdev_nr_pages(bdev) < 2) {
    printk("EXT2-fs (%s): error: can't find an ext2 filesystem on dev %s.\n", bdev->bd_name,
           bdev->bd_name);
    return -EINVAL;
  }
  int err = 0;
  struct page *page = read_cache_page(&sb->s_bdev_mapping, 0, &err);
  if (!page) return refuse(bdev, "unable to read superblock, error -", (unsigned long)-err, err);
  struct ext2_sb_info *sbi = kmalloc(sizeof(*sbi), GFP_KERNEL);
  if (!sbi) {
    put_page(page);
    return -ENOMEM;
  }
  memset(sbi, 0, sizeof(*sbi));
  memcpy(&sbi->s_es, (char *)page_address(page) + EXT2_SUPERBLOCK_OFFSET, sizeof(sbi->s_es));
  put_page(page);
  sb->s_fs_info = sbi;
  struct ext2_super_block *es = &sbi->s_es;
  err = -EINVAL;
  if (es->s_magic != EXT2_SUPER_MAGIC) {
    printk("EXT2-fs (%s): error: can't find an ext2 filesystem on dev %s.\n", bdev->bd_name,
           bdev->bd_name);
    goto fail;
  }
  if (es->s_rev_level != EXT2_DYNAMIC_REV) {
    err = refuse(bdev, "unsupported revision level 0x", es->s_rev_level, err);
    goto fail;
  }
  if ((1024u << es->s_log_block_size) != PAGE_SIZE) {
    err = refuse(bdev, "unsupported blocksize (this kernel: one page) 0x", 1024u << es->s_log_block_size, err);
    goto fail;
  }
  if (es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP) {
    err = refuse(bdev, "couldn't mount because of unsupported optional features 0x",
                 es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP, err);
    goto fail;
  }
  if (!sb->s_readonly && (es->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP)) {
    err = refuse(bdev, "couldn't mount RDWR because of unsupported optional features 0x",
                 es->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP, err);
    goto fail;
  }
  sbi->s_inode_size = es->s_inode_size;
  if (es->s_blocks_per_group == 0 || es->s_blocks_per_group > 8 * PAGE_SIZE ||
      es->s_inodes_per_group == 0 || es->s_inodes_per_group > 8 * PAGE_SIZE ||
      sbi->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || sbi->s_inode_size > PAGE_SIZE ||
      (sbi->s_inode_size & (sbi->s_inode_size - 1)) || es->s_first_data_block != 0 ||
      es->s_blocks_count > bdev_nr_pages(bdev) || es->s_first_ino <= EXT2_ROOT_INO) {
    err = refuse(bdev, "corrupt superblock geometry, blocks 0x", es->s_blocks_count, err);
    goto fail;
  }
  sbi->s_groups_count = (es->s_blocks_count + es->s_blocks_per_group - 1) / es->s_blocks_per_group;
  if (sbi->s_groups_count * sizeof(struct ext2_group_desc) > PAGE_SIZE ||
      (unsigned long)sbi->s_groups_count * es->s_inodes_per_group != es->s_inodes_count) {
    err = refuse(bdev, "unsupported group count 0x", sbi->s_groups_count, err);
    goto fail;
  }
  page = ext2_bread(sb, EXT2_GDT_BLOCK, &err);
  if (!page) goto fail;
  sbi->s_gd = kmalloc(sbi->s_groups_count * sizeof(struct ext2_group_desc), GFP_KERNEL);
  if (!sbi->s_gd) {
    put_page(page);
    err = -ENOMEM;
    goto fail;
  }
  memcpy(sbi->s_gd, page_address(page), sbi->s_groups_count * sizeof(struct ext2_group_desc));
  put_page(page);
  for (unsigned int g = 0; g < sbi->s_groups_count; g++) {
    const struct ext2_group_desc *gd = &sbi->s_gd[g];
    unsigned long itb = ((unsigned long)es->s_inodes_per_group * sbi->s_inode_size + PAGE_SIZE - 1) / PAGE_SIZE;
    if (gd->bg_block_bitmap >= es->s_blocks_count || gd->bg_inode_bitmap >= es->s_blocks_count ||
        gd->bg_inode_table >= es->s_blocks_count || itb > es->s_blocks_count - gd->bg_inode_table) {
      err = refuse(bdev, "corrupt group descriptor of group 0x", g, -EINVAL);
      goto fail;
    }
  }
  sb->s_time = (es->s_wtime > es->s_mtime ? es->s_wtime : es->s_mtime) + 1;
  sb->s_root = ext2_iget(sb, EXT2_ROOT_INO, &err);
  if (!sb->s_root) goto fail;
  if (!S_ISDIR(sb->s_root->i_mode)) {
    err = refuse(bdev, "root inode is not a directory, mode 0x", sb->s_root->i_mode, -EINVAL);
    iput(sb->s_root);
    goto fail;
  }
  if (!sb->s_readonly) { /* Linux ext2_setup_super: not clean while mounted */
    es->s_state &= (uint16_t)~EXT2_VALID_FS;
    es->s_mnt_count++;
    es->s_mtime = sb->s_time;
    sbi->s_dirty_meta++;
  }
  return 0;
fail:
  release_super(sb);
  return err;
}

/* Copies the superblock and descriptors into their blocks' pages and dirties them. */
static int ext2_commit_super(struct super_block *sb) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  int err = 0;
  struct page *page = ext2_bread(sb, 0, &err);
  if (!page) return err;
  sbi->s_es.s_wtime = sb->s_time;
  memcpy((char *)page_address(page) + EXT2_SUPERBLOCK_OFFSET, &sbi->s_es, sizeof(sbi->s_es));
  set_page_dirty(page);
  put_page(page);
  page = ext2_bread(sb, EXT2_GDT_BLOCK, &err);
  if (!page) return err;
  memcpy(page_address(page), sbi->s_gd, sbi->s_groups_count * sizeof(struct ext2_group_desc));
  set_page_dirty(page);
  put_page(page);
  sbi->s_dirty_meta = 0;
  return 0;
}

int ext2_sync_fs(struct super_block *sb) {
  if (sb->s_readonly) return 0;
  int err = 0, e;
  struct list_head *p;
  for (p = sb->s_inodes.next; p != &sb->s_inodes; p = p->next) {
    struct inode *inode = list_entry(p, struct inode, i_sb_list);
    if ((e = filemap_write_and_wait(inode->i_mapping)) && !err) err = e;
    if (inode->i_dirty && (e = ext2_write_inode(inode)) && !err) err = e;
  }
  if (EXT2_SB(sb)->s_dirty_meta && (e = ext2_commit_super(sb)) && !err) err = e;
  if ((e = filemap_write_and_wait(&sb->s_bdev_mapping)) && !err) err = e;
  return err;
}

int ext2_umount(struct super_block *sb) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  if (!sb->s_readonly) {
    sbi->s_es.s_state |= EXT2_VALID_FS;
    sbi->s_dirty_meta++;
  }
  int err = ext2_sync_fs(sb);
  if (sb->s_root) iput(sb->s_root);
  release_super(sb);
  return err;
}

/* ---- bitmaps ---- */

/* First clear bit below `nbits` in `map`, or -1. */
static long find_zero_bit(const uint8_t *map, unsigned long nbits) {
  for (unsigned long i = 0; i < nbits; i++)
    if (!(map[i >> 3] & (1u << (i & 7)))) return (long)i;
  return -1;
}

/* Blocks of group `g` (the last one may be short). */
static unsigned long group_blocks(const struct ext2_sb_info *sbi, unsigned int g) {
  unsigned long first = (unsigned long)g * sbi->s_es.s_blocks_per_group;
  unsigned long left = sbi->s_es.s_blocks_count - first;
  return left < sbi->s_es.s_blocks_per_group ? left : sbi->s_es.s_blocks_per_group;
}

uint32_t ext2_new_block(struct super_block *sb, int *err) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  for (unsigned int g = 0; g < sbi->s_groups_count; g++) {
    struct ext2_group_desc *gd = &sbi->s_gd[g];
    if (!gd->bg_free_blocks_count) continue;
    struct page *page = ext2_bread(sb, gd->bg_block_bitmap, err);
    if (!page) return 0;
    uint8_t *map = page_address(page);
    long bit = find_zero_bit(map, group_blocks(sbi, g));
    if (bit < 0) { /* the descriptor's count disagrees with its bitmap */
      put_page(page);
      printk("EXT2-fs (%s): error: ext2_new_block: group %u free count %u, bitmap full\n",
             sb->s_bdev->bd_name, g, gd->bg_free_blocks_count);
      *err = -EUCLEAN;
      return 0;
    }
    map[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    set_page_dirty(page);
    put_page(page);
    gd->bg_free_blocks_count--;
    sbi->s_es.s_free_blocks_count--;
    sbi->s_dirty_meta++;
    return (uint32_t)((unsigned long)g * sbi->s_es.s_blocks_per_group + (unsigned long)bit);
  }
  *err = -ENOSPC;
  return 0;
}

/* Drops a metadata block's page from the device cache (Linux bforget): it must never be written later. */
static void ext2_forget_block(struct super_block *sb, uint32_t block) {
  struct page *page = find_get_page(&sb->s_bdev_mapping, block);
  if (!page) return;
  if (PageDirty(page)) {
    page_flag_clear(page, PG_dirty);
    xa_clear_mark(&sb->s_bdev_mapping.i_pages, block, PAGECACHE_TAG_DIRTY);
    nr_file_dirty--;
  }
  delete_from_page_cache(page);
  put_page(page);
}

/* True when `block` holds metadata: superblock, descriptors, a bitmap or an inode table. */
static bool in_system_zone(const struct ext2_sb_info *sbi, uint32_t block) {
  if (block <= EXT2_GDT_BLOCK) return true;
  uint32_t itb = (uint32_t)((sbi->s_es.s_inodes_per_group * sbi->s_inode_size + PAGE_SIZE - 1) / PAGE_SIZE);
  for (unsigned int g = 0; g < sbi->s_groups_count; g++) {
    const struct ext2_group_desc *gd = &sbi->s_gd[g];
    if (block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap ||
        (block >= gd->bg_inode_table && block - gd->bg_inode_table < itb))
      return true;
  }
  return false;
}

void ext2_free_block(struct super_block *sb, uint32_t block) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  unsigned int g = block / sbi->s_es.s_blocks_per_group;
  unsigned long bit = block % sbi->s_es.s_blocks_per_group;
  int err = 0;
  /* a corrupt block map: report (Linux ext2_error) and leave the bitmap alone */
  if (block >= sbi->s_es.s_blocks_count || in_system_zone(sbi, block)) {
    printk("EXT2-fs (%s): error: ext2_free_blocks: Freeing blocks not in datazone - block = %lu\n",
           sb->s_bdev->bd_name, (unsigned long)block);
    return;
  }
  ext2_forget_block(sb, block);
  struct page *page = ext2_bread(sb, sbi->s_gd[g].bg_block_bitmap, &err);
  if (!page) return; /* the bitmap is unreadable: the block leaks (e2fsck finds it) */
  uint8_t *map = page_address(page);
  if (!(map[bit >> 3] & (1u << (bit & 7)))) {
    put_page(page);
    printk("EXT2-fs (%s): error: ext2_free_blocks: bit already cleared for block %lu\n",
           sb->s_bdev->bd_name, (unsigned long)block);
    return;
  }
  map[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
  set_page_dirty(page);
  put_page(page);
  sbi->s_gd[g].bg_free_blocks_count++;
  sbi->s_es.s_free_blocks_count++;
  sbi->s_dirty_meta++;
}

unsigned long ext2_new_inode(struct super_block *sb, bool dir, int *err) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  for (unsigned int g = 0; g < sbi->s_groups_count; g++) {
    struct ext2_group_desc *gd = &sbi->s_gd[g];
    if (!gd->bg_free_inodes_count) continue;
    struct page *page = ext2_bread(sb, gd->bg_inode_bitmap, err);
    if (!page) return 0;
    uint8_t *map = page_address(page);
    long bit = find_zero_bit(map, sbi->s_es.s_inodes_per_group);
    unsigned long ino = (unsigned long)g * sbi->s_es.s_inodes_per_group + (unsigned long)bit + 1;
    if (bit < 0 || ino < sbi->s_es.s_first_ino) {
      put_page(page);
      printk("EXT2-fs (%s): error: ext2_new_inode: group %u inode bitmap disagrees\n",
             sb->s_bdev->bd_name, g);
      *err = -EUCLEAN;
      return 0;
    }
    map[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    set_page_dirty(page);
    put_page(page);
    gd->bg_free_inodes_count--;
    if (dir) gd->bg_used_dirs_count++;
    sbi->s_es.s_free_inodes_count--;
    sbi->s_dirty_meta++;
    return ino;
  }
  *err = -ENOSPC;
  return 0;
}

void ext2_free_inode(struct super_block *sb, unsigned long ino, bool dir) {
  struct ext2_sb_info *sbi = EXT2_SB(sb);
  if (ino < sbi->s_es.s_first_ino || ino > sbi->s_es.s_inodes_count) {
    printk("EXT2-fs (%s): error: ext2_free_inode: reserved or nonexistent inode %lu\n",
           sb->s_bdev->bd_name, ino);
    return;
  }
  unsigned int g = (unsigned int)((ino - 1) / sbi->s_es.s_inodes_per_group);
  unsigned long bit = (ino - 1) % sbi->s_es.s_inodes_per_group;
  int err = 0;
  struct page *page = ext2_bread(sb, sbi->s_gd[g].bg_inode_bitmap, &err);
  if (!page) return;
  uint8_t *map = page_address(page);
  if (!(map[bit >> 3] & (1u << (bit & 7)))) {
    put_page(page);
    printk("EXT2-fs (%s): error: ext2_free_inode: bit already cleared for inode %lu\n",
           sb->s_bdev->bd_name, ino);
    return;
  }
  map[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
  set_page_dirty(page);
  put_page(page);
  sbi->s_gd[g].bg_free_inodes_count++;
  if (dir) sbi->s_gd[g].bg_used_dirs_count--;
  sbi->s_es.s_free_inodes_count++;
  sbi->s_dirty_meta++;
}
