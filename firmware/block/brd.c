/*
 * brd.c -- a RAM disk (Linux's brd) over a buffer the caller owns.  Each
 * bio is copied at once and completes inside submit_bio.  Used by the
 * host tests of ext2, the page cache and swap, and by anything that wants
 * a disk without the virtio device.
 */
#include <string.h>

#include "blkdev.h"
#include "highmem.h"
#include "mm_errno.h"

static void brd_submit_bio(struct bio *bio) {
  struct brd_device *brd = bio->bi_bdev->bd_private;
  unsigned long index = (unsigned long)(bio->bi_sector >> PAGE_SECTORS_SHIFT);
  unsigned char *disk = brd->data + ((size_t)index << PAGE_SHIFT);
  void *mem = page_address(bio->bi_page);
  if (index == brd->fail_index || !mem) {
    bio_endio(bio, -EIO);
    return;
  }
  /* Word copies: picolibc's memcpy moves a byte at a time (~24,600
   * instructions a page on the co-simulation, against ~2,600). */
  if (bio->bi_opf == REQ_OP_WRITE)
    copy_page(disk, mem);
  else
    copy_page(mem, disk);
  bio_endio(bio, 0);
}

static const struct block_device_operations brd_fops = {
    .submit_bio = brd_submit_bio,
    .poll = 0,
};

void brd_init(struct brd_device *brd, const char *name, void *data, sector_t nr_sectors) {
  memset(brd, 0, sizeof(*brd));
  brd->bdev.bd_name = name;
  brd->bdev.bd_nr_sectors = nr_sectors;
  brd->bdev.bd_ops = &brd_fops;
  brd->bdev.bd_private = brd;
  brd->data = data;
  brd->fail_index = ~0ul;
}

void brd_fail_page(struct brd_device *brd, unsigned long index) {
  brd->fail_index = index;
}
