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
// Absolute times instead of counters: an idle bank writes no flop.  Times
// are 64 bits (never wrap), or narrower (dram.narrow_timers) and compared
// modulo 2^TimeW (the device picks TimeW so that no rule reaches
// 2^(TimeW-2) cycles ahead); end_q is read only in the timed
// state it ends, never after, and at each epoch_i (every 2^(TimeW-2)
// cycles) a reached pre_t_q is pulled up to now_i, so no distance compared
// reaches 2^(TimeW-1) (dram_ctrl explains the arithmetic).
`include "mmcosim_cfg.svh"

module dram_bank #(
  parameter int unsigned Trcd = 32'(`MMCOSIM_DRAM_CK_RCD),
  parameter int unsigned Trp  = 32'(`MMCOSIM_DRAM_CK_RP),
  parameter int unsigned Tras = 32'(`MMCOSIM_DRAM_CK_RAS),
  parameter int unsigned Trtp = 32'(`MMCOSIM_DRAM_CK_RTP),
  parameter int unsigned Twrp = 32'(`MMCOSIM_DRAM_CK_CWL + `MMCOSIM_DRAM_CK_BURST + `MMCOSIM_DRAM_CK_WR),   // CWL + burst + tWR: WR to PRE
  parameter int unsigned Trfc = 32'(`MMCOSIM_DRAM_CK_RFC),
  parameter int unsigned TimeW = 64
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [TimeW-1:0]      now_i,   // cycles since reset (0 in the first cycle), wraps
  input  logic                  epoch_i, // pull a reached pre_t_q up to now_i
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
  localparam bit Narrow = TimeW < 64;
  localparam logic [TimeW-1:0] Half = TimeW'(1) << (TimeW - 1);
  logic [TimeW-1:0] end_q, pre_t_q;
  logic             row_open, timed, expired, ap_fire;

  assign row_open = (state_q == dram_pkg::BankActivating) || (state_q == dram_pkg::BankActive);
  assign timed    = state_q != dram_pkg::BankIdle && state_q != dram_pkg::BankActive;
  assign expired  = Narrow ? TimeW'(now_i - end_q) < Half : now_i >= end_q;
  assign ap_fire  = (state_q == dram_pkg::BankApPending) && expired;
  assign pre_o    = (pre_i && row_open) || ap_fire;
  assign state_o  = state_q;

  // At most one of act/rd/wr/pre/ref per edge (one command on the bus);
  // a command's assignments come after (and win over) the timed ending.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= dram_pkg::BankIdle;
      end_q   <= '0;
      pre_t_q <= '0;
    end else begin
      if (Narrow && epoch_i && TimeW'(now_i - pre_t_q) < Half) pre_t_q <= now_i;
      if (timed && expired) begin
        unique case (state_q)
          dram_pkg::BankActivating: state_q <= dram_pkg::BankActive;
          dram_pkg::BankApPending: begin
            state_q <= dram_pkg::BankPrecharging;
            end_q   <= now_i + TimeW'(Trp);
          end
          dram_pkg::BankPrecharging, dram_pkg::BankRefreshing: state_q <= dram_pkg::BankIdle;
          default: ;
        endcase
      end
      if (act_i) begin
        state_q <= dram_pkg::BankActivating;
        end_q   <= now_i + TimeW'(Trcd);
        pre_t_q <= now_i + TimeW'(Tras);
      end
      if (rd_i || wr_i) begin : col
        // PRE allowed from max(what it was, now + tRTP | CWL+BL+tWR)
        logic [TimeW-1:0] v, t;
        v = now_i + (rd_i ? TimeW'(Trtp) : TimeW'(Twrp));
        t = (Narrow ? TimeW'(v - pre_t_q) >= Half : v < pre_t_q) ? pre_t_q : v;
        pre_t_q <= t;
        if (ap_i) begin
          state_q <= dram_pkg::BankApPending;
          end_q   <= t;
        end
      end
      if (pre_i && row_open) begin
        state_q <= dram_pkg::BankPrecharging;
        end_q   <= now_i + TimeW'(Trp);
      end
      if (ref_i) begin
        state_q <= dram_pkg::BankRefreshing;
        end_q   <= now_i + TimeW'(Trfc);
      end
    end
  end

endmodule
