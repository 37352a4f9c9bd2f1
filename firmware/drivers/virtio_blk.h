/*
 * virtio_blk.h -- the kernel's virtio-blk driver (virtio 1.x over MMIO,
 * one split virtqueue), a block_device (blkdev.h) for ext2 and swap.
 *
 *   submit_bio(bio) --> free request slot?  yes: 3 descriptors
 *                                            (header | page | status),
 *                                            avail ring, QueueNotify
 *                                       no:  bio waits on the request queue
 *   interrupt (or poll) --> InterruptACK, used ring: each completed slot's
 *                           status -> bio_endio(0 or -EIO); the queue's
 *                           next bio takes the slot
 *
 * Coherence with the write-back D-cache: buffers the device reads (ring,
 * header, the page of a write) are cleaned and those it writes (the page
 * of a read, status, used ring) flushed with Zicbom cbo.flush before the
 * notify, and flushed again before the CPU reads what the device wrote
 * (dma.h).  MMIO goes through virtio_mmio_read32/write32 (virtio_mmio_io.c
 * on the target; the host tests put the device model there).
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include <stdint.h>

#include "blkdev.h"
#include "dma.h"
#include "virtio_regs.h"

#define VIRTIO_BLK_QUEUE_NUM 64u                      /* ring entries (a power of two) */
#define VIRTIO_BLK_SLOTS (VIRTIO_BLK_QUEUE_NUM / 3u)  /* requests in flight: 3 descriptors each */

/* One request slot, a D-cache block of its own: the device writing one
 * slot's status never shares a block the CPU dirties for another slot. */
struct virtio_blk_req {
  struct virtio_blk_outhdr hdr; /* device reads */
  uint8_t status;               /* device writes */
  struct bio *bio;              /* NULL: the slot is free */
} __attribute__((aligned(DMA_CACHE_BLOCK)));

struct virtio_blk {
  struct block_device bdev;
  volatile void *base;                 /* the device's registers */
  struct page *ring_page;              /* descriptors, avail ring, used ring */
  struct virtq_desc *desc;
  struct virtq_avail_hdr *avail;
  uint16_t *avail_ring;
  struct virtq_used_hdr *used;
  struct virtq_used_elem *used_ring;
  uint16_t last_used;                  /* used-ring entries reaped */
  struct page *reqs_page;              /* the request slots */
  struct virtio_blk_req *reqs;         /* VIRTIO_BLK_SLOTS of them, in reqs_page */
  struct bio *queue_head, *queue_tail; /* bios waiting for a slot (the request queue) */
  unsigned long interrupts, completions, queued;
};

/*
 * Probes the virtio-mmio device at `base` and brings it up (reset, ACK,
 * DRIVER, VERSION_1, FEATURES_OK, queue 0, DRIVER_OK).  0, -ENODEV (no
 * block device there, or it refused our features) or -ENOMEM.
 */
int virtio_blk_probe(struct virtio_blk *vb, volatile void *base, const char *name);

/* The interrupt handler: acknowledges and completes every used request. */
void virtio_blk_interrupt(struct virtio_blk *vb);

/* Resets the device and frees the rings (bios in flight complete with -EIO). */
void virtio_blk_remove(struct virtio_blk *vb);

/* MMIO accessors (32-bit registers at base + off). */
uint32_t virtio_mmio_read32(volatile void *base, uint32_t off);
void virtio_mmio_write32(volatile void *base, uint32_t off, uint32_t value);

#endif /* DRIVERS_VIRTIO_BLK_H */
