/*
 * mm.h -- what Linux's <linux/mm.h> gives the process side: the VM_* flags
 * of a memory area, the protection map from VM_* to PTE bits, the page
 * reference and map counts, and the mm's RSS counters.
 *
 *   vm_flags bit   VM_READ VM_WRITE VM_EXEC VM_SHARED | VM_MAY* (what mprotect
 *   0x1 .. 0x8     (what the area allows now)          may still grant) 0x10..0x80
 *
 *   page counts    _refcount: references (PTEs, page tables, kernel users)
 *                  _mapcount: user PTEs mapping the page (page_mapcount)
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdbool.h>

#include "mm_types.h"
#include "pgtable.h"

/* vm_flags (Linux's values). */
#define VM_NONE       0x00000000ul
#define VM_READ       0x00000001ul
#define VM_WRITE      0x00000002ul
#define VM_EXEC       0x00000004ul
#define VM_SHARED     0x00000008ul
#define VM_MAYREAD    0x00000010ul
#define VM_MAYWRITE   0x00000020ul
#define VM_MAYEXEC    0x00000040ul
#define VM_MAYSHARE   0x00000080ul
#define VM_GROWSDOWN  0x00000100ul
#define VM_PFNMAP     0x00000400ul
#define VM_LOCKED     0x00002000ul
#define VM_IO         0x00004000ul
#define VM_DONTCOPY   0x00020000ul
#define VM_DONTEXPAND 0x00040000ul
#define VM_ACCOUNT    0x00100000ul
#define VM_NORESERVE  0x00200000ul

#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
#define VM_MAYMASK      (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_MAYSHARE)
#define VM_STACK        VM_GROWSDOWN
/* The flags a stack and a data/heap area start with (Linux's VM_DATA_DEFAULT_FLAGS). */
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_DEFAULT_FLAGS (VM_DATA_DEFAULT_FLAGS | VM_STACK)

/* User PTE protections (RISC-V Linux's PAGE_* for user pages). */
#define _PAGE_BASE_USER (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_USER)
/* PROT_NONE keeps the page but not V: a non-none, non-present PTE (with U). */
#define PAGE_NONE_USER        __pgprot(_PAGE_USER)
#define PAGE_READ_USER        __pgprot(_PAGE_BASE_USER | _PAGE_READ)
#define PAGE_WRITE_USER       __pgprot(_PAGE_BASE_USER | _PAGE_READ | _PAGE_WRITE)
#define PAGE_EXEC_USER        __pgprot(_PAGE_BASE_USER | _PAGE_EXEC)
#define PAGE_READ_EXEC_USER   __pgprot(_PAGE_BASE_USER | _PAGE_READ | _PAGE_EXEC)
#define PAGE_RWX_USER         __pgprot(_PAGE_BASE_USER | _PAGE_READ | _PAGE_WRITE | _PAGE_EXEC)
/* Private writable areas map read-only until the write fault (copy-on-write). */
#define PAGE_COPY_USER        PAGE_READ_USER
#define PAGE_COPY_EXEC_USER   PAGE_READ_EXEC_USER

/*
 * The PTE protection of an area with `vm_flags` (Linux's protection_map:
 * private writable areas are read-only in the PTE, shared ones writable).
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* A user PTE that holds a page (present, or PROT_NONE with the page kept). */
static inline bool pte_user_mapped(pte_t pte) { return !pte_none(pte); }

/* ---- page counts --------------------------------------------------------- */

/* Takes a reference on `page` (Linux get_page). */
static inline void get_page(struct page *page) { page->_refcount++; }

/*
 * Drops a reference; the last one returns the page to the buddy (Linux
 * put_page).  A page whose count is already 0 is reported as a bad page.
 */
void put_page(struct page *page);

/* User PTEs mapping `page` (Linux page_mapcount). */
static inline int page_mapcount(const struct page *page) { return page->_mapcount; }

/* The shared zero page every read fault of an anonymous area maps first. */
extern struct page *zero_page;
#define ZERO_PAGE(vaddr) ((void)(vaddr), zero_page)
/* Allocates the zero page once (mm_alloc calls it); 0 or -ENOMEM. */
int init_zero_page(void);
static inline bool is_zero_pfn(unsigned long pfn) { return zero_page && pfn == page_to_pfn(zero_page); }

/* ---- RSS counters -------------------------------------------------------- */

static inline long get_mm_counter(const struct mm_struct *mm, int member) {
  return mm->rss_stat.count[member];
}
static inline void add_mm_counter(struct mm_struct *mm, int member, long value) {
  mm->rss_stat.count[member] += value;
}
static inline void inc_mm_counter(struct mm_struct *mm, int member) { add_mm_counter(mm, member, 1); }
static inline void dec_mm_counter(struct mm_struct *mm, int member) { add_mm_counter(mm, member, -1); }
/* Resident pages of `mm` (file + anon + shmem; Linux get_mm_rss). */
static inline unsigned long get_mm_rss(const struct mm_struct *mm) {
  return (unsigned long)(get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
                         get_mm_counter(mm, MM_SHMEMPAGES));
}

#endif /* MM_MM_H */
