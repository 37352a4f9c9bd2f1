/*
 * vm_basic -- Sv32 translation from S- and U-mode: satp fields (MODE,
 * all ASID bits writable, PPN), code/data/stack through an identity map
 * of megapages and of 4 KiB pages, non-identity 4 KiB mappings (store in
 * S, read the physical page in M, and back), two virtual pages aliasing
 * one physical page, neighbouring virtual pages on scattered physical
 * pages, a non-identity megapage (offsets across its 4 MiB), code fetched
 * through a non-identity 4 KiB page and a megapage, and U-mode doing
 * the same through a table with U set.  Prints "PASS vm_basic".
 */
#include "csr.h"
#include "priv.h"
#include "test.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA  0x40000000u          /* 4 KiB test pages (outside DRAM, MMIO) */
#define MEGA_VA  (TEST_VA + MEGASIZE) /* one 4 MiB megapage */

#define INSN_LI_A0_0X123 0x12300513u /* addi a0, zero, 0x123 */
#define INSN_C_RET       0x8082u

static volatile uint32_t global_word = 0x600dcafe;

/* Reads / writes one word at a virtual address. */
static uint32_t rd(uint32_t va) { return *(volatile uint32_t *)(uintptr_t)va; }
static void wr(uint32_t va, uint32_t v) { *(volatile uint32_t *)(uintptr_t)va = v; }

/* A small workload touching code, .data, .bss and the stack. */
static volatile uint32_t bss_words[64];
static uint32_t workload(uint32_t arg) {
  volatile uint32_t local[16];
  for (int i = 0; i < 16; i++) local[i] = arg + (uint32_t)i;
  uint32_t sum = global_word;
  for (int i = 0; i < 64; i++) bss_words[i] = local[i % 16] * 3;
  for (int i = 0; i < 64; i++) sum += bss_words[i];
  return sum;
}

static uint32_t expected_workload(uint32_t arg) {
  uint32_t sum = 0x600dcafe;
  for (int i = 0; i < 64; i++) sum += (arg + (uint32_t)(i % 16)) * 3;
  return sum;
}

static void test_satp_fields(void) {
  pgd_t *root = vm_pgd_alloc();
  csr_write(CSR_SATP, vm_satp(root, SATP_ASID_MASK));
  uint32_t s = csr_read(CSR_SATP);
  CHECK_EQ(s & SATP_MODE_SV32, SATP_MODE_SV32);
  CHECK_EQ((s >> SATP_ASID_SHIFT) & SATP_ASID_MASK, SATP_ASID_MASK); /* 9 ASID bits */
  CHECK_EQ(s & SATP_PPN_MASK, (uintptr_t)root >> PGSHIFT);
  vm_off();
  CHECK_EQ(csr_read(CSR_SATP), 0);
}

/* The workload in `priv` under `root`: same result as without translation. */
static void test_identity(uint32_t priv, pgd_t *root, const char *what) {
  vm_switch(root, 0);
  uint32_t got = priv_call(priv, workload, 7);
  vm_off();
  if (!CHECK_EQ(got, expected_workload(7))) kprintf("  (%s)\n", what);
}

/* In S or U: the non-identity accesses of test_remap(). */
static uint32_t remap_body(uint32_t arg) {
  wr(TEST_VA, arg);                        /* page 0 -> p0 */
  wr(TEST_VA + PGSIZE + 8, arg + 1);       /* page 1 -> p1 */
  wr(TEST_VA + 2 * PGSIZE, arg + 2);       /* page 2 -> p2 (alias of page 3) */
  uint32_t via_alias = rd(TEST_VA + 3 * PGSIZE);
  wr(TEST_VA + PGSIZE - 4, arg + 3);       /* last word of page 0 */
  uint32_t m_written = rd(TEST_VA + 16);   /* written by M into p0 */
  return (via_alias == arg + 2) && (m_written == 0x5a5a1234) ? 1 : 0;
}

