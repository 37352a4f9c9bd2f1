// MemPortIf over the packed pins of the Verilated mem_subsys
// (docs/ports.md).  Top samples the RTL's outputs into `ready`/`rsp` before
// the rising edge and applies `req`/`wdata` after it, so the CPU model sees
// the RTL exactly as a synchronous neighbour would.
#pragma once

#include <cstdint>

#include "mem_port_if.h"

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

struct PortPins {
  uint64_t req = 0;    // to the RTL, applied after the edge
  uint32_t wdata = 0;
  bool ready = false;  // from the RTL, sampled before the edge
  uint64_t rsp = 0;
};

class PinPort : public MemPortIf {
 public:
  explicit PinPort(PortPins* pins) : pins_(pins) {}

  bool accepted() override { return valid_ && pins_->ready; }
  bool response(MemRsp* rsp) override {
    uint64_t v = pins_->rsp;
    if (!(v >> kRspValid & 1)) return false;
    rsp->rdata = uint32_t(v);
    rsp->fault = v >> kRspFault & 1;
    rsp->cause = uint8_t(v >> kRspCause & 0x1f);
    return true;
  }
  void drive(const MemReq& q) override {
    pins_->req = pack_req(q);
    pins_->wdata = q.wdata;
    valid_ = true;
  }
  void idle() override {
    pins_->req &= ~(uint64_t(1) << kReqValid);
    valid_ = false;
  }

 private:
  PortPins* pins_;
  bool valid_ = false;
};

}  // namespace mmcosim
