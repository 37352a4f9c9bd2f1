/*
 * mm_errno.h -- the error numbers the kernel mm code returns, negated
 * (Linux style: 0 = success, -EINVAL = bad argument).  Values follow the
 * Linux/POSIX numbering; this header is not the C library's <errno.h>.
 */
#ifndef MM_ERRNO_H
#define MM_ERRNO_H

#define EPERM 1   /* operation not permitted */
#define ENOENT 2  /* no such range */
#define ESRCH 3   /* no such process */
#define EINTR 4   /* interrupted system call */
#define EIO 5     /* I/O error (block device) */
#define ENOEXEC 8 /* exec format error (not an ELF this machine runs) */
#define EBADF 9   /* bad file descriptor (mmap of a file without one) */
#define ECHILD 10 /* no child processes (wait4) */
#define EAGAIN 11 /* try again (no pid, no task slot) */
#define ENOMEM 12 /* out of memory or out of table slots */
#define EACCES 13 /* permission denied (mprotect beyond VM_MAY*) */
#define EFAULT 14 /* bad user address (copy_from_user) */
#define EBUSY 16  /* a page of the range is in use (cma_alloc) */
#define EEXIST 17 /* range already mapped (MAP_FIXED_NOREPLACE) */
#define ENODEV 19 /* no mmap for this file type */
#define ENOTDIR 20 /* a path component is not a directory */
#define EISDIR 21 /* write or unlink of a directory */
#define EINVAL 22 /* bad argument (zero size, bad alignment, ...) */
#define EFBIG 27  /* file too large for the filesystem */
#define ENOSPC 28 /* no free block or inode */
#define EROFS 30  /* write to a read-only device */
#define ERANGE 34 /* address range wraps past the end of phys_addr_t */
#define ENAMETOOLONG 36 /* path component longer than the filesystem allows */
#define ENOSYS 38 /* unknown system call */
#define EOVERFLOW 75 /* value too large (mmap offset + length wraps) */
#define EUCLEAN 117 /* filesystem structure corrupted (Linux: EFSCORRUPTED) */

#endif /* MM_ERRNO_H */
