/*
 * virtio_blk.c -- the virtio-blk driver (virtio_blk.h): probe, the
 * request queue over one split virtqueue, completion.
 */
#include "virtio_blk.h"

#include <string.h>

#include "dma.h"
#include "gfp.h"
#include "mm_errno.h"
#include "page.h"
#include "printk.h"

/* Ring page layout: descriptors, then the avail ring, the used ring on its own half. */
#define RING_AVAIL_OFFSET (VIRTIO_BLK_QUEUE_NUM * sizeof(struct virtq_desc))
#define RING_USED_OFFSET (PAGE_SIZE / 2)

static struct virtio_blk *to_vb(struct block_device *bdev) { return bdev->bd_private; }

static phys_addr_t dma_addr(const void *p) { return __pa(p); }

static void set_status(struct virtio_blk *vb, uint32_t bits) {
  virtio_mmio_write32(vb->base, VIRTIO_MMIO_STATUS,
                      virtio_mmio_read32(vb->base, VIRTIO_MMIO_STATUS) | bits);
}

/* Puts `bio` on the ring in request slot `slot` and notifies the device. */
static void start_request(struct virtio_blk *vb, unsigned int slot, struct bio *bio) {
  struct virtio_blk_req *req = &vb->reqs[slot];
  bool read = bio->bi_opf == REQ_OP_READ;
  uint16_t head = (uint16_t)(3 * slot);
  req->bio = bio;
  req->hdr.type = read ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
  req->hdr.reserved = 0;
  req->hdr.sector = bio->bi_sector;
  req->status = 0xff;
  struct virtq_desc *d = &vb->desc[head];
  void *data = page_address(bio->bi_page);
  d[0].addr = dma_addr(&req->hdr);
  d[0].len = sizeof(req->hdr);
  d[0].flags = VIRTQ_DESC_F_NEXT;
  d[0].next = (uint16_t)(head + 1);
  d[1].addr = dma_addr(data);
  d[1].len = PAGE_SIZE;
  d[1].flags = (uint16_t)(VIRTQ_DESC_F_NEXT | (read ? VIRTQ_DESC_F_WRITE : 0));
  d[1].next = (uint16_t)(head + 2);
  d[2].addr = dma_addr(&req->status);
  d[2].len = 1;
  d[2].flags = VIRTQ_DESC_F_WRITE;
  d[2].next = 0;
  vb->avail_ring[vb->avail->idx % VIRTIO_BLK_QUEUE_NUM] = head;
  __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the entry before the index (virtio 2.7.13) */
  vb->avail->idx++;
  dma_sync_for_device(data, PAGE_SIZE);
  dma_sync_for_device(req, sizeof(*req));
  dma_sync_for_device(vb->desc, RING_USED_OFFSET);
  virtio_mmio_write32(vb->base, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* A free request slot, or -1. */
static int free_slot(const struct virtio_blk *vb) {
  for (unsigned int s = 0; s < VIRTIO_BLK_SLOTS; s++)
    if (!vb->reqs[s].bio) return (int)s;
  return -1;
}

static void virtio_blk_submit_bio(struct bio *bio) {
  struct virtio_blk *vb = to_vb(bio->bi_bdev);
  int slot = free_slot(vb);
  if (slot >= 0) {
    start_request(vb, (unsigned int)slot, bio);
    return;
  }
  bio->bi_next = 0; /* all slots busy: wait on the request queue */
  if (vb->queue_tail)
    vb->queue_tail->bi_next = bio;
  else
    vb->queue_head = bio;
  vb->queue_tail = bio;
  vb->queued++;
}

void virtio_blk_interrupt(struct virtio_blk *vb) {
  uint32_t isr = virtio_mmio_read32(vb->base, VIRTIO_MMIO_INTERRUPT_STATUS);
  if (isr) {
    virtio_mmio_write32(vb->base, VIRTIO_MMIO_INTERRUPT_ACK, isr);
    vb->interrupts++;
  }
  dma_sync_for_cpu(vb->used, PAGE_SIZE - RING_USED_OFFSET);
  while (vb->last_used != *(volatile uint16_t *)&vb->used->idx) {
    struct virtq_used_elem e = vb->used_ring[vb->last_used % VIRTIO_BLK_QUEUE_NUM];
    vb->last_used++;
    unsigned int slot = e.id / 3;
    if (e.id % 3 || slot >= VIRTIO_BLK_SLOTS || !vb->reqs[slot].bio) {
      printk("virtio_blk: %s: used id %lu is no request of ours\n", vb->bdev.bd_name,
             (unsigned long)e.id);
      continue;
    }
    struct virtio_blk_req *req = &vb->reqs[slot];
    struct bio *bio = req->bio;
    dma_sync_for_cpu(req, sizeof(*req));
    if (bio->bi_opf == REQ_OP_READ) dma_sync_for_cpu(page_address(bio->bi_page), PAGE_SIZE);
    int status = req->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
    req->bio = 0;
    vb->completions++;
    if (vb->queue_head) { /* the slot goes to the next waiting bio first */
      struct bio *next = vb->queue_head;
      vb->queue_head = next->bi_next;
      if (!vb->queue_head) vb->queue_tail = 0;
      start_request(vb, slot, next);
    }
    bio_endio(bio, status);
  }
}

static void virtio_blk_poll(struct block_device *bdev) { virtio_blk_interrupt(to_vb(bdev)); }

static const struct block_device_operations virtio_blk_fops = {
    .submit_bio = virtio_blk_submit_bio,
    .poll = virtio_blk_poll,
};

int virtio_blk_probe(struct virtio_blk *vb, volatile void *base, const char *name) {
  memset(vb, 0, sizeof(*vb));
  vb->base = base;
  if (virtio_mmio_read32(base, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
      virtio_mmio_read32(base, VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_1X ||
      virtio_mmio_read32(base, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
    return -ENODEV;
  virtio_mmio_write32(base, VIRTIO_MMIO_STATUS, 0);
  set_status(vb, VIRTIO_CONFIG_S_ACKNOWLEDGE);
  set_status(vb, VIRTIO_CONFIG_S_DRIVER);
  virtio_mmio_write32(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  uint32_t lo = virtio_mmio_read32(base, VIRTIO_MMIO_DEVICE_FEATURES);
  virtio_mmio_write32(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  uint32_t hi = virtio_mmio_read32(base, VIRTIO_MMIO_DEVICE_FEATURES);
  bool ro = lo & (1u << VIRTIO_BLK_F_RO);
  virtio_mmio_write32(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  virtio_mmio_write32(base, VIRTIO_MMIO_DRIVER_FEATURES, ro ? 1u << VIRTIO_BLK_F_RO : 0);
  virtio_mmio_write32(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  virtio_mmio_write32(base, VIRTIO_MMIO_DRIVER_FEATURES, hi & (1u << (VIRTIO_F_VERSION_1 - 32)));
  set_status(vb, VIRTIO_CONFIG_S_FEATURES_OK);
  if (!(hi & (1u << (VIRTIO_F_VERSION_1 - 32))) ||
      !(virtio_mmio_read32(base, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) {
    set_status(vb, VIRTIO_CONFIG_S_FAILED);
    printk("virtio_blk: %s: device refused VIRTIO_F_VERSION_1\n", name);
    return -ENODEV;
  }
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_SEL, 0);
  if (virtio_mmio_read32(base, VIRTIO_MMIO_QUEUE_NUM_MAX) < VIRTIO_BLK_QUEUE_NUM) {
    set_status(vb, VIRTIO_CONFIG_S_FAILED);
    return -ENODEV;
  }
  _Static_assert(VIRTIO_BLK_SLOTS * sizeof(struct virtio_blk_req) <= PAGE_SIZE, "slots fit a page");
  vb->ring_page = alloc_page(GFP_KERNEL);
  vb->reqs_page = alloc_page(GFP_KERNEL);
  if (!vb->ring_page || !vb->reqs_page) {
    if (vb->ring_page) __free_page(vb->ring_page);
    if (vb->reqs_page) __free_page(vb->reqs_page);
    set_status(vb, VIRTIO_CONFIG_S_FAILED);
    return -ENOMEM;
  }
  vb->reqs = page_address(vb->reqs_page);
  memset(vb->reqs, 0, PAGE_SIZE);
  dma_sync_for_device(vb->reqs, PAGE_SIZE);
  char *ring = page_address(vb->ring_page);
  memset(ring, 0, PAGE_SIZE);
  vb->desc = (struct virtq_desc *)ring;
  vb->avail = (struct virtq_avail_hdr *)(ring + RING_AVAIL_OFFSET);
  vb->avail_ring = (uint16_t *)(vb->avail + 1);
  vb->used = (struct virtq_used_hdr *)(ring + RING_USED_OFFSET);
  vb->used_ring = (struct virtq_used_elem *)(vb->used + 1);
  dma_sync_for_device(ring, PAGE_SIZE);
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_NUM, VIRTIO_BLK_QUEUE_NUM);
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_DESC_LOW, dma_addr(vb->desc));
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_AVAIL_LOW, dma_addr(vb->avail));
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_USED_LOW, dma_addr(vb->used));
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
  virtio_mmio_write32(base, VIRTIO_MMIO_QUEUE_READY, 1);
  sector_t capacity = virtio_mmio_read32(base, VIRTIO_MMIO_CONFIG) |
                      (sector_t)virtio_mmio_read32(base, VIRTIO_MMIO_CONFIG + 4) << 32;
  vb->bdev.bd_name = name;
  vb->bdev.bd_nr_sectors = capacity;
  vb->bdev.bd_read_only = ro;
  vb->bdev.bd_ops = &virtio_blk_fops;
  vb->bdev.bd_private = vb;
  set_status(vb, VIRTIO_CONFIG_S_DRIVER_OK);
  printk("virtio_blk virtio0: [%s] %lu 512-byte logical blocks (%lu MiB)%s\n", name,
         (unsigned long)capacity, (unsigned long)(capacity >> 11), ro ? " ro" : "");
  return 0;
}

void virtio_blk_remove(struct virtio_blk *vb) {
  virtio_mmio_write32(vb->base, VIRTIO_MMIO_STATUS, 0);
  for (unsigned int s = 0; s < VIRTIO_BLK_SLOTS; s++) {
    struct bio *bio = vb->reqs[s].bio;
    vb->reqs[s].bio = 0;
    if (bio) bio_endio(bio, -EIO);
  }
  while (vb->queue_head) {
    struct bio *bio = vb->queue_head;
    vb->queue_head = bio->bi_next;
    bio_endio(bio, -EIO);
  }
  vb->queue_tail = 0;
  __free_page(vb->ring_page);
  __free_page(vb->reqs_page);
}
