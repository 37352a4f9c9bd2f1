/*
 * mmap.c -- the memory areas of a process: the area tree, mmap, munmap,
 * mprotect, brk, madvise, stack growth and the /proc views (mmap.h).
 *
 * The tree is an AVL tree keyed by vm_start (areas never overlap, so
 * vm_end orders them the same way).  Linux used an rbtree until 6.1 and
 * a maple tree since; AVL is chosen here because its recursive insert
 * and erase are short enough to check by reading, and its height bound
 * (1.44 log2 n) is tighter than the rbtree's.  Beside the tree, a sorted
 * doubly linked list gives the neighbours in O(1), as vm_next/vm_prev did
 * in Linux.
 */
#include "mmap.h"
#include "rmap.h"

#include "memory.h"
#include "printk.h"
#include "slab.h"
#include "tlbflush.h"

#define MAX_MAP_COUNT 65530 /* Linux's sysctl_max_map_count default */

/* ---- protection map ------------------------------------------------------ */

pgprot_t vm_get_page_prot(unsigned long vm_flags) {
  unsigned long acc = vm_flags & VM_ACCESS_FLAGS;
  bool shared = vm_flags & VM_SHARED;
  switch (acc) {
    case VM_NONE: return PAGE_NONE_USER;
    case VM_READ: return PAGE_READ_USER;
    case VM_EXEC: return PAGE_EXEC_USER;
    case VM_READ | VM_EXEC: return PAGE_READ_EXEC_USER;
    case VM_WRITE:
    case VM_WRITE | VM_READ: return shared ? PAGE_WRITE_USER : PAGE_COPY_USER;
    default: return shared ? PAGE_RWX_USER : PAGE_COPY_EXEC_USER; /* WRITE|EXEC (|READ) */
  }
}

/* ---- accounting ---------------------------------------------------------- */

static unsigned long vma_pages(const struct vm_area_struct *vma) {
  return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Adds (sign 1) or removes (sign -1) `vma`'s pages from the mm's VM counters. */
static void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages) {
  mm->total_vm += npages;
  if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC) mm->exec_vm += npages;
  else if (flags & VM_STACK) mm->stack_vm += npages;
  else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE) mm->data_vm += npages;
}

/* Changes the range of a linked area, keeping the counters (the order in the tree holds). */
static void vma_set_range(struct vm_area_struct *vma, unsigned long start, unsigned long end) {
  vm_stat_account(vma->vm_mm, vma->vm_flags, -(long)vma_pages(vma));
  if (!vma->vm_file) vma->vm_pgoff = start >> PAGE_SHIFT;
  else vma->vm_pgoff += ((long)start - (long)vma->vm_start) >> PAGE_SHIFT;
  vma->vm_start = start;
  vma->vm_end = end;
  vm_stat_account(vma->vm_mm, vma->vm_flags, (long)vma_pages(vma));
}

static void vma_set_flags(struct vm_area_struct *vma, unsigned long flags) {
  vm_stat_account(vma->vm_mm, vma->vm_flags, -(long)vma_pages(vma));
  vma->vm_flags = flags;
  vma->vm_page_prot = vm_get_page_prot(flags);
  vm_stat_account(vma->vm_mm, vma->vm_flags, (long)vma_pages(vma));
}

/* ---- the AVL tree ---------------------------------------------------------- */

static int height(const struct vm_area_struct *n) { return n ? n->vm_height : 0; }

static void update_height(struct vm_area_struct *n) {
  int l = height(n->vm_left), r = height(n->vm_right);
  n->vm_height = 1 + (l > r ? l : r);
}

static struct vm_area_struct *rotate_right(struct vm_area_struct *y) {
  struct vm_area_struct *x = y->vm_left;
  y->vm_left = x->vm_right;
  x->vm_right = y;
  update_height(y);
  update_height(x);
  return x;
}

static struct vm_area_struct *rotate_left(struct vm_area_struct *x) {
  struct vm_area_struct *y = x->vm_right;
  x->vm_right = y->vm_left;
  y->vm_left = x;
  update_height(x);
  update_height(y);
  return y;
}

