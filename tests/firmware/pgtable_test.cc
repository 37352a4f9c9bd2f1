// pgtable_test.cc -- firmware/mm/pgtable.c, memlayout.c and kernel_map.c
// on the host: the kernel page tables are built in an arena standing in
// for DRAM, then every mapped address and its permissions are checked by
// translating with the Sv32 golden model (model/mmu/sv32.h), which walks
// the arena's bytes itself -- never with a walker of the firmware's own.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>

#include "arena_mem.h"
#include "mm_host.h"

extern "C" {
#include "kernel_map.h"
#include "memblock.h"
#include "memlayout.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "ptdump.h"
}

namespace {

namespace sv32 = mmcosim::sv32;

constexpr phys_addr_t kBase = MMCOSIM_MEMORY_MAP_DRAM_BASE;
constexpr phys_addr_t kSize = MMCOSIM_MEMORY_MAP_DRAM_SIZE;
constexpr unsigned long kPage = PAGE_SIZE;

// What an access to a page is expected to do.
struct Perm {
  bool r, w, x;
};

class Pgtable : public ::testing::Test {
 protected:
  void SetUp() override {
    dram_ = static_cast<unsigned char *>(std::aligned_alloc(kPage, kSize));
    ASSERT_NE(dram_, nullptr);
    std::memset(dram_, 0, kSize);
    mm_host::output.clear();
    memblock_init();
    pt_ops.alloc_pte = alloc_pte_early;
    nr_kernel_pte_tables = 0;
  }
  void TearDown() override { std::free(dram_); }

  // memblock over the arena with a kernel image of the given section sizes
  // (pages) at the start of DRAM, as head.S leaves it; lowmem computed.
  void Boot() {
    ASSERT_EQ(memblock_add(kBase, kSize), 0);
    set_linear_map(kBase, dram_);
    find_low_pfn_range();
    kernel_sections_t &ks = kernel_sections;
    unsigned long va = PAGE_OFFSET;
    auto next = [&](unsigned long pages) { return va += pages * kPage; };
    ks.text_start = va;
    ks.text_end = next(5);
    ks.rodata_start = ks.text_end;
    ks.rodata_end = next(2);
    ks.init_start = ks.rodata_end;
    ks.init_text_end = next(1);
    ks.init_end = next(2);
    ks.data_start = ks.init_end;
    ks.bss_start = next(2);
    ks.end = next(3);
    ASSERT_EQ(memblock_reserve(kBase, ks.end - PAGE_OFFSET), 0);
    // The page directory comes from the arena, so the golden model sees it.
    phys_addr_t pgd = memblock_phys_alloc(kPage, kPage);
    ASSERT_NE(pgd, 0u);
    std::memset(__va(pgd), 0, kPage);
    pgd_pa_ = pgd;
    init_mm.pgd = static_cast<pgd_t *>(__va(pgd));
  }

  sv32::Result Translate(unsigned long va, sv32::Access a) {
    return mm_host::TranslateKernel(dram_, kBase, kSize, pgd_pa_, static_cast<uint32_t>(va), a);
  }

  // Expects va -> pa with exactly the permissions `p` for S mode.
  void ExpectMapped(unsigned long va, phys_addr_t pa, Perm p, const char *what) {
    sv32::Result r = Translate(va, sv32::Access::kLoad);
    ASSERT_EQ(r.fault, !p.r) << what << " load " << std::hex << va;
    if (p.r) {
      ASSERT_EQ(r.pa, pa) << what << " " << std::hex << va;
    }
    ASSERT_EQ(Translate(va, sv32::Access::kStore).fault, !p.w) << what << " store " << std::hex << va;
    sv32::Result f = Translate(va, sv32::Access::kFetch);
    ASSERT_EQ(f.fault, !p.x) << what << " fetch " << std::hex << va;
    if (!p.x) {
      ASSERT_EQ(f.cause, MMCOSIM_PORT_CAUSE_FETCH_PAGE);
    }
  }

