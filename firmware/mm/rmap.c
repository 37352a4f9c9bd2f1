/*
 * rmap.c -- the reverse map (drawn in rmap.h): anon_vma and its chain
 * links for anonymous pages, i_mmap for file pages, and the walks reclaim
 * makes over them: page_referenced and try_to_unmap.
 */
#include "rmap.h"

#include "memory.h"
#include "mmap.h"
#include "printk.h"
#include "slab.h"
#include "swap.h"
#include "tlbflush.h"

const struct rmap_file_ops *rmap_file_ops;
unsigned long nr_anon_vmas, nr_anon_vma_chains;
struct rmap_stats rmap_stats;

/* anon_vma and avc objects come from kmalloc (no caches of their own: the slab
 * suites count caches, and these are small). */
static struct anon_vma *anon_vma_alloc(void) {
  struct anon_vma *av = kzalloc(sizeof *av, GFP_KERNEL);
  if (!av) return NULL;
  av->root = av;
  INIT_LIST_HEAD(&av->head);
  nr_anon_vmas++;
  return av;
}

static void put_anon_vma(struct anon_vma *av);

static void anon_vma_free(struct anon_vma *av) {
  if (!list_empty(&av->head)) panic("anon_vma_free: anon_vma %p still has links", (void *)av);
  struct anon_vma *parent = av->parent, *root = av->root;
  kfree(av);
  nr_anon_vmas--;
  if (parent) put_anon_vma(parent);
  if (root != av && root != parent) put_anon_vma(root);
}

static void get_anon_vma(struct anon_vma *av) { av->refcount++; }

static void put_anon_vma(struct anon_vma *av) {
  if (av->refcount <= 0) panic("put_anon_vma: anon_vma %p has refcount %d", (void *)av, av->refcount);
  if (--av->refcount == 0) anon_vma_free(av);
}

void vma_init_lists(struct vm_area_struct *vma) {
  INIT_LIST_HEAD(&vma->anon_vma_chain);
  INIT_LIST_HEAD(&vma->shared);
}

/* Links `vma` to `av` through a new avc.  0 or -ENOMEM. */
static int anon_vma_chain_link(struct vm_area_struct *vma, struct anon_vma *av) {
  struct anon_vma_chain *avc = kzalloc(sizeof *avc, GFP_KERNEL);
  if (!avc) return -ENOMEM;
  avc->vma = vma;
  avc->anon_vma = av;
  list_add_tail(&avc->same_vma, &vma->anon_vma_chain);
  list_add_tail(&avc->same_anon_vma, &av->head);
  get_anon_vma(av);
  nr_anon_vma_chains++;
  return 0;
}

int anon_vma_prepare(struct vm_area_struct *vma) {
  if (vma->anon_vma) return 0;
  struct anon_vma *av = anon_vma_alloc();
  if (!av) return -ENOMEM;
  if (anon_vma_chain_link(vma, av)) {
    anon_vma_free(av);
    return -ENOMEM;
  }
  vma->anon_vma = av;
  return 0;
}

int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src) {
  struct list_head *pos;
  list_for_each(pos, &src->anon_vma_chain) {
    struct anon_vma_chain *avc = list_entry(pos, struct anon_vma_chain, same_vma);
    if (anon_vma_chain_link(dst, avc->anon_vma)) {
      unlink_anon_vmas(dst);
      return -ENOMEM;
    }
  }
  return 0;
}

int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma) {
  vma_init_lists(vma);
  vma->anon_vma = NULL;
  if (!pvma->anon_vma) return 0;
  if (anon_vma_clone(vma, pvma)) return -ENOMEM;
  struct anon_vma *av = anon_vma_alloc();
  if (!av) goto fail;
  av->root = pvma->anon_vma->root;
  av->parent = pvma->anon_vma;
  get_anon_vma(av->root);
  if (av->parent != av->root) get_anon_vma(av->parent);
  if (anon_vma_chain_link(vma, av)) {
    anon_vma_free(av);
    goto fail;
  }
  vma->anon_vma = av;
  return 0;
fail:
  unlink_anon_vmas(vma);
  return -ENOMEM;
}

