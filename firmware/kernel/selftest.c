/*
 * selftest.c -- kernel_init: what the kernel does once mm is up.  Frees
 * .init and applies the image's permissions as Linux's kernel_init does
 * (free_initmem, mark_rodata_ro), then checks the result with paging on:
 * the linear map (alloc/free through __va/__pa, virt_to_page), the buddy
 * and slab allocators, and that the MMU refuses what the permissions
 * forbid -- a store to .rodata and to .text (store page fault, 15), an
 * instruction fetch from .data and from freed .init (fetch page fault,
 * 12), a load from the dropped identity map (load page fault, 13).
 * Checks the M-mode shim refuses an unknown SBI extension and
 * early_ioremap a request larger than FIX_BTMAP.  Prints the views and
 * "PASS kernel", then starts user space (pid 1, process.c).
 */
#include "csr.h"
#include "expect.h"
#include "fixmap.h"
#include "init.h"
#include "kernel.h"
#include "kernel_map.h"
#include "page_alloc.h"
#include "platform.h"
#include "printk.h"
#include "process.h"
#include "ptdump.h"
#include "sbi.h"
#include "simctl.h"
#include "slab.h"
#include "test.h"
#include "tlbflush.h"
#include "vmalloc.h"
#include "vmstat.h"

#define RET_INSN 0x00008067u /* jalr x0, 0(ra): a function that returns at once */

/* A "function" in .data: fetching it must fault (data is never X). */
static uint32_t data_insn = RET_INSN;
/* A word of .rodata: storing to it must fault. */
static const uint32_t rodata_word = 0x0123abcdu;

/* An __init function: after free_initmem its page is R+W, never X. */
static void __init init_only(void) {}

/*
 * Hides where a pointer came from, so that the compiler neither splits a
 * word access to a 2-aligned function address nor drops a call to an
 * empty function.
 */
#define launder(p) ({ __typeof__(p) p_ = (p); __asm__("" : "+r"(p_)); p_; })

/* Stores to `p` with the fault catcher armed; returns what it caught. */
static struct trap_record store_to(volatile uint32_t *p) {
  p = launder(p);
  trap_expect_begin();
  *p = 0;
  return trap_expect_end();
}

/* Loads from `p` with the fault catcher armed. */
static struct trap_record load_from(const volatile uint32_t *p) {
  p = launder(p);
  trap_expect_begin();
  (void)*p;
  return trap_expect_end();
}

/* Calls `fn` with the fault catcher armed (a fetch fault resumes at ra). */
static struct trap_record call(void (*fn)(void)) {
  fn = launder(fn);
  trap_expect_begin();
  fn();
  return trap_expect_end();
}

/* Expects exactly one trap of `cause` at `addr` in `r`. */
static void check_fault(struct trap_record r, uint32_t cause, const void *addr,
                        const char *what) {
  kprintf("%-28s -> scause %2u stval %08x\n", what, (unsigned)r.cause, (unsigned)r.tval);
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, cause);
  CHECK_EQ(r.tval, (uint32_t)(uintptr_t)addr);
}

/* The MMU enforces the section permissions of swapper_pg_dir. */
static void test_permissions(void) {
  CHECK_EQ(load_from(&rodata_word).count, 0);
  CHECK_EQ(rodata_word, 0x0123abcdu);
  check_fault(store_to((volatile uint32_t *)&rodata_word), CAUSE_STORE_PAGE, &rodata_word,
              "store to .rodata");
  volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)_stext;
  check_fault(store_to(text), CAUSE_STORE_PAGE, (const void *)text, "store to .text");
  void (*data_fn)(void) = (void (*)(void))(uintptr_t)&data_insn;
  check_fault(call(data_fn), CAUSE_FETCH_PAGE, &data_insn, "fetch from .data");
  check_fault(call(init_only), CAUSE_FETCH_PAGE, (const void *)(uintptr_t)init_only,
              "fetch from freed .init");
  const volatile uint32_t *identity = (const volatile uint32_t *)(uintptr_t)__pa(_text);
  check_fault(load_from(identity), CAUSE_LOAD_PAGE, (const void *)identity,
              "load from the identity map");
}

