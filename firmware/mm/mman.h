/*
 * mman.h -- the user ABI of mmap/mprotect/madvise (Linux's uapi
 * asm-generic/mman-common.h values, which RISC-V uses unchanged).  These
 * numbers cross the system-call boundary: user programs and the kernel
 * include this one header.
 */
#ifndef MM_MMAN_H
#define MM_MMAN_H

/* prot argument of mmap / mprotect. */
#define PROT_NONE      0x0
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define PROT_GROWSDOWN 0x01000000 /* mprotect: extend the change down a VM_GROWSDOWN area */
#define PROT_GROWSUP   0x02000000 /* not supported on RISC-V (EINVAL) */

/* flags argument of mmap: exactly one of the map types ... */
#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE            0x0f
/* ... and any of these. */
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_ANON            MAP_ANONYMOUS
#define MAP_GROWSDOWN       0x0100
#define MAP_DENYWRITE       0x0800 /* ignored, as Linux does */
#define MAP_EXECUTABLE      0x1000 /* ignored, as Linux does */
#define MAP_LOCKED          0x2000
#define MAP_NORESERVE       0x4000
#define MAP_POPULATE        0x8000
#define MAP_NONBLOCK        0x10000
#define MAP_STACK           0x20000
#define MAP_HUGETLB         0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define MAP_FAILED ((void *)-1)

/* advice argument of madvise. */
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4

#endif /* MM_MMAN_H */
