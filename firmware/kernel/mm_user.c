/*
 * mm_user.c -- user address spaces (interim, see mm_user.h): VMAs,
 * anonymous demand paging with the zero page, copy-on-write, mmap /
 * munmap / mprotect / madvise / brk, fork's copy and exit's teardown.
 *
 * PTEs get A (and D when writable) set when they are made, so the MMU's
 * Svade faults never happen for user pages.
 */
#include "mm_user.h"

#include "gfp.h"
#include "mmu_context.h"
#include "page.h"
#include "printk.h"
#include "process.h"
#include "slab.h"
#include "tlbflush.h"

#include <string.h>

struct page *zero_page;

#define USER_PTE_BASE (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

/* The PTE bits of a VMA (write permission only where it may write now). */
static pgprot_t vm_get_page_prot(unsigned long vm_flags) {
  uint32_t p = USER_PTE_BASE;
  if (vm_flags & (VM_READ | VM_WRITE)) p |= _PAGE_READ;
  if (vm_flags & VM_WRITE) p |= _PAGE_WRITE | _PAGE_DIRTY;
  if (vm_flags & VM_EXEC) p |= _PAGE_EXEC;
  return __pgprot(p);
}

static void flush_user_page(struct mm_struct *mm, unsigned long addr) {
  if (mm == current_active_mm()) local_flush_tlb_user_page(mm, addr);
}

static void flush_user_mm(struct mm_struct *mm) {
  if (mm == current_active_mm()) local_flush_tlb_user_mm(mm);
}

/* ---- page tables ---- */

/* The PTE of addr, allocating its table when `alloc`; NULL when none / no memory. */
static pte_t *user_pte(struct mm_struct *mm, unsigned long addr, bool alloc) {
  pgd_t *pgd = pgd_offset(mm, addr);
  if (pgd_none(*pgd)) {
    if (!alloc) return NULL;
    unsigned long table = get_zeroed_page(GFP_KERNEL);
    if (!table) return NULL;
    set_pgd(pgd, pfn_pgd(PHYS_PFN(__pa((void *)table)), PAGE_TABLE));
  }
  return pte_offset_kernel(pgd, addr);
}

/* Drops the page behind a present PTE (the zero page is never freed). */
static void put_user_page(struct mm_struct *mm, pte_t pte) {
  struct page *page = pfn_to_page(pte_pfn(pte));
  if (page == zero_page) return;
  to_user_mm(mm)->rss--;
  __free_pages(page, 0);
}

/* Unmaps [start, end) of mm: frees the pages, keeps the tables. */
static void zap_range(struct mm_struct *mm, unsigned long start, unsigned long end) {
  for (unsigned long a = start; a < end; a += PAGE_SIZE) {
    pgd_t *pgd = pgd_offset(mm, a);
    if (pgd_none(*pgd)) {
      a = (a & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;
      continue;
    }
    pte_t *pte = pte_offset_kernel(pgd, a);
    if (!pte_present(*pte)) continue;
    pte_t old = *pte;
    pte_clear(pte);
    flush_user_page(mm, a);
    put_user_page(mm, old);
  }
}

/* Frees every user PTE table of mm (after zap_range of everything). */
static void free_pgtables(struct mm_struct *mm) {
  for (unsigned long i = 0; i < pgd_index(TASK_SIZE); i++) {
    pgd_t *pgd = &mm->pgd[i];
    if (pgd_none(*pgd)) continue;
    free_pages(pgd_page_vaddr(*pgd), 0);
    pgd_clear(pgd);
  }
}

/* ---- VMAs ---- */

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr) {
  for (struct vm_area_struct *v = to_user_mm(mm)->mmap; v; v = v->vm_next)
    if (v->vm_end > addr) return v;
  return NULL;
}

static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
                                      unsigned long end, unsigned long flags) {
  struct vm_area_struct *v = kzalloc(sizeof(*v), GFP_KERNEL);
  if (!v) return NULL;
  v->vm_start = start;
  v->vm_end = end;
  v->vm_flags = flags;
  v->vm_page_prot = vm_get_page_prot(flags);
  v->vm_mm = mm;
  return v;
}

/* Links v into mm's list in address order. */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *v) {
  struct vm_area_struct **pp = &to_user_mm(mm)->mmap;
  while (*pp && (*pp)->vm_start < v->vm_start) pp = &(*pp)->vm_next;
  v->vm_next = *pp;
  *pp = v;
}

