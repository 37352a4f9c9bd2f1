/*
 * vm_demand -- demand paging: the page-fault handler maps the faulting
 * page (a fresh zeroed page; for a fetch, a page holding a small
 * function) and retries the access.
 *
 *  - S-mode code, faults delegated to S (scause, stval, sepc in S; the
 *    handler runs translated and edits the tables through the identity
 *    map): NPAGES pages touched by store first or by load first, then
 *    read back; exactly one fault per page, with the cause of the first
 *    access and stval = its address; no fault on the second pass.
 *  - U-mode code, faults in M: the same, plus code pages faulted in on
 *    fetch (cause 12) and then executed.
 *
 * Prints "PASS vm_demand".
 */
#include "csr.h"
#include "priv.h"
#include "test.h"
#include "trap.h"
#include "vm_env.h"

#define DEMAND_VA 0x40000000u
#define NPAGES    48
#define CODE_VA   (DEMAND_VA + NPAGES * PGSIZE)
#define NCODE     4
#define FAULT_DELEG ((1u << CAUSE_FETCH_PAGE) | (1u << CAUSE_LOAD_PAGE) | \
                     (1u << CAUSE_STORE_PAGE))

#define INSN_LI_A0(imm) (((uint32_t)(imm) << 20) | (10u << 7) | 0x13u) /* addi a0, zero, imm */
#define INSN_C_RET      0x8082u

static volatile uint32_t faults, wrong_faults, page_user, handled_mode;
static volatile uint32_t first_cause[NPAGES + NCODE], first_tval[NPAGES + NCODE];

/* Returns the root table of the current satp (identity-mapped). */
static pgd_t *current_root(void) {
  return (pgd_t *)(uintptr_t)((csr_read(CSR_SATP) & SATP_PPN_MASK) << PGSHIFT);
}

/* Maps the page of a fault in the demand window, or passes the trap on. */
static void demand_handler(struct trap_frame *tf) {
  uint32_t c = tf->cause, va = tf->tval;
  int pf = c == CAUSE_FETCH_PAGE || c == CAUSE_LOAD_PAGE || c == CAUSE_STORE_PAGE;
  if (!pf || va < DEMAND_VA || va >= CODE_VA + NCODE * PGSIZE) {
    trap_default(tf);
    return;
  }
  uint32_t index = (va - DEMAND_VA) >> PGSHIFT;
  pgd_t *root = current_root();
  if (vm_leaf(root, va, 0)) wrong_faults++; /* mapped already: must not fault */
  if (++faults > 2 * (NPAGES + NCODE)) panic("demand_handler: endless faults at %08x", (unsigned)va);
  handled_mode = tf->mode;
  first_cause[index] = c;
  first_tval[index] = va;
  uint8_t *page = vm_page_alloc();
  uint32_t perm = PTE_R | PTE_W | PTE_A | PTE_D | page_user;
  if (va >= CODE_VA) {
    *(volatile uint32_t *)page = INSN_LI_A0(index);
    *(volatile uint16_t *)(page + 4) = INSN_C_RET;
    __asm__ volatile("fence.i" ::: "memory");
    perm = PTE_R | PTE_X | PTE_A | page_user;
  }
  vm_map(root, PGROUNDDOWN(va), (uintptr_t)page, PGSIZE, perm);
  sfence_vma_va(va);
  /* epc unchanged: the access is retried */
}

static uint32_t word_va(uint32_t i) { return DEMAND_VA + i * PGSIZE + (i * 68u) % PGSIZE; }
static uint32_t pattern(uint32_t i) { return 0xd0000000u ^ (i * 2654435761u); }

/*
 * In S or U: even pages are stored to first, odd pages loaded first
 * (they read 0); all are then read back.  Returns the number of wrong
 * values.  With arg != 0 also calls the NCODE code pages.
 */
static uint32_t touch(uint32_t arg) {
  uint32_t bad = 0;
  for (uint32_t i = 0; i < NPAGES; i++) {
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)word_va(i);
    if (i % 2 == 0) {
      *p = pattern(i);
    } else {
      bad += *p != 0;
      *p = pattern(i);
    }
  }
  for (uint32_t i = 0; i < NPAGES; i++) {
    bad += *(volatile uint32_t *)(uintptr_t)word_va(i) != pattern(i);
  }
  if (arg) {
    for (uint32_t i = 0; i < NCODE; i++) {
      uint32_t (*fn)(void) = (uint32_t(*)(void))(uintptr_t)(CODE_VA + i * PGSIZE);
      bad += fn() != NPAGES + i;
    }
  }
  return bad;
}

/* Runs touch() at `priv` twice (faulting, then not) and checks the faults. */
static void run(uint32_t priv, uint32_t user, uint32_t with_code, uint32_t handler_mode) {
  pgd_t *root = vm_kernel_root(user);
  page_user = user;
  faults = wrong_faults = 0;
  vm_switch(root, 0);
  uint32_t n = NPAGES + (with_code ? NCODE : 0);
  CHECK_EQ(priv_call(priv, touch, with_code), 0);
  CHECK_EQ(faults, n);
  CHECK_EQ(wrong_faults, 0);
  CHECK_EQ(handled_mode, handler_mode);
  for (uint32_t i = 0; i < NPAGES; i++) {
    uint32_t want = i % 2 == 0 ? CAUSE_STORE_PAGE : CAUSE_LOAD_PAGE;
    if (!CHECK_EQ(first_cause[i], want) || !CHECK_EQ(first_tval[i], word_va(i))) {
      kprintf("  (page %u from %s, handled in %s)\n", (unsigned)i, priv == PRV_U ? "U" : "S",
              handler_mode == PRV_M ? "M" : "S");
    }
  }
  for (uint32_t i = NPAGES; i < n; i++) {
    CHECK_EQ(first_cause[i], CAUSE_FETCH_PAGE);
    CHECK_EQ(first_tval[i], CODE_VA + (i - NPAGES) * PGSIZE);
  }
  /* second pass: everything is mapped now */
  faults = 0;
  CHECK_EQ(priv_call(priv, touch, with_code), NPAGES / 2); /* odd pages no longer read 0 */
  CHECK_EQ(faults, 0);
  vm_off();
}

int main(void) {
  test_begin("vm_demand");
  vm_env_init();
  trap_set_m_handler(demand_handler);
  trap_set_s_handler(demand_handler);
  csr_write(CSR_STVEC, (uintptr_t)s_trap_entry);

  csr_write(CSR_MEDELEG, FAULT_DELEG);
  run(PRV_S, 0, 1, PRV_S);
  csr_write(CSR_MEDELEG, 0);
  run(PRV_S, 0, 1, PRV_M);
  run(PRV_U, PTE_U, 1, PRV_M);
  return test_end();
}
