// The GDB stub of the co-simulation (`mmcosim --gdb=PORT`): a TCP server on
// 127.0.0.1 only that speaks GDB's remote serial protocol (gdb_packet.h,
// gdb_session.h) and controls the Simulator:
//
//   GDB ──TCP──▶ PacketReader ─payload─▶ Session ──Target calls──▶ SimTarget
//                                          │ resume/step/detach/kill    │
//                                          ▼                            ▼
//                                     GdbStub::serve ─run windows─▶ Simulator
//
// Execution control.  The CPU halts at an instruction boundary when
// Top's debug hook says so (a Z0 address, a step, an interrupt request);
// the resume starts that instruction in the very cycle it halted in, so a
// run under GDB has the cycles and statistics of the same run without it.
// Breakpoints (Z0) are kept here and compared with the pc at each boundary:
// nothing is written into the program, so caches and fetches see it
// unchanged.  Between run windows of kPollCycles the socket is polled for
// Ctrl-C (0x03), which halts at the next boundary (at once in WFI).
//
// Memory is read and written at virtual addresses as the hart would
// translate them now (satp, effective privilege with MPRV, SUM, MXR, A/D
// rules), with the Sv32 golden model (model/mmu) walking the page table
// through Top's CoherentBackdoor: DRAM with the L1 caches' lines on top (a
// dirty D-cache line is read from the cache; a write reaches DRAM and
// every cached copy).  No TLB, tag/valid/dirty bit, bus or counter sees
// it, and nothing is written by the walk.  Only DRAM is reachable (not
// MMIO).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace mmcosim {

class Simulator;

class GdbStub {
 public:
  enum class Outcome { kExited, kLimit, kKilled };

  // Listens on 127.0.0.1:port (0: a free port, see port()); null and
  // *error when the socket cannot be had.
  static std::unique_ptr<GdbStub> listen(Simulator* sim, unsigned port,
                                         std::string* error);
  ~GdbStub();
  unsigned port() const;
  // Waits for GDB, then runs the loaded program under its control until it
  // exits, `max_cycles` (0: no limit) pass, or GDB kills it.  After a
  // detach (or when GDB goes away) the program runs on to its end.
  Outcome serve(uint64_t max_cycles);

 private:
  struct Impl;
  explicit GdbStub(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mmcosim
