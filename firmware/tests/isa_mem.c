/*
 * isa_mem -- RV32I loads and stores: every width, sign and zero extension,
 * byte and halfword lanes inside a word, negative and positive offsets,
 * little-endian order.  Prints "PASS isa_mem".
 */
#include "isa.h"
#include "test.h"

static volatile uint32_t buf[4] __attribute__((aligned(16)));

static void test_loads(void) {
  buf[0] = 0x8081f0ff;
  buf[1] = 0x7f017fff;
  const volatile uint8_t *b = (const volatile uint8_t *)buf;
  CHECK_EQ(LOAD("lb", b + 0), 0xffffffff);
  CHECK_EQ(LOAD("lbu", b + 0), 0xff);
  CHECK_EQ(LOAD("lb", b + 1), 0xfffffff0);
  CHECK_EQ(LOAD("lbu", b + 2), 0x81);
  CHECK_EQ(LOAD("lb", b + 3), 0xffffff80);
  CHECK_EQ(LOAD("lb", b + 4), 0xffffffff);
  CHECK_EQ(LOAD("lb", b + 5), 0x7f);
  CHECK_EQ(LOAD("lb", b + 7), 0x7f);
  CHECK_EQ(LOAD("lh", b + 0), 0xfffff0ff);
  CHECK_EQ(LOAD("lhu", b + 0), 0xf0ff);
  CHECK_EQ(LOAD("lh", b + 2), 0xffff8081);
  CHECK_EQ(LOAD("lhu", b + 2), 0x8081);
  CHECK_EQ(LOAD("lh", b + 4), 0x7fff);
  CHECK_EQ(LOAD("lh", b + 6), 0x7f01);
  CHECK_EQ(LOAD("lw", b + 0), 0x8081f0ff);
  CHECK_EQ(LOAD("lw", b + 4), 0x7f017fff);

  uint32_t v;
  __asm__ volatile("lw %0, -4(%1)" : "=r"(v) : "r"(b + 8) : "memory");
  CHECK_EQ(v, 0x7f017fff);
  __asm__ volatile("lhu %0, 6(%1)" : "=r"(v) : "r"(b) : "memory");
  CHECK_EQ(v, 0x7f01);
}

static void test_stores(void) {
  volatile uint8_t *b = (volatile uint8_t *)buf;
  buf[2] = 0;
  STORE("sb", 0x1234567a, b + 8);  /* only the low byte is written */
  STORE("sb", 0xbc, b + 11);
  CHECK_EQ(buf[2], 0xbc00007a);
  STORE("sh", 0xffffbeef, b + 8);
  CHECK_EQ(buf[2], 0xbc00beef);
  STORE("sh", 0xcafe, b + 10);
  CHECK_EQ(buf[2], 0xcafebeef);
  STORE("sw", 0x01020304, b + 12);
  CHECK_EQ(b[12], 0x04); /* little endian */
  CHECK_EQ(b[15], 0x01);
  __asm__ volatile("sw %0, -4(%1)" : : "r"(0x55aa55aau), "r"(b + 16) : "memory");
  CHECK_EQ(buf[3], 0x55aa55aa);
  __asm__ volatile("sb %0, 1(%1)" : : "r"(0x66u), "r"(b + 12) : "memory");
  CHECK_EQ(buf[3], 0x55aa66aa);
}

int main(void) {
  test_begin("isa_mem");
  test_loads();
  test_stores();
  return test_end();
}
