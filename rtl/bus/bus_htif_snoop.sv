// bus_htif_snoop: watches the shared bus for the completion of a write to
// the word holding the ELF's `tohost` symbol and reports it to the simulator.
//
// A write accepted on the bus whose word address equals tohost_i[31:2]
// (tohost_i != 0) is remembered; when it completes with ack, htif_valid_o
// pulses for that cycle (the cycle the writing master sees its ack) with
// the written bus word: all 32 bits of the store data as driven on the
// lanes, not merged with memory (CPUs write tohost with sw).  A write that
// ends in err (tohost in a hole) is not reported.
module bus_htif_snoop (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] tohost_i,    // physical address of tohost, 0 = none
  // shared bus, observed
  input  logic        wb_stb_i,
  input  logic [31:0] wb_adr_i,
  input  logic        wb_we_i,
  input  logic [31:0] wb_dat_i,
  input  logic        wb_stall_i,
  input  logic        wb_ack_i,
  input  logic        wb_err_i,
  // report
  output logic        htif_valid_o,
  output logic [31:0] htif_data_o
);

  logic        pending_q, pending_d;
  logic [31:0] data_q;
  logic        hit;

  assign hit = wb_stb_i && !wb_stall_i && wb_we_i && (tohost_i != 32'd0) &&
               (wb_adr_i[31:2] == tohost_i[31:2]);

  always_comb begin
    pending_d = pending_q;
    if (wb_ack_i || wb_err_i) pending_d = 1'b0;  // the bus transaction ends
    if (hit)                  pending_d = 1'b1;  // a new one starts
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      pending_q <= 1'b0;
    end else begin
      pending_q <= pending_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (hit) data_q <= wb_dat_i;
  end

  assign htif_valid_o = pending_q && wb_ack_i;

  // Word granularity: the byte offset inside the word does not matter.
  logic unused_adr;
  assign unused_adr = ^wb_adr_i[1:0];
  assign htif_data_o  = data_q;

endmodule
