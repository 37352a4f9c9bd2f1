/*
 * memory.c -- user page tables: demand-zero and copy-on-write faults,
 * software A/D (Svade), unmapping, fork's copy, protection changes and
 * the segfault report.  The fault paths are drawn in memory.h.
 *
 * Page counts: every user PTE that maps a page (other than the zero
 * page) holds one _refcount and one _mapcount on it; the zero page is
 * never counted (Linux's is_zero_pfn special case).
 */
#include "memory.h"

#include <string.h>

#include "gfp.h"
#include "highmem.h"
#include "mmap.h"
#include "page_alloc.h"
#include "printk.h"
#include "rmap.h"
#include "swap.h"
#include "tlbflush.h"
#include "vmscan.h"
#include "vmstat.h"

#define GFP_USER_PAGE (GFP_USER | __GFP_MOVABLE) /* lowmem: reached through the linear map */

bool svadu_enabled;
struct fault_stats fault_stats;
void (*flush_icache_hook)(void);
struct page *zero_page;
unsigned long nr_user_pte_tables;

int init_zero_page(void) {
  if (zero_page) return 0;
  zero_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
  return zero_page ? 0 : -ENOMEM;
}

/*
 * __free_pages is put_page_testzero + free: it reports a count already at
 * 0.  The last reference of a user page also takes it off its LRU list and
 * clears what rmap and reclaim left in it (Linux __page_cache_release and
 * free_pages_prepare); a page still in the swap cache cannot get here, the
 * cache holds a reference.
 */
void put_page(struct page *page) {
  if (page_ref_count(page) == 1 && !PageSlab(page)) {
    if (PageLRU(page)) del_page_from_lru(page);
    if (page->mapping) {
      if (page_mapcount(page))
        panic("put_page: pfn %lu freed while mapped %d times", page_to_pfn(page), page_mapcount(page));
      page->mapping = NULL;
    }
    page->flags &= ~((1ul << PG_active) | (1ul << PG_referenced) | (1ul << PG_swapbacked) |
                     (1ul << PG_dirty));
  }
  __free_page(page);
}

static int rss_member(const struct vm_area_struct *vma) {
  return (vma->vm_flags & VM_SHARED) ? MM_SHMEMPAGES : MM_ANONPAGES;
}

pte_t *user_pte_offset(struct mm_struct *mm, unsigned long addr) {
  pgd_t *pgd = pgd_offset(mm, addr);
  if (pgd_none(*pgd) || pgd_bad(*pgd)) return NULL;
  return pte_offset_kernel(pgd, addr);
}

/* The PTE of `addr`, allocating a zeroed PTE table when there is none (NULL: no memory). */
static pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr) {
  pgd_t *pgd = pgd_offset(mm, addr);
  if (pgd_none(*pgd)) {
    struct page *table = alloc_page(GFP_KERNEL | __GFP_ZERO);
    if (!table) return NULL;
    nr_user_pte_tables++;
    set_pgd(pgd, pfn_pgd(page_to_pfn(table), PAGE_TABLE));
  } else if (pgd_bad(*pgd)) {
    panic("pte_alloc_map: bad pgd entry %08lx for user address %08lx",
          (unsigned long)pgd_val(*pgd), addr);
  }
  return pte_offset_kernel(pgd, addr);
}

/*
 * A new page mapped by one PTE of `vma`: private pages join the reverse
 * map and the LRU (reclaimable to swap); pages of a MAP_SHARED|MAP_ANONYMOUS
 * area have no shmem object to swap through and stay off the LRU.
 */
static void add_new_user_page(struct vm_area_struct *vma, struct page *page, unsigned long addr) {
  if (vma->vm_flags & VM_SHARED) {
    page->_mapcount = 1;
  } else {
    page_add_new_anon_rmap(page, vma, addr);
    lru_cache_add(page);
  }
  inc_mm_counter(vma->vm_mm, rss_member(vma));
}

/*
 * A PTE of `vma` stopped mapping `page` (zap, COW); the swap cache lets
 * go of a page nothing maps and no swap PTE names any more (Linux
 * free_page_and_swap_cache).
 */
static void remove_user_page(struct vm_area_struct *vma, struct page *page) {
  if (page->mapping) page_remove_rmap(page);
  else page->_mapcount--;
  dec_mm_counter(vma->vm_mm, rss_member(vma));
  if (PageSwapCache(page) && !page_mapcount(page)) try_to_free_swap(page);
  put_page(page);
}

