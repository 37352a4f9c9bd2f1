// mem_sram_array: the storage of the SRAM stand-in for DRAM, Words x 32 bit,
// one synchronous port with byte write enables (read-first), written so that
// Yosys infers block RAM (iCE40 SB_RAM40_4K) and Verilator a flat array.
//
// Port: when req_i at a rising edge, writes the lanes of be_i if we_i and
// loads rdata_o with the old word; rdata_o holds until the next req_i.
//
// Backdoor (Verilator only, docs/ports.md): DPI-C exports
// mmcosim_mem_read32/mmcosim_mem_write32 take byte offsets from the memory
// base; out-of-range offsets read 0 and write nothing.  The initial block
// calls the imported context function mmcosim_mem_register(bytes) once, at
// the first eval, so the C++ side can record svGetScope() for the exports.
module mem_sram_array #(
  parameter int unsigned Words = 4096,
  localparam int unsigned AddrW = (Words > 1) ? $clog2(Words) : 1
) (
  input  logic             clk_i,
  input  logic             req_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] addr_i,   // word index
  input  logic [3:0]       be_i,
  input  logic [31:0]      wdata_i,
  output logic [31:0]      rdata_o
);

  logic [31:0] mem_q [Words];

  always_ff @(posedge clk_i) begin
    if (req_i) begin
      if (we_i) begin
        for (int i = 0; i < 4; i++) begin
          if (be_i[i]) mem_q[addr_i][8*i +: 8] <= wdata_i[8*i +: 8];
        end
      end
      rdata_o <= mem_q[addr_i];
    end
  end

`ifdef VERILATOR
  export "DPI-C" function mmcosim_mem_read32;
  export "DPI-C" function mmcosim_mem_write32;
  import "DPI-C" context function void mmcosim_mem_register(input int unsigned bytes);

  function automatic int unsigned mmcosim_mem_read32(input int unsigned byte_offset);
    int unsigned word;
    word = byte_offset >> 2;
    if (word >= Words) return 32'd0;
    return mem_q[word[AddrW-1:0]];
  endfunction

  function automatic void mmcosim_mem_write32(input int unsigned byte_offset,
                                              input int unsigned data,
                                              input int unsigned byte_mask);
    int unsigned word;
    word = byte_offset >> 2;
    if (word < Words) begin
      for (int i = 0; i < 4; i++) begin
        if (byte_mask[i]) mem_q[word[AddrW-1:0]][8*i +: 8] = data[8*i +: 8];
      end
    end
  endfunction

  initial mmcosim_mem_register(Words * 4);
`endif

`ifndef SYNTHESIS
  initial begin
    assert (Words >= 1 && Words <= 32'h4000_0000)
      else $fatal(1, "mem_sram_array: Words=%0d out of range", Words);
  end
`endif

endmodule
