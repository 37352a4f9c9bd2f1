/*
 * uaccess.c -- the exception table (Linux kernel/extable.c) and
 * strncpy_from_user.  __ex_table is filled by the EX macro of uaccess.S;
 * kernel.lds.S brackets it with __start___ex_table / __stop___ex_table.
 */
#include "uaccess.h"

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

uint32_t search_exception_tables(uint32_t epc) {
  for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
    if (e->insn == epc) return e->fixup;
  return 0;
}

long strncpy_from_user(char *dst, const char *src, long n) {
  uintptr_t a = (uintptr_t)src;
  if (n <= 0) return 0;
  if (a >= TASK_SIZE) return -EFAULT;
  unsigned long room = TASK_SIZE - a; /* never read past user space */
  long len = __asm_strncpy_user(dst, src, (unsigned long)n < room ? n : (long)room);
  if (len < 0) return -EFAULT;
  if (len == (long)room && (unsigned long)n > room) return -EFAULT; /* ran into the kernel */
  return len;
}
