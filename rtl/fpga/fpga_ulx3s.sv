// fpga_ulx3s: board top for the Radiona ULX3S (ECP5 LFE5U, 25 MHz
// oscillator), configuration fpga.  Pins in ulx3s.lpf.
//
//   ftdi_rxd  self-test lines to the FTDI, 115200 8N1
//   led[0]  a PASS line went out and nothing failed
//   led[1]  a check failed (the FAIL line says which)
//   led[2]  blinks while operations run; btn[0] (PWR, active low): reset
//   btn[1] (FIRE1) held while reset ends: a line every FastOps operations
module fpga_ulx3s #(
  parameter int unsigned ReportOps = 1 << 20,
  parameter int unsigned FastOps   = 2000
) (
  input  logic       clk_25mhz,
  input  logic [1:0] btn,
  output logic       ftdi_rxd,
  output logic [7:0] led
);
  logic rst_n, pass, fail, running;

  fpga_por u_por (
    .clk_i  (clk_25mhz),
    .btn_ni (btn[0]),
    .rst_no (rst_n)
  );

  fpga_soc #(
    .ClkHz     (25_000_000),
    .Baud      (115_200),
    .ReportOps (ReportOps),
    .FastOps   (FastOps)
  ) u_soc (
    .clk_i     (clk_25mhz),
    .rst_ni    (rst_n),
    .fast_i    (btn[1]),
    .uart_tx_o (ftdi_rxd),
    .pass_o    (pass),
    .fail_o    (fail),
    .running_o (running)
  );

  assign led = {5'd0, running, fail, pass};
endmodule
