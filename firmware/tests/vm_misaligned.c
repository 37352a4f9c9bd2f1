/*
 * vm_misaligned -- misaligned loads and stores under Sv32 from S-mode,
 * with cpu.misaligned = 1 (config/): the access is split into naturally
 * aligned parts, each translated on its own.  Two virtual pages that are
 * neighbours map physical pages that are not, so a word straddling them
 * only reads and writes the right bytes if both parts were translated.
 * A straddling access whose second page is unmapped takes the page fault
 * of its type with tval = the first byte of the second page (the part
 * that faulted); a store's first part has then been written.  With
 * cpu.misaligned = 0 every such access takes the misaligned exception
 * (tval = the address).  Prints "PASS vm_misaligned".
 *
 *   virtual                       physical
 *   TEST_VA            [ page A ] -> phys[1]
 *   TEST_VA + PGSIZE   [ page B ] -> phys[0]    (B below A in DRAM)
 *   TEST_VA + 2*PGSIZE [ page C ] -> phys[2]
 *   TEST_VA + 3*PGSIZE   unmapped
 */
#include "csr.h"
#include "test.h"
#include "trap.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA 0x40000000u
#define VA_A    TEST_VA
#define VA_B    (TEST_VA + PGSIZE)
#define VA_C    (TEST_VA + 2 * PGSIZE)
#define VA_HOLE (TEST_VA + 3 * PGSIZE)
#define RW      (PTE_R | PTE_W | PTE_A | PTE_D)

static uint8_t *phys[3];

/* Byte `off` of virtual page A/B/C through its physical page. */
static uint8_t *byte_at(uint32_t va) {
  static const unsigned page_of[] = {1, 0, 2};
  uint32_t i = (va - TEST_VA) / PGSIZE;
  return phys[page_of[i]] + (va & (PGSIZE - 1));
}

static uint32_t read_le(uint32_t va, unsigned n) {
  uint32_t v = 0;
  for (unsigned k = n; k-- > 0;) v = (v << 8) | *byte_at(va + k);
  return v;
}

/* A word load at every offset 1..3 before the A/B boundary, then a store. */
static void check_straddling(void) {
  for (uint32_t k = 0; k < 8; k++) *byte_at(VA_B - 4 + k) = (uint8_t)(0xa0 + k);
  for (uint32_t off = 1; off <= 3; off++) {
    uint32_t va = VA_B - 4 + off;
    struct vm_probe p = vm_probe(PRV_S, VM_LOAD, va, 0);
#if MMCOSIM_CPU_MISALIGNED
    CHECK_EQ(p.cause, VM_PROBE_OK);
    CHECK_EQ(p.value, read_le(va, 4));
#else
    CHECK_EQ(p.cause, CAUSE_MISALIGNED_LOAD);
    CHECK_EQ(p.tval, va);
#endif
  }
  uint32_t va = VA_B - 1;
  struct vm_probe p = vm_probe(PRV_S, VM_STORE, va, 0x11223344u);
#if MMCOSIM_CPU_MISALIGNED
  CHECK_EQ(p.cause, VM_PROBE_OK);
  CHECK_EQ(read_le(va, 4), 0x11223344u);
  CHECK_EQ(*byte_at(va - 1), 0xa2);     /* neighbours untouched */
  CHECK_EQ(*byte_at(va + 4), 0xa7);
#else
  CHECK_EQ(p.cause, CAUSE_MISALIGNED_STORE);
  CHECK_EQ(p.tval, va);
#endif
}

/* The second page of the access is unmapped. */
static void check_second_page_faults(void) {
  for (uint32_t k = 0; k < 4; k++) *byte_at(VA_HOLE - 4 + k) = 0x5a;
  uint32_t va = VA_HOLE - 2;
  struct vm_probe p = vm_probe(PRV_S, VM_LOAD, va, 0);
#if MMCOSIM_CPU_MISALIGNED
  CHECK_EQ(p.cause, CAUSE_LOAD_PAGE);
  CHECK_EQ(p.tval, VA_HOLE);
#else
  CHECK_EQ(p.cause, CAUSE_MISALIGNED_LOAD);
  CHECK_EQ(p.tval, va);
#endif
  CHECK_EQ(p.traps, 1);
  p = vm_probe(PRV_S, VM_STORE, va, 0x01020304u);
#if MMCOSIM_CPU_MISALIGNED
  CHECK_EQ(p.cause, CAUSE_STORE_PAGE);
  CHECK_EQ(p.tval, VA_HOLE);
  CHECK_EQ(read_le(va, 2), 0x0304); /* the first part was performed */
#else
  CHECK_EQ(p.cause, CAUSE_MISALIGNED_STORE);
  CHECK_EQ(p.tval, va);
  CHECK_EQ(read_le(va, 2), 0x5a5a);
#endif
  /* the first page itself is fine: a misaligned word inside it loads */
  p = vm_probe(PRV_S, VM_LOAD, VA_C + 5, 0);
#if MMCOSIM_CPU_MISALIGNED
  CHECK_EQ(p.cause, VM_PROBE_OK);
  CHECK_EQ(p.value, read_le(VA_C + 5, 4));
#endif
}

int main(void) {
  test_begin("vm_misaligned");
  vm_env_init();
  for (unsigned i = 0; i < 3; i++) phys[i] = (uint8_t *)vm_page_alloc();
  pgd_t *root = vm_kernel_root(0);
  vm_map(root, VA_A, (uintptr_t)phys[1], PGSIZE, RW);
  vm_map(root, VA_B, (uintptr_t)phys[0], PGSIZE, RW);
  vm_map(root, VA_C, (uintptr_t)phys[2], PGSIZE, RW);
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);
  vm_switch(root, 0);
  check_straddling();
  check_second_page_faults();
#if MMCOSIM_CPU_MISALIGNED
  /* delegated: the part's page fault is taken in S with the same tval */
  csr_write(CSR_MEDELEG, (1u << CAUSE_LOAD_PAGE) | (1u << CAUSE_STORE_PAGE));
  struct vm_probe p = vm_probe(PRV_S, VM_LOAD, VA_HOLE - 1, 0);
  CHECK_EQ(p.mode, PRV_S);
  CHECK_EQ(p.cause, CAUSE_LOAD_PAGE);
  CHECK_EQ(p.tval, VA_HOLE);
  csr_write(CSR_MEDELEG, 0);
#endif
  vm_off();
  return test_end();
}
