#include "top.h"

#include <verilated_fst_c.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "Vmem_subsys__Dpi.h"
#include "dram_energy.h"
#include "sv32.h"
#include "svdpi.h"

namespace mmcosim {

// --- DPI backdoor into the RTL memory ----------------------------------------
namespace {
svScope g_mem_scope = nullptr;
uint32_t g_mem_bytes = 0;

// RTL counter blocks (rtl/perf/perf_counters.sv), registered at elaboration.
struct PerfBlock {
  svScope scope;
  unsigned first_event, count;
};
std::vector<PerfBlock> g_perf_blocks;
// RTL TLBs (rtl/mmu/mmu_tlb.sv), registered at elaboration.
struct TlbBlock {
  svScope scope;
  unsigned entries;
};
std::vector<TlbBlock> g_tlb_blocks;
// The L1 caches' arrays (rtl/cache/cache_l1.sv, cache_ram.sv), registered
// at elaboration with their DebugId: bit 10 D-cache, bits 9:8 the array
// (0 data, 1 tag, 2 the cache's valid bits), bits 7:0 the way (for the
// valid bits: the way count).  [0] the I-cache, [1] the D-cache.
struct CacheView {
  svScope valid = nullptr;
  unsigned ways = 0, sets = 0, data_depth = 0;
  std::vector<svScope> data, tag;  // by way
  bool ready() const {
    return valid && sets && data_depth >= sets && data.size() == ways && tag.size() == ways;
  }
};
CacheView g_caches[2];
constexpr unsigned kCacheIdD = 1u << 10, kCacheIdArrayShift = 8, kCacheIdWayMask = 0xff;
enum CacheArray : unsigned { kArrayData = 0, kArrayTag = 1, kArrayValid = 2 };
constexpr unsigned kResetCycles = 2;  // rst_ni held low for this many edges
// Cycles per activation of the clocked method at most (1 us at 1 GHz).
constexpr uint64_t kQuantum = 1000;
}  // namespace

}  // namespace mmcosim

// Called once by the RTL memory from an initial block (docs/ports.md).
extern "C" void mmcosim_mem_register(unsigned int bytes) {
  mmcosim::g_mem_scope = svGetScope();
  mmcosim::g_mem_bytes = static_cast<uint32_t>(bytes);
}

// Called once by every perf_counters instance from an initial block.
extern "C" void mmcosim_perf_register(unsigned int first_event,
                                      unsigned int count) {
  mmcosim::g_perf_blocks.push_back({svGetScope(), first_event, count});
}

// Called once by every mmu_tlb instance from an initial block.
extern "C" void mmcosim_tlb_register(unsigned int entries) {
  mmcosim::g_tlb_blocks.push_back({svGetScope(), entries});
}

// The caches' DPI exports, weak: the machine without L1 caches (bench's
// mmcosim_uncached) has no cache_l1, so its model defines none of them;
// they are called only once a cache registered (CacheView::ready()).
extern "C" {
__attribute__((weak)) unsigned int mmcosim_cache_valid(unsigned int set_index);
__attribute__((weak)) unsigned int mmcosim_cram_read(unsigned int addr);
__attribute__((weak)) void mmcosim_cram_write(unsigned int addr, unsigned int value);
}

// Called once by every cache_ram of an L1 cache and by every cache_l1.
extern "C" void mmcosim_cache_array_register(unsigned int id, unsigned int depth) {
  mmcosim::CacheView& c = mmcosim::g_caches[(id & mmcosim::kCacheIdD) ? 1 : 0];
  const unsigned way = id & mmcosim::kCacheIdWayMask;
  auto put = [way](std::vector<svScope>& v) {
    if (v.size() <= way) v.resize(way + 1, nullptr);
    v[way] = svGetScope();
  };
  switch ((id >> mmcosim::kCacheIdArrayShift) & 3) {
    case mmcosim::kArrayData:
      c.data_depth = depth;
      put(c.data);
      break;
    case mmcosim::kArrayTag:
      put(c.tag);
      break;
    default:
      c.valid = svGetScope();
      c.ways = way;
      c.sets = depth;
  }
}

