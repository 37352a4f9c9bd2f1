/*
 * isa_c -- the C extension: hand-written compressed code (isa_c_asm.S)
 * using each RV32C integer instruction, checked here; plus c.ebreak
 * raising a breakpoint whose epc points at the 2-byte instruction.
 * Prints "PASS isa_c".
 */
#include "csr.h"
#include "expect.h"
#include "test.h"

uint32_t c_alu(uint32_t out[16]);
uint32_t c_stack(uint32_t v);
uint32_t c_flow(uint32_t x);
void c_ebreak_site(void);
extern const char c_ebreak_pc[];
extern const uint32_t c_code_bytes;

/* Sizes of the compressed routines, counted by hand: all 2-byte forms
 * except `la` (auipc + addi, 8 bytes). */
#define C_ALU_BYTES   (38 * 2)
#define C_STACK_BYTES (11 * 2)
#define C_FLOW_BYTES  ((15 + 2) * 2 + 8) /* c_flow + c_flow_leaf */
#define C_CODE_BYTES  (C_ALU_BYTES + C_STACK_BYTES + C_FLOW_BYTES)

static void test_alu(void) {
  static const uint32_t want[] = {
      0xfffffffb, 0x00012000, 0xfffff000, 0x0001201f, 0x00011fff,
      0x00011ffa, 0xfffffffb, 0xfffffff4, 0xffffffff, 0x00000018,
      0x00000000, 0xc0000000, 0x0c000000, 0xfc000000,
  };
  uint32_t out[16] = {0};
  CHECK_EQ(c_alu(out), sizeof(want) / sizeof(want[0]));
  for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    if (!CHECK_EQ(out[i], want[i])) kprintf("  (slot %u)\n", i);
  }
}

static void test_ebreak(void) {
  trap_expect_begin();
  c_ebreak_site();
  struct trap_record r = trap_expect_end();
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_BREAKPOINT);
  CHECK_EQ(r.epc, (uintptr_t)c_ebreak_pc);
}

int main(void) {
  test_begin("isa_c");
  test_alu();
  CHECK_EQ(c_stack(0x1234), 3 * 0x1234 + 1);
  CHECK_EQ(c_flow(0), 2 + 4 + 4);
  CHECK_EQ(c_flow(1), 1 + 4 + 4);
  test_ebreak();
  CHECK_EQ(c_code_bytes, C_CODE_BYTES);
  return test_end();
}
