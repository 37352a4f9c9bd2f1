/*
 * user.h -- the user library of firmware/user: Linux system calls by the
 * RISC-V convention (ecall, number in a7), printf through write(1, ...),
 * malloc on brk and mmap.
 *
 * The wrappers return what the kernel returns: a value >= 0, or -errno
 * (no errno variable).  mmap's results from -4095 to -1 are errors
 * (MMAP_FAILED tells).
 */
#ifndef USER_USER_H
#define USER_USER_H

#include <stddef.h>
#include <stdint.h>

#include "linux_abi.h"

#define PAGE_SIZE 4096

#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)    ((s) & 0x7f)
#define MMAP_FAILED(p) ((unsigned long)(p) >= (unsigned long)-4095)

long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
#define syscall0(nr) syscall6(nr, 0, 0, 0, 0, 0, 0)

long write(int fd, const void *buf, size_t count);
void exit(int status) __attribute__((noreturn));
long getpid(void);
long sched_yield(void);
long brk(void *addr);
void *sbrk(long increment);            /* NULL on failure */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long offset);
long munmap(void *addr, size_t len);
long mprotect(void *addr, size_t len, int prot);
long madvise(void *addr, size_t len, int advice);
long fork(void);                       /* clone(SIGCHLD, 0) */
long execve(const char *path, char *const argv[], char *const envp[]);
long wait4(long pid, int *status, int options, void *rusage);
long waitpid(long pid, int *status, int options);
long sysinfo(struct sysinfo *info);
/* Opens / closes simulator bench region `id` (mmcosim extension, linux_abi.h). */
long region_begin(unsigned id);
long region_end(unsigned id);
/* Prints /proc/<pid>/maps and status on the console (0: self; mmcosim extension). */
long show_maps(long pid);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *malloc(size_t size);
void free(void *ptr);

/* Free pages the kernel reports (sysinfo freeram in pages). */
unsigned long free_pages(void);

/* Test helpers: count a failed check with its line, and the final verdict. */
extern int check_failures;
#define CHECK(cond) \
  ((cond) ? 1 : (printf("CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__), check_failures++, 0))
#define CHECK_EQ(a, b) \
  ((long)(a) == (long)(b) ? 1 : (printf("CHECK failed: %s == %s: %ld != %ld (%s:%d)\n", #a, #b, \
                             (long)(a), (long)(b), __FILE__, __LINE__), check_failures++, 0))
/* Prints "PASS name" or "FAIL name (n checks)" and returns the exit status. */
int test_done(const char *name);

#endif /* USER_USER_H */