namespace mmcosim {

namespace {
// Where cache `c` holds the word at `paddr`: its data-array scope and
// index, or false (a miss, or no such cache).
bool cache_word(const CacheView& c, uint32_t paddr, svScope* scope, uint32_t* index) {
  if (!c.ready()) return false;
  const unsigned words = c.data_depth / c.sets;
  const unsigned line_bytes = words * 4;
  const uint32_t set = (paddr / line_bytes) & (c.sets - 1);
  const uint32_t tag = paddr / line_bytes / c.sets;
  svSetScope(c.valid);
  const uint32_t valid = mmcosim_cache_valid(set);
  for (unsigned w = 0; w < c.ways; ++w) {
    if (!(valid >> w & 1)) continue;
    svSetScope(c.tag[w]);
    if (mmcosim_cram_read(set) != tag) continue;
    *scope = c.data[w];
    *index = set * words + (paddr / 4) % words;
    return true;
  }
  return false;
}
}  // namespace

bool CoherentBackdoor::peek32(uint32_t paddr, uint32_t* value) {
  svScope scope;
  uint32_t index;
  if (!dram_->peek32(paddr, value)) return false;  // outside DRAM
  if (cache_word(g_caches[1], paddr & ~3u, &scope, &index)) {
    svSetScope(scope);
    *value = mmcosim_cram_read(index);
  }
  return true;
}

bool CoherentBackdoor::poke32(uint32_t paddr, uint32_t value) {
  if (!dram_->poke32(paddr, value)) return false;
  for (const CacheView& c : g_caches) {
    svScope scope;
    uint32_t index;
    if (!cache_word(c, paddr & ~3u, &scope, &index)) continue;
    svSetScope(scope);
    mmcosim_cram_write(index, value);
  }
  return true;
}

std::vector<RtlTlb> read_rtl_tlbs() {
  // The packing of mmcosim_tlb_read, low bits first: ppn, {asid, vpn},
  // perm, mega, g, valid.
  constexpr unsigned kVpnW = 2 * sv32::kVpnBits, kPermW = 5;
  constexpr unsigned kVpnLsb = sv32::kPpnBits, kAsidLsb = kVpnLsb + kVpnW,
                     kPermLsb = kAsidLsb + sv32::kAsidBits, kMegaBit = kPermLsb + kPermW,
                     kGBit = kMegaBit + 1, kValidBit = kGBit + 1;
  std::vector<RtlTlb> out;
  for (const TlbBlock& b : g_tlb_blocks) {
    RtlTlb t;
    const char* name = svGetNameFromScope(b.scope);
    t.scope = name ? name : "?";
    svSetScope(b.scope);
    for (unsigned i = 0; i < b.entries; ++i) {
      const uint64_t e = mmcosim_tlb_read(i);
      t.entries.push_back(RtlTlbEntry{
          bool(e >> kValidBit & 1), bool(e >> kGBit & 1), bool(e >> kMegaBit & 1),
          uint8_t(e >> kPermLsb & ((1u << kPermW) - 1)),
          uint32_t(e >> kAsidLsb) & sv32::kAsidMask,
          uint32_t(e >> kVpnLsb) & ((1u << kVpnW) - 1),
          uint32_t(e) & sv32::kPpnMask});
    }
    out.push_back(std::move(t));
  }
  return out;
}

// Copies every RTL counter into `stats` (a Stats source), plus `base`: what
// the functional mode counted before the switch.
static void read_rtl_counters(Stats& stats, const std::vector<uint64_t>& base) {
  for (const PerfBlock& b : g_perf_blocks) {
    svSetScope(b.scope);
    for (unsigned i = 0; i < b.count; ++i) {
      unsigned idx = b.first_event - 1 + i;
      if (idx < Stats::kNum)
        stats[static_cast<Stat>(idx)] = mmcosim_perf_read(i) + base[idx];
    }
  }
}

// dram.energy.* (pJ) from the DRAM's command and cycle counters and the
// configuration's data-sheet values (model/dram/dram_energy.h).
static dram::EnergyPerCommand dram_energy_of(const SimConfig& c) {
  dram::PowerSpec s;
  s.vdd_mv = unsigned(c.dram_power_vdd_mv);
  s.idd0_ma = unsigned(c.dram_power_idd0_ma);
  s.idd2n_ma = unsigned(c.dram_power_idd2n_ma);
  s.idd3n_ma = unsigned(c.dram_power_idd3n_ma);
  s.idd4r_ma = unsigned(c.dram_power_idd4r_ma);
  s.idd4w_ma = unsigned(c.dram_power_idd4w_ma);
  s.idd5b_ma = unsigned(c.dram_power_idd5b_ma);
  s.device_width = unsigned(c.dram_power_device_width);
  s.dram_mhz = unsigned(c.dram_timing_clock_mhz);
  s.cpu_mhz = unsigned(c.clock_cpu_mhz);
  s.ras = unsigned(c.dram_timing_ras);
  s.rp = unsigned(c.dram_timing_rp);
  s.burst = unsigned(c.dram_timing_burst);
  s.rfc = unsigned(c.dram_timing_rfc);
  return dram::energy_per_command(s);
}

static void update_dram_energy(Stats& s, const dram::EnergyPerCommand& e) {
  dram::EnergyCounts n;
  n.act = s[Stat::kDramAct];
  n.pre = s[Stat::kDramPre];
  n.rd = s[Stat::kDramRowHitRd] + s[Stat::kDramRowMissRd] + s[Stat::kDramRowConflictRd];
  n.wr = s[Stat::kDramRowHitWr] + s[Stat::kDramRowMissWr] + s[Stat::kDramRowConflictWr];
  n.ref = s[Stat::kDramRef];
  n.active_cycles = s[Stat::kDramActiveCycles];
  n.precharged_cycles = s[Stat::kDramPrechargedCycles];
  const dram::Energy r = dram::dram_energy(e, n);
  s[Stat::kDramEnergyAct] = r.act;
  s[Stat::kDramEnergyPre] = r.pre;
  s[Stat::kDramEnergyRd] = r.rd;
  s[Stat::kDramEnergyWr] = r.wr;
  s[Stat::kDramEnergyRef] = r.ref;
  s[Stat::kDramEnergyBgActive] = r.bg_active;
  s[Stat::kDramEnergyBgPrecharged] = r.bg_precharged;
  s[Stat::kDramEnergyTotal] = r.total;
}

bool RtlBackdoor::peek32(uint32_t paddr, uint32_t* value) {
  uint32_t off = paddr - base_;
  if (paddr < base_ || off >= size_ || off >= g_mem_bytes || !g_mem_scope)
    return false;
  svSetScope(g_mem_scope);
  *value = static_cast<uint32_t>(mmcosim_mem_read32(off));
  return true;
}

bool RtlBackdoor::poke32(uint32_t paddr, uint32_t value) {
  uint32_t off = paddr - base_;
  if (paddr < base_ || off >= size_ || off >= g_mem_bytes || !g_mem_scope)
    return false;
  svSetScope(g_mem_scope);
  mmcosim_mem_write32(off, value, 0xfu);
  return true;
}

// --- construction: create instances, then connect them -----------------------
Top::Top(sc_module_name name, const SimConfig& cfg, SimctlListener* listener,
         std::function<void(const char*, size_t)> console)
    : sc_module(name),
      cfg_(cfg),
      rtl_(std::make_unique<Vmem_subsys>("mem_subsys")),
      fetch_port_(&fetch_pins_),
      data_port_(&data_pins_),
      uart_([this](char c) { console_(&c, 1); }, &stats_),
      clint_(cfg.clock_mtime_divider, &cycle_),
      simctl_(listener, &stats_),
      backdoor_(uint32_t(cfg.memory_map_dram_base),
                uint32_t(cfg.memory_map_dram_size)),
      coherent_(&backdoor_),
      func_(std::make_unique<FuncMem>(
          uint32_t(cfg.memory_map_dram_base), uint32_t(cfg.memory_map_dram_size),
          std::vector<FuncMem::Window>{
              {cfg.memory_map_uart_base, cfg.memory_map_uart_size, &uart_},
              {cfg.memory_map_clint_base, cfg.memory_map_clint_size, &clint_},
              {cfg.memory_map_simctl_base, cfg.memory_map_simctl_size, &simctl_}},
          &stats_)),
      memory_(func_.get(), &backdoor_),
      console_(std::move(console)),
      period_(1e6 / double(cfg.clock_cpu_mhz), SC_PS),
      half_ps_(uint64_t(period_.to_seconds() * 1e12) / 2) {
  cpu_ = std::make_unique<Cpu>(cfg, &fetch_port_, &data_port_, this, this,
                               &stats_);
  cpu_->set_sv32_enabled(true);  // the RTL MMU translates (rtl/mmu)
  func_->set_before_mmio([this] { cycle_ = cpu_->edges(); });

  rtl_->clk_i = 0;
  rtl_->rst_ni = 0;
  rtl_->eval();  // runs the initial blocks: memory and counters register
  // The RTL's counters count from the switch to the co-simulation and are
  // added to what the functional mode (FuncMem) counted until then, so
  // firmware sees every counter run on across the switch.
  stats_.add_source([this](Stats& s) {
    if (rtl_counters_) read_rtl_counters(s, rtl_base_);
  });
  stats_.add_source([e = dram_energy_of(cfg)](Stats& s) { update_dram_energy(s, e); });

  SC_METHOD(on_clock);  // first run at time 0, then after each batch
}

Top::~Top() = default;

void Top::start(uint32_t entry, uint32_t tohost, uint32_t fromhost) {
  rtl_->htif_tohost_i = tohost;
  if (tohost) {
    htif_ = std::make_unique<Htif>(
        &memory_, tohost, fromhost,
        [this](uint32_t code) {
          req_.exited = true;
          req_.exit_code = code;
          stop_run();
        },
        [this](const std::string& s, int) { console_(s.data(), s.size()); });
    func_->set_tohost(tohost, [this](uint32_t v) { htif_->on_tohost(v); });
  }
  cpu_->reset(entry);
  running_ = true;
}

bool MemBackdoor::poke32(uint32_t paddr, uint32_t value) {
  switch (mode_) {
    case Mode::kRtl:
      return rtl_->poke32(paddr, value);
    case Mode::kImage:
      return image_->poke32(paddr, value);
    case Mode::kBoth:
      break;
  }
  // The ELF: the cells and the image agree, the page is not dirty.
  return image_->poke32_clean(paddr, value) && rtl_->poke32(paddr, value);
}

void Top::stop_run() {
  if (functional_) {
    cpu_->request_stop();
  } else {
    sc_pause();
  }
}

uint64_t Top::run_functional(const Cpu::FuncLimits& limits) {
  functional_ = true;
  memory_.set_mode(MemBackdoor::Mode::kImage);
  const uint64_t n = cpu_->run_functional(func_.get(), limits);
  cycle_ = cpu_->edges();
  functional_ = false;
  return n;
}

void Top::switch_to_timed() {
  const uint32_t base = func_->dram_base();
  const uint8_t* img = func_->image();
  for (uint32_t page = 0; page < func_->pages(); ++page) {
    if (!func_->dirty(page)) continue;
    const uint32_t first = page << FuncMem::kPageShift;
    for (uint32_t off = first; off < first + FuncMem::kPageBytes; off += 4) {
      uint32_t w;
      std::memcpy(&w, img + off, sizeof w);
      backdoor_.poke32(base + off, w);
    }
  }
  func_->clear_dirty();
  memory_.set_mode(MemBackdoor::Mode::kRtl);
  rtl_base_.resize(Stats::kNum);
  for (unsigned i = 0; i < Stats::kNum; ++i) rtl_base_[i] = stats_[static_cast<Stat>(i)];
  rtl_counters_ = true;
  cycle_ = cpu_->edges();
  cpu_->resume_timed();
}

void Top::update(const CsrSideband& sb) {
  func_->set_context(sb);
  csr_pins_ = uint64_t(sb.satp) | uint64_t(sb.priv_fetch & 3) << 32 |
              uint64_t(sb.priv_data & 3) << 34 | uint64_t(sb.sum) << 36 |
              uint64_t(sb.mxr) << 37 | uint64_t(sb.adue) << 38;
}

// --- the clock edge ----------------------------------------------------------
void Top::eval_and_dump() {
  rtl_->eval();
  if (tfp_) tfp_->dump(trace_time_);
}

void Top::on_clock() {
  if (reset_cycles_ < kResetCycles) {  // rst_ni low for the first edges
    rtl_->clk_i = 1;
    eval_and_dump();
    rtl_->rst_ni = ++reset_cycles_ < kResetCycles ? 0 : 1;
    rtl_->clk_i = 0;
    trace_time_ += half_ps_;
    eval_and_dump();
    trace_time_ += half_ps_;
    next_trigger(period_);
    return;
  }
  // Up to kQuantum cycles per activation, never past the stop cycle of
  // the run window; a request to the run loop (exit, trace on/off) ends
  // the batch at the cycle that made it.  The cycles are exactly those of
  // one activation per cycle: only the SystemC time lags inside a batch.
  uint64_t n = 0;
  if (running_ && !req_.exited && cycle_ < stop_cycle_) {
    const uint64_t todo = std::min<uint64_t>(kQuantum, stop_cycle_ - cycle_);
    while (n < todo) {
      clock_cycle();
      ++n;
      if (req_.exited || req_.trace_on || req_.trace_off || req_.debug_stop) break;
    }
  }
  next_trigger(n ? period_ * double(n) : period_);
}

void Top::clock_cycle() {
  // 1. outputs as they settled before the edge
  fetch_pins_.ready = rtl_->ireq_ready_o;
  fetch_pins_.rsp = rtl_->irsp_o;
  data_pins_.ready = rtl_->dreq_ready_o;
  data_pins_.rsp = rtl_->drsp_o;
  const uint64_t mmio_req = rtl_->mmio_req_o;
  const uint32_t mmio_wdata = rtl_->mmio_wdata_o;
  const uint64_t htif = rtl_->htif_o;

  // 2. the rising edge: flops take the inputs of the cycle that ends
  rtl_->clk_i = 1;
  eval_and_dump();
  trace_time_ += half_ps_;

  // 3. the CPU and the devices decide the inputs of the next cycle
  ++cycle_;
  cpu_->tick();
  mmio_rsp_pins_ = 0;  // a response is a one-cycle pulse
  if (mmio_req >> kReqValid & 1) service_mmio(mmio_req, mmio_wdata);
  if ((htif >> 32 & 1) && htif_) htif_->on_tohost(uint32_t(htif));

  // 4. apply them; the falling edge settles the combinational outputs
  rtl_->ireq_i = fetch_pins_.req;
  rtl_->dreq_i = data_pins_.req;
  rtl_->dreq_wdata_i = data_pins_.wdata;
  rtl_->csr_i = csr_pins_;
  rtl_->mmio_rsp_i = mmio_rsp_pins_;
  rtl_->clk_i = 0;
  eval_and_dump();
  trace_time_ += half_ps_;
}

void Top::set_halt_hook(Cpu::HaltHook on_halt) {
  if (!on_halt) {
    cpu_->set_halt_hook(nullptr);
    return;
  }
  cpu_->set_halt_hook([this, on_halt = std::move(on_halt)](
                          Cpu::HaltReason why, const TriggerModule::Hit* hit) {
    req_.debug_stop = true;
    sc_pause();
    on_halt(why, hit);
  });
}

MmioDevice* Top::decode(uint32_t paddr, uint32_t* offset) {
  struct Window { uint64_t base, size; MmioDevice* dev; };
  const Window windows[] = {
      {cfg_.memory_map_uart_base, cfg_.memory_map_uart_size, &uart_},
      {cfg_.memory_map_clint_base, cfg_.memory_map_clint_size, &clint_},
      {cfg_.memory_map_simctl_base, cfg_.memory_map_simctl_size, &simctl_},
  };
  for (const Window& w : windows) {
    if (paddr >= w.base && paddr - w.base < w.size) {
      *offset = uint32_t(paddr - w.base);
      return w.dev;
    }
  }
  return nullptr;
}

void Top::service_mmio(uint64_t req, uint32_t wdata) {
  constexpr unsigned kMmioWe = 33, kMmioSel = 34, kMmioErr = 33;
  uint32_t addr = uint32_t(req) & ~3u, offset = 0, data = 0;
  uint8_t sel = uint8_t(req >> kMmioSel & 0xf);
  MmioDevice* dev = decode(addr, &offset);
  bool ok = dev && ((req >> kMmioWe & 1)
                        ? dev->write(offset, sel, wdata)
                        : dev->read(offset, sel, &data));
  mmio_rsp_pins_ = uint64_t(data) | uint64_t(1) << kRspValid |
                   uint64_t(!ok) << kMmioErr;
}

}  // namespace mmcosim