/* Restores |height(left) - height(right)| <= 1 at `n`; returns the subtree's new root. */
static struct vm_area_struct *rebalance(struct vm_area_struct *n) {
  update_height(n);
  int b = height(n->vm_left) - height(n->vm_right);
  if (b > 1) {
    if (height(n->vm_left->vm_left) < height(n->vm_left->vm_right))
      n->vm_left = rotate_left(n->vm_left);
    return rotate_right(n);
  }
  if (b < -1) {
    if (height(n->vm_right->vm_right) < height(n->vm_right->vm_left))
      n->vm_right = rotate_right(n->vm_right);
    return rotate_left(n);
  }
  return n;
}

static struct vm_area_struct *avl_insert(struct vm_area_struct *root, struct vm_area_struct *v) {
  if (!root) {
    v->vm_left = v->vm_right = NULL;
    v->vm_height = 1;
    return v;
  }
  if (v->vm_start < root->vm_start) root->vm_left = avl_insert(root->vm_left, v);
  else root->vm_right = avl_insert(root->vm_right, v);
  return rebalance(root);
}

static struct vm_area_struct *avl_remove_min(struct vm_area_struct *n,
                                             struct vm_area_struct **min) {
  if (!n->vm_left) {
    *min = n;
    return n->vm_right;
  }
  n->vm_left = avl_remove_min(n->vm_left, min);
  return rebalance(n);
}

static struct vm_area_struct *avl_erase(struct vm_area_struct *root, struct vm_area_struct *v) {
  if (!root) panic("avl_erase: area %08lx-%08lx not in its tree", v->vm_start, v->vm_end);
  if (v->vm_start < root->vm_start) {
    root->vm_left = avl_erase(root->vm_left, v);
  } else if (v->vm_start > root->vm_start) {
    root->vm_right = avl_erase(root->vm_right, v);
  } else {
    if (root != v) panic("avl_erase: two areas start at %08lx", v->vm_start);
    struct vm_area_struct *l = v->vm_left, *r = v->vm_right, *m;
    if (!r) return l;
    r = avl_remove_min(r, &m);
    m->vm_left = l;
    m->vm_right = r;
    return rebalance(m);
  }
  return rebalance(root);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr) {
  struct vm_area_struct *n = mm->mm_rb, *best = NULL;
  while (n) {
    if (n->vm_end > addr) {
      best = n;
      if (n->vm_start <= addr) break;
      n = n->vm_left;
    } else {
      n = n->vm_right;
    }
  }
  return best;
}

static struct vm_area_struct *last_vma(struct mm_struct *mm) {
  struct vm_area_struct *n = mm->mm_rb;
  while (n && n->vm_right) n = n->vm_right;
  return n;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
                                     struct vm_area_struct **pprev) {
  struct vm_area_struct *vma = find_vma(mm, addr);
  *pprev = vma ? vma->vm_prev : last_vma(mm);
  return vma;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
                                             unsigned long end) {
  struct vm_area_struct *vma = find_vma(mm, start);
  return vma && vma->vm_start < end ? vma : NULL;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr) {
  struct vm_area_struct *vma = find_vma(mm, addr);
  return vma && vma->vm_start <= addr ? vma : NULL;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm) {
  struct vm_area_struct *vma = kzalloc(sizeof *vma, GFP_KERNEL);
  if (vma) {
    vma->vm_mm = mm;
    vma_init_lists(vma);
  }
  return vma;
}

void vma_release(struct vm_area_struct *vma) {
  unlink_anon_vmas(vma);
  vma_unlink_file(vma);
  kfree(vma);
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma) {
  if (find_vma_intersection(mm, vma->vm_start, vma->vm_end)) return -ENOMEM;
  struct vm_area_struct *prev, *next = find_vma_prev(mm, vma->vm_start, &prev);
  vma->vm_mm = mm;
  vma->vm_prev = prev;
  vma->vm_next = next;
  if (prev) prev->vm_next = vma;
  else mm->mmap = vma;
  if (next) next->vm_prev = vma;
  mm->mm_rb = avl_insert(mm->mm_rb, vma);
  mm->map_count++;
  vm_stat_account(mm, vma->vm_flags, (long)vma_pages(vma));
  return 0;
}

