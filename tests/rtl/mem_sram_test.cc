// rtl/mem/mem_sram.sv alone (4 KiB, Latency kLat): a classic cycle is
// acked Latency + 1 edges after its accept edge, as before bursts; a
// Wishbone incrementing burst (cti 010 ... 111) streams: the first beat
// costs the latency, every next beat is acked one edge after the previous
// one; data written by a burst reads back by words and by a burst.
#include <cstdint>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "Vmem_sram.h"
#include "Vmem_sram__Dpi.h"
#include "verilated.h"

// The array registers itself for the ELF loader's backdoor (DPI import).
unsigned g_sram_bytes = 0;
extern "C" void mmcosim_mem_register(unsigned int bytes) { g_sram_bytes = bytes; }

namespace {

constexpr unsigned kLat = MMCOSIM_TEST_SRAM_LATENCY;
constexpr uint32_t kBase = 0x80000000u;

struct Req {
  bool we = false;
  uint32_t adr = 0, data = 0;
  uint8_t cti = 0;
};
struct Done {
  uint64_t accept = 0, ack = 0;
  uint32_t data = 0;
};

class Sram {
 public:
  Sram() {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->fatalOnError(false);
    top_ = std::make_unique<Vmem_sram>(ctx_.get(), "top");
    top_->clk_i = 0;
    top_->rst_ni = 0;
    clock();
    clock();
    top_->rst_ni = 1;
  }
  ~Sram() { top_->final(); }

  // A Wishbone master presenting `reqs` back to back (a burst keeps cyc
  // from its first beat to its last ack).  Returns accept/ack edges, data.
  std::vector<Done> run(const std::vector<Req>& reqs) {
    std::vector<Done> d(reqs.size());
    size_t next = 0, acked = 0;
    while (acked < reqs.size() && now_ < 100000) {
      const bool stb = next < reqs.size();
      const Req r = stb ? reqs[next] : Req{};
      top_->wb_cyc_i = 1;
      top_->wb_stb_i = stb;
      top_->wb_adr_i = kBase + r.adr;
      top_->wb_we_i = r.we;
      top_->wb_sel_i = 0xf;
      top_->wb_dat_i = r.data;
      top_->wb_cti_i = r.cti;
      top_->wb_bte_i = 0;
      top_->eval();
      const bool accepted = stb && !top_->wb_stall_o, ack = top_->wb_ack_o;
      const uint32_t data = top_->wb_dat_o;
      clock();
      if (ack) d[acked].ack = now_, d[acked].data = data, ++acked;
      if (accepted) d[next++].accept = now_;
    }
    top_->wb_cyc_i = 0;
    top_->wb_stb_i = 0;
    clock();
    EXPECT_EQ(acked, reqs.size());
    return d;
  }

 private:
  void clock() {
    top_->clk_i = 1;
    top_->eval();
    top_->clk_i = 0;
    top_->eval();
    ++now_;
    if (ctx_->gotError()) {
      ADD_FAILURE() << "RTL assertion failed at edge " << now_;
      ctx_->gotError(false);
    }
  }
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmem_sram> top_;
  uint64_t now_ = 0;
};

std::vector<Req> burst(uint32_t adr, unsigned n, bool we = false, uint32_t data0 = 0) {
  std::vector<Req> s;
  for (unsigned i = 0; i < n; ++i)
    s.push_back(Req{we, adr + 4 * i, data0 + i, uint8_t(i + 1 < n ? 2 : 7)});
  return s;
}

TEST(MemSram, ClassicCycleCostsTheLatency) {
  Sram m;
  EXPECT_EQ(g_sram_bytes, 4096u);
  auto d = m.run({Req{true, 0x40, 0x1234}, Req{false, 0x40}, Req{false, 0x44}});
  for (const Done& x : d) EXPECT_EQ(x.ack, x.accept + kLat + 1);
  EXPECT_EQ(d[1].data, 0x1234u);
  EXPECT_EQ(d[1].accept, d[0].ack) << "next request accepted in the ack cycle";
}

TEST(MemSram, BurstStreamsOneWordPerCycleAfterTheFirst) {
  Sram m;
  auto w = m.run(burst(0x100, 8, true, 0xcafe0000u));
  EXPECT_EQ(w[0].ack, w[0].accept + kLat + 1);
  for (unsigned i = 1; i < 8; ++i) EXPECT_EQ(w[i].ack, w[0].ack + i) << "write beat " << i;
  auto r = m.run(burst(0x100, 8));
  EXPECT_EQ(r[0].ack, r[0].accept + kLat + 1);
  for (unsigned i = 1; i < 8; ++i) {
    EXPECT_EQ(r[i].ack, r[0].ack + i) << "read beat " << i;
    EXPECT_EQ(r[i].data, 0xcafe0000u + i);
  }
  EXPECT_EQ(r[0].data, 0xcafe0000u);
  auto one = m.run({Req{false, 0x10c}});
  EXPECT_EQ(one[0].ack, one[0].accept + kLat + 1) << "a classic cycle after a burst";
  EXPECT_EQ(one[0].data, 0xcafe0003u);
}

}  // namespace
