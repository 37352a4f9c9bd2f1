/*
 * test.h -- a tiny self-checking test framework.
 *
 *   int main(void) {
 *     test_begin("isa_alu");
 *     CHECK_EQ(add(2, 3), 5);
 *     return test_end();
 *   }
 *
 * A failed check prints "CHECK failed file:line: expr" with the values
 * and the run goes on; test_end() prints exactly one line, "PASS <name>"
 * or "FAIL <name>: <n> of <m> checks failed", and returns the exit status
 * for main (FW_EXIT_PASS or FW_EXIT_CHECK_FAILED).
 */
#ifndef FW_TEST_H
#define FW_TEST_H

#include <stdint.h>

#include "printf.h"
#include "simctl.h"

/* Starts the test called `name`. */
void test_begin(const char *name);

/* Ends the test: prints the PASS/FAIL line and returns main's status. */
int test_end(void);

/* Records one check; on failure prints `what` at file:line. Returns ok. */
int test_check(int ok, const char *file, int line, const char *what);

/* Records one equality check of two 64-bit values; prints both on failure. */
int test_check_eq(uint64_t got, uint64_t want, const char *file, int line,
                  const char *got_expr, const char *want_expr);

/* Passes when cond is true. */
#define CHECK(cond) test_check(!!(cond), __FILE__, __LINE__, #cond)

/* Passes when got == want (compared as 64-bit unsigned). */
#define CHECK_EQ(got, want) \
  test_check_eq((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, \
                #got, #want)

#endif /* FW_TEST_H */