/* Splits v at addr (inside it): v keeps [start, addr), the new VMA gets the rest. */
static int split_vma(struct vm_area_struct *v, unsigned long addr) {
  struct vm_area_struct *n = vma_new(v->vm_mm, addr, v->vm_end, v->vm_flags);
  if (!n) return -ENOMEM;
  v->vm_end = addr;
  n->vm_next = v->vm_next;
  v->vm_next = n;
  return 0;
}

/* True when [start, end) meets no VMA. */
static bool range_free(struct mm_struct *mm, unsigned long start, unsigned long end) {
  struct vm_area_struct *v = find_vma(mm, start);
  return !v || v->vm_start >= end;
}

/* True when every page of [start, end) lies in some VMA. */
static bool range_mapped(struct mm_struct *mm, unsigned long start, unsigned long end) {
  unsigned long a = start;
  for (struct vm_area_struct *v = find_vma(mm, start); v && a < end; v = v->vm_next) {
    if (v->vm_start > a) return false;
    a = v->vm_end;
  }
  return a >= end;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len) {
  if (start & ~PAGE_MASK || start >= TASK_SIZE || len > TASK_SIZE - start) return -EINVAL;
  len = PAGE_ALIGN(len);
  if (!len) return -EINVAL;
  unsigned long end = start + len;
  struct vm_area_struct **pp = &to_user_mm(mm)->mmap;
  while (*pp) {
    struct vm_area_struct *v = *pp;
    if (v->vm_end <= start) {
      pp = &v->vm_next;
      continue;
    }
    if (v->vm_start >= end) break;
    if (v->vm_start < start) {
      if (split_vma(v, start)) return -ENOMEM;
      pp = &v->vm_next;
      continue;
    }
    if (v->vm_end > end && split_vma(v, end)) return -ENOMEM;
    zap_range(mm, v->vm_start, v->vm_end);
    *pp = v->vm_next;
    kfree(v);
  }
  return 0;
}

/* ---- mm lifetime ---- */

struct mm_struct *mm_alloc(void) {
  struct user_mm *u = kzalloc(sizeof(*u), GFP_KERNEL);
  if (!u) return NULL;
  unsigned long pgd = get_zeroed_page(GFP_KERNEL);
  if (!pgd) {
    kfree(u);
    return NULL;
  }
  u->mm.pgd = (pgd_t *)pgd;
  for (unsigned long i = pgd_index(TASK_SIZE); i < PTRS_PER_PGD; i++)
    u->mm.pgd[i] = swapper_pg_dir[i]; /* the kernel half, shared */
  u->mm_users = 1;
  u->mmap_base = STACK_TOP - STACK_RLIMIT - STACK_GUARD_GAP;
  return &u->mm;
}

void mmput(struct mm_struct *mm) {
  struct user_mm *u = to_user_mm(mm);
  if (--u->mm_users) return;
  while (u->mmap) {
    struct vm_area_struct *v = u->mmap;
    u->mmap = v->vm_next;
    zap_range(mm, v->vm_start, v->vm_end);
    kfree(v);
  }
  free_pgtables(mm);
  free_pages((unsigned long)mm->pgd, 0);
  kfree(u);
}

struct mm_struct *dup_mm(struct mm_struct *oldmm) {
  struct mm_struct *mm = mm_alloc();
  if (!mm) return NULL;
  struct user_mm *o = to_user_mm(oldmm), *u = to_user_mm(mm);
  u->start_code = o->start_code;
  u->end_code = o->end_code;
  u->start_data = o->start_data;
  u->end_data = o->end_data;
  u->start_brk = o->start_brk;
  u->brk = o->brk;
  u->start_stack = o->start_stack;
  u->mmap_base = o->mmap_base;
  bool wrprotected = false;
  for (struct vm_area_struct *v = o->mmap; v; v = v->vm_next) {
    struct vm_area_struct *n = vma_new(mm, v->vm_start, v->vm_end, v->vm_flags);
    if (!n) goto fail;
    vma_link(mm, n);
    bool cow = (v->vm_flags & (VM_SHARED | VM_WRITE)) == VM_WRITE;
    for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
      pgd_t *opgd = pgd_offset(oldmm, a);
      if (pgd_none(*opgd)) {
        a = (a & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;
        continue;
      }
      pte_t *opte = pte_offset_kernel(opgd, a);
      if (!pte_present(*opte)) continue;
      pte_t *npte = user_pte(mm, a, true);
      if (!npte) goto fail;
      if (cow && pte_write(*opte)) {
        set_pte(opte, pte_wrprotect(*opte));
        wrprotected = true;
      }
      struct page *page = pfn_to_page(pte_pfn(*opte));
      if (page != zero_page) {
        page->_refcount++;
        u->rss++;
      }
      set_pte(npte, *opte);
    }
  }
  if (wrprotected) flush_user_mm(oldmm);
  return mm;
fail:
  if (wrprotected) flush_user_mm(oldmm);
  mmput(mm);
  return NULL;
}

