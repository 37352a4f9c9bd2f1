/*
 * mm_user.h -- user address spaces for the process side (issue 10): the
 * subset of Linux's mm_struct / vm_area_struct / handle_mm_fault that
 * processes need, with Linux's names and errnos.
 *
 * INTERIM: the "vma" branch builds the full version in firmware/mm (VMA
 * tree with merging, Svadu, RSS counters, /proc/<pid>/maps, the ASID
 * allocator there).  This file and mm_user.c keep the process side
 * working until then; they are meant to be replaced by it, which is why
 * every name here is Linux's.
 *
 * The kernel's struct mm_struct (mm_types.h) holds only pgd; a user mm
 * is a struct user_mm around it (to_user_mm).  VMAs are an address-
 * ordered singly linked list; neighbours are not merged.
 */
#ifndef KERNEL_MM_USER_H
#define KERNEL_MM_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "linux_abi.h"
#include "mm_types.h"
#include "page.h"
#include "pgtable.h"

#ifndef PAGE_ALIGN
#define PAGE_ALIGN(addr) (((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#endif

/* vm_flags (Linux values). */
#define VM_READ      0x00000001ul
#define VM_WRITE     0x00000002ul
#define VM_EXEC      0x00000004ul
#define VM_SHARED    0x00000008ul
#define VM_GROWSDOWN 0x00000100ul

/* handle_mm_fault flags and result (Linux names). */
#define FAULT_FLAG_WRITE       0x01u
#define FAULT_FLAG_USER        0x40u
#define FAULT_FLAG_INSTRUCTION 0x100u
#define FAULT_FLAG_DEFAULT     0u
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM    0x0001u
#define VM_FAULT_SIGSEGV 0x0040u
#define VM_FAULT_ERROR  (VM_FAULT_OOM | VM_FAULT_SIGSEGV)

#define STACK_GUARD_GAP (256ul << 12) /* Linux's stack_guard_gap: 256 pages */
#define STACK_RLIMIT    (8ul << 20)   /* RLIMIT_STACK default, 8 MiB */

struct vm_area_struct {
  unsigned long vm_start, vm_end; /* [start, end), page aligned */
  unsigned long vm_flags;
  pgprot_t vm_page_prot;
  struct mm_struct *vm_mm;
  struct vm_area_struct *vm_next; /* address order */
};

struct user_mm {
  struct mm_struct mm;            /* first: to_user_mm */
  struct vm_area_struct *mmap;    /* VMA list, address order */
  unsigned long start_code, end_code, start_data, end_data;
  unsigned long start_brk, brk, start_stack, mmap_base;
  int mm_users;
  unsigned long asid;             /* generation << bits | ASID (mmu_context.c) */
  unsigned long rss;              /* pages mapped (the zero page not counted) */
};

static inline struct user_mm *to_user_mm(struct mm_struct *mm) {
  return (struct user_mm *)mm;
}

/* A fresh mm: a page directory sharing swapper_pg_dir's kernel half, no VMAs; NULL when out of memory. */
struct mm_struct *mm_alloc(void);
/* Drops a user: at zero, every page, page table and VMA is freed (exit_mmap). */
void mmput(struct mm_struct *mm);
/* fork's copy: VMAs and PTEs, private writable pages write-protected in both (COW). */
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/* The first VMA with vm_end > addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* Grows a VM_GROWSDOWN vma down to addr; 0 or -ENOMEM (rlimit, guard gap). */
int expand_stack(struct vm_area_struct *vma, unsigned long addr);
/* Makes addr accessible as `flags` asks: zero page, anonymous page, COW. */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, unsigned int flags);

/* mmap of anonymous memory: the address, or -errno (as unsigned long). */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len, unsigned long prot);
int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int behavior);
/* brk(2): the new break, or the old one when it cannot move. */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);

/* Linux's IS_ERR_VALUE for do_mmap's result. */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* The zero page's refcount is never touched; other user pages count their mappings. */
extern struct page *zero_page;

/* Prints the /proc/<pid>/maps lines of mm (Linux's format, anonymous only). */
void show_maps(struct mm_struct *mm);

#endif /* KERNEL_MM_USER_H */
