// Physical memory protection (privileged spec, "Physical Memory
// Protection"), the golden model: the pmpcfg/pmpaddr CSRs' WARL rules and
// the check of one physical access.  Plain C++; not yet wired into the CPU
// (whose PMP CSRs still read 0) nor the RTL -- it is the reference the RTL
// PMP will be compared against (docs/mmu.md, "PMP").
//
//  pmpcfg byte of entry i (pmpcfg[i/4] bits 8*(i%4) .. +7):
//
//     7   6 5   4 3   2   1   0
//   +---+-----+-----+---+---+---+
//   | L | 0 0 |  A  | X | W | R |     A: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT
//   +---+-----+-----+---+---+---+
//
//  pmpaddr i holds bits 33:2 of a 34-bit physical address.  Region of
//  entry i, in units of 4 bytes (a = pmpaddr):
//    TOR    [pmpaddr[i-1], pmpaddr[i])   (i = 0: [0, pmpaddr[0]))
//    NA4    [a, a+1)
//    NAPOT  a = base | (2^k - 1) (k trailing ones): [base, base + 2^(k+1))
//
//  Check of an access [pa, pa+size) at effective privilege p:
//    the lowest-numbered entry matching any byte decides; it must match
//    every byte, else the access fails.  Matched: allowed if p == M and
//    L == 0, else if the entry's R/W/X bit for the access type is set.
//    No match: allowed for M; for S and U allowed only if no entry is
//    implemented.
//
//  WARL: R=0 W=1 is reserved (W reads 0 then); bits 6:5 read 0; with a
//  grain of 2^(G+2) bytes, G >= 1, NA4 is not selectable (reads OFF),
//  pmpaddr bits G-1..0 read 0 in OFF/TOR and bits G-2..0 read 1 in NAPOT;
//  a locked entry ignores writes to its pmpcfg byte and pmpaddr, and a
//  locked TOR entry also to the pmpaddr below it.  Entries beyond the
//  implemented count read 0 and ignore writes.
#pragma once

#include <cstdint>
#include <vector>

#include "sv32.h"

namespace mmcosim::sv32 {

class Pmp {
 public:
  static constexpr unsigned kMaxEntries = 64;
  static constexpr unsigned kEntriesPerCfg = 4;  // RV32
  enum Cfg : uint8_t {
    kR = 1u << 0,
    kW = 1u << 1,
    kX = 1u << 2,
    kAShift = 3,
    kAMask = 3u << 3,
    kL = 1u << 7,
  };
  enum Mode : uint8_t { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };

  // `entries` implemented (0..64); grain = `grain_bytes` (power of two
  // >= 4).  Reset: every entry OFF, unlocked, pmpaddr 0.
  Pmp(unsigned entries, uint32_t grain_bytes);
  unsigned entries() const { return static_cast<unsigned>(cfg_.size()); }

  uint32_t read_pmpcfg(unsigned n) const;  // pmpcfg n (0..15)
  void write_pmpcfg(unsigned n, uint32_t v);
  uint32_t read_pmpaddr(unsigned i) const;  // pmpaddr i (0..63)
  void write_pmpaddr(unsigned i, uint32_t v);

  // Whether an access of `size` bytes at physical address `pa` of type
  // `a` at effective privilege `priv` (rv Priv: 0 U, 1 S, 3 M) passes.
  // `entry` (may be null) gets the deciding entry or -1.
  bool check(uint64_t pa, unsigned size, Access a, unsigned priv,
             int* entry = nullptr) const;

 private:
  uint8_t legal_cfg(uint8_t v) const;
  bool locked(unsigned i) const { return cfg_[i] & kL; }
  Mode mode(unsigned i) const {
    return static_cast<Mode>((cfg_[i] & kAMask) >> kAShift);
  }
  // Byte range [lo, hi) of entry i (hi <= lo: empty).
  void range(unsigned i, uint64_t* lo, uint64_t* hi) const;

  std::vector<uint8_t> cfg_;
  std::vector<uint32_t> addr_;
  unsigned g_;  // grain = 2^(g_+2) bytes
};

}  // namespace mmcosim::sv32
