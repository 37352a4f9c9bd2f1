// dram_device: a DRAM device (rank) behind its command bus: banks, rows,
// row buffers, cells that leak, and the timing checks of a device model.
//
//   cmd_i/bank_i/row_i/col_i ─┬─▶ dram_bank x Banks   (state, auto-precharge)
//   (one command per cycle)   ├─▶ dram_cells          (rows, row buffers, retention)
//                             ├─▶ refresh row counter (REF: RowsPerRef rows, one per cycle)
//                             └─▶ dram_checker        (every tXX rule, simulation only)
//   RD at edge t ─▶ cells read at t ─▶ Tcl-1 pipeline stages ─▶ rvalid_o/rdata_o
//
// Read data: a RD/RDA taken at edge t is sampled by the controller at edge
// t + Tcl (rvalid_o high for the one cycle before that edge).  With ECC
// (Ecc != 0) the cells decode each word as they read it (dram_cells): the
// corrected word travels down the pipeline with rerr_o, which marks an
// uncorrectable one; ecc_ce_o / ecc_ue_o count them one cycle after the
// read (statistics).  A real rank stores the check bits in a ninth x8
// device and the controller decodes; the answer on the bus is the same.  Write data
// travels with WR/WRA and lands in the row buffer at the command edge (the
// checker still holds WR to CWL + burst + tWR before PRE and to
// CWL + burst + tWTR before RD, so no command can tell the difference).
// The controller owns the timing; this model follows every command and
// flags the illegal ones (viol_o, assertions naming rule, bank, cycle).
//
// Bursts: a RD/WR carries len_i words (1 .. BurstWords, inside one aligned
// block of BurstWords columns: DDR's BL8 with the start column's low bits
// as the first word, linear to the block's end).  The device's 32-bit
// core-side data path moves one word per core cycle: word k of a RD taken
// at t is read at t + k and sampled by the controller at t + k + Tcl;
// word k of a WR is taken from wdata_i/wbe_i at t + k.  The DDR data bus
// itself carries the whole burst in tBURST, which the checker's rules use.
//
//   edge      t      t+1    ...  t+7          t+Tcl  t+Tcl+1 ... t+Tcl+7
//   cmd       RD c   .           .
//   cells     c      c+1         c+7
//   rvalid                                    w0     w1          w7
`include "mmcosim_cfg.svh"

module dram_device #(
  parameter int unsigned Banks        = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows         = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Columns      = `MMCOSIM_DRAM_COLUMNS,
  parameter int unsigned AddrMap      = `MMCOSIM_DRAM_ADDR_MAP,
  parameter logic [63:0] Retention    = `MMCOSIM_DRAM_CK_RETENTION,
  parameter logic [31:0] LeakValue    = `MMCOSIM_DRAM_LEAK_VALUE,
  parameter int unsigned RowsPerRef   = `MMCOSIM_DRAM_ROWS_PER_REF,
  parameter int unsigned Refresh      = `MMCOSIM_DRAM_REFRESH,
  parameter int unsigned MaxPostponed = `MMCOSIM_DRAM_MAX_POSTPONED,
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
  parameter int unsigned BurstWords   = 2 * `MMCOSIM_DRAM_TIMING_BURST,
  localparam int unsigned KW    = $clog2(BurstWords),
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned RowW  = $clog2(Rows),
  localparam int unsigned ColW  = $clog2(Columns),
  localparam int unsigned DecW  = $clog2(Banks + 2),
  // the banks' times: 64 bits, or narrow enough that no rule reaches
  // 2^(TimeW-2) cycles ahead (dram_bank)
  localparam int unsigned Vmax  = Trcd + Tras + Trtp + Tcwl + Tburst + Twr + Trp + Trfc + 2,
  localparam int unsigned TimeW = NarrowTimers != 0 ? $clog2(Vmax + 1) + 2 : 64
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  dram_pkg::cmd_e                cmd_i,
  input  logic [BankW-1:0]              bank_i,
  input  logic [RowW-1:0]               row_i,
  input  logic [ColW-1:0]               col_i,
  input  logic [31:0]                   wdata_i,
  input  logic [3:0]                    wbe_i,
  input  logic [KW:0]                   len_i,    // words of a RD/WR
  output logic                          rvalid_o,
  output logic [31:0]                   rdata_o,
  output logic                          rerr_o,      // ECC: rdata_o is uncorrectable
  output logic [dram_pkg::NumRules-1:0] viol_o,
  output logic [DecW-1:0]               decay_o,
  output logic [3:0]                    ham_dist_o,  // RowHammer: rows disturbed (one cycle late)
  output logic [3:0]                    ham_vict_o,  //   and flipped
  output logic                          ecc_ce_o,    // ECC: a word corrected (one cycle after its read)
  output logic                          ecc_ue_o,    //   a word uncorrectable
  output logic                          any_open_o   // some bank has a row open (statistics)
);

  logic is_act, is_rd, is_wr, is_ap, is_ref;
  assign is_act = cmd_i == dram_pkg::CmdAct;
  assign is_rd  = cmd_i == dram_pkg::CmdRd || cmd_i == dram_pkg::CmdRda;
  assign is_wr  = cmd_i == dram_pkg::CmdWr || cmd_i == dram_pkg::CmdWra;
  assign is_ap  = cmd_i == dram_pkg::CmdRda || cmd_i == dram_pkg::CmdWra;
  assign is_ref = cmd_i == dram_pkg::CmdRef;

  // ----------------------------------------------------------------- banks
  dram_pkg::bank_state_e bank_state [Banks];
  logic [Banks-1:0] bank_pre;
  // cycles since reset, wraps: the banks' timers end at these.  (Left in
  // the trace on purpose: Verilator 5.006 built the model 30% slower with
  // this counter under tracing_off.)
  logic [TimeW-1:0] now_q;
  logic             epoch;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) now_q <= '0;
    else         now_q <= now_q + 1'b1;
  end
  assign epoch = NarrowTimers != 0 && now_q[TimeW-3:0] == '0;

  for (genvar b = 0; b < Banks; b++) begin : g_bank
    logic sel;
    assign sel = bank_i == BankW'(b);
    dram_bank #(
      .Trcd (Trcd),
      .Trp  (Trp),
      .Tras (Tras),
      .Trtp (Trtp),
      .Twrp (Tcwl + Tburst + Twr),
      .Trfc (Trfc),
      .TimeW (TimeW)
    ) u_bank (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .now_i   (now_q),
      .epoch_i (epoch),
      .act_i   (is_act && sel),
      .rd_i    (is_rd && sel),
      .wr_i    (is_wr && sel),
      .ap_i    (is_ap),
      .pre_i   ((cmd_i == dram_pkg::CmdPre && sel) || cmd_i == dram_pkg::CmdPrea),
      .ref_i   (is_ref),
      .state_o (bank_state[b]),
      .pre_o   (bank_pre[b])
    );
  end

  // -------------------------------------------------------- refresh rows
  // REF refreshes RowsPerRef rows of every bank in order, one per cycle
  // from the REF edge on (RowsPerRef <= tRFC, checked by config/gen.py).
  logic [RowW-1:0] ref_row_q;
  logic [15:0]     ref_left_q;
  logic            ref_row_now;

  assign ref_row_now = is_ref || ref_left_q != 16'd0;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ref_row_q  <= '0;
      ref_left_q <= '0;
    end else if (ref_row_now) begin
      ref_row_q  <= ref_row_q + 1'b1;
      ref_left_q <= is_ref ? 16'(RowsPerRef - 1) : ref_left_q - 16'd1;
    end
  end

  // ------------------------------------------------------- burst sequencer
  // The words of a RD/WR after its first: one column per cycle.
  logic [KW:0]      bs_left_q;
  logic             bs_we_q;
  logic [BankW-1:0] bs_bank_q;
  logic [ColW-1:0]  bs_col_q;
  logic             bs_on, cell_rd, cell_wr;
  logic [BankW-1:0] cell_bank;
  logic [ColW-1:0]  cell_col;
  assign bs_on     = bs_left_q != '0;
  assign cell_rd   = is_rd || (bs_on && !bs_we_q);
  assign cell_wr   = is_wr || (bs_on && bs_we_q);
  assign cell_bank = bs_on ? bs_bank_q : bank_i;
  assign cell_col  = bs_on ? bs_col_q : col_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      bs_left_q <= '0;
    end else if (is_rd || is_wr) begin
      bs_left_q <= len_i - (KW+1)'(1);
      bs_we_q   <= is_wr;
      bs_bank_q <= bank_i;
      bs_col_q  <= col_i + ColW'(1);
    end else if (bs_on) begin
      bs_left_q <= bs_left_q - (KW+1)'(1);
      bs_col_q  <= bs_col_q + ColW'(1);
    end
  end

  // ----------------------------------------------------------------- cells
  logic [31:0] cell_rdata;
  logic        cell_ue;
  logic [Banks*RowW-1:0] open_row;

  dram_cells #(
    .Banks     (Banks),
    .Rows      (Rows),
    .Columns   (Columns),
    .AddrMap   (AddrMap),
    .Retention (Retention),
    .LeakValue (LeakValue),
    .RowHammer (RowHammer), .HammerThreshold (HammerThreshold), .HammerRadius (HammerRadius),
    .HammerBits (HammerBits), .HammerSeed (HammerSeed), .Ecc (Ecc)
  ) u_cells (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .act_i      (is_act),
    .act_bank_i (bank_i),
    .act_row_i  (row_i),
    .pre_i      (bank_pre),
    .ref_i      (ref_row_now),
    .ref_row_i  (ref_row_q),
    .rd_i       (cell_rd),
    .wr_i       (cell_wr),
    .bank_i     (cell_bank),
    .col_i      (cell_col),
    .wdata_i    (wdata_i),
    .wbe_i      (wbe_i),
    .rdata_o    (cell_rdata),
    .open_row_o (open_row),
    .any_open_o (any_open_o),
    .decay_o    (decay_o),
    .ham_dist_o (ham_dist_o),
    .ham_vict_o (ham_vict_o),
    .ecc_ce_o   (ecc_ce_o),
    .ecc_ue_o   (cell_ue)
  );
  assign ecc_ue_o = cell_ue;

  // ------------------------------------------------- read data, CL later
  // Stage 0 is the cells' read register (edge t); a delay line of Tcl-1
  // edges follows: a ring of Tcl-1 words, written and read at wp_q (what
  // was written Tcl-1 edges ago), so each edge moves one word, not Tcl-1.
  localparam int unsigned D = Tcl - 1;
  localparam int unsigned DW = $clog2(D);
  logic          rd_q;
  logic [D-1:0]  valid_q;              // valid_q[k]: a read k+1 edges into the line
  logic [31:0]   ring_q [D];
  logic [D-1:0]  ring_ue_q;            // ECC: uncorrectable, with ring_q
  logic [DW-1:0] wp_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rd_q    <= 1'b0;
      valid_q <= '0;
      wp_q    <= '0;
    end else begin
      rd_q    <= cell_rd;
      valid_q <= {valid_q[D-2:0], rd_q};
      wp_q    <= (wp_q == DW'(D - 1)) ? '0 : wp_q + 1'b1;
    end
    ring_q[wp_q] <= cell_rdata;
    ring_ue_q[wp_q] <= cell_ue;
  end

  assign rvalid_o = valid_q[D-1];
  assign rdata_o  = ring_q[wp_q];
  assign rerr_o   = ring_ue_q[wp_q];

  // --------------------------------------------------------------- checks
`ifndef SYNTHESIS
  dram_checker #(
    .Banks (Banks), .Tcwl (Tcwl), .Tburst (Tburst), .Trcd (Trcd), .Trp (Trp),
    .Tras (Tras), .Trc (Trc), .Tccd (Tccd), .Trrd (Trrd), .Tfaw (Tfaw), .Twr (Twr),
    .Twtr (Twtr), .Trtp (Trtp), .Trfc (Trfc), .Trefi (Trefi), .Trtw (Trtw),
    .Refresh (Refresh), .MaxPostponed (MaxPostponed),
    .BankGroups (BankGroups), .TccdL (TccdL), .TrrdL (TrrdL), .TwtrL (TwtrL)
  ) u_checker (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .cmd_i  (cmd_i),
    .bank_i (bank_i),
    .viol_o (viol_o)
  );
  initial begin
    assert (Tcl >= 3) else $fatal(1, "dram_device: Tcl=%0d < 3", Tcl);
    // a burst's last word is read before an auto-precharge closes the row
    assert (Trtp >= BurstWords)
      else $fatal(1, "dram_device: tRTP=%0d < BurstWords=%0d core cycles", Trtp, BurstWords);
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!((is_rd || is_wr) && bs_on))
        else $error("dram_device: column command while a burst's words still move");
      assert (!(is_rd || is_wr) || (len_i != '0 && len_i <= (KW+1)'(BurstWords) &&
                                    32'(col_i[KW-1:0]) + 32'(len_i) <= BurstWords))
        else $error("dram_device: burst of %0d words at column %0d leaves its block", len_i, col_i);
    end
  end
`else
  assign viol_o = '0;
`endif

  // The open rows address the cells inside dram_cells; the banks' states
  // are for waveforms (g_bank[b].u_bank.state_q).
  logic unused_device;
  assign unused_device = ^open_row;
  logic [Banks-1:0] unused_state;
  for (genvar b = 0; b < Banks; b++) begin : g_unused_state
    assign unused_state[b] = ^bank_state[b];
  end

endmodule
