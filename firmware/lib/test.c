/* test.c -- check bookkeeping and the one result line (see test.h). */
#include "test.h"

static const char *test_name = "?";
static volatile uint32_t checks, failures;

void test_begin(const char *name) {
  test_name = name;
  checks = failures = 0;
}

int test_end(void) {
  if (failures == 0) {
    kprintf("PASS %s\n", test_name);
    return FW_EXIT_PASS;
  }
  kprintf("FAIL %s: %u of %u checks failed\n", test_name,
          (unsigned)failures, (unsigned)checks);
  return FW_EXIT_CHECK_FAILED;
}

int test_check(int ok, const char *file, int line, const char *what) {
  checks++;
  if (!ok) {
    failures++;
    kprintf("CHECK failed %s:%d: %s\n", file, line, what);
  }
  return ok;
}

int test_check_eq(uint64_t got, uint64_t want, const char *file, int line,
                  const char *got_expr, const char *want_expr) {
  checks++;
  if (got == want) return 1;
  failures++;
  kprintf("CHECK failed %s:%d: %s == %s: got 0x%llx (%lld), want 0x%llx (%lld)\n",
          file, line, got_expr, want_expr, (unsigned long long)got,
          (long long)got, (unsigned long long)want, (long long)want);
  return 0;
}
