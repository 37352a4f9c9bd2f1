/*
 * htif_hello -- a riscv-tests benchmark-style program: output through
 * the HTIF SYS_write proxy (magic_mem, tohost/fromhost) instead of the
 * UART, and exit through tohost.  Prints "htif: hello through SYS_write"
 * and "PASS htif_hello", then exits with status 0 via tohost.
 */
#include <string.h>

#include "htif.h"

int main(void) {
  static const char hello[] = "htif: hello through SYS_write\n";
  long n = htif_write(hello, strlen(hello));
  static const char pass[] = "PASS htif_hello\n";
  static const char fail[] = "FAIL htif_hello: SYS_write returned a wrong count\n";
  if (n != (long)strlen(hello)) {
    htif_write(fail, strlen(fail));
    htif_exit(1);
  }
  htif_write(pass, strlen(pass));
  htif_exit(0);
}
