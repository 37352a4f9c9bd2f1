// The RV32IMAC + Zicsr + Zifencei core (+ Zicbom, Zicboz with the caches)
// with M/S/U privilege, as a plain C++
// state machine advanced one clock edge at a time by tick().  It talks to
// the memory subsystem only through the two MemPortIf ports (fetch, data;
// protocol in mem_port_if.h and docs/ports.md), the CSR sideband and the
// PlatformIf (interrupt lines, mtime, hpm events).  No SystemC in here: the
// SystemC wrapper calls tick() once per rising clock edge.
//
// ---------------------------------------------------------------------------
// Timing rule (edge = one call of tick(); "E+1" is the following call)
// ---------------------------------------------------------------------------
//  Boundary edge B: the edge at which the CPU starts an instruction.  First
//    pending-and-enabled interrupts are checked (see below).  Then each
//    word the instruction needs (the word at pc&~3; if pc[1]==1 and its
//    upper half starts a 32-bit instruction, also the next word) comes
//    from, in this order:
//    - the one-word fetch buffer (the last word fetched): no request;
//    - the prefetch, if it is for that word: arrived (response at an edge
//      <= B) -> as if its response came at B+1; still in flight -> its
//      response is the fetch response;
//    - otherwise a fetch driven at B (the second word: at the edge the
//      first arrives).  If a squashed prefetch still occupies the port,
//      the fetch is driven at the edge its (discarded) response arrives.
//    The instruction ISSUES at max(B+1, the edge its last word arrives).
//  Prefetch: at the issue edge I, after executing, if the instruction
//    kept the fetch buffer (no redirect, trap or squash), the next
//    sequential instruction is not wholly in the buffer and the fetch port
//    is free, the fetch of the word after the buffer's word is driven at I
//    (so a jump later in the same word never wastes one).
//    At most one prefetch exists; the port keeps one request outstanding.
//    A fault in a prefetch is held and taken only if the word is used (at
//    the edge it would issue); a squashed prefetch's response is dropped.
//  An instruction issued at edge I with base latency L (cfg.cpu_latency_*,
//    at least 1) executes architecturally at I and ACTS at A = I + L - 1:
//    - ALU, branch, jump, CSR, MUL/DIV, FENCE, ECALL/EBREAK, xRET: it
//      retires at A, and A is the next boundary edge.  A branch's L depends
//      on its outcome (taken / not taken);
//    - load, store, LR, SC (when sent), AMO, SFENCE.VMA: the data request
//      is driven at A; the instruction retires at the edge D its response
//      arrives (AMO: the read response drives the write half at the same
//      edge; it retires at the write response).  D is the next boundary;
//    - FENCE.I: driven on the fetch port at A, retires at its response;
//    - WFI: retires at A; A is the next boundary if an interrupt is then
//      pending in mip & mie, otherwise the core idles (cpu.wfi_cycles per
//      idle edge) and the first edge with one pending is the boundary.
//  Traps: an exception found at execute enters the trap (CSRs, privilege,
//    sideband) at I and is timed as taken at A; one reported by a port
//    response is taken at that response edge; an interrupt at a boundary
//    edge (before any fetch).  The handler's boundary is the taken edge
//    plus cfg.cpu_latency_trap (may be 0).
//  So with a memory that accepts a request at the edge after it is driven
//  and answers k edges after accepting, straight-line uncompressed code of
//  base latency L issues every max(L, 1+k) edges (the prefetch overlaps
//  execution; without it L+1+k), a second compressed instruction in the
//  same word 1 edge after the first, and a word load with L=1 costs
//  (1+k_data) + 1 edges when the next word was prefetched meanwhile.
//
//  cpu.fetch_stall / cpu.data_stall count edges that begin with the core
//  waiting on that port and bring no response it uses.  cpu.cycles counts
//  every edge.  Squash (fetch buffer and prefetch dropped) on every
//  redirect (taken branch, jump -- even to the next pc --, trap, xRET),
//  FENCE.I, SFENCE.VMA, a satp write and any change of the CSR sideband
//  (privilege, MPRV/MPP, SUM, MXR, ADUE).
// ---------------------------------------------------------------------------
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config_table.h"
#include "func_mem_if.h"
#include "mem_port_if.h"
#include "platform_if.h"
#include "rv_defs.h"
#include "stats.h"
#include "trigger.h"

