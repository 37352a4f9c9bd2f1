// fpga_soc: the board-independent part of the FPGA build.  The memory
// subsystem (mem_subsys: MMU, bus, DRAM controller and device, caches when
// configured) is driven by the self-test master instead of the SystemC CPU;
// its MMIO port is answered by fpga_mmio_stub; the self-test's lines go out
// on a 115200 8N1 UART.  The fetch port is idle and tohost snooping off.
//
//   fpga_selftest ── dreq/csr ─▶ mem_subsys ── mmio ─▶ fpga_mmio_stub
//        │ ◀──────── drsp ─────────┘
//        └─ fields ─▶ fpga_report ─▶ fpga_uart_tx ─▶ uart_tx_o
//
// Board tops (fpga_icebreaker, fpga_ulx3s) add clock, reset and pins.
module fpga_soc #(
  parameter int unsigned ClkHz     = 12_000_000,
  parameter int unsigned Baud      = 115_200,
  parameter logic [31:0] Seed      = 32'h1234_5678,
  parameter int unsigned ReportOps = 1 << 20,
  parameter int unsigned FastOps   = 2000
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic fast_i,      // in reset: a line every FastOps operations
  output logic uart_tx_o,
  output logic pass_o,
  output logic fail_o,
  output logic running_o
);
  logic [63:0]      dreq, drsp, csr, irsp, mmio_req, mmio_rsp, htif;
  logic [31:0]      dreq_wdata, mmio_wdata;
  logic             dreq_ready, ireq_ready;
  logic             rep_start, rep_fail, rep_busy, tx_valid, tx_ready;
  logic [10*32-1:0] rep_fields;
  logic [7:0]       tx_data;

  fpga_selftest #(
    .Seed      (Seed),
    .ReportOps (ReportOps),
    .FastOps   (FastOps)
  ) u_selftest (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .fast_i          (fast_i),
    .dreq_o          (dreq),
    .dreq_wdata_o    (dreq_wdata),
    .dreq_ready_i    (dreq_ready),
    .drsp_i          (drsp),
    .csr_o           (csr),
    .report_start_o  (rep_start),
    .report_fail_o   (rep_fail),
    .report_fields_o (rep_fields),
    .report_busy_i   (rep_busy),
    .pass_o          (pass_o),
    .fail_o          (fail_o),
    .running_o       (running_o)
  );

  mem_subsys u_mem (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .ireq_i        (64'd0),
    .ireq_ready_o  (ireq_ready),
    .irsp_o        (irsp),
    .dreq_i        (dreq),
    .dreq_wdata_i  (dreq_wdata),
    .dreq_ready_o  (dreq_ready),
    .drsp_o        (drsp),
    .csr_i         (csr),
    .mmio_req_o    (mmio_req),
    .mmio_wdata_o  (mmio_wdata),
    .mmio_rsp_i    (mmio_rsp),
    .htif_tohost_i (32'd0),
    .htif_o        (htif)
  );

  fpga_mmio_stub u_mmio (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .mmio_req_i   (mmio_req),
    .mmio_wdata_i (mmio_wdata),
    .mmio_rsp_o   (mmio_rsp)
  );

  fpga_report u_report (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .start_i  (rep_start),
    .fail_i   (rep_fail),
    .fields_i (rep_fields),
    .busy_o   (rep_busy),
    .valid_o  (tx_valid),
    .data_o   (tx_data),
    .ready_i  (tx_ready)
  );

  fpga_uart_tx #(
    .ClkHz (ClkHz),
    .Baud  (Baud)
  ) u_uart (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .valid_i (tx_valid),
    .data_i  (tx_data),
    .ready_o (tx_ready),
    .tx_o    (uart_tx_o)
  );

  logic unused_outputs;
  assign unused_outputs = ^{ireq_ready, irsp, htif};
endmodule
