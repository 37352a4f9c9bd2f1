/*
 * process.h -- user processes: the user address-space limits, signals as
 * far as the kernel uses them, wait4 status words, and the entry points
 * of fork.c, exit.c, exec.c, syscall.c, fault.c and initramfs.c.
 *
 * User space is [0, TASK_SIZE) = [0, PAGE_OFFSET): below the kernel's
 * linear map, as on 32-bit Linux with the 3G/1G split.
 *
 *   TASK_SIZE = STACK_TOP  0xc0000000 +------------------+
 *                                     | stack (grows dn) | argc, argv, envp, auxv, strings
 *                                     +------------------+ STACK_TOP - STACK_INIT_SIZE
 *                                     | mmap (top down)  |
 *                                     |       ...        |
 *                                     | heap (brk, up)   | start_brk = end of bss
 *                                     | .data .bss       |
 *                                     | .text .rodata    | ELF segments (USER_BASE)
 *                          0x00000000 +------------------+ page 0 never mapped
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "memlayout.h"
#include "mmap.h" /* TASK_SIZE, STACK_TOP, STACK_RLIMIT */
#include "page.h"
#include "sched.h"
#include "trap.h"

#define STACK_INIT_SIZE  (128ul << 10) /* mapped at exec; VM_GROWSDOWN below it */

#include "linux_abi.h"
#include "mm_errno.h"

/* wait4 status words (Linux's W_EXITCODE / WTERMSIG encoding). */
#define W_EXITCODE(ret, sig) (((ret) & 0xff) << 8 | (sig))

/* System calls: numbers and dispatch (syscall.c). */
void do_syscall(struct trap_frame *tf);

/* Page fault from U or S mode (fault.c); user faults may end the task. */
void do_page_fault(struct trap_frame *tf);
/*
 * A fatal signal for the current user task after a fault it cannot
 * survive: prints Linux's line for it ("segfault at ..." for SIGSEGV)
 * and calls do_exit.  Never returns.
 */
void force_sig_fault(int sig, struct trap_frame *tf) __attribute__((noreturn));

/* fork.c: duplicates current (fork / clone(SIGCHLD)); the child's pid or -errno. */
long kernel_clone(struct trap_frame *tf);

/* exit.c: ends current with wait4 status `code` (W_EXITCODE or a signal). */
void do_exit(int code) __attribute__((noreturn));
long sys_wait4(int pid, uintptr_t wstatus, int options, uintptr_t rusage);

/* Allocates the next free pid (Linux's pid_max wrap); -EAGAIN when all are used. */
int alloc_pid(void);

/*
 * exec.c: replaces current's address space with the ELF `path` from the
 * initramfs; argv and envp are user pointers (or, for the first exec,
 * kernel arrays when `kernel_args`).  0 or -errno; on 0 `tf` returns to
 * the new program's entry.
 */
long do_execve(const char *path, uintptr_t argv, uintptr_t envp, bool kernel_args,
               struct trap_frame *tf);

/* initramfs.c: the embedded cpio newc archive. */
struct initramfs_file {
  const char *name; /* without the leading "/" */
  const uint8_t *data;
  unsigned long size;
  unsigned long mode;
};
/* Checks the archive once at boot (panics naming the problem) and prints its summary. */
void initramfs_init(void);
/* Finds the regular file `path` ("/name" or "name"); NULL when absent. */
const struct initramfs_file *initramfs_lookup(const char *path);

/* The boot command line (cmdline.c): the simulator's --cmdline writes it. */
#define COMMAND_LINE_SIZE 256
extern char boot_command_line[COMMAND_LINE_SIZE];
/*
 * Parses boot_command_line: init=/PATH, nomodeset-style flags of this
 * kernel (see docs/processes.md).  Panics with a one-line message on an
 * unknown or malformed word.
 */
void parse_boot_command_line(void);

/*
 * reclaim.c: reserve_pressure_ranges() applies mem= and mmcosim.ramswap=
 * to memblock (setup_arch, before any allocation); ramswap_init() makes
 * the RAM swap area and swaps it on; oom_init() gives the OOM killer the
 * task list; show_vm_views() prints meminfo, vmstat and /proc/swaps when
 * mmcosim.vmstat=1 (init's exit).
 */
void reserve_pressure_ranges(void);
void ramswap_init(void);
void oom_init(void);
void show_vm_views(void);
/* Starts the kernel thread kswapd0 (after init: pid 2) when a swap area is on. */
void kswapd_start(void);
extern bool show_vm_at_exit;
extern const char *init_path;     /* init=, NULL: run the self-tests, no processes */
extern bool boot_selftests;       /* run the mm self-tests and views (default on) */
#define MAX_INIT_ARGS 8
extern const char *init_args[MAX_INIT_ARGS + 1]; /* after "--": init's argv[1..] */

/* lkdtm= (lkdtm.c): a kernel bug provoked on purpose, to see the oops. */
enum lkdtm_type { LKDTM_NONE, LKDTM_ACCESS_USERSPACE, LKDTM_ACCESS_NULL, LKDTM_WRITE_RO };
extern enum lkdtm_type lkdtm_type;
/* The lkdtm= value's type, or LKDTM_NONE for an unknown name. */
enum lkdtm_type lkdtm_parse(const char *name);
/* Provokes lkdtm_type in pid 1 just before it enters U mode (`regs`: its trap frame). */
void lkdtm_run(const struct trap_frame *regs);

/* Starts pid 1 from init_path; returns only if it could not (errno). */
long run_init_process(void);

#endif /* KERNEL_PROCESS_H */