namespace mmcosim {

class Cpu {
 public:
  // Called when an instruction retires: its pc and its bits (the 16-bit
  // parcel for a compressed instruction).
  using RetireHook = std::function<void(uint32_t pc, uint32_t insn)>;
  // Called when a trap is taken: mcause/scause value (bit 31 = interrupt),
  // epc and tval as written to the CSRs, and the privilege it goes to.
  using TrapHook = std::function<void(uint32_t cause, uint32_t epc,
                                      uint32_t tval, unsigned to_priv)>;

  // `fetch`, `data`, `platform`, `stats` must outlive the Cpu; `sideband`
  // may be null.  Call reset() before the first tick().
  Cpu(const SimConfig& cfg, MemPortIf* fetch, MemPortIf* data,
      CsrSidebandIf* sideband, PlatformIf* platform, Stats* stats);

  // Architectural reset: privilege cfg.cpu_reset_priv, registers 0, CSRs at
  // their reset values, no request outstanding, the next tick() is the
  // boundary edge of the instruction at `pc`.  Sends the sideband once.
  void reset(uint32_t pc);
  // Advances the core by one clock edge (see the timing rule above).
  void tick();

  // pc of the instruction being executed, or of the next one to start.
  uint32_t pc() const { return pc_; }
  uint32_t reg(unsigned i) const { return regs_[i & kRegMask]; }
  // Debug write of a register (x0 stays 0).
  void set_reg(unsigned i, uint32_t v) {
    if ((i & kRegMask) != 0) regs_[i & kRegMask] = v;
  }
  unsigned priv() const { return priv_; }
  bool in_wfi() const { return state_ == State::kWfi; }
  // Instructions retired since reset (not affected by minstret writes).
  uint64_t instret() const { return instret_; }
  // Debug read of a CSR with no side effects; false if no such CSR.
  bool csr_peek(uint16_t addr, uint32_t* value) const;
  // Debug write of a CSR as an M-mode write would do it (WARL rules and
  // side effects apply, no privilege check); false if no such CSR or it is
  // read-only.
  bool csr_poke(uint16_t addr, uint32_t value);
  // Whether satp accepts MODE=Sv32 (off: such writes are ignored).
  void set_sv32_enabled(bool on) { sv32_enabled_ = on; }
  bool sv32_enabled() const { return sv32_enabled_; }

  // ---- functional mode (functional.cc) ----
  // When run_functional() stops (whichever comes first).
  struct FuncLimits {
    uint64_t instructions = ~uint64_t{0};  // retired instructions
    uint64_t edges = ~uint64_t{0};         // edges (1 per instruction, WFI)
    bool at_pc = false;                    // stop when pc reaches `pc`
    uint32_t pc = 0;
  };
  // Runs instructions with the same decode/execute as tick(), every memory
  // request answered at once by `mem`, one edge per instruction (mcycle,
  // time and cpu.cycles advance by one), no fetch buffer or prefetch.
  // Stops at a limit or request_stop(); returns the instructions retired.
  uint64_t run_functional(FuncMemIf* mem, const FuncLimits& limits);
  // Ends run_functional() after the current instruction.
  void request_stop() { stop_ = true; }
  // Enters the cycle-accurate state machine from the architectural state
  // (after run_functional or a restore): micro-architectural state as after
  // reset, LR reservation cleared, the sideband sent again; the next
  // tick() is the boundary edge of the instruction at pc().
  void resume_timed();
  // Edges since reset (the time base of mtime and mcycle).
  uint64_t edges() const { return edge_; }

  // ---- checkpoints (cpu_state.cc) ----
  // Appends the architectural state (registers, pc, privilege, every CSR,
  // counters, time) to `out`; load_state() reads it back (false when the
  // bytes are not a state of this model, with the reason in `why` when
  // given: another state version, or another size).  The reservation is
  // not saved.
  void save_state(std::vector<uint8_t>* out) const;
  bool load_state(const uint8_t* data, size_t size, std::string* why = nullptr);

  void set_retire_hook(RetireHook hook) { retire_hook_ = std::move(hook); }
  void set_trap_hook(TrapHook hook) { trap_hook_ = std::move(hook); }

