/*
 * swapfile.c -- swap areas and their slots (Linux mm/swapfile.c): the
 * mkswap header, swapon / swapoff, slot allocation and reference counts,
 * /proc/swaps.  The swap cache and the I/O are in swap_state.c.
 */
#include "swap.h"

#include <string.h>

#include "blkdev.h"
#include "mm_errno.h"
#include "printk.h"
#include "rmap.h"
#include "slab.h"
#include "vmscan.h"

struct swap_info_struct swap_info[MAX_SWAPFILES];
unsigned long nr_swap_pages, total_swap_pages;
struct swap_stats swap_stats;
static int least_priority; /* swapon's automatic priorities: -1, -2, ... */

int swap_format(struct block_device *bdev, const char *label) {
  unsigned long pages = bdev_nr_pages(bdev);
  if (pages < 2) return -EINVAL;
  struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
  if (!page) return -ENOMEM;
  unsigned char *p = page_address(page);
  struct swap_header_info *info = (struct swap_header_info *)(p + SWAP_INFO_OFFSET);
  info->version = 1;
  info->last_page = (uint32_t)(pages - 1 > SWP_OFFSET_MAX ? SWP_OFFSET_MAX : pages - 1);
  for (unsigned i = 0; label && label[i] && i < sizeof(info->sws_volume); i++)
    info->sws_volume[i] = (unsigned char)label[i];
  memcpy(p + PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN);
  int err = bdev_write_page(bdev, 0, page);
  __free_page(page);
  return err;
}

/* Reads and checks the header into *max / *bad; 0 or -EINVAL / -EIO with the reason printed. */
static int read_swap_header(struct block_device *bdev, struct page *page, unsigned long *last) {
  if (bdev_read_page(bdev, 0, page)) {
    printk("swapon: %s: read error on the swap header\n", bdev->bd_name);
    return -EIO;
  }
  const unsigned char *p = page_address(page);
  if (memcmp(p + PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN)) {
    printk("Unable to find swap-space signature\n");
    return -EINVAL;
  }
  const struct swap_header_info *info = (const void *)(p + SWAP_INFO_OFFSET);
  if (info->version != 1) {
    printk("Unable to handle swap header version %u\n", (unsigned)info->version);
    return -EINVAL;
  }
  if (info->nr_badpages > MAX_SWAP_BADPAGES) {
    printk("swapon: %s: %u bad pages (at most %u)\n", bdev->bd_name,
           (unsigned)info->nr_badpages, MAX_SWAP_BADPAGES);
    return -EINVAL;
  }
  unsigned long lp = info->last_page;
  if (lp > SWP_OFFSET_MAX) lp = SWP_OFFSET_MAX; /* Linux truncates to what a PTE can name */
  if (lp < 1 || lp >= bdev_nr_pages(bdev)) {
    printk("Swap area shorter than signature indicates\n");
    return -EINVAL;
  }
  *last = lp;
  return 0;
}

int swapon(struct block_device *bdev, int prio) {
  int type = -1;
  for (int t = 0; t < MAX_SWAPFILES; t++) {
    if ((swap_info[t].flags & SWP_USED) && swap_info[t].bdev == bdev) return -EBUSY;
    if (type < 0 && !(swap_info[t].flags & SWP_USED)) type = t;
  }
  if (type < 0) return -EPERM;
  struct page *hdr = alloc_page(GFP_KERNEL);
  if (!hdr) return -ENOMEM;
  unsigned long last;
  int err = read_swap_header(bdev, hdr, &last);
  if (err) {
    __free_page(hdr);
    return err;
  }
  struct swap_info_struct *si = &swap_info[type];
  unsigned long max = last + 1;
  unsigned char *map = kzalloc(max, GFP_KERNEL);
  struct page **cache = kzalloc(max * sizeof(struct page *), GFP_KERNEL);
  if (!map || !cache) {
    kfree(map);
    kfree(cache);
    __free_page(hdr);
    return -ENOMEM;
  }
  const struct swap_header_info *info =
      (const void *)((unsigned char *)page_address(hdr) + SWAP_INFO_OFFSET);
  unsigned long nr_bad = 0;
  map[0] = SWAP_MAP_BAD; /* the header */
  for (unsigned i = 0; i < info->nr_badpages; i++) {
    uint32_t b = info->badpages[i];
    if (b == 0 || b >= max) {
      printk("swapon: %s: bad page %u outside the area\n", bdev->bd_name, (unsigned)b);
      kfree(map);
      kfree(cache);
      __free_page(hdr);
      return -EINVAL;
    }
    if (map[b] != SWAP_MAP_BAD) nr_bad++;
    map[b] = SWAP_MAP_BAD;
  }
  __free_page(hdr);
  memset(si, 0, sizeof *si);
  si->flags = SWP_USED | SWP_WRITEOK;
  si->type = type;
  si->prio = (short)(prio >= 0 ? prio : --least_priority);
  si->bdev = bdev;
  si->swap_map = map;
  si->swap_cache = cache;
  si->max = max;
  si->pages = last - nr_bad;
  si->lowest_bit = 1;
  si->highest_bit = last;
  si->cluster_next = 1;
  nr_swap_pages += si->pages;
  total_swap_pages += si->pages;
  printk("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
         si->pages << (PAGE_SHIFT - 10), bdev->bd_name, si->prio, si->pages << (PAGE_SHIFT - 10));
  return type;
}