/*
 * After an allocation that may have reclaimed (and so freed emptied PTE
 * tables): the PTE of `addr` again, or NULL when it no longer holds
 * `orig` (the fault is then retried from the start).
 */
static pte_t *pte_refetch(struct mm_struct *mm, unsigned long addr, pte_t orig) {
  pte_t *ptep = pte_alloc_map(mm, addr);
  return ptep && pte_val(*ptep) == pte_val(orig) ? ptep : NULL;
}

/* Sets the PTE and drops the stale translation of this one page (Linux update_mmu_cache). */
static void set_pte_flush(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep, pte_t pte) {
  set_pte(ptep, pte);
  flush_tlb_page(vma->vm_mm, addr);
}

static pte_t maybe_mkwrite(pte_t pte, const struct vm_area_struct *vma) {
  return (vma->vm_flags & VM_WRITE) ? pte_mkwrite(pte) : pte;
}

/* pte none: the zero page read-only on a read, a new zeroed page on a write. */
static vm_fault_t do_anonymous_page(struct vm_area_struct *vma, unsigned long addr,
                                    pte_t *ptep, unsigned int flags) {
  if (!(flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_SHARED)) {
    if (init_zero_page()) return VM_FAULT_OOM;
    pte_t entry = pte_wrprotect(mk_pte(zero_page, vma->vm_page_prot));
    set_pte_flush(vma, addr, ptep, entry);
    fault_stats.anon_read++;
    return 0;
  }
  if (!(vma->vm_flags & VM_SHARED) && anon_vma_prepare(vma)) return VM_FAULT_OOM;
  struct page *page = alloc_page(GFP_USER_PAGE | __GFP_ZERO);
  if (!page) return VM_FAULT_OOM;
  ptep = pte_refetch(vma->vm_mm, addr, __pte(0));
  if (!ptep) {
    __free_page(page);
    return 0;
  }
  add_new_user_page(vma, page, addr);
  pte_t entry = mk_pte(page, vma->vm_page_prot);
  if (flags & FAULT_FLAG_WRITE) entry = pte_mkdirty(maybe_mkwrite(entry, vma));
  set_pte_flush(vma, addr, ptep, entry);
  fault_stats.anon_write++;
  return 0;
}

/*
 * Write to a present read-only PTE of a writable area: a shared area
 * just becomes writable; a private page is reused when this PTE is its
 * only user, else copied (the zero page: a zeroed page).
 */
static vm_fault_t do_wp_page(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
                             pte_t orig) {
  struct page *old = pte_page(orig);
  bool zero = is_zero_pfn(pte_pfn(orig));
  /* The only mapping of a page whose swap copy nobody else holds: drop the copy, reuse. */
  if (!zero && PageSwapCache(old) && page_mapcount(old) == 1 && page_ref_count(old) == 2)
    try_to_free_swap(old);
  if (!zero && ((vma->vm_flags & VM_SHARED) ||
                (page_mapcount(old) == 1 && page_ref_count(old) == 1))) {
    set_pte_flush(vma, addr, ptep, pte_mkdirty(pte_mkyoung(maybe_mkwrite(orig, vma))));
    fault_stats.cow_reuse++;
    return 0;
  }
  if (anon_vma_prepare(vma)) return VM_FAULT_OOM;
  if (!zero) get_page(old); /* reclaim inside alloc_page may unmap it */
  struct page *page = alloc_page(GFP_USER_PAGE | (zero ? __GFP_ZERO : 0));
  ptep = page ? pte_refetch(vma->vm_mm, addr, orig) : NULL;
  if (!ptep) {
    if (!zero) put_page(old);
    if (!page) return VM_FAULT_OOM;
    __free_page(page);
    return 0; /* the PTE changed under reclaim: retry the fault */
  }
  if (!zero) copy_highpage(page, old);
  if ((vma->vm_flags & VM_EXEC) && flush_icache_hook) flush_icache_hook();
  add_new_user_page(vma, page, addr);
  pte_t entry = pte_mkdirty(maybe_mkwrite(mk_pte(page, vma->vm_page_prot), vma));
  set_pte_flush(vma, addr, ptep, entry);
  if (!zero) {
    remove_user_page(vma, old);
    put_page(old);
  }
  fault_stats.cow_copy++;
  return 0;
}

