/*
 * memory.h -- user page tables: page faults (demand-zero, copy-on-write,
 * accessed/dirty, stack growth), unmapping, copying for fork, and the
 * segfault report.
 *
 *   trap (scause 12/13/15, stval)
 *     -> do_user_addr_fault(mm, addr, cause, user)
 *          find_vma / expand_stack             no area        -> SEGV_MAPERR
 *          access allowed by vm_flags?         no             -> SEGV_ACCERR
 *          handle_mm_fault(vma, addr, flags)
 *            pte none, read   -> do_anonymous_page: zero page, read-only
 *            pte none, write  -> do_anonymous_page: new zeroed page (rmap, LRU)
 *            swap entry       -> do_swap_page: swap cache or read (major fault)
 *            present, write, !W in PTE, VM_WRITE -> do_wp_page (COW: reuse or copy)
 *            present, allowed -> A (and D on write) set by software (Svade)
 */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include <stdbool.h>

#include "mm.h"
#include "tlbflush.h"

/* Why handle_mm_fault runs (Linux's FAULT_FLAG_*). */
#define FAULT_FLAG_WRITE       0x01u /* store / AMO (scause 15) */
#define FAULT_FLAG_USER        0x40u /* from U mode */
#define FAULT_FLAG_INSTRUCTION 0x100u /* instruction fetch (scause 12) */

/* handle_mm_fault's result: 0 or VM_FAULT_* bits (Linux's vm_fault_t). */
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM     0x0001u /* no page for the fault */
#define VM_FAULT_SIGBUS  0x0002u
#define VM_FAULT_MAJOR   0x0004u /* the page had to be read from the device */
#define VM_FAULT_SIGSEGV 0x0040u /* not allowed */
#define VM_FAULT_MAJOR   0x0004u /* the page was read from swap (not an error) */
#define VM_FAULT_ERROR   (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* si_code of a SIGSEGV (Linux's values; a host C library may define them too). */
#ifndef SEGV_MAPERR
#define SEGV_MAPERR 1 /* no area at the address */
#define SEGV_ACCERR 2 /* the area forbids the access */
#endif

/* The RISC-V page-fault causes (scause). */
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/*
 * The "error" number of the segfault line (x86's page-fault error code,
 * which Linux prints there): bit 0 the page was present (a protection
 * fault), bit 1 write, bit 2 user mode, bit 4 instruction fetch.
 */
#define X86_PF_PROT  0x01u
#define X86_PF_WRITE 0x02u
#define X86_PF_USER  0x04u
#define X86_PF_INSTR 0x10u

/*
 * Hardware A/D updates (Svadu, menvcfg.ADUE on): when true, a present PTE
 * that allows the access is a stale-TLB fault only (flush, no A/D
 * writes); when false (Svade, the default) the fault handler sets A, and
 * D on a write, itself.
 */
extern bool svadu_enabled;

/* Fault counts by path (printed by show_fault_stats, read by bench-vm). */
struct fault_stats {
  unsigned long anon_read;   /* zero page mapped */
  unsigned long anon_write;  /* new zeroed page */
  unsigned long cow_copy;    /* do_wp_page copied */
  unsigned long cow_reuse;   /* do_wp_page reused the only mapping */
  unsigned long ad_update;   /* Svade: A/D set in software */
  unsigned long spurious;    /* nothing to do but a flush */
  unsigned long stack_grow;  /* expand_stack on a fault */
  unsigned long segv;        /* faults that end in SIGSEGV */
  unsigned long swapin;      /* swap PTE mapped again (do_swap_page) */
  unsigned long swapin_major; /* of those, read from the swap device */
};
extern struct fault_stats fault_stats;

/*
 * Makes the instruction fetches see the page contents just stored through
 * the D-cache (the kernel: FENCE.I, which cleans the D-cache and empties
 * the I-cache; NULL on the host).  Called before a page of an executable
 * area is mapped with contents the kernel wrote (swap-in, COW copy).
 */