void remove_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma) {
  mm->mm_rb = avl_erase(mm->mm_rb, vma);
  if (vma->vm_prev) vma->vm_prev->vm_next = vma->vm_next;
  else mm->mmap = vma->vm_next;
  if (vma->vm_next) vma->vm_next->vm_prev = vma->vm_prev;
  vma->vm_next = vma->vm_prev = vma->vm_left = vma->vm_right = NULL;
  mm->map_count--;
  vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
              int new_below) {
  if (addr <= vma->vm_start || addr >= vma->vm_end || (addr & ~PAGE_MASK))
    panic("split_vma: %08lx not inside %08lx-%08lx", addr, vma->vm_start, vma->vm_end);
  if (mm->map_count >= MAX_MAP_COUNT) return -ENOMEM;
  struct vm_area_struct *new = vm_area_alloc(mm);
  if (!new) return -ENOMEM;
  *new = *vma;
  vma_init_lists(new);
  if (anon_vma_clone(new, vma)) {
    kfree(new);
    return -ENOMEM;
  }
  if (!list_empty(&vma->shared)) list_add(&new->shared, &vma->shared); /* same file, same i_mmap */
  if (new_below) {
    new->vm_end = addr;
    vma_set_range(vma, addr, vma->vm_end);
  } else {
    new->vm_start = addr;
    new->vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
    vma_set_range(vma, vma->vm_start, addr);
  }
  if (insert_vm_struct(mm, new)) panic("split_vma: the new half overlaps");
  return 0;
}

/* Can an area with `flags` grow into the neighbour `vma` (same flags, anonymous)? */
static bool can_merge(const struct vm_area_struct *vma, unsigned long flags) {
  return vma && vma->vm_flags == flags && !vma->vm_file && !(flags & VM_SHARED);
}

/* May areas with anon_vmas `a` and `b` become one (Linux is_mergeable_anon_vma)? */
static bool anon_vmas_compatible(const struct anon_vma *a, const struct anon_vma *b) {
  return !a || !b || a == b;
}

/*
 * `keep` takes over the range of `gone`: when only `gone` had anonymous
 * pages, `keep` inherits its chain so that rmap still finds them.  0 or -ENOMEM.
 */
static int vma_adopt_anon(struct vm_area_struct *keep, struct vm_area_struct *gone) {
  if (keep->anon_vma || !gone->anon_vma) return 0;
  if (anon_vma_clone(keep, gone)) return -ENOMEM;
  keep->anon_vma = gone->anon_vma;
  return 0;
}

/*
 * vma_merge for a range whose pages name `anon` (NULL: none yet): a
 * neighbour joins only with a compatible anon_vma, and the survivor
 * inherits the chain of an area it swallows.
 */
static struct vm_area_struct *__vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
                                          unsigned long addr, unsigned long end,
                                          unsigned long vm_flags, struct anon_vma *anon) {
  struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;
  bool merge_prev = can_merge(prev, vm_flags) && prev->vm_end == addr &&
                    anon_vmas_compatible(prev->anon_vma, anon);
  bool merge_next = can_merge(next, vm_flags) && next->vm_start == end &&
                    anon_vmas_compatible(next->anon_vma, anon);
  if (merge_prev && merge_next &&
      (!anon_vmas_compatible(prev->anon_vma, next->anon_vma) || vma_adopt_anon(prev, next)))
    merge_next = false;
  if (merge_prev && merge_next) {
    unsigned long next_end = next->vm_end;
    remove_vm_struct(mm, next);
    vma_release(next);
    vma_set_range(prev, prev->vm_start, next_end);
    return prev;
  }
  if (merge_prev) {
    vma_set_range(prev, prev->vm_start, end);
    return prev;
  }
  if (merge_next) {
    vma_set_range(next, addr, next->vm_end);
    return next;
  }
  return NULL;
}

struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
                                 unsigned long addr, unsigned long end,
                                 unsigned long vm_flags) {
  return __vma_merge(mm, prev, addr, end, vm_flags, NULL);
}

/* Merges `vma` with its neighbours where they are compatible; returns the survivor. */
static struct vm_area_struct *merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma) {
  struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
  unsigned long start = vma->vm_start, end = vma->vm_end, flags = vma->vm_flags;
  struct anon_vma *anon = vma->anon_vma;
  if (!can_merge(vma, flags)) return vma;
  bool to_prev = can_merge(prev, flags) && prev->vm_end == start &&
                 anon_vmas_compatible(prev->anon_vma, anon);
  bool to_next = can_merge(next, flags) && next->vm_start == end &&
                 anon_vmas_compatible(next->anon_vma, anon);
  if (!to_prev && !to_next) return vma;
  /* The survivor (prev when it joins, else next) must chain to what vma's pages name. */
  if (vma_adopt_anon(to_prev ? prev : next, vma)) return vma;
  remove_vm_struct(mm, vma);
  vma_release(vma);
  return __vma_merge(mm, prev, start, end, flags, anon);
}

/* ---- validation -------------------------------------------------------------- */

static int check_subtree(const struct vm_area_struct *n, unsigned long lo, unsigned long hi,
                         int *count) {
  if (!n) return 0;
  if (n->vm_start >= n->vm_end || n->vm_start < lo || n->vm_end > hi) return -1;
  int l = check_subtree(n->vm_left, lo, n->vm_start, count);
  int r = check_subtree(n->vm_right, n->vm_end, hi, count);
  if (l < 0 || r < 0) return -1;
  if (n->vm_height != 1 + (l > r ? l : r) || l - r > 1 || r - l > 1) return -1;
  (*count)++;
  return n->vm_height;
}

int validate_mm(struct mm_struct *mm) {
  int count = 0;
  if (check_subtree(mm->mm_rb, 0, ~0ul, &count) < 0) {
    printk("validate_mm: tree order, overlap or balance broken\n");
    return 1;
  }
  if (count != mm->map_count) {
    printk("validate_mm: %d areas in the tree, map_count %d\n", count, mm->map_count);
    return 2;
  }
  int listed = 0;
  unsigned long pages = 0;
  for (struct vm_area_struct *v = mm->mmap, *prev = NULL; v; prev = v, v = v->vm_next) {
    if (v->vm_prev != prev || (prev && prev->vm_end > v->vm_start) || find_vma(mm, v->vm_start) != v) {
      printk("validate_mm: list broken at %08lx-%08lx\n", v->vm_start, v->vm_end);
      return 3;
    }
    if (v->vm_mm != mm || (v->vm_start | v->vm_end) & ~PAGE_MASK) {
      printk("validate_mm: bad area %08lx-%08lx\n", v->vm_start, v->vm_end);
      return 4;
    }
    listed++;
    pages += vma_pages(v);
  }
  if (listed != count || pages != mm->total_vm) {
    printk("validate_mm: %d listed, %lu pages, total_vm %lu\n", listed, pages, mm->total_vm);
    return 5;
  }
  return 0;
}

/* ---- layout -------------------------------------------------------------------- */

void arch_pick_mmap_layout(struct mm_struct *mm) {
  unsigned long gap = STACK_RLIMIT + STACK_GUARD_GAP;
  if (gap < MMAP_MIN_GAP) gap = MMAP_MIN_GAP;
  mm->task_size = TASK_SIZE;
  mm->mmap_base = (STACK_TOP - gap) & PAGE_MASK;
}

/* The lowest address the area's guard gap allows below it (Linux vm_start_gap). */
static unsigned long vm_start_gap(const struct vm_area_struct *vma) {
  unsigned long start = vma->vm_start;
  if (vma->vm_flags & VM_GROWSDOWN) start = start > STACK_GUARD_GAP ? start - STACK_GUARD_GAP : 0;
  return start;
}

