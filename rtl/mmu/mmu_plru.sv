// mmu_plru: tree pseudo-LRU replacement for a fully associative array of
// Entries (a power of two, >= 2), filling invalid entries first.
//
// Entries-1 tree bits in heap order (node 1 is the root, node k has children
// 2k and 2k+1; leaves Entries..2*Entries-1 are the entries).  A bit points
// to the half that holds the next victim: 0 = left (lower indices), 1 =
// right.  touch_i(idx) turns every bit on idx's path away from idx.
//
//             node1            Entries = 4: bits {b3,b2,b1}
//           0/    \1           victim: follow the bits from the root
//         node2   node3        touch(2): b1 <- 0 (go left next),
//         /  \    /  \                   b3 <- 1 (away from entry 2)
//        e0  e1  e2  e3
//
// victim_o = the lowest-numbered invalid entry if there is one, else the
// tree's choice, computed only while need_i (victim_o = 0 otherwise, which
// keeps the Verilated model from doing the work every cycle).
// Combinational outputs; state changes at the clock edge.
module mmu_plru #(
  parameter int unsigned Entries = 32,
  localparam int unsigned IdxW   = $clog2(Entries)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic [Entries-1:0] valid_i,
  input  logic               need_i,       // victim_o is used at this edge
  input  logic               touch_i,
  input  logic [IdxW-1:0]    touch_idx_i,
  output logic [IdxW-1:0]    victim_o
);

  logic [Entries-1:1] bits_q, bits_d;
  logic [Entries-1:0] tree_oh, invalid, first_invalid, victim_oh;

  // Entry i is the tree's victim when every node on its path points to it:
  // node at depth l on i's path is 2^l + (i >> (IdxW - l)); the direction
  // taken there is bit IdxW-1-l of i.
  always_comb begin
    tree_oh = '0;
    if (need_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        tree_oh[i] = 1'b1;
        for (int unsigned l = 0; l < IdxW; l++) begin
          if (bits_q[(1 << l) + (i >> (IdxW - l))] != i[IdxW-1-l]) tree_oh[i] = 1'b0;
        end
      end
    end
  end

  assign invalid       = ~valid_i;
  assign first_invalid = invalid & (~invalid + 1'b1);
  assign victim_oh     = (|invalid) ? first_invalid : tree_oh;

  always_comb begin
    victim_o = '0;
    if (need_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        if (victim_oh[i]) victim_o = victim_o | IdxW'(i);
      end
    end
  end

  // Touch: each node on the path of touch_idx_i points away from it.  The
  // node at depth l, position j (k = 2^l + j) is on the path when the top l
  // bits of the index equal j.
  always_comb begin
    bits_d = bits_q;
    if (touch_i) begin
      for (int unsigned l = 0; l < IdxW; l++) begin
        for (int unsigned j = 0; j < (1 << l); j++) begin
          if (j == (32'(touch_idx_i) >> (IdxW - l))) bits_d[(1 << l) + j] = !touch_idx_i[IdxW-1-l];
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) bits_q <= '0;
    else         bits_q <= bits_d;
  end

`ifndef SYNTHESIS
  initial begin
    assert (Entries >= 2 && (Entries & (Entries - 1)) == 0)
      else $fatal(1, "mmu_plru: Entries=%0d is not a power of two >= 2", Entries);
  end
`endif

endmodule
