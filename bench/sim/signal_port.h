// MemPortIf over the packed sc_signals of the Verilated mem_subsys
// (docs/ports.md).  Called by the CPU model from the clocked SC_METHOD, so
// reads see the values settled before the edge and writes take effect after.
#pragma once

#include <systemc.h>

#include "mem_port_if.h"
#include "stats.h"

namespace mmcosim {

// Bit positions of the packed request and response words.
enum PortBits : unsigned {
  kReqValid = 32, kReqKind = 33, kReqSize = 36, kReqWe = 38,
  kRspValid = 32, kRspFault = 33, kRspCause = 34,
};

inline uint64_t pack_req(const MemReq& q) {
  return uint64_t(q.addr) | uint64_t(1) << kReqValid |
         uint64_t(static_cast<uint8_t>(q.kind) & 7) << kReqKind |
         uint64_t(q.size & 3) << kReqSize | uint64_t(q.we) << kReqWe;
}

class SignalPort : public MemPortIf {
 public:
  SignalPort(sc_signal<uint64_t>* req, sc_signal<uint32_t>* wdata,
             sc_signal<bool>* ready, sc_signal<uint64_t>* rsp, Stats* stats,
             Stat reqs)
      : req_(req), wdata_(wdata), ready_(ready), rsp_(rsp), stats_(stats),
        reqs_(reqs) {}

  bool accepted() override {
    if (!valid_ || !ready_->read()) return false;
    (*stats_)[reqs_]++;
    return true;
  }
  bool response(MemRsp* rsp) override {
    uint64_t v = rsp_->read();
    if (!(v >> kRspValid & 1)) return false;
    rsp->rdata = uint32_t(v);
    rsp->fault = v >> kRspFault & 1;
    rsp->cause = uint8_t(v >> kRspCause & 0x1f);
    if (rsp->fault) (*stats_)[Stat::kMemAccessFaults]++;
    return true;
  }
  void drive(const MemReq& q) override {
    req_->write(pack_req(q));
    if (wdata_) wdata_->write(q.wdata);
    valid_ = true;
  }
  void idle() override {
    if (!valid_) return;
    req_->write(req_->read() & ~(uint64_t(1) << kReqValid));
    valid_ = false;
  }

 private:
  sc_signal<uint64_t>* req_;
  sc_signal<uint32_t>* wdata_;
  sc_signal<bool>* ready_;
  sc_signal<uint64_t>* rsp_;
  Stats* stats_;
  Stat reqs_;
  bool valid_ = false;
};

}  // namespace mmcosim
