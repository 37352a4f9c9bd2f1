// fpga_uart_tx: 8N1 UART transmitter (one start bit, 8 data bits LSB first,
// one stop bit), ClkHz / Baud clock cycles per bit, rounded to nearest.
//
// Handshake: a byte is taken at the edge where valid_i && ready_o; ready_o
// is high whenever the transmitter is idle (the line rests at 1).
//
//   tx_o  ‾‾‾‾‾‾|_start_|_d0_|_d1_| ... |_d7_|‾stop‾|‾‾‾ idle
//               ^ edge after the handshake       ^ ready_o again after the stop bit
module fpga_uart_tx #(
  parameter int unsigned ClkHz = 12_000_000,
  parameter int unsigned Baud  = 115_200
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  input  logic [7:0] data_i,
  output logic       ready_o,
  output logic       tx_o
);
  localparam int unsigned Div  = (ClkHz + Baud / 2) / Baud;
  localparam int unsigned DivW = $clog2(Div);

  logic [DivW-1:0] div_q;    // cycles left in the current bit, minus one
  logic [3:0]      bits_q;   // bits left to send (start + 8 data + stop = 10)
  logic [9:0]      shift_q;  // {stop, data, start}, sent LSB first

  assign ready_o = (bits_q == 4'd0);
  assign tx_o    = ready_o ? 1'b1 : shift_q[0];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      div_q   <= '0;
      bits_q  <= 4'd0;
      shift_q <= '1;
    end else if (ready_o) begin
      if (valid_i) begin
        shift_q <= {1'b1, data_i, 1'b0};
        bits_q  <= 4'd10;
        div_q   <= DivW'(Div - 1);
      end
    end else if (div_q == '0) begin
      shift_q <= {1'b1, shift_q[9:1]};
      bits_q  <= bits_q - 4'd1;
      div_q   <= DivW'(Div - 1);
    end else begin
      div_q <= div_q - DivW'(1);
    end
  end

`ifndef SYNTHESIS
  initial begin
    assert (Div >= 2) else $fatal(1, "fpga_uart_tx: ClkHz/Baud = %0d < 2", Div);
  end
`endif
endmodule
