/*
 * filemap.c -- the page cache (pagemap.h): lookup, insertion, reading with
 * readahead, dirty tracking and writeback.  Linux keeps this in
 * mm/filemap.c and mm/page-writeback.c; here it sits beside fs.h, the
 * structures it serves.
 */
#include "pagemap.h"

#include <string.h>

#include "gfp.h"
#include "mm.h"
#include "mm_errno.h"
#include "printk.h"

unsigned long nr_file_pages, nr_file_dirty, pgpgin, pgpgout, nr_readahead;

void address_space_init(struct address_space *mapping, struct inode *host,
                        struct block_device *bdev, const struct address_space_operations *a_ops) {
  memset(mapping, 0, sizeof(*mapping));
  xa_init(&mapping->i_pages);
  mapping->host = host;
  mapping->bdev = bdev;
  mapping->a_ops = a_ops;
  mapping->limit = ~0ul;
}

struct page *find_get_page(struct address_space *mapping, unsigned long index) {
  struct page *page = xa_load(&mapping->i_pages, index);
  if (page) get_page(page);
  return page;
}

int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index) {
  if (page->mapping) panic("add_to_page_cache: pfn %lu already cached", page_to_pfn(page));
  int err = xa_insert(&mapping->i_pages, index, page, GFP_KERNEL);
  if (err) return err;
  get_page(page);
  page->mapping = mapping;
  page->index = index;
  mapping->nrpages++;
  nr_file_pages++;
  return 0;
}

void delete_from_page_cache(struct page *page) {
  struct address_space *mapping = page->mapping;
  if (!mapping || PageDirty(page))
    panic("delete_from_page_cache: pfn %lu not cached or dirty", page_to_pfn(page));
  xa_erase(&mapping->i_pages, page->index);
  mapping->nrpages--;
  nr_file_pages--;
  page->mapping = 0;
  page->index = 0;
  page_flag_clear(page, PG_uptodate);
  put_page(page);
}

/* A new page cached at `index` (one reference for the caller), NULL on -ENOMEM or a race. */
static struct page *new_cache_page(struct address_space *mapping, unsigned long index) {
  struct page *page = alloc_page(GFP_KERNEL);
  if (!page) return 0;
  if (add_to_page_cache(page, mapping, index)) {
    put_page(page);
    return 0;
  }
  return page;
}

/* Reads new page `page`; on an error removes it again.  0 or -EIO. */
static int read_new_page(struct address_space *mapping, struct page *page) {
  int err = mapping->a_ops->readpage(mapping, page);
  if (err) {
    delete_from_page_cache(page);
    return err;
  }
  page_flag_set(page, PG_uptodate);
  pgpgin++;
  return 0;
}

/* Readahead: up to ra_pages uncached pages after `index`, below the limit; errors are ignored. */
static void page_cache_ra(struct address_space *mapping, unsigned long index) {
  for (unsigned long i = index + 1; i <= index + mapping->ra_pages && i < mapping->limit; i++) {
    if (xa_load(&mapping->i_pages, i)) break; /* already cached: the window ends */
    struct page *page = new_cache_page(mapping, i);
    if (!page) break;
    if (!read_new_page(mapping, page)) nr_readahead++;
    put_page(page);
  }
}

struct page *read_cache_page(struct address_space *mapping, unsigned long index, int *err) {
  struct page *page = find_get_page(mapping, index);
  if (page) return page; /* cached pages are up to date: reads complete before insertion returns */
  page = new_cache_page(mapping, index);
  if (!page) {
    *err = -ENOMEM;
    return 0;
  }
  *err = read_new_page(mapping, page);
  if (*err) {
    put_page(page);
    return 0;
  }
  page_cache_ra(mapping, index);
  return page;
}

struct page *grab_cache_page(struct address_space *mapping, unsigned long index) {
  struct page *page = find_get_page(mapping, index);
  if (page) return page;
  page = new_cache_page(mapping, index);
  if (!page) return 0;
  memset(page_address(page), 0, PAGE_SIZE);
  page_flag_set(page, PG_uptodate);
  return page;
}

