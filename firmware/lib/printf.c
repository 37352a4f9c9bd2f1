/* printf.c -- minimal formatted output (see printf.h). */
#include "printf.h"

#include <stdint.h>

#include "uart.h"

/* The output sink and the number of characters sent to it so far. */
struct fmt_out {
  void (*put)(char c, void *ctx);
  void *ctx;
  int count;
};

static void out_char(struct fmt_out *o, char c) {
  o->put(c, o->ctx);
  o->count++;
}

/* Emits `s` (length `len`) padded to `width` with `pad`, left or right. */
static void out_padded(struct fmt_out *o, const char *s, int len, int width,
                       char pad, int left) {
  int fill = width > len ? width - len : 0;
  if (!left) {
    /* keep a minus sign in front of zero padding: -0042 */
    if (pad == '0' && len > 0 && s[0] == '-') {
      out_char(o, *s++);
      len--;
    }
    while (fill-- > 0) out_char(o, pad);
  }
  while (len-- > 0) out_char(o, *s++);
  if (left) {
    while (fill-- > 0) out_char(o, ' ');
  }
}

/* Writes `v` in `base` into the end of buf[]; returns the first digit. */
static char *to_digits(uint64_t v, unsigned base, int upper, char *end) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  do {
    *--p = digits[v % base];
    v /= base;
  } while (v != 0);
  return p;
}

int kformat(void (*put)(char c, void *ctx), void *ctx, const char *fmt,
            va_list ap) {
  struct fmt_out o = {put, ctx, 0};
  char buf[24]; /* 2^64 needs 20 decimal digits, plus sign */
  char *end = buf + sizeof(buf);

  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out_char(&o, *fmt);
      continue;
    }
    fmt++;
    char pad = ' ';
    int left = 0, width = 0, lng = 0;
    for (;; fmt++) {
      if (*fmt == '0') {
        pad = '0';
      } else if (*fmt == '-') {
        left = 1;
      } else {
        break;
      }
    }
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l') {
      lng++;
      fmt++;
    }
    if (left) pad = ' ';

    uint64_t u;
    int64_t s;
    char *p;
    switch (*fmt) {
      case 'd':
      case 'i':
        s = lng >= 2 ? va_arg(ap, long long)
            : lng   ? va_arg(ap, long) : va_arg(ap, int);
        p = to_digits(s < 0 ? -(uint64_t)s : (uint64_t)s, 10, 0, end);
        if (s < 0) *--p = '-';
        out_padded(&o, p, end - p, width, pad, left);
        break;
      case 'u':
      case 'x':
      case 'X':
        u = lng >= 2 ? va_arg(ap, unsigned long long)
            : lng   ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
        p = to_digits(u, *fmt == 'u' ? 10 : 16, *fmt == 'X', end);
        out_padded(&o, p, end - p, width, pad, left);
        break;
      case 'p':
        p = to_digits((uintptr_t)va_arg(ap, void *), 16, 0, end);
        while (end - p < 8) *--p = '0';
        *--p = 'x';
        *--p = '0';
        out_padded(&o, p, end - p, width, ' ', left);
        break;
      case 's': {
        const char *str = va_arg(ap, const char *);
        int len = 0;
        if (!str) str = "(null)";
        while (str[len]) len++;
        out_padded(&o, str, len, width, ' ', left);
        break;
      }
      case 'c':
        buf[0] = (char)va_arg(ap, int);
        out_padded(&o, buf, 1, width, ' ', left);
        break;
      case '%':
        out_char(&o, '%');
        break;
      case '\0':
        return o.count;
      default: /* unknown conversion: print it as is */
        out_char(&o, '%');
        out_char(&o, *fmt);
        break;
    }
  }
  return o.count;
}

static void put_uart(char c, void *ctx) {
  (void)ctx;
  uart_putc(c);
}

int kvprintf(const char *fmt, va_list ap) {
  return kformat(put_uart, 0, fmt, ap);
}

int kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = kvprintf(fmt, ap);
  va_end(ap);
  return n;
}