/* Is [addr, addr + len) free, guard gaps included? */
static bool range_free(struct mm_struct *mm, unsigned long addr, unsigned long len) {
  struct vm_area_struct *prev, *next = find_vma_prev(mm, addr, &prev);
  return (!next || addr + len <= vm_start_gap(next)) && (!prev || prev->vm_end <= addr);
}

/* The highest free range of `len` below `high` (top-down search), or 0. */
static unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
                                           unsigned long high) {
  struct vm_area_struct *next = NULL, *prev = last_vma(mm);
  for (;;) {
    unsigned long gap_start = prev ? prev->vm_end : MMAP_MIN_ADDR;
    unsigned long gap_end = next ? vm_start_gap(next) : TASK_SIZE;
    if (gap_end > high) gap_end = high;
    if (gap_start < MMAP_MIN_ADDR) gap_start = MMAP_MIN_ADDR;
    if (gap_end > gap_start && gap_end - gap_start >= len) return gap_end - len;
    if (!prev) return 0;
    next = prev;
    prev = prev->vm_prev;
  }
}

unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
                                unsigned long pgoff, unsigned long flags) {
  (void)pgoff;
  if (len > TASK_SIZE - MMAP_MIN_ADDR) return (unsigned long)-ENOMEM;
  if (flags & MAP_FIXED) {
    if (addr & ~PAGE_MASK) return (unsigned long)-EINVAL;
    if (addr > TASK_SIZE - len) return (unsigned long)-ENOMEM;
    return addr;
  }
  if (addr) {
    addr = ALIGN(addr, PAGE_SIZE);
    if (addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len && range_free(mm, addr, len)) return addr;
  }
  addr = unmapped_area_topdown(mm, len, mm->mmap_base);
  if (!addr) addr = unmapped_area_topdown(mm, len, TASK_SIZE); /* Linux's bottom-up fallback */
  return addr ? addr : (unsigned long)-ENOMEM;
}

/* ---- munmap ------------------------------------------------------------------ */

/*
 * Zaps [start, end) of every area in it into one mmu_gather, frees the
 * PTE tables left empty, then flushes once (tlb_finish_mmu): the pages
 * actually cleared one by one, or the whole ASID above the threshold or
 * when a PTE table was freed (the walker may cache the pgd entry).
 */
static void unmap_and_flush(struct mm_struct *mm, struct vm_area_struct *first, unsigned long start,
                            unsigned long end, bool free_tables) {
  struct mmu_gather tlb;
  tlb_gather_mmu(&tlb, mm, false);
  for (struct vm_area_struct *v = first; v && v->vm_start < end; v = v->vm_next) {
    unsigned long s = v->vm_start > start ? v->vm_start : start;
    unsigned long e = v->vm_end < end ? v->vm_end : end;
    zap_page_range(&tlb, v, s, e);
  }
  if (free_tables && tlb.start < tlb.end) free_pgtables(&tlb, mm, tlb.start, tlb.end);
  tlb_finish_mmu(&tlb);
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len) {
  if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start) return -EINVAL;
  len = ALIGN(len, PAGE_SIZE);
  if (!len) return -EINVAL;
  unsigned long end = start + len;
  struct vm_area_struct *vma = find_vma(mm, start);
  if (!vma || vma->vm_start >= end) return 0;
  if (vma->vm_start < start) {
    int err = split_vma(mm, vma, start, 0);
    if (err) return err;
    vma = vma->vm_next;
  }
  struct vm_area_struct *last = find_vma(mm, end);
  if (last && last->vm_start < end) {
    int err = split_vma(mm, last, end, 1);
    if (err) return err;
  }
  vma = find_vma(mm, start); /* the split below may have replaced it */
  unmap_and_flush(mm, vma, start, end, true);
  while (vma && vma->vm_start < end) {
    struct vm_area_struct *next = vma->vm_next;
    remove_vm_struct(mm, vma);
    vma_release(vma);
    vma = next;
  }
  return 0;
}

/* ---- mmap ------------------------------------------------------------------- */

