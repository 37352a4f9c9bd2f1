// dram_cells: the cell arrays of every bank, the row buffers and the charge
// (retention) of every row.
//
// Storage: Banks x Rows x Columns words of 32 bits, word index
// {bank, row, col}.  The row buffer of a bank is its open row: ACT latches
// the row into the sense amplifiers (open_row_o), RD/WR act on it, PRE
// writes it back.  Sense amplifiers and cells of an open row hold the same
// values (the amplifiers restore the cells as they sense them), so RD/WR go
// to the array through the open row address; what the row buffer adds is
// when a row is restored.
//
// Retention (Retention != 0, core cycles).  Each row remembers when it was
// last restored: ACT, PRE (write-back), REF of the row, a backdoor write.
// A closed row whose last restore lies more than Retention cycles back has
// lost its charge: when it is next sensed (ACT, REF, backdoor) its bits read
// as LeakValue from then on, and decay_o counts the row once.  Decay is
// computed lazily at those moments -- nothing is scanned per cycle:
//
//   row_epoch[b,r]  +1 each time the row is found decayed
//   word_epoch[w]   row_epoch of the row when word w was last written
//   read(w)         word_epoch[w] == row_epoch[row] ? cell[w] : LeakValue
//
// decay_o counts the rows found decayed one cycle after the edge that
// sensed them (and backdoor finds, one per cycle).
// A byte-masked write to a decayed word keeps LeakValue in the other lanes.
// The epochs are 8 bits: a word that is never rewritten while its row
// decays 256 times would read its old value again (documented limit).
//
// RowHammer (RowHammer != 0; needs Retention != 0).  Every ACT of row r
// in bank b disturbs rows r-1, r+1, r-2, r+2, ... up to HammerRadius on
// each side (rows that exist; no wrap), in that order.  Each row keeps the
// disturbances since its last ACT or REF (both reset it):
//
//   hc[b,v] + 1 <  HammerThreshold   hc[b,v] += 1
//   hc[b,v] + 1 == HammerThreshold   flip: hc[b,v] = 0, and with n the
//                                    number of flips so far in the device
//                                    (victims past the threshold, from 0),
//                                    h = mix32(HammerSeed + n),
//                                    word {b, v, h mod Columns} gets
//                                    HammerBits adjacent bits inverted,
//                                    from bit h[20:16] upward (mod 32)
//
// mix32 is the "lowbias32" integer hash (xorshift-multiply, constants
// 0x7feb352d, 0x846ca68b).  The flip acts on the word as stored (a decayed
// word's LeakValue), like a write that does not restore the row.
// ham_dist_o / ham_vict_o count the disturbances and flips of an ACT one
// cycle after it.  The backdoor neither disturbs nor resets.
//
// ECC (Ecc != 0; needs Retention != 0).  Every word has 7 check bits in
// the cells beside it, a SEC-DED code (Hamming (38,32) plus overall
// parity):
//
//   position  1  2  3  4  5  6  7  8  9 ... 31 32 33 ... 38
//   bit       c0 c1 d0 c2 d1 d2 d3 c3 d4 ... d25 c5 d26 ... d31
//
// Data bit k sits at the k-th position that is not a power of two; c_i
// (i = 0..5) is the parity of the data bits whose position has bit i set,
// c6 the parity of the 38 others.  A write (and a backdoor write) stores
// the check bits of the word it leaves.  A read recomputes them: the
// syndrome s (stored c0..c5 ^ recomputed) is the position of a single
// flipped bit, the overall parity p says whether an odd number flipped:
//
//   s == 0, p == 0   clean
//   p == 1           one bit: s names it (0: c6; 1, 2, 4, .., 32: c_i;
//                    a data position: inverted back); corrected, and the
//                    word and its check bits are written back at once
//                    (scrub); s > 38 is no single bit: uncorrectable
//   s != 0, p == 0   two bits: uncorrectable (data returned as stored)
//
// ecc_ce_o / ecc_ue_o flag the word read at the last edge, with rdata_o.
// Decayed check cells read as all ones (anti-cells: EccLeakCheck), so a
// decayed word is never a clean codeword (leak value 0: s = 63).  RowHammer
// flips data bits only.  The backdoor mmcosim_mem_inject32 inverts stored
// data and check bits without re-encoding (error injection for tests).
//
// Retention = 0 (e.g. the fpga config): cells never decay; the array is a
// plain byte-enable RAM that Yosys maps to block RAM.
//
// Ports: one ACT, any PREs, one REF row and one column access per edge.
// rdata_o is the word read at the previous edge that had rd_i (read-first).
//
// Backdoor (Verilator, docs/ports.md): mmcosim_mem_read32/write32 take byte
// offsets from the DRAM base and apply the controller's address mapping
// (dram_addr_map).  A backdoor write restores its row (as an ACT/PRE pair
// would), so a program loaded at cycle 0 keeps until refresh reaches it.
// A backdoor read shows what an ACT would sense now, without restoring.
`include "mmcosim_cfg.svh"

module dram_cells #(
  parameter int unsigned Banks     = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows      = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Columns   = `MMCOSIM_DRAM_COLUMNS,
  parameter int unsigned AddrMap   = `MMCOSIM_DRAM_ADDR_MAP,
  parameter logic [63:0] Retention = `MMCOSIM_DRAM_CK_RETENTION,
  parameter logic [31:0] LeakValue = `MMCOSIM_DRAM_LEAK_VALUE,
  parameter int unsigned RowHammer       = `MMCOSIM_DRAM_ROWHAMMER_ENABLE,
  parameter int unsigned HammerThreshold = `MMCOSIM_DRAM_ROWHAMMER_THRESHOLD,
  parameter int unsigned HammerRadius    = `MMCOSIM_DRAM_ROWHAMMER_RADIUS,
  parameter int unsigned HammerBits      = `MMCOSIM_DRAM_ROWHAMMER_BITS,
  parameter logic [31:0] HammerSeed      = `MMCOSIM_DRAM_ROWHAMMER_SEED,
  parameter int unsigned Ecc             = `MMCOSIM_DRAM_ECC_ENABLE,
  localparam int unsigned BankW    = $clog2(Banks),
  localparam int unsigned RowW     = $clog2(Rows),
  localparam int unsigned ColW     = $clog2(Columns),
  localparam int unsigned AddrW    = BankW + RowW + ColW,
  localparam int unsigned Words    = Banks * Rows * Columns,
  localparam int unsigned DecW     = $clog2(Banks + 2)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,       // closes the row buffers; cells keep their data
  input  logic                  act_i,
  input  logic [BankW-1:0]      act_bank_i,
  input  logic [RowW-1:0]       act_row_i,
  input  logic [Banks-1:0]      pre_i,        // banks whose open row closes at this edge
  input  logic                  ref_i,
  input  logic [RowW-1:0]       ref_row_i,    // row refreshed in every bank
  input  logic                  rd_i,
  input  logic                  wr_i,
  input  logic [BankW-1:0]      bank_i,
  input  logic [ColW-1:0]       col_i,
  input  logic [31:0]           wdata_i,
  input  logic [3:0]            wbe_i,
  output logic [31:0]           rdata_o,
  output logic [Banks*RowW-1:0] open_row_o,   // row buffer address per bank
  output logic                  any_open_o,   // some bank has a row open (energy: active standby)
  output logic [DecW-1:0]       decay_o,      // rows found decayed (one cycle late)
  output logic [3:0]            ham_dist_o,   // RowHammer: rows disturbed by the last edge's ACT
  output logic [3:0]            ham_vict_o,   //   of them, past the threshold (bits flipped)
  output logic                  ecc_ce_o,     // ECC: the word on rdata_o had one bit corrected
  output logic                  ecc_ue_o      //   it has an uncorrectable error
);

  localparam bit Leaky = (Retention != 64'd0);
  localparam int unsigned MetaRows = Leaky ? Banks * Rows : 1;
  localparam int unsigned EpochWords = Leaky ? Words : 1;
  localparam int unsigned EccWords = (Leaky && Ecc != 0) ? Words : 1;
  localparam logic [6:0] EccLeakCheck = 7'h7f;  // decayed check bits

  logic [31:0] mem_q [Words];
  logic [RowW-1:0] open_row_q [Banks];
  logic [Banks-1:0] open_q;
  logic [AddrW-1:0] addr;

  for (genvar b = 0; b < Banks; b++) begin : g_open_row
    assign open_row_o[b*RowW +: RowW] = open_row_q[b];
  end
  assign addr = {bank_i, open_row_q[bank_i], col_i};
  assign any_open_o = |open_q;

  // Row buffers: which row each bank has open.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) open_q <= '0;
    else         open_q <= open_q & ~pre_i;
    if (act_i) begin
      open_q[act_bank_i]     <= 1'b1;
      open_row_q[act_bank_i] <= act_row_i;
    end
  end

  // Row and word metadata (Leaky only; one dummy entry otherwise).
  /* verilator tracing_off */
  logic [63:0] now_q;                      // cycles since power-up, never reset
  /* verilator tracing_on */
  logic [63:0] restore_q [MetaRows];       // last restore of each row
  logic [7:0]  row_epoch_q [MetaRows];
  logic [7:0]  word_epoch_q [EpochWords];
  logic [31:0] bd_decays_q, bd_seen_q;     // decays found by the backdoor
  logic [6:0]  chk_q [EccWords];           // ECC check bits of each word

  if (Leaky) begin : g_leaky
    // RowHammer disturbance counters (one dummy entry when off)
    localparam int unsigned HamRows = RowHammer != 0 ? Banks * Rows : 1;
    localparam int unsigned HcW     = $clog2(HammerThreshold + 1);
    localparam logic [31:0] HamOnes = (32'd1 << HammerBits) - 32'd1;
    logic [HcW-1:0] hc_q [HamRows];
    logic [31:0]    ham_n_q;                 // flips so far
    logic [3:0]     ham_dist_q, ham_vict_q;
    logic [31:0]    ham_n, h, mask;
    logic [3:0]     ham_dist, ham_vict;
    logic [BankW+RowW-1:0] vm;
    logic [AddrW-1:0] vw;
    logic [31:0]    v;
    logic           unused_h;            // the hash bits no rule uses
    assign unused_h = ^h;
    logic [31:0] data_q;
    logic [7:0]  wep_q, rep_q;
    logic        ce_q, ue_q;
    logic [33:0] dec;
    logic [DecW-1:0] decays_q, decays;  // rows found decayed at the last edge
    logic [BankW+RowW-1:0] act_meta;    // {bank, row}

    assign act_meta = {act_bank_i, act_row_i};
    assign decay_o  = decays_q + DecW'(bd_decays_q != bd_seen_q);
    assign ham_dist_o = ham_dist_q;
    assign ham_vict_o = ham_vict_q;

    initial begin
      now_q = '0;
      decays_q = '0;
      bd_decays_q = '0;
      bd_seen_q = '0;
      for (int unsigned i = 0; i < MetaRows; i++) begin
        restore_q[i]   = '0;
        row_epoch_q[i] = '0;
      end
      for (int unsigned i = 0; i < EpochWords; i++) word_epoch_q[i] = '0;
      for (int unsigned i = 0; i < HamRows; i++) hc_q[i] = '0;
      for (int unsigned i = 0; i < EccWords; i++) chk_q[i] = ecc_check(32'd0);
      ham_n_q = '0;
      ham_dist_q = '0;
      ham_vict_q = '0;
    end

    // The arrays are memories: written with blocking assignments (one
    // write per site, no delayed-write bookkeeping per element in the
    // Verilated model; lint.vlt waives BLKSEQ for this file).  Nothing
    // else reads them at this edge.
    logic        stale;
    logic [31:0] word;
    always_ff @(posedge clk_i) begin
      now_q <= now_q + 64'd1;
      if (bd_decays_q != bd_seen_q) bd_seen_q <= bd_seen_q + 32'd1;
      // Restores: PRE writes the open row back, ACT and REF sense and
      // restore; a row sensed more than Retention cycles after its last
      // restore has decayed (counted in decays_q, one cycle later).
      decays = '0;
      if (act_i) begin
        if (now_q - restore_q[act_meta] > Retention) begin
          row_epoch_q[act_meta] = row_epoch_q[act_meta] + 8'd1;
          decays = decays + 1'b1;
        end
        restore_q[act_meta] = now_q;
      end
      if (|pre_i || ref_i) begin
        for (int unsigned b = 0; b < Banks; b++) begin
          if (ref_i) begin
            if (now_q - restore_q[{BankW'(b), ref_row_i}] > Retention) begin
              row_epoch_q[{BankW'(b), ref_row_i}] = row_epoch_q[{BankW'(b), ref_row_i}] + 8'd1;
              decays = decays + 1'b1;
            end
            restore_q[{BankW'(b), ref_row_i}] = now_q;
          end
          if (pre_i[b]) restore_q[{BankW'(b), open_row_q[b]}] = now_q;
        end
      end
      decays_q <= decays;
      // RowHammer: the ACT resets its own row and disturbs its neighbours;
      // a REF resets the rows it refreshes.
      ham_n    = ham_n_q;
      ham_dist = '0;
      ham_vict = '0;
      if (RowHammer != 0 && act_i) begin
        hc_q[ham_meta(act_meta)] = '0;
        for (int d = 1; d <= 4; d++) begin
          for (int s = 0; s < 2; s++) begin
            // row - d wraps to a huge unsigned number: outside 0..Rows-1
            v = s == 0 ? 32'(act_row_i) - 32'(d) : 32'(act_row_i) + 32'(d);
            if (d <= 32'(HammerRadius) && v < 32'(Rows)) begin
              vm = {act_bank_i, RowW'(v)};
              ham_dist = ham_dist + 4'd1;
              if (32'(hc_q[ham_meta(vm)]) + 32'd1 >= HammerThreshold) begin
                hc_q[ham_meta(vm)] = '0;
                h    = mix32(HammerSeed + ham_n);
                mask = (HamOnes << h[20:16]) | (HamOnes >> (6'd32 - 6'(h[20:16])));
                vw   = {vm, h[ColW-1:0]};
                stale = word_epoch_q[vw] != row_epoch_q[vm];
                word = stale ? LeakValue : mem_q[vw];
                mem_q[vw] = word ^ mask;
                if (Ecc != 0 && stale) chk_q[ecc_idx(vw)] = EccLeakCheck;
                word_epoch_q[vw] = row_epoch_q[vm];
                ham_n    = ham_n + 32'd1;
                ham_vict = ham_vict + 4'd1;
              end else begin
                hc_q[ham_meta(vm)] = hc_q[ham_meta(vm)] + HcW'(1);
              end
            end
          end
        end
      end
      if (RowHammer != 0 && ref_i) begin
        for (int unsigned b = 0; b < Banks; b++) hc_q[ham_meta({BankW'(b), ref_row_i})] = '0;
      end
      ham_n_q    <= ham_n;
      ham_dist_q <= ham_dist;
      ham_vict_q <= ham_vict;
      // Column access through the row buffer.  A write to a decayed word
      // keeps LeakValue in the lanes it does not write.
      if (wr_i) begin
        stale = word_epoch_q[addr] != row_epoch_q[addr[AddrW-1:ColW]];
        word  = stale ? LeakValue : mem_q[addr];
        for (int i = 0; i < 4; i++) begin
          if (wbe_i[i]) word[8*i +: 8] = wdata_i[8*i +: 8];
        end
        mem_q[addr] = word;
        if (Ecc != 0) chk_q[ecc_idx(addr)] = ecc_check(word);
        word_epoch_q[addr] = row_epoch_q[addr[AddrW-1:ColW]];
      end
      if (Ecc == 0) begin
        if (rd_i) begin
          data_q <= mem_q[addr];
          wep_q  <= word_epoch_q[addr];
          rep_q  <= row_epoch_q[addr[AddrW-1:ColW]];
        end
        ce_q <= 1'b0;
        ue_q <= 1'b0;
      end else begin
        // ECC: decode as the word is read; a corrected word is scrubbed
        // (written back with its check bits: the row is open).
        dec = '0;
        if (rd_i) begin
          stale = word_epoch_q[addr] != row_epoch_q[addr[AddrW-1:ColW]];
          dec   = ecc_decode(stale ? LeakValue : mem_q[addr],
                             stale ? EccLeakCheck : chk_q[ecc_idx(addr)]);
          if (dec[32]) begin
            mem_q[addr] = dec[31:0];
            chk_q[ecc_idx(addr)] = ecc_check(dec[31:0]);
            word_epoch_q[addr] = row_epoch_q[addr[AddrW-1:ColW]];
          end
          data_q <= dec[31:0];
          wep_q  <= 8'd0;
          rep_q  <= 8'd0;
        end
        ce_q <= dec[32];
        ue_q <= dec[33];
      end
    end
    assign rdata_o  = (wep_q == rep_q) ? data_q : LeakValue;
    assign ecc_ce_o = ce_q;
    assign ecc_ue_o = ue_q;

    // Check-bit index of word w (0 when ECC is off).
    function automatic int unsigned ecc_idx(input logic [AddrW-1:0] w);
      ecc_idx = Ecc != 0 ? 32'(w) : 32'd0;
    endfunction

    // Counter index of row {bank, row} (0 when RowHammer is off).
    function automatic int unsigned ham_meta(input logic [BankW+RowW-1:0] bank_row);
      ham_meta = RowHammer != 0 ? 32'(bank_row) : 32'd0;
    endfunction
  end else begin : g_plain
    // Same shape as mem_sram_array: Yosys infers block RAM.
    logic [31:0] data_q;
    always_ff @(posedge clk_i) begin
      if (wr_i) begin
        for (int i = 0; i < 4; i++) begin
          if (wbe_i[i]) mem_q[addr][8*i +: 8] <= wdata_i[8*i +: 8];
        end
      end
      if (rd_i) data_q <= mem_q[addr];
    end
    assign rdata_o = data_q;
    assign decay_o = '0;
    assign ecc_ce_o = 1'b0;
    assign ecc_ue_o = 1'b0;
    assign ham_dist_o = '0;
    assign ham_vict_o = '0;
    // no decay bookkeeping: the row clock and the backdoor's tally rest at 0
    assign now_q     = '0;
    assign bd_seen_q = '0;
    logic unused_plain;
    assign unused_plain = ^{act_bank_i, act_row_i, ref_i, ref_row_i, bd_seen_q};
  end

`ifdef VERILATOR
  export "DPI-C" function mmcosim_mem_read32;
  export "DPI-C" function mmcosim_mem_write32;
  export "DPI-C" function mmcosim_mem_inject32;
  import "DPI-C" context function void mmcosim_mem_register(input int unsigned bytes);

  // Word index (byte offset >> 2, below Words) -> {bank, row, col}, as
  // dram_addr_map does.
  function automatic logic [AddrW-1:0] bd_index(input logic [AddrW-1:0] word);
    logic [BankW-1:0] bank;
    logic [RowW-1:0]  row;
    bank = word[ColW +: BankW];
    row  = word[ColW + BankW +: RowW];
    if (AddrMap == dram_pkg::MapBankXor) bank = bank ^ row[BankW-1:0];
    return {bank, row, word[ColW-1:0]};
  endfunction

  // Metadata index of row {bank, row} (0 when not Leaky).
  function automatic int unsigned bd_meta(input logic [AddrW-ColW-1:0] bank_row);
    return Leaky ? 32'(bank_row) : 32'd0;
  endfunction

  // True when row {bank, row} would sense as decayed now.
  function automatic bit bd_decayed(input logic [AddrW-ColW-1:0] bank_row);
    logic [BankW-1:0] bank;
    bank = bank_row[AddrW-ColW-1 -: BankW];
    if (!Leaky) return 1'b0;
    if (open_q[bank] && open_row_q[bank] == bank_row[RowW-1:0]) return 1'b0;
    return now_q - restore_q[bd_meta(bank_row)] > Retention;
  endfunction

  function automatic int unsigned mmcosim_mem_read32(input int unsigned byte_offset);
    logic [AddrW-1:0] idx;
    if ((byte_offset >> 2) >= Words) return 32'd0;
    idx = bd_index(AddrW'(byte_offset >> 2));
    if (Leaky && (bd_decayed(idx[AddrW-1:ColW]) || word_epoch_q[Leaky ? 32'(idx) : 32'd0] !=
                  row_epoch_q[bd_meta(idx[AddrW-1:ColW])])) return LeakValue;
    return mem_q[idx];
  endfunction

  function automatic void mmcosim_mem_write32(input int unsigned byte_offset,
                                              input int unsigned data,
                                              input int unsigned byte_mask);
    logic [AddrW-1:0] idx;
    int unsigned meta, wep;
    if ((byte_offset >> 2) < Words) begin
      idx  = bd_index(AddrW'(byte_offset >> 2));
      meta = bd_meta(idx[AddrW-1:ColW]);
      wep  = Leaky ? 32'(idx) : 32'd0;
      if (Leaky) begin
        if (bd_decayed(idx[AddrW-1:ColW])) begin
          row_epoch_q[meta] = row_epoch_q[meta] + 8'd1;
          bd_decays_q = bd_decays_q + 32'd1;
        end
        restore_q[meta] = now_q;
        if (word_epoch_q[wep] != row_epoch_q[meta]) mem_q[idx] = LeakValue;
        word_epoch_q[wep] = row_epoch_q[meta];
      end
      for (int i = 0; i < 4; i++) begin
        if (byte_mask[i]) mem_q[idx][8*i +: 8] = data[8*i +: 8];
      end
      if (Leaky && Ecc != 0) chk_q[wep] = ecc_check(mem_q[idx]);
    end
  endfunction

  // Error injection (ECC tests): inverts the stored data bits in data_xor
  // and check bits in check_xor[6:0] of the word at byte_offset, without
  // re-encoding and without restoring the row.  Returns 0, or 1 when the
  // offset is outside the DRAM or the cells keep no check bits.
  function automatic int mmcosim_mem_inject32(input int unsigned byte_offset,
                                              input int unsigned data_xor,
                                              input int unsigned check_xor);
    logic [AddrW-1:0] idx;
    if ((byte_offset >> 2) >= Words || !Leaky || Ecc == 0) return 1;
    idx = bd_index(AddrW'(byte_offset >> 2));
    mem_q[idx] = mem_q[idx] ^ data_xor;
    chk_q[Leaky && Ecc != 0 ? 32'(idx) : 32'd0] = chk_q[Leaky && Ecc != 0 ? 32'(idx) : 32'd0] ^ 7'(check_xor);
    return 0;
  endfunction

  initial mmcosim_mem_register(Words * 4);
`endif

  // SEC-DED check bits of a word (the table above): c_i over the data bits
  // whose position has bit i set, c6 over everything else.
  function automatic logic [6:0] ecc_check(input logic [31:0] d);
    logic [5:0] c;
    c = ecc_syn6(d);
    ecc_check = {(^d) ^ (^c), c};
  endfunction

  // c0..c5 of a word.
  function automatic logic [5:0] ecc_syn6(input logic [31:0] d);
    logic [5:0] c;
    int unsigned k;
    c = '0;
    k = 0;
    for (int unsigned p = 3; p <= 38; p++) begin
      if ((p & (p - 1)) != 0) begin
        for (int unsigned i = 0; i < 6; i++) begin
          if (((p >> i) & 1) != 0) c[i] = c[i] ^ d[k];
        end
        k = k + 1;
      end
    end
    ecc_syn6 = c;
  endfunction

  // A stored word and its check bits decoded: {uncorrectable, corrected,
  // data} (the data as stored when uncorrectable).
  function automatic logic [33:0] ecc_decode(input logic [31:0] d, input logic [6:0] c);
    logic [5:0]  s;
    logic        p;
    logic [31:0] fixed;
    int unsigned k;
    s  = ecc_syn6(d) ^ c[5:0];
    p  = (^d) ^ (^c);
    fixed = d;
    k = 0;
    for (int unsigned q = 3; q <= 38; q++) begin
      if ((q & (q - 1)) != 0) begin
        if (32'(s) == q) fixed[k] = ~d[k];
        k = k + 1;
      end
    end
    if (!p)              ecc_decode = {s != 6'd0, 1'b0, d};
    else if (32'(s) > 38) ecc_decode = {1'b1, 1'b0, d};
    else                 ecc_decode = {1'b0, 1'b1, fixed};
  endfunction

  // lowbias32: an integer hash (the flipped word and bits of RowHammer)
  function automatic logic [31:0] mix32(input logic [31:0] x0);
    logic [31:0] x;
    x = x0 ^ (x0 >> 16);
    x = x * 32'h7feb352d;
    x = x ^ (x >> 15);
    x = x * 32'h846ca68b;
    mix32 = x ^ (x >> 16);
  endfunction

`ifndef SYNTHESIS
  initial begin
    assert (Ecc == 0 || Leaky)
      else $fatal(1, "dram_cells: ECC needs the cells' bookkeeping (Retention != 0)");
    assert (RowHammer == 0 || Leaky)
      else $fatal(1, "dram_cells: RowHammer needs the cells' bookkeeping (Retention != 0)");
    assert (HammerRadius >= 1 && HammerRadius <= 4 && HammerBits >= 1 && HammerBits <= 4)
      else $fatal(1, "dram_cells: HammerRadius=%0d / HammerBits=%0d outside 1..4", HammerRadius, HammerBits);
    assert (Banks >= 2 && (Banks & (Banks - 1)) == 0 && Rows >= 2 && Columns >= 4)
      else $fatal(1, "dram_cells: bad geometry %0d x %0d x %0d", Banks, Rows, Columns);
  end
  always_ff @(posedge clk_i) begin
    if (rd_i) assert (!wr_i) else $error("dram_cells: read and write in one cycle");
  end
`endif

endmodule
