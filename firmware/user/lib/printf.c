/*
 * printf.c -- printf for user programs: the firmware's formatter
 * (kformat, lib/printf.c) into a buffer flushed with write(1, ...).
 */
#include <stdarg.h>

#include "printf.h"
#include "user.h"

struct out_buf {
  char buf[128];
  unsigned n;
};

static void flush(struct out_buf *o) {
  if (o->n) write(1, o->buf, o->n);
  o->n = 0;
}

static void put(char c, void *ctx) {
  struct out_buf *o = ctx;
  o->buf[o->n++] = c;
  if (o->n == sizeof(o->buf)) flush(o);
}

int printf(const char *fmt, ...) {
  struct out_buf o = {.n = 0};
  va_list ap;
  va_start(ap, fmt);
  int n = kformat(put, &o, fmt, ap);
  va_end(ap);
  flush(&o);
  return n;
}
