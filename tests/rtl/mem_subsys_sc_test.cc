// SystemC smoke test of vmem_subsys_sc: the way bench/ instantiates the
// Verilated memory subsystem (SC_MODULE Vmem_subsys; ports sc_in/sc_out of
// bool, uint32_t, uint64_t).  Binds every port, optionally traces FST
// (MMCOSIM_TRACE=1 -> mem_subsys_sc_test.fst), writes a word through the
// backdoor, reads it on the data port, stores and reads back, and checks the
// latency.  libsystemc provides main(); one simulation per process.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <systemc>

#include "Vmem_subsys.h"
#include "Vmem_subsys__Dpi.h"
#include "mmcosim_cfg.h"
#include "svdpi.h"
#include "verilated.h"
#include "verilated_fst_sc.h"

namespace {
svScope g_scope = nullptr;
unsigned g_bytes = 0;
int g_failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++g_failures;
  }
}
}  // namespace

extern "C" void mmcosim_mem_register(unsigned int bytes) {
  g_scope = svGetScope();
  g_bytes = bytes;
}

int sc_main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  const char* tr = std::getenv("MMCOSIM_TRACE");
  const bool trace = tr && std::string(tr) == "1";
  if (trace) Verilated::traceEverOn(true);

  // Instances.
  sc_core::sc_clock clk("clk", 1, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n, ireq_ready, dreq_ready;
  sc_core::sc_signal<uint64_t> ireq, irsp, dreq, drsp, csr, mmio_req, mmio_rsp, htif;
  sc_core::sc_signal<uint32_t> dreq_wdata, mmio_wdata, tohost;
  auto top = std::make_unique<Vmem_subsys>("mem");

  // Connections.
  top->clk_i(clk);
  top->rst_ni(rst_n);
  top->ireq_i(ireq);
  top->ireq_ready_o(ireq_ready);
  top->irsp_o(irsp);
  top->dreq_i(dreq);
  top->dreq_wdata_i(dreq_wdata);
  top->dreq_ready_o(dreq_ready);
  top->drsp_o(drsp);
  top->csr_i(csr);
  top->mmio_req_o(mmio_req);
  top->mmio_wdata_o(mmio_wdata);
  top->mmio_rsp_i(mmio_rsp);
  top->htif_tohost_i(tohost);
  top->htif_o(htif);

  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration: initial blocks run
  std::unique_ptr<VerilatedFstSc> tfp;
  if (trace) {
    tfp = std::make_unique<VerilatedFstSc>();
    top->trace(tfp.get(), 99);
    tfp->open("mem_subsys_sc_test.fst");
  }
  check(g_scope != nullptr, "mmcosim_mem_register called at elaboration");
  check(g_bytes == MMCOSIM_MEMORY_MAP_DRAM_SIZE, "registered memory size");
  svSetScope(g_scope);
  mmcosim_mem_write32(0x40, 0x12345678u, 0xf);

  // Reset for two edges (clock rises at t = 0, 1, 2 ... ns; we act at t = k + 0.5), then drive
  // like the CPU model: inputs change right after an edge.
  rst_n = false;
  sc_core::sc_start(2.5, sc_core::SC_NS);  // edges at 0, 1, 2
  rst_n = true;
  const uint64_t base = MMCOSIM_MEMORY_MAP_DRAM_BASE;
  // We stand half a cycle after an edge: set inputs, let the model settle
  // (a quarter period: every delta cycle runs), read what the CPU samples at the coming edge, then clock
  // one period.  Returns the number of edges from the drive edge to the
  // response edge.
  auto run_access = [&](uint64_t req, uint32_t wdata, uint64_t* rsp) {
    dreq = req | uint64_t{1} << 32;
    dreq_wdata = wdata;
    for (int edges = 1; edges < 50; ++edges) {
      sc_core::sc_start(0.25, sc_core::SC_NS);  // settle (all delta cycles)
      const bool handshake = (dreq.read() >> 32 & 1) && dreq_ready.read();
      const bool response = drsp.read() >> 32 & 1;
      *rsp = drsp.read();
      sc_core::sc_start(0.75, sc_core::SC_NS);  // through the edge
      if (handshake) dreq = 0;
      if (response) return edges;
    }
    return -1;
  };
  uint64_t rsp = 0;
  int c = run_access(base + 0x40 | uint64_t{MMCOSIM_PORT_KIND_LOAD} << 33 |
                         uint64_t{MMCOSIM_PORT_SIZE_WORD} << 36, 0, &rsp);
  check(static_cast<uint32_t>(rsp) == 0x12345678u, "load returns the backdoor word");
#if MMCOSIM_CACHE_ENABLE
  // A D-cache miss (docs/cache.md): handshake, lookup, the line burst (its
  // first word tRCD + CL + 1 after the first beat on a closed bank, the
  // others one per cycle), replay and lookup.
  const int want = 1 + 2 + int(1 + MMCOSIM_DRAM_CK_RCD + MMCOSIM_DRAM_CK_CL) +
                   int(MMCOSIM_CACHE_DCACHE_LINE / 4 - 1) + 2;
  static_assert(!MMCOSIM_MEM_SRAM, "the default configuration has the DRAM");
#elif MMCOSIM_MEM_SRAM
  const int want = int(MMCOSIM_MEM_LATENCY) + 2;  // SRAM stand-in
#else
  // DRAM, bank closed after reset: ACT, tRCD, RD, CL (docs/dram.md).
  const int want = 2 + int(MMCOSIM_DRAM_CK_RCD + MMCOSIM_DRAM_CK_CL);
#endif
  check(c == want, "load latency from the drive edge (cache miss, SRAM 2 + MemLatency, DRAM 2 + tRCD + CL)");
  run_access(base + 0x44 | uint64_t{MMCOSIM_PORT_KIND_STORE} << 33 |
                 uint64_t{MMCOSIM_PORT_SIZE_WORD} << 36 | uint64_t{1} << 38,
             0xcafef00d, &rsp);
  check((rsp >> 32 & 3) == 1, "store answered without fault");
  svSetScope(g_scope);
#if MMCOSIM_CACHE_ENABLE
  check(mmcosim_mem_read32(0x44) == 0u, "store held in the write-back D-cache");
  const int hit = run_access(base + 0x44 | uint64_t{MMCOSIM_PORT_KIND_LOAD} << 33 |
                                 uint64_t{MMCOSIM_PORT_SIZE_WORD} << 36, 0, &rsp);
  check(static_cast<uint32_t>(rsp) == 0xcafef00du, "load returns the cached store");
  check(hit == 2, "a hit answers two edges after the drive edge");
#else
  check(mmcosim_mem_read32(0x44) == 0xcafef00du, "store visible through the backdoor");
#endif
  if (tfp) tfp->close();
  top->final();
  if (g_failures == 0) std::printf("mem_subsys_sc_test: ok (load latency %d cycles)\n", c);
  return g_failures == 0 ? 0 : 1;
}
