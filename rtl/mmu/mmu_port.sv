// mmu_port: the translation slot of one CPU port (fetch or data), between
// the CPU request and its Wishbone bus master.
//
// Translation is on when satp.MODE = Sv32 and the port's effective privilege
// is not M.  When it is off, a memory request passes straight through to the
// bus master (combinational, no cycle added: TLB bypass).  Every other
// request -- a translated access, SFENCE.VMA, FENCE.I -- is taken into the
// one-entry slot at once (ready = 1 while the slot is free) and handled from
// there in the following cycles:
//
//   CPU req ─┬─ off (Bare or M), memory ──────────────────▶ preq (bus), same cycle
//            └─▶ slot_q ─┬─ SFENCE / FENCE.I ─────────────▶ local response (flush)
//                        └─ TLB ─┬─ hit, permitted ─┬─ PA < 4 GiB ▶ preq (bus)
//                                │                  └─ else ──────▶ access fault 1/5/7
//                                ├─ hit, not permitted ───────────▶ page fault 12/13/15
//                                ├─ hit, store to D=0: Svadu ────▶ walk (sets D)
//                                │                     Svade ────▶ page fault
//                                └─ miss ─────────────────────────▶ walk
//
// A walk fills the TLB (the slot then hits in the next cycle) or ends in a
// fault that the slot answers in the next cycle.  Local responses are valid
// in the cycle the slot decides them and free the slot at that edge.
//
// The slot latches, with the request, the CSR sideband it was issued under
// (satp, this port's privilege, SUM, MXR, ADUE: the live inputs at the
// handshake): its TLB lookup (ASID), permission check and walk use that
// copy, so a sideband change while it waits (a trap taken while a
// prefetch is held, a test) never translates it under the new state.
//
// Once the slot has put its request on the bus master (hit, permitted) and
// the bus stalls it, the physical request is held in go_q/pa_q: a fence
// that flushes the TLB entry meanwhile never changes or withdraws a
// request that is already presented.
//
// Everything behind the slot depends on flip-flops only (the slot, the
// registered sideband, the TLBs, the bus), never on the CPU's inputs: the
// Verilated model evaluates it once per cycle instead of on every input
// change, and on an FPGA the TLB lookup starts from a register.  The cost is
// the one cycle a TLB hit adds.
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
  // translation on for a request driven now (live sideband)
  input  logic            xlate_i,
  // live sideband (this port's privilege), latched with a request
  input  logic [31:0]     csr_satp_i,
  input  logic [1:0]      csr_priv_i,
  input  logic            csr_sum_i,
  input  logic            csr_mxr_i,
  input  logic            csr_adue_i,   // Svadu in effect (config and menvcfg.ADUE)
  // the slot's request and the sideband it was issued under, to the TLB
  // lookup and the walker
  output logic            slot_mem_o,   // slot holds a memory access
  output logic [31:0]     slot_addr_o,
  output logic [31:0]     slot_wdata_o,
  output logic [31:0]     slot_satp_o,
  output logic [1:0]      slot_priv_o,
  output logic            slot_sum_o,
  output logic            slot_mxr_o,
  output logic            slot_adue_o,
  // TLB lookup of slot_addr_o
  input  logic            tlb_hit_i,
  input  logic [PpnW-1:0] tlb_ppn_i,
  input  logic            tlb_mega_i,
  input  logic            tlb_r_i,
  input  logic            tlb_w_i,
  input  logic            tlb_x_i,
  input  logic            tlb_u_i,
  input  logic            tlb_d_i,
  output logic            tlb_touch_o,  // the slot's request used the hit entry
  // page-table walker
  output logic            walk_req_o,   // the slot's request needs a walk (level)
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
  output logic            fence_o,      // SFENCE.VMA done at this edge (flush)
  output logic            ev_hit_o,     // translated request settled, no walk for it
  output logic            ev_miss_o,    // translated request settled after a walk
  output logic            ev_page_fault_o
);

  localparam int unsigned PageShift = mmu_pkg::PageShift;
  localparam int unsigned Vpn0W     = mmu_pkg::VpnBits;

  // ------------------------------------------------------------------ slot
  logic        slot_q, fault_q, walked_q, counted_q;
  logic [4:0]  fault_cause_q;
  logic [31:0] addr_q, wdata_q;
  logic [2:0]  kind_q;
  logic [1:0]  size_q;
  logic        we_q;
  // sideband the request was issued under
  logic [31:0] satp_q;
  logic [1:0]  priv_q;
  logic        sum_q, mxr_q, adue_q;
  // request presented to the bus master and stalled there (held as is)
  logic        go_q;
  logic [31:0] pa_q;

  logic is_fence_in, bypass, take, done;
  logic fence_q, store_like;
  logic [1:0] acc;

  assign is_fence_in = (req_kind_i == mem_pkg::KindSfence) || (req_kind_i == mem_pkg::KindFenceI);
  assign bypass      = !xlate_i && !is_fence_in;             // passes straight through
  assign take        = req_valid_i && !bypass && !slot_q;    // into the slot at this edge

  assign fence_q    = (kind_q == mem_pkg::KindSfence) || (kind_q == mem_pkg::KindFenceI);
  assign store_like = (kind_q == mem_pkg::KindStore) || (kind_q == mem_pkg::KindSc) ||
                      (kind_q == mem_pkg::KindAmo);
  assign acc        = IsFetch ? mmu_pkg::AccFetch : (store_like ? mmu_pkg::AccStore : mmu_pkg::AccLoad);
  assign acc_o      = acc;

  assign slot_mem_o   = slot_q && !fence_q;
  assign slot_addr_o  = addr_q;
  assign slot_wdata_o = wdata_q;
  assign slot_satp_o  = satp_q;
  assign slot_priv_o  = priv_q;
  assign slot_sum_o   = sum_q;
  assign slot_mxr_o   = mxr_q;
  assign slot_adue_o  = adue_q;

  // ------------------------------------------------------ checks on a hit
  logic        perm_ok, hit_page_fault, hit_upgrade, hit_access_fault, hit_go;
  logic        need_d;
  logic [31:0] pa;

  mmu_perm u_perm (
    .acc_i  (acc),
    .priv_i (priv_q),
    .sum_i  (sum_q),
    .mxr_i  (mxr_q),
    .r_i    (tlb_r_i),
    .w_i    (tlb_w_i),
    .x_i    (tlb_x_i),
    .u_i    (tlb_u_i),
    .ok_o   (perm_ok)
  );

  always_comb begin
    need_d           = 1'b0;
    pa               = addr_q;
    hit_page_fault   = 1'b0;
    hit_upgrade      = 1'b0;
    hit_access_fault = 1'b0;
    hit_go           = 1'b0;
    if (slot_q && !fence_q && !fault_q && !go_q && tlb_hit_i) begin
      need_d = (acc == mmu_pkg::AccStore) && !tlb_d_i;
      // Megapage: PA[21:12] come from the virtual address.
      pa = {tlb_ppn_i[31-PageShift:Vpn0W],
            tlb_mega_i ? addr_q[PageShift+Vpn0W-1:PageShift] : tlb_ppn_i[Vpn0W-1:0],
            addr_q[PageShift-1:0]};
      if (!perm_ok || (need_d && !adue_q))      hit_page_fault = 1'b1;
      else if (need_d)                          hit_upgrade = 1'b1;
      else if (|tlb_ppn_i[PpnW-1:32-PageShift]) hit_access_fault = 1'b1;  // above 4 GiB
      else                                      hit_go = 1'b1;
    end
  end

  // Local answer of the slot in this cycle, and its cause.
  logic       local_ans, local_fault;
  logic [4:0] local_cause;

  always_comb begin
    local_ans   = 1'b0;
    local_fault = 1'b0;
    local_cause = 5'd0;
    if (slot_q) begin
      if (fence_q) begin
        local_ans = 1'b1;
      end else if (fault_q) begin
        local_ans   = 1'b1;
        local_fault = 1'b1;
        local_cause = fault_cause_q;
      end else if (hit_page_fault || hit_access_fault) begin
        local_ans   = 1'b1;
        local_fault = 1'b1;
        case (acc)
          mmu_pkg::AccFetch: local_cause = hit_page_fault ? mem_pkg::CauseFetchPage : mem_pkg::CauseFetchAccess;
          mmu_pkg::AccLoad:  local_cause = hit_page_fault ? mem_pkg::CauseLoadPage : mem_pkg::CauseLoadAccess;
          default:           local_cause = hit_page_fault ? mem_pkg::CauseStorePage : mem_pkg::CauseStoreAccess;
        endcase
      end
    end
  end

  assign walk_req_o = slot_q && !fence_q && !fault_q && !go_q && (!tlb_hit_i || hit_upgrade);

  // ------------------------------------------------------------- routing
  // The slot has priority; it is empty whenever a bypass request can come
  // (one request outstanding per port).  A stalled request stays as it was
  // first presented (go_q, pa_q).
  logic slot_go;
  assign slot_go      = go_q || hit_go;
  assign preq_valid_o = slot_q ? slot_go : (req_valid_i && bypass);
  assign preq_addr_o  = slot_q ? (go_q ? pa_q : pa) : req_addr_i;
  assign preq_kind_o  = slot_q ? kind_q  : req_kind_i;
  assign preq_size_o  = slot_q ? size_q  : req_size_i;
  assign preq_we_o    = slot_q ? we_q    : req_we_i;
  assign preq_wdata_o = slot_q ? wdata_q : req_wdata_i;
  assign req_ready_o  = !slot_q && (!bypass || preq_ready_i);

  assign done = local_ans || (slot_go && preq_ready_i);  // the slot empties at this edge

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      slot_q        <= 1'b0;
      fault_q       <= 1'b0;
      fault_cause_q <= 5'd0;
      walked_q      <= 1'b0;
      counted_q     <= 1'b0;
      go_q          <= 1'b0;
    end else begin
      go_q <= slot_q && slot_go && !preq_ready_i;  // presented, stalled
      if (ev_hit_o || ev_miss_o) counted_q <= 1'b1;
      if (take) begin
        slot_q    <= 1'b1;
        fault_q   <= 1'b0;
        walked_q  <= 1'b0;
        counted_q <= 1'b0;
      end else if (slot_q && done) begin
        slot_q <= 1'b0;
      end else begin
        if (walk_fault_i) begin
          fault_q       <= 1'b1;
          fault_cause_q <= walk_cause_i;
        end
        if (walk_start_i) walked_q <= 1'b1;
      end
    end
  end

  // Request fields and their sideband: no reset needed, qualified by
  // slot_q; the physical address of a stalled request, by go_q.
  always_ff @(posedge clk_i) begin
    if (take) begin
      addr_q  <= req_addr_i;
      kind_q  <= req_kind_i;
      size_q  <= req_size_i;
      we_q    <= req_we_i;
      wdata_q <= req_wdata_i;
      satp_q  <= csr_satp_i;
      priv_q  <= csr_priv_i;
      sum_q   <= csr_sum_i;
      mxr_q   <= csr_mxr_i;
      adue_q  <= csr_adue_i;
    end
    if (!go_q) pa_q <= pa;
  end

  assign lrsp_valid_o = local_ans;
  assign lrsp_fault_o = local_fault;
  assign lrsp_cause_o = local_cause;

  // Replacement touch and the hit/miss events come from the slot's state
  // only (not from the bus's ready): a touch is idempotent, so it may repeat
  // while the bus is busy; an event is counted once per request, in the
  // first cycle its translation is settled (to the bus or a local answer).
  logic settled;
  assign settled         = slot_q && !fence_q && (hit_go || local_ans) && !counted_q;
  assign tlb_touch_o     = slot_q && hit_go;  // hit_go implies !go_q
  assign fence_o         = slot_q && kind_q == mem_pkg::KindSfence;
  assign ev_hit_o        = settled && !walked_q;
  assign ev_miss_o       = settled && walked_q;
  assign ev_page_fault_o = local_fault &&
                           (local_cause == mem_pkg::CauseFetchPage ||
                            local_cause == mem_pkg::CauseLoadPage ||
                            local_cause == mem_pkg::CauseStorePage);

  // Assertions: rtl/mmu/mmu_checker.sv.

endmodule
