/*
 * vm_malformed -- page-table entries the walker must refuse, and where
 * they fault.  Each case is probed by load, store and fetch, from S
 * (page faults delegated to S) and from U (everything in M), and must
 * raise the fault of the original access type with tval = the virtual
 * address:
 *
 *   page fault (13 / 15 / 12)           access fault (5 / 7 / 1)
 *   - leaf with V = 0                    - leaf whose PPN[21:20] != 0
 *   - root entry with V = 0                (physical address >= 4 GiB)
 *   - leaf W = 1, R = 0 (and with X)     - megapage above 4 GiB
 *   - non-leaf with A, D or U set        - root entry pointing to a table
 *     (reserved for future use)            above 4 GiB, or into a hole
 *   - pointer at level 0                 - leaf pointing into a hole
 *   - megapage with PPN[0] != 0
 *
 * and the entries that are fine: RSW bits set (ignored by hardware), G
 * on a pointer, a well-formed megapage.  Prints "PASS vm_malformed".
 */
#include "csr.h"
#include "test.h"
#include "trap.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA     0x40000000u
#define DATA_OFFSET 0x100u
#define HOLE_PA     0x06000000u          /* no device answers here */
#define ABOVE_4G    (1ull << 32)         /* PPN[20] set */
#define FAULT_DELEG ((1u << CAUSE_FETCH_PAGE) | (1u << CAUSE_LOAD_PAGE) | \
                     (1u << CAUSE_STORE_PAGE))

enum outcome { OK, PAGE_FAULT, ACCESS_FAULT };

#define LEAF (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_V)

static uint32_t *l0;     /* the level-0 table of the test window */
static uint8_t *page; /* the test page (a return at 0) */
static uint8_t *mega; /* a megapage (a return at 0) */

/* The two entries a case installs for TEST_VA (user = PTE_U or 0). */
struct entries {
  uint32_t l1, l0;
};

struct mcase {
  const char *name;
  enum outcome outcome;
  struct entries (*make)(uint32_t user);
};

static uint32_t ptr_to(const void *table) { return PA2PTE((uintptr_t)table) | PTE_V; }
static uint32_t leaf(uint64_t pa, uint32_t user) { return PA2PTE(pa) | LEAF | user; }

static struct entries good(uint32_t u) { return (struct entries){ptr_to(l0), leaf((uintptr_t)page, u)}; }
static struct entries leaf_invalid(uint32_t u) {
  return (struct entries){ptr_to(l0), leaf((uintptr_t)page, u) & ~PTE_V};
}
static struct entries root_invalid(uint32_t u) {
  return (struct entries){ptr_to(l0) & ~PTE_V, leaf((uintptr_t)page, u)};
}
static struct entries w_no_r(uint32_t u) {
  return (struct entries){ptr_to(l0), leaf((uintptr_t)page, u) & ~(PTE_R | PTE_X)};
}
static struct entries wx_no_r(uint32_t u) {
  return (struct entries){ptr_to(l0), leaf((uintptr_t)page, u) & ~PTE_R};
}
static struct entries ptr_a(uint32_t u) { return (struct entries){ptr_to(l0) | PTE_A, leaf((uintptr_t)page, u)}; }
static struct entries ptr_d(uint32_t u) { return (struct entries){ptr_to(l0) | PTE_D, leaf((uintptr_t)page, u)}; }
static struct entries ptr_u(uint32_t u) { return (struct entries){ptr_to(l0) | PTE_U, leaf((uintptr_t)page, u)}; }
static struct entries ptr_g(uint32_t u) { return (struct entries){ptr_to(l0) | PTE_G, leaf((uintptr_t)page, u)}; }
static struct entries ptr_rsw(uint32_t u) {
  return (struct entries){ptr_to(l0) | PTE_RSW, leaf((uintptr_t)page, u) | PTE_RSW};
}
static struct entries ptr_level0(uint32_t u) {
  (void)u;
  return (struct entries){ptr_to(l0), ptr_to(page)}; /* V = 1, R = W = X = 0 at level 0 */
}
static struct entries mega_good(uint32_t u) { return (struct entries){leaf((uintptr_t)mega, u), 0}; }
static struct entries mega_misaligned(uint32_t u) {
  return (struct entries){leaf((uintptr_t)mega + PGSIZE, u), 0};
}
static struct entries leaf_above_4g(uint32_t u) {
  return (struct entries){ptr_to(l0), leaf(ABOVE_4G + (uintptr_t)page, u)};
}
static struct entries mega_above_4g(uint32_t u) {
  return (struct entries){leaf(ABOVE_4G + (uintptr_t)mega, u), 0};
}
static struct entries table_above_4g(uint32_t u) {
  return (struct entries){PA2PTE(ABOVE_4G + (uintptr_t)l0) | PTE_V, leaf((uintptr_t)page, u)};
}
static struct entries table_in_hole(uint32_t u) {
  return (struct entries){PA2PTE(HOLE_PA) | PTE_V, leaf((uintptr_t)page, u)};
}
static struct entries leaf_in_hole(uint32_t u) { return (struct entries){ptr_to(l0), leaf(HOLE_PA, u)}; }