static void test_remap(uint32_t priv, uint32_t extra) {
  pgd_t *root = vm_kernel_root(extra);
  uint32_t *p0 = vm_page_alloc(), *p1 = vm_page_alloc(), *p2 = vm_page_alloc();
  uint32_t perm = PTE_R | PTE_W | PTE_A | PTE_D | extra;
  /* scattered: page 0 -> p0, page 1 -> p1, pages 2 and 3 -> p2 */
  vm_map(root, TEST_VA, (uintptr_t)p0, PGSIZE, perm);
  vm_map(root, TEST_VA + PGSIZE, (uintptr_t)p1, PGSIZE, perm);
  vm_map(root, TEST_VA + 2 * PGSIZE, (uintptr_t)p2, PGSIZE, perm);
  vm_map(root, TEST_VA + 3 * PGSIZE, (uintptr_t)p2, PGSIZE, perm);
  p0[4] = 0x5a5a1234;
  vm_switch(root, 0);
  CHECK_EQ(priv_call(priv, remap_body, 0x1000), 1);
  vm_off();
  CHECK_EQ(p0[0], 0x1000);
  CHECK_EQ(p1[2], 0x1001);
  CHECK_EQ(p2[0], 0x1002);
  CHECK_EQ(p0[PGSIZE / 4 - 1], 0x1003);
}

/* In S or U: writes at three offsets of the megapage, reads one M wrote. */
static uint32_t mega_body(uint32_t arg) {
  wr(MEGA_VA, arg);
  wr(MEGA_VA + PGSIZE * 5 + 4, arg + 1);
  wr(MEGA_VA + MEGASIZE - 4, arg + 2);
  return rd(MEGA_VA + MEGASIZE / 2);
}

static void test_megapage(uint32_t priv, uint32_t extra, uint8_t *mega) {
  pgd_t *root = vm_kernel_root(extra);
  vm_map_mega(root, MEGA_VA, (uintptr_t)mega, PTE_R | PTE_W | PTE_A | PTE_D | extra);
  *(volatile uint32_t *)(mega + MEGASIZE / 2) = 0x77aa77aa + priv;
  vm_switch(root, 0);
  CHECK_EQ(priv_call(priv, mega_body, 0x2000 + priv), 0x77aa77aa + priv);
  vm_off();
  CHECK_EQ(*(volatile uint32_t *)mega, 0x2000 + priv);
  CHECK_EQ(*(volatile uint32_t *)(mega + PGSIZE * 5 + 4), 0x2001 + priv);
  CHECK_EQ(*(volatile uint32_t *)(mega + MEGASIZE - 4), 0x2002 + priv);
}

/* In S or U: calls the code page at arg. */
static uint32_t call_body(uint32_t arg) {
  return ((uint32_t(*)(void))(uintptr_t)arg)();
}

/* Writes "li a0, 0x123; ret" at physical `code`, fenced for fetching. */
static void put_code(uint8_t *code) {
  *(volatile uint32_t *)code = INSN_LI_A0_0X123;
  *(volatile uint16_t *)(code + 4) = INSN_C_RET;
  __asm__ volatile("fence.i" ::: "memory");
}

static void test_fetch(uint32_t priv, uint32_t extra, uint8_t *mega) {
  pgd_t *root = vm_kernel_root(extra);
  uint8_t *page = vm_page_alloc();
  put_code(page);
  put_code(mega + 3 * PGSIZE + 0x40);
  vm_map(root, TEST_VA + 5 * PGSIZE, (uintptr_t)page, PGSIZE, PTE_X | PTE_A | extra);
  vm_map_mega(root, MEGA_VA, (uintptr_t)mega, PTE_R | PTE_X | PTE_A | extra);
  vm_switch(root, 0);
  CHECK_EQ(priv_call(priv, call_body, TEST_VA + 5 * PGSIZE), 0x123);
  CHECK_EQ(priv_call(priv, call_body, MEGA_VA + 3 * PGSIZE + 0x40), 0x123);
  vm_off();
}

int main(void) {
  test_begin("vm_basic");
  vm_env_init();
  test_satp_fields();
  test_identity(PRV_S, vm_kernel_root(0), "S, megapage identity");
  test_identity(PRV_S, vm_kernel_root_4k(0), "S, 4 KiB identity");
  test_identity(PRV_U, vm_kernel_root(PTE_U), "U, megapage identity");
  test_identity(PRV_U, vm_kernel_root_4k(PTE_U), "U, 4 KiB identity");
  test_remap(PRV_S, 0);
  test_remap(PRV_U, PTE_U);
  uint8_t *mega = vm_mega_alloc();
  test_megapage(PRV_S, 0, mega);
  test_megapage(PRV_U, PTE_U, mega);
  test_fetch(PRV_S, 0, mega);
  test_fetch(PRV_U, PTE_U, mega);
  return test_end();
}
