/*
 * rmap.h -- the reverse map: from a physical page to every PTE that maps
 * it (Linux mm/rmap.c), for reclaim's page_referenced and try_to_unmap.
 *
 * Anonymous pages (Linux's anon_vma scheme):
 *
 *   page->mapping = anon_vma | PAGE_MAPPING_ANON     page->index = vaddr >> PAGE_SHIFT
 *
 *   anon_vma A (root, the parent's)        anon_vma B (the child's own)
 *     head: avc(P vma) <-> avc(C vma)        head: avc(C vma)
 *                ^              ^                        ^
 *   P vma: anon_vma = A        C vma: anon_vma = B, anon_vma_chain: avc->A, avc->B
 *
 * Every area with anonymous pages has its own anon_vma (anon_vma_prepare
 * on the first fault) and one anon_vma_chain link to it and to each
 * anon_vma of its ancestors (anon_vma_fork / anon_vma_clone), so a page
 * faulted in by any area of the family is found from the anon_vma it
 * names.  A new page (fault, COW copy) names the faulting area's own
 * anon_vma; a page mapped again from swap names the family's root
 * (page_add_anon_rmap), which every descendant chains to.
 *
 * File pages: page->mapping is the file's address_space; the areas that
 * map the file hang on its i_mmap (struct i_mmap below, linked through
 * vma->shared).  The page cache (the file half of the reclaim issue)
 * embeds a struct i_mmap in its address_space and registers
 * rmap_file_ops so that rmap and reclaim can reach it.
 *
 * An anonymous page's index is its virtual page number: anonymous areas
 * keep vm_pgoff = vm_start >> PAGE_SHIFT (mmap.c) and there is no mremap,
 * so Linux's linear_page_index and vma_address reduce to that.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include <stdbool.h>

#include "list.h"
#include "mm.h"

#define PAGE_MAPPING_ANON 0x1ul /* low bit of page->mapping: an anon_vma */

struct anon_vma {
  struct anon_vma *root;   /* the oldest ancestor (itself for a root) */
  struct anon_vma *parent; /* the anon_vma of the area it was forked from */
  int refcount;            /* avcs pointing here + children naming it parent or root */
  struct list_head head;   /* anon_vma_chain links (avc->same_anon_vma) */
};

/* One link between an area and an anon_vma its pages may name. */
struct anon_vma_chain {
  struct vm_area_struct *vma;
  struct anon_vma *anon_vma;
  struct list_head same_vma;      /* in vma->anon_vma_chain */
  struct list_head same_anon_vma; /* in anon_vma->head */
};

/* The areas mapping one file (Linux's i_mmap interval tree; a list here). */
struct i_mmap {
  struct list_head head; /* vmas, through vma->shared */
};

struct address_space;

/*
 * What reclaim needs from the page cache (registered by the file half;
 * NULL: no file pages exist, file LRU lists stay empty).
 *   i_mmap:     the areas mapping `mapping`.
 *   writepage:  writes a dirty page back synchronously; 0 or -EIO.
 *   remove_page: drops a clean, unmapped page from the page cache
 *               (Linux __remove_mapping); true when it went, leaving the
 *               caller the last reference.
 */
struct rmap_file_ops {
  struct i_mmap *(*i_mmap)(struct address_space *mapping);
  int (*writepage)(struct page *page);
  bool (*remove_page)(struct page *page);
};
extern const struct rmap_file_ops *rmap_file_ops;

static inline bool PageAnon(const struct page *page) {
  return ((unsigned long)page->mapping & PAGE_MAPPING_ANON) != 0;
}
static inline struct anon_vma *page_anon_vma(const struct page *page) {
  if (!PageAnon(page)) return NULL;
  return (struct anon_vma *)((unsigned long)page->mapping & ~PAGE_MAPPING_ANON);
}

/* Live anon_vma and anon_vma_chain objects (leak checks in tests). */
extern unsigned long nr_anon_vmas, nr_anon_vma_chains;

/* Initializes the list heads of a new area (vm_area_alloc and every struct copy). */
void vma_init_lists(struct vm_area_struct *vma);

/*
 * Gives `vma` its own anon_vma and the chain link to it unless it has
 * one (Linux anon_vma_prepare, on the first anonymous fault).  0 or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma);

/*
 * Links `dst` to every anon_vma `src` is linked to (split_vma, vma_merge
 * adopting a neighbour).  0 or -ENOMEM (dst then has no links).
 */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);

/*
 * fork: links the child's area `vma` to the parent area `pvma`'s anon_vmas
 * and gives it its own anon_vma whose root is the parent's root.  Nothing
 * to do when the parent area has no anon_vma.  0 or -ENOMEM.
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);

/* Drops every chain link of `vma`, freeing anon_vmas nothing refers to any more. */
void unlink_anon_vmas(struct vm_area_struct *vma);

/* File areas: links / unlinks `vma` on `i_mmap` (the file half calls them at mmap / unmap). */
void vma_link_file(struct i_mmap *i_mmap, struct vm_area_struct *vma);
void vma_unlink_file(struct vm_area_struct *vma);

/*
 * A page new to `vma` at `address`, mapped by one PTE: names the area's
 * own anon_vma (which must exist), sets PG_swapbacked, _mapcount 1,
 * counts AnonPages (Linux page_add_new_anon_rmap).
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);

/*
 * One more PTE maps the anonymous `page` (fork's copy, swap-in); a page
 * mapped for the first time names the family's root anon_vma.
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);

/* A PTE mapping `page` went (zap, COW, unmap): _mapcount and AnonPages / Mapped. */
void page_remove_rmap(struct page *page);

/*
 * Tests and clears the A bit of every PTE mapping `page`, flushing each
 * cleared translation (Linux page_referenced with
 * ptep_clear_flush_young).  Returns the number of PTEs that had A set;
 * *vm_flags gets the OR of the flags of the areas that referenced it.
 * A page whose mapping is not set or whose map count is 0 returns 0.
 */
int page_referenced(struct page *page, unsigned long *vm_flags);

/*
 * Removes every PTE mapping `page` (Linux try_to_unmap): an anonymous
 * page in the swap cache leaves its swap entry in the PTE (the slot's
 * count taken), a file page leaves pte_none; the PTE's D bit moves to
 * PG_dirty; each address space's translation is flushed
 * (flush_tlb_page), and a PTE table left empty is freed.  Young PTEs
 * are unmapped too (reclaim asked page_referenced before; modern Linux
 * does the same).  An anonymous page not in the swap cache is not
 * unmapped.  `flags` is reserved (0).  Returns true when the page is no
 * longer mapped.
 */
bool try_to_unmap(struct page *page, unsigned int flags);

/* Counts of the TLB work try_to_unmap did (bench-reclaim reads them). */
struct rmap_stats {
  unsigned long unmap_ptes;     /* PTEs cleared */
  unsigned long unmap_flushes;  /* flush_tlb_page calls for them */
  unsigned long pte_tables_freed; /* PTE tables freed empty */
  unsigned long referenced_flushes; /* flushes of A bits cleared by page_referenced */
};
extern struct rmap_stats rmap_stats;

/*
 * Calls fn(page, vma, address, ptep, arg) for every PTE that maps `page`
 * (Linux rmap_walk); stops when fn returns false.  Returns the number of
 * mapping PTEs visited.
 */
typedef bool (*rmap_one_fn)(struct page *page, struct vm_area_struct *vma,
                            unsigned long address, pte_t *ptep, void *arg);
int rmap_walk(struct page *page, rmap_one_fn fn, void *arg);

#endif /* MM_RMAP_H */
