// mmu_pmp: physical memory protection (privileged spec, "Physical Memory
// Protection") for one physical access: the RTL copy of the pmpcfg and
// pmpaddr CSRs, and a purely combinational check.  model/mmu/pmp.{h,cc}
// is the golden model; tests/rtl/mmu_pmp_test.cc compares the two on
// random configurations and addresses.
//
// CSR copy.  The CPU model owns the CSRs and their WARL rules (grain, the
// L bit, R=0 W=1 reserved); after each write it sends the value as it now
// reads back through the write port, one CSR per cycle:
//
//   csr_we_i  csr_addr_i          effect
//   1         0x3a0 + n (pmpcfg n) cfg bytes of entries 4n .. 4n+3
//   1         0x3b0 + i (pmpaddr i) addr of entry i
//
// Entries at or beyond Entries ignore writes.  Reset: every entry OFF.
//
// Entry i (cfg byte L 0 0 A A X W R; a = pmpaddr i = physical bits 33:2):
//
//   A      matches word address w = pa[31:2] (pa < 2^32 here) when
//   OFF    never
//   TOR    pmpaddr[i-1] <= w < a        (i = 0: 0 <= w < a)
//   NA4    w == a
//   NAPOT  (w ^ a) & ~(a ^ (a + 1)) == 0   -- a ^ (a+1) has ones in the
//          trailing-ones run of a and the bit above it: the region's size
//
//        a = ... b 0 1 1 1          a ^ (a+1) = 0 ... 0 1 1 1 1
//                    \___/                            \_______/
//               k trailing ones               don't-care: 2^(k+1) words
//
// Accesses are aligned and at most 4 bytes (misaligned ones are split
// before the MMU), and every region is whole 4-byte words, so a word
// matches an entry entirely or not at all: no partial match to check.
//
// Decision: the lowest-numbered matching entry decides.  Matched: allowed
// when priv_i is M and the entry is not locked, else when its R (load), W
// (store) or X (fetch) bit is set.  No match: allowed in M; in S and U only
// when no entry is implemented (Entries = 0).
module mmu_pmp #(
  parameter int unsigned Entries = 16  // 0..64
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // CSR copy (from the CPU model, values as they read back)
  input  logic        csr_we_i,
  input  logic [11:0] csr_addr_i,
  input  logic [31:0] csr_wdata_i,
  // check of one physical access
  input  logic [31:0] pa_i,
  input  logic [1:0]  acc_i,    // mmu_pkg::AccFetch/AccLoad/AccStore
  input  logic [1:0]  priv_i,   // mmu_pkg::PrivU/PrivS/PrivM (effective)
  output logic        allow_o
);

  localparam logic [11:0] CsrPmpcfg0  = 12'h3a0;
  localparam logic [11:0] CsrPmpaddr0 = 12'h3b0;
  localparam logic [1:0]  ModeTor = 2'd1, ModeNa4 = 2'd2, ModeNapot = 2'd3;  // A; 0 is OFF
  localparam int unsigned N = (Entries > 0) ? Entries : 1;  // array size

  logic [7:0]  cfg_q  [N];
  logic [31:0] addr_q [N];

  // ------------------------------------------------------------ CSR copy
  logic [11:0] cfg_off, addr_off;
  assign cfg_off  = csr_addr_i - CsrPmpcfg0;
  assign addr_off = csr_addr_i - CsrPmpaddr0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned i = 0; i < N; i++) begin
        cfg_q[i]  <= 8'd0;
        addr_q[i] <= 32'd0;
      end
    end else if (csr_we_i && Entries > 0) begin
      for (int unsigned i = 0; i < N; i++) begin
        if (cfg_off < 12'd16 && 32'(cfg_off) == i / 4)
          cfg_q[i] <= csr_wdata_i[8*(i%4) +: 8];
        if (addr_off < 12'd64 && 32'(addr_off) == i)
          addr_q[i] <= csr_wdata_i;
      end
    end
  end

  // --------------------------------------------------------------- check
  logic [31:0]  word;
  logic [N-1:0] match;
  assign word = {2'b00, pa_i[31:2]};

  for (genvar i = 0; i < N; i++) begin : g_entry
    logic        above_lo;  // TOR: at or above the entry below
    logic [31:0] napot_care;
    if (i == 0) begin : g_first
      assign above_lo = 1'b1;
    end else begin : g_next
      assign above_lo = word >= addr_q[i-1];
    end
    assign napot_care = ~(addr_q[i] ^ (addr_q[i] + 32'd1));
    always_comb begin
      unique case (cfg_q[i][4:3])
        ModeTor:   match[i] = above_lo && word < addr_q[i];
        ModeNa4:   match[i] = word == addr_q[i];
        ModeNapot: match[i] = ((word ^ addr_q[i]) & napot_care) == 32'd0;
        default:   match[i] = 1'b0;
      endcase
      if (i >= Entries) match[i] = 1'b0;
    end
  end

  // Lowest matching entry's permission.
  always_comb begin
    logic found;
    found   = 1'b0;
    allow_o = (priv_i == mmu_pkg::PrivM) || Entries == 0;
    for (int i = 0; i < N; i++) begin
      if (match[i] && !found) begin
        found = 1'b1;
        if (priv_i == mmu_pkg::PrivM && !cfg_q[i][7]) allow_o = 1'b1;
        else begin
          unique case (acc_i)
            mmu_pkg::AccFetch: allow_o = cfg_q[i][2];
            mmu_pkg::AccLoad:  allow_o = cfg_q[i][0];
            default:           allow_o = cfg_q[i][1];
          endcase
        end
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    assert (Entries <= 64) else $fatal(1, "mmu_pmp: Entries=%0d > 64", Entries);
  end
`endif

  logic unused;
  assign unused = ^pa_i[1:0];  // word granularity (see above)

endmodule
