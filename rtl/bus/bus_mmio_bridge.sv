// bus_mmio_bridge: Wishbone B4 pipelined slave that hands MMIO accesses to
// the SystemC devices (CLINT, UART, simctl) through the packed MMIO port.
//
// An accepted request is latched and presented as a one-cycle mmio_req_o
// valid pulse in the next cycle; the devices sample it at the following
// edge and answer with exactly one mmio_rsp valid pulse at a later edge.
// That pulse becomes ack (or err if rsp err) in the same cycle, so a device
// that answers at its first chance completes 2 cycles after acceptance.
//
//   edge      E1 accept   E2          E3
//   req_valid  ____/‾‾‾‾‾‾\_________________
//   rsp_valid  ____________/‾‾‾‾‾‾‾‾‾\______   (device answers after E2)
//   ack/err    ____________/‾‾‾‾‾‾‾‾‾\______   master sees it at E3
//
// The address is the byte address of the access, sel its lanes; the request
// fields hold their values until the next request.
module bus_mmio_bridge (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Wishbone slave
  input  logic        wb_cyc_i,
  input  logic        wb_stb_i,
  input  logic [31:0] wb_adr_i,
  input  logic        wb_we_i,
  input  logic [3:0]  wb_sel_i,
  input  logic [31:0] wb_dat_i,
  output logic        wb_stall_o,
  output logic        wb_ack_o,
  output logic        wb_err_o,
  output logic [31:0] wb_dat_o,
  // MMIO port to the SystemC devices
  output logic        mmio_valid_o,
  output logic [31:0] mmio_addr_o,
  output logic        mmio_we_o,
  output logic [3:0]  mmio_sel_o,
  output logic [31:0] mmio_wdata_o,
  input  logic        mmio_rsp_valid_i,
  input  logic        mmio_rsp_err_i,
  input  logic [31:0] mmio_rsp_rdata_i
);

  typedef enum logic [1:0] {
    StIdle,  // nothing outstanding
    StReq,   // request pulse on mmio_valid_o
    StWait   // waiting for the device's response pulse
  } state_e;

  state_e      state_q, state_d;
  logic [31:0] addr_q, wdata_q;
  logic        we_q;
  logic [3:0]  sel_q;
  logic        accept, done;

  assign done       = (state_q == StWait) && mmio_rsp_valid_i;
  assign wb_stall_o = (state_q != StIdle) && !done;
  assign accept     = wb_cyc_i && wb_stb_i && !wb_stall_o;

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle:  if (accept) state_d = StReq;
      StReq:   state_d = StWait;
      StWait:  if (done) state_d = accept ? StReq : StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
    end else begin
      state_q <= state_d;
    end
  end

  // Request fields: no reset needed, qualified by mmio_valid_o.
  always_ff @(posedge clk_i) begin
    if (accept) begin
      addr_q  <= wb_adr_i;
      we_q    <= wb_we_i;
      sel_q   <= wb_sel_i;
      wdata_q <= wb_dat_i;
    end
  end

  assign mmio_valid_o = (state_q == StReq);
  assign mmio_addr_o  = addr_q;
  assign mmio_we_o    = we_q;
  assign mmio_sel_o   = sel_q;
  assign mmio_wdata_o = wdata_q;

  assign wb_ack_o = done && !mmio_rsp_err_i;
  assign wb_err_o = done && mmio_rsp_err_i;
  assign wb_dat_o = wb_ack_o ? mmio_rsp_rdata_i : 32'd0;

`ifndef SYNTHESIS
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!mmio_rsp_valid_i || (state_q == StWait))
        else $error("bus_mmio_bridge: MMIO response without an outstanding request");
    end
  end
`endif

endmodule
