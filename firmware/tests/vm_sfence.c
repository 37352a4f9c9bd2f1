/*
 * vm_sfence -- the four SFENCE.VMA forms, decided by register index.
 *
 * Two address spaces, A (ASID 1) and B (ASID 2), share a global page G
 * and map the non-global pages N1, N2 (A) and N1 (B).  Each round loads
 * every page (filling the TLB in both ASIDs), then rewrites every PTE in
 * memory to point at a new physical page, runs one fence from S-mode and
 * loads again.  Two kinds of checks:
 *
 *  - required by the spec: every translation the fence covers must now
 *    give the new page;
 *  - kept (this MMU's contract, docs/vm-firmware.md): a translation the
 *    fence does not cover stays in the TLB, so the load still gives the
 *    old page: globals on ASID fences, other ASIDs, other addresses, and
 *    an x0-vs-zero-valued register (`sfence.vma zero, t0` with t0 = 0
 *    fences ASID 0 only; `sfence.vma t0, zero` with t0 = 0 fences VA 0).
 *
 * Prints "PASS vm_sfence".
 */
#include "csr.h"
#include "priv.h"
#include "test.h"
#include "vm_env.h"
#include "vm_probe.h"

#define ASID_A 1u
#define ASID_B 2u
#define VA_N1  0x40000000u
#define VA_N2  0x40001000u
#define VA_G   0x40002000u
#define DATA   0x100u /* offset of the word each page holds */

enum fence_form { ALL, VA, ASID, VA_ASID, ASID_ZERO_REG, VA_ZERO_REG };

enum test_page { N1_A, N2_A, G_AB, N1_B, NPAGES };

static pgd_t *root_a, *root_b;
static uint32_t *old_pages[NPAGES], *new_pages[NPAGES];
static volatile uint32_t fence_va, fence_asid;

/* In S-mode: one fence of `form` with fence_va / fence_asid. */
static uint32_t do_fence(uint32_t form) {
  uint32_t va = fence_va, asid = fence_asid;
  switch (form) {
    case ALL: __asm__ volatile("sfence.vma zero, zero" ::: "memory"); break;
    case VA: __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory"); break;
    case ASID: __asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory"); break;
    case VA_ASID: __asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory"); break;
    case ASID_ZERO_REG:
      __asm__ volatile("li t0, 0\n\tsfence.vma zero, t0" ::: "t0", "memory");
      break;
    default:
      __asm__ volatile("li t0, 0\n\tsfence.vma t0, zero" ::: "t0", "memory");
      break;
  }
  return 0;
}

static uint32_t va_of(enum test_page p) {
  return p == N1_A || p == N1_B ? VA_N1 : p == N2_A ? VA_N2 : VA_G;
}

/* Loads page p's word from S-mode in its address space (satp switched
 * without a fence: the two ASIDs differ). */
static uint32_t load(enum test_page p) {
  uint32_t asid = p == N1_B ? ASID_B : ASID_A;
  csr_write(CSR_SATP, vm_satp(asid == ASID_B ? root_b : root_a, asid));
  struct vm_probe r = vm_probe(PRV_S, VM_LOAD, va_of(p) + DATA, 0);
  CHECK_EQ(r.cause, VM_PROBE_OK);
  return r.value;
}

/* Points the PTEs of every page at `pages` (G in both tables). */
static void point_at(uint32_t **pages, int fence) {
  uint32_t leaf = PTE_R | PTE_W | PTE_A | PTE_D;
  set_pte(vm_pte_alloc(root_a, VA_N1), __pte(PA2PTE((uintptr_t)pages[N1_A]) | leaf | PTE_V));
  set_pte(vm_pte_alloc(root_a, VA_N2), __pte(PA2PTE((uintptr_t)pages[N2_A]) | leaf | PTE_V));
  set_pte(vm_pte_alloc(root_a, VA_G), __pte(PA2PTE((uintptr_t)pages[G_AB]) | leaf | PTE_G | PTE_V));
  set_pte(vm_pte_alloc(root_b, VA_G), __pte(PA2PTE((uintptr_t)pages[G_AB]) | leaf | PTE_G | PTE_V));
  set_pte(vm_pte_alloc(root_b, VA_N1), __pte(PA2PTE((uintptr_t)pages[N1_B]) | leaf | PTE_V));
  if (fence) sfence_vma_all();
}

/*
 * One round: `covered` has bit p set for each page whose translation the
 * fence must drop; the others are expected to stay cached.
 */
static void round_(const char *name, enum fence_form form, uint32_t va,
                   uint32_t asid, uint32_t covered) {
  point_at(old_pages, 1);
  for (int p = 0; p < NPAGES; p++) CHECK_EQ(load((enum test_page)p), old_pages[p][DATA / 4]);
  point_at(new_pages, 0);
  csr_write(CSR_SATP, vm_satp(root_a, ASID_A));
  fence_va = va;
  fence_asid = asid;
  (void)priv_call(PRV_S, do_fence, form);
  for (int p = 0; p < NPAGES; p++) {
    uint32_t got = load((enum test_page)p);
    int ok;
    if (covered & (1u << p)) {
      ok = CHECK_EQ(got, new_pages[p][DATA / 4]);
    } else {
      ok = CHECK_EQ(got, old_pages[p][DATA / 4]);
    }
    if (!ok) {
      kprintf("  (%s: page %d should be %s)\n", name, p,
              covered & (1u << p) ? "fenced" : "kept");
    }
  }
}

#define BIT(p) (1u << (p))

int main(void) {
  test_begin("vm_sfence");
  vm_env_init();
  for (int p = 0; p < NPAGES; p++) {
    old_pages[p] = vm_page_alloc();
    new_pages[p] = vm_page_alloc();
    old_pages[p][DATA / 4] = 0x01d00000u + (uint32_t)p;
    new_pages[p][DATA / 4] = 0x0e000000u + (uint32_t)p;
  }
  root_a = vm_kernel_root(0);
  root_b = vm_kernel_root(0);

  round_("sfence.vma zero, zero", ALL, 0, 0, BIT(N1_A) | BIT(N2_A) | BIT(G_AB) | BIT(N1_B));
  round_("sfence.vma N1, zero", VA, VA_N1 + DATA, 0, BIT(N1_A) | BIT(N1_B));
  round_("sfence.vma G, zero", VA, VA_G, 0, BIT(G_AB));
  round_("sfence.vma zero, A", ASID, 0, ASID_A, BIT(N1_A) | BIT(N2_A));
  round_("sfence.vma zero, B", ASID, 0, ASID_B, BIT(N1_B));
  round_("sfence.vma N1, A", VA_ASID, VA_N1, ASID_A, BIT(N1_A));
  round_("sfence.vma G, A", VA_ASID, VA_G, ASID_A, 0);
  round_("sfence.vma N2, B", VA_ASID, VA_N2, ASID_B, 0);
  round_("sfence.vma zero, t0=0 (ASID 0)", ASID_ZERO_REG, 0, 0, 0);
  round_("sfence.vma t0=0, zero (VA 0)", VA_ZERO_REG, 0, 0, 0);
  vm_off();
  return test_end();
}