  using kernel_sections_t = struct kernel_sections;
  unsigned char *dram_ = nullptr;
  phys_addr_t pgd_pa_ = 0;
};

TEST_F(Pgtable, LayoutFollowsX86_32) {
  EXPECT_EQ(PAGE_OFFSET, 0xC0000000ul);
  EXPECT_EQ(FIXADDR_TOP, 0xFFFFF000ul);
  EXPECT_EQ(__fix_to_virt(FIX_HOLE), FIXADDR_TOP);
  EXPECT_EQ(__virt_to_fix(__fix_to_virt(FIX_BTMAP_BEGIN)), (unsigned long)FIX_BTMAP_BEGIN);
  EXPECT_EQ(FIXADDR_START, __fix_to_virt(__end_of_fixed_addresses));
  EXPECT_EQ(PKMAP_BASE % PGDIR_SIZE, 0u);
  EXPECT_LE(PKMAP_ADDR(LAST_PKMAP), FIXADDR_START);
  EXPECT_EQ(pgd_index(PKMAP_BASE), pgd_index(FIXADDR_START)) << "one PTE table for pkmap+fixmap";
  EXPECT_EQ(VMALLOC_END, PKMAP_BASE - 2 * kPage);
  ASSERT_EQ(memblock_add(kBase, kSize), 0);
  set_linear_map(kBase, dram_);
  EXPECT_EQ(find_low_pfn_range(), PHYS_PFN(kBase + kSize)) << "64 MiB fits lowmem";
  EXPECT_EQ(min_low_pfn, PHYS_PFN(kBase));
  EXPECT_EQ(high_memory, __va(kBase + kSize));
  EXPECT_EQ(VMALLOC_START, PAGE_OFFSET + kSize + VMALLOC_OFFSET);
  // The highmem configuration's reserve leaves exactly 32 MiB of lowmem.
  EXPECT_EQ(VMALLOC_END - VMALLOC_OFFSET - 0x3D3FE000ul - PAGE_OFFSET, 32ul << 20)
      << "config/highmem.toml's vmalloc_reserve no longer matches the layout";
}

TEST_F(Pgtable, PteHelpersRoundTrip) {
  pte_t pte = pfn_pte(0x80123, PAGE_KERNEL);
  EXPECT_EQ(pte_pfn(pte), 0x80123ul);
  EXPECT_TRUE(pte_present(pte) && pte_write(pte) && pte_young(pte) && pte_dirty(pte));
  EXPECT_FALSE(pte_exec(pte));
  EXPECT_FALSE(pte_write(pte_wrprotect(pte)));
  EXPECT_TRUE(pte_write(pte_mkwrite(pte_wrprotect(pte))));
  EXPECT_FALSE(pte_young(pte_mkold(pte)));
  EXPECT_TRUE(pte_young(pte_mkyoung(pte_mkold(pte))));
  EXPECT_FALSE(pte_dirty(pte_mkclean(pte)));
  EXPECT_TRUE(pte_dirty(pte_mkdirty(pte_mkclean(pte))));
  EXPECT_EQ(pgprot_val(pte_pgprot(pte)), pgprot_val(PAGE_KERNEL));
  EXPECT_TRUE(pte_exec(pfn_pte(1, PAGE_KERNEL_READ_EXEC)));
  EXPECT_FALSE(pte_write(pfn_pte(1, PAGE_KERNEL_RO)));
  EXPECT_TRUE(pte_val(pfn_pte(1, PAGE_KERNEL_IO)) & _PAGE_IO);
  EXPECT_EQ(pte_val(pfn_pte(1, PAGE_KERNEL)) & _PAGE_IO, 0u);
  EXPECT_EQ(pgd_index(0xC0400000ul), 0x301ul);
  EXPECT_EQ(pte_index(0xC0401000ul), 1ul);
  EXPECT_TRUE(pgd_leaf(pfn_pgd(0x80000, PAGE_KERNEL)));
  EXPECT_FALSE(pgd_leaf(pfn_pgd(0x80000, PAGE_TABLE)));
  EXPECT_TRUE(pgd_bad(pfn_pgd(0x80000, PAGE_KERNEL)));
  EXPECT_FALSE(pgd_bad(pfn_pgd(0x80000, PAGE_TABLE)));
}

// Every page of lowmem after setup_vm_final + mark_rodata_ro, each
// checked for load, store and fetch by the golden model.
TEST_F(Pgtable, SwapperMapsLowmemWithSectionPermissions) {
  Boot();
  setup_vm_final(init_mm.pgd);
  mark_rodata_ro();
  const struct kernel_sections &ks = kernel_sections;
  std::map<std::string, unsigned long> pages;
  for (unsigned long va = PAGE_OFFSET; va < LOWMEM_END; va += kPage) {
    Perm p{true, true, false};
    const char *what = "lowmem";
    if (va >= ks.text_start && va < ks.text_end) p = {true, false, true}, what = "text";
    else if (va >= ks.rodata_start && va < ks.rodata_end) p = {true, false, false}, what = "rodata";
    else if (va >= ks.init_start && va < ks.init_text_end) p = {true, true, true}, what = "init.text";
    else if (va >= ks.init_text_end && va < ks.init_end) what = "init.data";
    else if (va >= ks.data_start && va < ks.end) what = "data+bss";
    ExpectMapped(va, linear_map_pa(va), p, what);
    pages[what]++;
  }
  EXPECT_EQ(pages["text"], 5u);
  EXPECT_EQ(pages["rodata"], 2u);
  EXPECT_EQ(pages["data+bss"], 5u);
  EXPECT_EQ(pages["lowmem"], kSize / kPage - 5 - 2 - 3 - 5);
  // Megapages where alignment allows: all but the 4 MiB holding the image.
  unsigned mega = 0, tables = 0;
  for (unsigned long va = PAGE_OFFSET; va < LOWMEM_END; va += PGDIR_SIZE) {
    sv32::Result r = Translate(va, sv32::Access::kLoad);
    ASSERT_FALSE(r.fault);
    (r.level == 1 ? mega : tables)++;
    EXPECT_TRUE(r.global) << std::hex << va;
  }
  EXPECT_EQ(mega, kSize / PGDIR_SIZE - 1);
  EXPECT_EQ(tables, 1u);
  // Nothing outside lowmem: user space, the boot identity range, vmalloc.
  for (unsigned long va : {0x0ul, (unsigned long)kBase, LOWMEM_END, VMALLOC_START,
                           VMALLOC_END - kPage, FIXADDR_START})
    EXPECT_TRUE(Translate(va, sv32::Access::kLoad).fault) << std::hex << va;
}

// kernel_page_tables: runs coalesced by level, flags and contiguity.
TEST_F(Pgtable, PtdumpShowsSectionsAndMegapages) {
  Boot();
  setup_vm_final(init_mm.pgd);
  mark_rodata_ro();
  mm_host::output.clear();
  EXPECT_EQ(ptdump_walk_pgd(init_mm.pgd), 5u);
  EXPECT_EQ(mm_host::output,
            "---[ Linear mapping ]---\n"
            "0xc0000000-0xc0005000    0x80000000        20K PTE   .. . A G . X . R V\n"
            "0xc0005000-0xc0007000    0x80005000         8K PTE   .. . A G . . . R V\n"
            "0xc0007000-0xc0008000    0x80007000         4K PTE   .. D A G . X W R V\n"
            "0xc0008000-0xc0400000    0x80008000      4064K PTE   .. D A G . . W R V\n"
            "0xc0400000-0xc4000000    0x80400000        60M PGD   .. D A G . . W R V\n"
            "---[ vmalloc() area ]---\n"
            "---[ vmalloc() end ]---\n"
            "---[ Persistent kmap() area ]---\n"
            "---[ Fixmap area ]---\n");
}

TEST_F(Pgtable, FreeInitmemMakesInitNxAndGivesItToTheBuddy) {
  Boot();
  setup_vm_final(init_mm.pgd);
  mark_rodata_ro();
  mm_core_init();
  unsigned long before = nr_free_pages();
  EXPECT_EQ(free_initmem(), 3u);
  EXPECT_NE(mm_host::output.find("Freeing unused kernel memory: 12K"), std::string::npos)
      << mm_host::output;
  EXPECT_EQ(nr_free_pages(), before + 3);
  const struct kernel_sections &ks = kernel_sections;
  for (unsigned long va = ks.init_start; va < ks.init_end; va += kPage)
    ExpectMapped(va, linear_map_pa(va), {true, true, false}, "freed init");
}

// Fixmap/early-ioremap style mappings: 4 KiB pages PAGE_KERNEL_IO with the
// RSW I/O bit, and the device pages reachable at their fixed addresses.
TEST_F(Pgtable, FixmapPagesMapDevicesWithTheIoBit) {
  Boot();
  setup_vm_final(init_mm.pgd);
  const phys_addr_t uart = MMCOSIM_MEMORY_MAP_UART_BASE;
  for (unsigned long i = 0; i < NR_FIX_BTMAPS; i++) {
    unsigned long va = __fix_to_virt(FIX_BTMAP_BEGIN - i);
    create_pgd_mapping(init_mm.pgd, va, uart + i * kPage, kPage, PAGE_KERNEL_IO, true);
  }
  for (unsigned long i = 0; i < NR_FIX_BTMAPS; i++) {
    unsigned long va = __fix_to_virt(FIX_BTMAP_BEGIN - i) + 0x14;
    sv32::Result r = Translate(va, sv32::Access::kStore);
    ASSERT_FALSE(r.fault) << i;
    EXPECT_EQ(r.pa, uart + i * kPage + 0x14);
    EXPECT_EQ(r.level, 0);
    EXPECT_TRUE(r.pte & _PAGE_IO);
    EXPECT_TRUE(Translate(va, sv32::Access::kFetch).fault);
  }
  EXPECT_TRUE(Translate(__fix_to_virt(FIX_HOLE), sv32::Access::kLoad).fault);
  EXPECT_TRUE(Translate(__fix_to_virt(FIX_KMAP_BEGIN), sv32::Access::kLoad).fault);
}

// pte_alloc_kernel takes zeroed tables from the buddy; pte_free_kernel
// gives them back; a megapage under the address is refused.
TEST_F(Pgtable, PteAllocKernelUsesTheBuddy) {
  Boot();
  setup_vm_final(init_mm.pgd);
  mm_core_init();
  pt_ops.alloc_pte = alloc_pte_late;
  drain_local_pages(nullptr);
  unsigned long before = nr_free_pages();
  unsigned long va = VMALLOC_START + 3 * kPage;
  pgd_t *pgd = pgd_offset_k(va);
  ASSERT_TRUE(pgd_none(*pgd));
  pte_t *pte = pte_alloc_kernel(pgd, va);
  ASSERT_NE(pte, nullptr);
  EXPECT_EQ(nr_kernel_pte_tables, 1u);
  EXPECT_FALSE(pgd_none(*pgd));
  EXPECT_FALSE(pgd_bad(*pgd));
  EXPECT_EQ(pte, pte_offset_kernel(pgd, va));
  EXPECT_EQ(pte_alloc_kernel(pgd, va + kPage), pte + 1) << "second call reuses the table";
  struct page *page = alloc_page(GFP_KERNEL);
  ASSERT_NE(page, nullptr);
  set_pte(pte, mk_pte(page, PAGE_KERNEL));
  sv32::Result r = Translate(va + 8, sv32::Access::kStore);
  ASSERT_FALSE(r.fault);
  EXPECT_EQ(r.pa, PFN_PHYS(page_to_pfn(page)) + 8);
  EXPECT_EQ(pte_page(*pte), page);
  pte_clear(pte);
  EXPECT_TRUE(Translate(va, sv32::Access::kLoad).fault);
  __free_page(page);
  pte_t *table = pte_offset_kernel(pgd, 0);
  pgd_clear(pgd);
  pte_free_kernel(table);
  EXPECT_EQ(nr_kernel_pte_tables, 0u);
  drain_local_pages(nullptr);
  EXPECT_EQ(nr_free_pages(), before);
  EXPECT_MM_PANIC(pte_alloc_kernel(pgd_offset_k(LOWMEM_END - kPage), LOWMEM_END - kPage),
                  "pte_alloc_kernel");
}

// set_memory_* on part of a megapage splits it into 4 KiB PTEs that keep
// the rest of the megapage's mapping.
TEST_F(Pgtable, SetMemorySplitsAMegapage) {
  Boot();
  setup_vm_final(init_mm.pgd);
  unsigned long mega = PAGE_OFFSET + 5 * PGDIR_SIZE;
  ASSERT_EQ(Translate(mega, sv32::Access::kLoad).level, 1);
  set_memory_ro(mega + 7 * kPage, 2);
  for (unsigned long va = mega; va < mega + PGDIR_SIZE; va += kPage) {
    bool ro = va >= mega + 7 * kPage && va < mega + 9 * kPage;
    ExpectMapped(va, linear_map_pa(va), {true, !ro, false}, "split");
  }
  EXPECT_EQ(Translate(mega, sv32::Access::kLoad).level, 0);
  set_memory_x(PAGE_OFFSET + 6 * PGDIR_SIZE, PTRS_PER_PTE);
  sv32::Result r = Translate(PAGE_OFFSET + 6 * PGDIR_SIZE + 5 * kPage, sv32::Access::kFetch);
  EXPECT_FALSE(r.fault);
  EXPECT_EQ(r.level, 1) << "a whole megapage changes in place";
  EXPECT_MM_PANIC(set_memory_ro(VMALLOC_START, 1), "__set_memory");
}

TEST_F(Pgtable, CreateMappingRefusesToRemap) {
  Boot();
  setup_vm_final(init_mm.pgd);
  EXPECT_MM_PANIC(create_pgd_mapping(init_mm.pgd, PAGE_OFFSET + 8 * PGDIR_SIZE, kBase,
                                     PGDIR_SIZE, PAGE_KERNEL, true),
                  "create_pgd_mapping");
  EXPECT_MM_PANIC(create_pgd_mapping(init_mm.pgd, kernel_sections.text_start, kBase + kPage,
                                     kPage, PAGE_KERNEL, false),
                  "create_pgd_mapping");
  EXPECT_MM_PANIC(create_pgd_mapping(init_mm.pgd, VMALLOC_START + 1, kBase, kPage,
                                     PAGE_KERNEL, false),
                  "not page aligned");
}

}  // namespace