/*
 * A swap PTE: the page from the swap cache (minor) or read from the swap
 * device (major, VM_FAULT_MAJOR), mapped again; the slot is freed when
 * this was its last holder and the page can be written here.
 */
static vm_fault_t do_swap_page(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
                               pte_t orig, unsigned int flags) {
  swp_entry_t entry = pte_to_swp_entry(orig);
  if (!swp_swap_info(entry)) return VM_FAULT_SIGBUS;
  if (anon_vma_prepare(vma)) return VM_FAULT_OOM;
  bool major;
  int err;
  struct page *page = read_swap_cache_async(entry, GFP_USER_PAGE, &major, &err);
  if (!page) return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
  ptep = pte_refetch(vma->vm_mm, addr, orig);
  if (!ptep) {
    put_page(page);
    return 0;
  }
  if (major) count_vm_event(PGMAJFAULT);
  struct mm_struct *mm = vma->vm_mm;
  inc_mm_counter(mm, MM_ANONPAGES);
  dec_mm_counter(mm, MM_SWAPENTS);
  page_add_anon_rmap(page, vma, addr); /* the reference taken by the lookup is the PTE's */
  swap_free(entry);
  /* Swap more than half full: a page back in memory gives its slot up (Linux vm_swap_full). */
  if (nr_swap_pages * 2 < total_swap_pages && try_to_free_swap(page)) SetPageDirty(page);
  pte_t pte = pte_mkyoung(mk_pte(page, vma->vm_page_prot));
  if ((vma->vm_flags & VM_EXEC) && flush_icache_hook) flush_icache_hook();
  if ((flags & FAULT_FLAG_WRITE) && page_mapcount(page) == 1 && try_to_free_swap(page)) {
    pte = pte_mkdirty(maybe_mkwrite(pte, vma));
    flags &= ~FAULT_FLAG_WRITE; /* done: no COW needed */
  }
  set_pte_flush(vma, addr, ptep, pte);
  fault_stats.swapin++;
  if (major) fault_stats.swapin_major++;
  if (flags & FAULT_FLAG_WRITE) {
    vm_fault_t r = do_wp_page(vma, addr, ptep, pte);
    return r | (major ? VM_FAULT_MAJOR : 0);
  }
  return major ? VM_FAULT_MAJOR : 0;
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
                           unsigned int flags) {
  unsigned long addr = address & PAGE_MASK;
  count_vm_event(PGFAULT);
  pte_t *ptep = pte_alloc_map(vma->vm_mm, addr);
  if (!ptep) return VM_FAULT_OOM;
  pte_t pte = *ptep;
  if (pte_none(pte)) return do_anonymous_page(vma, addr, ptep, flags);
  if (is_swap_pte(pte)) return do_swap_page(vma, addr, ptep, pte, flags);
  if (!pte_present(pte)) return VM_FAULT_SIGSEGV; /* PROT_NONE page in an area that allows it: cannot happen */
  bool write = flags & FAULT_FLAG_WRITE;
  if (write && !pte_write(pte)) return do_wp_page(vma, addr, ptep, pte);
  /* The PTE allows the access: an A/D fault (Svade) or a stale TLB entry. */
  pte_t entry = pte_mkyoung(pte);
  if (write) entry = pte_mkdirty(entry);
  if (!svadu_enabled && pte_val(entry) != pte_val(pte)) {
    set_pte_flush(vma, addr, ptep, entry);
    fault_stats.ad_update++;
  } else {
    flush_tlb_page(vma->vm_mm, addr);
    fault_stats.spurious++;
  }
  return 0;
}

/* Does `vma` allow the access of the page-fault `cause`? */
static bool access_error(unsigned long cause, const struct vm_area_struct *vma) {
  switch (cause) {
    case EXC_INST_PAGE_FAULT: return !(vma->vm_flags & VM_EXEC);
    case EXC_LOAD_PAGE_FAULT: return !(vma->vm_flags & (VM_READ | VM_WRITE)); /* write implies read */
    default: return !(vma->vm_flags & VM_WRITE);
  }
}

