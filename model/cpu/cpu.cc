// Cpu: construction, reset, the per-edge state machine and instruction
// fetch.  The timing rule implemented here is documented in cpu.h.
#include "cpu.h"

#include <algorithm>

#include "rvc.h"

namespace mmcosim {

namespace {
// A base latency of 0 in the config would let an instruction act before
// it issues; clamp to one edge.
uint32_t at_least_one(uint64_t v) {
  return static_cast<uint32_t>(std::max<uint64_t>(v, 1));
}
constexpr uint32_t kWordMask = ~3u;
constexpr uint32_t kWordBytes = 4;
constexpr uint32_t kParcelBytes = 2;
constexpr uint32_t kHalfBit = 2;  // pc[1]: instruction in upper half
constexpr unsigned kHalfShift = 16;
constexpr uint32_t kHalfMask = 0xffff;
}  // namespace

Cpu::Cpu(const SimConfig& cfg, MemPortIf* fetch, MemPortIf* data,
         CsrSidebandIf* sideband, PlatformIf* platform, Stats* stats)
    : cfg_(cfg),
      fetch_(fetch),
      data_(data),
      sideband_(sideband),
      platform_(platform),
      stats_(stats),
      lat_alu_(at_least_one(cfg.cpu_latency_alu)),
      lat_bnt_(at_least_one(cfg.cpu_latency_branch_not_taken)),
      lat_bt_(at_least_one(cfg.cpu_latency_branch_taken)),
      lat_jump_(at_least_one(cfg.cpu_latency_jump)),
      lat_load_(at_least_one(cfg.cpu_latency_load)),
      lat_store_(at_least_one(cfg.cpu_latency_store)),
      lat_mul_(at_least_one(cfg.cpu_latency_mul)),
      lat_div_(at_least_one(cfg.cpu_latency_div)),
      lat_csr_(at_least_one(cfg.cpu_latency_csr)),
      lat_amo_(at_least_one(cfg.cpu_latency_amo)),
      lat_fence_(at_least_one(cfg.cpu_latency_fence)),
      lat_system_(at_least_one(cfg.cpu_latency_system)),
      lat_trap_(static_cast<uint32_t>(cfg.cpu_latency_trap)),
      triggers_(static_cast<unsigned>(cfg.cpu_triggers)) {}

void Cpu::reset(uint32_t pc) {
  std::fill(std::begin(regs_), std::end(regs_), 0u);
  pc_ = pc;
  priv_ = static_cast<unsigned>(cfg_.cpu_reset_priv);
  mstatus_ = 0;
  medeleg_ = mideleg_ = mie_ = mip_sw_ = 0;
  mtvec_ = stvec_ = mscratch_ = sscratch_ = 0;
  mepc_ = sepc_ = mcause_ = scause_ = mtval_ = stval_ = 0;
  mcounteren_ = scounteren_ = mcountinhibit_ = 0;
  menvcfg_ = menvcfgh_ = senvcfg_ = 0;
  satp_ = 0;
  mcycle_ = minstret_ = 0;
  std::fill(std::begin(hpm_event_), std::end(hpm_event_), 0u);
  std::fill(std::begin(hpm_offset_), std::end(hpm_offset_), 0u);
  std::fill(std::begin(hpm_frozen_), std::end(hpm_frozen_), 0u);
  reservation_valid_ = false;
  state_ = State::kWait;
  act_ = Act::kBoundary;
  edge_ = 0;
  wait_edge_ = 1;  // the first tick() is the first boundary edge
  instret_ = 0;
  buf_valid_ = pf_valid_ = pf_arrived_ = false;
  fbusy_ = false;
  fdrive_ = ddrive_ = false;
  amo_write_ = false;
  nparts_ = 0;
  minstret_written_ = false;
  triggers_.reset();
  halt_request_ = stepping_ = false;
  traps_taken_ = 0;
  sync_sideband(/*force=*/true);
}

// One clock edge: sample both ports (accepted, then response), advance the
// state machine, then present this cycle's requests.
void Cpu::tick() {
  ++edge_;
  ++(*stats_)[Stat::kCpuCycles];
  if (!(mcountinhibit_ & rv::kCounterCy)) ++mcycle_;

  if (fetch_->accepted()) fdrive_ = false;
  MemRsp frsp;
  bool f_rsp = fetch_->response(&frsp);
  if (f_rsp) {
    fbusy_ = false;
    if (fuse_ == FetchUse::kPrefetch) {
      // Kept only if not squashed meanwhile; never seen by the state
      // machine directly (a fault in it is taken only if the word is used).
      if (pf_valid_) {
        pf_arrived_ = true;
        pf_rsp_ = frsp;
      }
      f_rsp = false;
    }
  }
  if (data_->accepted()) ddrive_ = false;
  MemRsp drsp;
  const bool d_rsp = data_->response(&drsp);

  advance(f_rsp, frsp, d_rsp, drsp);

  if (fdrive_) {
    fetch_->drive(freq_);
  } else {
    fetch_->idle();
  }
  if (ddrive_) {
    data_->drive(dreq_);
  } else {
    data_->idle();
  }
}

// Runs the state machine for the current edge.  The state on entry is the
// one the previous edge left; a response or a reached wait edge can chain
// several steps (retire, boundary, fetch drive) within this edge.
void Cpu::advance(bool f_rsp, const MemRsp& frsp, bool d_rsp,
                  const MemRsp& drsp) {
  switch (state_) {
    case State::kWait:
      if (edge_ >= wait_edge_) act();
      break;
    case State::kFetch:
      if (!f_rsp) {
        ++(*stats_)[Stat::kCpuFetchStall];
        break;
      }
      on_fetch_response(frsp);
      break;
    case State::kData:
      if (!d_rsp) {
        ++(*stats_)[Stat::kCpuDataStall];
        break;
      }
      on_data_response(drsp);
      break;
    case State::kFenceI:
      if (!f_rsp) {
        ++(*stats_)[Stat::kCpuFetchStall];
        break;
      }
      drop_fetch_buffer();
      retire();
      boundary();
      break;
    case State::kPortWait:
      ++(*stats_)[Stat::kCpuFetchStall];
      if (fbusy_) break;
      freq_ = port_req_;
      fdrive_ = fbusy_ = true;
      fuse_ = FetchUse::kDemand;
      state_ = port_next_;
      break;
    case State::kHalted:
      break;
    case State::kWfi:
      if ((mip_value() & mie_) != 0) {
        boundary();
      } else {
        ++(*stats_)[Stat::kCpuWfiCycles];
      }
      break;
  }
}

// Performs the action scheduled for a kWait state at its edge.
void Cpu::act() {
  switch (act_) {
    case Act::kBoundary:
      boundary();
      break;
    case Act::kIssueBuffer:
      issue_from_buffer();
      break;
    case Act::kRetire:
      retire();
      boundary();
      break;
    case Act::kRetireWfi:
      retire();
      if ((mip_value() & mie_) != 0) {
        boundary();
      } else {
        state_ = State::kWfi;
      }
      break;
    case Act::kDriveData:
      ddrive_ = true;
      state_ = State::kData;
      break;
    case Act::kDriveFenceI:
      drive_fetch_port(fence_i_request(), State::kFenceI);
      break;
    case Act::kPrefetched:
      pf_valid_ = false;
      on_fetch_response(pf_rsp_);
      break;
  }
}

MemReq Cpu::fence_i_request() const {
  MemReq req;
  req.addr = cur_pc_;
  req.size = MMCOSIM_PORT_SIZE_WORD;
  req.kind = AccessKind::kFenceI;
  return req;
}

// Boundary edge: take an interrupt if one is pending and enabled, else
// start the instruction at pc_ (from the fetch buffer, the prefetch or a
// fetch).
void Cpu::boundary() {
  if (functional_) return;  // run_functional() starts every instruction
  if (halt_request_) return halt(HaltReason::kRequest, nullptr);
  if (stepping_ &&
      (instret_ != step_instret_ || traps_taken_ != step_traps_)) {
    return halt(HaltReason::kStep, nullptr);
  }
  const int irq = stepping_ ? -1 : pending_interrupt();
  if (irq >= 0) {
    take_trap(static_cast<uint32_t>(irq), /*interrupt=*/true, pc_, 0);
    ++(*stats_)[Stat::kCpuInterrupts];
    if (lat_trap_ > 0) {
      schedule(lat_trap_ + 1, Act::kBoundary);  // boundary at edge + trap
      return;
    }
  }
  if (break_hook_ && break_hook_(pc_)) return halt(HaltReason::kBreakpoint, nullptr);
  if (triggers_.armed(TriggerModule::kExecute) &&
      trigger_fires(TriggerModule::kExecute, pc_, 1, 0)) {
    return;
  }
  const uint32_t word = pc_ & kWordMask;
  if (buf_valid_ && buf_addr_ == word) {
    if ((pc_ & kHalfBit) && !rv::is_compressed(buf_data_ >> kHalfShift)) {
      fetch_lo_ = buf_data_ >> kHalfShift;
      fetch_word(word + kWordBytes, 1);
    } else {
      schedule(2, Act::kIssueBuffer);  // issue at the next edge
    }
    return;
  }
  fetch_word(word, 0);
}

// Halts: the instruction at pc_ has not executed.
void Cpu::halt(HaltReason why, const TriggerModule::Hit* hit) {
  state_ = State::kHalted;
  halt_request_ = stepping_ = false;
  if (halt_hook_) halt_hook_(why, hit);
}

// `latency` 0: an execute trigger checked at the boundary edge (the
// handler's boundary is then at least one edge later, so that a trigger on
// the handler's first instruction is not checked again within this edge).
bool Cpu::trigger_fires(uint32_t op, uint32_t addr, unsigned size,
                        uint32_t latency) {
  TriggerModule::Hit hit;
  if (!triggers_.match(op, addr, size, priv_, &hit)) return false;
  cur_pc_ = pc_;
  if (hit.debug) {
    halt(HaltReason::kTrigger, &hit);
    return true;
  }
  raise(rv::kCauseBreakpoint, addr);
  schedule(latency == 0 ? std::max(lat_trap_ + 1, 2u) : latency + lat_trap_,
           Act::kBoundary);
  return true;
}

void Cpu::debug_resume() {
  if (state_ != State::kHalted) return;
  drop_fetch_buffer();  // the debugger may have written memory
  state_ = State::kWait;
  act_ = Act::kBoundary;
  wait_edge_ = edge_ + 1;
}

void Cpu::debug_step() {
  if (state_ != State::kHalted) return;
  debug_resume();
  stepping_ = true;
  step_instret_ = instret_;
  step_traps_ = traps_taken_;
}

// Obtains the aligned word `addr` (part 0: the word holding pc, part 1:
// the following word of a straddling 32-bit instruction): from the
// prefetch if it is for that word (arrived: taken at the next edge; in
// flight: its response becomes the fetch response), else by a fetch.
void Cpu::fetch_word(uint32_t addr, unsigned part) {
  fetch_part_ = part;
  fetch_addr_ = addr;
  if (pf_valid_ && pf_addr_ == addr) {
    if (pf_arrived_) {
      schedule(2, Act::kPrefetched);
    } else {
      pf_valid_ = false;
      fuse_ = FetchUse::kDemand;
      state_ = State::kFetch;
    }
    return;
  }
  pf_valid_ = false;  // a prefetch of another word is of no use now
  MemReq req;
  req.addr = addr;
  req.size = MMCOSIM_PORT_SIZE_WORD;
  req.kind = AccessKind::kFetch;
  drive_fetch_port(req, State::kFetch);
}

// Drives `req` on the fetch port and enters `next`; if a squashed prefetch
// still occupies the port, waits (kPortWait) for its response first.  A
// request presented is never changed or withdrawn.
void Cpu::drive_fetch_port(const MemReq& req, State next) {
  if (fbusy_) {
    port_req_ = req;
    port_next_ = next;
    state_ = State::kPortWait;
    return;
  }
  freq_ = req;
  fdrive_ = fbusy_ = true;
  fuse_ = FetchUse::kDemand;
  state_ = next;
}

// A fetch response arrived: fault -> fetch exception (tval = pc for the
// first word, pc+2 for the second); otherwise fill the buffer and either
// fetch the second word or issue.
void Cpu::on_fetch_response(const MemRsp& rsp) {
  if (rsp.fault) {
    cur_pc_ = pc_;
    drop_fetch_buffer();
    raise(rsp.cause, fetch_part_ == 0 ? pc_ : pc_ + kParcelBytes);
    after_trap();
    return;
  }
  buf_valid_ = true;
  buf_data_ = rsp.rdata;
  buf_addr_ = fetch_addr_;
  if (fetch_part_ == 1) {
    issue(fetch_lo_ | (rsp.rdata << kHalfShift), kWordBytes);
    return;
  }
  if (pc_ & kHalfBit) {
    const uint32_t half = rsp.rdata >> kHalfShift;
    if (!rv::is_compressed(half)) {
      fetch_lo_ = half;
      fetch_word(buf_addr_ + kWordBytes, 1);
      return;
    }
    issue(half, kParcelBytes);
  } else if (rv::is_compressed(rsp.rdata)) {
    issue(rsp.rdata & kHalfMask, kParcelBytes);
  } else {
    issue(rsp.rdata, kWordBytes);
  }
}

// After an issue edge: if the instruction kept the fetch buffer (no
// redirect, trap or squash), the next sequential instruction needs the
// word after the buffer's (it is not wholly in the buffer) and the port is
// free, drive the fetch of that word, so that it overlaps this
// instruction.  Waiting for the last instruction of the word means a
// jump or taken branch later in the same word never wastes a prefetch.
void Cpu::prefetch_next() {
  if (!buf_valid_ || fbusy_ || pf_valid_) return;
  if ((next_pc_ & kWordMask) == buf_addr_ && !((next_pc_ & kHalfBit) &&
      !rv::is_compressed(buf_data_ >> kHalfShift))) {
    return;  // the next instruction is in the buffer
  }
  pf_valid_ = true;
  pf_arrived_ = false;
  pf_addr_ = buf_addr_ + kWordBytes;
  freq_ = MemReq{};
  freq_.addr = pf_addr_;
  freq_.size = MMCOSIM_PORT_SIZE_WORD;
  freq_.kind = AccessKind::kFetch;
  fdrive_ = fbusy_ = true;
  fuse_ = FetchUse::kPrefetch;
}

// Issues the instruction at pc_ whose parcels are all in the fetch buffer.
void Cpu::issue_from_buffer() {
  const uint32_t parcel =
      (pc_ & kHalfBit) ? buf_data_ >> kHalfShift : buf_data_;
  if (rv::is_compressed(parcel)) {
    issue(parcel & kHalfMask, kParcelBytes);
  } else {
    issue(buf_data_, kWordBytes);
  }
}

// Issue edge: record the instruction and execute it.
void Cpu::issue(uint32_t raw, unsigned len) {
  cur_pc_ = pc_;
  cur_raw_ = raw;
  cur_len_ = len;
  next_pc_ = pc_ + len;
  execute(len == 2 ? rvc_expand(static_cast<uint16_t>(raw)) : raw);
  prefetch_next();
}

// Schedules `a` at edge_ + latency - 1; a latency of 1 acts at this edge.
void Cpu::schedule(unsigned latency, Act a) {
  act_ = a;
  if (functional_) return;  // run_functional() performs the act at once
  if (latency <= 1) {
    act();
    return;
  }
  wait_edge_ = edge_ + latency - 1;
  state_ = State::kWait;
}

// After a trap taken at this edge: the handler's boundary comes
// cfg.cpu_latency_trap edges later.
void Cpu::after_trap() {
  schedule(lat_trap_ + 1, Act::kBoundary);
}

// Retires the instruction in flight: counters, pc, hook.
void Cpu::retire() {
  ++instret_;
  ++(*stats_)[Stat::kCpuInstret];
  if (minstret_written_) {
    minstret_written_ = false;  // the written value is what the next reads
  } else if (!(mcountinhibit_ & rv::kCounterIr)) {
    ++minstret_;
  }
  pc_ = next_pc_;
  if (retire_hook_) retire_hook_(cur_pc_, cur_raw_);
}

}  // namespace mmcosim
