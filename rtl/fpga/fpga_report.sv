// fpga_report: prints one line of the self-test on the UART.
//
// start_i (one cycle, while idle) latches fail_i and sends one of two texts
// built from the ten 32-bit fields, which must hold still while busy_o (the
// self-test waits for the line; no copy costs 320 flops).  Each digit '0'..'9' in a text is a
// placeholder: it becomes the eight hex digits of that field (no other
// digit occurs in the texts):
//
//   pass:  "mmcosim fpga PASS ops=0 ld=1 st=2 pf=3 af=4 fence=5 remap=6\r\n"
//   fail:  "mmcosim fpga FAIL ops=0 va=7 got=8 exp=9\r\n"
//
// so that a pass line reads, e.g.
//   mmcosim fpga PASS ops=000007D0 ld=00000311 st=... \r\n
// busy_o is high from start_i to the handshake of the last byte.  Bytes go
// out through valid_o/ready_i (the UART transmitter's handshake).
module fpga_report (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           start_i,
  input  logic           fail_i,
  input  logic [10*32-1:0] fields_i,   // field k in [32*k +: 32]
  output logic           busy_o,
  output logic           valid_o,
  output logic [7:0]     data_o,
  input  logic           ready_i
);
  localparam int unsigned PassLen = 61;
  localparam int unsigned FailLen = 42;
  localparam logic [8*PassLen-1:0] PassText =
    "mmcosim fpga PASS ops=0 ld=1 st=2 pf=3 af=4 fence=5 remap=6\r\n";
  localparam logic [8*FailLen-1:0] FailText =
    "mmcosim fpga FAIL ops=0 va=7 got=8 exp=9\r\n";

  logic             busy_q, fail_q;
  logic [6:0]       chr_q;      // index of the text character being sent
  logic [2:0]       nib_q;      // hex digit of a field, most significant first

  // The texts with character i at bits [8*i +: 8], so that the character
  // is picked by a plain mux on chr_q (no index arithmetic: on ECP5 that
  // arithmetic became a 200 ns carry chain).
  function automatic logic [8*PassLen-1:0] rev_pass(input logic [8*PassLen-1:0] t);
    for (int i = 0; i < PassLen; i++) rev_pass[8*i +: 8] = t[8*(PassLen-1-i) +: 8];
  endfunction
  function automatic logic [8*FailLen-1:0] rev_fail(input logic [8*FailLen-1:0] t);
    for (int i = 0; i < FailLen; i++) rev_fail[8*i +: 8] = t[8*(FailLen-1-i) +: 8];
  endfunction
  localparam logic [8*128-1:0] PassRom = (8*128)'(rev_pass(PassText));  // 128: chr_q's range
  localparam logic [8*128-1:0] FailRom = (8*128)'(rev_fail(FailText));

  // The current text character, and for a placeholder its field's digit.
  logic [7:0]  chr;
  logic        is_field, last_chr;
  logic [31:0] field;
  logic [3:0]  nibble;
  always_comb begin
    chr      = fail_q ? FailRom[{chr_q, 3'b000} +: 8] : PassRom[{chr_q, 3'b000} +: 8];
    last_chr = fail_q ? (chr_q == 7'(FailLen - 1)) : (chr_q == 7'(PassLen - 1));
    is_field = (chr >= "0") && (chr <= "9");
    unique case (chr[3:0])
      4'd0:    field = fields_i[0*32 +: 32];
      4'd1:    field = fields_i[1*32 +: 32];
      4'd2:    field = fields_i[2*32 +: 32];
      4'd3:    field = fields_i[3*32 +: 32];
      4'd4:    field = fields_i[4*32 +: 32];
      4'd5:    field = fields_i[5*32 +: 32];
      4'd6:    field = fields_i[6*32 +: 32];
      4'd7:    field = fields_i[7*32 +: 32];
      4'd8:    field = fields_i[8*32 +: 32];
      default: field = fields_i[9*32 +: 32];
    endcase
    nibble   = field[{~nib_q, 2'b00} +: 4];   // digit nib_q, most significant first
    data_o   = chr;
    if (is_field) data_o = (nibble < 4'd10) ? 8'("0") + 8'(nibble) : 8'("A") + 8'(nibble) - 8'd10;
  end

  assign busy_o  = busy_q;
  assign valid_o = busy_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q   <= 1'b0;
      fail_q   <= 1'b0;
      chr_q    <= '0;
      nib_q    <= '0;
    end else if (!busy_q) begin
      if (start_i) begin
        busy_q   <= 1'b1;
        fail_q   <= fail_i;
        chr_q    <= '0;
        nib_q    <= '0;
      end
    end else if (ready_i) begin
      if (is_field && nib_q != 3'd7) begin
        nib_q <= nib_q + 3'd1;
      end else begin
        nib_q <= '0;
        chr_q <= chr_q + 7'd1;
        if (last_chr) busy_q <= 1'b0;
      end
    end
  end
endmodule
