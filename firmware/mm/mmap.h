/*
 * mmap.h -- the memory areas of a process: the address-ordered area tree,
 * mmap / munmap / mprotect / brk / madvise with Linux's semantics and
 * errors, the address-space layout, and the /proc/<pid>/maps view.
 *
 *   TASK_SIZE (= PAGE_OFFSET) +----------------------------+ 0xC0000000
 *                             | stack (VM_GROWSDOWN), grows|
 *                             |  down to STACK_TOP - rlimit |
 *                             +----------------------------+
 *                             | gap >= MMAP_MIN_GAP         |
 *   mm->mmap_base ----------->+----------------------------+
 *                             | mmap areas, placed top-down |
 *                             | (get_unmapped_area)         |
 *                                          ...
 *   mm->brk ----------------->+----------------------------+
 *                             | heap [start_brk, brk)       |
 *   mm->start_brk ----------->+----------------------------+
 *                             | data, bss (execve)          |
 *                             | text (execve)               |
 *   mmap_min_addr ----------->+----------------------------+ 0x00001000
 *
 * Every function returns 0 or a result, or a negative errno (mm_errno.h).
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include <stdbool.h>

#include "memlayout.h"
#include "mm.h"
#include "mm_errno.h"
#include "mman.h"

/* End of user space: the kernel half starts at PAGE_OFFSET. */
#define TASK_SIZE     PAGE_OFFSET
/* Top of the initial user stack. */
#define STACK_TOP     TASK_SIZE
/* Lowest address mmap hands out or accepts (Linux's mmap_min_addr default). */
#define MMAP_MIN_ADDR PAGE_SIZE
/* Stack size limit (RLIMIT_STACK's default, 8 MiB). */
#define STACK_RLIMIT  (8ul << 20)
/* Least room left for the stack between STACK_TOP and mmap_base (Linux MIN_GAP). */
#define MMAP_MIN_GAP  (128ul << 20)
/* Pages kept unmapped below a VM_GROWSDOWN area (Linux's stack_guard_gap). */
#define STACK_GUARD_GAP (256ul << PAGE_SHIFT)

/* Is `x` a negative errno returned in an unsigned long (Linux IS_ERR_VALUE)? */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* ---- the area tree ------------------------------------------------------- */

/* The first area with vm_end > addr, or NULL (Linux find_vma). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/* The first area that overlaps [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
                                             unsigned long end);

/* find_vma, also returning the area before it in *pprev (NULL when none). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
                                     struct vm_area_struct **pprev);

/* The area containing addr, or NULL (Linux vma_lookup). */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

/*
 * Allocates a zeroed area of `mm` (kzalloc); not yet linked.  NULL when
 * out of memory.  vma_release frees an unlinked one (Linux vm_area_free;
 * vmalloc.h already uses that name for its vm_struct).
 */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vma_release(struct vm_area_struct *vma);

/*
 * Links `vma` into mm's tree and list and counts it in map_count and
 * total_vm/data_vm/exec_vm/stack_vm.  Returns -ENOMEM when it overlaps
 * an existing area (nothing changed).
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);

/* Unlinks `vma` from its mm and uncounts it (does not free or unmap). */
void remove_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Splits `vma` at `addr` (page aligned, strictly inside): the new area
 * takes [addr, vm_end) when new_below is 0, [vm_start, addr) otherwise.
 * Returns 0 or -ENOMEM.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
              int new_below);

/*
 * Merges [addr, end) with flags `vm_flags` into `prev` and/or the next
 * area when they are adjacent, have the same flags, no file and
 * compatible anon_vma (Linux vma_merge).  Returns the merged area or
 * NULL when nothing merged.  Used by mmap, brk and mprotect.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
                                 unsigned long addr, unsigned long end,
                                 unsigned long vm_flags);

/*
 * Checks the tree of `mm`: AVL balance and heights, address order, list
 * consistency, no overlap, map_count and total_vm.  Returns 0, or the
 * number of the first broken invariant (and prints it).  For tests and
 * CONFIG_DEBUG_VM.
 */
int validate_mm(struct mm_struct *mm);

/* ---- layout ---------------------------------------------------------------- */

/*
 * Sets mm->mmap_base and task_size for a new address space (Linux
 * arch_pick_mmap_layout, legacy-free: always top-down, no randomisation,
 * so runs are deterministic).
 */
