/*
 * sched_mm.h -- the life of an address space (Linux <linux/sched/mm.h>
 * and kernel/fork.c): mm_alloc, the two reference counts, fork's copy
 * and exit's teardown.
 *
 *   mm_users  tasks running in the mm: mmget / mmput; the last mmput runs
 *             exit_mmap (frees every page and page table) and mmdrop
 *   mm_count  references to the struct itself (lazy TLB users, ASID
 *             bookkeeping): mmgrab / mmdrop; the last mmdrop frees the
 *             pgd and the struct.  All mm_users together hold one mm_count.
 */
#ifndef MM_SCHED_MM_H
#define MM_SCHED_MM_H

#include "mm_types.h"

/*
 * A new empty address space: mm_users = mm_count = 1, a pgd from the
 * buddy whose kernel half (entries from PAGE_OFFSET up) is copied from
 * swapper_pg_dir and whose user half is empty, the mmap layout picked.
 * NULL when out of memory.
 */
struct mm_struct *mm_alloc(void);

/* mm_users: take / drop a user; the last mmput tears the space down. */
static inline void mmget(struct mm_struct *mm) { mm->mm_users++; }
void mmput(struct mm_struct *mm);

/* mm_count: pin / unpin the struct and pgd; the last mmdrop frees them. */
static inline void mmgrab(struct mm_struct *mm) { mm->mm_count++; }
void mmdrop(struct mm_struct *mm);

/*
 * fork's copy of `oldmm` (Linux dup_mm): a new mm with the same layout
 * fields, a copy of every area except VM_DONTCOPY ones, and their page
 * tables (copy_page_range), then one flush of the parent's TLB when a
 * PTE was write-protected.  NULL when out of memory (nothing leaks).
 */
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/* Copies the areas and page tables of `oldmm` into the empty `mm`; 0 or -ENOMEM. */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);

/*
 * Unmaps every area of `mm`, frees every page, every PTE table and every
 * area; leaves the pgd (freed by the last mmdrop).  Flushes the mm's ASID.
 */
void exit_mmap(struct mm_struct *mm);

/* Address spaces alive (mm_alloc'ed and not yet freed by mmdrop). */
extern unsigned long nr_mm_structs;

#endif /* MM_SCHED_MM_H */
