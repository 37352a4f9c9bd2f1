/*
 * printf.h -- a small printf to the UART.
 *
 * Conversions: %d %i %u %x %X %s %c %p %%, length modifiers l and ll,
 * flags '0' (zero pad) and '-' (left align), a decimal field width.
 * No floating point, no precision.  Named kprintf so that GCC does not turn
 * calls into puts() or mix it up with picolibc's stdio.
 */
#ifndef FW_PRINTF_H
#define FW_PRINTF_H

#include <stdarg.h>

/* Formats to the UART; returns the number of characters written. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kprintf with a va_list. */
int kvprintf(const char *fmt, va_list ap);

/* Formats through `put(c, ctx)` for each character; returns the count. */
int kformat(void (*put)(char c, void *ctx), void *ctx, const char *fmt,
            va_list ap);

#endif /* FW_PRINTF_H */
