/*
 * blkdev.h -- the kernel's block-device interface: a disk as an array of
 * 512-byte sectors, read and written one page (PAGE_SIZE bytes, eight
 * sectors) at a time.  Swap, ext2 and the page cache all go through it.
 *
 *   caller                         block layer (blk-core.c)     driver
 *   ------                         ------------------------     ------
 *   bio_init(&bio, bdev, op, sector, page, end_io, private)
 *   submit_bio(&bio)  ---------->  checks range and alignment -> ops->submit_bio
 *        returns at once                                         queues the request
 *   ...                                                          completion (IRQ or
 *   end_io(&bio) <-------------------------------------------   at once): bio_endio
 *        bio.bi_status: 0 or -EIO
 *
 *   submit_bio_wait(&bio): submit, then ops->poll() until completion;
 *   bdev_read_page() / bdev_write_page(): the synchronous one-page forms.
 *
 * Linux names (struct block_device, struct bio, submit_bio,
 * submit_bio_wait, bio_endio, bdev_read_page, REQ_OP_*); deliberately
 * smaller: one bio carries exactly one page (no bio_vec list), sectors are
 * always 512 bytes, and there is no request merging or scheduler.
 *
 * Devices: brd.c (a RAM disk over a caller's buffer: host tests, and the
 * kernel when no disk is attached) and the virtio-blk driver.
 */
#ifndef BLOCK_BLKDEV_H
#define BLOCK_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "page.h"

typedef uint64_t sector_t;            /* a 512-byte sector number */

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1u << SECTOR_SHIFT)
#define PAGE_SECTORS_SHIFT (PAGE_SHIFT - SECTOR_SHIFT)
#define PAGE_SECTORS (1u << PAGE_SECTORS_SHIFT) /* sectors in one page */

enum req_op {
  REQ_OP_READ = 0,  /* device -> page */
  REQ_OP_WRITE = 1, /* page -> device */
};

struct bio;
struct block_device;

/* Called once when `bio` completes (bi_status set), possibly from an interrupt. */
typedef void (*bio_end_io_t)(struct bio *bio);

/* One page-sized transfer. */
struct bio {
  struct block_device *bi_bdev; /* the device */
  enum req_op bi_opf;           /* REQ_OP_READ or REQ_OP_WRITE */
  sector_t bi_sector;           /* first sector; a multiple of PAGE_SECTORS */
  struct page *bi_page;         /* the page read into / written from (lowmem) */
  int bi_status;                /* 0, or -EIO once completed with an error */
  bool bi_done;                 /* set by bio_endio before bi_end_io runs */
  bio_end_io_t bi_end_io;       /* completion callback, may be NULL */
  void *bi_private;             /* the submitter's cookie */
  struct bio *bi_next;          /* link in the driver's queue */
};

/* What a driver provides. */
struct block_device_operations {
  /*
   * Starts `bio` (already checked: in range, page aligned) and returns;
   * the driver calls bio_endio(bio, status) when it is done, possibly
   * before returning.
   */
  void (*submit_bio)(struct bio *bio);
  /* Reaps completions (polls or waits for the device's interrupt); NULL when every submit completes at once. */
  void (*poll)(struct block_device *bdev);
};

struct block_device {
  const char *bd_name;                        /* "vda", "ram0" */
  sector_t bd_nr_sectors;                     /* capacity in 512-byte sectors */
  bool bd_read_only;                          /* writes fail with -EROFS */
  const struct block_device_operations *bd_ops;
  void *bd_private;                           /* the driver's state */
  unsigned long bd_reads, bd_writes, bd_errors; /* completed bios, ours (Linux: /sys/block/<dev>/stat) */
};

/* Capacity in pages (whole pages only). */
static inline unsigned long bdev_nr_pages(const struct block_device *bdev) {
  return (unsigned long)(bdev->bd_nr_sectors >> PAGE_SECTORS_SHIFT);
}

/* Fills `bio` for one page transfer; bi_status 0, not done. */
void bio_init(struct bio *bio, struct block_device *bdev, enum req_op op, sector_t sector,
              struct page *page, bio_end_io_t end_io, void *private_data);

/*
 * Queues `bio` on its device and returns without waiting.  A bio beyond
 * the device, not page aligned, or a write to a read-only device completes
 * at once with -EIO (-EROFS for the read-only case) through bio_endio.
 */
void submit_bio(struct bio *bio);

/* submit_bio() and waits for the completion; returns bi_status (0 or -EIO). */
int submit_bio_wait(struct bio *bio);

/* Drivers: completes `bio` with `status` (0 or negative errno), counts it, calls bi_end_io. */
void bio_endio(struct bio *bio, int status);

/* Reads page `index` of `bdev` (sector index * PAGE_SECTORS) into `page`; 0 or -EIO. */
int bdev_read_page(struct block_device *bdev, unsigned long index, struct page *page);

/* Writes `page` to page `index` of `bdev`; 0, -EIO or -EROFS. */
int bdev_write_page(struct block_device *bdev, unsigned long index, struct page *page);

/*
 * brd.c: a RAM disk over `data` (nr_sectors * 512 bytes, owned by the
 * caller), named `name`.  Every bio completes inside submit_bio.
 * brd_fail_page(): the next bio touching page `index` fails with -EIO and
 * leaves the data alone (fault injection for tests); ~0ul turns it off.
 */
struct brd_device {
  struct block_device bdev;
  unsigned char *data;
  unsigned long fail_index;
};
void brd_init(struct brd_device *brd, const char *name, void *data, sector_t nr_sectors);
void brd_fail_page(struct brd_device *brd, unsigned long index);

#endif /* BLOCK_BLKDEV_H */