int do_user_addr_fault(struct mm_struct *mm, unsigned long addr, unsigned long cause,
                       bool user, unsigned int *error) {
  unsigned int flags = user ? FAULT_FLAG_USER : 0;
  unsigned int err = user ? X86_PF_USER : 0;
  if (cause == EXC_STORE_PAGE_FAULT) {
    flags |= FAULT_FLAG_WRITE;
    err |= X86_PF_WRITE;
  } else if (cause == EXC_INST_PAGE_FAULT) {
    flags |= FAULT_FLAG_INSTRUCTION;
    err |= X86_PF_INSTR;
  }
  int code = SEGV_MAPERR;
  struct vm_area_struct *vma = addr < TASK_SIZE ? find_vma(mm, addr) : NULL;
  if (vma && vma->vm_start > addr) {
    if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr)) vma = NULL;
    else fault_stats.stack_grow++;
  }
  if (vma) {
    code = SEGV_ACCERR;
    if (!access_error(cause, vma)) {
      unsigned int r = handle_mm_fault(vma, addr, flags);
      if (r & VM_FAULT_OOM) return -ENOMEM;
      if (!(r & VM_FAULT_ERROR)) return 0;
    }
  }
  /* Only a failing fault needs the error code's "present" bit: one more walk here. */
  pte_t *ptep = addr < TASK_SIZE ? user_pte_offset(mm, addr) : NULL;
  if (ptep && pte_present(*ptep)) err |= X86_PF_PROT;
  if (error) *error = err;
  fault_stats.segv++;
  return code;
}

void show_segfault(const char *comm, int pid, unsigned long addr, unsigned long ip,
                   unsigned long sp, unsigned int error) {
  printk("%s[%d]: segfault at %08lx ip %08lx sp %08lx error %x\n", comm, pid, addr, ip, sp,
         error);
}

unsigned long zap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
                             unsigned long start, unsigned long end) {
  struct mm_struct *mm = vma->vm_mm;
  unsigned long cleared = 0;
  for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
    pte_t *ptep = user_pte_offset(mm, addr);
    if (!ptep) {
      unsigned long next = (addr & PGDIR_MASK) + PGDIR_SIZE;
      if (next == 0 || next >= end) break;
      addr = next - PAGE_SIZE;
      continue;
    }
    pte_t pte = *ptep;
    if (pte_none(pte)) continue;
    pte_clear(ptep);
    if (!tlb->fullmm) tlb_remove_tlb_entry(tlb, addr); /* fullmm: the whole ASID goes anyway */
    cleared++;
    if (is_swap_pte(pte)) {
      dec_mm_counter(mm, MM_SWAPENTS);
      free_swap_and_cache(pte_to_swp_entry(pte));
      continue;
    }
    if (is_zero_pfn(pte_pfn(pte))) continue;
    remove_user_page(vma, pte_page(pte));
  }
  return cleared;
}

void free_pgtables(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long floor,
                   unsigned long ceiling) {
  if (ceiling > TASK_SIZE || ceiling == 0) ceiling = TASK_SIZE;
  for (unsigned long base = floor & PGDIR_MASK; base < ceiling; base += PGDIR_SIZE) {
    pgd_t *pgd = pgd_offset(mm, base);
    if (pgd_none(*pgd) || pgd_bad(*pgd)) continue;
    pte_t *table = pte_offset_kernel(pgd, base);
    unsigned long i = 0;
    while (i < PTRS_PER_PTE && pte_none(table[i])) i++;
    if (i < PTRS_PER_PTE) continue; /* a neighbour still maps pages here */
    pgd_clear(pgd);
    __free_page(virt_to_page(table));
    nr_user_pte_tables--;
    tlb->freed_tables = true;
    if (base + PGDIR_SIZE < base) break;
  }
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
                    struct vm_area_struct *src_vma) {
  bool cow = !(src_vma->vm_flags & VM_SHARED);
  for (unsigned long addr = src_vma->vm_start; addr < src_vma->vm_end; addr += PAGE_SIZE) {
    pte_t *sptep = user_pte_offset(src, addr);
    if (!sptep) {
      addr = (addr & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;
      continue;
    }
    if (pte_none(*sptep)) continue;
    pte_t *dptep = pte_alloc_map(dst, addr);
    if (!dptep) return -ENOMEM;
    /* The table allocation may have reclaimed: the source PTE is read only now. */
    sptep = user_pte_offset(src, addr);
    if (!sptep || pte_none(*sptep)) continue;
    pte_t pte = *sptep;
    if (is_swap_pte(pte)) {
      if (swap_duplicate(pte_to_swp_entry(pte))) return -ENOMEM;
      inc_mm_counter(dst, MM_SWAPENTS);
    } else if (!is_zero_pfn(pte_pfn(pte))) {
      struct page *page = pte_page(pte);
      get_page(page);
      page->_mapcount++; /* the page keeps the anon_vma it names: the child chains to it */
      inc_mm_counter(dst, cow ? MM_ANONPAGES : MM_SHMEMPAGES);
      if (cow && pte_write(pte)) {
        pte = pte_wrprotect(pte);
        set_pte(sptep, pte);
      }
    }
    set_pte(dptep, pte);
  }
  return 0;
}

unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
                                unsigned long end, pgprot_t newprot) {
  unsigned long changed = 0;
  for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
    pte_t *ptep = user_pte_offset(vma->vm_mm, addr);
    if (!ptep) {
      addr = (addr & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;
      if (addr + PAGE_SIZE == 0) break;
      continue;
    }
    pte_t pte = *ptep;
    if (pte_none(pte) || is_swap_pte(pte)) continue;
    uint32_t keep = pte_val(pte) & (_PAGE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY);
    pte_t entry = __pte(keep | pgprot_val(newprot));
    if (is_zero_pfn(pte_pfn(pte))) entry = pte_wrprotect(entry);
    if (pte_val(entry) != pte_val(pte)) {
      set_pte(ptep, entry);
      changed++;
    }
  }
  return changed;
}

