// cache_plru: tree pseudo-LRU replacement per set for a Ways-way cache
// (Ways a power of two; Ways = 1 has no state and always picks way 0).
//
// Each set keeps Ways-1 tree bits in heap order, as rtl/mmu/mmu_plru.sv
// does for its one fully associative set (node 1 is the root, node k has
// children 2k and 2k+1, the leaves are the ways).  A bit points to the half
// holding the next victim: 0 = lower ways, 1 = upper ways.  touch(way)
// turns every bit on the way's path away from it.
//
//             node1            Ways = 4: bits {b3,b2,b1} of one set
//           0/    \1           victim: follow the bits from the root
//         node2   node3        touch(2): b1 <- 0, b3 <- 1
//         /  \    /  \
//        w0  w1  w2  w3
//
// victim_o is the tree's choice for set_i (combinational from the set's
// bits; the cache picks an invalid way first by itself).  touch_i updates
// set touch_set_i at the clock edge.  The bits live in flops (Sets x
// (Ways-1)), not in block RAM: a touch and a lookup of another set may
// happen in the same cycle.
module cache_plru #(
  parameter int unsigned Ways = 4,
  parameter int unsigned Sets = 128,
  localparam int unsigned WayW = (Ways > 1) ? $clog2(Ways) : 1,
  localparam int unsigned SetW = (Sets > 1) ? $clog2(Sets) : 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [SetW-1:0] set_i,
  output logic [WayW-1:0] victim_o,
  input  logic            touch_i,
  input  logic [SetW-1:0] touch_set_i,
  input  logic [WayW-1:0] touch_way_i
);

  if (Ways == 1) begin : g_direct
    assign victim_o = '0;
    logic unused_plru;
    assign unused_plru = ^{clk_i, rst_ni, set_i, touch_i, touch_set_i, touch_way_i};
  end else begin : g_tree
    // Flat (Yosys takes no packed 2-D arrays): set s owns bits [s*(Ways-1) +: Ways-1].
    logic [Sets*(Ways-1)-1:0] bits_q;
    logic [Ways-1:1] cur, upd;

    // Victim: walk from the root; node k's bit says which child to take.
    assign cur = bits_q[32'(set_i)*(Ways-1) +: Ways-1];
    always_comb begin
      int unsigned k;
      k = 1;
      for (int unsigned l = 0; l < WayW; l++) k = 2 * k + 32'(cur[k]);
      victim_o = WayW'(k - Ways);
    end

    // Touch: the node at depth l on the path of way w is 2^l + (w >> (WayW-l));
    // it points away from w: bit WayW-1-l of w, inverted.
    always_comb begin
      upd = bits_q[32'(touch_set_i)*(Ways-1) +: Ways-1];
      for (int unsigned l = 0; l < WayW; l++) begin
        upd[(1 << l) + (32'(touch_way_i) >> (WayW - l))] = !touch_way_i[WayW-1-l];
      end
    end

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        bits_q <= '0;
      end else if (touch_i) begin
        bits_q[32'(touch_set_i)*(Ways-1) +: Ways-1] <= upd;
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    assert (Ways >= 1 && (Ways & (Ways - 1)) == 0 && Sets >= 1 && (Sets & (Sets - 1)) == 0)
      else $fatal(1, "cache_plru: Ways=%0d and Sets=%0d must be powers of two", Ways, Sets);
  end
`endif

endmodule
