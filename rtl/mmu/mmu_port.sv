// mmu_port: the translation slot of one CPU port (fetch or data), between
// the CPU request and its Wishbone bus master.
//
// Translation is on when satp.MODE = Sv32 and the port's effective privilege
// is not M.  When it is off the request passes straight through
// (combinational, no cycle added: TLB bypass).  When it is on, the port's
// TLB is looked up combinationally in the cycle the request is driven:
//
//   CPU req ─┬─ SFENCE / FENCE.I ───────────────────────▶ local response
//            ├─ off (Bare or M) ─────────────────────────▶ preq (bus)
//            └─ on: TLB ─┬─ hit, permitted ─┬─ PA < 4 GiB ▶ preq (bus)
//                        │                  └─ else ──────▶ access fault 1/5/7
//                        ├─ hit, not permitted ──────────▶ page fault 12/13/15
//                        ├─ hit, store to D=0: Svadu ───▶ walk (sets D)
//                        │                     Svade ───▶ page fault
//                        └─ miss ─────────────────────────▶ walk; hold ready=0
//
// A walk fills the TLB (the held request then hits in the next cycle) or
// ends in a fault that the port answers like a local fault.  Local
// responses come one cycle after the handshake (ready=1 at once).
//
// Handshake (docs/ports.md): the CPU holds a request stable until the edge
// with valid && ready; bus-bound requests hand over combinationally
// (ready = preq_ready), so a TLB hit costs no cycle.
module mmu_port #(
  parameter logic IsFetch = 1'b0,
  localparam int unsigned PpnW = mmu_pkg::PpnBits
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  // CPU side
  input  logic            req_valid_i,
  output logic            req_ready_o,
  input  logic [31:0]     req_addr_i,   // virtual address
  input  logic [2:0]      req_kind_i,
  input  logic [1:0]      req_size_i,
  input  logic            req_we_i,
  input  logic [31:0]     req_wdata_i,
  // CSR sideband (this port's effective privilege)
  input  logic            xlate_i,      // satp.MODE = Sv32 and privilege below M
  input  logic [1:0]      priv_i,
  input  logic            sum_i,
  input  logic            mxr_i,
  input  logic            adue_i,       // Svadu in effect (config and menvcfg.ADUE)
  // TLB lookup of req_addr_i
  input  logic            tlb_hit_i,
  input  logic [PpnW-1:0] tlb_ppn_i,
  input  logic            tlb_mega_i,
  input  logic            tlb_r_i,
  input  logic            tlb_w_i,
  input  logic            tlb_x_i,
  input  logic            tlb_u_i,
  input  logic            tlb_d_i,
  output logic            tlb_touch_o,  // an accepted request used the hit entry
  // page-table walker
  output logic            walk_req_o,   // this request needs a walk (level)
  output logic [1:0]      acc_o,        // its access type
  input  logic            walk_start_i, // the walker took it at this edge
  input  logic            walk_fault_i, // the walk for it ended in a fault
  input  logic [4:0]      walk_cause_i,
  // physical side, to the bus master
  output logic            preq_valid_o,
  input  logic            preq_ready_i,
  output logic [31:0]     preq_addr_o,
  output logic [2:0]      preq_kind_o,
  output logic [1:0]      preq_size_o,
  output logic            preq_we_o,
  output logic [31:0]     preq_wdata_o,
  // local response (fences, faults found here)
  output logic            lrsp_valid_o,
  output logic            lrsp_fault_o,
  output logic [4:0]      lrsp_cause_o,
  // events (one cycle each)
  output logic            fence_o,      // SFENCE.VMA accepted at this edge
  output logic            ev_hit_o,     // translated request accepted, no walk for it
  output logic            ev_miss_o,    // translated request accepted after a walk
  output logic            ev_page_fault_o
);

  localparam int unsigned PageShift = mmu_pkg::PageShift;
  localparam int unsigned Vpn0W     = mmu_pkg::VpnBits;

  logic        is_fence, mem_req, handshake, store_like;
  logic        perm_ok, need_d, pa_high;
  logic        hit_page_fault, hit_upgrade, hit_access_fault, hit_go;
  logic        local_ans, go_bus;
  logic [1:0]  acc;
  logic [31:0] pa;
  logic [4:0]  page_cause, access_cause, local_cause;

  logic       fault_q, walked_q;
  logic [4:0] fault_cause_q;
  logic       lrsp_q, lrsp_fault_q;
  logic [4:0] lrsp_cause_q;

  assign is_fence   = (req_kind_i == mem_pkg::KindSfence) || (req_kind_i == mem_pkg::KindFenceI);
  assign mem_req    = req_valid_i && !is_fence;
  assign store_like = (req_kind_i == mem_pkg::KindStore) || (req_kind_i == mem_pkg::KindSc) ||
                      (req_kind_i == mem_pkg::KindAmo);
  assign acc        = IsFetch ? mmu_pkg::AccFetch : (store_like ? mmu_pkg::AccStore : mmu_pkg::AccLoad);
  assign acc_o      = acc;

  always_comb begin
    case (acc)
      mmu_pkg::AccFetch: begin
        page_cause   = mem_pkg::CauseFetchPage;
        access_cause = mem_pkg::CauseFetchAccess;
      end
      mmu_pkg::AccLoad: begin
        page_cause   = mem_pkg::CauseLoadPage;
        access_cause = mem_pkg::CauseLoadAccess;
      end
      default: begin
        page_cause   = mem_pkg::CauseStorePage;
        access_cause = mem_pkg::CauseStoreAccess;
      end
    endcase
  end

  // ------------------------------------------------------ checks on a hit
  mmu_perm u_perm (
    .acc_i  (acc),
    .priv_i (priv_i),
    .sum_i  (sum_i),
    .mxr_i  (mxr_i),
    .r_i    (tlb_r_i),
    .w_i    (tlb_w_i),
    .x_i    (tlb_x_i),
    .u_i    (tlb_u_i),
    .ok_o   (perm_ok)
  );

  assign need_d  = (acc == mmu_pkg::AccStore) && !tlb_d_i;
  assign pa_high = |tlb_ppn_i[PpnW-1:32-PageShift];
  // Megapage: PA[21:12] come from the virtual address.
  assign pa = {tlb_ppn_i[31-PageShift:Vpn0W],
               tlb_mega_i ? req_addr_i[PageShift+Vpn0W-1:PageShift] : tlb_ppn_i[Vpn0W-1:0],
               req_addr_i[PageShift-1:0]};

  assign hit_page_fault   = tlb_hit_i && (!perm_ok || (need_d && !adue_i));
  assign hit_upgrade      = tlb_hit_i && perm_ok && need_d && adue_i;
  assign hit_access_fault = tlb_hit_i && perm_ok && !need_d && pa_high;
  assign hit_go           = tlb_hit_i && perm_ok && !need_d && !pa_high;

  // ------------------------------------------------------------- routing
  assign local_ans  = is_fence || (xlate_i && (fault_q || hit_page_fault || hit_access_fault));
  assign go_bus     = !xlate_i || (!fault_q && hit_go);
  assign walk_req_o = mem_req && xlate_i && !fault_q && (!tlb_hit_i || hit_upgrade);

  assign preq_valid_o = mem_req && go_bus;
  assign preq_addr_o  = xlate_i ? pa : req_addr_i;
  assign preq_kind_o  = req_kind_i;
  assign preq_size_o  = req_size_i;
  assign preq_we_o    = req_we_i;
  assign preq_wdata_o = req_wdata_i;
  assign req_ready_o  = local_ans || (go_bus && preq_ready_i);
  assign handshake    = req_valid_i && req_ready_o;

  assign local_cause = fault_q ? fault_cause_q : (hit_page_fault ? page_cause : access_cause);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      fault_q       <= 1'b0;
      fault_cause_q <= 5'd0;
      walked_q      <= 1'b0;
      lrsp_q        <= 1'b0;
      lrsp_fault_q  <= 1'b0;
      lrsp_cause_q  <= 5'd0;
    end else begin
      lrsp_q       <= handshake && local_ans;
      lrsp_fault_q <= handshake && local_ans && !is_fence;
      lrsp_cause_q <= (handshake && local_ans && !is_fence) ? local_cause : 5'd0;
      if (handshake) begin
        fault_q  <= 1'b0;
        walked_q <= 1'b0;
      end else begin
        if (walk_fault_i) begin
          fault_q       <= 1'b1;
          fault_cause_q <= walk_cause_i;
        end
        if (walk_start_i) walked_q <= 1'b1;
      end
    end
  end

  assign lrsp_valid_o = lrsp_q;
  assign lrsp_fault_o = lrsp_fault_q;
  assign lrsp_cause_o = lrsp_cause_q;

  assign tlb_touch_o     = handshake && xlate_i && mem_req && !fault_q && tlb_hit_i;
  // A fence is always accepted at once (ready = 1), so its handshake does not
  // depend on the bus: no combinational path from the bus back to the flush.
  assign fence_o         = req_valid_i && (req_kind_i == mem_pkg::KindSfence);
  assign ev_hit_o        = handshake && xlate_i && mem_req && !walked_q;
  assign ev_miss_o       = handshake && xlate_i && mem_req && walked_q;
  assign ev_page_fault_o = lrsp_q && lrsp_fault_q &&
                           (lrsp_cause_q == mem_pkg::CauseFetchPage ||
                            lrsp_cause_q == mem_pkg::CauseLoadPage ||
                            lrsp_cause_q == mem_pkg::CauseStorePage);

  // Assertions: rtl/mmu/mmu_checker.sv.

endmodule
