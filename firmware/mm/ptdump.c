/*
 * ptdump.c -- kernel_page_tables (see ptdump.h): a walk of the kernel half
 * of a page directory that coalesces equal neighbours into ranges.
 */
#include "ptdump.h"

#include "printk.h"

#define MB_SHIFT 20

struct addr_marker {
  unsigned long start;
  const char *name;
};

/* One run of equal mappings being accumulated. */
struct pg_state {
  unsigned long start, end; /* virtual range [start, end) */
  phys_addr_t pa;           /* physical address of start */
  uint32_t flags;           /* PTE bits below the PFN; 0: nothing open */
  int level;                /* 1: megapage (pgd), 0: page (pte) */
  unsigned marker;          /* next marker to print */
  unsigned long lines;
};

/* PTE flag letters, highest bit first, as Linux's pte_bits[]. */
static const struct {
  uint32_t mask;
  char set;
} pte_bits[] = {
    {_PAGE_DIRTY, 'D'}, {_PAGE_ACCESSED, 'A'}, {_PAGE_GLOBAL, 'G'}, {_PAGE_USER, 'U'},
    {_PAGE_EXEC, 'X'},  {_PAGE_WRITE, 'W'},    {_PAGE_READ, 'R'},   {_PAGE_PRESENT, 'V'},
};
#define NR_PTE_BITS (sizeof(pte_bits) / sizeof(pte_bits[0]))

/* Prints the open run of `st`, if any. */
static void note_flush(struct pg_state *st) {
  if (!st->flags) return;
  unsigned long size = st->end - st->start;
  bool mb = (size & ((1ul << MB_SHIFT) - 1)) == 0;
  char bits[2 * NR_PTE_BITS + 1];
  for (unsigned i = 0; i < NR_PTE_BITS; i++) {
    bits[2 * i] = st->flags & pte_bits[i].mask ? pte_bits[i].set : '.';
    bits[2 * i + 1] = ' ';
  }
  bits[2 * NR_PTE_BITS - 1] = '\0';
  printk("0x%08lx-0x%08lx    0x%08lx %9lu%c %s   %s %s\n", st->start, st->end,
         (unsigned long)st->pa, mb ? size >> MB_SHIFT : size >> KB_SHIFT, mb ? 'M' : 'K',
         st->level ? "PGD" : "PTE", st->flags & _PAGE_IO ? "IO" : "..", bits);
  st->lines++;
  st->flags = 0;
}

/*
 * Adds the mapping [va, va + size) -> pa with PTE `flags` (0: a hole) at
 * `level`, printing area markers and finished runs on the way.
 */
static void note_page(struct pg_state *st, const struct addr_marker *markers,
                      unsigned long va, unsigned long size, uint32_t flags,
                      phys_addr_t pa, int level) {
  bool joins = st->flags && flags == st->flags && level == st->level && va == st->end &&
               pa == st->pa + (st->end - st->start);
  bool crosses = markers[st->marker].name && va >= markers[st->marker].start;
  if (!joins || crosses) note_flush(st);
  while (markers[st->marker].name && va >= markers[st->marker].start)
    printk("---[ %s ]---\n", markers[st->marker++].name);
  if (!flags) return;
  if (!st->flags) {
    st->start = va;
    st->pa = pa;
    st->flags = flags;
    st->level = level;
  }
  st->end = va + size;
}

unsigned long ptdump_walk_pgd(const pgd_t *pgd) {
  const struct addr_marker markers[] = {
      {PAGE_OFFSET, "Linear mapping"},
      {VMALLOC_START, "vmalloc() area"},
      {VMALLOC_END, "vmalloc() end"},
      {PKMAP_BASE, "Persistent kmap() area"},
      {FIXADDR_START, "Fixmap area"},
      {0, NULL},
  };
  struct pg_state st = {0};
  uint32_t flag_mask = (uint32_t)~_PAGE_PFN_MASK;
  for (unsigned long i = pgd_index(PAGE_OFFSET); i < PTRS_PER_PGD; i++) {
    unsigned long va = i << PGDIR_SHIFT;
    pgd_t e = pgd[i];
    if (pgd_none(e) || !pgd_present(e)) {
      note_page(&st, markers, va, PGDIR_SIZE, 0, 0, 1);
    } else if (pgd_leaf(e)) {
      note_page(&st, markers, va, PGDIR_SIZE, pgd_val(e) & flag_mask,
                PFN_PHYS(pgd_pfn(e)), 1);
    } else {
      const pte_t *pte = pte_offset_kernel(&pgd[i], va);
      for (unsigned long j = 0; j < PTRS_PER_PTE; j++) {
        unsigned long pva = va + (j << PAGE_SHIFT);
        pte_t p = pte[j];
        note_page(&st, markers, pva, PAGE_SIZE,
                  pte_present(p) ? pte_val(p) & flag_mask : 0, PFN_PHYS(pte_pfn(p)), 0);
      }
    }
  }
  note_flush(&st);
  while (markers[st.marker].name) printk("---[ %s ]---\n", markers[st.marker++].name);
  return st.lines;
}