  // ---- debugger (a stand-in for Debug Mode; docs/cpu.md "Debug") ----
  // The core halts at a boundary edge, before the instruction at pc(): when
  // a Debug-Mode trigger (triggers().debug_set) fires -- before an
  // instruction executes or before its data access --, when a halt was
  // requested, or when a single step is done.  While halted the core
  // starts nothing (ports still absorb a prefetch in flight) and the
  // debugger may read and write registers, CSRs and memory.
  enum class HaltReason : uint8_t { kRequest, kStep, kTrigger, kEbreak, kBreakpoint };
  // Called once when the core halts; `hit` is the trigger for kTrigger.
  using HaltHook =
      std::function<void(HaltReason why, const TriggerModule::Hit* hit)>;
  void set_halt_hook(HaltHook hook) { halt_hook_ = std::move(hook); }
  TriggerModule& triggers() { return triggers_; }
  const TriggerModule& triggers() const { return triggers_; }
  bool halted() const { return state_ == State::kHalted; }
  // Halts at the next boundary edge (GDB's Ctrl-C).
  void debug_halt() { halt_request_ = true; }
  // Leaves the halt; the next edge is the boundary of the instruction at
  // pc() (a trigger on it fires again unless the debugger removed it).
  void debug_resume();
  // Resumes for one instruction: halts again after it retires, or at the
  // first instruction of the trap handler it entered.  No interrupt is
  // taken during the step (dcsr.stepie = 0).
  void debug_step();
  // While halted: sets the pc of the next instruction.
  void set_pc(uint32_t pc) {
    pc_ = pc;
    drop_fetch_buffer();
  }
  // The debugger's software breakpoints, kept outside memory (so fetches
  // and caches see the program unchanged): asked at each boundary edge,
  // where an execute trigger is checked; true halts (kBreakpoint).
  using BreakHook = std::function<bool(uint32_t pc)>;
  void set_break_hook(BreakHook hook) { break_hook_ = std::move(hook); }
  // dcsr.ebreakm/s/u: EBREAK halts (pc stays at it) instead of trapping.
  void set_ebreak_halts(bool on) { ebreak_halts_ = on; }

 private:
  static constexpr unsigned kRegMask = 31;

  enum class State : uint8_t {
    kWait,    // idle until edge wait_edge_, then do act_
    kFetch,   // a fetch request (part fetch_part_) outstanding
    kData,    // a data request outstanding (mem_op_, amo_write_)
    kFenceI,  // a FENCE.I request outstanding on the fetch port
    kWfi,     // stalled in WFI
    kPortWait,  // freq_ waits for a squashed prefetch to leave the port,
                // then is driven and the state becomes port_next_
    kHalted,    // halted for the debugger (debug_resume/debug_step leave)
  };
  // What the request outstanding on the fetch port is for.
  enum class FetchUse : uint8_t {
    kDemand,    // a fetch the core waits for (kFetch) or FENCE.I (kFenceI)
    kPrefetch,  // the sequential prefetch (pf_)
  };
  // What happens when a kWait state reaches wait_edge_.
  enum class Act : uint8_t {
    kBoundary,     // start the next instruction
    kIssueBuffer,  // issue the instruction held in the fetch buffer
    kRetire,       // retire the executed instruction, then boundary
    kRetireWfi,    // retire WFI, then stall until an interrupt is pending
    kDriveData,    // drive the prepared data request
    kDriveFenceI,  // drive FENCE.I on the fetch port
    kPrefetched,   // take the arrived prefetch (pf_) as a fetch response
  };
  enum class MemOp : uint8_t { kLoad, kStore, kLr, kSc, kAmo, kSfence, kCbo };

  // ---- cpu.cc: state machine and fetch ----
  void advance(bool f_rsp, const MemRsp& frsp, bool d_rsp, const MemRsp& drsp);
  void act();
  void boundary();
  void fetch_word(uint32_t addr, unsigned part);
  void drive_fetch_port(const MemReq& req, State next);
  MemReq fence_i_request() const;  // FENCE.I of the instruction in flight
  void on_fetch_response(const MemRsp& rsp);
  void prefetch_next();
  void issue_from_buffer();
  void issue(uint32_t raw, unsigned len);
  void schedule(unsigned latency, Act act);
  void after_trap();
  void retire();
  // Squash: forget the fetch buffer and the prefetch (one still in flight
  // keeps the port until its response, which is then discarded).
  void drop_fetch_buffer() {
    buf_valid_ = false;
    pf_valid_ = false;
  }

