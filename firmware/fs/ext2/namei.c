/*
 * namei.c -- path lookup, create and unlink on ext2 (Linux fs/namei.c and
 * fs/ext2/namei.c, without the dentry cache: each lookup reads the
 * directories).
 */
#include <string.h>

#include "ext2.h"
#include "mm_errno.h"

/* Length of the component at `p` (up to '/' or the end). */
static size_t component_len(const char *p) {
  size_t n = 0;
  while (p[n] && p[n] != '/') n++;
  return n;
}

/*
 * Walks `path` up to its last component: *dirp = the referenced parent
 * directory, *last and *len = the last component (empty for "/").
 */
static int walk_parent(struct super_block *sb, const char *path, struct inode **dirp,
                       const char **last, size_t *len) {
  struct inode *dir = sb->s_root;
  dir->i_count++;
  for (;;) {
    while (*path == '/') path++;
    size_t n = component_len(path);
    const char *next = path + n;
    while (*next == '/') next++;
    if (n > EXT2_NAME_LEN) {
      iput(dir);
      return -ENAMETOOLONG;
    }
    if (!*next) { /* the last component */
      *dirp = dir;
      *last = path;
      *len = n;
      return 0;
    }
    if (!S_ISDIR(dir->i_mode)) {
      iput(dir);
      return -ENOTDIR;
    }
    int err = 0;
    unsigned long ino;
    if (n == 1 && path[0] == '.') {
      ino = dir->i_ino;
    } else {
      ino = ext2_inode_by_name(dir, path, n, &err);
    }
    iput(dir);
    if (!ino) return err ? err : -ENOENT;
    dir = ext2_iget(sb, ino, &err);
    if (!dir) return err;
    path += n;
  }
}

int ext2_lookup_path(struct super_block *sb, const char *path, struct inode **out) {
  struct inode *dir;
  const char *name;
  size_t len;
  int err = walk_parent(sb, path, &dir, &name, &len);
  if (err) return err;
  if (len == 0) { /* "/" */
    *out = dir;
    return 0;
  }
  if (!S_ISDIR(dir->i_mode)) {
    iput(dir);
    return -ENOTDIR;
  }
  unsigned long ino = ext2_inode_by_name(dir, name, len, &err);
  iput(dir);
  if (!ino) return err ? err : -ENOENT;
  *out = ext2_iget(sb, ino, &err);
  return *out ? 0 : err;
}

/*
 * For create and unlink: the parent directory of `path` (referenced) and
 * the last component, which must name an entry (not "/"); 0 or -errno
 * (nothing held).
 */
static int parent_for_change(struct super_block *sb, const char *path, struct inode **dirp,
                             const char **name, size_t *len) {
  if (sb->s_readonly) return -EROFS;
  int err = walk_parent(sb, path, dirp, name, len);
  if (err) return err;
  if (!S_ISDIR((*dirp)->i_mode)) err = -ENOTDIR;
  else if (*len == 0) err = -EISDIR;
  if (err) iput(*dirp);
  return err;
}

int ext2_create(struct super_block *sb, const char *path, uint16_t mode, struct inode **out) {
  struct inode *dir;
  const char *name;
  size_t len;
  int err = parent_for_change(sb, path, &dir, &name, &len);
  if (err) return err;
  if (ext2_inode_by_name(dir, name, len, &err)) err = -EEXIST;
  if (err) {
    iput(dir);
    return err;
  }
  unsigned long ino = ext2_new_inode(sb, false, &err);
  if (!ino) {
    iput(dir);
    return err;
  }
  /* a fresh on-disk inode: zero it, then fill it through the in-memory one */
  struct inode *inode = ext2_zero_raw_inode(sb, ino) ? 0 : ext2_iget(sb, ino, &err);
  if (!inode) {
    if (!err) err = -EIO;
    ext2_free_inode(sb, ino, false);
    iput(dir);
    return err;
  }
  inode->i_mode = (uint16_t)(S_IFREG | (mode & 07777));
  inode->i_nlink = 1;
  inode->i_size = 0;
  inode->i_blocks = 0;
  inode->i_flags = 0;
  inode->i_dtime = 0;
  memset(inode->i_block, 0, sizeof(inode->i_block));
  inode->i_atime = inode->i_ctime = inode->i_mtime = sb->s_time;
  inode->i_data.ra_pages = EXT2_FILE_RA_PAGES;
  inode->i_data.limit = 0;
  inode->i_dirty = true;
  err = ext2_write_inode(inode);
  if (!err) err = ext2_add_link(dir, name, len, ino, EXT2_FT_REG_FILE);
  iput(dir);
  if (err) {
    inode->i_nlink = 0;
    iput(inode); /* frees the inode again */
    return err;
  }
  *out = inode;
  return 0;
}

int ext2_unlink(struct super_block *sb, const char *path) {
  struct inode *dir;
  const char *name;
  size_t len;
  int err = parent_for_change(sb, path, &dir, &name, &len);
  if (err) return err;
  unsigned long ino = ext2_inode_by_name(dir, name, len, &err);
  struct inode *inode = ino ? ext2_iget(sb, ino, &err) : 0;
  if (!err && !inode) err = -ENOENT;
  if (!err && S_ISDIR(inode->i_mode)) err = -EISDIR; /* rmdir is not ours */
  if (!err) ext2_delete_entry(dir, name, len, &err);
  if (!err) {
    inode->i_nlink--;
    inode->i_ctime = sb->s_time;
    inode->i_dirty = true;
  }
  if (inode) iput(inode); /* the last link and user: blocks and inode freed */
  iput(dir);
  return err;
}