static const struct mcase kCases[] = {
    {"well-formed 4 KiB leaf", OK, good},
    {"leaf V=0", PAGE_FAULT, leaf_invalid},
    {"root entry V=0", PAGE_FAULT, root_invalid},
    {"leaf W=1 R=0", PAGE_FAULT, w_no_r},
    {"leaf W=1 X=1 R=0", PAGE_FAULT, wx_no_r},
    {"pointer with A", PAGE_FAULT, ptr_a},
    {"pointer with D", PAGE_FAULT, ptr_d},
    {"pointer with U", PAGE_FAULT, ptr_u},
    {"pointer with G", OK, ptr_g},
    {"RSW bits set", OK, ptr_rsw},
    {"pointer at level 0", PAGE_FAULT, ptr_level0},
    {"well-formed megapage", OK, mega_good},
    {"misaligned megapage", PAGE_FAULT, mega_misaligned},
    {"leaf above 4 GiB", ACCESS_FAULT, leaf_above_4g},
    {"megapage above 4 GiB", ACCESS_FAULT, mega_above_4g},
    {"table above 4 GiB", ACCESS_FAULT, table_above_4g},
    {"table in a hole", ACCESS_FAULT, table_in_hole},
    {"leaf in a hole", ACCESS_FAULT, leaf_in_hole},
};
#define NCASES (sizeof(kCases) / sizeof(kCases[0]))

/* Every case and access from `priv` under `root`. */
static void sweep(pgd_t *root, uint32_t priv, uint32_t user, uint32_t pf_mode) {
  for (unsigned i = 0; i < NCASES; i++) {
    const struct mcase *c = &kCases[i];
    struct entries e = c->make(user);
    for (int a = VM_LOAD; a <= VM_FETCH; a++) {
      enum vm_access access = (enum vm_access)a;
      set_pgd(&root[PX(1, TEST_VA)], __pgd(e.l1));
      l0[PX(0, TEST_VA)] = e.l0;
      sfence_vma_all();
      uint32_t va = TEST_VA + (access == VM_FETCH ? 0 : DATA_OFFSET);
      struct vm_probe p = vm_probe(priv, access, va, 0x0dd0);
      int ok;
      if (c->outcome == OK) {
        ok = CHECK_EQ(p.cause, VM_PROBE_OK);
      } else if (c->outcome == PAGE_FAULT) {
        ok = CHECK_EQ(p.cause, vm_page_fault_cause(access));
        ok &= CHECK_EQ(p.tval, va);
        ok &= CHECK_EQ(p.mode, pf_mode);
      } else {
        ok = CHECK_EQ(p.cause, vm_access_fault_cause(access));
        ok &= CHECK_EQ(p.tval, va);
        ok &= CHECK_EQ(p.mode, PRV_M); /* access faults are not delegated */
      }
      ok &= CHECK_EQ(p.traps, c->outcome == OK ? 0 : 1);
      if (!ok) {
        kprintf("  (%s, %s from %s)\n", c->name, vm_access_name(access),
                priv == PRV_U ? "U" : "S");
      }
    }
  }
  pgd_clear(&root[PX(1, TEST_VA)]);
  sfence_vma_all();
}

int main(void) {
  test_begin("vm_malformed");
  vm_env_init();
  l0 = vm_page_alloc();
  page = vm_page_alloc();
  mega = vm_mega_alloc();
  vm_probe_put_ret((uintptr_t)page);
  vm_probe_put_ret((uintptr_t)mega);
  vm_probe_put_ret((uintptr_t)mega + PGSIZE);
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);

  pgd_t *kroot = vm_kernel_root(0);
  vm_switch(kroot, 0);
  csr_write(CSR_MEDELEG, FAULT_DELEG);
  sweep(kroot, PRV_S, 0, PRV_S);
  csr_write(CSR_MEDELEG, 0);
  sweep(kroot, PRV_S, 0, PRV_M);

  pgd_t *uroot = vm_kernel_root(PTE_U);
  vm_switch(uroot, 0);
  sweep(uroot, PRV_U, PTE_U, PRV_M);
  vm_off();
  return test_end();
}
