// Debug triggers (Sdtrig, RISC-V Debug Specification 1.0, chapter 5):
// cfg.cpu_triggers address-match triggers of type mcontrol6, reached
// through tselect / tdata1 / tdata2 / tdata3 / tinfo, plus tcontrol (mte,
// mpte) and mcontext.  No SystemC, no CPU state: the Cpu asks match() before
// an instruction executes (execute) and before a data access (load, store;
// an AMO asks for both) and takes the breakpoint or halts.
//
// tdata1 as mcontrol6 (RV32), and what this implementation keeps of it:
//
//   31   28 27    26   25   24 23   22   21     20:19 18:16 15:12 11    10:7
//  +-------+-----+----+----+--+--+----+------+-----+-----+------+-----+------+
//  | type=6|dmode|unc.|hit1|vs|vu|hit0|select|  0  | size|action|chain|match |
//  +-------+-----+----+----+--+--+----+------+-----+-----+------+-----+------+
//     6 |15  dbg   0    0   0  0   rw    0      0     0   0|1dbg  0   WARL
//
//    6      5        4  3   2       1     0
//  +---+-----------+---+---+-------+-----+----+
//  | m |uncertainen| s | u |execute|store|load|
//  +---+-----------+---+---+-------+-----+----+
//    rw     0        rw  rw   rw     rw    rw
//
//  - type: 6 (mcontrol6) or 15 (disabled, the reset value); writing any
//    other type leaves the trigger disabled (tdata1 = 0xF000_0000).
//  - dmode/action: software writes force dmode = 0 and action = 0
//    (breakpoint exception).  The debugger API (debug_set) installs
//    triggers with dmode = 1 and action = 1 (enter Debug Mode, here: the
//    core halts for the debugger); M-mode writes to such a trigger's
//    tdata1/2/3 are ignored, as the spec requires.
//  - match: 0 equal, 1 NAPOT, 2 >=, 3 <, 4 mask-low, 5 mask-high and the
//    negations 8, 9, 12, 13; any other value reads back 0 (equal).
//  - size = 0 (any): execute compares the pc of the instruction; a load or
//    store compares each byte address it accesses (equal, NAPOT, masks) or
//    its lowest address (>=, <).
//  - hit0 is set when the trigger fires (before the access: {hit1,hit0}=1).
//
// Firing (action 0): a trigger fires when its execute/load/store bit
// matches the operation, its m/s/u bit is set for the current privilege
// and, in M-mode, tcontrol.mte = 1.  A trap into M copies mte to mpte and
// clears mte; MRET copies mpte back to mte.  Debug-mode triggers (action 1)
// ignore mte.  The lowest-numbered firing trigger wins.
#pragma once

#include <cstdint>
#include <vector>

namespace mmcosim {

namespace rv {
// Trigger CSR addresses (Sdtrig).
enum TriggerCsr : uint16_t {
  kCsrTselect = 0x7a0,
  kCsrTdata1 = 0x7a1,
  kCsrTdata2 = 0x7a2,
  kCsrTdata3 = 0x7a3,
  kCsrTinfo = 0x7a4,
  kCsrTcontrol = 0x7a5,
  kCsrMcontext = 0x7a8,
};
}  // namespace rv

class TriggerModule {
 public:
  // Operation bits: the mcontrol6 execute/store/load bits.
  enum Op : uint32_t { kLoad = 1u << 0, kStore = 1u << 1, kExecute = 1u << 2 };
  enum Match : uint32_t {
    kEqual = 0,
    kNapot = 1,
    kGe = 2,
    kLt = 3,
    kMaskLow = 4,
    kMaskHigh = 5,
    kNotEqual = 8,
    kNotNapot = 9,
    kNotMaskLow = 12,
    kNotMaskHigh = 13,
  };
  // A trigger that fired.
  struct Hit {
    unsigned index = 0;  // trigger number
    uint32_t op = 0;     // the operation that matched (one Op bit)
    uint32_t addr = 0;   // pc (execute) or access address (load/store)
    bool debug = false;  // action 1: halt for the debugger, no exception
  };
  // What the debugger asks for: the bytes [addr, addr+len) for the
  // operations in `ops` (Op bits), in every privilege mode.  len = 0 or 1
  // is one byte (match equal); a power-of-two len with addr aligned to it
  // uses NAPOT; other lengths use the first byte only.
  struct DebugSpec {
    uint32_t addr = 0;
    uint32_t len = 1;
    uint32_t ops = kExecute;
  };