int swapoff(int type) {
  if (type < 0 || type >= MAX_SWAPFILES || !(swap_info[type].flags & SWP_USED)) return -EINVAL;
  struct swap_info_struct *si = &swap_info[type];
  if (si->inuse_pages) return -EBUSY;
  nr_swap_pages -= si->pages;
  total_swap_pages -= si->pages;
  kfree(si->swap_map);
  kfree(si->swap_cache);
  memset(si, 0, sizeof *si);
  return 0;
}

struct swap_info_struct *swp_swap_info(swp_entry_t entry) {
  unsigned long type = swp_type(entry), offset = swp_offset(entry);
  if (type >= MAX_SWAPFILES || !(swap_info[type].flags & SWP_USED) || offset == 0 ||
      offset >= swap_info[type].max) {
    printk("swap_info_get: Bad swap file entry %08lx\n", entry.val);
    return NULL;
  }
  return &swap_info[type];
}

/* The free slot of `si` from cluster_next on (wrapping), or 0. */
static unsigned long scan_swap_map(struct swap_info_struct *si) {
  if (si->inuse_pages >= si->pages) return 0;
  unsigned long span = si->highest_bit - si->lowest_bit + 1;
  unsigned long off = si->cluster_next;
  for (unsigned long n = 0; n < span; n++, off++) {
    if (off > si->highest_bit || off < si->lowest_bit) off = si->lowest_bit;
    if (si->swap_map[off] == 0) {
      si->cluster_next = off + 1;
      return off;
    }
  }
  return 0;
}

swp_entry_t get_swap_page(void) {
  swp_entry_t none = {0};
  struct swap_info_struct *best = NULL;
  for (int t = 0; t < MAX_SWAPFILES; t++) {
    struct swap_info_struct *si = &swap_info[t];
    if (!(si->flags & SWP_WRITEOK) || si->inuse_pages >= si->pages) continue;
    if (!best || si->prio > best->prio) best = si;
  }
  if (!best) return none;
  unsigned long off = scan_swap_map(best);
  if (!off) return none;
  best->swap_map[off] = SWAP_HAS_CACHE;
  best->inuse_pages++;
  nr_swap_pages--;
  return swp_entry((unsigned long)best->type, off);
}

/* Frees the slot once its map value reaches 0. */
static void swap_slot_maybe_free(struct swap_info_struct *si, unsigned long off) {
  if (si->swap_map[off]) return;
  si->inuse_pages--;
  nr_swap_pages++;
}

int swap_duplicate(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  if (!si) return -EINVAL;
  unsigned char *v = &si->swap_map[swp_offset(entry)];
  if (*v == 0 || *v == SWAP_MAP_BAD) return -EINVAL;
  if (SWAP_COUNT(*v) >= SWAP_MAP_MAX)
    panic("swap_duplicate: entry %08lx has %d references", entry.val, SWAP_COUNT(*v));
  (*v)++;
  return 0;
}

void swap_free(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  if (!si) return;
  unsigned long off = swp_offset(entry);
  if (SWAP_COUNT(si->swap_map[off]) == 0 || si->swap_map[off] == SWAP_MAP_BAD)
    panic("swap_free: entry %08lx has no reference", entry.val);
  si->swap_map[off]--;
  swap_slot_maybe_free(si, off);
}

void put_swap_page(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  if (!si) return;
  unsigned long off = swp_offset(entry);
  if (!(si->swap_map[off] & SWAP_HAS_CACHE))
    panic("put_swap_page: entry %08lx is not cached", entry.val);
  si->swap_map[off] &= (unsigned char)~SWAP_HAS_CACHE;
  swap_slot_maybe_free(si, off);
}

int swp_swapcount(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  return si ? SWAP_COUNT(si->swap_map[swp_offset(entry)]) : 0;
}

void free_swap_and_cache(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  if (!si) return;
  swap_free(entry);
  if (si->swap_map[swp_offset(entry)] != SWAP_HAS_CACHE) return;
  struct page *page = si->swap_cache[swp_offset(entry)];
  /* Only the cache holds it and nothing maps it: page and slot go together. */
  if (page && page_mapcount(page) == 0 && page_ref_count(page) == 1) {
    if (PageLRU(page)) del_page_from_lru(page);
    delete_from_swap_cache(page);
  }
}

void show_swaps(void) {
  printk("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
  for (int t = 0; t < MAX_SWAPFILES; t++) {
    const struct swap_info_struct *si = &swap_info[t];
    if (!(si->flags & SWP_USED)) continue;
    char path[40] = "/dev/";
    unsigned n = 5;
    for (const char *c = si->bdev->bd_name; *c && n + 1 < sizeof path; c++) path[n++] = *c;
    path[n] = '\0';
    unsigned long size = si->pages << (PAGE_SHIFT - 10), used = si->inuse_pages << (PAGE_SHIFT - 10);
    /* Linux's "%s%*s%s\t%lu\t%s%lu\t%s%d\n" with the path padded to 40 columns */
    printk("%-40s%s\t%lu\t%s%lu\t%s%d\n", path, "partition", size, size < 10000000 ? "\t" : "",
           used, used < 10000000 ? "\t" : "", si->prio);
  }
}
