/*
 * setup.c -- the kernel's boot path after head.S: setup_vm (early page
 * table, run at the physical address with paging off), start_kernel,
 * setup_arch (memblock, lowmem), paging_init (swapper_pg_dir), the zone
 * ranges, mm bring-up and Linux's boot lines about memory.
 *
 *   head.S --> setup_vm --> [Sv32 on, jump to PAGE_OFFSET + ...]
 *     --> start_kernel: linear map, trap handler, device windows (fixmap)
 *           setup_arch: memblock, find_low_pfn_range, paging_init
 *           memblock_free_all + watermarks, kmem_cache_init, vmalloc_init +
 *           kmap_init, device windows moved to ioremap, "Memory:" line, layout
 *     --> kernel_init (selftest.c): free_initmem, mark_rodata_ro, self-tests
 */
#include "cma.h"
#include "csr.h"
#include "fixmap.h"
#include "highmem.h"
#include "init.h"
#include "io.h"
#include "kernel.h"
#include "kernel_map.h"
#include "memblock.h"
#include "page_alloc.h"
#include "platform.h"
#include "printk.h"
#include "process.h"
#include "sbi.h"
#include "simctl.h"
#include "slab.h"
#include "thread_info.h"
#include "tlbflush.h"
#include "trap.h"
#include "vmalloc.h"

_Static_assert(SBI_EXIT_UNEXPECTED_TRAP == FW_EXIT_UNEXPECTED_TRAP,
               "the M-mode shim's exit status for a stray trap");

#define SATP_MODE_SV32 (1u << MMCOSIM_SV32_SATP_MODE_BIT)
#define KB(bytes) ((unsigned long)(bytes) >> KB_SHIFT)
#define MB_SHIFT 20

unsigned char init_stack[THREAD_SIZE] __attribute__((aligned(16)));
pgd_t early_pg_dir[PTRS_PER_PGD] __initdata __attribute__((aligned(PAGE_SIZE)));
/* The fixmap's PTE table, shared by early_pg_dir and swapper_pg_dir. */
static pte_t fixmap_pte[PTRS_PER_PTE] __attribute__((aligned(PAGE_SIZE)));

/* satp selecting Sv32 with the page directory at physical `pgd_pa`. */
static inline uint32_t satp_sv32(phys_addr_t pgd_pa) {
  return SATP_MODE_SV32 | PHYS_PFN(pgd_pa);
}

/*
 * Builds early_pg_dir and returns its satp (head.S writes it).  Runs at
 * the physical address with paging off: every symbol address taken here
 * is pc-relative, hence physical.  Maps, all with 4 MiB megapages RWX:
 * lowmem at PAGE_OFFSET, the image at its physical address (identity, for
 * the instructions between the satp write and the jump), and the fixmap
 * PTE table.  Calls nothing.
 */
uint32_t __init setup_vm(void) {
  pgd_t *pgd = early_pg_dir;
  unsigned long lowmem = DRAM_SIZE < MAXMEM ? DRAM_SIZE : MAXMEM;
  for (unsigned long off = 0; off < lowmem; off += PGDIR_SIZE)
    set_pgd(&pgd[pgd_index(PAGE_OFFSET + off)],
            pfn_pgd(PHYS_PFN(PHYS_OFFSET + off), PAGE_KERNEL_EXEC));
  for (phys_addr_t pa = PHYS_OFFSET; pa < (phys_addr_t)(uintptr_t)_end; pa += PGDIR_SIZE)
    set_pgd(&pgd[pgd_index(pa)], pfn_pgd(PHYS_PFN(pa), PAGE_KERNEL_EXEC));
  set_pgd(&pgd[pgd_index(FIXADDR_START)],
          pfn_pgd(PHYS_PFN((uintptr_t)fixmap_pte), PAGE_TABLE));
  return satp_sv32((phys_addr_t)(uintptr_t)pgd);
}

/* Writes a string through the M-mode shim (before the UART is mapped). */
static void __init sbi_console_puts(const char *s) {
  while (*s) sbi_console_putchar(*s++);
}

/*
 * Maps the UART, simctl and CLINT windows (early_ioremap, PAGE_KERNEL_IO)
 * and points the runtime at them.  The seam for ioremap: replace the
 * early_ioremap calls.  Panics when the fixmap has no room.
 */
