/*
 * highmem.c -- pkmap (kmap / kunmap, flush_all_zero_pkmaps), fixmap kmap
 * slots (kmap_local_page / kmap_atomic) and page_address() of highmem
 * pages.  See highmem.h for the picture; Linux's mm/highmem.c is the model.
 */
#include "highmem.h"

#include <string.h>

#include "pgtable.h"
#include "printk.h"
#include "tlbflush.h"

#define PA_HASH_ORDER 7 /* page_address_htable buckets (Linux value) */
#define PA_HASH_SIZE  (1ul << PA_HASH_ORDER)

unsigned long highmem_start_pfn = ~0ul;
int pkmap_count[LAST_PKMAP];
static unsigned int last_pkmap_nr;
static pte_t *pkmap_page_table; /* PTE of PKMAP_ADDR(0); slots follow */
static unsigned int kmap_local_idx; /* slots in use on the kmap_local stack */

/* Which highmem page a pkmap slot maps (Linux struct page_address_map). */
struct page_address_map {
  struct page *page;
  unsigned long virtual;
  struct list_head list; /* in page_address_htable[hash of page] */
};
static struct page_address_map page_address_maps[LAST_PKMAP];
static struct list_head page_address_htable[PA_HASH_SIZE];

/* The bucket `page` hashes to. */
static struct list_head *page_slot(const struct page *page) {
  return &page_address_htable[page_to_pfn(page) & (PA_HASH_SIZE - 1)];
}

/* Contract in page.h. */
void *highmem_page_address(const struct page *page) {
  struct list_head *head = page_slot(page), *pos;
  if (!head->next) return NULL; /* before kmap_init */
  list_for_each(pos, head) {
    struct page_address_map *pam = list_entry(pos, struct page_address_map, list);
    if (pam->page == page) return (void *)pam->virtual;
  }
  return NULL;
}

/* Records (virtual != 0) or forgets the pkmap address of `page`. */
static void set_page_address(struct page *page, unsigned long virtual) {
  if (virtual) {
    struct page_address_map *pam = &page_address_maps[PKMAP_NR(virtual)];
    pam->page = page;
    pam->virtual = virtual;
    list_add_tail(&pam->list, page_slot(page));
    return;
  }
  struct list_head *head = page_slot(page), *pos;
  list_for_each(pos, head) {
    struct page_address_map *pam = list_entry(pos, struct page_address_map, list);
    if (pam->page == page) {
      list_del(&pam->list);
      return;
    }
  }
}

/* Contract in highmem.h. */
void kmap_init(void) {
  pkmap_page_table = pte_alloc_kernel(pgd_offset_k(PKMAP_BASE), PKMAP_BASE);
  if (!pkmap_page_table || !pte_alloc_kernel(pgd_offset_k(FIXADDR_START), FIXADDR_START))
    panic("kmap_init: no page for the pkmap/fixmap PTE table");
  for (unsigned long i = 0; i < PA_HASH_SIZE; i++) INIT_LIST_HEAD(&page_address_htable[i]);
  memset(pkmap_count, 0, sizeof(pkmap_count));
  last_pkmap_nr = 0;
  kmap_local_idx = 0;
  highmem_start_pfn = max_low_pfn;
}

/* Contract in highmem.h. */
void flush_all_zero_pkmaps(void) {
  bool need_flush = false;
  for (unsigned long i = 0; i < LAST_PKMAP; i++) {
    if (pkmap_count[i] != 1) continue;
    pkmap_count[i] = 0;
    struct page *page = pte_page(pkmap_page_table[i]);
    pte_clear(&pkmap_page_table[i]);
    set_page_address(page, 0);
    need_flush = true;
  }
  if (need_flush) flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP));
}

/* Maps highmem `page` into the next free pkmap slot (Linux map_new_virtual). */
static unsigned long map_new_virtual(struct page *page) {
  unsigned long count = LAST_PKMAP;
  for (;;) {
    last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
    if (!last_pkmap_nr) {
      flush_all_zero_pkmaps();
      count = LAST_PKMAP;
    }
    if (!pkmap_count[last_pkmap_nr]) break;
    if (--count == 0) panic("kmap: all %lu pkmap slots are in use", LAST_PKMAP);
  }
  unsigned long vaddr = PKMAP_ADDR(last_pkmap_nr);
  set_pte(&pkmap_page_table[last_pkmap_nr], mk_pte(page, PAGE_KERNEL));
  pkmap_count[last_pkmap_nr] = 1;
  set_page_address(page, vaddr);
  return vaddr;
}

/* Contract in highmem.h. */
void *kmap(struct page *page) {
  if (!page_is_highmem(page)) return lowmem_page_address(page);
  unsigned long vaddr = (unsigned long)highmem_page_address(page);
  if (!vaddr) vaddr = map_new_virtual(page);
  pkmap_count[PKMAP_NR(vaddr)]++;
  return (void *)vaddr;
}

