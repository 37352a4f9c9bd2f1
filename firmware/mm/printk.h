/*
 * printk.h -- kernel console output and panic.
 *
 * Implemented by printk.c on the target (firmware/lib's kprintf, panic ends
 * the run with FW_EXIT_CHECK_FAILED) and by the host test shim
 * (tests/firmware/mm_host.cc: captures output, panic longjmps back into
 * the test that expects it).  Formats are those of firmware/lib/printf.h:
 * %d %u %x %s %c %p with l/ll, '0' and '-' flags and a width.
 */
#ifndef MM_PRINTK_H
#define MM_PRINTK_H

#include <stdarg.h>

/* Prints to the kernel console; returns the number of characters. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Reports a broken invariant ("function: what broke, pfn %lu") and never
 * returns: ends the run on the target, unwinds to the test on the host.
 */
void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif /* MM_PRINTK_H */
