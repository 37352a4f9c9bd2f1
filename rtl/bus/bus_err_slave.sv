// bus_err_slave: Wishbone B4 pipelined slave for every hole in the memory
// map.  Never stalls; answers each accepted request with err one cycle later
// (registered), so a hole faults as fast as a zero-latency memory.  The
// master turns err into the access fault of the original access type.
module bus_err_slave (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        wb_cyc_i,
  input  logic        wb_stb_i,
  output logic        wb_stall_o,
  output logic        wb_ack_o,
  output logic        wb_err_o,
  output logic [31:0] wb_dat_o
);

  logic err_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      err_q <= 1'b0;
    end else begin
      err_q <= wb_cyc_i && wb_stb_i;
    end
  end

  assign wb_stall_o = 1'b0;
  assign wb_ack_o   = 1'b0;
  assign wb_err_o   = err_q;
  assign wb_dat_o   = 32'd0;

endmodule
