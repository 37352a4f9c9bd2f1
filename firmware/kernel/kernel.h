/* kernel.h -- functions shared between the kernel's own files. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "trap.h"

/* Every S-mode trap (traps.c, called by entry.S handle_exception). */
void do_trap(struct trap_frame *tf);
/* A kernel trap nothing handles: a caught self-test fault, else an oops (traps.c). */
void handle_exception_oops(struct trap_frame *tf);
/*
 * A kernel page fault nothing fixes (Linux die_kernel_fault): prints
 * "Unable to handle kernel <msg> at virtual address <stval>", the oops
 * lines, and halts the run with status 4 (as Linux with panic_on_oops).
 */
void __attribute__((noreturn)) die_kernel_fault(const char *msg, struct trap_frame *tf);
/* The trap entry (entry.S): stvec. */
void handle_exception(void);

/*
 * The rest of boot once mm is up (selftest.c): frees .init, applies the
 * section permissions, parses the command line, runs the self-tests and
 * views, starts pid 1.  Never returns.
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
