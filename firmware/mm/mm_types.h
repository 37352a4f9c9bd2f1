/*
 * mm_types.h -- the basic types of the memory manager: phys_addr_t and
 * struct page, the descriptor of one physical page frame, with its flag
 * bits (PG_reserved, PG_buddy, PG_slab, PG_head) and accessors.
 *
 *   struct page          free in the buddy      allocated (head)      slab (head, PG_slab)
 *   +------------------+
 *   | flags            | PG_buddy (head only)   0 (PG_head: large     PG_slab
 *   |                  |                          kmalloc block)
 *   | lru  (list_head) | link in free_list[mt]  user page: LRU list    link in the cache's
 *   |                  |                                                full/partial/free list
 *   | priv (private)   | order of the block     order of the alloc.   colour offset (slab.c)
 *   |                  |                        (PG_swapcache: swp_entry_t)
 *   | index / freelist | on a pcp list: its mt  user page: vaddr>>12  first free object
 *   | _refcount        | 0                      1 (tail pages: 0)     1
 *   | _mapcount        | 0                      user PTEs mapping it  0
 *   | mapping /        | NULL                   page cache: its file  owning kmem_cache
 *   |   slab_cache     |                        (index: page offset);
 *   |                  |                        anon: anon_vma | 1
 *   | inuse, objects   | -                      -                     objects handed out / in slab
 *   +------------------+
 *
 * index and freelist share a word: a page is on a pcp list only while
 * free, and is a slab only while allocated.  mapping and slab_cache share
 * one too: a slab page is never in a page cache.
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

struct mm_struct;
struct anon_vma;
struct file;

/*
 * One memory area of a process, [vm_start, vm_end) with one protection
 * (Linux's vm_area_struct).  The areas of an mm are kept in an
 * address-ordered AVL tree (vm_left/vm_right/vm_height, root mm->mm_rb)
 * and a sorted doubly linked list (vm_next/vm_prev, head mm->mmap), as
 * Linux did before the maple tree (it used an rbtree; see docs).
 */
struct vm_area_struct {
  unsigned long vm_start;    /* first address inside */
  unsigned long vm_end;      /* first address after */
  struct vm_area_struct *vm_next, *vm_prev; /* neighbours by address */
  struct vm_area_struct *vm_left, *vm_right; /* AVL children (mmap.c) */
  int vm_height;             /* AVL height of this subtree (a leaf: 1) */
  struct mm_struct *vm_mm;   /* the address space it belongs to */
  pgprot_t vm_page_prot;     /* PTE bits for pages of this area (vm_get_page_prot) */
  unsigned long vm_flags;    /* VM_* (mm.h) */
  unsigned long vm_pgoff;    /* offset in vm_file, in pages (anonymous: vm_start >> PAGE_SHIFT) */
  struct file *vm_file;      /* mapped file: always NULL until the page cache */
  struct anon_vma *anon_vma; /* this area's own anon_vma, set by the first anonymous fault (rmap.h) */
  struct list_head anon_vma_chain; /* anon_vma_chain links of this area (rmap.h); needs vma_init_lists */
  struct list_head shared;   /* link in the mapped file's i_mmap (rmap.h) */
};

/* RSS counters of an mm (Linux's names; only anonymous pages exist yet). */
enum {
  MM_FILEPAGES,  /* resident file-backed pages */
  MM_ANONPAGES,  /* resident anonymous pages */
  MM_SWAPENTS,   /* anonymous pages on swap */
  MM_SHMEMPAGES, /* resident shared-memory pages (MAP_SHARED|MAP_ANONYMOUS) */
  NR_MM_COUNTERS
};

struct mm_rss_stat {
  long count[NR_MM_COUNTERS];
};

/*
 * The arch part of an mm (Linux riscv's mm_context_t): context.id holds
 * the ASID in its low asid_bits and the allocator's generation above
 * (asid.h); 0 = never had an ASID.
 */
typedef struct {
  unsigned long id;
} mm_context_t;

/*
 * An address space: its page directory, its memory areas and where the
 * parts of the process image lie.  init_mm (the kernel's) uses only pgd.
 */
