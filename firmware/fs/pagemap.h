/*
 * pagemap.h -- the page cache (filemap.c): pages of files and devices
 * indexed by their offset in an address_space (fs.h).
 *
 * A cached page holds one reference for the cache; find_get_page and
 * read_cache_page hand out another, which the caller drops with put_page.
 * Dirty pages carry PG_dirty and PAGECACHE_TAG_DIRTY, so that writeback
 * visits only them.
 */
#ifndef FS_PAGEMAP_H
#define FS_PAGEMAP_H

#include "fs.h"
#include "memory.h"

/* Sets up an empty cache for `host` (NULL for a device) on `bdev`. */
void address_space_init(struct address_space *mapping, struct inode *host,
                        struct block_device *bdev, const struct address_space_operations *a_ops);

/* The cached page at `index` with a reference taken, NULL when none. */
struct page *find_get_page(struct address_space *mapping, unsigned long index);

/*
 * Inserts `page` (not cached, not dirty) at `index`: takes a reference
 * for the cache, sets page->mapping and page->index.  0, -EEXIST or -ENOMEM.
 */
int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index);

/* Removes clean `page` from its cache and drops the cache's reference. */
void delete_from_page_cache(struct page *page);

/*
 * The up-to-date page at `index` with a reference taken: found in the
 * cache, or read through a_ops->readpage (then up to ra_pages following
 * uncached pages below mapping->limit are read as well: readahead).
 * Returns NULL with *err = -ENOMEM or -EIO when it cannot.
 */
struct page *read_cache_page(struct address_space *mapping, unsigned long index, int *err);

/*
 * The page at `index` for a write that covers it whole: found, or a new
 * zero-filled page marked up to date (nothing read).  NULL on -ENOMEM.
 */
struct page *grab_cache_page(struct address_space *mapping, unsigned long index);

/* Marks a cached page dirty (PG_dirty and the cache's dirty tag). */
void set_page_dirty(struct page *page);

/*
 * Writes every dirty page of `mapping` in [start, end] through
 * a_ops->writepage (Linux filemap_write_and_wait_range); a page that fails
 * stays dirty.  Returns 0, or the first error (also left in wb_err).
 */
int filemap_write_and_wait_range(struct address_space *mapping, unsigned long start,
                                 unsigned long end);
static inline int filemap_write_and_wait(struct address_space *mapping) {
  return filemap_write_and_wait_range(mapping, 0, ~0ul);
}

/*
 * Drops every page at index >= `start` (dirty ones without writing them:
 * the file was truncated); pages still referenced elsewhere lose only the
 * cache's reference.
 */
void truncate_inode_pages(struct address_space *mapping, unsigned long start);

/* ---- file mappings ---- */
struct vm_area_struct;

/*
 * The page of vma->vm_file at page offset `pgoff` for a page fault:
 * found in the cache, or read with readahead (then VM_FAULT_MAJOR); a
 * reference is taken and *pagep set.  VM_FAULT_SIGBUS beyond the end of
 * the file or when the read fails, VM_FAULT_OOM.  The fault handler maps
 * it (shared mappings) or copies it (private writes).
 */
vm_fault_t filemap_fault(struct vm_area_struct *vma, unsigned long pgoff, struct page **pagep);

/* A shared writable mapping's first write to `page` (Linux page_mkwrite): the page becomes dirty. */
vm_fault_t filemap_page_mkwrite(struct vm_area_struct *vma, struct page *page);

/* msync(MS_SYNC) of [start, end) in `vma`: writes the dirty file pages of a shared mapping; 0 or -EIO. */
int filemap_msync(struct vm_area_struct *vma, unsigned long start, unsigned long end);

/* Counters (Linux vmstat names, ours as globals until the zone counters take them). */
extern unsigned long nr_file_pages;   /* NR_FILE_PAGES: pages in any page cache */
extern unsigned long nr_file_dirty;   /* NR_FILE_DIRTY */
extern unsigned long pgpgin, pgpgout; /* pages read / written by the page cache */
extern unsigned long nr_readahead;    /* ours: pages read by readahead beyond the one asked for */

#endif /* FS_PAGEMAP_H */
