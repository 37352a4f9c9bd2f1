/*
 * tlb_chase -- the `make bench-tlb` workload: a pointer chase over N
 * pages, one load per page visit, in S-mode.
 *
 *   kind 1  4 KiB pages,  N = 1, 2, 4, ..., 4096 (16 MiB)
 *   kind 2  4 MiB megapages, N = 1, 2, 4, ..., 256 (all aliasing one
 *           physical megapage, each node at its own offset)
 *   kind 3  Bare (satp = 0), the same chase over 4 KiB of physical
 *           pages: the baseline without translation, N = 1 and 4096
 *
 * The N pages form one random cycle (Sattolo's shuffle); the node of page
 * p sits at offset (p * NODE_SPREAD) mod the page size.  Each N runs one
 * warm-up lap (N loads), then CHASE_LOADS loads inside bench region
 * (kind << 16) | N (simctl), whose deltas --stats=FILE.json reports:
 * bench/bench_tlb.sh turns them into the table.  The chase loop is eight
 * dependent loads per iteration; code and stack sit in the kernel's
 * megapages, so the I-TLB stays warm.  The frames come from memblock, the
 * page tables from the kernel's page-table API (lib/vm_env.h) with the mm
 * over the first 24 MiB of DRAM.
 *
 * Output: "tlb_chase: <kind> N=<n> ok" per run, exit status 0 when every
 * chase ended where the cycle says it must, 1 otherwise.
 */
#include <stdint.h>

#include "csr.h"
#include "printf.h"
#include "priv.h"
#include "memblock.h"
#include "simctl.h"
#include "vm_env.h"

#define CHASE_VA     0x20000000u /* 4 KiB window (16 MiB) */
#define MEGA_VA      0x40000000u /* megapage window (1 GiB) */
#define MAX_PAGES    4096u
#define MAX_MEGA     256u
#define CHASE_LOADS  8192u       /* loads per region: a multiple of every N */
#define UNROLL       8u
#define NODE_SPREAD  64u         /* bytes between the nodes of neighbouring pages */
#define MANAGED      (24ul << 20) /* DRAM the mm keeps: the frames, a megapage, the tables */

enum kind { KIND_4K = 1, KIND_MEGA = 2, KIND_BARE = 3 };
#define REGION_ID(kind, n) (((uint32_t)(kind) << 16) | (n))

static uint32_t *perm;         /* MAX_PAGES entries, from memblock */
static uint8_t *frames;       /* MAX_PAGES physical pages, contiguous */
static uint8_t *mega_frame;   /* one physical megapage */

static volatile struct {
  uint32_t start, loads, region, end;
} chase;

