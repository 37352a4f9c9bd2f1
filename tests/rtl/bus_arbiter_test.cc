// rtl/bus/bus_arbiter.sv alone (two masters): classic cycles keep one
// transaction on the bus at a time and alternate between requesters;
// a Wishbone incrementing burst (cti 010 ... 111) keeps its master the
// owner: its beats go out back to back before their acks, no other master
// is granted until the last beat is acked, and dropping cyc ends the
// ownership.  The slave is a C++ pipelined slave that acks every accepted
// beat kLat edges later.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "Vbus_arbiter.h"
#include "verilated.h"

namespace {

constexpr unsigned kLat = 3;  // slave: accept edge to ack edge

struct Beat {
  bool cyc = false, stb = false;
  uint32_t adr = 0;
  uint8_t cti = 0;
};

class Arbiter {
 public:
  Arbiter() {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->fatalOnError(false);
    top_ = std::make_unique<Vbus_arbiter>(ctx_.get(), "top");
    top_->clk_i = 0;
    top_->rst_ni = 0;
    edge();
    edge();
    top_->rst_ni = 1;
  }
  ~Arbiter() { top_->final(); }

  // Drives both masters, samples what the coming edge takes, clocks it.
  struct Out {
    uint8_t gnt_stall;  // m_stall_o
    uint8_t ack;        // m_ack_o
    bool s_stb;
    uint32_t s_adr;
    uint8_t s_cti;
  };
  Out edge(const Beat& m0 = {}, const Beat& m1 = {}) {
    top_->m_cyc_i = uint8_t(m0.cyc | m1.cyc << 1);
    top_->m_stb_i = uint8_t(m0.stb | m1.stb << 1);
    top_->m_adr_i = uint64_t(m0.adr) | uint64_t(m1.adr) << 32;
    top_->m_we_i = 0;
    top_->m_sel_i = 0xff;
    top_->m_dat_i = 0;
    top_->m_lock_i = 0;
    top_->m_cti_i = uint8_t(m0.cti | m1.cti << 3);
    top_->m_bte_i = 0;
    const bool ack_now = !pending_.empty() && pending_.front() == now_ + 1;
    top_->s_stall_i = 0;
    top_->s_ack_i = ack_now;
    top_->s_err_i = 0;
    top_->s_dat_i = 0;
    top_->eval();
    Out o{top_->m_stall_o, top_->m_ack_o, top_->s_stb_o != 0, top_->s_adr_o, top_->s_cti_o};
    ++now_;
    if (ack_now) pending_.pop_front();
    if (o.s_stb) pending_.push_back(now_ + kLat);  // accepted (the slave never stalls)
    top_->clk_i = 1;
    top_->eval();
    top_->clk_i = 0;
    top_->eval();
    if (ctx_->gotError()) {
      ADD_FAILURE() << "RTL assertion failed at edge " << now_;
      ctx_->gotError(false);
    }
    return o;
  }
  uint64_t now() const { return now_; }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vbus_arbiter> top_;
  std::deque<uint64_t> pending_;  // ack edges of accepted beats
  uint64_t now_ = 0;
};

TEST(BusArbiter, ClassicCyclesOneAtATimeAndAlternate) {
  Arbiter a;
  std::vector<int> order;
  unsigned acks0 = 0, acks1 = 0;
  bool out0 = false, out1 = false;  // a transaction outstanding per master
  for (int e = 0; e < 40; ++e) {
    const Beat m0{true, !out0, 0x10, 0}, m1{true, !out1, 0x20, 0};
    auto o = a.edge(m0, m1);
    if (o.ack & 1) ++acks0, out0 = false;
    if (o.ack & 2) ++acks1, out1 = false;
    const bool g0 = m0.stb && !(o.gnt_stall & 1), g1 = m1.stb && !(o.gnt_stall & 2);
    EXPECT_FALSE(g0 && g1);
    if (g0) order.push_back(0), out0 = true;
    if (g1) order.push_back(1), out1 = true;
  }
  ASSERT_GE(order.size(), 8u);
  for (size_t i = 1; i < order.size(); ++i) EXPECT_NE(order[i], order[i - 1]) << "round-robin";
  // one transaction per kLat + 1 edges... granted in the ack cycle
  EXPECT_GE(acks0 + acks1, 40u / kLat - 2);
}

// Master 0 runs a burst of 8 beats while master 1 requests all along.
TEST(BusArbiter, BurstOwnsTheBusUntilItsLastAck) {
  Arbiter a;
  constexpr unsigned kBeats = 8;
  unsigned sent = 0, acked = 0;
  std::vector<uint64_t> accept_edges, ack_edges;
  uint64_t m1_granted = 0;
  bool m1_done = false;
  for (int e = 0; e < 60 && !m1_done; ++e) {
    Beat m0;
    if (acked < kBeats) {
      m0.cyc = true;
      m0.stb = sent < kBeats;
      m0.adr = 0x100 + 4 * sent;
      m0.cti = sent + 1 < kBeats ? 2 : 7;
    }
    const Beat m1{true, m1_granted == 0, 0x200, 0};
    auto o = a.edge(m0, m1);
    if (o.ack & 1) ack_edges.push_back(a.now()), ++acked;
    if (o.ack & 2) m1_done = true;
    if (m0.stb && !(o.gnt_stall & 1)) {
      accept_edges.push_back(a.now());
      EXPECT_EQ(o.s_adr, m0.adr);
      EXPECT_EQ(o.s_cti, m0.cti);
      ++sent;
    }
    if (m1.stb && !(o.gnt_stall & 2)) m1_granted = a.now();
  }
  ASSERT_EQ(accept_edges.size(), kBeats);
  ASSERT_EQ(ack_edges.size(), kBeats);
  for (unsigned i = 1; i < kBeats; ++i)
    EXPECT_EQ(accept_edges[i], accept_edges[0] + i) << "beats back to back, before their acks";
  EXPECT_LT(accept_edges[1], ack_edges[0]);
  EXPECT_EQ(m1_granted, ack_edges.back()) << "the other master waits for the burst's last ack";
  EXPECT_TRUE(m1_done);
}

TEST(BusArbiter, DroppingCycEndsTheBurst) {
  Arbiter a;
  // Master 0: two beats of a burst (cti 010), then it drops cyc after their
  // acks without an end-of-burst beat; master 1 must get the bus then.
  unsigned sent = 0, acked = 0;
  uint64_t m1_granted = 0, last_ack = 0;
  for (int e = 0; e < 30 && !m1_granted; ++e) {
    Beat m0;
    if (acked < 2) m0 = Beat{true, sent < 2, 0x100 + 4 * sent, 2};
    const Beat m1{true, true, 0x200, 0};
    auto o = a.edge(m0, m1);
    if (o.ack & 1) ++acked, last_ack = a.now();
    if (m0.stb && !(o.gnt_stall & 1)) ++sent;
    if (!(o.gnt_stall & 2)) m1_granted = a.now();
  }
  EXPECT_EQ(acked, 2u);
  EXPECT_EQ(m1_granted, last_ack + 1) << "granted in the first cycle without cyc";
}

}  // namespace
