/*
 * vm_counters -- the MMU statistics (config/stats.toml, mmu.*) count
 * exactly, read from S-mode through hpmcounterN and from M through
 * simctl:
 *
 *  - after a fence of N data pages, N loads from S-mode make exactly N
 *    D-TLB misses, N walks, 2N PTE reads (4 KiB pages) or N (megapages),
 *    no I-TLB miss (the code's megapage stays cached); loading the same
 *    pages again makes N D-TLB hits and no miss;
 *  - mmu.ptw.cycles grows with the walks; mmu.sfence counts fences;
 *    mmu.fault.load_page counts one provoked page fault;
 *  - simctl and hpmcounter agree on the same counter.
 *
 * Prints "PASS vm_counters".
 */
#include "csr.h"
#include "hpm.h"
#include "priv.h"
#include "simctl.h"
#include "test.h"
#include "vm_env.h"
#include "vm_probe.h"

#define TEST_VA 0x40000000u
#define MAX_N   24 /* D-TLB entries left after the kernel's own few */

/* hpm counters used, and their events (set in M before each run) */
#define C_DMISS 3
#define C_IMISS 4
#define C_WALKS 5
#define C_PTES  6
#define C_DHIT  7
#define C_PTWCY 8

struct deltas {
  uint32_t dmiss, imiss, walks, ptes, dhit;
};

static volatile struct {
  uint32_t base, n, stride;
  struct deltas first, second;
} run;

/*
 * In S-mode: fences the n data pages by address, then loads them twice,
 * reading the counters (CSRs: no data access) around each pass.
 */
static uint32_t s_measure(uint32_t arg) {
  uint32_t base = run.base, n = run.n, stride = run.stride;
  uint32_t a0, a1, a2, a3, a4, b0, b1, b2, b3, b4, c0, c1, c2, c3, c4;
#define READ5(x0, x1, x2, x3, x4)                                                 \
  "csrr %[" #x0 "], %[cd]\n csrr %[" #x1 "], %[ci]\n csrr %[" #x2 "], %[cw]\n" \
  "csrr %[" #x3 "], %[cp]\n csrr %[" #x4 "], %[ch]\n"
  __asm__ volatile(
      "mv t0, %[base]\n mv t1, %[n]\n"
      "1: sfence.vma t0, zero\n add t0, t0, %[stride]\n addi t1, t1, -1\n bnez t1, 1b\n"
      READ5(a0, a1, a2, a3, a4)
      "mv t0, %[base]\n mv t1, %[n]\n"
      "2: lw t2, 0(t0)\n add t0, t0, %[stride]\n addi t1, t1, -1\n bnez t1, 2b\n"
      READ5(b0, b1, b2, b3, b4)
      "mv t0, %[base]\n mv t1, %[n]\n"
      "3: lw t2, 0(t0)\n add t0, t0, %[stride]\n addi t1, t1, -1\n bnez t1, 3b\n"
      READ5(c0, c1, c2, c3, c4)
      : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [a4] "=&r"(a4),
        [b0] "=&r"(b0), [b1] "=&r"(b1), [b2] "=&r"(b2), [b3] "=&r"(b3), [b4] "=&r"(b4),
        [c0] "=&r"(c0), [c1] "=&r"(c1), [c2] "=&r"(c2), [c3] "=&r"(c3), [c4] "=&r"(c4)
      : [base] "r"(base), [n] "r"(n), [stride] "r"(stride),
        [cd] "i"(CSR_HPMCOUNTER(C_DMISS)), [ci] "i"(CSR_HPMCOUNTER(C_IMISS)),
        [cw] "i"(CSR_HPMCOUNTER(C_WALKS)), [cp] "i"(CSR_HPMCOUNTER(C_PTES)),
        [ch] "i"(CSR_HPMCOUNTER(C_DHIT))
      : "t0", "t1", "t2", "memory");
#undef READ5
  run.first = (struct deltas){b0 - a0, b1 - a1, b2 - a2, b3 - a3, b4 - a4};
  run.second = (struct deltas){c0 - b0, c1 - b1, c2 - b2, c3 - b3, c4 - b4};
  return arg;
}