void set_page_dirty(struct page *page) {
  if (!page->mapping) panic("set_page_dirty: pfn %lu not in a page cache", page_to_pfn(page));
  if (PageDirty(page)) return;
  page_flag_set(page, PG_dirty);
  xa_set_mark(&page->mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
  nr_file_dirty++;
}

/* Clears the dirty state of `page` before it is written (Linux clear_page_dirty_for_io). */
static void clear_page_dirty_for_io(struct page *page) {
  page_flag_clear(page, PG_dirty);
  xa_clear_mark(&page->mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
  nr_file_dirty--;
}

int filemap_write_and_wait_range(struct address_space *mapping, unsigned long start,
                                 unsigned long end) {
  int first_err = 0;
  unsigned long index = start;
  struct page *page;
  while (index <= end &&
         (page = xa_find_marked(&mapping->i_pages, &index, end, PAGECACHE_TAG_DIRTY))) {
    clear_page_dirty_for_io(page);
    page_flag_set(page, PG_writeback);
    xa_set_mark(&mapping->i_pages, index, PAGECACHE_TAG_WRITEBACK);
    int err = mapping->a_ops->writepage(mapping, page);
    page_flag_clear(page, PG_writeback);
    xa_clear_mark(&mapping->i_pages, index, PAGECACHE_TAG_WRITEBACK);
    if (err) {
      set_page_dirty(page); /* keep the data: a later sync may succeed */
      mapping->wb_err = err;
      if (!first_err) first_err = err;
    } else {
      pgpgout++;
    }
    if (index == ~0ul) break;
    index++;
  }
  return first_err;
}

void truncate_inode_pages(struct address_space *mapping, unsigned long start) {
  unsigned long index = start;
  struct page *page;
  while ((page = xa_find(&mapping->i_pages, &index, ~0ul))) {
    if (PageDirty(page)) clear_page_dirty_for_io(page);
    delete_from_page_cache(page);
    if (index == ~0ul) break;
    index++;
  }
}

/* ---- file mappings (Linux mm/filemap.c filemap_fault, page_mkwrite, msync) ---- */

vm_fault_t filemap_fault(struct vm_area_struct *vma, unsigned long pgoff, struct page **pagep) {
  struct address_space *mapping = vma->vm_file->f_mapping;
  unsigned long end = mapping->host ? i_size_pages(mapping->host) : mapping->limit;
  if (pgoff >= end) return VM_FAULT_SIGBUS; /* beyond the end of the file */
  vm_fault_t ret = 0;
  struct page *page = find_get_page(mapping, pgoff);
  if (!page) { /* not cached: read it (and the readahead window), a major fault */
    int err = 0;
    page = read_cache_page(mapping, pgoff, &err);
    if (!page) return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
    ret = VM_FAULT_MAJOR;
  }
  *pagep = page;
  return ret;
}

vm_fault_t filemap_page_mkwrite(struct vm_area_struct *vma, struct page *page) {
  if (page->mapping != vma->vm_file->f_mapping) return VM_FAULT_SIGBUS; /* truncated meanwhile */
  set_page_dirty(page);
  return 0;
}

int filemap_msync(struct vm_area_struct *vma, unsigned long start, unsigned long end) {
  if (!vma->vm_file || !(vma->vm_flags & VM_SHARED)) return 0; /* private and anonymous: nothing to write */
  if (start < vma->vm_start) start = vma->vm_start;
  if (end > vma->vm_end) end = vma->vm_end;
  if (start >= end) return 0;
  unsigned long first = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
  unsigned long last = vma->vm_pgoff + ((end - 1 - vma->vm_start) >> PAGE_SHIFT);
  return filemap_write_and_wait_range(vma->vm_file->f_mapping, first, last);
}
