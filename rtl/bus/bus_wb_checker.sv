// bus_wb_checker: Wishbone B4 pipelined protocol assertions for one
// master/slave link (simulation only; empty under SYNTHESIS).
//
//   - stb only inside cyc; ack and err never together;
//   - a stalled request holds stb and adr/we/sel/dat until accepted;
//   - ack/err only while a transaction is outstanding, and cyc stays high
//     while one is outstanding;
//   - cycle types: cti 000 (classic), 010 (incrementing burst) or 111 (end
//     of burst); a burst is linear (bte 00); after a beat with cti 010 the
//     next beat continues it: address + 4, same we, cti 010 or 111, and cyc
//     stays high until its 111 beat.
// Simulation only: Yosys 0.23 parses neither `parameter string` nor
// concurrent assertions, so the whole module hides from synthesis.
`ifndef SYNTHESIS
module bus_wb_checker #(
  parameter string Name = "wb"
) (
  input logic        clk_i,
  input logic        rst_ni,
  input logic        cyc_i,
  input logic        stb_i,
  input logic [31:0] adr_i,
  input logic        we_i,
  input logic [3:0]  sel_i,
  input logic [31:0] dat_i,
  input logic [2:0]  cti_i,
  input logic [1:0]  bte_i,
  input logic        stall_i,
  input logic        ack_i,
  input logic        err_i
);

  // Immediate assertions in one clocked block, and an explicit copy of a
  // stalled request (taken only when one is stalled) instead of $stable:
  // concurrent assertions make the Verilated model copy every sampled
  // signal on each evaluation.
  logic [3:0]  outstanding_q;
  logic        stalled_q;      // a request was stalled at the previous edge (out of reset)
  logic [73:0] stalled_req_q;  // its {adr, we, sel, dat, cti, bte}
  logic        burst_q;        // the last accepted beat had cti 010
  logic [32:0] burst_next_q;   // {we, adr + 4} the next beat must carry
  logic        accept;
  assign accept = stb_i && cyc_i && !stall_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      outstanding_q <= '0;
      stalled_q     <= 1'b0;
      burst_q       <= 1'b0;
    end else begin
      if (accept) burst_q <= cti_i == 3'b010;
      outstanding_q <= outstanding_q + 4'(stb_i && cyc_i && !stall_i) - 4'(ack_i || err_i);
      stalled_q     <= stb_i && stall_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (stb_i && stall_i) stalled_req_q <= {adr_i, we_i, sel_i, dat_i, cti_i, bte_i};
    if (accept) burst_next_q <= {we_i, adr_i + 32'd4};
  end

  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!stb_i || cyc_i) else $error("%s: stb without cyc", Name);
      assert (!(ack_i && err_i)) else $error("%s: ack and err together", Name);
      assert (!stalled_q || (stb_i && {adr_i, we_i, sel_i, dat_i, cti_i, bte_i} == stalled_req_q))
        else $error("%s: stalled request changed or withdrawn", Name);
      assert (!(ack_i || err_i) || (outstanding_q != 0))
        else $error("%s: ack/err without an outstanding transaction", Name);
      assert ((outstanding_q == 0) || cyc_i)
        else $error("%s: cyc dropped with a transaction outstanding", Name);
      assert (!stb_i || cti_i == 3'b000 || cti_i == 3'b010 || cti_i == 3'b111)
        else $error("%s: cycle type %b not supported", Name, cti_i);
      assert (!stb_i || cti_i != 3'b010 || bte_i == 2'b00)
        else $error("%s: burst type %b not supported (linear only)", Name, bte_i);
      assert (!burst_q || cyc_i) else $error("%s: cyc dropped inside a burst", Name);
      assert (!(burst_q && stb_i) || ((cti_i == 3'b010 || cti_i == 3'b111) &&
                                      {we_i, adr_i} == burst_next_q))
        else $error("%s: beat %08x does not continue the burst", Name, adr_i);
    end
  end

endmodule
`endif  // SYNTHESIS
