/* kernel.h -- functions shared between the kernel's own files. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "trap.h"

/* The S-mode trap handler (traps.c): caught self-test faults, else an oops. */
void handle_exception(struct trap_frame *tf);

/*
 * The rest of boot once mm is up (selftest.c): frees .init, applies the
 * section permissions, runs the self-tests and views, ends the run with
 * their status.  Never returns.
 */
void kernel_init(void) __attribute__((noreturn));

/* Buddy and slab checks through the linear map (mm_selftest.c), with CHECK. */
void mm_selftest(void);

/*
 * vmalloc, vmap and kmap through swapper_pg_dir (vmalloc_selftest.c), with
 * CHECK; it provokes VMALLOC_SELFTEST_LOAD_FAULTS load page faults (the
 * guard page, a purged buffer).
 */
void vmalloc_selftest(void);
#define VMALLOC_SELFTEST_LOAD_FAULTS 2

#endif /* KERNEL_KERNEL_H */
