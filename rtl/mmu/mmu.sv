// mmu: the Sv32 memory-management unit between the CPU ports and their bus
// masters: an I-TLB and a D-TLB (fully associative, pseudo-LRU), one
// translation slot per port, one page-table walker (a Wishbone master of
// its own) and the mmu.* statistics counters.
//
//   ireq ─▶ u_iport ─▶ ipreq (fetch bus master)      u_itlb ◀─┐
//              │ ▲ lookup/touch ── u_itlb                      │ fill
//              └─┼──── walk req ─────────┐                     │
//   dreq ─▶ u_dport ─▶ dpreq (data bus master)  u_ptw ─────────┤──▶ Wishbone master 2
//              │ ▲ lookup/touch ── u_dtlb    ▲                 │
//              └─┴──── walk req ─────────────┘   u_dtlb ◀─────┘
//              └── SFENCE.VMA ─▶ flush u_itlb and u_dtlb, kill a walk in flight
//
// Timing (docs/mmu.md): translation off (Bare, or M mode) adds no cycle; a
// TLB hit adds one (the request waits in its port's slot, so that nothing
// behind the slot depends on the CPU's inputs); a miss adds its PTE reads
// plus one cycle; SFENCE.VMA and page faults found on a hit answer one cycle
// after the handshake.
`include "mmcosim_cfg.svh"

module mmu #(
  parameter logic [31:0] DramBase    = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize    = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter int unsigned ItlbEntries = `MMCOSIM_MMU_ITLB_ENTRIES,
  parameter int unsigned DtlbEntries = `MMCOSIM_MMU_DTLB_ENTRIES,
  parameter logic        Svadu       = 1'(`MMCOSIM_MMU_SVADU)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // fetch port, CPU side
  input  logic        ireq_valid_i,
  output logic        ireq_ready_o,
  input  logic [31:0] ireq_addr_i,
  input  logic [2:0]  ireq_kind_i,
  // data port, CPU side
  input  logic        dreq_valid_i,
  output logic        dreq_ready_o,
  input  logic [31:0] dreq_addr_i,
  input  logic [2:0]  dreq_kind_i,
  input  logic [1:0]  dreq_size_i,
  input  logic        dreq_we_i,
  input  logic [31:0] dreq_wdata_i,
  // CSR sideband
  input  logic [31:0] csr_satp_i,
  input  logic [1:0]  csr_priv_fetch_i,
  input  logic [1:0]  csr_priv_data_i,
  input  logic        csr_sum_i,
  input  logic        csr_mxr_i,
  input  logic        csr_adue_i,
  // physical fetch request, to its bus master
  output logic        ipreq_valid_o,
  input  logic        ipreq_ready_i,
  output logic [31:0] ipreq_addr_o,
  output logic [2:0]  ipreq_kind_o,
  output logic [1:0]  ipreq_size_o,
  output logic        ipreq_we_o,
  output logic [31:0] ipreq_wdata_o,
  output logic        ilrsp_valid_o,
  output logic        ilrsp_fault_o,
  output logic [4:0]  ilrsp_cause_o,
  // physical data request, to its bus master
  output logic        dpreq_valid_o,
  input  logic        dpreq_ready_i,
  output logic [31:0] dpreq_addr_o,
  output logic [2:0]  dpreq_kind_o,
  output logic [1:0]  dpreq_size_o,
  output logic        dpreq_we_o,
  output logic [31:0] dpreq_wdata_o,
  output logic        dlrsp_valid_o,
  output logic        dlrsp_fault_o,
  output logic [4:0]  dlrsp_cause_o,
  // page-table walker: Wishbone B4 pipelined master
  output logic        wb_cyc_o,
  output logic        wb_stb_o,
  output logic [31:0] wb_adr_o,
  output logic        wb_we_o,
  output logic [3:0]  wb_sel_o,
  output logic [31:0] wb_dat_o,
  output logic        wb_lock_o,
  input  logic        wb_stall_i,
  input  logic        wb_ack_i,
  input  logic        wb_err_i,
  input  logic [31:0] wb_dat_i
);

  localparam int unsigned AsidW     = mmu_pkg::AsidBits;
  localparam int unsigned PpnW      = mmu_pkg::PpnBits;
  localparam int unsigned PageShift = mmu_pkg::PageShift;
  localparam int unsigned IIdxW     = $clog2(ItlbEntries);
  localparam int unsigned DIdxW     = $clog2(DtlbEntries);

  // The live sideband decides whether a request driven now is translated,
  // and each port's slot latches it with the request: everything behind
  // the slots (TLB lookup ASID, permission checks, the walk) uses the
  // slot's copy, so a sideband change while a request waits never
  // translates that request under the new state.
  logic             ixlate, dxlate, adue_live;
  logic [31:0]      isatp, dsatp;
  logic [1:0]       ipriv, dpriv;
  logic             isum, dsum, imxr, dmxr, iadue, dadue;
  assign ixlate    = csr_satp_i[mmu_pkg::ModeBit] && (csr_priv_fetch_i != mmu_pkg::PrivM);
  assign dxlate    = csr_satp_i[mmu_pkg::ModeBit] && (csr_priv_data_i != mmu_pkg::PrivM);
  assign adue_live = Svadu && csr_adue_i;

  // TLB lookups (i* = fetch, d* = data) and walker links.
  logic             ihit, imega, ir, iw, ix, iu, id, ig, itouch;
  logic [PpnW-1:0]  ippn;
  logic [IIdxW-1:0] iidx, ifill_idx;
  logic             dhit, dmega, dr, dw, dx, du, dd, dg, dtouch;
  logic [PpnW-1:0]  dppn;
  logic [DIdxW-1:0] didx, dfill_idx;

  logic             iwalk_req, dwalk_req, ifence, dfence;
  logic             islot, dslot;
  logic [31:0]      islot_addr, islot_wdata, dslot_addr, dslot_wdata;
  logic [1:0]       iacc, dacc;
  logic [1:0]       walk_start, walk_fault, walk_fill;
  logic [4:0]       walk_cause;
  logic [AsidW-1:0] fill_asid;
  logic             fill_g, fill_mega, fill_r, fill_w, fill_x, fill_u, fill_d;
  logic [PpnW-1:0]  fill_ppn;

  logic ev_ihit, ev_imiss, ev_ipf, ev_dhit, ev_dmiss, ev_dpf;

  // ------------------------------------------------------------ fetch side
  mmu_tlb #(
    .Entries (ItlbEntries)
  ) u_itlb (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .lk_en_i          (islot),
    .lk_vpn_i         (islot_addr[31:PageShift]),
    .lk_asid_i        (isatp[mmu_pkg::AsidLsb +: AsidW]),
    .lk_hit_o         (ihit),
    .lk_idx_o         (iidx),
    .lk_ppn_o         (ippn),
    .lk_mega_o        (imega),
    .lk_g_o           (ig),
    .lk_r_o           (ir),
    .lk_w_o           (iw),
    .lk_x_o           (ix),
    .lk_u_o           (iu),
    .lk_d_o           (id),
    .touch_i          (itouch),
    .fill_i           (walk_fill[1]),
    .fill_asid_i      (fill_asid),
    .fill_g_i         (fill_g),
    .fill_mega_i      (fill_mega),
    .fill_ppn_i       (fill_ppn),
    .fill_r_i         (fill_r),
    .fill_w_i         (fill_w),
    .fill_x_i         (fill_x),
    .fill_u_i         (fill_u),
    .fill_d_i         (fill_d),
    .fill_idx_o       (ifill_idx),
    .flush_i          (dfence),
    .flush_all_va_i   (dslot_wdata[`MMCOSIM_PORT_SFENCE_RS1_X0_BIT]),
    .flush_all_asid_i (dslot_wdata[`MMCOSIM_PORT_SFENCE_RS2_X0_BIT]),
    .flush_vpn_i      (dslot_addr[31:PageShift]),
    .flush_asid_i     (dslot_wdata[`MMCOSIM_PORT_SFENCE_ASID_LSB +: AsidW])
  );

  mmu_port #(
    .IsFetch (1'b1)
  ) u_iport (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .req_valid_i     (ireq_valid_i),
    .req_ready_o     (ireq_ready_o),
    .req_addr_i      (ireq_addr_i),
    .req_kind_i      (ireq_kind_i),
    .req_size_i      (mem_pkg::SizeWord),
    .req_we_i        (1'b0),
    .req_wdata_i     (32'd0),
    .xlate_i         (ixlate),
    .csr_satp_i      (csr_satp_i),
    .csr_priv_i      (csr_priv_fetch_i),
    .csr_sum_i       (csr_sum_i),
    .csr_mxr_i       (csr_mxr_i),
    .csr_adue_i      (adue_live),
    .slot_mem_o      (islot),
    .slot_addr_o     (islot_addr),
    .slot_wdata_o    (islot_wdata),
    .slot_satp_o     (isatp),
    .slot_priv_o     (ipriv),
    .slot_sum_o      (isum),
    .slot_mxr_o      (imxr),
    .slot_adue_o     (iadue),
    .tlb_hit_i       (ihit),
    .tlb_ppn_i       (ippn),
    .tlb_mega_i      (imega),
    .tlb_r_i         (ir),
    .tlb_w_i         (iw),
    .tlb_x_i         (ix),
    .tlb_u_i         (iu),
    .tlb_d_i         (id),
    .tlb_touch_o     (itouch),
    .walk_req_o      (iwalk_req),
    .acc_o           (iacc),
    .walk_start_i    (walk_start[1]),
    .walk_fault_i    (walk_fault[1]),
    .walk_cause_i    (walk_cause),
    .preq_valid_o    (ipreq_valid_o),
    .preq_ready_i    (ipreq_ready_i),
    .preq_addr_o     (ipreq_addr_o),
    .preq_kind_o     (ipreq_kind_o),
    .preq_size_o     (ipreq_size_o),
    .preq_we_o       (ipreq_we_o),
    .preq_wdata_o    (ipreq_wdata_o),
    .lrsp_valid_o    (ilrsp_valid_o),
    .lrsp_fault_o    (ilrsp_fault_o),
    .lrsp_cause_o    (ilrsp_cause_o),
    .fence_o         (ifence),
    .ev_hit_o        (ev_ihit),
    .ev_miss_o       (ev_imiss),
    .ev_page_fault_o (ev_ipf)
  );

  // ------------------------------------------------------------- data side
  mmu_tlb #(
    .Entries (DtlbEntries)
  ) u_dtlb (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .lk_en_i          (dslot),
    .lk_vpn_i         (dslot_addr[31:PageShift]),
    .lk_asid_i        (dsatp[mmu_pkg::AsidLsb +: AsidW]),
    .lk_hit_o         (dhit),
    .lk_idx_o         (didx),
    .lk_ppn_o         (dppn),
    .lk_mega_o        (dmega),
    .lk_g_o           (dg),
    .lk_r_o           (dr),
    .lk_w_o           (dw),
    .lk_x_o           (dx),
    .lk_u_o           (du),
    .lk_d_o           (dd),
    .touch_i          (dtouch),
    .fill_i           (walk_fill[0]),
    .fill_asid_i      (fill_asid),
    .fill_g_i         (fill_g),
    .fill_mega_i      (fill_mega),
    .fill_ppn_i       (fill_ppn),
    .fill_r_i         (fill_r),
    .fill_w_i         (fill_w),
    .fill_x_i         (fill_x),
    .fill_u_i         (fill_u),
    .fill_d_i         (fill_d),
    .fill_idx_o       (dfill_idx),
    .flush_i          (dfence),
    .flush_all_va_i   (dslot_wdata[`MMCOSIM_PORT_SFENCE_RS1_X0_BIT]),
    .flush_all_asid_i (dslot_wdata[`MMCOSIM_PORT_SFENCE_RS2_X0_BIT]),
    .flush_vpn_i      (dslot_addr[31:PageShift]),
    .flush_asid_i     (dslot_wdata[`MMCOSIM_PORT_SFENCE_ASID_LSB +: AsidW])
  );

  mmu_port #(
    .IsFetch (1'b0)
  ) u_dport (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .req_valid_i     (dreq_valid_i),
    .req_ready_o     (dreq_ready_o),
    .req_addr_i      (dreq_addr_i),
    .req_kind_i      (dreq_kind_i),
    .req_size_i      (dreq_size_i),
    .req_we_i        (dreq_we_i),
    .req_wdata_i     (dreq_wdata_i),
    .xlate_i         (dxlate),
    .csr_satp_i      (csr_satp_i),
    .csr_priv_i      (csr_priv_data_i),
    .csr_sum_i       (csr_sum_i),
    .csr_mxr_i       (csr_mxr_i),
    .csr_adue_i      (adue_live),
    .slot_mem_o      (dslot),
    .slot_addr_o     (dslot_addr),
    .slot_wdata_o    (dslot_wdata),
    .slot_satp_o     (dsatp),
    .slot_priv_o     (dpriv),
    .slot_sum_o      (dsum),
    .slot_mxr_o      (dmxr),
    .slot_adue_o     (dadue),
    .tlb_hit_i       (dhit),
    .tlb_ppn_i       (dppn),
    .tlb_mega_i      (dmega),
    .tlb_r_i         (dr),
    .tlb_w_i         (dw),
    .tlb_x_i         (dx),
    .tlb_u_i         (du),
    .tlb_d_i         (dd),
    .tlb_touch_o     (dtouch),
    .walk_req_o      (dwalk_req),
    .acc_o           (dacc),
    .walk_start_i    (walk_start[0]),
    .walk_fault_i    (walk_fault[0]),
    .walk_cause_i    (walk_cause),
    .preq_valid_o    (dpreq_valid_o),
    .preq_ready_i    (dpreq_ready_i),
    .preq_addr_o     (dpreq_addr_o),
    .preq_kind_o     (dpreq_kind_o),
    .preq_size_o     (dpreq_size_o),
    .preq_we_o       (dpreq_we_o),
    .preq_wdata_o    (dpreq_wdata_o),
    .lrsp_valid_o    (dlrsp_valid_o),
    .lrsp_fault_o    (dlrsp_fault_o),
    .lrsp_cause_o    (dlrsp_cause_o),
    .fence_o         (dfence),
    .ev_hit_o        (ev_dhit),
    .ev_miss_o       (ev_dmiss),
    .ev_page_fault_o (ev_dpf)
  );

  // -------------------------------------------------------- page-table walker
  logic ev_walk, ev_busy, ev_pte_read, ev_ad_update, ev_ad_retry, ev_killed, ev_walk_access;

  mmu_ptw #(
    .DramBase (DramBase),
    .DramSize (DramSize)
  ) u_ptw (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .req_i             ({iwalk_req, dwalk_req}),
    .va_i              ({islot_addr, dslot_addr}),
    .acc_i             ({iacc, dacc}),
    .priv_i            ({ipriv, dpriv}),
    .satp_i            ({isatp, dsatp}),
    .sum_i             ({isum, dsum}),
    .mxr_i             ({imxr, dmxr}),
    .adue_i            ({iadue, dadue}),
    .start_o           (walk_start),
    .fault_o           (walk_fault),
    .cause_o           (walk_cause),
    .fill_o            (walk_fill),
    .fill_asid_o       (fill_asid),
    .fill_g_o          (fill_g),
    .fill_mega_o       (fill_mega),
    .fill_ppn_o        (fill_ppn),
    .fill_r_o          (fill_r),
    .fill_w_o          (fill_w),
    .fill_x_o          (fill_x),
    .fill_u_o          (fill_u),
    .fill_d_o          (fill_d),
    .kill_i            (dfence),
    .wb_cyc_o          (wb_cyc_o),
    .wb_stb_o          (wb_stb_o),
    .wb_adr_o          (wb_adr_o),
    .wb_we_o           (wb_we_o),
    .wb_sel_o          (wb_sel_o),
    .wb_dat_o          (wb_dat_o),
    .wb_lock_o         (wb_lock_o),
    .wb_stall_i        (wb_stall_i),
    .wb_ack_i          (wb_ack_i),
    .wb_err_i          (wb_err_i),
    .wb_dat_i          (wb_dat_i),
    .ev_walk_o         (ev_walk),
    .ev_busy_o         (ev_busy),
    .ev_pte_read_o     (ev_pte_read),
    .ev_ad_update_o    (ev_ad_update),
    .ev_ad_retry_o     (ev_ad_retry),
    .ev_killed_o       (ev_killed),
    .ev_access_fault_o (ev_walk_access)
  );

  // -------------------------------------------------------------- statistics
  // The mmu.* block of config/stats.toml, in its order, one bit each.
  logic ev_load_pf, ev_store_pf;
  assign ev_load_pf  = ev_dpf && dlrsp_cause_o == mem_pkg::CauseLoadPage;
  assign ev_store_pf = ev_dpf && dlrsp_cause_o == mem_pkg::CauseStorePage;

  perf_counters #(
    .N          (15),
    .IncW       (1),
    .FirstEvent (`MMCOSIM_EVENT_MMU_ITLB_HIT)
  ) u_perf (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .inc_i  ({ev_walk_access, ev_store_pf, ev_load_pf, ev_ipf, dfence,
              ev_killed, ev_ad_retry, ev_ad_update, ev_pte_read, ev_busy, ev_walk,
              ev_dmiss, ev_dhit, ev_imiss, ev_ihit})
  );

  // Kept for waveforms (bench/waves/mmu.gtkw) and assertions only.
  logic unused;
  assign unused = ^{ig, dg, iidx, didx, ifill_idx, dfill_idx, ifence, islot_wdata,
                    dslot_wdata[31:`MMCOSIM_PORT_SFENCE_ASID_LSB + AsidW]};