static unsigned long calc_vm_prot_bits(unsigned long prot) {
  return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
         ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* Maps every page of a shared anonymous area now (there is no shmem object to refault from). */
static int populate_shared(struct vm_area_struct *vma) {
  for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE)
    if (handle_mm_fault(vma, a, FAULT_FLAG_WRITE) & VM_FAULT_ERROR) return -ENOMEM;
  return 0;
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags, unsigned long pgoff) {
  if (!len) return (unsigned long)-EINVAL;
  if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
  if (!(flags & MAP_FIXED) && addr && addr < MMAP_MIN_ADDR) addr = MMAP_MIN_ADDR; /* round_hint_to_min */
  len = ALIGN(len, PAGE_SIZE);
  if (!len) return (unsigned long)-ENOMEM;
  if (pgoff + (len >> PAGE_SHIFT) < pgoff) return (unsigned long)-EOVERFLOW;
  if (mm->map_count > MAX_MAP_COUNT) return (unsigned long)-ENOMEM;
  addr = get_unmapped_area(mm, addr, len, pgoff, flags);
  if (IS_ERR_VALUE(addr)) return addr;
  if ((flags & MAP_FIXED) && addr < MMAP_MIN_ADDR) return (unsigned long)-EPERM;
  if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
    return (unsigned long)-EEXIST;

  unsigned long vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  if (flags & MAP_GROWSDOWN) vm_flags |= VM_GROWSDOWN;
  if (flags & MAP_LOCKED) vm_flags |= VM_LOCKED;
  switch (flags & MAP_TYPE) {
    case MAP_SHARED:
    case MAP_SHARED_VALIDATE:
      if (vm_flags & VM_GROWSDOWN) return (unsigned long)-EINVAL;
      vm_flags |= VM_SHARED | VM_MAYSHARE;
      pgoff = 0;
      break;
    case MAP_PRIVATE:
      pgoff = addr >> PAGE_SHIFT;
      break;
    default: return (unsigned long)-EINVAL;
  }

  /* mmap_region: clear the range, then extend a neighbour or add an area. */
  int err = do_munmap(mm, addr, len);
  if (err) return (unsigned long)(long)err;
  struct vm_area_struct *prev;
  find_vma_prev(mm, addr, &prev);
  if (vma_merge(mm, prev, addr, addr + len, vm_flags)) return addr;
  struct vm_area_struct *vma = vm_area_alloc(mm);
  if (!vma) return (unsigned long)-ENOMEM;
  vma->vm_start = addr;
  vma->vm_end = addr + len;
  vma->vm_flags = vm_flags;
  vma->vm_page_prot = vm_get_page_prot(vm_flags);
  vma->vm_pgoff = pgoff;
  if (insert_vm_struct(mm, vma)) panic("do_mmap: range %08lx-%08lx still mapped", addr, addr + len);
  if ((vm_flags & VM_SHARED) && populate_shared(vma)) {
    do_munmap(mm, addr, len);
    return (unsigned long)-ENOMEM;
  }
  return addr;
}

unsigned long vm_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags, int fd, unsigned long offset) {
  (void)fd;
  if (offset & ~PAGE_MASK) return (unsigned long)-EINVAL;
  if (!(flags & MAP_ANONYMOUS)) return (unsigned long)-EBADF; /* no file is open anywhere yet */
  return do_mmap(mm, addr, len, prot, flags, offset >> PAGE_SHIFT);
}

