/*
 * vm_ad -- accessed and dirty bits.
 *
 * Svade (menvcfg.ADUE = 0, the default): a load, fetch or store through a
 * PTE with A = 0, or a store with D = 0, raises the page fault of the
 * access (13, 12, 15; tval = the address); the handler sets the bit (A,
 * plus D for a store), fences the address and retries.  Checked: exactly
 * one fault per case, the PTE afterwards, the data, a store after a load
 * that cached the D = 0 entry in the TLB, megapages; from S (faults
 * delegated to S) and from U (faults in M).
 *
 * Svadu (ADUE = 1, when the configuration has it): no fault; the hardware
 * sets A on any access and D on a store, in the PTE in memory, and leaves
 * every other bit (RSW, PPN, G) alone; a load never sets D; a store that
 * faults on a read-only page changes nothing.  ADUE back to 0 brings the
 * Svade faults back.  Prints "PASS vm_ad".
 */
#include "csr.h"
#include "test.h"
#include "trap.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA     0x40000000u
#define MEGA_VA     0x40400000u /* TEST_VA + one megapage */
#define DATA_OFFSET 0x100u
#define MAX_FAULTS  8           /* a retry loop longer than this is a bug */
#define FAULT_DELEG ((1u << CAUSE_FETCH_PAGE) | (1u << CAUSE_LOAD_PAGE) | \
                     (1u << CAUSE_STORE_PAGE))

static volatile uint32_t ad_faults, ad_cause, ad_tval, ad_mode;

/* Returns the root table of the current satp (identity-mapped). */
static pgd_t *current_root(void) {
  return (pgd_t *)(uintptr_t)((csr_read(CSR_SATP) & SATP_PPN_MASK) << PGSHIFT);
}

/* Returns nonzero if the leaf bits `pte` permit the access of `cause`. */
static int permitted(uint32_t pte, uint32_t cause) {
  if (cause == CAUSE_STORE_PAGE) return (pte & PTE_W) != 0;
  if (cause == CAUSE_FETCH_PAGE) return (pte & PTE_X) != 0;
  return (pte & PTE_R) != 0;
}

/*
 * Svade handler (M- and S-mode): a page fault in the test window whose
 * leaf permits the access but lacks A (or D, for a store) gets the bit
 * and is retried; anything else goes to trap_default().
 */
static void ad_handler(struct trap_frame *tf) {
  uint32_t c = tf->cause;
  int pf = c == CAUSE_FETCH_PAGE || c == CAUSE_LOAD_PAGE || c == CAUSE_STORE_PAGE;
  if (pf && tf->tval >= TEST_VA && tf->tval < MEGA_VA + MEGASIZE) {
    volatile uint32_t *pte = vm_entry_word(vm_leaf(current_root(), tf->tval, 0));
    uint32_t want = PTE_A | (c == CAUSE_STORE_PAGE ? PTE_D : 0);
    if (pte && permitted(*pte, c) && (*pte & want) != want) {
      if (++ad_faults > MAX_FAULTS) panic("ad_handler: endless faults at %08x", (unsigned)tf->tval);
      ad_cause = c;
      ad_tval = tf->tval;
      ad_mode = tf->mode;
      *pte |= want;
      sfence_vma_va(tf->tval);
      return; /* retry the access */
    }
  }
  trap_default(tf);
}

struct ad_case {
  const char *name;
  enum vm_access access;
  uint32_t pte_bits;  /* leaf bits before (V added) */
  uint32_t want_bits; /* leaf bits after */
  uint32_t faults;    /* Svade faults expected */
};

