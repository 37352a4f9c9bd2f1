// fpga_mmio_stub: the MMIO port of mem_subsys on a board, where no SystemC
// device answers.  Every request (a one-cycle req.valid pulse) is answered
// at the next edge with err = 1, so a CPU access to CLINT, UART or simctl
// addresses ends in an access fault (5 load, 7 store) instead of a hang;
// the self-test provokes one on purpose.
//
// Layout of the packed ports as in docs/ports.md:
//   mmio_req_i [32] valid        mmio_rsp_o [31:0] rdata, [32] valid, [33] err
module fpga_mmio_stub (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [63:0] mmio_req_i,
  input  logic [31:0] mmio_wdata_i,
  output logic [63:0] mmio_rsp_o
);
  logic pending_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) pending_q <= 1'b0;
    else         pending_q <= mmio_req_i[32];
  end

  assign mmio_rsp_o = {30'd0, pending_q, pending_q, 32'd0};

  logic unused_req;
  assign unused_req = ^{mmio_req_i[63:33], mmio_req_i[31:0], mmio_wdata_i};
endmodule