void unlink_anon_vmas(struct vm_area_struct *vma) {
  while (!list_empty(&vma->anon_vma_chain)) {
    struct anon_vma_chain *avc =
        list_entry(vma->anon_vma_chain.next, struct anon_vma_chain, same_vma);
    list_del(&avc->same_vma);
    list_del(&avc->same_anon_vma);
    struct anon_vma *av = avc->anon_vma;
    kfree(avc);
    nr_anon_vma_chains--;
    put_anon_vma(av);
  }
  vma->anon_vma = NULL;
}

void vma_link_file(struct i_mmap *i_mmap, struct vm_area_struct *vma) {
  list_add_tail(&vma->shared, &i_mmap->head);
}

void vma_unlink_file(struct vm_area_struct *vma) {
  if (list_empty(&vma->shared)) return;
  list_del(&vma->shared);
  INIT_LIST_HEAD(&vma->shared);
}

static void set_anon_mapping(struct page *page, struct anon_vma *av, unsigned long address) {
  page->mapping = (struct address_space *)((unsigned long)av | PAGE_MAPPING_ANON);
  page->index = address >> PAGE_SHIFT;
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address) {
  if (!vma->anon_vma) panic("page_add_new_anon_rmap: area %08lx-%08lx has no anon_vma",
                            vma->vm_start, vma->vm_end);
  SetPageSwapBacked(page);
  page->_mapcount = 1;
  set_anon_mapping(page, vma->anon_vma, address);
  mod_lruvec_page_state(page, NR_ANON_MAPPED, 1);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address) {
  if (page->_mapcount++ == 0) {
    if (!vma->anon_vma) panic("page_add_anon_rmap: area %08lx-%08lx has no anon_vma",
                              vma->vm_start, vma->vm_end);
    set_anon_mapping(page, vma->anon_vma->root, address);
    mod_lruvec_page_state(page, NR_ANON_MAPPED, 1);
  }
}

void page_remove_rmap(struct page *page) {
  if (page->_mapcount <= 0)
    panic("page_remove_rmap: pfn %lu has mapcount %d", page_to_pfn(page), page->_mapcount);
  if (--page->_mapcount) return;
  if (PageAnon(page)) mod_lruvec_page_state(page, NR_ANON_MAPPED, -1);
  else if (page->mapping) mod_lruvec_page_state(page, NR_FILE_MAPPED, -1);
}

/* The PTE of `page` in `vma`, or NULL when the area does not map it there. */
static pte_t *page_vma_pte(struct page *page, struct vm_area_struct *vma, unsigned long *addrp) {
  unsigned long address;
  if (PageAnon(page)) {
    address = page->index << PAGE_SHIFT;
  } else {
    unsigned long pgoff = page->index;
    if (pgoff < vma->vm_pgoff) return NULL;
    address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
  }
  if (address < vma->vm_start || address >= vma->vm_end) return NULL;
  pte_t *ptep = user_pte_offset(vma->vm_mm, address);
  if (!ptep || !pte_present(*ptep) || pte_pfn(*ptep) != page_to_pfn(page)) return NULL;
  *addrp = address;
  return ptep;
}

