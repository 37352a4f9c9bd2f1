/*
 * initramfs.c -- the embedded cpio "newc" archive (Linux init/initramfs.c
 * reads the same format; here files are looked up in place instead of
 * unpacked into a rootfs).
 *
 *   each member: "070701", 13 fields of 8 hex digits (ino mode uid gid
 *   nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize
 *   check), the name (namesize bytes with its NUL) padded to 4, the data
 *   padded to 4; the member named "TRAILER!!!" ends the archive.
 */
#include "init.h"
#include "printk.h"
#include "process.h"

#include <string.h>

#define CPIO_MAGIC     "070701"
#define CPIO_HDR_SIZE  110
#define CPIO_FIELDS    13
#define CPIO_TRAILER   "TRAILER!!!"
#define S_IFMT         0170000
#define S_IFREG        0100000
#define MAX_INITRAMFS_FILES 64

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

extern const uint8_t __initramfs_start[], __initramfs_end[];
static struct initramfs_file files[MAX_INITRAMFS_FILES];
static unsigned nr_files;

static unsigned long align4(unsigned long x) { return (x + 3) & ~3ul; }

/* Parses 8 hex digits; false on anything else. */
static bool parse_hex8(const uint8_t *s, unsigned long *v) {
  unsigned long n = 0;
  for (int i = 0; i < 8; i++) {
    uint8_t c = s[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    n = n << 4 | d;
  }
  *v = n;
  return true;
}

void initramfs_init(void) {
  const uint8_t *p = __initramfs_start, *end = __initramfs_end;
  unsigned long total = 0;
  for (;;) {
    unsigned long off = (unsigned long)(p - __initramfs_start), f[CPIO_FIELDS];
    if ((unsigned long)(end - p) < CPIO_HDR_SIZE || memcmp(p, CPIO_MAGIC, 6))
      panic("initramfs: no cpio newc header at offset %lu", off);
    for (int i = 0; i < CPIO_FIELDS; i++)
      if (!parse_hex8(p + 6 + 8 * i, &f[i])) panic("initramfs: bad header field at offset %lu", off);
    const char *name = (const char *)p + CPIO_HDR_SIZE;
    unsigned long name_end = align4(CPIO_HDR_SIZE + f[F_NAMESIZE]);
    if (f[F_NAMESIZE] == 0 || name_end > (unsigned long)(end - p) ||
        name[f[F_NAMESIZE] - 1] != '\0')
      panic("initramfs: bad name at offset %lu", off);
    const uint8_t *data = p + name_end;
    if (f[F_FILESIZE] > (unsigned long)(end - data))
      panic("initramfs: %s runs past the archive", name);
    if (!strcmp(name, CPIO_TRAILER)) break;
    if ((f[F_MODE] & S_IFMT) == S_IFREG) {
      if (nr_files == MAX_INITRAMFS_FILES) panic("initramfs: more than %d files", MAX_INITRAMFS_FILES);
      while (name[0] == '.' && name[1] == '/') name += 2;
      files[nr_files++] = (struct initramfs_file){name, data, f[F_FILESIZE], f[F_MODE]};
      total += f[F_FILESIZE];
    }
    p = data + align4(f[F_FILESIZE]);
  }
  printk("Unpacking initramfs... %u files, %luK\n", nr_files, (total + 1023) >> 10);
}

const struct initramfs_file *initramfs_lookup(const char *path) {
  while (*path == '/') path++;
  for (unsigned i = 0; i < nr_files; i++)
    if (!strcmp(files[i].name, path)) return &files[i];
  return NULL;
}
