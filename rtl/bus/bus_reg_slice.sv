// bus_reg_slice: register stages between the shared Wishbone B4 pipelined
// bus and one slave, so that no combinational path runs through the slave
// into the masters and back (the FPGA builds: dram.bus_regs, docs/fpga.md).
//
// ReqReg = 1: the request (stb, adr, we, sel, dat, cti, bte) is taken into
// a one-entry slot and reaches the slave from flops at the next edge; cyc
// follows one edge later too.  The bus side stalls only while the slot is
// full and the slave stalls it (the slave's stall is a flop compare in
// dram_ctrl), so a beat can pass every cycle: a burst keeps its rate.
//
//   bus stb/adr ─▶ [slot_q] ─▶ slave          accept into the slot: stb && !stall_o
//   bus stall   ◀── slot_valid_q && slave stall
//
// RspReg = 1: ack, err and read data come back one edge later from flops.
//
// Each stage adds one cycle to every access of that slave; acks keep their
// order and count (the arbiter counts beats accepted against acks seen, so
// it tolerates the longer distance).  With both at 0 the slice is wires.
module bus_reg_slice #(
  parameter int unsigned ReqReg = 1,
  parameter int unsigned RspReg = 1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // bus side (slave port)
  input  logic        m_cyc_i,
  input  logic        m_stb_i,
  input  logic [31:0] m_adr_i,
  input  logic        m_we_i,
  input  logic [3:0]  m_sel_i,
  input  logic [31:0] m_dat_i,
  input  logic [2:0]  m_cti_i,
  input  logic [1:0]  m_bte_i,
  output logic        m_stall_o,
  output logic        m_ack_o,
  output logic        m_err_o,
  output logic [31:0] m_dat_o,
  // slave side (master port)
  output logic        s_cyc_o,
  output logic        s_stb_o,
  output logic [31:0] s_adr_o,
  output logic        s_we_o,
  output logic [3:0]  s_sel_o,
  output logic [31:0] s_dat_o,
  output logic [2:0]  s_cti_o,
  output logic [1:0]  s_bte_o,
  input  logic        s_stall_i,
  input  logic        s_ack_i,
  input  logic        s_err_i,
  input  logic [31:0] s_dat_i
);

  if (ReqReg != 0) begin : g_req
    logic        cyc_q, valid_q, we_q;
    logic [31:0] adr_q, dat_q;
    logic [3:0]  sel_q;
    logic [2:0]  cti_q;
    logic [1:0]  bte_q;
    logic        load;

    assign m_stall_o = valid_q && s_stall_i;
    assign load      = m_cyc_i && m_stb_i && !m_stall_o;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        cyc_q   <= 1'b0;
        valid_q <= 1'b0;
      end else begin
        cyc_q   <= m_cyc_i;
        valid_q <= load || (valid_q && s_stall_i);
      end
    end
    // The payload needs no reset: it is read only while valid_q is set.
    always_ff @(posedge clk_i) begin
      if (load) begin
        adr_q <= m_adr_i;
        we_q  <= m_we_i;
        sel_q <= m_sel_i;
        dat_q <= m_dat_i;
        cti_q <= m_cti_i;
        bte_q <= m_bte_i;
      end
    end

    assign s_cyc_o = cyc_q || valid_q;
    assign s_stb_o = valid_q;
    assign s_adr_o = adr_q;
    assign s_we_o  = we_q;
    assign s_sel_o = sel_q;
    assign s_dat_o = dat_q;
    assign s_cti_o = cti_q;
    assign s_bte_o = bte_q;
  end else begin : g_req_wires
    assign m_stall_o = s_stall_i;
    assign s_cyc_o   = m_cyc_i;
    assign s_stb_o   = m_stb_i;
    assign s_adr_o   = m_adr_i;
    assign s_we_o    = m_we_i;
    assign s_sel_o   = m_sel_i;
    assign s_dat_o   = m_dat_i;
    assign s_cti_o   = m_cti_i;
    assign s_bte_o   = m_bte_i;
  end

  if (RspReg != 0) begin : g_rsp
    logic        ack_q, err_q;
    logic [31:0] dat_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        ack_q <= 1'b0;
        err_q <= 1'b0;
        dat_q <= '0;
      end else begin
        ack_q <= s_ack_i;
        err_q <= s_err_i;
        dat_q <= s_dat_i;
      end
    end
    assign m_ack_o = ack_q;
    assign m_err_o = err_q;
    assign m_dat_o = dat_q;
  end else begin : g_rsp_wires
    assign m_ack_o = s_ack_i;
    assign m_err_o = s_err_i;
    assign m_dat_o = s_dat_i;
  end

  if (ReqReg == 0 && RspReg == 0) begin : g_no_clock
    logic unused_clock;
    assign unused_clock = ^{clk_i, rst_ni};
  end

`ifndef SYNTHESIS
  initial begin
    assert (ReqReg <= 1 && RspReg <= 1)
      else $fatal(1, "bus_reg_slice: ReqReg=%0d RspReg=%0d must be 0 or 1", ReqReg, RspReg);
  end
`endif

endmodule
