// mem_subsys: the memory subsystem seen by the SystemC CPU model.
//
// Ports are the packed boundary of docs/ports.md (inputs change only on the
// rising clock edge); they are unpacked into named wires at once.  Both CPU
// ports go through the Sv32 MMU (rtl/mmu: I-TLB, D-TLB, page-table walker)
// and then a Wishbone master each; the walker is a third master.  A
// round-robin arbiter puts the masters on one shared Wishbone B4 pipelined
// bus; the decoder sends DRAM addresses to the DRAM (rtl/dram; the SRAM
// stand-in with mem.sram = 1), the CLINT/UART/simctl windows to the MMIO
// bridge and holes to the error slave.  The HTIF snoop watches the bus for
// writes to tohost.
//
// With CacheEnable (cache.enable = 1, rtl/cache, docs/cache.md) the two
// bus_cpu_masters give way to an L1 I-cache (master 1) and a write-back
// D-cache (master 0) that also serves the walker's Wishbone port (master 2
// stays idle); FENCE.I is answered after the D-cache clean and the I-cache
// invalidation.  The timing below is the uncached machine's; docs/cache.md
// gives the cached one (hit 1 cycle from the handshake).
//
//   ireq_i ─▶ u_mmu ─▶ u_imaster ─┐                   ┌─▶ u_dram  (or u_sram)
//               │  ─▶ u_dmaster ─┼─▶ u_arbiter ─▶ u_decode ─▶ u_mmio ─▶ mmio_req_o
//   dreq_i ─▶ u_mmu  (walker) ────┘        │          └─▶ u_err   (holes)
//                                          └─▶ u_htif ─▶ htif_o
//
// Timing (cycles from the handshake edge E1 to the edge at which the CPU
// samples the response; the request is driven at E0, so add one for the
// cycles from the drive edge).  Translation off (Bare, M mode) costs
// nothing extra; a TLB hit adds one cycle, a miss its walk (docs/mmu.md).
// Memory (docs/dram.md):
//   DRAM access         1 + CL (row hit), 1 + tRCD + CL (bank closed),
//                       1 + tRP + tRCD + CL (row conflict); writes without CL;
//                       SRAM stand-in 1 + MemLatency
//   hole (access fault) 1
//   SFENCE / FENCE.I    1
//   page fault          1
//   MMIO                2 + cycles the device takes beyond its first edge
// Both ports may each have a request outstanding; the bus serves one at a
// time, so the second waits for the first's ack (no idle cycle between).
`include "mmcosim_cfg.svh"

module mem_subsys #(
  parameter logic [31:0] DramBase   = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize   = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter int unsigned MemLatency = `MMCOSIM_MEM_LATENCY,
  parameter int unsigned MemSram    = `MMCOSIM_MEM_SRAM,
  parameter int unsigned DramBusRegs = `MMCOSIM_DRAM_BUS_REGS,
  parameter logic [31:0] ClintBase  = `MMCOSIM_MEMORY_MAP_CLINT_BASE,
  parameter logic [31:0] ClintSize  = `MMCOSIM_MEMORY_MAP_CLINT_SIZE,
  parameter logic [31:0] UartBase   = `MMCOSIM_MEMORY_MAP_UART_BASE,
  parameter logic [31:0] UartSize   = `MMCOSIM_MEMORY_MAP_UART_SIZE,
  parameter logic [31:0] SimctlBase = `MMCOSIM_MEMORY_MAP_SIMCTL_BASE,
  parameter logic [31:0] SimctlSize = `MMCOSIM_MEMORY_MAP_SIMCTL_SIZE,
  parameter int unsigned CacheEnable = `MMCOSIM_CACHE_ENABLE,
  parameter int unsigned ICacheSize  = `MMCOSIM_CACHE_ICACHE_SIZE,
  parameter int unsigned ICacheWays  = `MMCOSIM_CACHE_ICACHE_WAYS,
  parameter int unsigned ICacheLine  = `MMCOSIM_CACHE_ICACHE_LINE,
  parameter int unsigned DCacheSize  = `MMCOSIM_CACHE_DCACHE_SIZE,
  parameter int unsigned DCacheWays  = `MMCOSIM_CACHE_DCACHE_WAYS,
  parameter int unsigned DCacheLine  = `MMCOSIM_CACHE_DCACHE_LINE
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [63:0] ireq_i,
  output logic        ireq_ready_o,
  output logic [63:0] irsp_o,
  input  logic [63:0] dreq_i,
  input  logic [31:0] dreq_wdata_i,
  output logic        dreq_ready_o,
  output logic [63:0] drsp_o,
  input  logic [63:0] csr_i,
  output logic [63:0] mmio_req_o,
  output logic [31:0] mmio_wdata_o,
  input  logic [63:0] mmio_rsp_i,
  input  logic [31:0] htif_tohost_i,
  output logic [63:0] htif_o
);

  // ---------------------------------------------------------------- unpack
  logic        ireq_valid, dreq_valid, dreq_we;
  logic [31:0] ireq_addr, dreq_addr;
  logic [2:0]  ireq_kind, dreq_kind;
  logic [1:0]  dreq_size;
  logic [31:0] csr_satp;
  logic [1:0]  csr_priv_fetch, csr_priv_data;
  logic        csr_sum, csr_mxr, csr_adue;
  logic        mmio_rsp_valid, mmio_rsp_err;
  logic [31:0] mmio_rsp_rdata;

  assign ireq_addr      = ireq_i[31:0];
  assign ireq_valid     = ireq_i[32];
  assign ireq_kind      = ireq_i[35:33];
  assign dreq_addr      = dreq_i[31:0];
  assign dreq_valid     = dreq_i[32];
  assign dreq_kind      = dreq_i[35:33];
  assign dreq_size      = dreq_i[37:36];
  assign dreq_we        = dreq_i[38];
  assign csr_satp       = csr_i[31:0];
  assign csr_priv_fetch = csr_i[33:32];
  assign csr_priv_data  = csr_i[35:34];
  assign csr_sum        = csr_i[36];
  assign csr_mxr        = csr_i[37];
  assign csr_adue       = csr_i[38];
  assign mmio_rsp_rdata = mmio_rsp_i[31:0];
  assign mmio_rsp_valid = mmio_rsp_i[32];
  assign mmio_rsp_err   = mmio_rsp_i[33];

  logic unused_inputs;
  assign unused_inputs = ^{ireq_i[63:36], dreq_i[63:39], csr_i[63:39], mmio_rsp_i[63:34]};

  // ------------------------------------------------------ per-port signals
  // Physical requests (after translation), bus-master responses, local
  // (translation-slot) responses and Wishbone master links; fetch = i*, data = d*.
  logic        ipreq_valid, ipreq_ready, ipreq_we;
  logic [31:0] ipreq_addr, ipreq_wdata;
  logic [2:0]  ipreq_kind;
  logic [1:0]  ipreq_size;
  logic        dpreq_valid, dpreq_ready, dpreq_we;
  logic [31:0] dpreq_addr, dpreq_wdata;
  logic [2:0]  dpreq_kind;
  logic [1:0]  dpreq_size;

  logic        ibrsp_valid, ibrsp_fault, ilrsp_valid, ilrsp_fault;
  logic [4:0]  ibrsp_cause, ilrsp_cause;
  logic [31:0] ibrsp_rdata;
  logic        dbrsp_valid, dbrsp_fault, dlrsp_valid, dlrsp_fault;
  logic [4:0]  dbrsp_cause, dlrsp_cause;
  logic [31:0] dbrsp_rdata;

  // Wishbone master links: index 0 = data, 1 = fetch, 2 = page-table walker.
  logic [2:0]  m_cyc, m_stb, m_we, m_stall, m_ack, m_err, m_lock;
  logic [95:0] m_adr, m_wdat;
  logic [11:0] m_sel;
  logic [31:0] m_rdat;
  logic [8:0]  m_cti;  // cycle types: 000 classic; a cache's line: 010 ... 010 111
  logic [5:0]  m_bte;  // burst types: 00 linear

  // Shared bus and slaves (0 DRAM, 1 MMIO, 2 error).
  logic        s_cyc;
  logic        bus_cyc, bus_stb, bus_we, bus_stall, bus_ack, bus_err;
  logic [31:0] bus_adr, bus_wdat, bus_rdat;
  logic [3:0]  bus_sel;
  logic [2:0]  bus_cti;
  logic [1:0]  bus_bte;
  logic [2:0]  s_stb, s_stall, s_ack, s_err;
  logic [95:0] s_rdat;

  // ------------------------------------------------------------------- MMU
  // Sv32 translation of both ports.  Its page-table walker is a Wishbone
  // master (wk_*): without caches it is bus master 2; with caches it goes
  // through the D-cache (g_cache), so its PTE reads see the CPU's stores.
  // Without caches the walker reads and writes PTEs in DRAM only (it checks
  // every address; mmu_checker asserts it), so its ack, err and data come
  // straight from the DRAM and error slaves instead of the bus return path
  // that the MMIO bridge shares: equal to m_ack[2]/m_err[2]/m_rdat
  // (asserted below), but independent of the SystemC device inputs, so the
  // Verilated model evaluates the walker once per cycle, not on every input
  // change.
  logic [2:0] owner;
  logic       ptw_ack, ptw_err;
  logic unused_owner;
  assign unused_owner = ^owner[1:0];

  logic        wk_cyc, wk_stb, wk_we, wk_lock, wk_stall, wk_ack, wk_err;
  logic [31:0] wk_adr, wk_wdat, wk_rdat;
  logic [3:0]  wk_sel;
  logic        amo_rd_q, amo_wr_pending, amo_lock;  // AMO in flight (interconnect, below)

  // FENCE.I: with caches, its response waits for the D-cache clean (g_cache).
  logic        ilrsp_valid_mmu;

  mmu #(
    .DramBase (DramBase),
    .DramSize (DramSize)
  ) u_mmu (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .ireq_valid_i     (ireq_valid),
    .ireq_ready_o     (ireq_ready_o),
    .ireq_addr_i      (ireq_addr),
    .ireq_kind_i      (ireq_kind),
    .dreq_valid_i     (dreq_valid),
    .dreq_ready_o     (dreq_ready_o),
    .dreq_addr_i      (dreq_addr),
    .dreq_kind_i      (dreq_kind),
    .dreq_size_i      (dreq_size),
    .dreq_we_i        (dreq_we),
    .dreq_wdata_i     (dreq_wdata_i),
    .csr_satp_i       (csr_satp),
    .csr_priv_fetch_i (csr_priv_fetch),
    .csr_priv_data_i  (csr_priv_data),
    .csr_sum_i        (csr_sum),
    .csr_mxr_i        (csr_mxr),
    .csr_adue_i       (csr_adue),
    .ipreq_valid_o    (ipreq_valid),
    .ipreq_ready_i    (ipreq_ready),
    .ipreq_addr_o     (ipreq_addr),
    .ipreq_kind_o     (ipreq_kind),
    .ipreq_size_o     (ipreq_size),
    .ipreq_we_o       (ipreq_we),
    .ipreq_wdata_o    (ipreq_wdata),
    .ilrsp_valid_o    (ilrsp_valid_mmu),
    .ilrsp_fault_o    (ilrsp_fault),
    .ilrsp_cause_o    (ilrsp_cause),
    .dpreq_valid_o    (dpreq_valid),
    .dpreq_ready_i    (dpreq_ready),
    .dpreq_addr_o     (dpreq_addr),
    .dpreq_kind_o     (dpreq_kind),
    .dpreq_size_o     (dpreq_size),
    .dpreq_we_o       (dpreq_we),
    .dpreq_wdata_o    (dpreq_wdata),
    .dlrsp_valid_o    (dlrsp_valid),
    .dlrsp_fault_o    (dlrsp_fault),
    .dlrsp_cause_o    (dlrsp_cause),
    .wb_cyc_o         (wk_cyc),
    .wb_stb_o         (wk_stb),
    .wb_adr_o         (wk_adr),
    .wb_we_o          (wk_we),
    .wb_sel_o         (wk_sel),
    .wb_dat_o         (wk_wdat),
    .wb_lock_o        (wk_lock),
    .wb_stall_i       (wk_stall),
    .wb_ack_i         (wk_ack),
    .wb_err_i         (wk_err),
    .wb_dat_i         (wk_rdat)
  );

  if (CacheEnable != 0) begin : g_cache
    // ------------------------------------------------- L1 caches (rtl/cache)
    // fetch: u_mmu -> u_icache -> master 1; data: u_mmu -> u_dcache ->
    // master 0, the walker served by u_dcache; master 2 stays idle.
    //
    // FENCE.I (fetch port, answered by the MMU one cycle later): the
    // D-cache writes back every dirty line (clean, lines stay valid), then
    // the I-cache is emptied and the response goes out, so the fetches
    // after it see every earlier store.
    logic fencei_q, fencei_rsp_q, dflush_done;
    logic fencei_go, fencei_end;
    assign fencei_go  = ireq_valid && ireq_ready_o && ireq_kind == mem_pkg::KindFenceI;
    assign fencei_end = fencei_q && dflush_done;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        fencei_q     <= 1'b0;
        fencei_rsp_q <= 1'b0;
      end else begin
        if (fencei_go)  fencei_q <= 1'b1;
        if (fencei_end) fencei_q <= 1'b0;
        // The MMU's response comes while the flush runs (it takes at
        // least a pass over the sets): held until the flush is done.
        if (fencei_q && ilrsp_valid_mmu) fencei_rsp_q <= 1'b1;
        if (fencei_end)                  fencei_rsp_q <= 1'b0;
      end
    end
    assign ilrsp_valid = fencei_q ? fencei_end : ilrsp_valid_mmu;

    logic [2:0] icti, dcti;
    logic [1:0] ibte, dbte;
    logic       iflush_done, ick_stall, ick_ack, ick_err;
    logic [31:0] ick_dat;

    cache_l1 #(
      .Size       (ICacheSize),
      .Ways       (ICacheWays),
      .LineBytes  (ICacheLine),
      .WriteBack  (0),
      .DramBase   (DramBase),
      .DramSize   (DramSize),
      .ClintBase  (ClintBase),
      .ClintSize  (ClintSize),
      .UartBase   (UartBase),
      .UartSize   (UartSize),
      .SimctlBase (SimctlBase),
      .SimctlSize (SimctlSize),
      .FirstEvent (`MMCOSIM_EVENT_CACHE_ICACHE_ACCESSES)
    ) u_icache (
      .clk_i         (clk_i),
      .rst_ni        (rst_ni),
      .preq_valid_i  (ipreq_valid),
      .preq_ready_o  (ipreq_ready),
      .preq_addr_i   (ipreq_addr),
      .preq_kind_i   (ipreq_kind),
      .preq_size_i   (ipreq_size),
      .preq_we_i     (ipreq_we),
      .preq_wdata_i  (ipreq_wdata),
      .rsp_valid_o   (ibrsp_valid),
      .rsp_rdata_o   (ibrsp_rdata),
      .rsp_fault_o   (ibrsp_fault),
      .rsp_cause_o   (ibrsp_cause),
      .wk_cyc_i      (1'b0),
      .wk_stb_i      (1'b0),
      .wk_adr_i      (32'd0),
      .wk_we_i       (1'b0),
      .wk_sel_i      (4'd0),
      .wk_dat_i      (32'd0),
      .wk_lock_i     (1'b0),
      .cpu_lock_i    (1'b0),
      .wk_stall_o    (ick_stall),
      .wk_ack_o      (ick_ack),
      .wk_err_o      (ick_err),
      .wk_dat_o      (ick_dat),
      .flush_req_i   (1'b0),
      .flush_inval_i (1'b0),
      .flush_done_o  (iflush_done),
      .inval_all_i   (fencei_end),
      .tohost_line_i (32'd0),
      .wb_cyc_o      (m_cyc[1]),
      .wb_stb_o      (m_stb[1]),
      .wb_adr_o      (m_adr[63:32]),
      .wb_we_o       (m_we[1]),
      .wb_sel_o      (m_sel[7:4]),
      .wb_dat_o      (m_wdat[63:32]),
      .wb_cti_o      (icti),
      .wb_bte_o      (ibte),
      .wb_stall_i    (m_stall[1]),
      .wb_ack_i      (m_ack[1]),
      .wb_err_i      (m_err[1]),
      .wb_dat_i      (m_rdat)
    );

    cache_l1 #(
      .Size       (DCacheSize),
      .Ways       (DCacheWays),
      .LineBytes  (DCacheLine),
      .WriteBack  (1),
      .DramBase   (DramBase),
      .DramSize   (DramSize),
      .ClintBase  (ClintBase),
      .ClintSize  (ClintSize),
      .UartBase   (UartBase),
      .UartSize   (UartSize),
      .SimctlBase (SimctlBase),
      .SimctlSize (SimctlSize),
      .FirstEvent (`MMCOSIM_EVENT_CACHE_DCACHE_ACCESSES)
    ) u_dcache (
      .clk_i         (clk_i),
      .rst_ni        (rst_ni),
      .preq_valid_i  (dpreq_valid),
      .preq_ready_o  (dpreq_ready),
      .preq_addr_i   (dpreq_addr),
      .preq_kind_i   (dpreq_kind),
      .preq_size_i   (dpreq_size),
      .preq_we_i     (dpreq_we),
      .preq_wdata_i  (dpreq_wdata),
      .rsp_valid_o   (dbrsp_valid),
      .rsp_rdata_o   (dbrsp_rdata),
      .rsp_fault_o   (dbrsp_fault),
      .rsp_cause_o   (dbrsp_cause),
      .wk_cyc_i      (wk_cyc),
      .wk_stb_i      (wk_stb),
      .wk_adr_i      (wk_adr),
      .wk_we_i       (wk_we),
      .wk_sel_i      (wk_sel),
      .wk_dat_i      (wk_wdat),
      .wk_lock_i     (wk_lock),
      .cpu_lock_i    (amo_lock),
      .wk_stall_o    (wk_stall),
      .wk_ack_o      (wk_ack),
      .wk_err_o      (wk_err),
      .wk_dat_o      (wk_rdat),
      .flush_req_i   (fencei_q),
      .flush_inval_i (1'b0),
      .flush_done_o  (dflush_done),
      .inval_all_i   (1'b0),
      .tohost_line_i (htif_tohost_i),
      .wb_cyc_o      (m_cyc[0]),
      .wb_stb_o      (m_stb[0]),
      .wb_adr_o      (m_adr[31:0]),
      .wb_we_o       (m_we[0]),
      .wb_sel_o      (m_sel[3:0]),
      .wb_dat_o      (m_wdat[31:0]),
      .wb_cti_o      (dcti),
      .wb_bte_o      (dbte),
      .wb_stall_i    (m_stall[0]),
      .wb_ack_i      (m_ack[0]),
      .wb_err_i      (m_err[0]),
      .wb_dat_i      (m_rdat)
    );

    // The walker is not a bus master with caches on.
    assign m_cyc[2]       = 1'b0;
    assign m_stb[2]       = 1'b0;
    assign m_adr[95:64]   = 32'd0;
    assign m_we[2]        = 1'b0;
    assign m_sel[11:8]    = 4'd0;
    assign m_wdat[95:64]  = 32'd0;
    assign m_lock[2]      = 1'b0;
    assign ptw_ack        = wk_ack;
    assign ptw_err        = wk_err;

    // Line fills and write-backs are incrementing bursts, every beat
    // presented while the bus does not stall (Pipelined = 1): the arbiter
    // keeps the cache the owner until the 111 beat, the DRAM controller
    // serves the line as one BL8 column command (docs/dram.md).
    assign m_cti = {3'b000, icti, dcti};
    assign m_bte = {2'b00, ibte, dbte};

    logic unused_cache;
    assign unused_cache = ^{iflush_done, ick_stall, ick_ack, ick_err, ick_dat, owner[2]};

`ifndef SYNTHESIS
    always @(posedge clk_i) begin
      if (rst_ni) begin
        assert (!fencei_end || fencei_rsp_q)
          else $error("mem_subsys: D-cache clean for FENCE.I done before the MMU answered it");
      end
    end
`endif
  end else begin : g_nocache
    // ------------------------------------------------------------ fetch port
    bus_cpu_master u_imaster (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .preq_valid_i (ipreq_valid),
      .preq_ready_o (ipreq_ready),
      .preq_addr_i  (ipreq_addr),
      .preq_kind_i  (ipreq_kind),
      .preq_size_i  (ipreq_size),
      .preq_we_i    (ipreq_we),
      .preq_wdata_i (ipreq_wdata),
      .rsp_valid_o  (ibrsp_valid),
      .rsp_rdata_o  (ibrsp_rdata),
      .rsp_fault_o  (ibrsp_fault),
      .rsp_cause_o  (ibrsp_cause),
      .wb_cyc_o     (m_cyc[1]),
      .wb_stb_o     (m_stb[1]),
      .wb_adr_o     (m_adr[63:32]),
      .wb_we_o      (m_we[1]),
      .wb_sel_o     (m_sel[7:4]),
      .wb_dat_o     (m_wdat[63:32]),
      .wb_stall_i   (m_stall[1]),
      .wb_ack_i     (m_ack[1]),
      .wb_err_i     (m_err[1]),
      .wb_dat_i     (m_rdat)
    );

    // ------------------------------------------------------------- data port
    bus_cpu_master u_dmaster (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .preq_valid_i (dpreq_valid),
      .preq_ready_o (dpreq_ready),
      .preq_addr_i  (dpreq_addr),
      .preq_kind_i  (dpreq_kind),
      .preq_size_i  (dpreq_size),
      .preq_we_i    (dpreq_we),
      .preq_wdata_i (dpreq_wdata),
      .rsp_valid_o  (dbrsp_valid),
      .rsp_rdata_o  (dbrsp_rdata),
      .rsp_fault_o  (dbrsp_fault),
      .rsp_cause_o  (dbrsp_cause),
      .wb_cyc_o     (m_cyc[0]),
      .wb_stb_o     (m_stb[0]),
      .wb_adr_o     (m_adr[31:0]),
      .wb_we_o      (m_we[0]),
      .wb_sel_o     (m_sel[3:0]),
      .wb_dat_o     (m_wdat[31:0]),
      .wb_stall_i   (m_stall[0]),
      .wb_ack_i     (m_ack[0]),
      .wb_err_i     (m_err[0]),
      .wb_dat_i     (m_rdat)
    );

    // The walker is bus master 2.
    assign m_cyc[2]      = wk_cyc;
    assign m_stb[2]      = wk_stb;
    assign m_adr[95:64]  = wk_adr;
    assign m_we[2]       = wk_we;
    assign m_sel[11:8]   = wk_sel;
    assign m_wdat[95:64] = wk_wdat;
    assign m_lock[2]     = wk_lock;
    assign wk_stall      = m_stall[2];
    assign ptw_ack       = owner[2] && s_ack[0];
    assign ptw_err       = owner[2] && (s_err[0] || s_err[2]);
    assign wk_ack        = ptw_ack;
    assign wk_err        = ptw_err;
    assign wk_rdat       = s_rdat[31:0];
    assign ilrsp_valid   = ilrsp_valid_mmu;
    // Classic cycles from every master of the uncached machine.
    assign m_cti         = '0;
    assign m_bte         = '0;
  end

  // ----------------------------------------------------------- interconnect
  // An AMO is a read then a write on the data port (docs/ports.md); the
  // CPU drives the write half at the edge the read's response arrives.  The
  // data master locks the bus from the read half's acceptance until its
  // write half is on the bus, so the walker's Svadu compare-and-set (itself
  // locked) can never fall between the two halves on the same word
  // (bus_arbiter: a locked master keeps the bus):
  //
  //   read accepted ─▶ amo_rd_q ... read response ─▶ write half presented
  //   (port, slot or bus master) ... write half accepted by the bus: unlock
  //
  // A read whose response is not followed by a write half (an error, or a
  // test driving the read alone) unlocks at its response.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      amo_rd_q <= 1'b0;
    end else if (dpreq_valid && dpreq_ready) begin
      amo_rd_q <= (dpreq_kind == mem_pkg::KindAmo) && !dpreq_we;
    end else if (dbrsp_valid || dlrsp_valid) begin
      amo_rd_q <= 1'b0;
    end
  end
  assign amo_wr_pending = (dreq_valid && dreq_kind == mem_pkg::KindAmo && dreq_we) ||
                          (dpreq_valid && dpreq_kind == mem_pkg::KindAmo && dpreq_we);
  assign amo_lock       = amo_rd_q || amo_wr_pending;
  // With the caches the walker is a client of the D-cache, not of the bus:
  // the D-cache takes no walker request while amo_lock is high (g_cache).
  assign m_lock[1:0]    = {1'b0, amo_lock};  // the fetch master never locks

  bus_arbiter #(
    .NumMasters (3)
  ) u_arbiter (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .m_cyc_i   (m_cyc),
    .m_stb_i   (m_stb),
    .m_adr_i   (m_adr),
    .m_we_i    (m_we),
    .m_sel_i   (m_sel),
    .m_dat_i   (m_wdat),
    .m_lock_i  (m_lock),
    .m_cti_i   (m_cti),
    .m_bte_i   (m_bte),
    .m_stall_o (m_stall),
    .m_ack_o   (m_ack),
    .m_err_o   (m_err),
    .m_dat_o   (m_rdat),
    .owner_o   (owner),
    .s_cyc_o   (bus_cyc),
    .s_stb_o   (bus_stb),
    .s_adr_o   (bus_adr),
    .s_we_o    (bus_we),
    .s_sel_o   (bus_sel),
    .s_dat_o   (bus_wdat),
    .s_cti_o   (bus_cti),
    .s_bte_o   (bus_bte),
    .s_stall_i (bus_stall),
    .s_ack_i   (bus_ack),
    .s_err_i   (bus_err),
    .s_dat_i   (bus_rdat)
  );

  bus_decode #(
    .DramBase   (DramBase),
    .DramSize   (DramSize),
    .ClintBase  (ClintBase),
    .ClintSize  (ClintSize),
    .UartBase   (UartBase),
    .UartSize   (UartSize),
    .SimctlBase (SimctlBase),
    .SimctlSize (SimctlSize)
  ) u_decode (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .m_cyc_i   (bus_cyc),
    .m_stb_i   (bus_stb),
    .m_adr_i   (bus_adr),
    .m_cti_i   (bus_cti),
    .m_stall_o (bus_stall),
    .m_ack_o   (bus_ack),
    .m_err_o   (bus_err),
    .m_dat_o   (bus_rdat),
    .s_cyc_o   (s_cyc),
    .s_stb_o   (s_stb),
    .s_stall_i (s_stall),
    .s_ack_i   (s_ack),
    .s_err_i   (s_err),
    .s_dat_i   (s_rdat)
  );

  // ---------------------------------------------------------------- slaves

  // Memory slot: the DRAM (rtl/dram), or the SRAM stand-in (mem.sram = 1).
  if (MemSram != 0) begin : g_sram
    mem_sram #(
      .Base    (DramBase),
      .Bytes   (DramSize),
      .Latency (MemLatency)
    ) u_sram (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .wb_cyc_i   (s_cyc),
      .wb_stb_i   (s_stb[0]),
      .wb_adr_i   (bus_adr),
      .wb_we_i    (bus_we),
      .wb_sel_i   (bus_sel),
      .wb_dat_i   (bus_wdat),
      .wb_cti_i   (bus_cti),
      .wb_bte_i   (bus_bte),
      .wb_stall_o (s_stall[0]),
      .wb_ack_o   (s_ack[0]),
      .wb_err_o   (s_err[0]),
      .wb_dat_o   (s_rdat[31:0])
    );
  end else begin : g_dram
    logic [63:0] dram_dbg_cmd;   // command bus, for unit tests
    logic [15:0] dram_dbg_viol;  // device checker, for unit tests
    // dram.bus_regs (FPGA builds): a request and a response register
    // between the bus and the controller; with 0 (the simulator) wires.
    logic        d_cyc, d_stb, d_we, d_stall, d_ack, d_err;
    logic [31:0] d_adr, d_wdat, d_rdat;
    logic [3:0]  d_sel;
    logic [2:0]  d_cti;
    logic [1:0]  d_bte;
    bus_reg_slice #(
      .ReqReg (DramBusRegs),
      .RspReg (DramBusRegs)
    ) u_dram_slice (
      .clk_i     (clk_i),
      .rst_ni    (rst_ni),
      .m_cyc_i   (s_cyc),
      .m_stb_i   (s_stb[0]),
      .m_adr_i   (bus_adr),
      .m_we_i    (bus_we),
      .m_sel_i   (bus_sel),
      .m_dat_i   (bus_wdat),
      .m_cti_i   (bus_cti),
      .m_bte_i   (bus_bte),
      .m_stall_o (s_stall[0]),
      .m_ack_o   (s_ack[0]),
      .m_err_o   (s_err[0]),
      .m_dat_o   (s_rdat[31:0]),
      .s_cyc_o   (d_cyc),
      .s_stb_o   (d_stb),
      .s_adr_o   (d_adr),
      .s_we_o    (d_we),
      .s_sel_o   (d_sel),
      .s_dat_o   (d_wdat),
      .s_cti_o   (d_cti),
      .s_bte_o   (d_bte),
      .s_stall_i (d_stall),
      .s_ack_i   (d_ack),
      .s_err_i   (d_err),
      .s_dat_i   (d_rdat)
    );
    dram_top #(
      .Base (DramBase)
    ) u_dram (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .wb_cyc_i   (d_cyc),
      .wb_stb_i   (d_stb),
      .wb_adr_i   (d_adr),
      .wb_we_i    (d_we),
      .wb_sel_i   (d_sel),
      .wb_dat_i   (d_wdat),
      .wb_cti_i   (d_cti),
      .wb_bte_i   (d_bte),
      .wb_stall_o (d_stall),
      .wb_ack_o   (d_ack),
      .wb_err_o   (d_err),
      .wb_dat_o   (d_rdat),
      .dbg_cmd_o  (dram_dbg_cmd),
      .dbg_viol_o (dram_dbg_viol)
    );
    logic unused_dram_dbg;
    assign unused_dram_dbg = ^{dram_dbg_cmd, dram_dbg_viol};
  end

  logic        mmio_valid, mmio_we;
  logic [31:0] mmio_addr;
  logic [3:0]  mmio_sel;

  bus_mmio_bridge u_mmio (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .wb_cyc_i         (s_cyc),
    .wb_stb_i         (s_stb[1]),
    .wb_adr_i         (bus_adr),
    .wb_we_i          (bus_we),
    .wb_sel_i         (bus_sel),
    .wb_dat_i         (bus_wdat),
    .wb_stall_o       (s_stall[1]),
    .wb_ack_o         (s_ack[1]),
    .wb_err_o         (s_err[1]),
    .wb_dat_o         (s_rdat[63:32]),
    .mmio_valid_o     (mmio_valid),
    .mmio_addr_o      (mmio_addr),
    .mmio_we_o        (mmio_we),
    .mmio_sel_o       (mmio_sel),
    .mmio_wdata_o     (mmio_wdata_o),
    .mmio_rsp_valid_i (mmio_rsp_valid),
    .mmio_rsp_err_i   (mmio_rsp_err),
    .mmio_rsp_rdata_i (mmio_rsp_rdata)
  );

  bus_err_slave u_err (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .wb_cyc_i   (s_cyc),
    .wb_stb_i   (s_stb[2]),
    .wb_stall_o (s_stall[2]),
    .wb_ack_o   (s_ack[2]),
    .wb_err_o   (s_err[2]),
    .wb_dat_o   (s_rdat[95:64])
  );

  logic        htif_valid;
  logic [31:0] htif_data;

  bus_htif_snoop u_htif (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .tohost_i     (htif_tohost_i),
    .wb_stb_i     (bus_stb),
    .wb_adr_i     (bus_adr),
    .wb_we_i      (bus_we),
    .wb_dat_i     (bus_wdat),
    .wb_stall_i   (bus_stall),
    .wb_ack_i     (bus_ack),
    .wb_err_i     (bus_err),
    .htif_valid_o (htif_valid),
    .htif_data_o  (htif_data)
  );

  // ------------------------------------------------------------------ pack
  // A port's response comes from its translation slot or from the bus; the
  // two never coincide (one request outstanding per port).
  logic        irsp_valid, irsp_fault, drsp_valid, drsp_fault;
  logic [4:0]  irsp_cause, drsp_cause;
  logic [31:0] irsp_rdata, drsp_rdata;

  assign irsp_valid = ilrsp_valid || ibrsp_valid;
  assign irsp_fault = ilrsp_valid ? ilrsp_fault : ibrsp_fault;
  assign irsp_cause = ilrsp_valid ? ilrsp_cause : ibrsp_cause;
  assign irsp_rdata = ilrsp_valid ? 32'd0 : ibrsp_rdata;
  assign drsp_valid = dlrsp_valid || dbrsp_valid;
  assign drsp_fault = dlrsp_valid ? dlrsp_fault : dbrsp_fault;
  assign drsp_cause = dlrsp_valid ? dlrsp_cause : dbrsp_cause;
  assign drsp_rdata = dlrsp_valid ? 32'd0 : dbrsp_rdata;

  assign irsp_o       = {25'd0, irsp_cause, irsp_fault, irsp_valid, irsp_rdata};
  assign drsp_o       = {25'd0, drsp_cause, drsp_fault, drsp_valid, drsp_rdata};
  assign mmio_req_o   = {26'd0, mmio_sel, mmio_we, mmio_valid, mmio_addr};
  assign htif_o       = {31'd0, htif_valid, htif_data};

  // ------------------------------------------------------------ assertions
`ifndef SYNTHESIS
  soc_port_checker #(.Name("fetch port")) u_ichk (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (ireq_valid),
    .req_ready_i (ireq_ready_o),
    .req_i       ({32'd0, ireq_i}),
    .rsp_valid_i (irsp_valid)
  );
  soc_port_checker #(.Name("data port")) u_dchk (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (dreq_valid),
    .req_ready_i (dreq_ready_o),
    .req_i       ({dreq_wdata_i, dreq_i}),
    .rsp_valid_i (drsp_valid)
  );
  bus_wb_checker #(.Name("shared bus")) u_buschk (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .cyc_i   (bus_cyc),
    .stb_i   (bus_stb),
    .adr_i   (bus_adr),
    .we_i    (bus_we),
    .sel_i   (bus_sel),
    .dat_i   (bus_wdat),
    .cti_i   (bus_cti),
    .bte_i   (bus_bte),
    .stall_i (bus_stall),
    .ack_i   (bus_ack),
    .err_i   (bus_err)
  );
  for (genvar i = 0; i < 3; i++) begin : g_mchk
    bus_wb_checker #(.Name("master link")) u_mchk (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .cyc_i   (m_cyc[i]),
      .stb_i   (m_stb[i]),
      .adr_i   (m_adr[i*32 +: 32]),
      .we_i    (m_we[i]),
      .sel_i   (m_sel[i*4 +: 4]),
      .dat_i   (m_wdat[i*32 +: 32]),
      .cti_i   (m_cti[i*3 +: 3]),
      .bte_i   (m_bte[i*2 +: 2]),
      .stall_i (m_stall[i]),
      .ack_i   (m_ack[i]),
      .err_i   (m_err[i])
    );
  end
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (CacheEnable != 0 || (ptw_ack == m_ack[2] && ptw_err == m_err[2] &&
                                   (!ptw_ack || s_rdat[31:0] == m_rdat)))
        else $error("mem_subsys: walker return path differs from the bus's");
      assert (!(ilrsp_valid && ibrsp_valid)) else $error("mem_subsys: two fetch responses in one cycle");
      assert (!(dlrsp_valid && dbrsp_valid)) else $error("mem_subsys: two data responses in one cycle");
    end
  end
`endif

  // ------------------------------------------------------- statistics
  // mem.fetch_reqs, mem.data_reqs, mem.access_faults, bus.mmio_reqs: four
  // consecutive statistics of config/stats.toml, two bits of increment each
  // (both ports can answer with an access fault in the same cycle).
  logic       i_access_fault, d_access_fault;
  logic [1:0] ev_ifetch, ev_dreq, ev_fault, ev_mmio;
  assign i_access_fault = irsp_valid && irsp_fault &&
                          (irsp_cause == mem_pkg::CauseFetchAccess ||
                           irsp_cause == mem_pkg::CauseLoadAccess ||
                           irsp_cause == mem_pkg::CauseStoreAccess);
  assign d_access_fault = drsp_valid && drsp_fault &&
                          (drsp_cause == mem_pkg::CauseFetchAccess ||
                           drsp_cause == mem_pkg::CauseLoadAccess ||
                           drsp_cause == mem_pkg::CauseStoreAccess);
  assign ev_ifetch = {1'b0, ireq_valid && ireq_ready_o};
  assign ev_dreq   = {1'b0, dreq_valid && dreq_ready_o};
  assign ev_fault  = {i_access_fault && d_access_fault,
                      i_access_fault ^ d_access_fault};
  assign ev_mmio   = {1'b0, mmio_valid};

  perf_counters #(
    .N          (4),
    .IncW       (2),
    .FirstEvent (`MMCOSIM_EVENT_MEM_FETCH_REQS)
  ) u_perf (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .inc_i  ({ev_mmio, ev_fault, ev_dreq, ev_ifetch})
  );

endmodule