/* Deterministic pseudo-random numbers (xorshift32). */
static uint32_t rng_state = 0x2545f491u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* perm[0..n) = one random cycle over 0..n-1 (Sattolo). */
static void make_cycle(uint32_t n) {
  for (uint32_t i = 0; i < n; i++) perm[i] = i;
  for (uint32_t i = n - 1; i > 0; i--) {
    uint32_t j = rng() % i;
    uint32_t t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

static uint32_t node_offset(uint32_t p) { return (p * NODE_SPREAD) % PGSIZE; }

/* Virtual (as the chase sees it) and physical address of page p's node. */
static uint32_t node_va(enum kind k, uint32_t p) {
  if (k == KIND_MEGA) return MEGA_VA + p * MEGASIZE + p * NODE_SPREAD;
  if (k == KIND_4K) return CHASE_VA + p * PGSIZE + node_offset(p);
  return (uint32_t)(uintptr_t)frames + p * PGSIZE + node_offset(p);
}
static uint32_t *node_pa(enum kind k, uint32_t p) {
  if (k == KIND_MEGA) return (uint32_t *)(mega_frame + p * NODE_SPREAD);
  return (uint32_t *)(frames + p * PGSIZE + node_offset(p));
}

/* Writes the cycle perm[0] -> perm[1] -> ... -> perm[n-1] -> perm[0]. */
static void link_nodes(enum kind k, uint32_t n) {
  make_cycle(n);
  for (uint32_t i = 0; i < n; i++) {
    *node_pa(k, perm[i]) = node_va(k, perm[(i + 1) % n]);
  }
}

/* Follows `loads` pointers from `p` (a multiple of UNROLL); returns the last. */
static uint32_t chase_loop(uint32_t p, uint32_t loads) {
  uint32_t iters = loads / UNROLL;
  __asm__ volatile(
      "1:\n"
      ".rept %2\n lw %0, 0(%0)\n .endr\n"
      "addi %1, %1, -1\n"
      "bnez %1, 1b\n"
      : "+r"(p), "+r"(iters)
      : "i"(UNROLL)
      : "memory");
  return p;
}

/* In S-mode: a warm-up lap, then the measured region. */
static uint32_t s_chase(uint32_t n) {
  uint32_t p = chase.start, loads = chase.loads, region = chase.region;
  for (uint32_t i = 0; i < n; i++) p = *(volatile uint32_t *)(uintptr_t)p;
  sim_region_begin(region);
  p = chase_loop(p, loads);
  sim_region_end(region);
  chase.end = p;
  return 0;
}

static int run(enum kind k, uint32_t n, pgd_t *root) {
  link_nodes(k, n);
  chase.start = node_va(k, perm[0]);
  chase.loads = CHASE_LOADS;
  chase.region = REGION_ID(k, n);
  if (root) {
    vm_switch(root, 0);
  } else {
    vm_off();
  }
  (void)priv_call(PRV_S, s_chase, n);
  vm_off();
  int ok = chase.end == chase.start; /* CHASE_LOADS is a multiple of n */
  static const char *const names[] = {"", "4k", "mega", "bare"};
  kprintf("tlb_chase: %s N=%u %s\n", names[k], (unsigned)n, ok ? "ok" : "WRONG");
  return ok;
}

/* Boot memory from memblock before the buddy takes the rest: the 4 KiB
 * frames are one physically contiguous 16 MiB (the bare chase walks them
 * by physical address), more than the buddy's largest block. */
static void *boot_alloc(uint32_t size, uint32_t align) {
  phys_addr_t pa = memblock_phys_alloc(size, align);
  if (!pa) panic("tlb_chase: memblock has no %u bytes", (unsigned)size);
  return __va(pa);
}

int main(void) {
  /* The mm keeps only MANAGED bytes (mm_core_init's cost grows with
   * them); the frames are taken from the top of those first. */
  if (setup_bootmem() || memblock_remove(DRAM_BASE + MANAGED, DRAM_SIZE - MANAGED))
    panic("tlb_chase: boot memory setup failed");
  mega_frame = boot_alloc(MEGASIZE, MEGASIZE);
  frames = boot_alloc(MAX_PAGES * PGSIZE, PGSIZE);
  perm = boot_alloc(MAX_PAGES * sizeof(uint32_t), PGSIZE);
  vm_env_init_after_bootmem(MANAGED, 1);
  pgd_t *root4k = vm_kernel_root(0), *rootmega = vm_kernel_root(0);
  uint32_t rw = PTE_R | PTE_W | PTE_A | PTE_D;
  vm_map(root4k, CHASE_VA, (uintptr_t)frames, MAX_PAGES * PGSIZE, rw);
  for (uint32_t i = 0; i < MAX_MEGA; i++) {
    vm_map_mega(rootmega, MEGA_VA + i * MEGASIZE, (uintptr_t)mega_frame, rw);
  }

  int ok = 1;
  ok &= run(KIND_BARE, 1, 0);
  ok &= run(KIND_BARE, MAX_PAGES, 0);
  for (uint32_t n = 1; n <= MAX_PAGES; n *= 2) ok &= run(KIND_4K, n, root4k);
  for (uint32_t n = 1; n <= MAX_MEGA; n *= 2) ok &= run(KIND_MEGA, n, rootmega);
  kprintf("tlb_chase: %s, %u loads per region\n", ok ? "done" : "FAILED",
          (unsigned)CHASE_LOADS);
  return ok ? 0 : 1;
}