/* Pages come from the linear map: __va/__pa and virt_to_page agree. */
static void test_linear_map(void) {
  struct page *page = alloc_pages(GFP_KERNEL, 2);
  if (!CHECK(page != NULL)) return;
  uint32_t *va = page_address(page);
  CHECK((unsigned long)va >= PAGE_OFFSET && (void *)va < high_memory);
  CHECK_EQ(__pa(va), PFN_PHYS(page_to_pfn(page)));
  CHECK_EQ((unsigned long)va, linear_map_va(PFN_PHYS(page_to_pfn(page))));
  CHECK(virt_to_page(va + 1500) == page + 1);
  for (unsigned i = 0; i < 4 * PAGE_SIZE / sizeof(uint32_t); i += 64) va[i] = i ^ 0x5a5a5a5au;
  unsigned bad = 0;
  for (unsigned i = 0; i < 4 * PAGE_SIZE / sizeof(uint32_t); i += 64)
    bad += va[i] != (i ^ 0x5a5a5a5au);
  CHECK_EQ(bad, 0);
  __free_pages(page, 2);
  void *obj = kmalloc(200, GFP_KERNEL);
  CHECK((unsigned long)obj >= PAGE_OFFSET && obj < high_memory);
  kfree(obj);
}

/*
 * The run's figures from the simulator's counters (simctl, behind
 * ioremap): instructions and cycles, the TLBs and the walker.  The MMU
 * must have raised exactly the page faults test_permissions and
 * vmalloc_selftest provoked.
 */
static void boot_figures(void) {
  kprintf("boot: %llu cycles, %llu instructions; I-TLB %llu hits %llu misses, "
          "D-TLB %llu hits %llu misses, %llu walks (%llu PTE reads), %llu sfence.vma\n",
          sim_counter(MMCOSIM_EVENT_CPU_CYCLES), sim_counter(MMCOSIM_EVENT_CPU_INSTRET),
          sim_counter(MMCOSIM_EVENT_MMU_ITLB_HIT), sim_counter(MMCOSIM_EVENT_MMU_ITLB_MISS),
          sim_counter(MMCOSIM_EVENT_MMU_DTLB_HIT), sim_counter(MMCOSIM_EVENT_MMU_DTLB_MISS),
          sim_counter(MMCOSIM_EVENT_MMU_PTW_WALKS), sim_counter(MMCOSIM_EVENT_MMU_PTW_PTE_READS),
          sim_counter(MMCOSIM_EVENT_MMU_SFENCE));
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MMU_FAULT_FETCH_PAGE), 2);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MMU_FAULT_LOAD_PAGE), 1 + VMALLOC_SELFTEST_LOAD_FAULTS);
  CHECK_EQ(sim_counter(MMCOSIM_EVENT_MMU_FAULT_STORE_PAGE), 2);
  CHECK(sim_counter(MMCOSIM_EVENT_MMU_PTW_WALKS) > 0);
}

/* The M-mode shim's refusal, and early_ioremap's when FIX_BTMAP runs out. */
static void test_boot_interfaces(void) {
  CHECK_EQ(sbi_ecall(SBI_EXT_BASE, 0), SBI_ERR_NOT_SUPPORTED);
  CHECK(early_ioremap(UART_BASE, NR_FIX_BTMAPS * PAGE_SIZE) == NULL);
  CHECK(early_ioremap(UART_BASE, 0) == NULL);
}

/* The self-tests and views of the default boot; returns their status. */
static int kernel_selftests(void) {
  test_begin("kernel");
  printk("kernel_page_tables:\n");
  CHECK(ptdump_walk_pgd(swapper_pg_dir) >= 3); /* image pages, megapages, fixmap */
  test_linear_map();
  test_permissions();
  test_boot_interfaces();
  mm_selftest();
  vmalloc_selftest();
  show_buddyinfo();
  show_pagetypeinfo();
  show_zoneinfo();
  show_meminfo();
  show_vmallocinfo();
  show_tlb_flush_stats();
  boot_figures();
  return test_end();
}

/*
 * Frees .init, seals the image, reads the command line, runs the
 * self-tests (unless mmcosim.selftests=0; a failure ends the run with its
 * status) and starts pid 1 (process.c); the run ends when init exits.
 */
void kernel_init(void) {
  free_initmem();
  local_flush_tlb_all();
  mark_rodata_ro();
  local_flush_tlb_all();
  parse_boot_command_line();
  if (boot_selftests) {
    int status = kernel_selftests();
    if (status) sim_exit((uint32_t)status);
  }
  ramswap_init();
  oom_init();
  run_init_process();
  sim_exit(FW_EXIT_CHECK_FAILED);
}