/* ---- mprotect ------------------------------------------------------------------ */

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
                unsigned long prot) {
  unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
  prot &= ~grows;
  if (start & ~PAGE_MASK) return -EINVAL;
  if (!len) return 0;
  len = ALIGN(len, PAGE_SIZE);
  unsigned long end = start + len;
  if (end <= start) return -ENOMEM;
  if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (grows & PROT_GROWSUP)) return -EINVAL;
  if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC)) return -EINVAL;
  if (end > TASK_SIZE) return -ENOMEM;

  struct vm_area_struct *vma = find_vma(mm, start);
  if (!vma) return -ENOMEM;
  if (grows & PROT_GROWSDOWN) {
    if (vma->vm_start >= end || !(vma->vm_flags & VM_GROWSDOWN)) return -EINVAL;
    start = vma->vm_start;
  } else if (vma->vm_start > start) {
    return -ENOMEM;
  }
  unsigned long newbits = calc_vm_prot_bits(prot);
  /* Check the whole range first: a hole is ENOMEM, a right beyond VM_MAY* EACCES. */
  unsigned long at = start;
  for (struct vm_area_struct *v = vma; at < end; v = v->vm_next) {
    if (!v || v->vm_start > at) return -ENOMEM;
    if (newbits & ~(v->vm_flags >> 4) & VM_ACCESS_FLAGS) return -EACCES;
    at = v->vm_end;
  }
  if (vma->vm_start < start) {
    if (split_vma(mm, vma, start, 0)) return -ENOMEM;
    vma = vma->vm_next;
  }
  unsigned long changed = 0;
  while (vma && vma->vm_start < end) {
    if (vma->vm_end > end && split_vma(mm, vma, end, 0)) return -ENOMEM;
    vma_set_flags(vma, (vma->vm_flags & ~VM_ACCESS_FLAGS) | newbits);
    changed += change_protection(vma, vma->vm_start, vma->vm_end, vma->vm_page_prot);
    unsigned long vend = vma->vm_end;
    vma = merge_neighbours(mm, vma);
    vma = vend < end ? find_vma(mm, vend) : NULL;
  }
  if (changed) flush_tlb_range(mm, start, end);
  return 0;
}

/* ---- brk --------------------------------------------------------------------- */

int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
                 unsigned long flags) {
  len = ALIGN(len, PAGE_SIZE);
  if (!len) return 0;
  if (addr < MMAP_MIN_ADDR || addr > TASK_SIZE - len || (addr & ~PAGE_MASK)) return -ENOMEM;
  int err = do_munmap(mm, addr, len);
  if (err) return err;
  flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;
  struct vm_area_struct *prev;
  find_vma_prev(mm, addr, &prev);
  if (vma_merge(mm, prev, addr, addr + len, flags)) return 0;
  struct vm_area_struct *vma = vm_area_alloc(mm);
  if (!vma) return -ENOMEM;
  vma->vm_start = addr;
  vma->vm_end = addr + len;
  vma->vm_flags = flags;
  vma->vm_page_prot = vm_get_page_prot(flags);
  vma->vm_pgoff = addr >> PAGE_SHIFT;
  if (insert_vm_struct(mm, vma)) panic("vm_brk_flags: range %08lx still mapped", addr);
  return 0;
}

unsigned long sys_brk(struct mm_struct *mm, unsigned long brk) {
  if (brk < mm->start_brk || brk > TASK_SIZE) return mm->brk;
  unsigned long newbrk = ALIGN(brk, PAGE_SIZE), oldbrk = ALIGN(mm->brk, PAGE_SIZE);
  if (newbrk == oldbrk) {
    mm->brk = brk;
    return brk;
  }
  if (brk <= mm->brk) {
    if (do_munmap(mm, newbrk, oldbrk - newbrk)) return mm->brk;
    mm->brk = brk;
    return brk;
  }
  struct vm_area_struct *next = find_vma(mm, oldbrk);
  if (next && newbrk + PAGE_SIZE > vm_start_gap(next)) return mm->brk;
  if (vm_brk_flags(mm, oldbrk, newbrk - oldbrk, 0)) return mm->brk;
  mm->brk = brk;
  return brk;
}

/* ---- madvise, stack ---------------------------------------------------------- */

