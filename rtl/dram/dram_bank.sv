// dram_bank: the state of one bank of the DRAM device, as the device sees
// the command bus (legality is dram_checker's business; this module follows
// whatever it is told).
//
//              ACT            tRCD             RDA/WRA: max(tRAS left, tRTP | CWL+BL+tWR)
//   BankIdle ─────▶ Activating ─────▶ Active ─────▶ ApPending ──┐
//      ▲  ▲                              │ PRE                  │ internal PRE
//      │  └──────── Precharging ◀────────┴──────────────────────┘  (pre_o)
//      │     tRP
//      └────────── Refreshing ◀── REF (every bank)   tRFC
//
// Timed states hold cnt_q = cycles left; a state entered at edge t for V
// cycles (cnt <= V - 1) ends at edge t + V, where a command may already
// use the next state.  pre_cnt_q counts the cycles until a PRE of the open
// row is allowed (tRAS after ACT, tRTP after RD, CWL + burst + tWR after WR):
// auto-precharge starts when it runs out.  pre_o pulses at the edge at
// which the open row is written back (explicit PRE/PREA or auto-precharge).
`include "mmcosim_cfg.svh"

module dram_bank #(
  parameter int unsigned Trcd = 32'(`MMCOSIM_DRAM_CK_RCD),
  parameter int unsigned Trp  = 32'(`MMCOSIM_DRAM_CK_RP),
  parameter int unsigned Tras = 32'(`MMCOSIM_DRAM_CK_RAS),
  parameter int unsigned Trtp = 32'(`MMCOSIM_DRAM_CK_RTP),
  parameter int unsigned Twrp = 32'(`MMCOSIM_DRAM_CK_CWL + `MMCOSIM_DRAM_CK_BURST + `MMCOSIM_DRAM_CK_WR),   // CWL + burst + tWR: WR to PRE
  parameter int unsigned Trfc = 32'(`MMCOSIM_DRAM_CK_RFC)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  act_i,
  input  logic                  rd_i,
  input  logic                  wr_i,
  input  logic                  ap_i,    // with rd_i/wr_i: auto-precharge
  input  logic                  pre_i,   // PRE to this bank, or PREA
  input  logic                  ref_i,
  output dram_pkg::bank_state_e state_o,
  output logic                  pre_o
);

  dram_pkg::bank_state_e state_q, state_d;
  logic [15:0] cnt_q, cnt_d, pre_cnt_q, pre_cnt_d, col_v, ap_wait;
  logic        row_open, ap_fire;

  assign row_open = (state_q == dram_pkg::BankActivating) || (state_q == dram_pkg::BankActive);
  assign ap_fire  = (state_q == dram_pkg::BankApPending) && (cnt_q == 16'd0);
  assign col_v    = rd_i ? 16'(Trtp) : 16'(Twrp);
  assign ap_wait  = (pre_cnt_q > col_v) ? pre_cnt_q : col_v;
  assign pre_o    = (pre_i && row_open) || ap_fire;
  assign state_o  = state_q;

  always_comb begin
    state_d   = state_q;
    cnt_d     = cnt_q;
    pre_cnt_d = pre_cnt_q;
    if (cnt_q != 16'd0) cnt_d = cnt_q - 16'd1;
    if (pre_cnt_q != 16'd0) pre_cnt_d = pre_cnt_q - 16'd1;
    // timed states end
    if (cnt_q == 16'd0 && state_q != dram_pkg::BankIdle && state_q != dram_pkg::BankActive) begin
      unique case (state_q)
        dram_pkg::BankActivating: state_d = dram_pkg::BankActive;
        dram_pkg::BankApPending: begin
          state_d = dram_pkg::BankPrecharging;
          cnt_d   = 16'(Trp - 1);
        end
        dram_pkg::BankPrecharging, dram_pkg::BankRefreshing: state_d = dram_pkg::BankIdle;
        default: ;
      endcase
    end
    // commands
    if (act_i || rd_i || wr_i || pre_i || ref_i) begin
    if (act_i) begin
      state_d   = dram_pkg::BankActivating;
      cnt_d     = 16'(Trcd - 1);
      pre_cnt_d = 16'(Tras - 1);
    end
    if (rd_i || wr_i) begin
      if (col_v - 16'd1 > pre_cnt_d) pre_cnt_d = col_v - 16'd1;
      if (ap_i) begin
        state_d = dram_pkg::BankApPending;
        cnt_d   = ap_wait - 16'd1;
      end
    end
    if (pre_i && row_open) begin
      state_d = dram_pkg::BankPrecharging;
      cnt_d   = 16'(Trp - 1);
    end
    if (ref_i) begin
      state_d = dram_pkg::BankRefreshing;
      cnt_d   = 16'(Trfc - 1);
    end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= dram_pkg::BankIdle;
      cnt_q     <= '0;
      pre_cnt_q <= '0;
    end else begin
      state_q   <= state_d;
      cnt_q     <= cnt_d;
      pre_cnt_q <= pre_cnt_d;
    end
  end

endmodule
