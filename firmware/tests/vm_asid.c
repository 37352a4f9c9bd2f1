/*
 * vm_asid -- address-space isolation by ASID.
 *
 * Address spaces A (ASID 1) and B (ASID 2) map the same virtual page X to
 * different physical pages and share a global page G.  All tables are
 * fenced once after they are built; from then on S-mode switches satp
 * between A and B WITHOUT a fence -- allowed by the spec because the
 * ASIDs differ -- and must always see its own X: loads and stores never
 * leak across ASIDs (checked in physical memory), stores through G are
 * seen by both, and code at X runs the right address space's code.
 * Then A's table is changed and only ASID A is fenced: A sees the new
 * page, B is untouched.  The same from U-mode (satp switched in M).
 * Also ASID 0 and the largest ASID.  Prints "PASS vm_asid".
 */
#include "csr.h"
#include "priv.h"
#include "test.h"
#include "vm_env.h"
#include "vm_probe.h"

#define VA_X   0x40000000u
#define VA_G   0x40001000u
#define VA_C   0x40002000u /* code page: "li a0, <n>; ret" per address space */
#define ROUNDS 8

#define INSN_LI_A0(imm) (((uint32_t)(imm) << 20) | (10u << 7) | 0x13u) /* addi a0, zero, imm */
#define INSN_C_RET      0x8082u

static volatile uint32_t satp_a, satp_b;

/* Writes "li a0, n; ret" at physical `code`. */
static void put_li_ret(uint8_t *code, uint32_t n) {
  *(volatile uint32_t *)code = INSN_LI_A0(n);
  *(volatile uint16_t *)(code + 4) = INSN_C_RET;
  __asm__ volatile("fence.i" ::: "memory");
}

static uint32_t rd(uint32_t va) { return *(volatile uint32_t *)(uintptr_t)va; }
static void wr(uint32_t va, uint32_t v) { *(volatile uint32_t *)(uintptr_t)va = v; }
static uint32_t call(uint32_t va) { return ((uint32_t(*)(void))(uintptr_t)va)(); }

/*
 * In S-mode: alternates A and B through satp with no fence, ROUNDS times;
 * returns the number of wrong observations.
 */
static uint32_t s_alternate(uint32_t arg) {
  uint32_t bad = 0;
  for (uint32_t r = 0; r < ROUNDS; r++) {
    csr_write(CSR_SATP, satp_a);
    bad += rd(VA_X) != 0xaaaa0000u + (r ? r - 1 : 0); /* what round r-1 stored */
    wr(VA_X, 0xaaaa0000u + r);
    bad += call(VA_C) != 0xa;
    wr(VA_G, arg + r);
    csr_write(CSR_SATP, satp_b);
    bad += rd(VA_X) != 0xbbbb0000u + (r ? r - 1 : 0);
    wr(VA_X, 0xbbbb0000u + r);
    bad += call(VA_C) != 0xb;
    bad += rd(VA_G) != arg + r;
  }
  csr_write(CSR_SATP, satp_a);
  return bad;
}

