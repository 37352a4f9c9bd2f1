// dram_stats: the dram.* statistics of config/stats.toml, counted from the
// controller's events and the device's decays in perf_counters blocks
// (rtl/perf), each in the order of its stats.toml entries:
//
//   cycles   dram.busy_cycles .. dram.queue_full_cycles, dram.active_cycles,
//            dram.precharged_cycles, dram.bank0.busy .. bank7.busy
//                                                     (every cycle, 1-bit)
//   events   dram.reads .. dram.wr_lat_ge256,         (4-bit increments)
//            dram.rowhammer.disturbances .. bits_flipped,
//            dram.ecc.corrected, dram.ecc.uncorrectable,
//            dram.rowhammer.para_acts .. mitigation_dropped
//   sums     dram.bytes_read .. dram.wr_lat_sum       (16-bit increments)
//   banks    dram.bank{0..7}.row_hit_rd .. pre        (1-bit, field-major)
//
// The last three count only in cycles with a command or an ack, a few per
// cent of all cycles: their clock is gated (a latch-based clock gate in
// simulation; synthesis sees clk_i -- there the counters have no reader
// and vanish), which keeps the Verilated model fast.
// Latency = bus accept edge to ack edge; histogram bins <16, <32, <64,
// <128, <256, >=256 core cycles.  Banks beyond `Banks` count nothing.
`include "mmcosim_cfg.svh"

module dram_stats #(
  parameter int unsigned Banks = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned HammerBits = `MMCOSIM_DRAM_ROWHAMMER_BITS,
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned DecW  = $clog2(Banks + 2)
) (
  input logic             clk_i,
  input logic             rst_ni,
  input logic             ack_i,
  input logic             ack_we_i,
  input logic [15:0]      lat_i,
  input logic             col_i,
  input logic [1:0]       col_class_i,
  input logic             col_we_i,
  input logic [BankW-1:0] col_bank_i,
  input logic [2:0]       ack_bytes_i,  // bytes of a write acked now
  input logic [Banks-1:0] act_i,
  input logic [Banks-1:0] pre_i,
  input logic             ref_i,
  input logic             busy_i,
  input logic             refresh_i,
  input logic             full_i,
  input logic [Banks-1:0] bank_busy_i,
  input logic [DecW-1:0]  decay_i,
  input logic [3:0]       ham_dist_i,   // RowHammer: rows disturbed
  input logic [3:0]       ham_vict_i,   //   rows past the threshold (HammerBits bits each)
  input logic             ecc_ce_i,     // ECC: a word read was corrected
  input logic             ecc_ue_i,     //   a word read was uncorrectable
  input logic             any_open_i,   // some bank has a row open
  input logic             para_i,       // mitigation ACTs: PARA
  input logic             trr_i,        //   TRR
  input logic             mit_drop_i    //   a mitigation dropped
);

  localparam int unsigned NCyc  = 5 + 8;
  localparam int unsigned NEv   = 12 + 2 * dram_pkg::LatBins + 8;
  localparam int unsigned NSum  = 4;
  localparam int unsigned NBank = 8 * 8;

  logic [3:0] n_act, n_pre;
  logic [dram_pkg::LatBins-1:0] bin;
  logic hit, miss, conflict, rd_ack, wr_ack, any_event;

  always_comb begin
    n_act = '0;
    n_pre = '0;
    if ((|act_i) || (|pre_i)) begin
      for (int unsigned b = 0; b < Banks; b++) begin
        n_act = n_act + 4'(act_i[b]);
        n_pre = n_pre + 4'(pre_i[b]);
      end
    end
  end

  assign bin = {lat_i >= 16'd256,
                lat_i >= 16'd128 && lat_i < 16'd256,
                lat_i >= 16'd64 && lat_i < 16'd128,
                lat_i >= 16'd32 && lat_i < 16'd64,
                lat_i >= 16'd16 && lat_i < 16'd32,
                lat_i < 16'd16};
  assign hit       = col_i && col_class_i == 2'd0;
  assign miss      = col_i && col_class_i == 2'd1;
  assign conflict  = col_i && col_class_i == 2'd2;
  assign rd_ack    = ack_i && !ack_we_i;
  assign wr_ack    = ack_i && ack_we_i;
  assign any_event = ack_i || col_i || (|act_i) || (|pre_i) || ref_i || decay_i != '0 ||
                     ham_dist_i != '0 || ecc_ce_i || ecc_ue_i || mit_drop_i;

  // ------------------------------------------------------ clock gate
  logic gclk;
`ifdef SYNTHESIS
  assign gclk = clk_i;
`else
  logic gate_en_l;
  always_latch begin
    if (!clk_i) gate_en_l = any_event || !rst_ni;
  end
  assign gclk = clk_i && gate_en_l;
`endif

  // ------------------------------------------------------------ cycles
  logic [NCyc-1:0] cyc;
  always_comb begin
    cyc = '0;
    cyc[0] = busy_i;
    cyc[1] = refresh_i;
    cyc[2] = full_i;
    cyc[3] = any_open_i;
    cyc[4] = !any_open_i;
    for (int unsigned b = 0; b < Banks; b++) cyc[5 + b] = bank_busy_i[b];
  end

  perf_counters #(
    .N          (NCyc),
    .IncW       (1),
    .FirstEvent (`MMCOSIM_EVENT_DRAM_BUSY_CYCLES)
  ) u_cycles (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .inc_i  (cyc)
  );

  // ------------------------------------------------------------ events
  logic [NEv*4-1:0] ev;
  always_comb begin
    ev = '0;
    if (any_event) begin
    ev[0*4 +: 4]  = 4'(rd_ack);
    ev[1*4 +: 4]  = 4'(wr_ack);
    ev[2*4 +: 4]  = 4'(hit && !col_we_i);
    ev[3*4 +: 4]  = 4'(hit && col_we_i);
    ev[4*4 +: 4]  = 4'(miss && !col_we_i);
    ev[5*4 +: 4]  = 4'(miss && col_we_i);
    ev[6*4 +: 4]  = 4'(conflict && !col_we_i);
    ev[7*4 +: 4]  = 4'(conflict && col_we_i);
    ev[8*4 +: 4]  = n_act;
    ev[9*4 +: 4]  = n_pre;
    ev[10*4 +: 4] = 4'(ref_i);
    ev[11*4 +: 4] = 4'(decay_i);
    for (int unsigned i = 0; i < dram_pkg::LatBins; i++) begin
      ev[(12 + i) * 4 +: 4]                    = 4'(rd_ack && bin[i]);
      ev[(12 + dram_pkg::LatBins + i) * 4 +: 4] = 4'(wr_ack && bin[i]);
    end
    ev[(12 + 2 * dram_pkg::LatBins) * 4 +: 4]     = ham_dist_i;
    ev[(12 + 2 * dram_pkg::LatBins + 1) * 4 +: 4] = ham_vict_i;
    ev[(12 + 2 * dram_pkg::LatBins + 2) * 4 +: 4] = 4'(ham_vict_i * 4'(HammerBits));
    ev[(12 + 2 * dram_pkg::LatBins + 3) * 4 +: 4] = 4'(ecc_ce_i);
    ev[(12 + 2 * dram_pkg::LatBins + 4) * 4 +: 4] = 4'(ecc_ue_i);
    ev[(12 + 2 * dram_pkg::LatBins + 5) * 4 +: 4] = 4'(para_i);
    ev[(12 + 2 * dram_pkg::LatBins + 6) * 4 +: 4] = 4'(trr_i);
    ev[(12 + 2 * dram_pkg::LatBins + 7) * 4 +: 4] = 4'(mit_drop_i);
    end
  end

  perf_counters #(
    .N          (NEv),
    .IncW       (4),
    .FirstEvent (`MMCOSIM_EVENT_DRAM_READS)
  ) u_events (
    .clk_i  (gclk),
    .rst_ni (rst_ni),
    .inc_i  (ev)
  );

  // -------------------------------------------------------------- sums
  perf_counters #(
    .N          (NSum),
    .IncW       (16),
    .FirstEvent (`MMCOSIM_EVENT_DRAM_BYTES_READ)
  ) u_sums (
    .clk_i  (gclk),
    .rst_ni (rst_ni),
    .inc_i  ({wr_ack ? lat_i : 16'd0,
              rd_ack ? lat_i : 16'd0,
              wr_ack ? 16'(ack_bytes_i) : 16'd0,
              rd_ack ? 16'd4 : 16'd0})
  );

  // ---------------------------------------------------------- per bank
  logic [NBank-1:0] bk;
  always_comb begin
    bk = '0;
    if (col_i || (|act_i) || (|pre_i)) begin
    for (int unsigned b = 0; b < Banks; b++) begin
      bk[0*8 + b] = hit && !col_we_i && col_bank_i == BankW'(b);
      bk[1*8 + b] = hit && col_we_i && col_bank_i == BankW'(b);
      bk[2*8 + b] = miss && !col_we_i && col_bank_i == BankW'(b);
      bk[3*8 + b] = miss && col_we_i && col_bank_i == BankW'(b);
      bk[4*8 + b] = conflict && !col_we_i && col_bank_i == BankW'(b);
      bk[5*8 + b] = conflict && col_we_i && col_bank_i == BankW'(b);
      bk[6*8 + b] = act_i[b];
      bk[7*8 + b] = pre_i[b];
    end
    end
  end

  perf_counters #(
    .N          (NBank),
    .IncW       (1),
    .FirstEvent (`MMCOSIM_EVENT_DRAM_BANK0_ROW_HIT_RD)
  ) u_banks (
    .clk_i  (gclk),
    .rst_ni (rst_ni),
    .inc_i  (bk)
  );

endmodule
