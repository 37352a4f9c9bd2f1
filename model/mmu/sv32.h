// Sv32 golden model: the reference translation of the RISC-V privileged
// spec (section "Sv32: Page-Based 32-bit Virtual-Memory Systems", with the
// Svade and Svadu A/D rules), in plain C++17 with no SystemC and no RTL.
// The RTL MMU (rtl/mmu) is tested against it; the CPU model may use it for
// a functional mode later.
//
//   virtual address                    PTE
//   31      22 21      12 11        0   31          10 9  8 7 6 5 4 3 2 1 0
//   +---------+---------+-----------+   +--------------+----+-+-+-+-+-+-+-+-+
//   |  VPN[1] |  VPN[0] |  offset   |   |   PPN (22)   |RSW |D|A|G|U|X|W|R|V|
//   +---------+---------+-----------+   +--------------+----+-+-+-+-+-+-+-+-+
//
// translate() walks the page table in a PhysMem on every call (no TLB);
// Tlb below is a reference of the RTL's TLB (tagging, fences, pseudo-LRU)
// for tests that predict replacement and fence behaviour.  Every constant
// comes from the generated configuration header (config/*.toml [sv32]).
#pragma once

#include <cstdint>
#include <vector>

#include "mmcosim_cfg.h"

namespace mmcosim::sv32 {

// ---- format constants (config [sv32]) --------------------------------------
constexpr unsigned kPageShift = MMCOSIM_SV32_PAGE_SHIFT;
constexpr unsigned kMegaShift = MMCOSIM_SV32_MEGAPAGE_SHIFT;
constexpr unsigned kLevels = MMCOSIM_SV32_LEVELS;
constexpr unsigned kVpnBits = MMCOSIM_SV32_VPN_BITS;
constexpr unsigned kPteBytes = MMCOSIM_SV32_PTE_BYTES;
constexpr unsigned kPpnShift = MMCOSIM_SV32_PTE_PPN_SHIFT;
constexpr unsigned kPpnBits = MMCOSIM_SV32_PPN_BITS;
constexpr unsigned kAsidBits = MMCOSIM_SV32_ASID_BITS;
constexpr unsigned kAsidLsb = MMCOSIM_SV32_SATP_ASID_LSB;
constexpr unsigned kModeBit = MMCOSIM_SV32_SATP_MODE_BIT;

constexpr uint32_t kPageSize = 1u << kPageShift;
constexpr uint32_t kVpnMask = (1u << kVpnBits) - 1;
constexpr uint32_t kPpnMask = (1u << kPpnBits) - 1;
constexpr uint32_t kAsidMask = (1u << kAsidBits) - 1;
constexpr uint32_t kSatpModeSv32 = 1u << kModeBit;

constexpr uint32_t kPteV = 1u << MMCOSIM_SV32_PTE_V_BIT;
constexpr uint32_t kPteR = 1u << MMCOSIM_SV32_PTE_R_BIT;
constexpr uint32_t kPteW = 1u << MMCOSIM_SV32_PTE_W_BIT;
constexpr uint32_t kPteX = 1u << MMCOSIM_SV32_PTE_X_BIT;
constexpr uint32_t kPteU = 1u << MMCOSIM_SV32_PTE_U_BIT;
constexpr uint32_t kPteG = 1u << MMCOSIM_SV32_PTE_G_BIT;
constexpr uint32_t kPteA = 1u << MMCOSIM_SV32_PTE_A_BIT;
constexpr uint32_t kPteD = 1u << MMCOSIM_SV32_PTE_D_BIT;

constexpr unsigned kPrivU = 0, kPrivS = 1, kPrivM = 3;

// VPN[level] of a virtual address; PPN of a PTE; PTE built from a PPN.
constexpr uint32_t vpn(uint32_t va, unsigned level) {
  return (va >> (kPageShift + level * kVpnBits)) & kVpnMask;
}
constexpr uint32_t pte_ppn(uint32_t pte) { return pte >> kPpnShift; }
constexpr uint32_t make_pte(uint32_t ppn, uint32_t flags) {
  return (ppn << kPpnShift) | flags;
}
constexpr uint32_t make_satp(uint32_t root_ppn, uint32_t asid, bool sv32 = true) {
  return (sv32 ? kSatpModeSv32 : 0u) | (asid & kAsidMask) << kAsidLsb |
         (root_ppn & kPpnMask);
}
constexpr uint32_t satp_asid(uint32_t satp) { return satp >> kAsidLsb & kAsidMask; }

// ---- access and context -----------------------------------------------------
enum class Access : uint8_t {
  kFetch,  // needs X
  kLoad,   // load, LR: needs R (or X with MXR)
  kStore,  // store, SC, AMO (both halves): needs W
};

// Access type of a port request kind (MMCOSIM_PORT_KIND_*).
Access access_of_kind(unsigned kind);
uint8_t page_fault_cause(Access a);    // 12 / 13 / 15
uint8_t access_fault_cause(Access a);  // 1 / 5 / 7

// The CSR state a translation depends on (the sideband of docs/ports.md).
struct Context {
  uint32_t satp = 0;
  unsigned priv = kPrivM;  // effective privilege of this access
  bool sum = false;
  bool mxr = false;
  bool adue = false;       // Svadu in effect (config mmu.svadu && menvcfg.ADUE)
};

// Whether an access in this context is translated (Sv32 and privilege < M).
bool translation_on(const Context& ctx);

// The leaf permission rule: R/W/X against the access (MXR), U against the
// privilege (SUM; S mode never executes U pages).
bool leaf_permits(uint32_t pte, const Context& ctx, Access a);

// ---- physical memory seen by the walker -------------------------------------
class PhysMem {
 public:
  virtual ~PhysMem() = default;
  // Reads the PTE word at physical address pa (34 bits); false if there is
  // no memory there (the walk then raises an access fault).
  virtual bool read_pte(uint64_t pa, uint32_t* value) = 0;
  // Atomically: if the word at pa equals expected, write desired and return
  // true; else return false (and *current gets the word).
  virtual bool cas_pte(uint64_t pa, uint32_t expected, uint32_t desired,
                       uint32_t* current) = 0;
};

// ---- translation -------------------------------------------------------------
struct Result {
  bool fault = false;
  uint8_t cause = 0;    // mcause when fault
  uint32_t tval = 0;    // the virtual address when fault
  uint64_t pa = 0;      // physical address (34 bits) when !fault
  bool translated = false;  // false: Bare or M mode, pa = va
  // Details of the walk (for tests and for a TLB model):
  int level = -1;       // level of the leaf (1 = megapage, 0 = page), -1 none
  uint32_t pte = 0;     // the leaf PTE after any A/D update
  uint64_t pte_addr = 0;
  bool global = false;  // G on the leaf or on the level-1 pointer
  bool ad_updated = false;
  unsigned pte_reads = 0;             // PTE words read (incl. CAS compare reads)
  std::vector<uint64_t> pte_addrs;    // every PTE address read, in order
};

// Translates va for access a in ctx, walking the page table in mem and
// setting A/D bits there when ctx.adue.  Physical addresses of 2^32 and above
// raise an access fault of the original type (after any A/D update).
Result translate(const Context& ctx, uint32_t va, Access a, PhysMem& mem);

// ---- reference TLB (the RTL's replacement and fence rules) -------------------
struct TlbEntry {
  bool valid = false;
  uint32_t asid = 0;
  bool global = false;
  bool mega = false;
  uint32_t vpn = 0;   // va >> kPageShift (VPN[0] ignored for megapages)
  uint32_t ppn = 0;
  uint32_t pte = 0;   // the leaf PTE's flag bits
};

// Tree pseudo-LRU over n entries (n a power of two >= 2), invalid first.
class TreePlru {
 public:
  explicit TreePlru(unsigned n);
  // Lowest-numbered entry with valid[i] false, else the tree's choice.
  unsigned victim(const std::vector<bool>& valid) const;
  // Points every node on i's path away from i.
  void touch(unsigned i);
  void reset();

 private:
  unsigned n_, log2n_;
  std::vector<uint8_t> bits_;  // heap order, index 1..n-1
};

// SFENCE.VMA with the register-index flags: does it invalidate e?
bool fence_hits(const TlbEntry& e, bool rs1_x0, bool rs2_x0, uint32_t va,
                uint32_t asid);

class Tlb {
 public:
  explicit Tlb(unsigned entries);
  // Index of the entry mapping va in asid (lowest if several), or -1.
  int lookup(uint32_t va, uint32_t asid) const;
  // Installs a translation result (Result with !fault, translated) for va:
  // into the entry that maps va if any, else the victim.  Returns the index.
  unsigned fill(uint32_t va, uint32_t asid, const Result& r);
  void touch(unsigned i) { plru_.touch(i); }
  void fence(bool rs1_x0, bool rs2_x0, uint32_t va, uint32_t asid);
  void reset();
  const TlbEntry& entry(unsigned i) const { return e_[i]; }
  unsigned size() const { return static_cast<unsigned>(e_.size()); }

 private:
  std::vector<TlbEntry> e_;
  TreePlru plru_;
};

}  // namespace mmcosim::sv32