int main(void) {
  test_begin("vm_asid");
  vm_env_init();
  uint32_t *xa = vm_page_alloc(), *xb = vm_page_alloc(), *xa2 = vm_page_alloc();
  uint32_t *g = vm_page_alloc();
  uint8_t *ca = vm_page_alloc(), *cb = vm_page_alloc();
  put_li_ret(ca, 0xa);
  put_li_ret(cb, 0xb);
  uint32_t rw = PTE_R | PTE_W | PTE_A | PTE_D;

  for (uint32_t user = 0; user <= PTE_U; user += PTE_U) {
    uint32_t priv = user ? PRV_U : PRV_S;
    pgd_t *ra = vm_kernel_root(user), *rb = vm_kernel_root(user);
    vm_map(ra, VA_X, (uintptr_t)xa, PGSIZE, rw | user);
    vm_map(rb, VA_X, (uintptr_t)xb, PGSIZE, rw | user);
    vm_map(ra, VA_G, (uintptr_t)g, PGSIZE, rw | PTE_G | user);
    vm_map(rb, VA_G, (uintptr_t)g, PGSIZE, rw | PTE_G | user);
    vm_map(ra, VA_C, (uintptr_t)ca, PGSIZE, PTE_X | PTE_A | user);
    vm_map(rb, VA_C, (uintptr_t)cb, PGSIZE, PTE_X | PTE_A | user);
    satp_a = vm_satp(ra, 1);
    satp_b = vm_satp(rb, 2);
    xa[0] = 0xaaaa0000u;
    xb[0] = 0xbbbb0000u;
    sfence_vma_all(); /* once, after building every table */

    if (priv == PRV_S) {
      CHECK_EQ(priv_call(PRV_S, s_alternate, 0x6000), 0);
    } else {
      /* U cannot write satp: M switches it between the probes */
      for (uint32_t r = 0; r < ROUNDS; r++) {
        csr_write(CSR_SATP, satp_a);
        CHECK_EQ(vm_probe(PRV_U, VM_LOAD, VA_X, 0).value, 0xaaaa0000u + (r ? r - 1 : 0));
        CHECK_EQ(vm_probe(PRV_U, VM_STORE, VA_X, 0xaaaa0000u + r).cause, VM_PROBE_OK);
        CHECK_EQ(vm_probe(PRV_U, VM_STORE, VA_G, 0x6000 + r).cause, VM_PROBE_OK);
        csr_write(CSR_SATP, satp_b);
        CHECK_EQ(vm_probe(PRV_U, VM_LOAD, VA_X, 0).value, 0xbbbb0000u + (r ? r - 1 : 0));
        CHECK_EQ(vm_probe(PRV_U, VM_STORE, VA_X, 0xbbbb0000u + r).cause, VM_PROBE_OK);
        CHECK_EQ(vm_probe(PRV_U, VM_LOAD, VA_G, 0).value, 0x6000 + r);
      }
    }
    CHECK_EQ(xa[0], 0xaaaa0000u + ROUNDS - 1);
    CHECK_EQ(xb[0], 0xbbbb0000u + ROUNDS - 1);
    CHECK_EQ(g[0], 0x6000 + ROUNDS - 1);

    /* remap X in A only; fence ASID A only: A sees the new page, B its own */
    xa2[0] = 0xa2a2a2a2u;
    set_pte(vm_pte(ra, VA_X), __pte(PA2PTE((uintptr_t)xa2) | rw | user | PTE_V));
    sfence_vma_asid(1);
    csr_write(CSR_SATP, satp_a);
    CHECK_EQ(vm_probe(priv, VM_LOAD, VA_X, 0).value, 0xa2a2a2a2u);
    csr_write(CSR_SATP, satp_b);
    CHECK_EQ(vm_probe(priv, VM_LOAD, VA_X, 0).value, 0xbbbb0000u + ROUNDS - 1);
    set_pte(vm_pte(ra, VA_X), __pte(PA2PTE((uintptr_t)xa) | rw | user | PTE_V));
    sfence_vma_all();
  }

  /* ASID 0 and the largest ASID are address spaces like any other */
  pgd_t *r0 = vm_kernel_root(0), *rmax = vm_kernel_root(0);
  vm_map(r0, VA_X, (uintptr_t)xa, PGSIZE, rw);
  vm_map(rmax, VA_X, (uintptr_t)xb, PGSIZE, rw);
  sfence_vma_all();
  for (int r = 0; r < 3; r++) {
    csr_write(CSR_SATP, vm_satp(r0, 0));
    CHECK_EQ(vm_probe(PRV_S, VM_LOAD, VA_X, 0).value, xa[0]);
    csr_write(CSR_SATP, vm_satp(rmax, SATP_ASID_MASK));
    CHECK_EQ(vm_probe(PRV_S, VM_LOAD, VA_X, 0).value, xb[0]);
  }
  vm_off();
  return test_end();
}