  // ---- trigger checks and halting (cpu.cc) ----
  // Halts for the debugger at this boundary edge.
  void halt(HaltReason why, const TriggerModule::Hit* hit);
  // Whether a trigger fires for `op` at `addr` (`size` bytes) now; if so
  // takes the breakpoint exception (tval = addr) or halts, and schedules
  // the next boundary.  `latency`: the instruction class's base latency.
  bool trigger_fires(uint32_t op, uint32_t addr, unsigned size,
                     uint32_t latency);
  // ---- functional.cc ----
  // Fetches the instruction at pc_ for the functional mode; false when the
  // fetch faulted (the trap is taken).
  bool fetch_functional(FuncMemIf* mem, uint32_t* raw, unsigned* len);
  template <class Visitor>
  void visit_state(Visitor& v);

  // ---- execute.cc: decode and execute ----
  // Executes `insn` (32-bit form; `raw`/`len` describe the fetched bits) at
  // pc_; sets next_pc_, prepares memory requests, raises exceptions, and
  // schedules the act edge.
  void execute(uint32_t insn);
  void exec_op(uint32_t insn);
  void exec_op_imm(uint32_t insn);
  void exec_branch(uint32_t insn);
  void exec_load(uint32_t insn);
  void exec_store(uint32_t insn);
  void exec_amo(uint32_t insn);
  void exec_misc_mem(uint32_t insn);
  void exec_cbo(uint32_t insn);
  int cbo_effective_op(unsigned op) const;
  void exec_system(uint32_t insn);
  void exec_csr(uint32_t insn);
  void illegal(uint32_t latency);
  void prepare_data(MemOp op, uint32_t addr, unsigned size, uint32_t latency);
  void on_data_response(const MemRsp& rsp);
  // Misaligned load/store with cfg.cpu_misaligned: split into naturally
  // aligned parts (at most 3), sent one after the other; the first is
  // driven at the act edge, each next one at the edge the previous
  // response arrives.
  void split_access(MemOp op, uint32_t addr, unsigned bytes,
                    uint32_t latency, uint32_t store_value);
  // Loads parts_[part_] into dreq_ (address, size, store lanes).
  void set_part_request();
  // A part's response without fault: true when it was the last part.
  bool split_part_done(const MemRsp& rsp);
  void write_rd(unsigned rd, uint32_t v) {
    if (rd != 0) regs_[rd] = v;
  }

  // ---- csr.cc ----
  // Whether the current privilege may access CSR `addr` (write: it would be
  // written).  Covers privilege level, read-only, counteren and TVM rules.
  bool csr_allowed(unsigned addr, bool write) const;
  // Reads a CSR; false if it does not exist.  No side effects.
  bool csr_read(unsigned addr, uint32_t* v) const;
  // Base value of a read-modify-write (CSRRS/C): mip/sip use the software
  // written bits, not the platform lines.
  uint32_t csr_rmw_base(unsigned addr, uint32_t read_value) const;
  // Writes a CSR (must exist and be writable), applying WARL rules and side
  // effects (sideband, fetch buffer, counter offsets).
  void csr_write(unsigned addr, uint32_t v);
  uint64_t hpm_value(unsigned n) const;
  void hpm_set(unsigned n, uint64_t v);
  void write_mcountinhibit(uint32_t v);
  uint64_t mcycle_value() const { return mcycle_; }

  // ---- trap.cc ----
  // Takes a synchronous exception for the instruction at cur_pc_.
  void raise(uint32_t cause, uint32_t tval);
  // Enters the trap handler (exception or interrupt); epc as given.
  void take_trap(uint32_t cause, bool interrupt, uint32_t epc, uint32_t tval);
  // Highest-priority interrupt to take now, or -1.
  int pending_interrupt();
  uint32_t mip_value() const;
  void do_mret();
  void do_sret();
  void set_priv(unsigned p);
  // Sends the sideband if any of its fields changed (or `force`).
  void sync_sideband(bool force = false);

  // ---- configuration and connections ----
  const SimConfig& cfg_;
  MemPortIf* const fetch_;
  MemPortIf* const data_;
  CsrSidebandIf* const sideband_;
  PlatformIf* const platform_;
  Stats* const stats_;
  uint32_t lat_alu_, lat_bnt_, lat_bt_, lat_jump_, lat_load_, lat_store_,
      lat_mul_, lat_div_, lat_csr_, lat_amo_, lat_fence_, lat_system_,
      lat_trap_;

