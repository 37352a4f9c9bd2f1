/*
 * uaccess.h -- kernel access to user memory (Linux linux/uaccess.h).
 *
 * access_ok refuses ranges that reach past TASK_SIZE (or wrap); the copy
 * itself may still fault on an unmapped or protected user page: the
 * fault is first handled like a user fault (demand paging, COW), and when
 * that fails the exception table (__ex_table, search_exception_tables)
 * sends the copy to its fixup, which reports the bytes left.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "process.h"

/* One exception-table entry: the faulting instruction and where to go instead. */
struct exception_table_entry {
  uint32_t insn, fixup;
};

/* The fixup for a fault at kernel pc `epc`; 0 when there is none. */
uint32_t search_exception_tables(uint32_t epc);

/* True when [addr, addr + size) lies below TASK_SIZE without wrapping. */
static inline bool access_ok(uintptr_t addr, unsigned long size) {
  return size <= TASK_SIZE && addr <= TASK_SIZE - size;
}

unsigned long __asm_copy_user(void *dst, const void *src, unsigned long n);
long __asm_strncpy_user(char *dst, const char *src, long n);

/* Copies n bytes from user `from`; returns the bytes NOT copied (0: all). */
static inline unsigned long copy_from_user(void *to, const void *from, unsigned long n) {
  if (!access_ok((uintptr_t)from, n)) return n;
  return __asm_copy_user(to, from, n);
}

/* Copies n bytes to user `to`; returns the bytes NOT copied (0: all). */
static inline unsigned long copy_to_user(void *to, const void *from, unsigned long n) {
  if (!access_ok((uintptr_t)to, n)) return n;
  return __asm_copy_user(to, from, n);
}

/*
 * Copies a NUL-terminated user string of at most n bytes (NUL included)
 * into dst; returns its length, n when it does not end within n bytes
 * (dst then has no NUL), or -EFAULT.
 */
long strncpy_from_user(char *dst, const char *src, long n);

#endif /* KERNEL_UACCESS_H */
