/*
 * swap_state.c -- the swap cache and swap I/O (Linux mm/swap_state.c,
 * mm/page_io.c).  A page in the swap cache has PG_swapcache, its entry in
 * page->priv, one reference held by the cache, and SWAP_HAS_CACHE in its
 * slot's swap_map byte.  I/O is synchronous through blkdev.h
 * (bdev_read_page / bdev_write_page; the slot number is the page index).
 */
#include "swap.h"

#include "blkdev.h"
#include "mm_errno.h"
#include "printk.h"
#include "rmap.h"
#include "vmscan.h"
#include "vmstat.h"

unsigned long nr_swapcache_pages;

/* The cache slot of `entry`, or NULL for a bad entry. */
static struct page **swap_cache_slot(swp_entry_t entry) {
  struct swap_info_struct *si = swp_swap_info(entry);
  return si ? &si->swap_cache[swp_offset(entry)] : NULL;
}

struct page *lookup_swap_cache(swp_entry_t entry) {
  struct page **slot = swap_cache_slot(entry);
  if (!slot || !*slot) return NULL;
  get_page(*slot);
  return *slot;
}

int add_to_swap_cache(struct page *page, swp_entry_t entry) {
  struct page **slot = swap_cache_slot(entry);
  if (!slot) return -EINVAL;
  if (*slot) return -EEXIST;
  if (PageSwapCache(page)) panic("add_to_swap_cache: pfn %lu already cached", page_to_pfn(page));
  get_page(page);
  SetPageSwapCache(page);
  set_page_private(page, entry.val);
  *slot = page;
  nr_swapcache_pages++;
  mod_lruvec_page_state(page, NR_SWAPCACHE, 1);
  return 0;
}

void delete_from_swap_cache(struct page *page) {
  if (!PageSwapCache(page)) panic("delete_from_swap_cache: pfn %lu not cached", page_to_pfn(page));
  swp_entry_t entry = {page_private(page)};
  struct page **slot = swap_cache_slot(entry);
  if (!slot || *slot != page) panic("delete_from_swap_cache: entry %08lx names another page", entry.val);
  *slot = NULL;
  ClearPageSwapCache(page);
  set_page_private(page, 0);
  nr_swapcache_pages--;
  mod_lruvec_page_state(page, NR_SWAPCACHE, -1);
  put_swap_page(entry);
  put_page(page);
}

bool add_to_swap(struct page *page) {
  swp_entry_t entry = get_swap_page();
  if (!entry.val) return false;
  if (add_to_swap_cache(page, entry)) {
    put_swap_page(entry);
    return false;
  }
  /* Its contents exist nowhere else yet. */
  SetPageDirty(page);
  return true;
}

bool try_to_free_swap(struct page *page) {
  if (!PageSwapCache(page)) return false;
  swp_entry_t entry = {page_private(page)};
  if (swp_swapcount(entry)) return false;
  delete_from_swap_cache(page);
  return true;
}

/* One page of swap I/O to or from the slot of the page's entry: 0 or -EIO. */
static int swap_page_io(struct page *page, bool write) {
  swp_entry_t entry = {page_private(page)};
  struct swap_info_struct *si = swp_swap_info(entry);
  if (!si) return -EINVAL;
  int err = write ? bdev_write_page(si->bdev, swp_offset(entry), page)
                  : bdev_read_page(si->bdev, swp_offset(entry), page);
  if (err) {
    if (write) swap_stats.write_errors++;
    else swap_stats.read_errors++;
    printk("%s-error on swap-device (%s:%lu)\n", write ? "Write" : "Read", si->bdev->bd_name,
           swp_offset(entry));
    return -EIO;
  }
  count_vm_event(write ? PSWPOUT : PSWPIN);
  return 0;
}

int swap_writepage(struct page *page) {
  int err = swap_page_io(page, true);
  if (!err) ClearPageDirty(page);
  return err;
}

int swap_readpage(struct page *page) { return swap_page_io(page, false); }

struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp, bool *major, int *err) {
  *major = false;
  *err = 0;
  struct page *page = lookup_swap_cache(entry);
  if (page) return page;
  if (!swp_swap_info(entry) || !swp_swapcount(entry)) {
    *err = -EINVAL;
    return NULL;
  }
  page = alloc_page(gfp);
  if (!page) {
    *err = -ENOMEM;
    return NULL;
  }
  /* Reclaim inside alloc_page cannot have cached this entry: it only adds mapped pages. */
  struct swap_info_struct *si = swp_swap_info(entry);
  si->swap_map[swp_offset(entry)] |= SWAP_HAS_CACHE;
  if (add_to_swap_cache(page, entry)) panic("read_swap_cache_async: entry %08lx raced", entry.val);
  SetPageSwapBacked(page);
  if (swap_readpage(page)) {
    *err = -EIO;
    delete_from_swap_cache(page);
    put_page(page);
    return NULL;
  }
  *major = true;
  lru_cache_add(page);
  return page;
}