/* ---- faults ---- */

int expand_stack(struct vm_area_struct *vma, unsigned long addr) {
  struct mm_struct *mm = vma->vm_mm;
  addr &= PAGE_MASK;
  if (STACK_TOP - addr > STACK_RLIMIT) return -ENOMEM;
  struct vm_area_struct *prev = NULL;
  for (struct vm_area_struct *v = to_user_mm(mm)->mmap; v && v != vma; v = v->vm_next) prev = v;
  if (prev && prev->vm_end + STACK_GUARD_GAP > addr) return -ENOMEM;
  vma->vm_start = addr;
  return 0;
}

/* A fresh zeroed user page (clear_page through __GFP_ZERO), or NULL. */
static struct page *alloc_user_page(void) {
  return alloc_pages(GFP_USER | __GFP_ZERO, 0);
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long addr,
                           unsigned int flags) {
  struct mm_struct *mm = vma->vm_mm;
  addr &= PAGE_MASK;
  pte_t *pte = user_pte(mm, addr, true);
  if (!pte) return VM_FAULT_OOM;
  bool write = flags & FAULT_FLAG_WRITE;
  if (!pte_present(*pte)) {
    if (!write && !(vma->vm_flags & VM_SHARED)) { /* do_anonymous_page, read: the zero page */
      set_pte(pte, mk_pte(zero_page, __pgprot(pgprot_val(vma->vm_page_prot) &
                                              ~(_PAGE_WRITE | _PAGE_DIRTY))));
      return 0;
    }
    struct page *page = alloc_user_page();
    if (!page) return VM_FAULT_OOM;
    to_user_mm(mm)->rss++;
    set_pte(pte, mk_pte(page, vma->vm_page_prot));
    return 0;
  }
  if (write && !pte_write(*pte)) { /* do_wp_page */
    struct page *old = pfn_to_page(pte_pfn(*pte));
    if (old != zero_page && old->_refcount == 1) { /* the only mapping: reuse */
      set_pte(pte, mk_pte(old, vma->vm_page_prot));
    } else {
      struct page *page = alloc_pages(GFP_USER, 0);
      if (!page) return VM_FAULT_OOM;
      memcpy(page_address(page), page_address(old), PAGE_SIZE);
      to_user_mm(mm)->rss++;
      put_user_page(mm, *pte);
      set_pte(pte, mk_pte(page, vma->vm_page_prot));
    }
  }
  flush_user_page(mm, addr); /* the old PTE (or a stale miss) may be cached */
  return 0;
}

/* ---- mmap, mprotect, madvise, brk ---- */