static void __init setup_device_windows(void) {
  void *uart = early_ioremap(UART_BASE, MMCOSIM_MEMORY_MAP_UART_SIZE);
  void *simctl = early_ioremap(SIMCTL_BASE, MMCOSIM_MEMORY_MAP_SIMCTL_SIZE);
  void *clint = early_ioremap(CLINT_BASE, MMCOSIM_MEMORY_MAP_CLINT_SIZE);
  if (!uart || !simctl || !clint) {
    sbi_console_puts("setup_device_windows: no fixmap room\n");
    sbi_shutdown(FW_EXIT_CHECK_FAILED);
  }
  platform_set_device_bases((uintptr_t)uart, (uintptr_t)simctl, (uintptr_t)clint);
}

/* The device windows: physical base, size, and the runtime's pointer (platform.h). */
static const struct {
  phys_addr_t phys;
  unsigned long size;
  uintptr_t *base;
} device_windows[] = {
    {UART_BASE, MMCOSIM_MEMORY_MAP_UART_SIZE, &uart_base},
    {SIMCTL_BASE, MMCOSIM_MEMORY_MAP_SIMCTL_SIZE, &simctl_base},
    {CLINT_BASE, MMCOSIM_MEMORY_MAP_CLINT_SIZE, &clint_base},
};
#define NR_DEVICE_WINDOWS (sizeof(device_windows) / sizeof(device_windows[0]))

/*
 * Once vmalloc is up: maps the device windows with ioremap (PAGE_KERNEL_IO,
 * VM_IOREMAP), points the runtime at them and early_iounmap()s the fixmap
 * windows, so that from here on the UART, simctl and CLINT are reached
 * only through ioremap'd addresses.  Panics when an ioremap fails.
 */
static void __init ioremap_device_windows(void) {
  void *io[NR_DEVICE_WINDOWS], *early[NR_DEVICE_WINDOWS];
  for (unsigned i = 0; i < NR_DEVICE_WINDOWS; i++) {
    early[i] = (void *)*device_windows[i].base;
    io[i] = ioremap(device_windows[i].phys, device_windows[i].size);
    if (!io[i])
      panic("ioremap_device_windows: ioremap of 0x%08lx failed",
            (unsigned long)device_windows[i].phys);
  }
  platform_set_device_bases((uintptr_t)io[0], (uintptr_t)io[1], (uintptr_t)io[2]);
  for (unsigned i = 0; i < NR_DEVICE_WINDOWS; i++)
    early_iounmap(early[i], device_windows[i].size);
}

/* Fills kernel_sections from the linker's symbols. */
static void __init setup_kernel_sections(void) {
  struct kernel_sections *ks = &kernel_sections;
  ks->text_start = (unsigned long)_text;
  ks->text_end = (unsigned long)_etext;
  ks->rodata_start = (unsigned long)__start_rodata;
  ks->rodata_end = (unsigned long)__end_rodata;
  ks->init_start = (unsigned long)__init_begin;
  ks->init_text_end = (unsigned long)__init_text_end;
  ks->init_end = (unsigned long)__init_end;
  ks->data_start = (unsigned long)_sdata;
  ks->bss_start = (unsigned long)__bss_start;
  ks->end = (unsigned long)_end;
}

/*
 * Builds swapper_pg_dir (lowmem linear map, the image in 4 KiB pages,
 * the fixmap table shared with early_pg_dir) with page-table pages from
 * memblock, and switches to it: the identity map is gone afterwards.
 */
static void __init paging_init(void) {
  setup_vm_final(swapper_pg_dir);
  unsigned long fix = pgd_index(FIXADDR_START);
  set_pgd(&swapper_pg_dir[fix], early_pg_dir[fix]);
  csr_write(CSR_SATP, satp_sv32(__pa(swapper_pg_dir)));
  local_flush_tlb_all();
  init_mm.pgd = swapper_pg_dir;
}

/*
 * The zones' upper pfns as Linux's zone_sizes_init passes them to
 * free_area_init (which prints the "Zone ranges:" block): ZONE_DMA the
 * first mm.zone_dma_bytes, ZONE_NORMAL up to max_low_pfn, ZONE_HIGHMEM
 * the rest of DRAM.
 */
static void __init zone_sizes_init(void) {
  unsigned long max_zone_pfn[MAX_NR_ZONES];
  zone_limits(max_low_pfn, max_zone_pfn);
  free_area_init(max_zone_pfn);
}

/*
 * memblock from the DRAM range with the image reserved, lowmem, the
 * final page table, the zones (DRAM above lowmem is ZONE_HIGHMEM, reached
 * through kmap).
 */
