// mem_sram: SRAM stand-in for DRAM, a Wishbone B4 pipelined slave with a
// fixed latency of Latency extra wait cycles.
//
// A request is accepted when stb && !stall (stall = busy and not acking);
// the array is read or written at the accepting edge and ack follows
// Latency + 1 cycles later as a one-cycle pulse, so with Latency = 0 the
// slave answers in the cycle after acceptance and can accept a new request
// in every ack cycle (one transaction per cycle).  Bytes are written per
// sel lane; reads return the whole word.  adr is a byte address from the
// bus; the decoder guarantees it lies inside [Base, Base + Bytes).
//
//   edge    E1 accept   E2          ...        E(2+L)
//   state    Idle  |  Wait(cnt=L) ... Wait(cnt=0) |
//   ack      _____________________________/‾‾‾‾‾‾\___   master samples at E(2+L)
//
// Bursts (cti = 3'b010 beats, then 3'b111; bte linear): the first beat
// costs the latency, every following beat of the burst is accepted in the
// ack cycle of the previous one and acked one cycle later, as a page-mode
// SRAM streams a line -- one word per cycle after the first:
//   ack of beat k (k >= 0) at E(2+L+k) when the master keeps stb high.
`include "mmcosim_cfg.svh"
module mem_sram #(
  parameter logic [31:0] Base    = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter int unsigned Bytes   = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter int unsigned Latency = 1,
  localparam int unsigned Words  = Bytes / 4,
  localparam int unsigned AddrW  = (Words > 1) ? $clog2(Words) : 1,
  localparam int unsigned CntW   = (Latency > 0) ? $clog2(Latency + 1) : 1
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
  input  logic [1:0]  wb_bte_i,  // linear only (bus_wb_checker)
  output logic        wb_stall_o,
  output logic        wb_ack_o,
  output logic        wb_err_o,
  output logic [31:0] wb_dat_o
);

  typedef enum logic {
    StIdle,  // no request
    StWait   // request done in the array, counting wait cycles to ack
  } state_e;

  state_e          state_q, state_d;
  logic [CntW-1:0] cnt_q, cnt_d;
  logic            accept;
  logic [31:0]     offset;
  logic [31:0]     rdata;
  logic            burst_q;   // the last accepted beat had cti 010: the next one streams
  logic [CntW-1:0] wait_cnt;  // wait cycles of the beat accepted now
  assign wait_cnt = burst_q ? '0 : CntW'(Latency);

  assign wb_ack_o   = (state_q == StWait) && (cnt_q == '0);
  assign wb_stall_o = (state_q == StWait) && !wb_ack_o;
  assign accept     = wb_cyc_i && wb_stb_i && !wb_stall_o;
  assign offset     = wb_adr_i - Base;

  always_comb begin
    state_d = state_q;
    cnt_d   = cnt_q;
    unique case (state_q)
      StIdle: if (accept) begin
        state_d = StWait;
        cnt_d   = wait_cnt;
      end
      StWait: begin
        if (wb_ack_o) begin
          state_d = accept ? StWait : StIdle;
          cnt_d   = wait_cnt;
        end else begin
          cnt_d = cnt_q - 1'b1;
        end
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      cnt_q   <= '0;
      burst_q <= 1'b0;
    end else begin
      state_q <= state_d;
      cnt_q   <= cnt_d;
      if (!wb_cyc_i)   burst_q <= 1'b0;
      else if (accept) burst_q <= wb_cti_i == 3'b010;
    end
  end

  mem_sram_array #(
    .Words (Words)
  ) u_array (
    .clk_i   (clk_i),
    .req_i   (accept),
    .we_i    (wb_we_i),
    .addr_i  (offset[AddrW+1:2]),
    .be_i    (wb_sel_i),
    .wdata_i (wb_dat_i),
    .rdata_o (rdata)
  );

  assign wb_err_o = 1'b0;
  assign wb_dat_o = wb_ack_o ? rdata : 32'd0;

  // The decoder keeps adr inside the window; its low and high bits are not needed here.
  logic unused_offset;
  assign unused_offset = ^{offset[31:AddrW+2], offset[1:0], wb_bte_i};

`ifndef SYNTHESIS
  initial begin
    assert (Bytes >= 4 && (Bytes & (Bytes - 1)) == 0)
      else $fatal(1, "mem_sram: Bytes=%0d is not a power of two >= 4", Bytes);
    assert (Latency <= 1024)
      else $fatal(1, "mem_sram: Latency=%0d is unreasonable", Latency);
  end
  assert property (@(posedge clk_i) disable iff (!rst_ni)
      (wb_stb_i && wb_cyc_i) |-> (wb_adr_i - Base) < Bytes)
    else $error("mem_sram: address %08x outside the memory", wb_adr_i);
`endif

endmodule