static unsigned long prot_to_vm_flags(unsigned long prot) {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
         (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Top-down: the highest free gap of len bytes below mmap_base; 0 when none. */
static unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long len) {
  unsigned long top = to_user_mm(mm)->mmap_base;
  for (;;) {
    if (top < len + PAGE_SIZE) return 0;
    unsigned long start = top - len;
    struct vm_area_struct *v = find_vma(mm, start);
    if (!v || v->vm_start >= top) return start;
    top = v->vm_start; /* below the VMA that is in the way */
  }
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags) {
  unsigned long type = flags & MAP_TYPE;
  if (!len) return (unsigned long)-EINVAL;
  if (type != MAP_PRIVATE && type != MAP_SHARED) return (unsigned long)-EINVAL;
  if (len > TASK_SIZE || PAGE_ALIGN(len) > TASK_SIZE) return (unsigned long)-ENOMEM;
  len = PAGE_ALIGN(len);
  if (!(flags & MAP_ANONYMOUS)) return (unsigned long)-EBADF; /* no files to map yet */
  bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
  if (fixed) {
    if (addr & ~PAGE_MASK) return (unsigned long)-EINVAL;
    if (addr > TASK_SIZE - len) return (unsigned long)-ENOMEM;
    if (!range_free(mm, addr, addr + len)) {
      if (flags & MAP_FIXED_NOREPLACE) return (unsigned long)-EEXIST;
      int err = do_munmap(mm, addr, len);
      if (err) return (unsigned long)err;
    }
  } else {
    addr = PAGE_ALIGN(addr);
    if (!addr || addr > TASK_SIZE - len || !range_free(mm, addr, addr + len))
      addr = get_unmapped_area(mm, len);
    if (!addr) return (unsigned long)-ENOMEM;
  }
  unsigned long vm_flags = prot_to_vm_flags(prot) | (type == MAP_SHARED ? VM_SHARED : 0) |
                           (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
  struct vm_area_struct *v = vma_new(mm, addr, addr + len, vm_flags);
  if (!v) return (unsigned long)-ENOMEM;
  vma_link(mm, v);
  return addr;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len, unsigned long prot) {
  if (start & ~PAGE_MASK) return -EINVAL;
  if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) return -EINVAL;
  if (!len) return 0;
  if (start >= TASK_SIZE || len > TASK_SIZE - start) return -ENOMEM;
  unsigned long end = start + PAGE_ALIGN(len);
  if (!range_mapped(mm, start, end)) return -ENOMEM;
  for (struct vm_area_struct *v = find_vma(mm, start); v && v->vm_start < end; v = v->vm_next) {
    if (v->vm_start < start) {
      if (split_vma(v, start)) return -ENOMEM;
      continue; /* the loop goes on with the part from start */
    }
    if (v->vm_end > end && split_vma(v, end)) return -ENOMEM;
    v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | prot_to_vm_flags(prot);
    v->vm_page_prot = vm_get_page_prot(v->vm_flags);
    for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
      pte_t *pte = user_pte(mm, a, false);
      if (!pte || !pte_present(*pte)) continue;
      struct page *page = pfn_to_page(pte_pfn(*pte));
      pgprot_t p = v->vm_page_prot;
      bool shared_cow = page == zero_page ||
                        (page->_refcount > 1 && !(v->vm_flags & VM_SHARED));
      if (shared_cow) p = __pgprot(pgprot_val(p) & ~(_PAGE_WRITE | _PAGE_DIRTY));
      set_pte(pte, mk_pte(page, p));
      flush_user_page(mm, a);
    }
  }
  return 0;
}

int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int behavior) {
  if (start & ~PAGE_MASK) return -EINVAL;
  if (behavior < MADV_NORMAL || behavior > MADV_DONTNEED) return -EINVAL;
  if (!len) return 0;
  if (start >= TASK_SIZE || len > TASK_SIZE - start) return -EINVAL;
  unsigned long end = start + PAGE_ALIGN(len);
  if (!range_mapped(mm, start, end)) return -ENOMEM;
  if (behavior == MADV_DONTNEED) zap_range(mm, start, end);
  return 0;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long brk) {
  struct user_mm *u = to_user_mm(mm);
  if (brk < u->start_brk || brk >= TASK_SIZE) return u->brk;
  unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(u->brk);
  if (newbrk < oldbrk) {
    if (do_munmap(mm, newbrk, oldbrk - newbrk)) return u->brk;
  } else if (newbrk > oldbrk) {
    struct vm_area_struct *next = find_vma(mm, oldbrk);
    if (next && next->vm_start < newbrk + PAGE_SIZE) return u->brk; /* keep a gap */
    if (IS_ERR_VALUE(do_mmap(mm, oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE)))
      return u->brk;
  }
  u->brk = brk;
  return brk;
}

void show_maps(struct mm_struct *mm) {
  struct user_mm *u = to_user_mm(mm);
  for (struct vm_area_struct *v = u->mmap; v; v = v->vm_next) {
    const char *name = "";
    if (v->vm_start <= u->start_brk && v->vm_end >= u->brk && u->brk > u->start_brk) name = "[heap]";
    else if (v->vm_flags & VM_GROWSDOWN) name = "[stack]";
    printk("%08lx-%08lx %c%c%c%c 00000000 00:00 0 %s%s\n", v->vm_start, v->vm_end,
           v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
           v->vm_flags & VM_EXEC ? 'x' : '-', v->vm_flags & VM_SHARED ? 's' : 'p',
           *name ? "                          " : "", name);
  }
}