int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int behavior) {
  if (behavior < MADV_NORMAL || behavior > MADV_DONTNEED) return -EINVAL;
  if (start & ~PAGE_MASK) return -EINVAL;
  unsigned long alen = ALIGN(len, PAGE_SIZE);
  if (len && !alen) return -EINVAL;
  unsigned long end = start + alen;
  if (end < start) return -EINVAL;
  if (end == start) return 0;
  int unmapped_error = 0;
  unsigned long at = start;
  struct vm_area_struct *vma = find_vma(mm, start);
  for (struct vm_area_struct *v = vma; at < end; v = v->vm_next) {
    if (!v || v->vm_start >= end) {
      unmapped_error = -ENOMEM;
      break;
    }
    if (v->vm_start > at) unmapped_error = -ENOMEM;
    if (behavior == MADV_DONTNEED && (v->vm_flags & (VM_LOCKED | VM_PFNMAP))) return -EINVAL;
    at = v->vm_end;
  }
  if (behavior == MADV_DONTNEED) {
    /* Shared areas keep their pages: a refault would find the same page in shmem. */
    struct mmu_gather tlb;
    tlb_gather_mmu(&tlb, mm, false);
    for (struct vm_area_struct *v = vma; v && v->vm_start < end; v = v->vm_next) {
      if (v->vm_flags & VM_SHARED) continue;
      unsigned long s = v->vm_start > start ? v->vm_start : start;
      unsigned long e = v->vm_end < end ? v->vm_end : end;
      zap_page_range(&tlb, v, s, e);
    }
    tlb_finish_mmu(&tlb);
  }
  return unmapped_error;
}

int expand_stack(struct vm_area_struct *vma, unsigned long address) {
  address &= PAGE_MASK;
  if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start) return -EFAULT;
  if (address < MMAP_MIN_ADDR) return -EPERM;
  if (vma->vm_end - address > STACK_RLIMIT) return -ENOMEM;
  struct vm_area_struct *prev = vma->vm_prev;
  if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
      (address < STACK_GUARD_GAP || prev->vm_end > address - STACK_GUARD_GAP))
    return -ENOMEM;
  vma_set_range(vma, address, vma->vm_end);
  return 0;
}

/* ---- views --------------------------------------------------------------------- */

void show_maps(struct mm_struct *mm) {
  for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
    unsigned long f = v->vm_flags;
    unsigned long pgoff = v->vm_file ? v->vm_pgoff << PAGE_SHIFT : 0;
    const char *name = NULL;
    if (v->vm_start <= mm->brk && v->vm_end >= mm->start_brk && mm->start_brk) name = "[heap]";
    else if (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack) name = "[stack]";
    /* Linux pads the 40-character prefix of a 32-bit line to 48 columns before the name. */
    printk("%08lx-%08lx %c%c%c%c %08lx 00:00 0 %s%s\n", v->vm_start, v->vm_end,
           (f & VM_READ) ? 'r' : '-', (f & VM_WRITE) ? 'w' : '-', (f & VM_EXEC) ? 'x' : '-',
           (f & VM_MAYSHARE) ? 's' : 'p', pgoff, name ? "         " : "", name ? name : "");
  }
}

void show_mm_status(struct mm_struct *mm) {
  unsigned long kb = PAGE_SIZE >> KB_SHIFT;
  unsigned long rss = get_mm_rss(mm);
  if (rss > mm->hiwater_rss) mm->hiwater_rss = rss;
  printk("VmSize:\t%8lu kB\n", mm->total_vm * kb);
  printk("VmHWM:\t%8lu kB\n", mm->hiwater_rss * kb);
  printk("VmRSS:\t%8lu kB\n", rss * kb);
  printk("RssAnon:\t%8lu kB\n", (unsigned long)get_mm_counter(mm, MM_ANONPAGES) * kb);
  printk("RssFile:\t%8lu kB\n", (unsigned long)get_mm_counter(mm, MM_FILEPAGES) * kb);
  printk("RssShmem:\t%8lu kB\n", (unsigned long)get_mm_counter(mm, MM_SHMEMPAGES) * kb);
  printk("VmData:\t%8lu kB\n", mm->data_vm * kb);
  printk("VmStk:\t%8lu kB\n", mm->stack_vm * kb);
  printk("VmExe:\t%8lu kB\n", (mm->end_code - mm->start_code) >> KB_SHIFT);
}
