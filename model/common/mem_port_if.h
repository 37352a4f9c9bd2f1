// CPU <-> memory-subsystem port, seen from the CPU model (docs/ports.md).
//
// Both CPU ports (fetch and data) are valid/ready request channels with a
// separate response channel, clocked on the core clock.  The CPU model calls
// a port once per clock edge, always in this order:
//
//   1. accepted()   did the request driven during the last cycle handshake
//                   (valid && ready sampled at this edge)?
//   2. response()   is a response present at this edge?  (at most one per
//                   edge; a response can arrive at the same edge as its
//                   acceptance only in zero-latency test memories)
//   3. drive()/idle()  the request to present during the coming cycle.
//
// One request may be outstanding per port.  Data is in bus-lane position:
// a store puts its bytes in the lanes selected by addr[1:0]; a load gets the
// whole 32-bit word that contains addr back and extracts its bytes.
#pragma once

#include <cstdint>

#include "mmcosim_cfg.h"

namespace mmcosim {

enum class AccessKind : uint8_t {
  kFetch = MMCOSIM_PORT_KIND_FETCH,
  kLoad = MMCOSIM_PORT_KIND_LOAD,
  kStore = MMCOSIM_PORT_KIND_STORE,
  kAmo = MMCOSIM_PORT_KIND_AMO,    // we=0: read half, we=1: write half
  kLr = MMCOSIM_PORT_KIND_LR,
  kSc = MMCOSIM_PORT_KIND_SC,
  kSfence = MMCOSIM_PORT_KIND_SFENCE,  // SFENCE.VMA, see MemReq
  kFenceI = MMCOSIM_PORT_KIND_FENCEI,  // FENCE.I (instruction side)
};

struct MemReq {
  uint32_t addr = 0;   // virtual address (SFENCE: rs1 value)
  uint32_t wdata = 0;  // lane-positioned store data; SFENCE: flag bits
  uint8_t size = 2;    // log2(bytes): 0, 1, 2
  AccessKind kind = AccessKind::kLoad;
  bool we = false;     // write (store, SC, AMO write half)
};

// SFENCE.VMA request encoding of wdata (flags decided by register index).
inline uint32_t sfence_flags(bool rs1_is_x0, bool rs2_is_x0, uint32_t asid) {
  return (rs2_is_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS2_X0_BIT : 0u) |
         (rs1_is_x0 ? 1u << MMCOSIM_PORT_SFENCE_RS1_X0_BIT : 0u) |
         (asid << MMCOSIM_PORT_SFENCE_ASID_LSB);
}

struct MemRsp {
  uint32_t rdata = 0;  // whole bus word containing the address
  bool fault = false;  // true: cause holds an mcause exception code
  uint8_t cause = 0;   // 1/5/7 access fault, 12/13/15 page fault
};

class MemPortIf {
 public:
  virtual ~MemPortIf() = default;
  virtual bool accepted() = 0;
  virtual bool response(MemRsp* rsp) = 0;
  virtual void drive(const MemReq& req) = 0;
  virtual void idle() = 0;
};

// Translation and protection state the memory subsystem needs from the CSRs.
// The CPU model calls CsrSidebandIf::update() whenever any field changes
// (satp write, privilege change, mstatus.MPRV/MPP/SUM/MXR, menvcfg.ADUE).
struct CsrSideband {
  uint32_t satp = 0;
  uint8_t priv_fetch = 3;  // privilege used for fetch (0=U, 1=S, 3=M)
  uint8_t priv_data = 3;   // effective privilege for loads/stores (MPRV)
  bool sum = false;
  bool mxr = false;
  bool adue = false;       // menvcfg.ADUE: hardware A/D update (Svadu)
  bool operator==(const CsrSideband& o) const {
    return satp == o.satp && priv_fetch == o.priv_fetch &&
           priv_data == o.priv_data && sum == o.sum && mxr == o.mxr &&
           adue == o.adue;
  }
  bool operator!=(const CsrSideband& o) const { return !(*this == o); }
};

class CsrSidebandIf {
 public:
  virtual ~CsrSidebandIf() = default;
  virtual void update(const CsrSideband& sb) = 0;
};

}  // namespace mmcosim
