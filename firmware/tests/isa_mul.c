/*
 * isa_mul -- the M extension: mul, mulh, mulhsu, mulhu, div, divu, rem,
 * remu, including division by zero and signed overflow, which must not
 * trap (results per the unprivileged spec, table "division by zero and
 * overflow").  Prints "PASS isa_mul".
 */
#include "isa.h"
#include "test.h"

#define MIN 0x80000000u
#define NEG1 0xffffffffu

static void test_mul(void) {
  CHECK_EQ(RR("mul", 7, 6), 42);
  CHECK_EQ(RR("mul", NEG1, 5), 0xfffffffb);
  CHECK_EQ(RR("mul", 0x12345678, 0x9abcdef0), 0x242d2080);
  CHECK_EQ(RR("mulh", 0x12345678, 0x9abcdef0), 0xf8cc93d6);
  CHECK_EQ(RR("mulhu", 0x12345678, 0x9abcdef0), 0x0b00ea4e);
  CHECK_EQ(RR("mulhsu", 0x12345678, 0x9abcdef0), 0x0b00ea4e);
  CHECK_EQ(RR("mulhsu", 0x9abcdef0, 0x12345678), 0xf8cc93d6);
  CHECK_EQ(RR("mulh", NEG1, NEG1), 0);         /* (-1)(-1) = 1 */
  CHECK_EQ(RR("mulhu", NEG1, NEG1), 0xfffffffe);
  CHECK_EQ(RR("mulhsu", NEG1, NEG1), NEG1);    /* -1 * (2^32-1) */
  CHECK_EQ(RR("mulh", MIN, MIN), 0x40000000);
  CHECK_EQ(RR("mulh", MIN, 1), NEG1);
}

static void test_div(void) {
  CHECK_EQ(RR("div", 42, 6), 7);
  CHECK_EQ(RR("div", (uint32_t)-7, 2), (uint32_t)-3); /* rounds to zero */
  CHECK_EQ(RR("div", 7, (uint32_t)-2), (uint32_t)-3);
  CHECK_EQ(RR("rem", (uint32_t)-7, 2), NEG1);         /* sign of dividend */
  CHECK_EQ(RR("rem", 7, (uint32_t)-2), 1);
  CHECK_EQ(RR("divu", (uint32_t)-7, 2), 0x7ffffffc);
  CHECK_EQ(RR("remu", (uint32_t)-7, 2), 1);
  CHECK_EQ(RR("divu", 0x9abcdef0, 0x1234), 0x00088028);
  CHECK_EQ(RR("remu", 0x9abcdef0, 0x1234), 0x000006d0);
}

static void test_div_special(void) {
  /* division by zero: quotient all ones, remainder = dividend */
  CHECK_EQ(RR("div", 5, 0), NEG1);
  CHECK_EQ(RR("div", (uint32_t)-5, 0), NEG1);
  CHECK_EQ(RR("divu", 5, 0), NEG1);
  CHECK_EQ(RR("rem", (uint32_t)-5, 0), (uint32_t)-5);
  CHECK_EQ(RR("remu", 5, 0), 5);
  /* signed overflow: INT_MIN / -1 = INT_MIN, remainder 0 */
  CHECK_EQ(RR("div", MIN, NEG1), MIN);
  CHECK_EQ(RR("rem", MIN, NEG1), 0);
  CHECK_EQ(RR("divu", MIN, NEG1), 0);
  CHECK_EQ(RR("remu", MIN, NEG1), MIN);
}

int main(void) {
  test_begin("isa_mul");
  test_mul();
  test_div();
  test_div_special();
  return test_end();
}
