// mmu_bare: the translation slot of one CPU port, in Bare mode (v0).
//
// Sits between a CPU port and its bus master; the Sv32 MMU (TLB + walker)
// replaces it with the same ports.  Here virtual = physical and the CSR
// sideband is accepted but unused.  Requests that are not memory accesses
// (SFENCE.VMA on the data port, FENCE.I on the fetch port) are answered here
// with a response without data or fault, one cycle after their handshake;
// the MMU will flush its TLBs on SFENCE and the I$ will take FENCE.I.
//
// Handshake, CPU side (req_*): valid/ready, a request is taken at the edge
// where req_valid_i && req_ready_o.  Physical side (preq_*): the same,
// combinationally forwarded: preq_valid_o = req_valid_i for memory kinds and
// req_ready_o = preq_ready_i, so Bare translation costs no cycle.
//
//   CPU req ──┬── memory kind ──────────────▶ preq_* ──▶ bus_cpu_master
//             └── SFENCE/FENCE.I ─▶ lrsp_q ─▶ lrsp_valid_o (next cycle)
module mmu_bare (
  input  logic        clk_i,
  input  logic        rst_ni,
  // CPU side
  input  logic        req_valid_i,
  output logic        req_ready_o,
  input  logic [31:0] req_addr_i,    // virtual address
  input  logic [2:0]  req_kind_i,
  input  logic [1:0]  req_size_i,
  input  logic        req_we_i,
  input  logic [31:0] req_wdata_i,
  // CSR sideband (Bare mode: unused)
  input  logic [31:0] csr_satp_i,
  input  logic [1:0]  csr_priv_i,
  input  logic        csr_sum_i,
  input  logic        csr_mxr_i,
  input  logic        csr_adue_i,
  // physical side, to the bus master
  output logic        preq_valid_o,
  input  logic        preq_ready_i,
  output logic [31:0] preq_addr_o,   // physical address
  output logic [2:0]  preq_kind_o,
  output logic [1:0]  preq_size_o,
  output logic        preq_we_o,
  output logic [31:0] preq_wdata_o,
  // local response (fences now; page faults later)
  output logic        lrsp_valid_o,
  output logic        lrsp_fault_o,
  output logic [4:0]  lrsp_cause_o
);

  logic is_fence;
  logic lrsp_q;

  assign is_fence = (req_kind_i == mem_pkg::KindSfence) ||
                    (req_kind_i == mem_pkg::KindFenceI);

  assign preq_valid_o = req_valid_i && !is_fence;
  assign preq_addr_o  = req_addr_i;
  assign preq_kind_o  = req_kind_i;
  assign preq_size_o  = req_size_i;
  assign preq_we_o    = req_we_i;
  assign preq_wdata_o = req_wdata_i;
  assign req_ready_o  = is_fence ? 1'b1 : preq_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      lrsp_q <= 1'b0;
    end else begin
      lrsp_q <= req_valid_i && is_fence;
    end
  end

  assign lrsp_valid_o = lrsp_q;
  assign lrsp_fault_o = 1'b0;
  assign lrsp_cause_o = 5'd0;

  // Bare mode ignores translation state; the Sv32 MMU will read all of it.
  logic unused_csr;
  assign unused_csr = ^{csr_satp_i, csr_priv_i, csr_sum_i, csr_mxr_i, csr_adue_i};

endmodule
