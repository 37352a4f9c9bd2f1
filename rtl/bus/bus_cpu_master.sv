// bus_cpu_master: one physical CPU-port request -> one Wishbone B4 pipelined
// single read or write; the ack/err becomes the port response.
//
// Request handshake (preq_*): valid/ready; ready = idle && !wb_stall_i, so
// the request phase (stb) and the CPU handshake happen at the same edge and
// the request costs no extra cycle.  One request outstanding (the CPU waits
// for its response); the response is a one-cycle pulse in the cycle of the
// ack/err, combinational from it.
//
//   edge     E1 (accept)      ...        Ek
//   stb   ‾‾‾‾‾\____________________________
//   cyc   ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾\___
//   ack   ______________________/‾‾‾‾‾‾\____   rsp_valid_o = ack | err
//
// Byte selects come from addr[1:0] and size; adr carries the byte address
// (fetches: word aligned).  err answers the access fault of the original
// access type: 1 fetch, 5 load/LR, 7 store/SC/AMO (both halves).
module bus_cpu_master (
  input  logic        clk_i,
  input  logic        rst_ni,
  // physical request
  input  logic        preq_valid_i,
  output logic        preq_ready_o,
  input  logic [31:0] preq_addr_i,
  input  logic [2:0]  preq_kind_i,
  input  logic [1:0]  preq_size_i,
  input  logic        preq_we_i,
  input  logic [31:0] preq_wdata_i,
  // response
  output logic        rsp_valid_o,
  output logic [31:0] rsp_rdata_o,
  output logic        rsp_fault_o,
  output logic [4:0]  rsp_cause_o,
  // Wishbone master
  output logic        wb_cyc_o,
  output logic        wb_stb_o,
  output logic [31:0] wb_adr_o,
  output logic        wb_we_o,
  output logic [3:0]  wb_sel_o,
  output logic [31:0] wb_dat_o,
  input  logic        wb_stall_i,
  input  logic        wb_ack_i,
  input  logic        wb_err_i,
  input  logic [31:0] wb_dat_i
);

  typedef enum logic {
    StIdle,  // no request outstanding
    StWait   // request accepted by the bus, waiting for ack/err
  } state_e;

  state_e     state_q, state_d;
  logic [4:0] cause_q, cause_d;
  logic [4:0] access_cause;
  logic       accept, done;

  // Access-fault cause of the original access type.
  always_comb begin
    unique case (preq_kind_i)
      mem_pkg::KindFetch:                  access_cause = mem_pkg::CauseFetchAccess;
      mem_pkg::KindLoad, mem_pkg::KindLr:  access_cause = mem_pkg::CauseLoadAccess;
      default:                             access_cause = mem_pkg::CauseStoreAccess;
    endcase
  end

  // Byte lanes of the access.
  always_comb begin
    unique case (preq_size_i)
      mem_pkg::SizeByte: wb_sel_o = 4'b0001 << preq_addr_i[1:0];
      mem_pkg::SizeHalf: wb_sel_o = preq_addr_i[1] ? 4'b1100 : 4'b0011;
      default:           wb_sel_o = 4'b1111;
    endcase
  end

  assign wb_stb_o = (state_q == StIdle) && preq_valid_i;
  assign wb_cyc_o = wb_stb_o || (state_q == StWait);
  assign wb_adr_o = (preq_kind_i == mem_pkg::KindFetch) ? {preq_addr_i[31:2], 2'b00}
                                                         : preq_addr_i;
  assign wb_we_o  = preq_we_i;
  assign wb_dat_o = preq_wdata_i;

  assign accept       = wb_stb_o && !wb_stall_i;
  assign done         = (state_q == StWait) && (wb_ack_i || wb_err_i);
  assign preq_ready_o = (state_q == StIdle) && !wb_stall_i;

  always_comb begin
    state_d = state_q;
    cause_d = cause_q;
    unique case (state_q)
      StIdle: if (accept) begin
        state_d = StWait;
        cause_d = access_cause;
      end
      StWait: if (done) state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      cause_q <= 5'd0;
    end else begin
      state_q <= state_d;
      cause_q <= cause_d;
    end
  end

  assign rsp_valid_o = done;
  assign rsp_fault_o = done && wb_err_i;
  assign rsp_cause_o = rsp_fault_o ? cause_q : 5'd0;
  assign rsp_rdata_o = (done && wb_ack_i) ? wb_dat_i : 32'd0;

`ifndef SYNTHESIS
  // Accesses are naturally aligned (the CPU traps misaligned ones); a fetch
  // may sit on a half-word and gets the word that contains it.
  // Immediate assertions in one clocked block (cheaper in the Verilated
  // model than concurrent ones, which copy their sampled signals on every
  // evaluation).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(preq_valid_i && preq_kind_i != mem_pkg::KindFetch) ||
              ((preq_size_i == mem_pkg::SizeByte) ||
               (preq_size_i == mem_pkg::SizeHalf && !preq_addr_i[0]) ||
               (preq_size_i == mem_pkg::SizeWord && preq_addr_i[1:0] == 2'b00)))
        else $error("bus_cpu_master: misaligned access addr=%08x size=%0d", preq_addr_i, preq_size_i);
      assert (!((state_q == StIdle) && (wb_ack_i || wb_err_i)))
        else $error("bus_cpu_master: ack/err without an outstanding request");
    end
  end
`endif

endmodule