extern void (*flush_icache_hook)(void);

/* User PTE tables allocated by the fault and fork paths and not yet freed. */
extern unsigned long nr_user_pte_tables;

/*
 * Handles a fault at `address` in `vma` (the access already checked
 * against vm_flags) and returns 0 or VM_FAULT_* bits.  Allocates PTE
 * tables, pages and the zero page as needed; flushes what it changes.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
                           unsigned int flags);

/*
 * The whole user fault path for `mm` (Linux do_user_addr_fault): finds
 * the area (growing a stack), checks the access of `cause` (12/13/15)
 * and calls handle_mm_fault.  Returns 0 when the access can be retried,
 * SEGV_MAPERR / SEGV_ACCERR when the process gets SIGSEGV, or -ENOMEM
 * when out of memory.  On SEGV_*, *error gets the segfault line's
 * error code (X86_PF_* bits, `user` sets X86_PF_USER); otherwise it is
 * left alone (the fast path walks the page table once).
 */
int do_user_addr_fault(struct mm_struct *mm, unsigned long addr, unsigned long cause,
                       bool user, unsigned int *error);

/*
 * Prints Linux's segfault line:
 *   "<comm>[<pid>]: segfault at <addr> ip <ip> sp <sp> error <error>"
 * (addresses as 8 hex digits, error in hex).
 */
void show_segfault(const char *comm, int pid, unsigned long addr, unsigned long ip,
                   unsigned long sp, unsigned int error);

/*
 * Unmaps the pages of [start, end) in `vma`'s range (page aligned):
 * clears the PTEs, drops the page references (freeing pages whose last
 * reference goes), updates RSS, and gathers each cleared page in `tlb`:
 * the caller's tlb_finish_mmu flushes them all at once.  Returns the
 * number of PTEs cleared.
 */
unsigned long zap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
                             unsigned long start, unsigned long end);

/*
 * Frees the PTE tables of `mm` that lie wholly inside [floor, ceiling)
 * and map nothing (Linux free_pgtables, bounded by the neighbours); a
 * freed table sets tlb->freed_tables (the flush becomes the whole ASID).
 */
void free_pgtables(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long floor,
                   unsigned long ceiling);

/*
 * Copies the PTEs of `src_vma` into `dst` (fork): shared areas share the
 * page writable as it is; private writable pages become read-only in
 * both (copy-on-write); each copied PTE takes a page reference and a map
 * count.  The caller flushes the source's TLB.  0 or -ENOMEM.
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
                    struct vm_area_struct *src_vma);

/*
 * Rewrites the protection of the present PTEs in [start, end) of `vma` to
 * `newprot` (private writable pages stay read-only until their write
 * fault unless only this mapping holds them and they are dirty).  No flush.
 * Returns the number of PTEs changed.
 */
unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
                                unsigned long end, pgprot_t newprot);

/*
 * The PTE of `addr` in `mm`, or NULL when there is no PTE table
 * (Linux's follow_pte without the lock).
 */
pte_t *user_pte_offset(struct mm_struct *mm, unsigned long addr);

/* gup_flags of access_remote_vm (Linux's FOLL_* values). */
#define FOLL_WRITE 0x01u /* write to the pages */
#define FOLL_FORCE 0x10u /* ignore the area's current R/W (within VM_MAY*): debuggers, execve */

/*
 * Copies `len` bytes between `buf` and user address `addr` of `mm` (any
 * mm, not only the running one), faulting pages in as the user access
 * would (Linux access_remote_vm).  A write to a shared page copies it
 * first; FOLL_FORCE writes into a private read-only area without making
 * its PTEs writable (execve filling a text segment).  Returns the bytes
 * copied: less than len where an address has no area or no right.
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
                     unsigned int gup_flags);

/* Prints fault_stats, one "name count" line each. */
void show_fault_stats(void);

#endif /* MM_MEMORY_H */
