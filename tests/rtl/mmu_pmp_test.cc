// rtl/mmu/mmu_pmp.sv alone (16 entries) against the golden model
// model/mmu/pmp.h: the CSRs are written through the model's WARL rules and
// their read-back values copied into the RTL through its write port, as the
// CPU model does; then the RTL's decision on random and boundary addresses,
// every access type and privilege, equals Pmp::check().  Directed cases:
// reset (M passes, S/U fail), one NAPOT RWX entry over everything (what
// firmware programs before dropping to S mode), the L bit binding M.
#include <cstdint>
#include <memory>
#include <random>

#include <gtest/gtest.h>

#include "Vmmu_pmp.h"
#include "pmp.h"
#include "verilated.h"

namespace {

using mmcosim::sv32::Access;
using mmcosim::sv32::Pmp;

constexpr unsigned kEntries = 16;  // -GEntries in tests/rtl/CMakeLists.txt
constexpr unsigned kCfgRegs = kEntries / Pmp::kEntriesPerCfg;
constexpr uint16_t kCsrPmpcfg0 = 0x3a0, kCsrPmpaddr0 = 0x3b0;
constexpr unsigned kU = 0, kS = 1, kM = 3;
constexpr uint8_t kAccFetch = 0, kAccLoad = 1, kAccStore = 2;  // mmu_pkg
constexpr uint32_t kDram = 0x80000000u;

class PmpRtl {
 public:
  PmpRtl() {
    ctx_ = std::make_unique<VerilatedContext>();
    top_ = std::make_unique<Vmmu_pmp>(ctx_.get(), "top");
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->eval();
    top_->clk_i = 1;  // a clock edge in reset
    top_->eval();
    top_->clk_i = 0;
    top_->rst_ni = 1;
    top_->eval();
  }
  ~PmpRtl() { top_->final(); }