/* Runs `c` on a fresh 4 KiB page or megapage from `priv` under `root`. */
static void run_case(const struct ad_case *c, uint32_t priv, uint32_t va, volatile uint32_t *pte, uint32_t *word, uint32_t handler_mode) {
  uint32_t ppn_bits = *pte & ~PTE_FLAGS_MASK;
  *pte = ppn_bits | c->pte_bits | PTE_V;
  *word = 0x1234abcd;
  sfence_vma_all();
  ad_faults = 0;
  ad_cause = ad_tval = 0;
  uint32_t addr = va + (c->access == VM_FETCH ? 0 : DATA_OFFSET);
  struct vm_probe p = vm_probe(priv, c->access, addr, 0xfeed0000u + priv);
  int ok = CHECK_EQ(p.cause, VM_PROBE_OK);
  ok &= CHECK_EQ(ad_faults, c->faults);
  if (c->faults) {
    ok &= CHECK_EQ(ad_cause, vm_page_fault_cause(c->access));
    ok &= CHECK_EQ(ad_tval, addr);
    ok &= CHECK_EQ(ad_mode, handler_mode);
  }
  ok &= CHECK_EQ(*pte, ppn_bits | c->want_bits | PTE_V);
  if (c->access == VM_LOAD) ok &= CHECK_EQ(p.value, 0x1234abcd);
  if (c->access == VM_STORE) ok &= CHECK_EQ(*word, 0xfeed0000u + priv);
  if (!ok) {
    kprintf("  (%s from %s, %s)\n", c->name, priv == PRV_U ? "U" : "S",
            va == MEGA_VA ? "megapage" : "4 KiB page");
  }
}

#define RW  (PTE_R | PTE_W)
#define RX  (PTE_R | PTE_X)

static const struct ad_case kSvade[] = {
    {"load, A=0", VM_LOAD, RW, RW | PTE_A, 1},
    {"store, A=1 D=0", VM_STORE, RW | PTE_A, RW | PTE_A | PTE_D, 1},
    {"store, A=0 D=0", VM_STORE, RW, RW | PTE_A | PTE_D, 1},
    {"fetch, A=0", VM_FETCH, RX, RX | PTE_A, 1},
    {"load, A=1 D=0, RSW kept", VM_LOAD, RW | PTE_A | PTE_RSW, RW | PTE_A | PTE_RSW, 0},
    {"load, A=1 D=1", VM_LOAD, RW | PTE_A | PTE_D, RW | PTE_A | PTE_D, 0},
};

static const struct ad_case kSvadu[] = {
    {"load, A=0", VM_LOAD, RW, RW | PTE_A, 0},
    {"store, A=1 D=0", VM_STORE, RW | PTE_A, RW | PTE_A | PTE_D, 0},
    {"store, A=0 D=0, RSW and G kept", VM_STORE, RW | PTE_RSW | PTE_G,
     RW | PTE_RSW | PTE_G | PTE_A | PTE_D, 0},
    {"fetch, A=0", VM_FETCH, RX, RX | PTE_A, 0},
};

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t *phys[2];
static uint8_t *mega;

/* Every case on a 4 KiB page and on a megapage, from `priv`. */
static void run_all(const struct ad_case *cases, unsigned n, uint32_t priv,
                    pgd_t *root, uint32_t user, uint32_t handler_mode) {
  volatile uint32_t *pte4k = vm_entry_word(vm_pte(root, TEST_VA));
  volatile uint32_t *ptemega = vm_entry_word((pte_t *)&root[PX(1, MEGA_VA)]);
  for (unsigned i = 0; i < n; i++) {
    struct ad_case c = cases[i];
    c.pte_bits |= user;
    c.want_bits |= user;
    run_case(&c, priv, TEST_VA, pte4k, phys[0] + DATA_OFFSET / 4, handler_mode);
    run_case(&c, priv, MEGA_VA, ptemega, (uint32_t *)(mega + DATA_OFFSET),
             handler_mode);
  }
}

/* Svade: a load fills the TLB with D = 0; the store after it must fault. */
static void test_store_after_load(uint32_t priv, pgd_t *root, uint32_t user) {
  volatile uint32_t *pte = vm_entry_word(vm_pte(root, TEST_VA));
  *pte = (*pte & ~PTE_FLAGS_MASK) | RW | PTE_A | PTE_V | user;
  sfence_vma_all();
  ad_faults = 0;
  CHECK_EQ(vm_probe(priv, VM_LOAD, TEST_VA + DATA_OFFSET, 0).cause, VM_PROBE_OK);
  CHECK_EQ(ad_faults, 0);
  CHECK_EQ(vm_probe(priv, VM_STORE, TEST_VA + DATA_OFFSET, 7).cause, VM_PROBE_OK);
  CHECK_EQ(ad_faults, 1);
  CHECK_EQ(ad_cause, CAUSE_STORE_PAGE);
  CHECK_EQ(*pte & (PTE_A | PTE_D), PTE_A | PTE_D);
  CHECK_EQ(phys[0][DATA_OFFSET / 4], 7);
}

