#include "top.h"

#include "Vmem_subsys__Dpi.h"
#include "svdpi.h"

namespace mmcosim {

// --- DPI backdoor into the RTL memory ----------------------------------------
namespace {
svScope g_mem_scope = nullptr;
uint32_t g_mem_bytes = 0;
constexpr unsigned kResetCycles = 2;  // rst_ni held low for this many edges
}  // namespace

}  // namespace mmcosim

// Called once by the RTL memory from an initial block (docs/ports.md).
extern "C" void mmcosim_mem_register(unsigned int bytes) {
  mmcosim::g_mem_scope = svGetScope();
  mmcosim::g_mem_bytes = static_cast<uint32_t>(bytes);
}

namespace mmcosim {

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
      clk_("clk", sc_time(1e6 / double(cfg.clock_cpu_mhz), SC_PS)),
      rtl_(std::make_unique<Vmem_subsys>("mem_subsys")),
      fetch_port_(&ireq_, nullptr, &ireq_ready_, &irsp_, &stats_,
                  Stat::kMemFetchReqs),
      data_port_(&dreq_, &dreq_wdata_, &dreq_ready_, &drsp_, &stats_,
                 Stat::kMemDataReqs),
      uart_([this](char c) { console_(&c, 1); }, &stats_),
      clint_(cfg.clock_mtime_divider, &cycle_),
      simctl_(listener, &stats_),
      backdoor_(uint32_t(cfg.memory_map_dram_base),
                uint32_t(cfg.memory_map_dram_size)),
      console_(std::move(console)) {
  cpu_ = std::make_unique<Cpu>(cfg, &fetch_port_, &data_port_, this, this,
                               &stats_);

  rtl_->clk_i(clk_);
  rtl_->rst_ni(rst_n_);
  rtl_->ireq_i(ireq_);
  rtl_->ireq_ready_o(ireq_ready_);
  rtl_->irsp_o(irsp_);
  rtl_->dreq_i(dreq_);
  rtl_->dreq_wdata_i(dreq_wdata_);
  rtl_->dreq_ready_o(dreq_ready_);
  rtl_->drsp_o(drsp_);
  rtl_->csr_i(csr_);
  rtl_->mmio_req_o(mmio_req_);
  rtl_->mmio_wdata_o(mmio_wdata_);
  rtl_->mmio_rsp_i(mmio_rsp_);
  rtl_->htif_tohost_i(htif_tohost_);
  rtl_->htif_o(htif_snoop_);

  SC_METHOD(on_clock);
  sensitive << clk_.posedge_event();
  dont_initialize();
}

Top::~Top() = default;

void Top::start(uint32_t entry, uint32_t tohost, uint32_t fromhost) {
  htif_tohost_.write(tohost);
  if (tohost) {
    htif_ = std::make_unique<Htif>(
        &backdoor_, tohost, fromhost,
        [this](uint32_t code) {
          req_.exited = true;
          req_.exit_code = code;
          sc_pause();
        },
        [this](const std::string& s, int) { console_(s.data(), s.size()); });
  }
  cpu_->reset(entry);
  running_ = true;
}

void Top::update(const CsrSideband& sb) {
  csr_.write(uint64_t(sb.satp) | uint64_t(sb.priv_fetch & 3) << 32 |
             uint64_t(sb.priv_data & 3) << 34 | uint64_t(sb.sum) << 36 |
             uint64_t(sb.mxr) << 37 | uint64_t(sb.adue) << 38);
}

// --- the clock edge ----------------------------------------------------------
void Top::on_clock() {
  if (reset_cycles_ < kResetCycles) {
    if (++reset_cycles_ == kResetCycles) rst_n_.write(true);
    return;
  }
  if (!running_ || req_.exited) return;

  ++cycle_;
  cpu_->tick();

  if (mmio_rsp_pending_) {
    mmio_rsp_.write(0);
    mmio_rsp_pending_ = false;
  }
  uint64_t m = mmio_req_.read();
  if (m >> kReqValid & 1) service_mmio(m);

  uint64_t h = htif_snoop_.read();
  if ((h >> 32 & 1) && htif_) htif_->on_tohost(uint32_t(h));
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

void Top::service_mmio(uint64_t req) {
  constexpr unsigned kMmioWe = 33, kMmioSel = 34, kMmioErr = 33;
  stats_[Stat::kBusMmioReqs]++;
  uint32_t addr = uint32_t(req) & ~3u, offset = 0, data = 0;
  uint8_t sel = uint8_t(req >> kMmioSel & 0xf);
  MmioDevice* dev = decode(addr, &offset);
  bool ok = dev && ((req >> kMmioWe & 1)
                        ? dev->write(offset, sel, mmio_wdata_.read())
                        : dev->read(offset, sel, &data));
  mmio_rsp_.write(uint64_t(data) | uint64_t(1) << kRspValid |
                  uint64_t(!ok) << kMmioErr);
  mmio_rsp_pending_ = true;
}

}  // namespace mmcosim
