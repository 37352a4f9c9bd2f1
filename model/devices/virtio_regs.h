/*
 * virtio_regs.h -- the virtio 1.x MMIO transport and the virtio-blk
 * request format, as the virtio specification (v1.2, sections 2.7 split
 * virtqueues, 4.2.2 MMIO registers, 5.2 block device) fixes them.  Plain
 * C: the device model (virtio_blk.cc) and the kernel's driver
 * (firmware/drivers/virtio_blk.c) include this one copy.
 */
#ifndef MMCOSIM_VIRTIO_REGS_H
#define MMCOSIM_VIRTIO_REGS_H

#include <stdint.h>

/* Register offsets in the device's window (all 32-bit). */
enum virtio_mmio_reg {
  VIRTIO_MMIO_MAGIC_VALUE = 0x000,         /* "virt" */
  VIRTIO_MMIO_VERSION = 0x004,             /* 2: virtio 1.x (non-legacy) */
  VIRTIO_MMIO_DEVICE_ID = 0x008,           /* 2: block device */
  VIRTIO_MMIO_VENDOR_ID = 0x00c,
  VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
  VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
  VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
  VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
  VIRTIO_MMIO_QUEUE_SEL = 0x030,
  VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
  VIRTIO_MMIO_QUEUE_NUM = 0x038,
  VIRTIO_MMIO_QUEUE_READY = 0x044,
  VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
  VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
  VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
  VIRTIO_MMIO_STATUS = 0x070,
  VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
  VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
  VIRTIO_MMIO_QUEUE_AVAIL_LOW = 0x090,     /* the driver area */
  VIRTIO_MMIO_QUEUE_AVAIL_HIGH = 0x094,
  VIRTIO_MMIO_QUEUE_USED_LOW = 0x0a0,      /* the device area */
  VIRTIO_MMIO_QUEUE_USED_HIGH = 0x0a4,
  VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
  VIRTIO_MMIO_CONFIG = 0x100,              /* virtio_blk_config: capacity (u64, sectors) first */
};

#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt" little-endian */
#define VIRTIO_MMIO_VERSION_1X 2u
#define VIRTIO_ID_BLOCK 2u
#define VIRTIO_MMIO_VENDOR 0x53434d4du /* "MMCS" */

/* Device status bits. */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1u
#define VIRTIO_CONFIG_S_DRIVER 2u
#define VIRTIO_CONFIG_S_DRIVER_OK 4u
#define VIRTIO_CONFIG_S_FEATURES_OK 8u
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40u
#define VIRTIO_CONFIG_S_FAILED 0x80u

/* Feature bits. */
#define VIRTIO_F_VERSION_1 32    /* mandatory for the non-legacy interface */
#define VIRTIO_BLK_F_RO 5        /* the disk is read-only */

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING 1u /* a used buffer */
#define VIRTIO_MMIO_INT_CONFIG 2u

/* Split virtqueue. */
struct virtq_desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u  /* device writes (otherwise reads) the buffer */

struct virtq_avail_hdr {       /* followed by uint16_t ring[num] */
  uint16_t flags;
  uint16_t idx;
};
struct virtq_used_elem {
  uint32_t id;                 /* head descriptor of the chain */
  uint32_t len;                /* bytes the device wrote */
};
struct virtq_used_hdr {        /* followed by struct virtq_used_elem ring[num] */
  uint16_t flags;
  uint16_t idx;
};

/* virtio-blk requests: header (device reads), data, status byte (device writes). */
struct virtio_blk_outhdr {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;             /* 512-byte sectors */
};
#define VIRTIO_BLK_T_IN 0u
#define VIRTIO_BLK_T_OUT 1u
#define VIRTIO_BLK_T_FLUSH 4u
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u
#define VIRTIO_BLK_SECTOR_SIZE 512u

#endif /* MMCOSIM_VIRTIO_REGS_H */