/* Contract in highmem.h. */
void kunmap(struct page *page) {
  if (!page_is_highmem(page)) return;
  unsigned long vaddr = (unsigned long)highmem_page_address(page);
  if (!vaddr) panic("kunmap: pfn %lu is not kmapped", page_to_pfn(page));
  if (--pkmap_count[PKMAP_NR(vaddr)] <= 0)
    panic("kunmap: pkmap slot %lu count underflow", PKMAP_NR(vaddr));
}

/* The fixmap address of kmap_local slot `idx`. */
static unsigned long kmap_local_vaddr(unsigned int idx) {
  return __fix_to_virt(FIX_KMAP_BEGIN + idx);
}

/* The PTE of fixmap address `vaddr` (the table exists since kmap_init). */
static pte_t *kmap_local_pte(unsigned long vaddr) {
  return pte_offset_kernel(pgd_offset_k(vaddr), vaddr);
}

/* Contract in highmem.h. */
void *kmap_local_page(struct page *page) {
  if (!page_is_highmem(page)) return lowmem_page_address(page);
  if (kmap_local_idx >= KM_MAX_IDX) panic("kmap_local_page: more than %lu nested", KM_MAX_IDX);
  unsigned long vaddr = kmap_local_vaddr(kmap_local_idx++);
  pte_t *ptep = kmap_local_pte(vaddr);
  if (!pte_none(*ptep)) panic("kmap_local_page: slot 0x%08lx still mapped", vaddr);
  set_pte(ptep, mk_pte(page, PAGE_KERNEL));
  return (void *)vaddr;
}

/* Contract in highmem.h. */
void kunmap_local(const void *addr) {
  unsigned long vaddr = ALIGN_DOWN((unsigned long)addr, PAGE_SIZE);
  if (vaddr < kmap_local_vaddr(KM_MAX_IDX - 1) || vaddr > kmap_local_vaddr(0)) return;
  if (!kmap_local_idx || vaddr != kmap_local_vaddr(kmap_local_idx - 1))
    panic("kunmap_local: 0x%08lx is not the latest kmap_local slot", vaddr);
  kmap_local_idx--;
  pte_clear(kmap_local_pte(vaddr));
  local_flush_tlb_page(vaddr);
}

/* Contract in highmem.h. */
void *kmap_atomic(struct page *page) { return kmap_local_page(page); }

/* Contract in highmem.h. */
void kunmap_atomic(const void *vaddr) { kunmap_local(vaddr); }

/* Contract in highmem.h. */
unsigned int kmap_local_depth(void) { return kmap_local_idx; }

unsigned long riscv_cboz_block_size;

#define PAGE_WORDS (PAGE_SIZE / sizeof(uint32_t))

#if defined(__riscv)
/* cbo.zero (Zicboz): zeroes the cache block holding `p`; rs1 only, no offset. */
static inline void cbo_zero(void *p) {
  __asm__ volatile(".insn i 0x0f, 2, x0, %0, 4" ::"r"(p) : "memory");
}
#endif

/* Contract in highmem.h. */
void clear_page(void *addr) {
#if defined(__riscv)
  unsigned long block = riscv_cboz_block_size;
  if (block) {
    for (char *p = addr, *end = p + PAGE_SIZE; p < end; p += 4 * block) {
      cbo_zero(p);
      cbo_zero(p + block);
      cbo_zero(p + 2 * block);
      cbo_zero(p + 3 * block);
    }
    return;
  }
#endif
  for (uint32_t *p = addr, *end = p + PAGE_WORDS; p < end; p += 16) {
    p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0; p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
    p[8] = 0; p[9] = 0; p[10] = 0; p[11] = 0; p[12] = 0; p[13] = 0; p[14] = 0; p[15] = 0;
  }
}

/* Contract in highmem.h. */
void copy_page(void *to, const void *from) {
  uint32_t *d = to;
  for (const uint32_t *s = from, *end = s + PAGE_WORDS; s < end; s += 8, d += 8) {
    uint32_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
    uint32_t w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];
    d[0] = w0; d[1] = w1; d[2] = w2; d[3] = w3;
    d[4] = w4; d[5] = w5; d[6] = w6; d[7] = w7;
  }
}

/* Contract in highmem.h. */
void clear_highpage(struct page *page) {
  void *p = kmap_local_page(page);
  clear_page(p);
  kunmap_local(p);
}

/* Contract in highmem.h. */
void copy_highpage(struct page *to, struct page *from) {
  void *d = kmap_local_page(to);
  const void *s = kmap_local_page(from);
  copy_page(d, s);
  kunmap_local(s);
  kunmap_local(d);
}