  // ---- architectural state ----
  uint32_t regs_[32] = {};
  uint32_t pc_ = 0;
  unsigned priv_ = rv::kPrivM;
  uint32_t mstatus_ = 0;
  uint32_t medeleg_ = 0, mideleg_ = 0;
  uint32_t mie_ = 0, mip_sw_ = 0;
  uint32_t mtvec_ = 0, stvec_ = 0;
  uint32_t mscratch_ = 0, sscratch_ = 0;
  uint32_t mepc_ = 0, sepc_ = 0;
  uint32_t mcause_ = 0, scause_ = 0;
  uint32_t mtval_ = 0, stval_ = 0;
  uint32_t mcounteren_ = 0, scounteren_ = 0, mcountinhibit_ = 0;
  uint32_t menvcfg_ = 0, menvcfgh_ = 0, senvcfg_ = 0;
  uint32_t satp_ = 0;
  uint64_t mcycle_ = 0, minstret_ = 0;
  uint32_t hpm_event_[rv::kNumCounters] = {};
  uint64_t hpm_offset_[rv::kNumCounters] = {};
  uint64_t hpm_frozen_[rv::kNumCounters] = {};  // value while inhibited
  bool sv32_enabled_ = false;
  bool reservation_valid_ = false;
  uint32_t reservation_addr_ = 0;

  // ---- micro-architectural state ----
  State state_ = State::kWait;
  Act act_ = Act::kBoundary;
  uint64_t edge_ = 0;       // edges since reset (number of the current one)
  uint64_t wait_edge_ = 0;  // kWait: act at this edge
  uint64_t instret_ = 0;
  bool buf_valid_ = false;  // fetch buffer: one aligned word
  uint32_t buf_addr_ = 0, buf_data_ = 0;
  unsigned fetch_part_ = 0;  // 0: word at pc&~3, 1: the next word
  uint32_t fetch_addr_ = 0;  // word the demand fetch (part) is for
  uint32_t fetch_lo_ = 0;    // part 1: low parcel from the first word
  // Fetch port: a request is outstanding from its drive until its
  // response (fbusy_), for fuse_.  The prefetch slot pf_*: valid until
  // squashed or used; arrived once its response (pf_rsp_) is in.
  bool fbusy_ = false;
  FetchUse fuse_ = FetchUse::kDemand;
  State port_next_ = State::kFetch;
  MemReq port_req_;  // kPortWait: the request to drive once the port frees
  bool pf_valid_ = false, pf_arrived_ = false;
  uint32_t pf_addr_ = 0;
  MemRsp pf_rsp_;
  MemReq freq_, dreq_;
  bool fdrive_ = false, ddrive_ = false;  // request presented, not accepted
  // instruction in flight
  uint32_t cur_pc_ = 0, cur_raw_ = 0, next_pc_ = 0;
  unsigned cur_len_ = 4;
  MemOp mem_op_ = MemOp::kLoad;
  unsigned mem_rd_ = 0, mem_size_ = 2, amo_funct5_ = 0;
  bool mem_signed_ = false, amo_write_ = false;
  uint32_t amo_src_ = 0, amo_old_ = 0;
  bool minstret_written_ = false;
  // split misaligned access (nparts_ = 0: none)
  struct Part {
    uint32_t addr;
    uint8_t size;    // port size code (0 byte, 1 half, 2 word)
    uint8_t offset;  // byte offset of the part inside the whole access
  };
  static constexpr unsigned kMaxParts = 3;
  Part parts_[kMaxParts] = {};
  unsigned nparts_ = 0, part_ = 0;
  uint32_t split_value_ = 0;  // load: bytes gathered; store: the value
  CsrSideband sb_last_;
  // functional mode: schedule() records the act, boundary() does nothing
  bool functional_ = false, stop_ = false;
  const uint8_t* fpage_host_ = nullptr;  // fetch page of fpage_va_
  uint32_t fpage_va_ = ~0u;
  uint64_t fpage_epoch_ = ~uint64_t{0};

  // ---- debug ----
  TriggerModule triggers_;
  bool halt_request_ = false;
  bool ebreak_halts_ = false;
  bool stepping_ = false;
  uint64_t step_instret_ = 0, step_traps_ = 0;
  uint64_t traps_taken_ = 0;

  RetireHook retire_hook_;
  TrapHook trap_hook_;
  HaltHook halt_hook_;
  BreakHook break_hook_;
};

}  // namespace mmcosim
