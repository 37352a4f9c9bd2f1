/*
 * blk-core.c -- submit_bio, its synchronous forms and completion
 * (blkdev.h).  Checks each bio against the device before the driver sees
 * it, so that drivers only get in-range, page-aligned requests.
 */
#include "blkdev.h"
#include "mm_errno.h"

void bio_init(struct bio *bio, struct block_device *bdev, enum req_op op, sector_t sector,
              struct page *page, bio_end_io_t end_io, void *private_data) {
  bio->bi_bdev = bdev;
  bio->bi_opf = op;
  bio->bi_sector = sector;
  bio->bi_page = page;
  bio->bi_status = 0;
  bio->bi_done = false;
  bio->bi_end_io = end_io;
  bio->bi_private = private_data;
  bio->bi_next = 0;
}

void bio_endio(struct bio *bio, int status) {
  struct block_device *bdev = bio->bi_bdev;
  bio->bi_status = status;
  if (status)
    bdev->bd_errors++;
  else if (bio->bi_opf == REQ_OP_WRITE)
    bdev->bd_writes++;
  else
    bdev->bd_reads++;
  bio->bi_done = true;
  if (bio->bi_end_io) bio->bi_end_io(bio);
}

void submit_bio(struct bio *bio) {
  struct block_device *bdev = bio->bi_bdev;
  bio->bi_done = false;
  bio->bi_status = 0;
  if (bio->bi_sector & (PAGE_SECTORS - 1) || bio->bi_sector >= bdev->bd_nr_sectors ||
      bdev->bd_nr_sectors - bio->bi_sector < PAGE_SECTORS ||
      (bio->bi_opf != REQ_OP_READ && bio->bi_opf != REQ_OP_WRITE)) {
    bio_endio(bio, -EIO);
    return;
  }
  if (bio->bi_opf == REQ_OP_WRITE && bdev->bd_read_only) {
    bio_endio(bio, -EROFS);
    return;
  }
  bdev->bd_ops->submit_bio(bio);
}

int submit_bio_wait(struct bio *bio) {
  submit_bio(bio);
  while (!*(volatile bool *)&bio->bi_done) {
    if (!bio->bi_bdev->bd_ops->poll) return -EIO; /* a driver that never completes */
    bio->bi_bdev->bd_ops->poll(bio->bi_bdev);
  }
  return bio->bi_status;
}

/* One synchronous page transfer. */
static int bdev_rw_page(struct block_device *bdev, enum req_op op, unsigned long index,
                        struct page *page) {
  struct bio bio;
  bio_init(&bio, bdev, op, (sector_t)index << PAGE_SECTORS_SHIFT, page, 0, 0);
  return submit_bio_wait(&bio);
}

int bdev_read_page(struct block_device *bdev, unsigned long index, struct page *page) {
  return bdev_rw_page(bdev, REQ_OP_READ, index, page);
}

int bdev_write_page(struct block_device *bdev, unsigned long index, struct page *page) {
  return bdev_rw_page(bdev, REQ_OP_WRITE, index, page);
}
