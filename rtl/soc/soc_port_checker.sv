// soc_port_checker: assertions on one CPU port of mem_subsys (simulation
// only), the handshake rules of docs/ports.md:
//
//   - a request with valid=1 is held stable until the handshake edge;
//   - one request outstanding: no valid while a response is awaited;
//   - a response only while a request is outstanding (one per request).
// Simulation only: Yosys 0.23 parses neither `parameter string` nor
// concurrent assertions, so the whole module hides from synthesis.
`ifndef SYNTHESIS
module soc_port_checker #(
  parameter string Name = "port"
) (
  input logic        clk_i,
  input logic        rst_ni,
  input logic        req_valid_i,
  input logic        req_ready_i,
  input logic [95:0] req_i,        // every request field (addr, kind, size, we, wdata)
  input logic        rsp_valid_i
);

  // Immediate assertions in one clocked block, and an explicit copy of a
  // waiting request (taken only when one waits) instead of $stable:
  // concurrent assertions make the Verilated model copy every sampled
  // signal on each evaluation.
  logic        outstanding_q;
  logic        waiting_q;      // a request waited for ready at the previous edge (out of reset)
  logic [95:0] waiting_req_q;  // its fields

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      outstanding_q <= 1'b0;
    end else if (req_valid_i && req_ready_i) begin
      outstanding_q <= 1'b1;
    end else if (rsp_valid_i) begin
      outstanding_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) waiting_q <= 1'b0;
    else         waiting_q <= req_valid_i && !req_ready_i;
  end

  always_ff @(posedge clk_i) begin
    if (req_valid_i && !req_ready_i) waiting_req_q <= req_i;
  end

  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!waiting_q || (req_valid_i && req_i == waiting_req_q))
        else $error("%s: request withdrawn or changed before ready", Name);
      assert (!(outstanding_q && req_valid_i))
        else $error("%s: second request while one is outstanding", Name);
      assert (!rsp_valid_i || outstanding_q)
        else $error("%s: response without an outstanding request", Name);
    end
  end

endmodule
`endif  // SYNTHESIS