  // tdata1 fields (RV32 mcontrol6) and values.
  static constexpr unsigned kTypeShift = 28;
  static constexpr uint32_t kTypeMcontrol6 = 6;
  static constexpr uint32_t kTypeDisabled = 15;
  static constexpr uint32_t kDmode = 1u << 27;
  static constexpr uint32_t kHit0 = 1u << 22;
  static constexpr unsigned kActionShift = 12;
  static constexpr uint32_t kActionMask = 0xfu << kActionShift;
  static constexpr unsigned kMatchShift = 7;
  static constexpr uint32_t kMatchMask = 0xfu << kMatchShift;
  static constexpr uint32_t kPrivM = 1u << 6, kPrivS = 1u << 4,
                            kPrivU = 1u << 3;
  static constexpr uint32_t kOps = kLoad | kStore | kExecute;
  // tinfo: version 1 (Sdtrig 1.0) in [31:24], types 6 and 15 supported.
  static constexpr uint32_t kTinfo =
      (1u << 24) | (1u << kTypeMcontrol6) | (1u << kTypeDisabled);
  // tcontrol bits; mcontext keeps a 6-bit hcontext (RV32 without H).
  static constexpr uint32_t kTcontrolMte = 1u << 3;
  static constexpr uint32_t kTcontrolMpte = 1u << 7;
  static constexpr uint32_t kMcontextMask = 0x3f;

  explicit TriggerModule(unsigned count);

  // Reset: every trigger disabled, tselect = 0, tcontrol = mcontext = 0.
  void reset();
  unsigned count() const { return static_cast<unsigned>(t_.size()); }

  // ---- CSR side (M-mode software) ----
  static bool is_trigger_csr(unsigned addr);
  // Reads a trigger CSR (addr must satisfy is_trigger_csr).
  uint32_t csr_read(unsigned addr) const;
  // Writes a trigger CSR with the WARL rules above.
  void csr_write(unsigned addr, uint32_t v);
  void on_trap_to_m();  // mpte = mte, mte = 0
  void on_mret();       // mte = mpte

  // ---- the core's checks ----
  // Whether any trigger watches an operation in `ops` (fast path).
  bool armed(uint32_t ops) const { return (armed_ & ops) != 0; }
  // The lowest trigger firing for operation `op` (one Op bit) on the
  // `size` bytes at `addr` in privilege `priv` (rv::Priv); sets its hit0.
  bool match(uint32_t op, uint32_t addr, unsigned size, unsigned priv,
             Hit* hit);

  // ---- debugger API (GDB hardware breakpoints and watchpoints) ----
  // Installs a Debug-Mode trigger in the lowest free slot (disabled, or
  // mcontrol6 with no operation enabled, and not dmode); returns its
  // index, or -1 when none is free.
  int debug_set(const DebugSpec& spec);
  // Removes the Debug-Mode trigger `index` (false: no such trigger).
  bool debug_clear(unsigned index);
  // Removes every Debug-Mode trigger (detach).
  void debug_clear_all();
  uint32_t tdata1(unsigned index) const { return t_.at(index).tdata1; }
  uint32_t tdata2(unsigned index) const { return t_.at(index).tdata2; }

  // ---- checkpoints (Cpu::visit_state) ----
  // Names every field of the state once, for saving and loading alike:
  // each trigger's tdata1/tdata2, tselect, tcontrol, mcontext (the count
  // comes from the configuration, which the checkpoint header pins).
  template <class Visitor>
  void visit_state(Visitor& v) {
    for (Trigger& t : t_) {
      v(t.tdata1);
      v(t.tdata2);
    }
    v(tselect_);
    v(tcontrol_);
    v(mcontext_);
  }
  // After loading: recomputes what visit_state() does not hold.
  void state_loaded() { update_armed(); }

 private:
  struct Trigger {
    uint32_t tdata1 = 0, tdata2 = 0;
  };
  static uint32_t legal_tdata1(uint32_t v, bool debug);
  static bool compare(uint32_t tdata1, uint32_t tdata2, uint32_t addr);
  void update_armed();

  std::vector<Trigger> t_;
  unsigned tselect_ = 0;
  uint32_t tcontrol_ = 0, mcontext_ = 0;
  uint32_t armed_ = 0;  // union of the op bits of enabled triggers
};

}  // namespace mmcosim
