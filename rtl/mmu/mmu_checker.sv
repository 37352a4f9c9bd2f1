`include "mmcosim_cfg.svh"
// mmu_checker: assertions on the MMU's internal handshakes (simulation
// only; the Wishbone link of the walker is checked by bus_wb_checker in
// mem_subsys, the CPU ports by soc_port_checker).  Immediate assertions in
// one clocked block: cheap in the Verilated model, which evaluates them
// once per cycle.
//
//   - SFENCE.VMA only on the data port;
//   - a port that needs a walk neither accepts its request nor sends it to
//     the bus; the walker starts, fills and faults only for a port that is
//     holding a request and asks for the walk;
//   - a walk ends in a fill or a fault, never both; megapage fills are
//     aligned; a fill and a replacement touch never meet in one TLB;
//   - every PTE access lies in DRAM.
`ifndef SYNTHESIS
module mmu_checker #(
  parameter logic [31:0] DramBase = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize = `MMCOSIM_MEMORY_MAP_DRAM_SIZE
) (
  input logic        clk_i,
  input logic        rst_ni,
  input logic        ifence_i,
  input logic        ivalid_i,       // the port's slot holds a memory access
  input logic        iwalk_req_i,
  input logic        iready_i,
  input logic        ipreq_valid_i,
  input logic        ilrsp_valid_i,
  input logic        dvalid_i,       // the port's slot holds a memory access
  input logic        dwalk_req_i,
  input logic        dready_i,
  input logic        dpreq_valid_i,
  input logic        dlrsp_valid_i,
  input logic [1:0]  walk_start_i,   // index 0 = data, 1 = fetch
  input logic [1:0]  walk_fault_i,
  input logic [1:0]  walk_fill_i,
  input logic        fill_mega_i,
  input logic [9:0]  fill_ppn_lo_i,  // PPN[9:0] of a fill
  input logic        itouch_i,
  input logic        dtouch_i,
  input logic        wb_cyc_i,
  input logic        wb_stb_i,
  input logic [31:0] wb_adr_i,
  input logic        wb_ack_i,
  input logic        wb_err_i
);

  logic [1:0] req, valid;
  assign req   = {iwalk_req_i, dwalk_req_i};
  assign valid = {ivalid_i, dvalid_i};

  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!ifence_i) else $error("mmu: SFENCE.VMA on the fetch port");
      assert (!(iwalk_req_i && (iready_i || ipreq_valid_i)))
        else $error("mmu: fetch request accepted or sent to the bus while it needs a walk");
      assert (!(dwalk_req_i && (dready_i || dpreq_valid_i)))
        else $error("mmu: data request accepted or sent to the bus while it needs a walk");
      assert ((walk_start_i & ~req) == 2'b00) else $error("mmu: walk started for a port that did not ask");
      assert ((walk_fill_i & ~req) == 2'b00) else $error("mmu: fill for a port that does not ask");
      assert ((walk_fault_i & ~valid) == 2'b00) else $error("mmu: walk fault for a port with no request");
      assert (!(|walk_fill_i && |walk_fault_i)) else $error("mmu: a walk both fills and faults");
      assert ($onehot0(walk_fill_i) && $onehot0(walk_fault_i)) else $error("mmu: walk result to both ports");
      assert (!(|walk_fill_i && fill_mega_i && fill_ppn_lo_i != 10'd0))
        else $error("mmu: misaligned megapage installed");
      assert (!(itouch_i && walk_fill_i[1]) && !(dtouch_i && walk_fill_i[0]))
        else $error("mmu: TLB touch and fill in one cycle");
      assert (!(ilrsp_valid_i && ipreq_valid_i && iwalk_req_i)) else $error("mmu: fetch port state");
      assert (!(dlrsp_valid_i && dpreq_valid_i && dwalk_req_i)) else $error("mmu: data port state");
      assert (!wb_stb_i || (wb_adr_i - DramBase) < DramSize)
        else $error("mmu: PTE access outside DRAM at %08x", wb_adr_i);
      assert (!(wb_ack_i || wb_err_i) || wb_cyc_i) else $error("mmu: walker ack without cyc");
    end
  end

endmodule
`endif  // SYNTHESIS
