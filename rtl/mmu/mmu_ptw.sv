// mmu_ptw: the Sv32 hardware page-table walker, shared by the I-TLB and the
// D-TLB, a Wishbone B4 pipelined master of its own (PTE reads, and Svadu's
// locked compare-and-set of a PTE).
//
// Ports (index 0 = data, 1 = fetch) raise req_i while their held request
// misses; the walker takes one (round-robin on a tie) when idle and answers
// it with fill_o (the entry is written into that port's TLB at the edge)
// or fault_o with a cause.  Timing, with L = memory wait cycles:
//
//   cycle  0      miss seen; L1 PTE request on the bus at once (StIdle)
//   cycle  1+L    L1 PTE ack: a pointer puts the L0 request on the bus in
//                 the same cycle (StL1); a leaf fills the TLB at the edge
//   cycle  2+2L   L0 PTE ack: the TLB is filled at the edge (StL0)
//   cycle  3+2L   the held request hits and goes to the bus
//
// so a 4 KiB miss costs the two PTE reads plus one cycle, a megapage miss
// one PTE read plus one cycle (docs/mmu.md has the measured table).
//
//   va:   | VPN[1] | VPN[0] | offset |
//   L1 PTE address = satp.PPN * 4096 + VPN[1] * 4
//   L0 PTE address = L1pte.PPN * 4096 + VPN[0] * 4
//
// Every rule of the spec's walk is a page fault of the original access type
// (12/13/15): V=0; W=1 with R=0; a pointer at level 0 or with A, D or U
// set; a misaligned megapage; a leaf that does not permit the access; A=0,
// or D=0 on a store, with Svade.  A PTE address outside DRAM (or above
// 4 GiB) or a bus error is an access fault of the original type (1/5/7).
//
// Svadu (adue_i): when the leaf needs A (or D for a store) the walker reads
// the PTE again with the bus locked (StCasRd) and, if it is unchanged,
// writes it back with the bits set (StCasWr); if it changed, the walk
// restarts from the root.  Bits are only ever set.
//
// A fence (kill_i: SFENCE.VMA accepted) or a change of the requesting
// slot's sideband (a guard: slots hold theirs) during a walk marks it killed: it finishes its bus transaction and then
// drops its result, fill or fault (the port walks again), so no entry that
// the fence should have removed is installed after it.
`include "mmcosim_cfg.svh"
module mmu_ptw #(
  parameter logic [31:0] DramBase = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  localparam int unsigned AsidW   = mmu_pkg::AsidBits,
  localparam int unsigned PpnW    = mmu_pkg::PpnBits
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // walk requests: index 0 = data port, 1 = fetch port
  input  logic [1:0]       req_i,
  input  logic [63:0]      va_i,
  input  logic [3:0]       acc_i,
  // each port's request's sideband (latched by its slot), same indexing
  input  logic [3:0]       priv_i,
  input  logic [63:0]      satp_i,
  input  logic [1:0]       sum_i,
  input  logic [1:0]       mxr_i,
  input  logic [1:0]       adue_i,     // Svadu in effect
  output logic [1:0]       start_o,    // walk for port p starts at this edge
  output logic [1:0]       fault_o,    // walk for port p ends in a fault at this edge
  output logic [4:0]       cause_o,
  output logic [1:0]       fill_o,     // walk for port p fills its TLB at this edge
  output logic [AsidW-1:0] fill_asid_o,
  output logic             fill_g_o,
  output logic             fill_mega_o,
  output logic [PpnW-1:0]  fill_ppn_o,
  output logic             fill_r_o,
  output logic             fill_w_o,
  output logic             fill_x_o,
  output logic             fill_u_o,
  output logic             fill_d_o,
  input  logic             kill_i,     // SFENCE.VMA accepted at this edge
  // Wishbone master
  output logic             wb_cyc_o,
  output logic             wb_stb_o,
  output logic [31:0]      wb_adr_o,
  output logic             wb_we_o,
  output logic [3:0]       wb_sel_o,
  output logic [31:0]      wb_dat_o,
  output logic             wb_lock_o,  // hold the bus: compare-and-set in progress
  input  logic             wb_stall_i,
  input  logic             wb_ack_i,
  input  logic             wb_err_i,
  input  logic [31:0]      wb_dat_i,
  // events
  output logic             ev_walk_o,
  output logic             ev_busy_o,
  output logic             ev_pte_read_o,
  output logic             ev_ad_update_o,
  output logic             ev_ad_retry_o,
  output logic             ev_killed_o,
  output logic             ev_access_fault_o
);

  localparam int unsigned PageShift = mmu_pkg::PageShift;
  localparam int unsigned Vpn0W     = mmu_pkg::VpnBits;
  localparam int unsigned PaW       = mmu_pkg::PaBits;
  localparam int unsigned IdxLsb    = mmu_pkg::PteIdxLsb;

  typedef enum logic [2:0] {
    StIdle,   // no walk; a request starts one (L1 read issued in this cycle)
    StL1,     // level-1 PTE read outstanding (or waiting for the bus)
    StL0,     // level-0 PTE read outstanding
    StCasRd,  // Svadu: locked re-read of the leaf PTE
    StCasWr   // Svadu: locked write of the leaf PTE with A (and D) set
  } state_e;

  state_e      state_q, state_d;
  logic        issued_q, issued_d;   // this state's bus request was accepted
  logic        rr_q, rr_d;           // port preferred on a tie
  // Walk context, taken when a walk starts (StIdle and a request).
  logic        port_q;               // 0 = data, 1 = fetch
  logic [31:0] va_q;
  logic [1:0]  acc_q, priv_q;
  logic        sum_q, mxr_q, adue_q;
  logic [31:0] satp_q;
  logic [31:0] addr_q, addr_d;       // address of the PTE being read
  logic [31:0] pte_q, pte_d;         // last PTE read (the leaf for Svadu)
  logic        g_q, g_d;             // the level-1 pointer was global
  logic        mega_q, mega_d;       // the leaf is a megapage (Svadu states)
  logic        kill_q, kill_d;

  // ------------------------------------------------------- request choice
  logic       any_req, sel, cur_port, busy;
  logic [1:0] cur_acc;

  assign any_req  = |req_i;
  assign sel      = (&req_i) ? rr_q : req_i[1];
  assign busy     = (state_q != StIdle) || any_req;
  assign cur_port = (state_q == StIdle) ? sel : port_q;
  assign cur_acc  = (state_q == StIdle) ? (sel ? acc_i[3:2] : acc_i[1:0]) : acc_q;

  // ------------------------------------------------------- PTE decoding
  // The PTE on the bus (wb_dat_i), decoded only in the cycle it arrives.
  logic        f_r, f_w, f_x, f_u;  // flags for the permission check
  logic        perm_ok, csr_changed, killed, ack_now;
  logic [31:0] pte_new;

  assign f_r = wb_dat_i[mmu_pkg::PteR];
  assign f_w = wb_dat_i[mmu_pkg::PteW];
  assign f_x = wb_dat_i[mmu_pkg::PteX];
  assign f_u = wb_dat_i[mmu_pkg::PteU];

  mmu_perm u_perm (
    .acc_i  (acc_q),
    .priv_i (priv_q),
    .sum_i  (sum_q),
    .mxr_i  (mxr_q),
    .r_i    (f_r),
    .w_i    (f_w),
    .x_i    (f_x),
    .u_i    (f_u),
    .ok_o   (perm_ok)
  );

  assign ack_now = issued_q && (wb_ack_i || wb_err_i);
  assign pte_new = pte_q | (32'd1 << mmu_pkg::PteA) |
                   ((acc_q == mmu_pkg::AccStore) ? (32'd1 << mmu_pkg::PteD) : 32'd0);

  // The sideband comes from the port's slot, which holds it with its
  // request, so it cannot change during that request's walk; a change is
  // still checked (and kills the walk) as a guard.  Compared only while
  // walking.
  always_comb begin
    csr_changed = 1'b0;
    if (state_q != StIdle) begin
      csr_changed = ((port_q ? satp_i[63:32] : satp_i[31:0]) != satp_q) ||
                    ((port_q ? priv_i[3:2] : priv_i[1:0]) != priv_q) ||
                    (sum_i[port_q] != sum_q) || (mxr_i[port_q] != mxr_q) ||
                    (adue_i[port_q] != adue_q);
    end
  end
  assign killed = kill_q || kill_i || csr_changed;

  // ------------------------------------------------------- state machine
  logic        stb, we, lock, fault, fault_access, fill, fill_mega, retry, drop;
  logic [31:0] adr, wdat, fill_pte;
  logic [PaW-1:0] pte_addr;  // root or next-level PTE address (34 bits)
  logic        pte_addr_ok;  // ... in DRAM
  logic        f_v, f_a, f_d, f_g;

  always_comb begin
    state_d  = state_q;
    rr_d     = rr_q;
    addr_d   = addr_q;
    pte_d    = pte_q;
    g_d      = g_q;
    mega_d   = mega_q;
    kill_d   = kill_q || kill_i || csr_changed;

    stb          = 1'b0;
    we           = 1'b0;
    lock         = 1'b0;
    adr          = addr_q;
    wdat         = 32'd0;
    fault        = 1'b0;
    fault_access = 1'b0;
    fill         = 1'b0;
    fill_mega    = 1'b0;
    fill_pte     = wb_dat_i;
    retry        = 1'b0;
    drop         = 1'b0;
    pte_addr     = '0;
    pte_addr_ok  = 1'b0;
    f_v          = wb_dat_i[mmu_pkg::PteV];
    f_a          = wb_dat_i[mmu_pkg::PteA];
    f_d          = wb_dat_i[mmu_pkg::PteD];
    f_g          = wb_dat_i[mmu_pkg::PteG];

    if (busy) begin
      case (state_q)
        StIdle: begin
          // A miss: its level-1 PTE read goes on the bus in this cycle.
          kill_d   = kill_i;
          rr_d     = !sel;
          g_d      = 1'b0;
          pte_addr = {(sel ? satp_i[32 +: PpnW] : satp_i[PpnW-1:0]), (sel ? va_i[63:PageShift+Vpn0W+32] : va_i[31:PageShift+Vpn0W]),
                      IdxLsb'(0)};
          pte_addr_ok = (pte_addr[PaW-1:32] == '0) && ((pte_addr[31:0] - DramBase) < DramSize);
          if (pte_addr_ok) begin
            stb      = 1'b1;
            adr      = pte_addr[31:0];
            addr_d   = pte_addr[31:0];
            state_d  = StL1;
          end else begin
            fault        = 1'b1;
            fault_access = 1'b1;
          end
        end

        StL1, StL0: begin
          stb = !issued_q;
          if (issued_q && ack_now) begin
            pte_d    = wb_dat_i;
            state_d  = StIdle;
            if (killed) begin
              drop = 1'b1;
            end else if (wb_err_i) begin
              fault        = 1'b1;
              fault_access = 1'b1;
            end else if (!f_v || (f_w && !f_r)) begin
              fault = 1'b1;                                  // invalid, or W without R
            end else if (!(f_r || f_x)) begin               // pointer
              pte_addr = {wb_dat_i[31:mmu_pkg::PpnShift], va_q[PageShift+Vpn0W-1:PageShift], IdxLsb'(0)};
              pte_addr_ok = (pte_addr[PaW-1:32] == '0) && ((pte_addr[31:0] - DramBase) < DramSize);
              if (state_q == StL0 || f_a || f_d || f_u) begin
                fault = 1'b1;
              end else if (!pte_addr_ok) begin
                fault        = 1'b1;
                fault_access = 1'b1;
              end else begin
                // the level-0 read goes out in this very cycle
                stb      = 1'b1;
                adr      = pte_addr[31:0];
                addr_d   = pte_addr[31:0];
                g_d      = f_g;
                state_d  = StL0;
              end
            end else if ((state_q == StL1 && wb_dat_i[mmu_pkg::PpnShift +: Vpn0W] != '0) || !perm_ok) begin
              fault = 1'b1;                                  // misaligned megapage, not permitted
            end else if (!f_a || (acc_q == mmu_pkg::AccStore && !f_d)) begin
              if (adue_q) begin
                state_d = StCasRd;
                mega_d  = (state_q == StL1);
              end else begin
                fault = 1'b1;                                // Svade
              end
            end else begin
              fill      = 1'b1;
              fill_mega = (state_q == StL1);
            end
          end
        end

        StCasRd: begin
          stb  = !issued_q;
          lock = 1'b1;
          if (issued_q && ack_now) begin
            state_d  = StIdle;
            if (killed) begin
              drop = 1'b1;
            end else if (wb_err_i) begin
              fault        = 1'b1;
              fault_access = 1'b1;
            end else if (wb_dat_i == pte_q) begin
              state_d = StCasWr;
            end else begin
              // the PTE changed since the walk read it: walk again
              retry   = 1'b1;
              state_d = StL1;
              addr_d  = {satp_q[31-PageShift:0], va_q[31:PageShift+Vpn0W], IdxLsb'(0)};
              g_d     = 1'b0;
            end
          end
        end

        StCasWr: begin
          stb  = !issued_q;
          we   = 1'b1;
          lock = 1'b1;
          wdat = pte_new;
          if (issued_q && ack_now) begin
            state_d  = StIdle;
            pte_d    = pte_new;
            if (killed) begin
              drop = 1'b1;
            end else if (wb_err_i) begin
              fault        = 1'b1;
              fault_access = 1'b1;
            end else begin
              fill      = 1'b1;
              fill_mega = mega_q;
              fill_pte  = pte_new;
            end
          end
        end

        default: state_d = StIdle;
      endcase
    end
  end

  // The bus request of this cycle was accepted (stall low), or the one in
  // flight completes.  Apart from the FSM block: stall depends on stb.
  assign issued_d = stb ? !wb_stall_i : (ack_now ? 1'b0 : issued_q);

  // The page offset of va_q and the upper satp PPN bits of a restart (the
  // root was checked when the walk started, same satp) are not used.
  logic unused_bits;
  assign unused_bits = ^{va_q[PageShift-1:0], satp_q[PpnW-1:32-PageShift]};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      issued_q <= 1'b0;
      rr_q     <= 1'b0;
      kill_q   <= 1'b0;
    end else begin
      state_q  <= state_d;
      issued_q <= issued_d;
      rr_q     <= rr_d;
      kill_q   <= kill_d;
    end
  end

  // Walk context: no reset needed, qualified by state_q.
  always_ff @(posedge clk_i) begin
    if (state_q == StIdle && any_req) begin
      port_q <= sel;
      va_q   <= sel ? va_i[63:32] : va_i[31:0];
      acc_q  <= cur_acc;
      priv_q <= sel ? priv_i[3:2] : priv_i[1:0];
      sum_q  <= sum_i[sel];
      mxr_q  <= mxr_i[sel];
      adue_q <= adue_i[sel];
      satp_q <= sel ? satp_i[63:32] : satp_i[31:0];
    end
    addr_q <= addr_d;
    pte_q  <= pte_d;
    g_q    <= g_d;
    mega_q <= mega_d;
  end

  // ------------------------------------------------------------- outputs
  assign wb_stb_o  = stb;
  assign wb_cyc_o  = stb || issued_q;
  assign wb_adr_o  = adr;
  assign wb_we_o   = we;
  assign wb_sel_o  = 4'hf;
  assign wb_dat_o  = wdat;
  assign wb_lock_o = lock;

  assign start_o = {2{(state_q == StIdle) && any_req}} & {sel, !sel};
  assign fault_o = {2{fault}} & {cur_port, !cur_port};
  assign fill_o  = {2{fill}} & {port_q, !port_q};

  always_comb begin
    case (cur_acc)
      mmu_pkg::AccFetch: cause_o = fault_access ? mem_pkg::CauseFetchAccess : mem_pkg::CauseFetchPage;
      mmu_pkg::AccLoad:  cause_o = fault_access ? mem_pkg::CauseLoadAccess  : mem_pkg::CauseLoadPage;
      default:           cause_o = fault_access ? mem_pkg::CauseStoreAccess : mem_pkg::CauseStorePage;
    endcase
  end

  assign fill_asid_o = satp_q[mmu_pkg::AsidLsb +: AsidW];
  assign fill_g_o    = g_q || fill_pte[mmu_pkg::PteG];
  assign fill_mega_o = fill_mega;
  assign fill_ppn_o  = fill_pte[31:mmu_pkg::PpnShift];
  assign fill_r_o    = fill_pte[mmu_pkg::PteR];
  assign fill_w_o    = fill_pte[mmu_pkg::PteW];
  assign fill_x_o    = fill_pte[mmu_pkg::PteX];
  assign fill_u_o    = fill_pte[mmu_pkg::PteU];
  assign fill_d_o    = fill_pte[mmu_pkg::PteD];

  assign ev_walk_o         = (state_q == StIdle) && any_req;
  assign ev_busy_o         = (state_q != StIdle) || any_req;
  assign ev_pte_read_o     = stb && !wb_stall_i && !we;
  assign ev_ad_update_o    = stb && !wb_stall_i && we;
  assign ev_ad_retry_o     = retry;
  assign ev_killed_o       = drop;
  assign ev_access_fault_o = fault && fault_access;

  // Assertions: rtl/mmu/mmu_checker.sv.

endmodule
