// fpga_icebreaker: board top for the 1BitSquared iCEBreaker (iCE40 UP5K,
// 12 MHz oscillator), configuration fpga-up5k.  Pins in icebreaker.pcf.
//
//   TX (FTDI channel B)  self-test lines, 115200 8N1
//   LEDG_N  on: a PASS line went out and nothing failed
//   LEDR_N  on: a check failed (the FAIL line says which)
//   LED1 (PMOD2)  blinks while operations run; BTN_N: reset
//   BTN1 (PMOD2)  held while reset ends: a line every FastOps operations
//                 instead of every ReportOps (tests drive it high)
module fpga_icebreaker #(
  parameter int unsigned ReportOps = 1 << 20,
  parameter int unsigned FastOps   = 2000
) (
  input  logic CLK,
  input  logic BTN_N,
  input  logic BTN1,
  output logic TX,
  output logic LEDR_N,
  output logic LEDG_N,
  output logic LED1
);
  logic rst_n, pass, fail, running;

  fpga_por u_por (
    .clk_i  (CLK),
    .btn_ni (BTN_N),
    .rst_no (rst_n)
  );

  fpga_soc #(
    .ClkHz     (12_000_000),
    .Baud      (115_200),
    .ReportOps (ReportOps),
    .FastOps   (FastOps)
  ) u_soc (
    .clk_i     (CLK),
    .rst_ni    (rst_n),
    .fast_i    (BTN1),
    .uart_tx_o (TX),
    .pass_o    (pass),
    .fail_o    (fail),
    .running_o (running)
  );

  assign LEDG_N = !pass;
  assign LEDR_N = !fail;
  assign LED1   = running;
endmodule