void arch_pick_mmap_layout(struct mm_struct *mm);

/*
 * A free range of `len` bytes for a mapping: `addr` if it is a non-zero
 * hint and the range is free (MAP_FIXED: taken as given), else top-down
 * below mm->mmap_base, keeping STACK_GUARD_GAP below VM_GROWSDOWN areas.
 * Returns the address or -ENOMEM (also when len > TASK_SIZE) / -EINVAL.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
                                unsigned long pgoff, unsigned long flags);

/* ---- system calls (the proc side passes user arguments straight in) ------- */

/*
 * mmap: maps `len` bytes with `prot` and `flags` (mman.h) and returns the
 * address, or a negative errno as an unsigned long (IS_ERR_VALUE):
 * -EINVAL  len 0, unaligned addr/offset with MAP_FIXED, no/invalid map type,
 *          offset + len wraps, PROT_GROWSDOWN/UP
 * -EBADF   a file mapping (no MAP_ANONYMOUS): there are no files yet, so
 *          every fd is bad -- what Linux says for an fd that is not open
 * -ENOMEM  no room, above TASK_SIZE, or out of memory
 * -EEXIST  MAP_FIXED_NOREPLACE over an existing mapping
 * -EPERM   MAP_FIXED below mmap_min_addr
 * MAP_FIXED unmaps what was there.  MAP_SHARED|MAP_ANONYMOUS areas are
 * populated at once (no shmem object yet: see docs/address-space.md).
 */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags, unsigned long pgoff);

/* mmap(2) as the syscall gives it: `fd` and a byte `offset` (page aligned). */
unsigned long vm_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
                      unsigned long prot, unsigned long flags, int fd, unsigned long offset);

/*
 * munmap [start, start + len): splits the areas at the ends, frees the
 * pages and the emptied page tables, flushes only the unmapped pages.
 * -EINVAL for an unaligned start, len 0 or a range beyond TASK_SIZE;
 * an unmapped range is not an error.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
#define vm_munmap do_munmap

/*
 * mprotect [start, start + len) to `prot`: splits/merges areas, rewrites
 * the present PTEs and flushes the range.  -EINVAL (unaligned start, bad
 * prot bits), -ENOMEM (a hole in the range or beyond TASK_SIZE), -EACCES
 * (asking for a right the area may not have: VM_MAY*).
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
                unsigned long prot);

/*
 * brk(2): moves the break to `brk` and returns the new break; a value
 * below start_brk, one that would overlap another mapping (with its guard
 * gap) or out of memory leaves the break where it was and returns the old
 * one (Linux's rule: brk never returns an errno).  Shrinking unmaps.
 */
unsigned long sys_brk(struct mm_struct *mm, unsigned long brk);

/*
 * Maps an anonymous private area [addr, addr + len) with `flags` (VM_*),
 * merging with a neighbour (Linux vm_brk_flags; used by brk and execve's
 * bss).  Returns 0 or a negative errno.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
                 unsigned long flags);

/*
 * madvise(2): MADV_DONTNEED drops the private pages of the range (they
 * read back as zeros); MADV_NORMAL/RANDOM/SEQUENTIAL/WILLNEED accepted
 * as hints.  -EINVAL (unaligned start, unknown advice, VM_LOCKED|VM_PFNMAP
 * area), -ENOMEM (a hole in the range).
 */
int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int behavior);

/*
 * Grows the VM_GROWSDOWN area `vma` down to cover `address` (Linux
 * expand_downwards): -ENOMEM beyond STACK_RLIMIT or into the guard gap of
 * the area below.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address);

/* ---- views ------------------------------------------------------------------ */

/*
 * Prints the areas of `mm` as /proc/<pid>/maps does, one line each:
 *   "00010000-00011000 r-xp 00000000 00:00 0          [heap]"
 * with [heap] for the area holding the brk range and [stack] for the area
 * holding start_stack.
 */
void show_maps(struct mm_struct *mm);

/*
 * Prints the memory lines of /proc/<pid>/status (VmSize, VmRSS, RssAnon,
 * RssFile, RssShmem, VmData, VmStk, VmExe, in kB).
 */
void show_mm_status(struct mm_struct *mm);

#endif /* MM_MMAP_H */
