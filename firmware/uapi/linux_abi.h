/*
 * linux_abi.h -- the user/kernel interface of this kernel, shared by the
 * kernel (kernel/) and the user library (user/lib): Linux's generic
 * system-call numbers (include/uapi/asm-generic/unistd.h), errno values,
 * the mmap/mprotect/madvise/clone/wait4 constants and struct sysinfo,
 * all with Linux's values for RV32.  The errno values and mman flags
 * come from firmware/mm (mm_errno.h, mman.h): user programs build with
 * -Imm for those two standalone headers.
 */
#ifndef UAPI_LINUX_ABI_H
#define UAPI_LINUX_ABI_H

#define __NR_write       64
#define __NR_exit        93
#define __NR_exit_group  94
#define __NR_sched_yield 124
#define __NR_getpid      172
#define __NR_sysinfo     179
#define __NR_brk         214
#define __NR_munmap      215
#define __NR_clone       220
#define __NR_execve      221
#define __NR_mmap        222 /* rv32: mmap2 semantics, offset in pages */
#define __NR_mprotect    226
#define __NR_madvise     233
#define __NR_wait4       260
/*
 * Not Linux: an mmcosim extension in the architecture-specific range
 * (__NR_arch_specific_syscall = 244; RISC-V Linux uses 258 and 259 there):
 * mmcosim_region(id, begin) opens (begin = 1) or closes (0) simulator
 * bench region `id` (< MMCOSIM_REGION_MAX) for user benches (make bench-vm).
 */
#define __NR_mmcosim_region 244
#define MMCOSIM_REGION_MAX  256
/*
 * Not Linux either: mmcosim_show_maps(pid) prints /proc/<pid>/maps and the
 * memory lines of /proc/<pid>/status of process `pid` (0: the caller) on
 * the console, in Linux's formats, between "/proc/<pid>/maps:" and
 * "/proc/<pid>/status:" headers -- the view "printed on request" until the
 * kernel has files to read it from.  ESRCH: no such process (or a zombie).
 */
#define __NR_mmcosim_show_maps 245

#include "mm_errno.h" /* the errno values the mm code returns too */
#include "mman.h"     /* PROT_*, MAP_*, MADV_* */

/* errnos of the process side that mm_errno.h does not have */
#define E2BIG 7
#define ENAMETOOLONG 36

#define CLONE_VM      0x00000100
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD  0x00010000
#define CSIGNAL       0x000000ff

#define SIGILL  4
#define SIGBUS  7
#define SIGKILL 9
#define SIGSEGV 11
#define SIGCHLD 17

#define WNOHANG 1

/* Linux's struct sysinfo (32-bit): RAM figures in units of mem_unit bytes. */
struct sysinfo {
  long uptime;
  unsigned long loads[3];
  unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  unsigned short procs, pad;
  unsigned long totalhigh, freehigh;
  unsigned int mem_unit;
  char _f[8];
};

#endif /* UAPI_LINUX_ABI_H */
