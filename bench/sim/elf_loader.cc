#include "elf_loader.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace mmcosim {

namespace {

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};

struct Fd {
  int fd;
  ~Fd() { if (fd >= 0) close(fd); }
};

std::string hex(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

// Writes through 32-bit backdoor words (read-modify-write at the edges).
bool write_bytes(BackdoorIf* mem, uint32_t pa, const uint8_t* src,
                 uint64_t len) {
  for (uint64_t i = 0; i < len;) {
    uint32_t a = pa + uint32_t(i), word_addr = a & ~3u, lane = a & 3u;
    uint32_t word;
    if (lane == 0 && len - i >= 4) {
      word = src ? uint32_t(src[i]) | uint32_t(src[i + 1]) << 8 |
                       uint32_t(src[i + 2]) << 16 | uint32_t(src[i + 3]) << 24
                 : 0;
      if (!mem->poke32(word_addr, word)) return false;
      i += 4;
      continue;
    }
    if (!mem->peek32(word_addr, &word)) return false;
    for (; lane < 4 && i < len; ++lane, ++i) {
      uint32_t b = src ? src[i] : 0;
      word = (word & ~(0xffu << (8 * lane))) | b << (8 * lane);
    }
    if (!mem->poke32(word_addr, word)) return false;
  }
  return true;
}

bool ElfImage::phys_of(uint32_t vaddr, uint32_t len, uint32_t* paddr) const {
  for (const Segment& g : segments) {
    if (vaddr >= g.vaddr && uint64_t(vaddr) + len <= uint64_t(g.vaddr) + g.memsz) {
      *paddr = g.paddr + (vaddr - g.vaddr);
      return true;
    }
  }
  return false;
}


bool load_elf(const std::string& path, uint32_t dram_base, uint32_t dram_size,
              BackdoorIf* mem, ElfImage* image, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = path + ": " + why;
    return false;
  };
  if (elf_version(EV_CURRENT) == EV_NONE) return fail("libelf unusable");
  Fd fd{open(path.c_str(), O_RDONLY)};
  if (fd.fd < 0) return fail(std::string("cannot open: ") + strerror(errno));
  std::unique_ptr<Elf, ElfCloser> elf(elf_begin(fd.fd, ELF_C_READ, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF)
    return fail("not an ELF file");
  size_t file_size = 0;
  const uint8_t* raw =
      reinterpret_cast<const uint8_t*>(elf_rawfile(elf.get(), &file_size));
  int cls = gelf_getclass(elf.get());
  if (cls == ELFCLASS64) return fail("is a 64-bit ELF; mmcosim runs RV32 programs");
  if (cls != ELFCLASS32) return fail("unknown ELF class");
  GElf_Ehdr eh;
  if (!gelf_getehdr(elf.get(), &eh)) return fail("truncated ELF header");
  if (eh.e_machine != EM_RISCV)
    return fail("is for ELF machine " + std::to_string(eh.e_machine) +
                ", not RISC-V (243)");
  if (eh.e_type != ET_EXEC) return fail("is not an executable (ET_EXEC)");
  uint64_t dram_end = uint64_t(dram_base) + dram_size;
  auto in_dram = [&](uint64_t a, uint64_t len) {
    return a >= dram_base && a + len <= dram_end;
  };
  size_t nph = 0;
  if (elf_getphdrnum(elf.get(), &nph) != 0)
    return fail("truncated or bad program headers");
  unsigned loads = 0;
  for (size_t i = 0; i < nph; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf.get(), int(i), &ph))
      return fail("truncated program header " + std::to_string(i));
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz)
      return fail("segment " + std::to_string(i) + " has filesz > memsz");
    if (ph.p_offset + ph.p_filesz > file_size)
      return fail("truncated: segment " + std::to_string(i) +
                  " runs past the end of the file");
    if (!in_dram(ph.p_paddr, ph.p_memsz))
      return fail("segment " + std::to_string(i) + " at " + hex(ph.p_paddr) +
                  "+" + hex(ph.p_memsz) + " lies outside DRAM " +
                  hex(dram_base) + "+" + hex(dram_size));
    uint32_t pa = uint32_t(ph.p_paddr);
    if (!write_bytes(mem, pa, raw + ph.p_offset, ph.p_filesz) ||
        !write_bytes(mem, pa + uint32_t(ph.p_filesz), nullptr,
                     ph.p_memsz - ph.p_filesz))
      return fail("segment " + std::to_string(i) + " could not be written");
    image->loaded_bytes += ph.p_memsz;
    image->segments.push_back({uint32_t(ph.p_vaddr), pa, uint32_t(ph.p_memsz)});
    ++loads;
  }
  if (loads == 0) return fail("has no loadable segment");
  if (!in_dram(eh.e_entry, 2))
    return fail("entry point " + hex(eh.e_entry) + " lies outside DRAM");
  image->entry = uint32_t(eh.e_entry);

  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf.get(), scn)) != nullptr) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data || sh.sh_entsize == 0) return fail("bad symbol table");
    size_t n = sh.sh_size / sh.sh_entsize;
    for (size_t k = 0; k < n; ++k) {
      GElf_Sym sym;
      if (!gelf_getsym(data, int(k), &sym)) return fail("bad symbol table");
      const char* name = elf_strptr(elf.get(), sh.sh_link, sym.st_name);
      if (name && *name) {
        image->symbols.emplace(name, uint32_t(sym.st_value));
        image->symbol_sizes.emplace(name, uint32_t(sym.st_size));
      }
    }
  }
  return true;
}

}  // namespace mmcosim