/* Can `pte` be written by the kernel for a FOLL_WRITE access (a page only this PTE holds)? */
static bool pte_exclusive(pte_t pte) {
  if (!pte_present(pte) || is_zero_pfn(pte_pfn(pte))) return false;
  if (pte_write(pte)) return true;
  struct page *page = pte_page(pte);
  return page_mapcount(page) == 1 && page_ref_count(page) == 1;
}

int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
                     unsigned int gup_flags) {
  bool write = gup_flags & FOLL_WRITE, force = gup_flags & FOLL_FORCE;
  unsigned char *p = buf;
  int done = 0;
  while (done < len) {
    struct vm_area_struct *vma = addr < TASK_SIZE ? find_vma(mm, addr) : NULL;
    if (vma && vma->vm_start > addr &&
        (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr)))
      vma = NULL;
    if (!vma) break;
    unsigned long f = vma->vm_flags;
    bool allowed = write ? (f & VM_WRITE) || (force && (f & VM_MAYWRITE) && !(f & VM_SHARED))
                         : (f & (VM_READ | VM_WRITE)) || (force && (f & VM_MAYREAD));
    if (!allowed) break;
    pte_t *ptep = NULL;
    for (int tries = 0; tries < 3; tries++) {
      ptep = user_pte_offset(mm, addr);
      if (ptep && (write ? pte_exclusive(*ptep) : pte_present(*ptep))) break;
      if (handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0) & VM_FAULT_ERROR) {
        ptep = NULL;
        break;
      }
      ptep = NULL;
    }
    if (!ptep) break;
    unsigned long off = addr & ~PAGE_MASK, n = PAGE_SIZE - off;
    if (n > (unsigned long)(len - done)) n = (unsigned long)(len - done);
    unsigned char *kaddr = (unsigned char *)page_address(pte_page(*ptep)) + off;
    if (write) {
      memcpy(kaddr, p + done, n);
      set_pte(ptep, pte_mkdirty(pte_mkyoung(*ptep)));
    } else {
      memcpy(p + done, kaddr, n);
    }
    done += (int)n;
    addr += n;
  }
  return done;
}

void show_fault_stats(void) {
  printk("pgfault_anon_read %lu\n", fault_stats.anon_read);
  printk("pgfault_anon_write %lu\n", fault_stats.anon_write);
  printk("pgfault_cow_copy %lu\n", fault_stats.cow_copy);
  printk("pgfault_cow_reuse %lu\n", fault_stats.cow_reuse);
  printk("pgfault_ad_update %lu\n", fault_stats.ad_update);
  printk("pgfault_spurious %lu\n", fault_stats.spurious);
  printk("pgfault_stack_grow %lu\n", fault_stats.stack_grow);
  printk("pgfault_segv %lu\n", fault_stats.segv);
  printk("pgfault_swapin %lu\n", fault_stats.swapin);
  printk("pgfault_swapin_major %lu\n", fault_stats.swapin_major);
}
