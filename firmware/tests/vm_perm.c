/*
 * vm_perm -- Sv32 permission rules, against a reference written from the
 * privileged spec: every leaf R/W/X combination (W without R is
 * reserved), with and without U, probed by load, store and fetch from S
 * (page faults taken in M, then delegated to S) and from U (taken in M),
 * under every SUM and MXR setting.  Covered on the way: a store to a
 * read-only page (15), execute-only pages (load faults unless MXR), U
 * pages never executable in S even with SUM, S pages closed to U, and
 * tval = the virtual address.  SUM and MXR change between probes without
 * a fence, so TLB hits must re-check them.  A second pass does loads and
 * stores from M with MPRV, switching the effective privilege between S
 * and U over the same TLB entries.  Prints "PASS vm_perm".
 */
#include "csr.h"
#include "test.h"
#include "trap.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA     0x40000000u
#define DATA_OFFSET 0x100u /* loads and stores; a return sits at offset 0 */
#define PAGE_WORD   0x0bad0000u
#define FAULT_DELEG ((1u << CAUSE_FETCH_PAGE) | (1u << CAUSE_LOAD_PAGE) | \
                     (1u << CAUSE_STORE_PAGE))

/* Leaf permission combinations under test (A and D always set here). */
static const uint32_t kPerms[] = {
    PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X,
    PTE_W, PTE_W | PTE_X, /* reserved: W without R */
};
#define NPERMS (sizeof(kPerms) / sizeof(kPerms[0]))
#define NPAGES (2 * NPERMS) /* each combination without and with U */

static uint32_t *phys[NPAGES];

/* Page i: combination i % NPERMS, U when i >= NPERMS. */
static uint32_t page_pte_bits(unsigned i) {
  return kPerms[i % NPERMS] | (i >= NPERMS ? PTE_U : 0) | PTE_A | PTE_D;
}

/* The spec's answer: 1 if `access` at `priv` may use a leaf with `pte`. */
static int allowed(uint32_t pte, uint32_t priv, enum vm_access access,
                   int sum, int mxr) {
  if ((pte & PTE_W) && !(pte & PTE_R)) return 0; /* reserved encoding */
  if (priv == PRV_U && !(pte & PTE_U)) return 0;
  if (priv == PRV_S && (pte & PTE_U)) {
    if (access == VM_FETCH) return 0; /* never, whatever SUM says */
    if (!sum) return 0;
  }
  switch (access) {
    case VM_FETCH: return (pte & PTE_X) != 0;
    case VM_LOAD: return (pte & PTE_R) || (mxr && (pte & PTE_X));
    default: return (pte & PTE_W) != 0;
  }
}

/* Adds the test pages to `root`. */
static void map_pages(pgd_t *root) {
  for (unsigned i = 0; i < NPAGES; i++) {
    vm_map(root, TEST_VA + i * PGSIZE, (uintptr_t)phys[i], PGSIZE, page_pte_bits(i));
  }
}

static void set_sum_mxr(int sum, int mxr) {
  csr_clear(CSR_MSTATUS, MSTATUS_SUM | MSTATUS_MXR);
  csr_set(CSR_MSTATUS, (sum ? MSTATUS_SUM : 0) | (mxr ? MSTATUS_MXR : 0));
}

/* One probe and its checks; `mprv` selects vm_probe_mprv(). */
static void check_one(unsigned page, uint32_t priv, enum vm_access access,
                      int sum, int mxr, int mprv, uint32_t handler) {
  uint32_t va = TEST_VA + page * PGSIZE + (access == VM_FETCH ? 0 : DATA_OFFSET);
  volatile uint32_t *word = &phys[page][DATA_OFFSET / 4];
  uint32_t before = PAGE_WORD + page, value = 0x5700 + page;
  *word = before;
  set_sum_mxr(sum, mxr);
  struct vm_probe p = mprv ? vm_probe_mprv(priv, access, va, value)
                           : vm_probe(priv, access, va, value);
  set_sum_mxr(0, 0);
  int ok;
  if (allowed(page_pte_bits(page), priv, access, sum, mxr)) {
    ok = CHECK_EQ(p.cause, VM_PROBE_OK);
    if (access == VM_LOAD) ok &= CHECK_EQ(p.value, before);
    if (access == VM_STORE) ok &= CHECK_EQ(*word, value);
  } else {
    ok = CHECK_EQ(p.cause, vm_page_fault_cause(access));
    ok &= CHECK_EQ(p.tval, va);
    ok &= CHECK_EQ(p.mode, handler);
    ok &= CHECK_EQ(p.traps, 1);
    ok &= CHECK_EQ(*word, before); /* a faulting store writes nothing */
  }
  if (!ok) {
    kprintf("  (%s%s at %s, pte bits 0x%03x, SUM=%d MXR=%d)\n", mprv ? "MPRV " : "",
            vm_access_name(access), priv == PRV_U ? "U" : "S",
            (unsigned)page_pte_bits(page), sum, mxr);
  }
}

/* Every page, access, SUM and MXR from `priv` under the current satp. */
static void sweep(uint32_t priv, uint32_t handler) {
  for (unsigned page = 0; page < NPAGES; page++)
    for (int sum = 0; sum <= 1; sum++)
      for (int mxr = 0; mxr <= 1; mxr++)
        for (int a = VM_LOAD; a <= VM_FETCH; a++)
          check_one(page, priv, (enum vm_access)a, sum, mxr, 0, handler);
}

int main(void) {
  test_begin("vm_perm");
  vm_env_init();
  for (unsigned i = 0; i < NPAGES; i++) {
    phys[i] = vm_page_alloc();
    vm_probe_put_ret((uintptr_t)phys[i]);
  }
  pgd_t *kroot = vm_kernel_root(0);
  pgd_t *uroot = vm_kernel_root(PTE_U);
  map_pages(kroot);
  map_pages(uroot);
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);

  vm_switch(kroot, 0);
  sweep(PRV_S, PRV_M);
  csr_write(CSR_MEDELEG, FAULT_DELEG);
  sweep(PRV_S, PRV_S);
  csr_write(CSR_MEDELEG, 0);

  vm_switch(uroot, 0);
  sweep(PRV_U, PRV_M);

  /* M with MPRV: S and U alternate over the same TLB entries */
  vm_switch(kroot, 0);
  for (unsigned page = 0; page < NPAGES; page++)
    for (int sum = 0; sum <= 1; sum++)
      for (int mxr = 0; mxr <= 1; mxr++)
        for (int a = VM_LOAD; a <= VM_STORE; a++)
          for (uint32_t priv = PRV_U; priv <= PRV_S; priv++)
            check_one(page, priv, (enum vm_access)a, sum, mxr, 1, PRV_M);
  vm_off();
  return test_end();
}
