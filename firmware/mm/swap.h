/*
 * swap.h -- swap areas, swap entries and the swap cache (Linux
 * include/linux/swap.h, swapops.h, mm/swapfile.c, mm/swap_state.c).
 *
 * A swap area is a block device (blkdev.h) formatted by mkswap: page 0
 * holds the header, pages 1 .. last_page are slots.  An anonymous page
 * reclaimed to swap leaves a swap entry in every PTE that mapped it:
 *
 *   swp_entry_t.val   31      27 26                              0
 *                     [ type  ][ offset (slot in the area)      ]
 *
 *   swap PTE (RISC-V Linux's layout, V = 0 and U = 0, so it is neither
 *   none nor a PROT_NONE page, which keeps U):
 *                     31                  12 11     7 6    0
 *                     [ offset (20 bits)    ][ type  ][ 0   ]
 *
 * swap_map[offset]: PTEs (and swap-cache-less references) holding the
 * slot, plus SWAP_HAS_CACHE while a page of the swap cache stands for it.
 * The swap cache (one struct page pointer per slot) holds a reference on
 * its page; page->priv holds the entry and PG_swapcache is set.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"
#include "mm.h"

struct block_device;

typedef struct {
  unsigned long val;
} swp_entry_t;

#define MAX_SWAPFILES_SHIFT 5
#define MAX_SWAPFILES 4 /* areas at once (Linux: 32 less the special types) */
#define SWP_TYPE_SHIFT (32 - MAX_SWAPFILES_SHIFT)
#define SWP_OFFSET_MASK ((1ul << SWP_TYPE_SHIFT) - 1)

/* The PTE encoding (RISC-V Linux __SWP_TYPE_SHIFT / __SWP_OFFSET_SHIFT). */
#define __SWP_TYPE_SHIFT 7
#define __SWP_TYPE_BITS 5
#define __SWP_TYPE_MASK ((1ul << __SWP_TYPE_BITS) - 1)
#define __SWP_OFFSET_SHIFT (__SWP_TYPE_BITS + __SWP_TYPE_SHIFT)
/* Largest slot a PTE can name (20 offset bits: 4 GiB of swap). */
#define SWP_OFFSET_MAX ((1ul << (32 - __SWP_OFFSET_SHIFT)) - 1)

static inline swp_entry_t swp_entry(unsigned long type, unsigned long offset) {
  swp_entry_t e = {(type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK)};
  return e;
}
static inline unsigned long swp_type(swp_entry_t e) { return e.val >> SWP_TYPE_SHIFT; }
static inline unsigned long swp_offset(swp_entry_t e) { return e.val & SWP_OFFSET_MASK; }

/* A swap PTE: not none, not present, U clear (a PROT_NONE page keeps U). */
static inline bool is_swap_pte(pte_t pte) {
  return !pte_none(pte) && !pte_present(pte) && !(pte_val(pte) & _PAGE_USER);
}
static inline pte_t swp_entry_to_pte(swp_entry_t e) {
  return __pte((uint32_t)(((swp_type(e) & __SWP_TYPE_MASK) << __SWP_TYPE_SHIFT) |
                          (swp_offset(e) << __SWP_OFFSET_SHIFT)));
}
static inline swp_entry_t pte_to_swp_entry(pte_t pte) {
  return swp_entry((pte_val(pte) >> __SWP_TYPE_SHIFT) & __SWP_TYPE_MASK,
                   pte_val(pte) >> __SWP_OFFSET_SHIFT);
}

/* swap_map values (Linux's). */
#define SWAP_HAS_CACHE 0x40 /* a swap-cache page stands for the slot */
#define SWAP_MAP_MAX 0x3e   /* most PTE references one slot counts */
#define SWAP_MAP_BAD 0x3f   /* a bad page named by the header */
#define SWAP_COUNT(v) ((v) & ~SWAP_HAS_CACHE)

/* The mkswap header: the last 10 bytes of page 0 hold the magic. */
#define SWAP_MAGIC "SWAPSPACE2"
#define SWAP_MAGIC_LEN 10
#define SWAP_INFO_OFFSET 1024 /* struct swap_header_info after the boot bits */
struct swap_header_info {
  uint32_t version;     /* 1 */
  uint32_t last_page;   /* last usable page (slots 1 .. last_page) */
  uint32_t nr_badpages; /* entries of badpages[] */
  unsigned char sws_uuid[16];
  unsigned char sws_volume[16];
  uint32_t padding[117];
  uint32_t badpages[1];
};
#define MAX_SWAP_BADPAGES 637 /* what fits in the header page (Linux's bound for 4 KiB pages) */

enum {
  SWP_USED = 1 << 0,    /* the slot of swap_info is taken */
  SWP_WRITEOK = 1 << 1, /* slots may be allocated */
};