static void setup_counters(void) {
  hpm_setup(C_DMISS, MMCOSIM_EVENT_MMU_DTLB_MISS);
  hpm_setup(C_IMISS, MMCOSIM_EVENT_MMU_ITLB_MISS);
  hpm_setup(C_WALKS, MMCOSIM_EVENT_MMU_PTW_WALKS);
  hpm_setup(C_PTES, MMCOSIM_EVENT_MMU_PTW_PTE_READS);
  hpm_setup(C_DHIT, MMCOSIM_EVENT_MMU_DTLB_HIT);
  hpm_setup(C_PTWCY, MMCOSIM_EVENT_MMU_PTW_CYCLES);
  csr_write(CSR_MCOUNTEREN, 0xffffffffu);
}

/* N loads over pages `stride` apart; `ptes_per_walk` = 2 (4 KiB) or 1. */
static void check_n(uint32_t n, uint32_t stride, uint32_t ptes_per_walk, const char *what) {
  run.base = TEST_VA;
  run.n = n;
  run.stride = stride;
  sfence_vma_all();
  uint64_t cy0 = hpm_read64(C_PTWCY);
  (void)priv_call(PRV_S, s_measure, 0);
  uint64_t cy1 = hpm_read64(C_PTWCY);
  int ok = CHECK_EQ(run.first.dmiss, n);
  ok &= CHECK_EQ(run.first.imiss, 0);
  ok &= CHECK_EQ(run.first.walks, n);
  ok &= CHECK_EQ(run.first.ptes, ptes_per_walk * n);
  ok &= CHECK_EQ(run.second.dmiss, 0);
  ok &= CHECK_EQ(run.second.dhit, n);
  ok &= CHECK_EQ(run.second.walks, 0);
  ok &= CHECK_EQ(run.second.ptes, 0);
  ok &= CHECK(cy1 - cy0 >= ptes_per_walk * n); /* a PTE read takes a cycle at least */
  if (!ok) kprintf("  (%s, N=%u)\n", what, (unsigned)n);
}

static uint32_t s_fences(uint32_t k) {
  for (uint32_t i = 0; i < k; i++) sfence_vma_va(TEST_VA + i * PGSIZE);
  return k;
}

int main(void) {
  test_begin("vm_counters");
  vm_env_init();
  setup_counters();
  pgd_t *root = vm_kernel_root(0);
  uint8_t *mega = vm_mega_alloc();
  pgd_t *mroot = vm_kernel_root(0);
  for (uint32_t i = 0; i < MAX_N; i++) {
    vm_map(root, TEST_VA + i * PGSIZE, (uintptr_t)vm_page_alloc(), PGSIZE,
           PTE_R | PTE_W | PTE_A | PTE_D);
    vm_map_mega(mroot, TEST_VA + i * MEGASIZE, (uintptr_t)mega, PTE_R | PTE_A | PTE_D);
  }

  vm_switch(root, 0);
  static const uint32_t kN[] = {1, 4, 16, MAX_N};
  for (unsigned i = 0; i < sizeof(kN) / sizeof(kN[0]); i++) check_n(kN[i], PGSIZE, 2, "4 KiB pages");
  vm_switch(mroot, 0);
  for (unsigned i = 0; i < sizeof(kN) / sizeof(kN[0]); i++) check_n(kN[i], MEGASIZE, 1, "megapages");

  /* simctl reads the same counter as the hpm CSR; M-mode does not translate */
  vm_switch(root, 0);
  uint64_t h0 = hpm_read64(C_PTES), s0 = sim_counter(MMCOSIM_EVENT_MMU_PTW_PTE_READS);
  check_n(8, PGSIZE, 2, "simctl");
  uint64_t h1 = hpm_read64(C_PTES), s1 = sim_counter(MMCOSIM_EVENT_MMU_PTW_PTE_READS);
  CHECK_EQ(s1 - s0, h1 - h0);
  CHECK(h1 - h0 >= 16);

  /* fences and page faults */
  uint64_t f0 = sim_counter(MMCOSIM_EVENT_MMU_SFENCE);
  (void)priv_call(PRV_S, s_fences, 5);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MMU_SFENCE) - f0, 5);
  uint64_t p0 = sim_counter(MMCOSIM_EVENT_MMU_FAULT_LOAD_PAGE);
  CHECK_EQ(vm_probe(PRV_S, VM_LOAD, TEST_VA + MAX_N * PGSIZE, 0).cause, CAUSE_LOAD_PAGE);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MMU_FAULT_LOAD_PAGE) - p0, 1);
  vm_off();
  return test_end();
}
