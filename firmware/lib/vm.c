/* vm.c -- Sv32 page tables for the firmware (see vm.h). */
#include "vm.h"

#include "printf.h"
#include "simctl.h"

/* Linker symbols (lib/link.ld). */
extern char __bss_end[], __stack_top[];

static uint32_t pool_next, pool_end; /* physical = virtual under vm_kernel_root */

void vm_panic(const char *msg, uint32_t value) {
  kprintf("panic: %s 0x%08x\n", msg, (unsigned)value);
  sim_exit(FW_EXIT_CHECK_FAILED);
}

/* Sets the pool up on first use: from the end of .bss to the stack reserve. */
static void pool_init(void) {
  if (pool_end != 0) return;
  pool_next = PGROUNDUP((uintptr_t)__bss_end);
  pool_end = PGROUNDDOWN((uintptr_t)__stack_top - VM_STACK_RESERVE);
  if (pool_next >= pool_end) vm_panic("vm pool_init: no room for a pool at", pool_next);
}

uint32_t vm_pool_free(void) {
  pool_init();
  return pool_end - pool_next;
}

void *vm_alloc(uint32_t size, uint32_t align) {
  pool_init();
  if (align < PGSIZE || (align & (align - 1)) != 0) vm_panic("vm_alloc: bad alignment", align);
  uint32_t start = (pool_next + align - 1) & ~(align - 1);
  if (start < pool_next || start > pool_end || pool_end - start < size) {
    vm_panic("vm_alloc: pool exhausted, wanted bytes", size);
  }
  pool_next = PGROUNDUP(start + size);
  return (void *)(uintptr_t)start;
}

void *vm_page_alloc(void) {
  uint32_t *p = vm_alloc(PGSIZE, PGSIZE);
  for (uint32_t i = 0; i < PGSIZE / sizeof(uint32_t); i++) p[i] = 0;
  return p;
}

pte_t *vm_root_new(void) { return vm_page_alloc(); }

pte_t *vm_walk(pte_t *root, uint32_t va, int alloc) {
  pte_t *table = root;
  for (int level = VM_LEVELS - 1; level > 0; level--) {
    pte_t *pte = &table[PX(level, va)];
    if (*pte & PTE_V) {
      if (PTE_IS_LEAF(*pte)) vm_panic("vm_walk: a megapage maps va", va);
      table = (pte_t *)(uintptr_t)PTE2PA(*pte);
    } else {
      if (!alloc) return 0;
      table = vm_page_alloc();
      *pte = PA2PTE((uintptr_t)table) | PTE_V; /* pointer: R = W = X = 0 */
    }
  }
  return &table[PX(0, va)];
}

pte_t *vm_leaf(pte_t *root, uint32_t va, unsigned *level) {
  pte_t *table = root;
  for (int l = VM_LEVELS - 1; l >= 0; l--) {
    pte_t *pte = &table[PX(l, va)];
    if (!(*pte & PTE_V)) return 0;
    if (PTE_IS_LEAF(*pte)) {
      if (level) *level = (unsigned)l;
      return pte;
    }
    table = (pte_t *)(uintptr_t)PTE2PA(*pte);
  }
  return 0;
}

void vm_map(pte_t *root, uint32_t va, uint64_t pa, uint32_t size,
            uint32_t perm) {
  if ((va | (uint32_t)pa | size) & (PGSIZE - 1)) vm_panic("vm_map: unaligned va", va);
  for (uint32_t off = 0; off < size; off += PGSIZE) {
    pte_t *pte = vm_walk(root, va + off, 1);
    if (*pte & PTE_V) vm_panic("vm_map: remap of va", va + off);
    *pte = PA2PTE(pa + off) | perm | PTE_V;
  }
}

void vm_map_mega(pte_t *root, uint32_t va, uint64_t pa, uint32_t perm) {
  if ((va | (uint32_t)pa) & (MEGASIZE - 1)) vm_panic("vm_map_mega: unaligned va", va);
  pte_t *pte = &root[PX(1, va)];
  if (*pte & PTE_V) vm_panic("vm_map_mega: remap of va", va);
  *pte = PA2PTE(pa) | perm | PTE_V;
}

void vm_set_pte(pte_t *root, uint32_t va, pte_t pte) { *vm_walk(root, va, 1) = pte; }

/* Maps the device windows a test may touch from S- or U-mode. */
static void map_mmio(pte_t *root, uint32_t extra) {
  vm_map(root, CLINT_BASE, CLINT_BASE, MMCOSIM_MEMORY_MAP_CLINT_SIZE, VM_KERNEL_MMIO | extra);
  vm_map(root, PGROUNDDOWN(UART_BASE), PGROUNDDOWN(UART_BASE), PGSIZE, VM_KERNEL_MMIO | extra);
  vm_map(root, PGROUNDDOWN(SIMCTL_BASE), PGROUNDDOWN(SIMCTL_BASE), PGSIZE,
         VM_KERNEL_MMIO | extra);
}

pte_t *vm_kernel_root(uint32_t extra) {
  pte_t *root = vm_root_new();
  for (uint32_t off = 0; off < DRAM_SIZE; off += MEGASIZE) {
    vm_map_mega(root, DRAM_BASE + off, DRAM_BASE + off, VM_KERNEL_RAM | extra);
  }
  map_mmio(root, extra);
  return root;
}

pte_t *vm_kernel_root_4k(uint32_t extra) {
  pte_t *root = vm_root_new();
  uint32_t image_end = PGROUNDUP((uintptr_t)__bss_end);
  vm_map(root, DRAM_BASE, DRAM_BASE, image_end - DRAM_BASE, VM_KERNEL_RAM | extra);
  uint32_t stack_lo = PGROUNDDOWN((uintptr_t)__stack_top - VM_STACK_RESERVE);
  vm_map(root, stack_lo, stack_lo, PGROUNDUP((uintptr_t)__stack_top) - stack_lo,
         VM_KERNEL_RAM | extra);
  map_mmio(root, extra);
  return root;
}

void vm_switch(pte_t *root, uint32_t asid) {
  __asm__ volatile("csrw satp, %0" : : "r"(vm_satp(root, asid)) : "memory");
  sfence_vma_all();
}

void vm_off(void) {
  __asm__ volatile("csrw satp, zero" ::: "memory");
  sfence_vma_all();
}