struct swap_info_struct {
  unsigned long flags;        /* SWP_* */
  short prio;                 /* higher first */
  int type;                   /* index in swap_info[] */
  struct block_device *bdev;
  unsigned char *swap_map;    /* one byte per page: count | SWAP_HAS_CACHE */
  struct page **swap_cache;   /* one page pointer per slot (Linux: an xarray per 64 MiB) */
  unsigned long max;          /* last_page + 1 */
  unsigned long pages;        /* usable slots (bad pages and the header excluded) */
  unsigned long inuse_pages;  /* slots with a count or a cache page */
  unsigned long lowest_bit, highest_bit; /* range that may hold free slots */
  unsigned long cluster_next; /* next slot to try (Linux's cluster_next, no clusters) */
};

extern struct swap_info_struct swap_info[MAX_SWAPFILES];
extern unsigned long nr_swap_pages;    /* free slots of all writable areas */
extern unsigned long total_swap_pages; /* usable slots of all areas */

/* Swap counts by path (vmstat and the tests). */
struct swap_stats {
  unsigned long write_errors; /* swap_writepage -EIO */
  unsigned long read_errors;  /* swap_readpage -EIO */
};
extern struct swap_stats swap_stats;

/* ---- swapfile.c: areas and slots ------------------------------------------ */

/*
 * Writes an mkswap header (version 1, no bad pages, label `label`) on
 * page 0 of `bdev` using all its pages (kernel-made RAM swap; a disk is
 * formatted by mkswap(8)).  0, -EINVAL (fewer than 2 pages) or -EIO.
 */
int swap_format(struct block_device *bdev, const char *label);

/*
 * swapon: reads and checks the header of `bdev` (magic, version 1,
 * last_page within the device, bad pages), enables the area with
 * priority `prio` (-1: the next lower automatic priority) and prints
 * Linux's "Adding <n>k swap on <name>.  Priority:<p> extents:1 across:<n>k"
 * line.  Returns the area's type, or -EINVAL (bad header: the reason is
 * printed on one line), -EBUSY (already on), -EPERM (no free area), -ENOMEM, -EIO.
 */
int swapon(struct block_device *bdev, int prio);

/*
 * swapoff: disables area `type`.  -EINVAL for an area that is not on,
 * -EBUSY while slots are in use (no try_to_unuse yet).
 */
int swapoff(int type);

/* A free slot of the highest-priority area, counted SWAP_HAS_CACHE; val 0 when none. */
swp_entry_t get_swap_page(void);

/* One more PTE holds `entry` (fork, unmap).  0 or -EINVAL for a bad or free entry. */
int swap_duplicate(swp_entry_t entry);

/* A PTE holding `entry` went; the slot is free once nothing holds it. */
void swap_free(swp_entry_t entry);

/* The swap cache let go of `entry` (clears SWAP_HAS_CACHE, freeing an unused slot). */
void put_swap_page(swp_entry_t entry);

/* PTE references to `entry`'s slot (SWAP_HAS_CACHE not counted). */
int swp_swapcount(swp_entry_t entry);

/* The area of `entry`, or NULL (with a "Bad swap file entry" line) when it names none. */
struct swap_info_struct *swp_swap_info(swp_entry_t entry);

/*
 * A PTE holding `entry` was zapped (munmap, exit): drops the reference and,
 * when only the swap cache still holds the slot and its page is not mapped,
 * frees the page and the slot (Linux free_swap_and_cache).
 */
void free_swap_and_cache(swp_entry_t entry);

/* Prints /proc/swaps. */
void show_swaps(void);

/* ---- swap_state.c: the swap cache and swap I/O ----------------------------- */

/* The page cached for `entry` with a reference taken, or NULL. */
struct page *lookup_swap_cache(swp_entry_t entry);

/* Adds `page` (takes a reference) as the cache page of `entry`.  0 or -EEXIST. */
int add_to_swap_cache(struct page *page, swp_entry_t entry);

/* Removes `page` from the swap cache: drops its reference and SWAP_HAS_CACHE. */
void delete_from_swap_cache(struct page *page);

/*
 * Gives the anonymous `page` a slot and puts it in the swap cache, dirty
 * (Linux add_to_swap).  false when there is no free slot.
 */
bool add_to_swap(struct page *page);

/*
 * Drops `page` from the swap cache when no PTE holds its slot any more
 * (Linux try_to_free_swap).  true when it was removed.
 */
bool try_to_free_swap(struct page *page);

/* Writes / reads `page` to / from its slot (synchronously), counting pswpout / pswpin. 0 or -EIO. */
int swap_writepage(struct page *page);
int swap_readpage(struct page *page);

/*
 * The page for `entry`, from the swap cache or read from the device into
 * a new page (put in the cache and on the LRU), with a reference taken
 * for the caller; *major is set when it was read.  NULL when out of
 * memory or on a read error (*err = -ENOMEM / -EIO).
 */
struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp, bool *major, int *err);

/* Swap-cache pages (SwapCached in meminfo). */
extern unsigned long nr_swapcache_pages;

#endif /* MM_SWAP_H */
