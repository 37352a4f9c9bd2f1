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
      lat_trap_(static_cast<uint32_t>(cfg.cpu_latency_trap)) {}

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
  buf_valid_ = false;
  fdrive_ = ddrive_ = false;
  amo_write_ = false;
  minstret_written_ = false;
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
  const bool f_rsp = fetch_->response(&frsp);
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
      freq_ = MemReq{};
      freq_.addr = cur_pc_;
      freq_.size = MMCOSIM_PORT_SIZE_WORD;
      freq_.kind = AccessKind::kFenceI;
      fdrive_ = true;
      state_ = State::kFenceI;
      break;
  }
}

// Boundary edge: take an interrupt if one is pending and enabled, else
// start the instruction at pc_ (from the fetch buffer or with a fetch).
void Cpu::boundary() {
  const int irq = pending_interrupt();
  if (irq >= 0) {
    take_trap(static_cast<uint32_t>(irq), /*interrupt=*/true, pc_, 0);
    ++(*stats_)[Stat::kCpuInterrupts];
    if (lat_trap_ > 0) {
      schedule(lat_trap_ + 1, Act::kBoundary);  // boundary at edge + trap
      return;
    }
  }
  const uint32_t word = pc_ & kWordMask;
  if (buf_valid_ && buf_addr_ == word) {
    if ((pc_ & kHalfBit) && !rv::is_compressed(buf_data_ >> kHalfShift)) {
      fetch_lo_ = buf_data_ >> kHalfShift;
      start_fetch(word + kWordBytes, 1);
    } else {
      schedule(2, Act::kIssueBuffer);  // issue at the next edge
    }
    return;
  }
  start_fetch(word, 0);
}

// Drives a fetch of the aligned word `addr` (part 0: the word holding pc,
// part 1: the following word of a straddling 32-bit instruction).
void Cpu::start_fetch(uint32_t addr, unsigned part) {
  freq_ = MemReq{};
  freq_.addr = addr;
  freq_.size = MMCOSIM_PORT_SIZE_WORD;
  freq_.kind = AccessKind::kFetch;
  fdrive_ = true;
  fetch_part_ = part;
  state_ = State::kFetch;
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
  if (fetch_part_ == 1) {
    buf_addr_ = (pc_ & kWordMask) + kWordBytes;
    issue(fetch_lo_ | (rsp.rdata << kHalfShift), kWordBytes);
    return;
  }
  buf_addr_ = pc_ & kWordMask;
  if (pc_ & kHalfBit) {
    const uint32_t half = rsp.rdata >> kHalfShift;
    if (!rv::is_compressed(half)) {
      fetch_lo_ = half;
      start_fetch(buf_addr_ + kWordBytes, 1);
      return;
    }
    issue(half, kParcelBytes);
  } else if (rv::is_compressed(rsp.rdata)) {
    issue(rsp.rdata & kHalfMask, kParcelBytes);
  } else {
    issue(rsp.rdata, kWordBytes);
  }
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
}

// Schedules `a` at edge_ + latency - 1; a latency of 1 acts at this edge.
void Cpu::schedule(unsigned latency, Act a) {
  act_ = a;
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
