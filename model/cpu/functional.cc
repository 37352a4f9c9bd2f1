// Functional mode: the same decode and execute (execute.cc, csr.cc,
// trap.cc) as the cycle-accurate state machine, with only the memory path
// and the timing replaced.  execute() prepares its data request (dreq_) and
// calls schedule() exactly as at an issue edge; with functional_ set,
// schedule() only records the act and this loop performs it at once:
// kRetire retires, kDriveData hands dreq_ to FuncMemIf::access() and the
// response to on_data_response() (again while it asks for another request,
// as the AMO write half does), kBoundary means a trap was taken.
//
// Time: one edge per instruction (and per trap taken, per idle WFI edge),
// so mcycle, the time CSR, CLINT mtime and cpu.cycles advance by one per
// instruction, as Spike's do.  Interrupts are checked before every
// instruction.  The fetch reads host memory through a page pointer cached
// until FuncMemIf::epoch() changes, so stores are seen at once (FENCE.I
// has nothing to do).
#include <cstring>

#include "cpu.h"
#include "rvc.h"

namespace mmcosim {

using namespace rv;

namespace {
constexpr uint32_t kPageOffsetMask = 0xfff;   // 4 KiB fetch pages
constexpr uint32_t kLastWordInPage = 0xffc;   // a 32-bit read stays in the page
constexpr unsigned kPageShift = 12;
constexpr unsigned kHalfShift = 16;
constexpr uint32_t kHalfMask = 0xffff;
}  // namespace

bool Cpu::fetch_functional(FuncMemIf* mem, uint32_t* raw, unsigned* len) {
  const uint32_t pc = pc_;
  const uint32_t off = pc & kPageOffsetMask;
  if ((pc >> kPageShift) != fpage_va_ || fpage_epoch_ != mem->epoch()) {
    fpage_host_ = mem->fetch_page(pc);
    fpage_va_ = pc >> kPageShift;
    fpage_epoch_ = mem->epoch();
  }
  if (fpage_host_ && off <= kLastWordInPage) {
    uint32_t w;
    std::memcpy(&w, fpage_host_ + off, sizeof w);  // little-endian host
    if (is_compressed(w)) {
      *raw = w & kHalfMask;
      *len = 2;
    } else {
      *raw = w;
      *len = 4;
    }
    return true;
  }
  // Through access(): a fault, MMIO, or a 32-bit instruction in the last
  // parcel of a page (its upper half in the next one).
  MemReq req;
  req.kind = AccessKind::kFetch;
  req.size = MMCOSIM_PORT_SIZE_WORD;
  req.addr = pc & ~3u;
  MemRsp rsp = mem->access(req);
  cur_pc_ = pc;
  if (rsp.fault) {
    raise(rsp.cause, pc);
    return false;
  }
  uint32_t lo = (pc & 2) ? rsp.rdata >> kHalfShift : rsp.rdata;
  if (is_compressed(lo)) {
    *raw = lo & kHalfMask;
    *len = 2;
    return true;
  }
  if (!(pc & 2)) {
    *raw = rsp.rdata;
    *len = 4;
    return true;
  }
  req.addr += 4;
  rsp = mem->access(req);
  if (rsp.fault) {
    raise(rsp.cause, pc + 2);
    return false;
  }
  *raw = (lo & kHalfMask) | (rsp.rdata << kHalfShift);
  *len = 4;
  return true;
}

uint64_t Cpu::run_functional(FuncMemIf* mem, const FuncLimits& limits) {
  functional_ = true;
  stop_ = false;
  state_ = State::kWait;
  drop_fetch_buffer();
  fdrive_ = ddrive_ = false;
  const uint64_t first = instret_;
  auto tick_time = [this] {
    ++edge_;
    ++(*stats_)[Stat::kCpuCycles];
    if (!(mcountinhibit_ & kCounterCy)) ++mcycle_;
  };
  while (!stop_ && instret_ - first < limits.instructions &&
         edge_ < limits.edges && !(limits.at_pc && pc_ == limits.pc)) {
    tick_time();
    if (mie_ != 0) {
      const int irq = pending_interrupt();
      if (irq >= 0) {
        take_trap(static_cast<uint32_t>(irq), /*interrupt=*/true, pc_, 0);
        ++(*stats_)[Stat::kCpuInterrupts];
        continue;
      }
    }
    uint32_t raw;
    unsigned len;
    if (!fetch_functional(mem, &raw, &len)) continue;  // fetch fault taken
    cur_pc_ = pc_;
    cur_raw_ = raw;
    cur_len_ = len;
    next_pc_ = pc_ + len;
    execute(len == 2 ? rvc_expand(static_cast<uint16_t>(raw)) : raw);
    switch (act_) {
      case Act::kRetire:
        retire();
        break;
      case Act::kDriveData:
        do {
          ddrive_ = false;
          on_data_response(mem->access(dreq_));  // retires, or traps
        } while (ddrive_);
        break;
      case Act::kDriveFenceI:
        mem->access(fence_i_request());
        retire();
        break;
      case Act::kRetireWfi:
        retire();
        while ((mip_value() & mie_) == 0 && !stop_ && edge_ < limits.edges) {
          tick_time();
          ++(*stats_)[Stat::kCpuWfiCycles];
        }
        break;
      default:  // kBoundary: the instruction trapped
        break;
    }
  }
  functional_ = false;
  return instret_ - first;
}

void Cpu::resume_timed() {
  functional_ = false;
  state_ = State::kWait;
  act_ = Act::kBoundary;
  wait_edge_ = edge_ + 1;  // the next tick() is a boundary edge
  buf_valid_ = pf_valid_ = pf_arrived_ = false;
  fbusy_ = false;
  fdrive_ = ddrive_ = false;
  amo_write_ = false;
  reservation_valid_ = false;
  fpage_host_ = nullptr;
  fpage_va_ = ~0u;
  sync_sideband(/*force=*/true);
}

}  // namespace mmcosim