  // One cycle of the CSR write port.
  void write_csr(uint16_t addr, uint32_t value) {
    top_->csr_we_i = 1;
    top_->csr_addr_i = addr;
    top_->csr_wdata_i = value;
    top_->clk_i = 1;
    top_->eval();
    top_->clk_i = 0;
    top_->csr_we_i = 0;
    top_->eval();
  }
  // Every CSR as the model reads it back (what the CPU model sends).
  void copy_from(const Pmp& m) {
    for (unsigned n = 0; n < kCfgRegs; ++n) write_csr(kCsrPmpcfg0 + n, m.read_pmpcfg(n));
    for (unsigned i = 0; i < kEntries; ++i) write_csr(kCsrPmpaddr0 + i, m.read_pmpaddr(i));
  }
  bool allow(uint32_t pa, uint8_t acc, unsigned priv) {
    top_->pa_i = pa;
    top_->acc_i = acc;
    top_->priv_i = priv;
    top_->eval();
    return top_->allow_o;
  }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_pmp> top_;
};

Access access_of(uint8_t acc) {
  return acc == kAccFetch ? Access::kFetch : acc == kAccLoad ? Access::kLoad : Access::kStore;
}

// The RTL and the model agree on every access type and privilege at `pa`
// (an aligned access of `size` bytes); counts the model's S/U decisions.
struct Tally {
  unsigned allowed = 0, denied = 0;
};
void expect_same(PmpRtl& rtl, const Pmp& model, uint32_t pa, unsigned size,
                 Tally* tally = nullptr) {
  for (uint8_t acc : {kAccFetch, kAccLoad, kAccStore}) {
    for (unsigned priv : {kU, kS, kM}) {
      const bool want = model.check(pa, size, access_of(acc), priv);
      if (tally && priv != kM) ++(want ? tally->allowed : tally->denied);
      ASSERT_EQ(rtl.allow(pa, acc, priv), want)
          << std::hex << "pa 0x" << pa << " size " << size << " acc " << unsigned(acc)
          << " priv " << priv;
    }
  }
}

TEST(MmuPmpTest, ResetDeniesSAndUButNotM) {
  PmpRtl rtl;
  Pmp model(kEntries, 4);
  for (uint32_t pa : {0u, kDram, 0xfffffffcu}) {
    EXPECT_TRUE(rtl.allow(pa, kAccLoad, kM));
    EXPECT_FALSE(rtl.allow(pa, kAccLoad, kS));
    EXPECT_FALSE(rtl.allow(pa, kAccFetch, kU));
    expect_same(rtl, model, pa, 4);
  }
}

TEST(MmuPmpTest, NapotRwxOverEverything) {
  PmpRtl rtl;
  Pmp model(kEntries, 4);
  model.write_pmpaddr(0, 0xffffffffu);
  model.write_pmpcfg(0, Pmp::kR | Pmp::kW | Pmp::kX | (Pmp::kNapot << Pmp::kAShift));
  rtl.copy_from(model);
  for (uint32_t pa : {0u, 0x10000000u, kDram, 0xfffffffcu}) {
    EXPECT_TRUE(rtl.allow(pa, kAccStore, kU));
    EXPECT_TRUE(rtl.allow(pa, kAccFetch, kS));
    expect_same(rtl, model, pa, 4);
  }
}

TEST(MmuPmpTest, LockedEntryBindsM) {
  PmpRtl rtl;
  Pmp model(kEntries, 4);
  // Entry 0: locked TOR [0, DRAM) read-only; entry 1: NAPOT RWX everything.
  model.write_pmpaddr(0, kDram >> 2);
  model.write_pmpaddr(1, 0xffffffffu);
  model.write_pmpcfg(0, (Pmp::kL | Pmp::kR | (Pmp::kTor << Pmp::kAShift)) |
                            uint32_t(Pmp::kR | Pmp::kW | Pmp::kX | (Pmp::kNapot << Pmp::kAShift)) << 8);
  rtl.copy_from(model);
  EXPECT_FALSE(rtl.allow(0x10000000u, kAccStore, kM));  // locked: M obeys R only
  EXPECT_TRUE(rtl.allow(0x10000000u, kAccLoad, kM));
  EXPECT_FALSE(rtl.allow(0x10000000u, kAccFetch, kU));
  EXPECT_TRUE(rtl.allow(kDram, kAccStore, kU));  // entry 1
  expect_same(rtl, model, 0x10000000u, 4);
  expect_same(rtl, model, kDram - 4, 4);
  expect_same(rtl, model, kDram, 4);
}

// A random pmpaddr: a NAPOT-shaped value near DRAM, a TOR bound, or noise.
uint32_t random_pmpaddr(std::mt19937& rng) {
  switch (rng() % 4) {
    case 0: {  // NAPOT: base with k trailing ones
      const unsigned k = rng() % 24;
      const uint32_t base = (kDram >> 2) + ((rng() % 64) << 10);
      return (base & ~((1u << (k + 1)) - 1)) | ((1u << k) - 1);
    }
    case 1:
      return (kDram >> 2) + (rng() % 0x4000);
    case 2:
      return rng() % 0x100;  // low memory (TOR bounds, NA4)
    default:
      return uint32_t(rng());
  }
}

// An address near a region boundary of the model's entries, or anywhere.
uint32_t random_pa(std::mt19937& rng, const Pmp& model) {
  if (rng() % 3 == 0) return uint32_t(rng());
  const uint32_t a = model.read_pmpaddr(rng() % kEntries);
  const int delta = int(rng() % 5) - 2;  // words around a bound
  uint32_t pa = (a << 2) + uint32_t(delta * 4);
  if (rng() % 2) pa = ((a + 1) << 2) + uint32_t(delta * 4);  // NAPOT's far end region
  return pa;
}

TEST(MmuPmpTest, RandomConfigurationsMatchTheModel) {
  std::mt19937 rng(20261206);
  Tally tally;
  for (int round = 0; round < 200; ++round) {
    PmpRtl rtl;
    Pmp model(kEntries, 4);
    const int writes = 1 + int(rng() % 24);
    for (int w = 0; w < writes; ++w) {
      if (rng() % 2) {
        // cfg bytes: mostly enabled entries, sometimes locked.
        uint32_t v = 0;
        for (unsigned b = 0; b < 4; ++b) {
          uint8_t c = uint8_t(rng());
          if (rng() % 4) c &= uint8_t(~Pmp::kL);
          v |= uint32_t(c) << (8 * b);
        }
        model.write_pmpcfg(rng() % kCfgRegs, v);
      } else {
        model.write_pmpaddr(rng() % kEntries, random_pmpaddr(rng));
      }
    }
    rtl.copy_from(model);
    for (int c = 0; c < 100; ++c) {
      const uint32_t pa = random_pa(rng, model);
      const unsigned size = 1u << (rng() % 3);
      expect_same(rtl, model, pa & ~(size - 1), size, &tally);
      if (HasFatalFailure()) return;
    }
  }
  // Both outcomes are exercised, each in a good share of the checks.
  EXPECT_GT(tally.allowed, 10000u);
  EXPECT_GT(tally.denied, 10000u);
}

}  // namespace
