/*
 * dir.c -- ext2 directories: linear lists of variable-length entries in
 * the directory's pages (Linux fs/ext2/dir.c).
 *
 *   | inode | rec_len | name_len | file_type | name ... pad |
 *     rec_len reaches the next entry; the last one of a block reaches its
 *     end.  A free entry has inode 0 (only the first of a block) or is
 *     folded into the rec_len of the entry before it.
 */
#include <string.h>

#include "ext2.h"
#include "mm.h"
#include "mm_errno.h"
#include "pagemap.h"
#include "printk.h"

/* Checks an entry at `off` of a directory page; false (and a report) when malformed. */
static bool entry_ok(struct inode *dir, const struct ext2_dir_entry_2 *de, size_t off) {
  if (de->rec_len < EXT2_DIR_REC_LEN(1) || (de->rec_len & 3) || off + de->rec_len > PAGE_SIZE ||
      (de->inode && EXT2_DIR_REC_LEN(de->name_len) > de->rec_len)) {
    printk("EXT2-fs (%s): error: bad entry in directory #%lu: rec_len=%u, name_len=%u\n",
           dir->i_sb->s_bdev->bd_name, dir->i_ino, de->rec_len, de->name_len);
    return false;
  }
  return true;
}

/*
 * Calls visit(page, de, prev, arg) for each entry of `dir` until it
 * returns non-zero; returns that value, 0 after the last entry, or -errno.
 */
typedef int (*dir_visit_t)(struct inode *dir, struct page *page, struct ext2_dir_entry_2 *de,
                           struct ext2_dir_entry_2 *prev, void *arg);
static int for_each_entry(struct inode *dir, dir_visit_t visit, void *arg) {
  unsigned long npages = i_size_pages(dir);
  for (unsigned long n = 0; n < npages; n++) {
    int err = 0;
    struct page *page = read_cache_page(dir->i_mapping, n, &err);
    if (!page) return err;
    char *base = page_address(page);
    struct ext2_dir_entry_2 *prev = 0;
    for (size_t off = 0; off < PAGE_SIZE;) {
      struct ext2_dir_entry_2 *de = (struct ext2_dir_entry_2 *)(base + off);
      if (!entry_ok(dir, de, off)) {
        put_page(page);
        return -EUCLEAN;
      }
      int r = visit(dir, page, de, prev, arg);
      if (r) {
        put_page(page);
        return r;
      }
      prev = de;
      off += de->rec_len;
    }
    put_page(page);
  }
  return 0;
}

struct name_arg {
  const char *name;
  size_t len;
  unsigned long ino;
  bool remove;
};

static bool name_match(const struct ext2_dir_entry_2 *de, const char *name, size_t len) {
  return de->inode && de->name_len == len && !memcmp(de->name, name, len);
}

/* Finds (and with `remove`, deletes) an entry by name. */
static int find_visit(struct inode *dir, struct page *page, struct ext2_dir_entry_2 *de,
                      struct ext2_dir_entry_2 *prev, void *arg) {
  struct name_arg *a = arg;
  if (!name_match(de, a->name, a->len)) return 0;
  a->ino = de->inode;
  if (a->remove) {
    if (prev)
      prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
    else
      de->inode = 0;
    set_page_dirty(page);
    dir->i_mtime = dir->i_ctime = dir->i_sb->s_time;
    dir->i_flags &= ~EXT2_INDEX_FL;
    dir->i_dirty = true;
  }
  return 1;
}

unsigned long ext2_inode_by_name(struct inode *dir, const char *name, size_t len, int *err) {
  struct name_arg a = {name, len, 0, false};
  int r = for_each_entry(dir, find_visit, &a);
  if (r < 0) *err = r;
  return r > 0 ? a.ino : 0;
}

unsigned long ext2_delete_entry(struct inode *dir, const char *name, size_t len, int *err) {
  struct name_arg a = {name, len, 0, true};
  int r = for_each_entry(dir, find_visit, &a);
  if (r < 0) *err = r;
  return r > 0 ? a.ino : 0;
}

struct add_arg {
  const char *name;
  size_t len;
  unsigned long ino;
  uint8_t ftype;
};

/* Fills entry `de` (rec_len already set). */
static void fill_entry(struct ext2_dir_entry_2 *de, const struct add_arg *a) {
  de->inode = (uint32_t)a->ino;
  de->name_len = (uint8_t)a->len;
  de->file_type = a->ftype;
  memcpy(de->name, a->name, a->len);
}

/* Uses a free entry or the slack after a live one that can hold the new name. */
static int add_visit(struct inode *dir, struct page *page, struct ext2_dir_entry_2 *de,
                     struct ext2_dir_entry_2 *prev, void *arg) {
  (void)prev;
  (void)dir;
  struct add_arg *a = arg;
  unsigned int need = EXT2_DIR_REC_LEN(a->len);
  if (!de->inode && de->rec_len >= need) {
    fill_entry(de, a);
  } else if (de->inode && de->rec_len >= EXT2_DIR_REC_LEN(de->name_len) + need) {
    unsigned int used = EXT2_DIR_REC_LEN(de->name_len);
    struct ext2_dir_entry_2 *n = (struct ext2_dir_entry_2 *)((char *)de + used);
    n->rec_len = (uint16_t)(de->rec_len - used);
    de->rec_len = (uint16_t)used;
    fill_entry(n, a);
  } else {
    return 0;
  }
  set_page_dirty(page);
  return 1;
}

int ext2_add_link(struct inode *dir, const char *name, size_t len, unsigned long ino,
                  uint8_t ftype) {
  struct add_arg a = {name, len, ino, ftype};
  int r = for_each_entry(dir, add_visit, &a);
  if (r < 0) return r;
  if (r == 0) { /* no room: a new block at the end of the directory */
    unsigned long n = i_size_pages(dir);
    int err = 0;
    if (!ext2_get_block(dir, n, true, &err)) return err;
    struct page *page = grab_cache_page(dir->i_mapping, n);
    if (!page) return -ENOMEM;
    struct ext2_dir_entry_2 *de = page_address(page);
    de->rec_len = PAGE_SIZE;
    fill_entry(de, &a);
    set_page_dirty(page);
    put_page(page);
    dir->i_size += PAGE_SIZE;
    dir->i_data.limit = i_size_pages(dir);
  }
  dir->i_mtime = dir->i_ctime = dir->i_sb->s_time;
  dir->i_flags &= ~EXT2_INDEX_FL;
  dir->i_dirty = true;
  return 0;
}
