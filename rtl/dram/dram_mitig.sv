// dram_mitig: RowHammer mitigations of the controller -- which extra rows
// to activate (an ACT restores a row and restarts its disturbance count,
// docs/dram.md).  dram_ctrl issues the head's ACT when the bank is closed
// and the ACT timers allow (after refresh, before any request) and says so
// with taken_i; this module only decides.
//
//   PARA (Para != 0): each time the controller closes a row r of bank b
//     (PRE, RDA, WRA; not PREA), a xorshift32 generator steps once:
//       x ^= x << 13; x ^= x >> 17; x ^= x << 5          (from Seed)
//     x[15:0] < Para: activate r + d if x[24], else r - d, with
//     d = x[23:16] mod Radius + 1 (the other side when that row does not
//     exist).  Para / 65536 is the probability.
//   TRR (TrrThreshold != 0): a table of TrrEntries {bank, row, count}
//     counts ACTs (Misra-Gries): an ACT of a tracked row adds 1, and the
//     one that reaches TrrThreshold restarts it at 0 and activates the
//     row's neighbours r-1, r+1, r-2, r+2, ... up to Radius (rows that
//     exist); an untracked row takes a free entry with count 1, or, with
//     none free, every count drops by 1 (entries at 1 or 0 are freed).
//
// Both push onto a FIFO of MitDepth entries {bank, row, kind} (a full
// FIFO drops the push: dropped_o); the head's victims are want_o/bank_o/
// row_o.  A PARA entry is one ACT, a TRR entry one per neighbour.
// ev_para_o / ev_trr_o: an ACT of that kind was taken at this edge.
`include "mmcosim_cfg.svh"

module dram_mitig #(
  parameter int unsigned Banks        = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows         = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Para         = `MMCOSIM_DRAM_MITIGATION_PARA,
  parameter int unsigned TrrThreshold = `MMCOSIM_DRAM_MITIGATION_TRR_THRESHOLD,
  parameter int unsigned TrrEntries   = `MMCOSIM_DRAM_MITIGATION_TRR_ENTRIES,
  parameter int unsigned Radius       = `MMCOSIM_DRAM_MITIGATION_RADIUS,
  parameter logic [31:0] Seed         = `MMCOSIM_DRAM_MITIGATION_SEED,
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned RowW  = $clog2(Rows),
  localparam int unsigned MitDepth = 4,
  localparam int unsigned CntW  = 16
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             act_i,      // an ACT is issued at this edge (any)
  input  logic             close_i,    // a PRE / RDA / WRA closes one bank's row at this edge
  input  logic [BankW-1:0] bank_i,     // the command's bank
  input  logic [RowW-1:0]  row_i,      // ACT: the row; close: the row being closed
  input  logic             taken_i,    // the controller issues the head's ACT at this edge
  output logic             want_o,     // an ACT of bank_o/row_o is wanted
  output logic [BankW-1:0] bank_o,
  output logic [RowW-1:0]  row_o,
  output logic             ev_para_o,
  output logic             ev_trr_o,
  output logic             dropped_o
);

  localparam bit On = Para != 0 || TrrThreshold != 0;
  localparam int unsigned TE = TrrEntries < 2 ? 2 : TrrEntries;
  localparam int unsigned IW = $clog2(TE);

  if (On) begin : g_on
    // ------------------------------------------------------------ FIFO
    logic [BankW-1:0] f_bank_q [MitDepth];
    logic [RowW-1:0]  f_row_q  [MitDepth];
    logic [MitDepth-1:0] f_trr_q;
    logic [1:0] f_head_q, f_tail_q;
    logic [2:0] f_cnt_q;
    logic [3:0] k_q;                 // head TRR entry: neighbour step
    logic [31:0] x_q;                // PARA generator

    // The head's victim: PARA's row itself, TRR's k-th neighbour.
    logic [31:0] d, v;
    logic        up, v_ok;
    logic [BankW-1:0] h_bank;
    logic [RowW-1:0]  h_row;
    logic             h_trr;
    assign h_bank = f_bank_q[f_head_q];
    assign h_row  = f_row_q[f_head_q];
    assign h_trr  = f_trr_q[f_head_q];
    assign d  = 32'(k_q[3:1]) + 32'd1;
    assign up = k_q[0];
    assign v  = up ? 32'(h_row) + d : 32'(h_row) - d;  // row - d wraps: out of range
    assign v_ok = !h_trr || v < 32'(Rows);
    assign want_o = f_cnt_q != '0 && v_ok;
    assign bank_o = h_bank;
    assign row_o  = h_trr ? RowW'(v) : h_row;
    assign ev_para_o = taken_i && !h_trr;
    assign ev_trr_o  = taken_i && h_trr;

    // ------------------------------------------------------------ PARA
    logic [31:0] x1, x2, x3;
    logic        para_hit;
    logic [31:0] pd, pv;
    logic        unused_pv;          // a row number: only its low RowW bits
    assign unused_pv = ^pv[31:RowW];
    assign x1 = x_q ^ (x_q << 13);
    assign x2 = x1 ^ (x1 >> 17);
    assign x3 = x2 ^ (x2 << 5);
    assign pd = 32'(x3[23:16]) % 32'(Radius) + 32'd1;
    always_comb begin
      para_hit = Para != 0 && close_i && 32'(x3[15:0]) < Para;
      if (x3[24]) pv = 32'(row_i) + pd < 32'(Rows) ? 32'(row_i) + pd : 32'(row_i) - pd;
      else        pv = 32'(row_i) >= pd ? 32'(row_i) - pd : 32'(row_i) + pd;
    end

    // ------------------------------------------------------------- TRR
    logic [TE-1:0]    t_valid_q;
    logic [BankW-1:0] t_bank_q [TE];
    logic [RowW-1:0]  t_row_q  [TE];
    logic [CntW-1:0]  t_cnt_q  [TE];
    logic [TE-1:0]    t_match, t_free;
    logic             t_any_match, t_any_free, trr_hit;
    logic [IW-1:0]    t_mi, t_fi;
    always_comb begin
      t_any_match = 1'b0;
      t_any_free  = 1'b0;
      t_mi = '0;
      t_fi = '0;
      for (int unsigned i = 0; i < TE; i++) begin
        t_match[i] = t_valid_q[i] && t_bank_q[i] == bank_i && t_row_q[i] == row_i;
        t_free[i]  = !t_valid_q[i];
        if (t_match[i] && !t_any_match) begin
          t_any_match = 1'b1;
          t_mi = IW'(i);
        end
        if (t_free[i] && !t_any_free) begin
          t_any_free = 1'b1;
          t_fi = IW'(i);
        end
      end
      trr_hit = TrrThreshold != 0 && act_i && t_any_match &&
                32'(t_cnt_q[t_mi]) + 32'd1 >= TrrThreshold;
    end

    logic push, pop, adv;
    assign push = para_hit || trr_hit;
    assign adv  = f_cnt_q != '0 && (taken_i || !v_ok);  // a step: taken, or no such row
    assign pop  = adv && (!h_trr || 32'(k_q) + 32'd1 >= 2 * Radius);
    assign dropped_o = push && f_cnt_q == 3'(MitDepth) && !pop;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        f_head_q  <= '0;
        f_tail_q  <= '0;
        f_cnt_q   <= '0;
        k_q       <= '0;
        x_q       <= Seed == 32'd0 ? 32'd1 : Seed;
        t_valid_q <= '0;
      end else begin
        if (close_i && Para != 0) x_q <= x3;
        if (adv) k_q <= pop ? 4'd0 : k_q + 4'd1;
        if (pop) f_head_q <= f_head_q + 2'd1;
        if (push && (f_cnt_q != 3'(MitDepth) || pop)) begin
          f_bank_q[f_tail_q] <= bank_i;
          f_row_q[f_tail_q]  <= trr_hit ? row_i : RowW'(pv);
          f_trr_q[f_tail_q]  <= trr_hit;
          f_tail_q <= f_tail_q + 2'd1;
        end
        f_cnt_q <= f_cnt_q + 3'(push && (f_cnt_q != 3'(MitDepth) || pop)) - 3'(pop);
        if (TrrThreshold != 0 && act_i) begin
          if (t_any_match) begin
            t_cnt_q[t_mi] <= trr_hit ? '0 : t_cnt_q[t_mi] + CntW'(1);
          end else if (t_any_free) begin
            t_valid_q[t_fi] <= 1'b1;
            t_bank_q[t_fi]  <= bank_i;
            t_row_q[t_fi]   <= row_i;
            t_cnt_q[t_fi]   <= CntW'(1);
          end else begin
            for (int unsigned i = 0; i < TE; i++) begin
              if (t_cnt_q[i] <= CntW'(1)) t_valid_q[i] <= 1'b0;
              else                        t_cnt_q[i] <= t_cnt_q[i] - CntW'(1);
            end
          end
        end
      end
    end
  end else begin : g_off
    assign want_o    = 1'b0;
    assign bank_o    = '0;
    assign row_o     = '0;
    assign ev_para_o = 1'b0;
    assign ev_trr_o  = 1'b0;
    assign dropped_o = 1'b0;
    logic unused;
    assign unused = ^{clk_i, rst_ni, act_i, close_i, bank_i, row_i, taken_i};
  end

`ifndef SYNTHESIS
  initial begin
    assert (Radius >= 1 && Radius <= 4 && Radius < Rows)
      else $fatal(1, "dram_mitig: Radius %0d outside 1..4", Radius);
    assert (Para <= 65535 && TrrThreshold <= 65535 && TrrEntries >= 2 && TrrEntries <= 16)
      else $fatal(1, "dram_mitig: bad Para / TrrThreshold / TrrEntries");
  end
`endif

endmodule
