/*
 * isa_amo -- the A extension: LR/SC success and failure, and every AMO
 * (swap, add, xor, and, or, min, max, minu, maxu) returning the old value
 * and storing the new one, with signed/unsigned edge values and the
 * aq/rl spellings.  Prints "PASS isa_amo".
 */
#include "isa.h"
#include "test.h"

#define MIN 0x80000000u
#define NEG1 0xffffffffu
#define FAR_WORDS 1024 /* 4 KiB apart: outside any sane reservation set */

static volatile uint32_t mem[FAR_WORDS + 1] __attribute__((aligned(64)));

/* Runs AMO insn on mem[0] = init with operand v; returns the old value
 * through *old and the new memory value. */
#define AMO(insn, init, v, old) ({ \
  mem[0] = (init); \
  __asm__ volatile(insn " %0, %1, (%2)" : "=r"(*(old)) \
                   : "r"((uint32_t)(v)), "r"(&mem[0]) : "memory"); \
  mem[0]; })

static void test_amo(void) {
  uint32_t old;
  CHECK_EQ(AMO("amoswap.w", 11, 22, &old), 22);
  CHECK_EQ(old, 11);
  CHECK_EQ(AMO("amoadd.w", 0xfffffff0, 0x20, &old), 0x10);
  CHECK_EQ(old, 0xfffffff0);
  CHECK_EQ(AMO("amoxor.w", 0xff00ff00, 0x0ff00ff0, &old), 0xf0f0f0f0);
  CHECK_EQ(old, 0xff00ff00);
  CHECK_EQ(AMO("amoand.w", 0xff00ff00, 0x0ff00ff0, &old), 0x0f000f00);
  CHECK_EQ(AMO("amoor.w", 0xff00ff00, 0x0ff00ff0, &old), 0xfff0fff0);
  CHECK_EQ(AMO("amomin.w", MIN, 1, &old), MIN);
  CHECK_EQ(old, MIN);
  CHECK_EQ(AMO("amomin.w", 1, NEG1, &old), NEG1);
  CHECK_EQ(AMO("amomax.w", MIN, 1, &old), 1);
  CHECK_EQ(AMO("amomax.w", NEG1, 0, &old), 0);
  CHECK_EQ(AMO("amominu.w", MIN, 1, &old), 1);
  CHECK_EQ(AMO("amominu.w", 0, NEG1, &old), 0);
  CHECK_EQ(AMO("amomaxu.w", MIN, 1, &old), MIN);
  CHECK_EQ(AMO("amomaxu.w", 1, NEG1, &old), NEG1);
  CHECK_EQ(old, 1);
  /* ordering bits change nothing on one hart */
  CHECK_EQ(AMO("amoadd.w.aq", 1, 2, &old), 3);
  CHECK_EQ(AMO("amoadd.w.rl", 1, 2, &old), 3);
  CHECK_EQ(AMO("amoadd.w.aqrl", 1, 2, &old), 3);
  CHECK_EQ(old, 1);
  /* rd = x0: the memory side still happens */
  mem[0] = 5;
  __asm__ volatile("amoadd.w zero, %0, (%1)" : : "r"(3u), "r"(&mem[0]) : "memory");
  CHECK_EQ(mem[0], 8);
}

/* lr.w from a, then sc.w of v to b; returns sc's result (0 = success). */
static uint32_t lr_sc(volatile uint32_t *a, volatile uint32_t *b, uint32_t v,
                      uint32_t *loaded) {
  uint32_t rc;
  __asm__ volatile("lr.w %1, (%2)\n\tsc.w %0, %3, (%4)"
                   : "=&r"(rc), "=&r"(*loaded)
                   : "r"(a), "r"(v), "r"(b) : "memory");
  return rc;
}

/* sc.w of v to a with no lr before it (in this function). */
static uint32_t sc_only(volatile uint32_t *a, uint32_t v) {
  uint32_t rc;
  __asm__ volatile("sc.w %0, %1, (%2)" : "=&r"(rc) : "r"(v), "r"(a) : "memory");
  return rc;
}

static void test_lr_sc(void) {
  uint32_t loaded;
  mem[0] = 100;
  CHECK_EQ(lr_sc(&mem[0], &mem[0], 101, &loaded), 0);
  CHECK_EQ(loaded, 100);
  CHECK_EQ(mem[0], 101);

  /* the successful sc consumed the reservation: a second sc fails */
  CHECK(sc_only(&mem[0], 102) != 0);
  CHECK_EQ(mem[0], 101);

  /* sc to an address outside the reservation set fails, writes nothing */
  mem[FAR_WORDS] = 7;
  CHECK(lr_sc(&mem[0], &mem[FAR_WORDS], 8, &loaded) != 0);
  CHECK_EQ(mem[FAR_WORDS], 7);
  /* ... and the failed sc also ended the reservation on mem[0] */
  CHECK(sc_only(&mem[0], 103) != 0);
  CHECK_EQ(mem[0], 101);

  /* an lr.aq / sc.rl pair behaves alike */
  uint32_t rc;
  __asm__ volatile("lr.w.aq %1, (%2)\n\taddi %1, %1, 1\n\tsc.w.rl %0, %1, (%2)"
                   : "=&r"(rc), "=&r"(loaded) : "r"(&mem[0]) : "memory");
  CHECK_EQ(rc, 0);
  CHECK_EQ(mem[0], 102);
}

/* The classic retry loop: atomic increment with lr/sc, n times. */
static void test_lr_sc_loop(void) {
  mem[0] = 0;
  for (int i = 0; i < 10; i++) {
    uint32_t tmp, rc;
    __asm__ volatile(
        "1: lr.w %0, (%2)\n"
        "addi %0, %0, 1\n"
        "sc.w %1, %0, (%2)\n"
        "bnez %1, 1b"
        : "=&r"(tmp), "=&r"(rc) : "r"(&mem[0]) : "memory");
  }
  CHECK_EQ(mem[0], 10);
}

int main(void) {
  test_begin("isa_amo");
  test_amo();
  test_lr_sc();
  test_lr_sc_loop();
  return test_end();
}