int rmap_walk(struct page *page, rmap_one_fn fn, void *arg) {
  int visited = 0;
  if (!page->mapping || page_mapcount(page) == 0) return 0;
  struct list_head *pos, *n;
  if (PageAnon(page)) {
    struct anon_vma *av = page_anon_vma(page);
    list_for_each_safe(pos, n, &av->head) {
      struct anon_vma_chain *avc = list_entry(pos, struct anon_vma_chain, same_anon_vma);
      unsigned long address;
      pte_t *ptep = page_vma_pte(page, avc->vma, &address);
      if (!ptep) continue;
      visited++;
      if (!fn(page, avc->vma, address, ptep, arg)) break;
    }
    return visited;
  }
  if (!rmap_file_ops) return 0;
  struct i_mmap *im = rmap_file_ops->i_mmap((struct address_space *)page->mapping);
  if (!im) return 0;
  list_for_each_safe(pos, n, &im->head) {
    struct vm_area_struct *vma = list_entry(pos, struct vm_area_struct, shared);
    unsigned long address;
    pte_t *ptep = page_vma_pte(page, vma, &address);
    if (!ptep) continue;
    visited++;
    if (!fn(page, vma, address, ptep, arg)) break;
  }
  return visited;
}

struct referenced_arg {
  int referenced;
  unsigned long vm_flags;
};

/* Linux page_referenced_one with ptep_clear_flush_young. */
static bool page_referenced_one(struct page *page, struct vm_area_struct *vma,
                                unsigned long address, pte_t *ptep, void *arg) {
  (void)page;
  struct referenced_arg *ra = arg;
  pte_t pte = *ptep;
  if (!pte_young(pte)) return true;
  set_pte(ptep, pte_mkold(pte));
  flush_tlb_page(vma->vm_mm, address);
  rmap_stats.referenced_flushes++;
  ra->referenced++;
  ra->vm_flags |= vma->vm_flags;
  return true;
}

int page_referenced(struct page *page, unsigned long *vm_flags) {
  struct referenced_arg ra = {0, 0};
  rmap_walk(page, page_referenced_one, &ra);
  if (vm_flags) *vm_flags = ra.vm_flags;
  return ra.referenced;
}

/* Frees the PTE table holding `address` of `mm` when it maps nothing any more. */
static void free_pte_table_if_empty(struct mm_struct *mm, unsigned long address) {
  pgd_t *pgd = pgd_offset(mm, address);
  if (pgd_none(*pgd) || pgd_bad(*pgd)) return;
  pte_t *table = pte_offset_kernel(pgd, address & PGDIR_MASK);
  for (unsigned long i = 0; i < PTRS_PER_PTE; i++)
    if (!pte_none(table[i])) return;
  pgd_clear(pgd);
  /* The walker may cache the pgd entry: drop it before the table is reused. */
  flush_tlb_page(mm, address);
  rmap_stats.unmap_flushes++;
  __free_page(virt_to_page(table));
  nr_user_pte_tables--;
  rmap_stats.pte_tables_freed++;
}

/* Linux try_to_unmap_one. */
static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
                             unsigned long address, pte_t *ptep, void *arg) {
  (void)arg;
  struct mm_struct *mm = vma->vm_mm;
  pte_t pte = *ptep;
  if (pte_dirty(pte)) SetPageDirty(page);
  if (PageAnon(page)) {
    swp_entry_t entry = {page_private(page)};
    if (swap_duplicate(entry)) panic("try_to_unmap_one: bad swap entry %08lx", entry.val);
    set_pte(ptep, swp_entry_to_pte(entry));
    dec_mm_counter(mm, MM_ANONPAGES);
    inc_mm_counter(mm, MM_SWAPENTS);
  } else {
    pte_clear(ptep);
    dec_mm_counter(mm, MM_FILEPAGES);
  }
  flush_tlb_page(mm, address);
  rmap_stats.unmap_ptes++;
  rmap_stats.unmap_flushes++;
  page_remove_rmap(page);
  put_page(page);
  if (pte_none(*ptep)) free_pte_table_if_empty(mm, address);
  return true;
}

bool try_to_unmap(struct page *page, unsigned int flags) {
  (void)flags;
  if (PageAnon(page) && !PageSwapCache(page)) return page_mapcount(page) == 0;
  rmap_walk(page, try_to_unmap_one, NULL);
  return page_mapcount(page) == 0;
}
