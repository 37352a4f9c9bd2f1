// fpga_por: power-on and button reset.  rst_no stays low for 2**Width
// cycles after configuration (the FPGA's flops start at 0) and while
// btn_ni is low, then rises synchronously to clk_i.
module fpga_por #(
  parameter int unsigned Width = 4
) (
  input  logic clk_i,
  input  logic btn_ni,
  output logic rst_no
);
  logic [Width-1:0] cnt_q = '0;
  logic             btn_q = 1'b0, btn_qq = 1'b0;  // two-flop synchroniser

  always_ff @(posedge clk_i) begin
    btn_q  <= btn_ni;
    btn_qq <= btn_q;
    if (!btn_qq)       cnt_q <= '0;
    else if (!(&cnt_q)) cnt_q <= cnt_q + Width'(1);
  end
  assign rst_no = &cnt_q;
endmodule
