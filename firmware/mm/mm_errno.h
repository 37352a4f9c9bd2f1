/*
 * mm_errno.h -- the error numbers the kernel mm code returns, negated
 * (Linux style: 0 = success, -EINVAL = bad argument).  Values follow the
 * Linux/POSIX numbering; this header is not the C library's <errno.h>.
 */
#ifndef MM_ERRNO_H
#define MM_ERRNO_H

#define ENOENT 2  /* no such range */
#define ENOMEM 12 /* out of memory or out of table slots */
#define EBUSY 16  /* a page of the range is in use (cma_alloc) */
#define EINVAL 22 /* bad argument (zero size, bad alignment, ...) */
#define ERANGE 34 /* address range wraps past the end of phys_addr_t */

#endif /* MM_ERRNO_H */