`ifndef SYNTHESIS
  initial begin
    assert (`MMCOSIM_EVENT_MMU_FAULT_WALK_ACCESS == `MMCOSIM_EVENT_MMU_ITLB_HIT + 14)
      else $fatal(1, "mmu: the mmu.* statistics are not the 15 consecutive entries of stats.toml");
  end
  mmu_checker u_chk (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .ifence_i      (ifence),
    .iwalk_req_i   (iwalk_req),
    .iready_i      (ireq_ready_o),
    .ipreq_valid_i (ipreq_valid_o),
    .ilrsp_valid_i (ilrsp_valid_o),
    .dwalk_req_i   (dwalk_req),
    .dready_i      (dreq_ready_o),
    .dpreq_valid_i (dpreq_valid_o),
    .dlrsp_valid_i (dlrsp_valid_o),
    .ivalid_i      (islot),
    .dvalid_i      (dslot),
    .walk_start_i  (walk_start),
    .walk_fault_i  (walk_fault),
    .walk_fill_i   (walk_fill),
    .fill_mega_i   (fill_mega),
    .fill_ppn_lo_i (fill_ppn[9:0]),
    .itouch_i      (itouch),
    .dtouch_i      (dtouch),
    .wb_stb_i      (wb_stb_o),
    .wb_adr_i      (wb_adr_o),
    .wb_ack_i      (wb_ack_i),
    .wb_err_i      (wb_err_i),
    .wb_cyc_i      (wb_cyc_o)
  );
`endif

endmodule
