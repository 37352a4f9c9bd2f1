// dram_top: the DRAM behind the shared Wishbone bus -- controller, device
// and statistics, with every parameter from the generated configuration
// (config/<cfg>.toml [dram], [dram.timing]; timings converted to core
// cycles by config/gen.py, MMCOSIM_DRAM_CK_*).
//
//   Wishbone ─▶ dram_ctrl ── cmd/bank/row/col/wdata ──▶ dram_device
//            ◀─ ack/data ◀──────────── rvalid/rdata ◀──┘
//                  └─ events ─▶ dram_stats ◀─ decays ──┘
//
// The dbg_* outputs expose the command bus and the checker to unit tests
// (tests/rtl/dram_*); mem_subsys leaves them unused.
//   dbg_cmd_o  [3:0] cmd  [7:4] bank  [31:8] row  [47:32] col  [48] valid (cmd != NOP)
//              [55:49] words of a RD/WR (burst length)
`include "mmcosim_cfg.svh"

module dram_top #(
  parameter logic [31:0] Base            = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter int unsigned Banks           = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows            = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Columns         = `MMCOSIM_DRAM_COLUMNS,
  parameter int unsigned AddrMap         = `MMCOSIM_DRAM_ADDR_MAP,
  parameter int unsigned QueueDepth      = `MMCOSIM_DRAM_QUEUE_DEPTH,
  parameter int unsigned Scheduler       = `MMCOSIM_DRAM_SCHEDULER,
  parameter int unsigned PagePolicy      = `MMCOSIM_DRAM_PAGE_POLICY,
  parameter int unsigned AdaptiveIdle    = `MMCOSIM_DRAM_ADAPTIVE_IDLE,
  parameter int unsigned AdaptiveMaxHits = `MMCOSIM_DRAM_ADAPTIVE_MAX_HITS,
  parameter int unsigned Refresh         = `MMCOSIM_DRAM_REFRESH,
  parameter int unsigned RowsPerRef      = `MMCOSIM_DRAM_ROWS_PER_REF,
  parameter int unsigned MaxPostponed    = `MMCOSIM_DRAM_MAX_POSTPONED,
  parameter logic [63:0] Retention       = `MMCOSIM_DRAM_CK_RETENTION,
  parameter logic [31:0] LeakValue       = `MMCOSIM_DRAM_LEAK_VALUE,
  parameter int unsigned Tcl    = 32'(`MMCOSIM_DRAM_CK_CL),
  parameter int unsigned Tcwl   = 32'(`MMCOSIM_DRAM_CK_CWL),
  parameter int unsigned Tburst = 32'(`MMCOSIM_DRAM_CK_BURST),
  parameter int unsigned Trcd   = 32'(`MMCOSIM_DRAM_CK_RCD),
  parameter int unsigned Trp    = 32'(`MMCOSIM_DRAM_CK_RP),
  parameter int unsigned Tras   = 32'(`MMCOSIM_DRAM_CK_RAS),
  parameter int unsigned Trc    = 32'(`MMCOSIM_DRAM_CK_RC),
  parameter int unsigned Tccd   = 32'(`MMCOSIM_DRAM_CK_CCD),
  parameter int unsigned Trrd   = 32'(`MMCOSIM_DRAM_CK_RRD),
  parameter int unsigned Tfaw   = 32'(`MMCOSIM_DRAM_CK_FAW),
  parameter int unsigned Twr    = 32'(`MMCOSIM_DRAM_CK_WR),
  parameter int unsigned Twtr   = 32'(`MMCOSIM_DRAM_CK_WTR),
  parameter int unsigned Trtp   = 32'(`MMCOSIM_DRAM_CK_RTP),
  parameter int unsigned Trfc   = 32'(`MMCOSIM_DRAM_CK_RFC),
  parameter int unsigned Trefi  = 32'(`MMCOSIM_DRAM_CK_REFI),
  parameter int unsigned Trtw   = 32'(`MMCOSIM_DRAM_CK_RTW),
  parameter int unsigned BankGroups = `MMCOSIM_DRAM_BANK_GROUPS,  // DDR4: _L within a group
  parameter int unsigned TccdL  = 32'(`MMCOSIM_DRAM_CK_CCD_L),
  parameter int unsigned TrrdL  = 32'(`MMCOSIM_DRAM_CK_RRD_L),
  parameter int unsigned TwtrL  = 32'(`MMCOSIM_DRAM_CK_WTR_L),
  parameter int unsigned RowHammer       = `MMCOSIM_DRAM_ROWHAMMER_ENABLE,
  parameter int unsigned HammerThreshold = `MMCOSIM_DRAM_ROWHAMMER_THRESHOLD,
  parameter int unsigned HammerRadius    = `MMCOSIM_DRAM_ROWHAMMER_RADIUS,
  parameter int unsigned HammerBits      = `MMCOSIM_DRAM_ROWHAMMER_BITS,
  parameter logic [31:0] HammerSeed      = `MMCOSIM_DRAM_ROWHAMMER_SEED,
  parameter int unsigned Ecc             = `MMCOSIM_DRAM_ECC_ENABLE,
  parameter int unsigned NarrowTimers = `MMCOSIM_DRAM_NARROW_TIMERS,
  parameter int unsigned Para         = `MMCOSIM_DRAM_MITIGATION_PARA,
  parameter int unsigned TrrThreshold = `MMCOSIM_DRAM_MITIGATION_TRR_THRESHOLD,
  parameter int unsigned TrrEntries   = `MMCOSIM_DRAM_MITIGATION_TRR_ENTRIES,
  parameter int unsigned MitRadius    = `MMCOSIM_DRAM_MITIGATION_RADIUS,
  parameter logic [31:0] MitSeed      = `MMCOSIM_DRAM_MITIGATION_SEED,
  parameter int unsigned BurstWords   = 2 * `MMCOSIM_DRAM_TIMING_BURST,  // BL: columns per RD/WR
  localparam int unsigned KW    = $clog2(BurstWords),
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned RowW  = $clog2(Rows),
  localparam int unsigned ColW  = $clog2(Columns),
  localparam int unsigned DecW  = $clog2(Banks + 2)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        wb_cyc_i,
  input  logic        wb_stb_i,
  input  logic [31:0] wb_adr_i,
  input  logic        wb_we_i,
  input  logic [3:0]  wb_sel_i,
  input  logic [31:0] wb_dat_i,
  input  logic [2:0]  wb_cti_i,
  input  logic [1:0]  wb_bte_i,
  output logic        wb_stall_o,
  output logic        wb_ack_o,
  output logic        wb_err_o,
  output logic [31:0] wb_dat_o,
  output logic [63:0] dbg_cmd_o,
  output logic [15:0] dbg_viol_o
);

  dram_pkg::cmd_e   cmd;
  logic [BankW-1:0] cmd_bank;
  logic [RowW-1:0]  cmd_row;
  logic [ColW-1:0]  cmd_col;
  logic [31:0]      cmd_wdata, rdata;
  logic [3:0]       cmd_wbe;
  logic [KW:0]      cmd_len;
  logic             rvalid, rerr;
  logic             ecc_ce, ecc_ue;      // ECC: a word corrected / uncorrectable (stats)
  logic             any_open;            // some row open: active standby (stats, energy)
  logic             ev_para, ev_trr, ev_mit_drop;  // RowHammer mitigation ACTs (stats)
  logic [dram_pkg::NumRules-1:0] viol;
  logic [DecW-1:0]  decay;
  logic [3:0]       ham_dist, ham_vict;  // RowHammer: disturbances, flips (waveform, stats)

  logic             ev_ack, ev_ack_we, ev_col, ev_col_we, ev_ref, ev_busy, ev_refresh, ev_full;
  logic [15:0]      ev_lat;
  logic [1:0]       ev_col_class;
  logic [BankW-1:0] ev_col_bank;
  logic [2:0]       ev_ack_bytes;
  logic [Banks-1:0] ev_act, ev_pre, ev_bank_busy;

  dram_ctrl #(
    .Base (Base), .Banks (Banks), .Rows (Rows), .Columns (Columns), .AddrMap (AddrMap),
    .QueueDepth (QueueDepth), .Scheduler (Scheduler), .PagePolicy (PagePolicy),
    .AdaptiveIdle (AdaptiveIdle), .AdaptiveMaxHits (AdaptiveMaxHits),
    .Refresh (Refresh), .MaxPostponed (MaxPostponed),
    .Tcwl (Tcwl), .Tburst (Tburst), .Trcd (Trcd), .Trp (Trp), .Tras (Tras), .Trc (Trc),
    .Tccd (Tccd), .Trrd (Trrd), .Tfaw (Tfaw), .Twr (Twr), .Twtr (Twtr), .Trtp (Trtp),
    .Trfc (Trfc), .Trefi (Trefi), .Trtw (Trtw),
    .BankGroups (BankGroups), .TccdL (TccdL), .TrrdL (TrrdL), .TwtrL (TwtrL),
    .NarrowTimers (NarrowTimers), .BurstWords (BurstWords),
    .Para (Para), .TrrThreshold (TrrThreshold), .TrrEntries (TrrEntries),
    .MitRadius (MitRadius), .MitSeed (MitSeed)
  ) u_ctrl (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .wb_cyc_i       (wb_cyc_i),
    .wb_stb_i       (wb_stb_i),
    .wb_adr_i       (wb_adr_i),
    .wb_we_i        (wb_we_i),
    .wb_sel_i       (wb_sel_i),
    .wb_dat_i       (wb_dat_i),
    .wb_cti_i       (wb_cti_i),
    .wb_bte_i       (wb_bte_i),
    .wb_stall_o     (wb_stall_o),
    .wb_ack_o       (wb_ack_o),
    .wb_err_o       (wb_err_o),
    .wb_dat_o       (wb_dat_o),
    .cmd_o          (cmd),
    .cmd_bank_o     (cmd_bank),
    .cmd_row_o      (cmd_row),
    .cmd_col_o      (cmd_col),
    .cmd_wdata_o    (cmd_wdata),
    .cmd_wbe_o      (cmd_wbe),
    .cmd_len_o      (cmd_len),
    .rvalid_i       (rvalid),
    .rdata_i        (rdata),
    .rerr_i         (rerr),
    .ev_ack_o       (ev_ack),
    .ev_ack_we_o    (ev_ack_we),
    .ev_lat_o       (ev_lat),
    .ev_col_o       (ev_col),
    .ev_col_class_o (ev_col_class),
    .ev_col_we_o    (ev_col_we),
    .ev_col_bank_o  (ev_col_bank),
    .ev_ack_bytes_o (ev_ack_bytes),
    .ev_act_o       (ev_act),
    .ev_pre_o       (ev_pre),
    .ev_ref_o       (ev_ref),
    .ev_busy_o      (ev_busy),
    .ev_refresh_o   (ev_refresh),
    .ev_full_o      (ev_full),
    .ev_bank_busy_o (ev_bank_busy),
    .ev_para_o      (ev_para),
    .ev_trr_o       (ev_trr),
    .ev_mit_drop_o  (ev_mit_drop)
  );

  dram_device #(
    .Banks (Banks), .Rows (Rows), .Columns (Columns), .AddrMap (AddrMap),
    .Retention (Retention), .LeakValue (LeakValue), .RowsPerRef (RowsPerRef),
    .Refresh (Refresh), .MaxPostponed (MaxPostponed),
    .Tcl (Tcl), .Tcwl (Tcwl), .Tburst (Tburst), .Trcd (Trcd), .Trp (Trp), .Tras (Tras),
    .Trc (Trc), .Tccd (Tccd), .Trrd (Trrd), .Tfaw (Tfaw), .Twr (Twr), .Twtr (Twtr),
    .Trtp (Trtp), .Trfc (Trfc), .Trefi (Trefi), .Trtw (Trtw),
    .BankGroups (BankGroups), .TccdL (TccdL), .TrrdL (TrrdL), .TwtrL (TwtrL),
    .RowHammer (RowHammer), .HammerThreshold (HammerThreshold), .HammerRadius (HammerRadius),
    .HammerBits (HammerBits), .HammerSeed (HammerSeed), .Ecc (Ecc),
    .NarrowTimers (NarrowTimers), .BurstWords (BurstWords)
  ) u_device (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .cmd_i    (cmd),
    .bank_i   (cmd_bank),
    .row_i    (cmd_row),
    .col_i    (cmd_col),
    .wdata_i  (cmd_wdata),
    .wbe_i    (cmd_wbe),
    .len_i    (cmd_len),
    .rvalid_o (rvalid),
    .rdata_o  (rdata),
    .rerr_o   (rerr),
    .viol_o   (viol),
    .decay_o  (decay),
    .ham_dist_o (ham_dist),
    .ham_vict_o (ham_vict),
    .ecc_ce_o   (ecc_ce),
    .ecc_ue_o   (ecc_ue),
    .any_open_o (any_open)
  );

  dram_stats #(
    .Banks (Banks),
    .HammerBits (HammerBits)
  ) u_stats (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ack_i       (ev_ack),
    .ack_we_i    (ev_ack_we),
    .lat_i       (ev_lat),
    .col_i       (ev_col),
    .col_class_i (ev_col_class),
    .col_we_i    (ev_col_we),
    .col_bank_i  (ev_col_bank),
    .ack_bytes_i (ev_ack_bytes),
    .act_i       (ev_act),
    .pre_i       (ev_pre),
    .ref_i       (ev_ref),
    .busy_i      (ev_busy),
    .refresh_i   (ev_refresh),
    .full_i      (ev_full),
    .bank_busy_i (ev_bank_busy),
    .decay_i     (decay),
    .ham_dist_i  (ham_dist),
    .ham_vict_i  (ham_vict),
    .ecc_ce_i    (ecc_ce),
    .ecc_ue_i    (ecc_ue),
    .any_open_i  (any_open),
    .para_i      (ev_para),
    .trr_i       (ev_trr),
    .mit_drop_i  (ev_mit_drop)
  );

  assign dbg_cmd_o  = {8'd0, 7'(cmd_len), cmd != dram_pkg::CmdNop, 16'(cmd_col), 24'(cmd_row),
                       4'(cmd_bank), cmd};
  assign dbg_viol_o = 16'(viol);

endmodule