static void __init setup_arch(void) {
  memblock_init();
  if (memblock_add(PHYS_OFFSET, DRAM_SIZE) ||
      memblock_reserve(__pa(_text), (phys_addr_t)(_end - _text)))
    panic("setup_arch: memblock refused DRAM or the kernel image");
  reserve_pressure_ranges();
  find_low_pfn_range();
  memblock_set_current_limit(PFN_PHYS(max_low_pfn));
  setup_kernel_sections();
  paging_init();
  zone_sizes_init();
}

/* Pages of DRAM (Linux get_num_physpages). */
static unsigned long num_physpages(void) {
  return PHYS_PFN(memblock_phys_mem_size());
}

/* Linux's "Memory: ..K/..K available (...)" line (mm_init.c mem_init_print_info). */
static void __init mem_init_print_info(void) {
  unsigned long physpages = num_physpages(), totalram = 0;
  struct zone *zone;
  for_each_zone(zone) totalram += zone->managed_pages;
  unsigned long highmem = contig_page_data.node_zones[ZONE_HIGHMEM].managed_pages;
  unsigned long to_k = PAGE_SHIFT - KB_SHIFT;
  printk("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, "
         "%luK init, %luK bss, %luK reserved, %luK cma-reserved, %luK highmem)\n",
         nr_free_pages() << to_k, physpages << to_k, KB(_etext - _stext),
         KB(_edata - _sdata), KB(__end_rodata - __start_rodata),
         KB(__init_end - __init_begin), KB(__bss_stop - __bss_start),
         (physpages - totalram) << to_k, totalcma_pages << to_k,
         highmem << to_k);
}

/* One line of the layout block: name, range and size in kB or MB. */
static void __init print_range(const char *name, unsigned long start, unsigned long end,
                               bool mb) {
  unsigned long size = end - start;
  printk("    %-8s: 0x%08lx - 0x%08lx   (%4lu %s)\n", name, start, end,
         mb ? size >> MB_SHIFT : KB(size), mb ? "MB" : "kB");
}

/* The virtual kernel memory layout block of Linux x86-32's mem_init. */
static void __init print_vm_layout(void) {
  printk("virtual kernel memory layout:\n");
  print_range("fixmap", FIXADDR_START, FIXADDR_TOP, false);
  print_range("pkmap", PKMAP_BASE, PKMAP_ADDR(LAST_PKMAP), false);
  print_range("vmalloc", VMALLOC_START, VMALLOC_END, true);
  print_range("lowmem", PAGE_OFFSET, LOWMEM_END, true);
  print_range("  .init", (unsigned long)__init_begin, (unsigned long)__init_end, false);
  print_range("  .data", (unsigned long)_sdata, (unsigned long)_edata, false);
  print_range("  .text", (unsigned long)_text, (unsigned long)_etext, false);
}

/*
 * Zicboz: senvcfg.CBZE is writable only when cbo.zero exists (WARL, the
 * machine has it with its L1 caches); then clear_page zeroes a page with
 * cbo.zero on D-cache-line blocks.  The bit stays set, so user space may
 * use cbo.zero too (as Linux allows).  head.S set menvcfg.CBZE for S mode.
 */
static void __init riscv_cbo_setup(void) {
  csr_set(CSR_SENVCFG, ENVCFG_CBZE);
  if (!(csr_read(CSR_SENVCFG) & ENVCFG_CBZE)) return;
  unsigned long block = MMCOSIM_CACHE_DCACHE_LINE;
  if (block < sizeof(uint32_t) || (block & (block - 1)) || 4 * block > PAGE_SIZE)
    panic("riscv_cbo_setup: cbo.zero block of %lu bytes", block);
  riscv_cboz_block_size = block;
  printk("riscv: Zicboz, cbo.zero block %lu bytes\n", block);
}

/* Called by head.S with paging on, at the virtual address, on init_stack. */
void __init start_kernel(void) {
  set_linear_map(PHYS_OFFSET, (void *)PAGE_OFFSET);
  init_mm.pgd = early_pg_dir;
  sbi_console_puts("mmcosim: Sv32 on, start_kernel at its virtual address\n");
  setup_device_windows();
  printk("Linux-style kernel of mmcosim (RV32IMAC, Sv32, PAGE_OFFSET 0x%08lx, config %s)\n",
         PAGE_OFFSET, MMCOSIM_CONFIG_NAME);
  riscv_cbo_setup();
  setup_arch();
  memblock_free_all();
  init_per_zone_wmark_min();
  kmem_cache_init();
  pt_ops.alloc_pte = alloc_pte_late;
  vmalloc_init();
  kmap_init();
  ioremap_device_windows();
  mem_init_print_info();
  print_vm_layout();
  kernel_init();
}
