/*
 * mm_fork.c -- the life of an address space (sched_mm.h): mm_alloc with a
 * pgd sharing the kernel half of swapper_pg_dir, the mm_users / mm_count
 * references, fork's dup_mmap and exit's exit_mmap.  Linux keeps these in
 * kernel/fork.c and mm/mmap.c; they live in firmware/mm here because the
 * process side (firmware/kernel) only calls them.
 */
#include "sched_mm.h"

#include <string.h>

#include "asid.h"
#include "gfp.h"
#include "memory.h"
#include "mmap.h"
#include "printk.h"
#include "rmap.h"
#include "slab.h"
#include "tlbflush.h"

unsigned long nr_mm_structs;

/* A pgd whose user half is empty and whose kernel half is swapper_pg_dir's (Linux pgd_alloc). */
static pgd_t *pgd_alloc(void) {
  struct page *page = alloc_page(GFP_KERNEL);
  if (!page) return NULL;
  pgd_t *pgd = page_address(page);
  unsigned long user = pgd_index(TASK_SIZE);
  memset(pgd, 0, user * sizeof(pgd_t));
  memcpy(pgd + user, init_mm.pgd + user, (PTRS_PER_PGD - user) * sizeof(pgd_t));
  return pgd;
}

struct mm_struct *mm_alloc(void) {
  if (init_zero_page()) return NULL;
  struct mm_struct *mm = kzalloc(sizeof *mm, GFP_KERNEL);
  if (!mm) return NULL;
  mm->pgd = pgd_alloc();
  if (!mm->pgd) {
    kfree(mm);
    return NULL;
  }
  mm->mm_users = 1;
  mm->mm_count = 1;
  arch_pick_mmap_layout(mm);
  nr_mm_structs++;
  return mm;
}

void mmdrop(struct mm_struct *mm) {
  if (mm->mm_count <= 0) panic("mmdrop: mm %p has mm_count %d", (void *)mm, mm->mm_count);
  if (--mm->mm_count) return;
  if (mm->mm_users) panic("mmdrop: mm %p freed with %d users", (void *)mm, mm->mm_users);
  if (mm == &init_mm) panic("mmdrop: init_mm");
  /* A later mm may get this address: switch_mm must not take it for prev. */
  if (active_mm_asid == mm) active_mm_asid = NULL;
  __free_page(virt_to_page(mm->pgd));
  kfree(mm);
  nr_mm_structs--;
}

void mmput(struct mm_struct *mm) {
  if (mm->mm_users <= 0) panic("mmput: mm %p has mm_users %d", (void *)mm, mm->mm_users);
  if (--mm->mm_users) return;
  exit_mmap(mm);
  mmdrop(mm);
}

void exit_mmap(struct mm_struct *mm) {
  struct mmu_gather tlb;
  tlb_gather_mmu(&tlb, mm, true);
  for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
    zap_page_range(&tlb, v, v->vm_start, v->vm_end);
  free_pgtables(&tlb, mm, 0, TASK_SIZE);
  while (mm->mmap) {
    struct vm_area_struct *v = mm->mmap;
    remove_vm_struct(mm, v);
    vma_release(v);
  }
  tlb_finish_mmu(&tlb); /* fullmm: one ASID flush */
  for (unsigned long pgd = 0; pgd < pgd_index(TASK_SIZE); pgd++)
    if (!pgd_none(mm->pgd[pgd])) panic("exit_mmap: pgd entry %lu still set", pgd);
}

int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm) {
  bool wrprotected = false;
  for (struct vm_area_struct *v = oldmm->mmap; v; v = v->vm_next) {
    if (v->vm_flags & VM_DONTCOPY) continue;
    struct vm_area_struct *n = vm_area_alloc(mm);
    if (!n) return -ENOMEM;
    *n = *v;
    n->vm_mm = mm;
    if (anon_vma_fork(n, v)) { /* also initializes n's list heads */
      vma_release(n);
      if (wrprotected) flush_tlb_mm(oldmm);
      return -ENOMEM;
    }
    if (!list_empty(&v->shared)) list_add(&n->shared, &v->shared); /* the file's i_mmap */
    if (insert_vm_struct(mm, n)) panic("dup_mmap: overlapping areas in the parent");
    if (!(v->vm_flags & VM_SHARED) && (v->vm_flags & VM_WRITE)) wrprotected = true;
    if (copy_page_range(mm, oldmm, v)) {
      if (wrprotected) flush_tlb_mm(oldmm);
      return -ENOMEM;
    }
  }
  /* The parent's TLB may still hold the writable translations just protected. */
  if (wrprotected) flush_tlb_mm(oldmm);
  return 0;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm) {
  struct mm_struct *mm = mm_alloc();
  if (!mm) return NULL;
  mm->mmap_base = oldmm->mmap_base;
  mm->task_size = oldmm->task_size;
  mm->start_code = oldmm->start_code;
  mm->end_code = oldmm->end_code;
  mm->start_data = oldmm->start_data;
  mm->end_data = oldmm->end_data;
  mm->start_brk = oldmm->start_brk;
  mm->brk = oldmm->brk;
  mm->start_stack = oldmm->start_stack;
  mm->hiwater_rss = get_mm_rss(oldmm);
  if (dup_mmap(mm, oldmm)) {
    mmput(mm); /* exit_mmap frees what was copied */
    return NULL;
  }
  return mm;
}
