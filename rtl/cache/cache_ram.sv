// cache_ram: one way's array of a cache: Depth words of Width bits, one
// synchronous read port and one write port with byte enables, written so
// that Yosys maps it to block RAM (iCE40 SB_RAM40_4K) and Verilator to a
// plain C array.
//
//   edge E:   re_i, raddr_i sampled           we_i, waddr_i, be_i, wdata_i
//   after E:  rdata_o = array[raddr_i] as it was before E's write
//
// rdata_o holds its value while re_i is low (the cache keeps reading the
// line it looked up).  Width is a multiple of 8 when byte enables are used;
// the tag arrays use one enable bit for the whole word (Bytes = 1).
//
// Debugger view (Verilator only): DPI-C exports mmcosim_cram_read(addr)
// and mmcosim_cram_write(addr, value) reach one word of the array between
// cycles, with no other effect (no read port, no rdata_o change); the
// instance registers its scope once with mmcosim_cache_array_register(
// DebugId, Depth), DebugId saying which cache, way and array it is
// (cache_l1 sets it; bench/sim/top.cc reads it).  Width <= 32 there.
module cache_ram #(
  parameter int unsigned Depth = 1024,
  parameter int unsigned Width = 32,
  parameter int unsigned Bytes = 4,   // byte-enable lanes (Width / Bytes bits each)
  parameter int unsigned DebugId = 0, // the debugger's name of this array
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned LaneW = Width / Bytes
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Bytes-1:0] be_i,
  input  logic [Width-1:0] wdata_i
);

  logic [Width-1:0] mem_q [Depth];

  always_ff @(posedge clk_i) begin
    if (re_i) rdata_o <= mem_q[raddr_i];
  end

  always_ff @(posedge clk_i) begin
    for (int unsigned b = 0; b < Bytes; b++) begin
      if (we_i && be_i[b]) mem_q[waddr_i][b*LaneW +: LaneW] <= wdata_i[b*LaneW +: LaneW];
    end
  end

`ifdef VERILATOR
  export "DPI-C" function mmcosim_cram_read;
  export "DPI-C" function mmcosim_cram_write;
  import "DPI-C" context function void mmcosim_cache_array_register(
      input int unsigned id, input int unsigned depth);

  function automatic int unsigned mmcosim_cram_read(input int unsigned addr);
    if (addr >= Depth) return 32'd0;
    return 32'(mem_q[AddrW'(addr)]);
  endfunction

  function automatic void mmcosim_cram_write(input int unsigned addr, input int unsigned value);
    if (addr < Depth) mem_q[AddrW'(addr)] = Width'(value);
  endfunction

  initial mmcosim_cache_array_register(DebugId, Depth);
`endif

`ifndef SYNTHESIS
  initial begin
    assert (Bytes >= 1 && Width % Bytes == 0)
      else $fatal(1, "cache_ram: Width=%0d is not a multiple of Bytes=%0d", Width, Bytes);
  end
`endif

endmodule
