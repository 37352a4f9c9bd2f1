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
// Timed states hold end_q, the cycle (now_i, counted from reset by the
// device) at which they end: a state entered at edge t (now_i == t) for V
// cycles ends at edge t + V (now_i >= end_q), where a command may already
// use the next state.  pre_t_q is the cycle from which a PRE of the open
// row is allowed (tRAS after ACT, tRTP after RD, CWL + burst + tWR after
// WR): auto-precharge starts then.  pre_o pulses at the edge at which the
// open row is written back (explicit PRE/PREA or auto-precharge).
// Absolute times instead of counters: an idle bank writes no flop.
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
  input  logic [63:0]           now_i,   // cycles since reset (0 in the first cycle)
  input  logic                  act_i,
  input  logic                  rd_i,
  input  logic                  wr_i,
  input  logic                  ap_i,    // with rd_i/wr_i: auto-precharge
  input  logic                  pre_i,   // PRE to this bank, or PREA
  input  logic                  ref_i,
  output dram_pkg::bank_state_e state_o,
  output logic                  pre_o
);

  dram_pkg::bank_state_e state_q;
  logic [63:0] end_q, pre_t_q, col_t;
  logic        row_open, timed, expired, ap_fire;

  assign row_open = (state_q == dram_pkg::BankActivating) || (state_q == dram_pkg::BankActive);
  assign timed    = state_q != dram_pkg::BankIdle && state_q != dram_pkg::BankActive;
  assign expired  = now_i >= end_q;
  assign ap_fire  = (state_q == dram_pkg::BankApPending) && expired;
  assign pre_o    = (pre_i && row_open) || ap_fire;
  assign state_o  = state_q;
  // RD/WR: PRE allowed from max(what it was, now + tRTP | CWL+BL+tWR)
  assign col_t    = (now_i + (rd_i ? 64'(Trtp) : 64'(Twrp)) > pre_t_q) ?
                    now_i + (rd_i ? 64'(Trtp) : 64'(Twrp)) : pre_t_q;

  // At most one of act/rd/wr/pre/ref per edge (one command on the bus);
  // a command's assignments come after (and win over) the timed ending.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= dram_pkg::BankIdle;
      end_q   <= '0;
      pre_t_q <= '0;
    end else begin
      if (timed && expired) begin
        unique case (state_q)
          dram_pkg::BankActivating: state_q <= dram_pkg::BankActive;
          dram_pkg::BankApPending: begin
            state_q <= dram_pkg::BankPrecharging;
            end_q   <= now_i + 64'(Trp);
          end
          dram_pkg::BankPrecharging, dram_pkg::BankRefreshing: state_q <= dram_pkg::BankIdle;
          default: ;
        endcase
      end
      if (act_i) begin
        state_q <= dram_pkg::BankActivating;
        end_q   <= now_i + 64'(Trcd);
        pre_t_q <= now_i + 64'(Tras);
      end
      if (rd_i || wr_i) begin
        pre_t_q <= col_t;
        if (ap_i) begin
          state_q <= dram_pkg::BankApPending;
          end_q   <= col_t;
        end
      end
      if (pre_i && row_open) begin
        state_q <= dram_pkg::BankPrecharging;
        end_q   <= now_i + 64'(Trp);
      end
      if (ref_i) begin
        state_q <= dram_pkg::BankRefreshing;
        end_q   <= now_i + 64'(Trfc);
      end
    end
  end

endmodule