/* Svadu: a store that faults (read-only page) sets neither A nor D. */
static void test_svadu_fault(uint32_t priv, pgd_t *root, uint32_t user) {
  volatile uint32_t *pte = vm_entry_word(vm_pte(root, TEST_VA));
  uint32_t before = (*pte & ~PTE_FLAGS_MASK) | PTE_R | PTE_V | user;
  *pte = before;
  sfence_vma_all();
  ad_faults = 0;
  struct vm_probe p = vm_probe(priv, VM_STORE, TEST_VA + DATA_OFFSET, 7);
  CHECK_EQ(p.cause, CAUSE_STORE_PAGE);
  CHECK_EQ(ad_faults, 0);
  CHECK_EQ(*pte, before);
}

static pgd_t *make_root(uint32_t user) {
  pgd_t *root = vm_kernel_root(user);
  vm_map(root, TEST_VA, (uintptr_t)phys[0], PGSIZE, PTE_R | user);
  vm_map_mega(root, MEGA_VA, (uintptr_t)mega, PTE_R | user);
  return root;
}

int main(void) {
  test_begin("vm_ad");
  vm_env_init();
  phys[0] = vm_page_alloc();
  mega = vm_mega_alloc();
  vm_probe_put_ret((uintptr_t)phys[0]);
  vm_probe_put_ret((uintptr_t)mega);
  pgd_t *kroot = make_root(0), *uroot = make_root(PTE_U);
  trap_set_m_handler(ad_handler);
  trap_set_s_handler(ad_handler);
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);

  /* Svade */
  csr_clear(CSR_MENVCFGH, MENVCFGH_ADUE);
  CHECK_EQ(csr_read(CSR_MENVCFGH) & MENVCFGH_ADUE, 0);
  csr_write(CSR_MEDELEG, FAULT_DELEG);
  vm_switch(kroot, 0);
  run_all(kSvade, NCASES(kSvade), PRV_S, kroot, 0, PRV_S);
  test_store_after_load(PRV_S, kroot, 0);
  csr_write(CSR_MEDELEG, 0);
  vm_switch(uroot, 0);
  run_all(kSvade, NCASES(kSvade), PRV_U, uroot, PTE_U, PRV_M);
  test_store_after_load(PRV_U, uroot, PTE_U);

  /* Svadu */
  csr_set(CSR_MENVCFGH, MENVCFGH_ADUE);
  if (MMCOSIM_MMU_SVADU) {
    CHECK_EQ(csr_read(CSR_MENVCFGH) & MENVCFGH_ADUE, MENVCFGH_ADUE);
    csr_write(CSR_MEDELEG, FAULT_DELEG);
    vm_switch(kroot, 0);
    run_all(kSvadu, NCASES(kSvadu), PRV_S, kroot, 0, PRV_S);
    test_svadu_fault(PRV_S, kroot, 0);
    csr_write(CSR_MEDELEG, 0);
    vm_switch(uroot, 0);
    run_all(kSvadu, NCASES(kSvadu), PRV_U, uroot, PTE_U, PRV_M);
    test_svadu_fault(PRV_U, uroot, PTE_U);
    /* and back to Svade */
    csr_clear(CSR_MENVCFGH, MENVCFGH_ADUE);
    run_all(kSvade, 1, PRV_U, uroot, PTE_U, PRV_M);
  } else {
    CHECK_EQ(csr_read(CSR_MENVCFGH) & MENVCFGH_ADUE, 0); /* WARL: stays 0 */
  }
  vm_off();
  return test_end();
}
