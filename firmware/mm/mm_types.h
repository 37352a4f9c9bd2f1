/*
 * mm_types.h -- the basic types of the memory manager: phys_addr_t and
 * struct page, the descriptor of one physical page frame, with its flag
 * bits (PG_reserved, PG_buddy, PG_slab, PG_head) and accessors.
 *
 *   struct page          free in the buddy      allocated (head)      slab (head, PG_slab)
 *   +------------------+
 *   | flags            | PG_buddy (head only)   0 (PG_head: large     PG_slab
 *   |                  |                          kmalloc block)
 *   | lru  (list_head) | link in free_list[mt]  -                     link in the cache's
 *   |                  |                                                full/partial/free list
 *   | priv (private)   | order of the block     order of the alloc.   colour offset (slab.c)
 *   | index / freelist | on a pcp list: its mt  -                     first free object
 *   | _refcount        | 0                      1 (tail pages: 0)     1
 *   | slab_cache       | -                      -                     owning kmem_cache
 *   | inuse, objects   | -                      -                     objects handed out / in slab
 *   +------------------+
 *
 * index and freelist share a word: a page is on a pcp list only while
 * free, and is a slab only while allocated.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "list.h"

/* A physical address; DRAM lies below 4 GiB on this machine. */
typedef uint32_t phys_addr_t;

/* Page-table entries (pgtable.h); structs so that a PTE is never mixed up with a number. */
typedef struct { uint32_t pte; } pte_t;
typedef struct { uint32_t pgd; } pgd_t;
typedef struct { uint32_t pgprot; } pgprot_t;

/* An address space: its page directory (more fields come with processes). */
struct mm_struct {
  pgd_t *pgd;
};

/* Bit numbers in page->flags. */
enum pageflags {
  PG_reserved, /* not managed by the buddy (kernel image, holes, memblock) */
  PG_buddy,    /* head of a free block in a free_area list */
  PG_slab,     /* head page of a slab (slab.c) */
  PG_head,     /* head of a block kmalloc took straight from the buddy */
  __NR_PAGEFLAGS
};

struct kmem_cache;

struct page {
  unsigned long flags;   /* PG_* bits */
  struct list_head lru;  /* free_list or pcp list link */
  unsigned long priv;    /* Linux page->private (renamed: C++ tests include this): free block order (PG_buddy) or allocation order */
  union {
    unsigned long index; /* on a pcp list: the migratetype it is filed under */
    void *freelist;      /* PG_slab: first free object, NULL when full */
  };
  int _refcount;         /* 1 for an allocated block head, else 0 */
  /* PG_slab only (Linux keeps these in struct slab, overlaying struct page) */
  struct kmem_cache *slab_cache; /* the cache the slab belongs to */
  unsigned short inuse;          /* objects handed out */
  unsigned short objects;        /* objects in the slab */
};

/* Tests / sets / clears one flag bit. */
static inline bool page_flag_test(const struct page *page, enum pageflags f) {
  return (page->flags >> f) & 1ul;
}
static inline void page_flag_set(struct page *page, enum pageflags f) {
  page->flags |= 1ul << f;
}
static inline void page_flag_clear(struct page *page, enum pageflags f) {
  page->flags &= ~(1ul << f);
}

/* Linux-style flag accessors. */
static inline bool PageReserved(const struct page *p) { return page_flag_test(p, PG_reserved); }
static inline void SetPageReserved(struct page *p) { page_flag_set(p, PG_reserved); }
static inline void ClearPageReserved(struct page *p) { page_flag_clear(p, PG_reserved); }
static inline bool PageBuddy(const struct page *p) { return page_flag_test(p, PG_buddy); }
static inline void __SetPageBuddy(struct page *p) { page_flag_set(p, PG_buddy); }
static inline void __ClearPageBuddy(struct page *p) { page_flag_clear(p, PG_buddy); }

static inline bool PageSlab(const struct page *p) { return page_flag_test(p, PG_slab); }
static inline void __SetPageSlab(struct page *p) { page_flag_set(p, PG_slab); }
static inline void __ClearPageSlab(struct page *p) { page_flag_clear(p, PG_slab); }
static inline bool PageHead(const struct page *p) { return page_flag_test(p, PG_head); }
static inline void __SetPageHead(struct page *p) { page_flag_set(p, PG_head); }
static inline void __ClearPageHead(struct page *p) { page_flag_clear(p, PG_head); }

/* Reference count of a page (1 while allocated, 0 when free). */
static inline int page_ref_count(const struct page *p) { return p->_refcount; }
static inline void set_page_count(struct page *p, int v) { p->_refcount = v; }

/* page->private accessors. */
static inline unsigned long page_private(const struct page *p) { return p->priv; }
static inline void set_page_private(struct page *p, unsigned long v) { p->priv = v; }

#endif /* MM_MM_TYPES_H */
