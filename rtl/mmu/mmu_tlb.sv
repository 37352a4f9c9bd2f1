// mmu_tlb: a fully associative Sv32 TLB of Entries leaf translations, 4 KiB
// pages and 4 MiB megapages in the same array, tagged with the full ASID
// and the G bit.  Lookup is combinational (the port checks the result in
// the cycle the CPU drives its request); fill and flush act at the clock
// edge.  Replacement: tree pseudo-LRU (mmu_plru), invalid entries first.
//
//   entry i: valid | asid | g | mega | vpn[19:0] | ppn[21:0] | r w x u d
//   match_i = valid && (g || asid == lk_asid) &&
//             vpn[19:10] == VPN[1] && (mega || vpn[9:0] == VPN[0])
//
// An entry always has A=1 (the walker never installs A=0).  If more than
// one entry matches (software changed a mapping's size without a fence)
// the lowest index wins; the fill of a VA that hits replaces that entry
// (Svadu D-bit upgrade), so the walker never creates a duplicate itself.
//
// Flush (SFENCE.VMA, register-index flags):
//   all_va (rs1=x0)  all_asid (rs2=x0)   invalidates
//        1                1              every entry, global ones too
//        1                0              non-global entries of flush_asid
//        0                1              entries mapping flush_vpn, any ASID, global too
//        0                0              non-global entries of flush_asid mapping flush_vpn
module mmu_tlb #(
  parameter int unsigned Entries = 32,
  localparam int unsigned IdxW   = $clog2(Entries),
  localparam int unsigned VpnW   = mmu_pkg::VpnW,
  localparam int unsigned AsidW  = mmu_pkg::AsidBits,
  localparam int unsigned PpnW   = mmu_pkg::PpnBits,
  localparam int unsigned Vpn0W  = mmu_pkg::VpnBits
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // lookup (combinational)
  input  logic [VpnW-1:0]  lk_vpn_i,
  input  logic [AsidW-1:0] lk_asid_i,
  output logic             lk_hit_o,
  output logic [IdxW-1:0]  lk_idx_o,
  output logic [PpnW-1:0]  lk_ppn_o,
  output logic             lk_mega_o,
  output logic             lk_g_o,
  output logic             lk_r_o,
  output logic             lk_w_o,
  output logic             lk_x_o,
  output logic             lk_u_o,
  output logic             lk_d_o,
  // a request used the hit entry: update the replacement state
  input  logic             touch_i,
  // fill at the edge: into the hit entry if the lookup hits, else the victim
  input  logic             fill_i,
  input  logic [AsidW-1:0] fill_asid_i,
  input  logic             fill_g_i,
  input  logic             fill_mega_i,
  input  logic [PpnW-1:0]  fill_ppn_i,
  input  logic             fill_r_i,
  input  logic             fill_w_i,
  input  logic             fill_x_i,
  input  logic             fill_u_i,
  input  logic             fill_d_i,
  output logic [IdxW-1:0]  fill_idx_o,
  // SFENCE.VMA at the edge
  input  logic             flush_i,
  input  logic             flush_all_va_i,
  input  logic             flush_all_asid_i,
  input  logic [VpnW-1:0]  flush_vpn_i,
  input  logic [AsidW-1:0] flush_asid_i
);

  localparam int unsigned PermW = 5;  // {d, u, x, w, r}

  logic [Entries-1:0]       valid_q, valid_d;
  logic [Entries-1:0]       g_q, mega_q;
  logic [Entries*AsidW-1:0] asid_q;
  logic [Entries*VpnW-1:0]  vpn_q;
  logic [Entries*PpnW-1:0]  ppn_q;
  logic [Entries*PermW-1:0] perm_q;

  logic [Entries-1:0] match, first, flush_hit;
  logic [IdxW-1:0]    victim;
  logic [PermW-1:0]   perm;

  // ---------------------------------------------------------------- lookup
  always_comb begin
    for (int unsigned i = 0; i < Entries; i++) begin
      match[i] = valid_q[i] &&
                 (g_q[i] || asid_q[i*AsidW +: AsidW] == lk_asid_i) &&
                 vpn_q[i*VpnW + Vpn0W +: VpnW - Vpn0W] == lk_vpn_i[VpnW-1:Vpn0W] &&
                 (mega_q[i] || vpn_q[i*VpnW +: Vpn0W] == lk_vpn_i[Vpn0W-1:0]);
    end
  end

  assign first    = match & (~match + 1'b1);
  assign lk_hit_o = |match;

  // AND-OR multiplexer of the (first) matching entry.
  always_comb begin
    lk_idx_o  = '0;
    lk_ppn_o  = '0;
    lk_mega_o = 1'b0;
    lk_g_o    = 1'b0;
    perm      = '0;
    for (int unsigned i = 0; i < Entries; i++) begin
      if (first[i]) begin
        lk_idx_o  = lk_idx_o | IdxW'(i);
        lk_ppn_o  = lk_ppn_o | ppn_q[i*PpnW +: PpnW];
        lk_mega_o = lk_mega_o | mega_q[i];
        lk_g_o    = lk_g_o | g_q[i];
        perm      = perm | perm_q[i*PermW +: PermW];
      end
    end
  end
  assign {lk_d_o, lk_u_o, lk_x_o, lk_w_o, lk_r_o} = perm;

  // ----------------------------------------------------------- replacement
  mmu_plru #(
    .Entries (Entries)
  ) u_plru (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .valid_i     (valid_q),
    .touch_i     (touch_i || fill_i),
    .touch_idx_i (fill_i ? fill_idx_o : lk_idx_o),
    .victim_o    (victim)
  );

  assign fill_idx_o = lk_hit_o ? lk_idx_o : victim;

  // ------------------------------------------------------------------ flush
  always_comb begin
    for (int unsigned i = 0; i < Entries; i++) begin
      flush_hit[i] =
          (flush_all_va_i ||
           (vpn_q[i*VpnW + Vpn0W +: VpnW - Vpn0W] == flush_vpn_i[VpnW-1:Vpn0W] &&
            (mega_q[i] || vpn_q[i*VpnW +: Vpn0W] == flush_vpn_i[Vpn0W-1:0]))) &&
          (flush_all_asid_i || (!g_q[i] && asid_q[i*AsidW +: AsidW] == flush_asid_i));
    end
  end

  // A flush at the same edge as a fill wins (the walker drops such fills).
  always_comb begin
    valid_d = valid_q;
    if (fill_i) valid_d[fill_idx_o] = 1'b1;
    if (flush_i) valid_d = valid_d & ~flush_hit;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) valid_q <= '0;
    else         valid_q <= valid_d;
  end

  // Entry contents: no reset needed, qualified by valid_q.
  always_ff @(posedge clk_i) begin
    for (int unsigned i = 0; i < Entries; i++) begin
      if (fill_i && fill_idx_o == IdxW'(i)) begin
        g_q[i]                     <= fill_g_i;
        mega_q[i]                  <= fill_mega_i;
        asid_q[i*AsidW +: AsidW]   <= fill_asid_i;
        vpn_q[i*VpnW +: VpnW]      <= lk_vpn_i;
        ppn_q[i*PpnW +: PpnW]      <= fill_ppn_i;
        perm_q[i*PermW +: PermW]   <= {fill_d_i, fill_u_i, fill_x_i, fill_w_i, fill_r_i};
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    assert (Entries >= 2 && (Entries & (Entries - 1)) == 0)
      else $fatal(1, "mmu_tlb: Entries=%0d is not a power of two >= 2", Entries);
  end
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(touch_i && fill_i))
    else $error("mmu_tlb: touch and fill in the same cycle");
  // A fill comes from a walk for the port's held request, which therefore
  // misses or hits the entry it upgrades.
  assert property (@(posedge clk_i) disable iff (!rst_ni) fill_i |-> (!fill_mega_i || fill_ppn_i[Vpn0W-1:0] == '0))
    else $error("mmu_tlb: misaligned megapage installed");
`endif

endmodule
