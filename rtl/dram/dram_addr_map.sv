// dram_addr_map: bus byte offset -> (bank, row, column), combinational.
//
// The DRAM is word-organised: one column is one 32-bit bus word, so the two
// low address bits select the byte lane and never the column.
//
//   MapRowBankCol   word address = | row | bank | col |
//   MapBankXor      as above, then bank ^= row[BankW-1:0]: rows that share
//                   bank bits in a row:bank:col map spread over all banks
//                   (permutation-based interleaving, Zhang et al. 2000)
//
// The mapping is a bijection, so every word has exactly one cell.
// dram_cells' backdoor applies the same mapping to byte offsets.
`include "mmcosim_cfg.svh"

module dram_addr_map #(
  parameter int unsigned Banks   = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows    = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Columns = `MMCOSIM_DRAM_COLUMNS,
  parameter int unsigned AddrMap = `MMCOSIM_DRAM_ADDR_MAP,
  localparam int unsigned BankW  = $clog2(Banks),
  localparam int unsigned RowW   = $clog2(Rows),
  localparam int unsigned ColW   = $clog2(Columns)
) (
  input  logic [31:0]      offset_i,   // byte offset from the DRAM base
  output logic [BankW-1:0] bank_o,
  output logic [RowW-1:0]  row_o,
  output logic [ColW-1:0]  col_o
);

  logic [BankW-1:0] bank_bits;

  assign col_o     = offset_i[2 +: ColW];
  assign bank_bits = offset_i[2 + ColW +: BankW];
  assign row_o     = offset_i[2 + ColW + BankW +: RowW];
  assign bank_o    = (AddrMap == dram_pkg::MapBankXor) ? (bank_bits ^ row_o[BankW-1:0])
                                                       : bank_bits;

  // Byte lanes and bits above the window are not part of the cell address.
  logic unused_offset;
  assign unused_offset = ^{offset_i[1:0], offset_i[31:2 + ColW + BankW + RowW]};

endmodule
