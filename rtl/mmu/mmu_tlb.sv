// mmu_tlb: a fully associative Sv32 TLB of Entries leaf translations, 4 KiB
// pages and 4 MiB megapages in the same array, tagged with the full ASID
// and the G bit.  Lookup is combinational (the port checks the result in
// the cycle the CPU drives its request); fill and flush act at the clock
// edge.  Replacement: tree pseudo-LRU (mmu_plru), invalid entries first.
//
//   entry i: valid | g | mega | key {asid, vpn[19:0]} | mask | ppn[21:0] | d u x w r
//   match_i = valid && (g || asid == lk_asid) &&
//             vpn[19:10] == VPN[1] && (mega || vpn[9:0] == VPN[0])
//           = valid && ((key ^ {lk_asid, lk_vpn}) & mask) == 0
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
  // lookup (combinational); lk_en_i = 0: no lookup, lk_hit_o = 0
  input  logic             lk_en_i,
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

  localparam int unsigned PermW = 5;               // {d, u, x, w, r}
  localparam int unsigned KeyW  = AsidW + VpnW;     // {asid, vpn}

  // Entry i: key {asid, vpn} and a compare mask that drops the ASID of a
  // global entry and VPN[0] of a megapage, so a lookup is one XOR-AND per
  // entry (cheap in hardware and in the Verilated model alike).
  logic [Entries-1:0] valid_q, g_q, mega_q;
  logic [KeyW-1:0]    key_q  [Entries];
  logic [KeyW-1:0]    mask_q [Entries];
  logic [PpnW-1:0]    ppn_q  [Entries];
  logic [PermW-1:0]   perm_q [Entries];

  logic [KeyW-1:0]    lk_key, fill_mask;
  logic [Entries-1:0] match;
  logic [IdxW-1:0]    victim;
  logic [PermW-1:0]   perm;

  // ---------------------------------------------------------------- lookup
  // Skipped while the port does not translate (lk_en_i = 0): the Verilated
  // model then does none of this work.
  assign lk_key = {lk_asid_i, lk_vpn_i};

  // The priority encoder picks the lowest matching index.
  always_comb begin
    match     = '0;
    lk_idx_o  = '0;
    lk_ppn_o  = '0;
    lk_mega_o = 1'b0;
    lk_g_o    = 1'b0;
    perm      = '0;
    if (lk_en_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        match[i] = valid_q[i] && (((key_q[i] ^ lk_key) & mask_q[i]) == '0);
      end
      if (match != '0) begin
        for (int i = Entries - 1; i >= 0; i--) begin
          if (match[i]) lk_idx_o = IdxW'(i);
        end
        lk_ppn_o  = ppn_q[lk_idx_o];
        lk_mega_o = mega_q[lk_idx_o];
        lk_g_o    = g_q[lk_idx_o];
        perm      = perm_q[lk_idx_o];
      end
    end
  end

  assign lk_hit_o = |match;
  assign {lk_d_o, lk_u_o, lk_x_o, lk_w_o, lk_r_o} = perm;

  // ----------------------------------------------------------- replacement
  mmu_plru #(
    .Entries (Entries)
  ) u_plru (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .valid_i     (valid_q),
    .need_i      (fill_i && !lk_hit_o),
    .touch_i     (touch_i || fill_i),
    .touch_idx_i (fill_i ? fill_idx_o : lk_idx_o),
    .victim_o    (victim)
  );

  assign fill_idx_o = lk_hit_o ? lk_idx_o : victim;
  assign fill_mask  = {{AsidW{!fill_g_i}}, {(VpnW - Vpn0W){1'b1}}, {Vpn0W{!fill_mega_i}}};

  // ------------------------------------------------------ fill and flush
  // A flush at the same edge as a fill wins (the walker drops such fills
  // anyway).  The flush compare runs only at a flush.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else begin
      if (fill_i) valid_q[fill_idx_o] <= 1'b1;
      if (flush_i) begin
        for (int unsigned i = 0; i < Entries; i++) begin
          if ((flush_all_va_i ||
               ((key_q[i][VpnW-1:0] ^ flush_vpn_i) & mask_q[i][VpnW-1:0]) == '0) &&
              (flush_all_asid_i || (!g_q[i] && key_q[i][KeyW-1:VpnW] == flush_asid_i))) begin
            valid_q[i] <= 1'b0;
          end
        end
      end
    end
  end

  // Entry contents: no reset needed, qualified by valid_q.
  always_ff @(posedge clk_i) begin
    if (fill_i) begin
      g_q[fill_idx_o]    <= fill_g_i;
      mega_q[fill_idx_o] <= fill_mega_i;
      key_q[fill_idx_o]  <= {fill_asid_i, lk_vpn_i};
      mask_q[fill_idx_o] <= fill_mask;
      ppn_q[fill_idx_o]  <= fill_ppn_i;
      perm_q[fill_idx_o] <= {fill_d_i, fill_u_i, fill_x_i, fill_w_i, fill_r_i};
    end
  end

`ifdef VERILATOR
  // Debugger view (gdb_stub `monitor tlb`), read between cycles, no side
  // effect: entry i packed as {valid, g, mega, perm[4:0] (d u x w r),
  // asid, vpn[19:0], ppn[21:0]} from bit 58 down.  The instance registers
  // its scope (the simulator names it by the scope: u_itlb, u_dtlb).
  export "DPI-C" function mmcosim_tlb_read;
  import "DPI-C" context function void mmcosim_tlb_register(input int unsigned entries);

  function automatic longint unsigned mmcosim_tlb_read(input int unsigned index);
    if (index >= Entries) return 64'd0;
    return 64'({valid_q[index], g_q[index], mega_q[index], perm_q[index],
                key_q[index], ppn_q[index]});
  endfunction

  initial mmcosim_tlb_register(Entries);
`endif

`ifndef SYNTHESIS
  initial begin
    assert (Entries >= 2 && (Entries & (Entries - 1)) == 0)
      else $fatal(1, "mmu_tlb: Entries=%0d is not a power of two >= 2", Entries);
  end
`endif

endmodule