struct mm_struct {
  pgd_t *pgd;                      /* page directory (kernel half = swapper_pg_dir's) */
  struct vm_area_struct *mmap;     /* first area by address (list head) */
  struct vm_area_struct *mm_rb;    /* root of the AVL tree of areas */
  int map_count;                   /* number of areas */
  unsigned long mmap_base;         /* top of the top-down mmap region */
  unsigned long task_size;         /* end of user space (TASK_SIZE) */
  unsigned long start_code, end_code;   /* program text (set by execve) */
  unsigned long start_data, end_data;   /* initialised data (set by execve) */
  unsigned long start_brk, brk;         /* heap: start and current break */
  unsigned long start_stack;            /* initial user sp (set by execve) */
  unsigned long total_vm;          /* pages mapped by all areas */
  unsigned long data_vm;           /* pages of private writable non-stack areas */
  unsigned long exec_vm;           /* pages of executable non-writable areas */
  unsigned long stack_vm;          /* pages of VM_GROWSDOWN areas */
  unsigned long hiwater_rss;       /* highest RSS seen (pages) */
  int mm_users;                    /* tasks using the address space (mmget/mmput) */
  int mm_count;                    /* references to the struct (mmgrab/mmdrop); users count as one */
  struct mm_rss_stat rss_stat;     /* MM_* counters, in pages */
  mm_context_t context;            /* ASID and generation (asid.h) */
};

/* Bit numbers in page->flags. */
enum pageflags {
  PG_reserved, /* not managed by the buddy (kernel image, holes, memblock) */
  PG_buddy,    /* head of a free block in a free_area list */
  PG_slab,     /* head page of a slab (slab.c) */
  PG_head,     /* head of a block kmalloc took straight from the buddy */
  PG_uptodate, /* page cache: the contents match the file (read or written in full) */
  PG_dirty,    /* newer than its copy in the file or on swap */
  PG_writeback, /* page cache: being written to the device */
  PG_lru,        /* on one of its zone's LRU lists (vmscan.h) */
  PG_active,     /* on an active list */
  PG_referenced, /* seen referenced once on the inactive list (mark_page_accessed) */
  PG_swapbacked, /* anonymous memory: reclaimed to swap, not to a file */
  PG_swapcache,  /* in the swap cache; page->priv holds its swp_entry_t */
  __NR_PAGEFLAGS
};

struct kmem_cache;
struct address_space;

struct page {
  unsigned long flags;   /* PG_* bits */
  struct list_head lru;  /* free_list or pcp list link */
  unsigned long priv;    /* Linux page->private (renamed: C++ tests include this): free block order (PG_buddy) or allocation order */
  union {
    unsigned long index; /* on a pcp list: the migratetype it is filed under */
    void *freelist;      /* PG_slab: first free object, NULL when full */
  };
  int _refcount;         /* 1 for an allocated block head, else 0 */
  int _mapcount;         /* user PTEs mapping the page (0 = unmapped; Linux stores count - 1) */
  union {
    /*
     * User and page-cache pages: the file's address_space (index = the
     * page offset there), or the anon_vma with PAGE_MAPPING_ANON set in
     * the low bit (rmap.h); NULL when neither.
     */
    struct address_space *mapping;
    /* PG_slab only (Linux keeps these in struct slab, overlaying struct page) */
    struct kmem_cache *slab_cache; /* the cache the slab belongs to */
  };
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

#define PAGEFLAG(name, bit)                                                          \
  static inline bool Page##name(const struct page *p) { return page_flag_test(p, bit); }  \
  static inline void SetPage##name(struct page *p) { page_flag_set(p, bit); }             \
  static inline void ClearPage##name(struct page *p) { page_flag_clear(p, bit); }         \
  static inline bool TestClearPage##name(struct page *p) {                                \
    bool was = page_flag_test(p, bit);                                                    \
    page_flag_clear(p, bit);                                                              \
    return was;                                                                           \
  }
PAGEFLAG(LRU, PG_lru)
PAGEFLAG(Active, PG_active)
PAGEFLAG(Referenced, PG_referenced)
PAGEFLAG(SwapBacked, PG_swapbacked)
PAGEFLAG(SwapCache, PG_swapcache)
PAGEFLAG(Dirty, PG_dirty)
#undef PAGEFLAG

static inline bool PageSlab(const struct page *p) { return page_flag_test(p, PG_slab); }
static inline void __SetPageSlab(struct page *p) { page_flag_set(p, PG_slab); }
static inline void __ClearPageSlab(struct page *p) { page_flag_clear(p, PG_slab); }
static inline bool PageHead(const struct page *p) { return page_flag_test(p, PG_head); }
static inline void __SetPageHead(struct page *p) { page_flag_set(p, PG_head); }
static inline void __ClearPageHead(struct page *p) { page_flag_clear(p, PG_head); }

static inline bool PageUptodate(const struct page *p) { return page_flag_test(p, PG_uptodate); }
static inline bool PageWriteback(const struct page *p) { return page_flag_test(p, PG_writeback); }

/* Reference count of a page (1 while allocated, 0 when free). */
static inline int page_ref_count(const struct page *p) { return p->_refcount; }
static inline void set_page_count(struct page *p, int v) { p->_refcount = v; }

/* page->private accessors. */
static inline unsigned long page_private(const struct page *p) { return p->priv; }
static inline void set_page_private(struct page *p, unsigned long v) { p->priv = v; }

#endif /* MM_MM_TYPES_H */
