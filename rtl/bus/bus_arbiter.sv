// bus_arbiter: NumMasters Wishbone B4 pipelined masters onto one shared bus.
//
// Policy: round-robin per transaction.  The bus carries one transaction at a
// time; when it is free (idle, or its ack/err arrives in this cycle) the
// requesting master (cyc && stb) next after the last granted one in index
// order wins, so every requester is served within NumMasters transactions:
// no starvation.  The winner's request goes to the bus in the same cycle
// (stall to it low unless the slave stalls), and the next transaction may
// be accepted in the cycle of the previous ack: back-to-back transactions
// from different masters cost no idle cycle.
//
// Lock (the Wishbone LOCK_O of a master): while the master granted last
// holds m_lock_i high, only it can be granted, so its read and write of a
// compare-and-set (the MMU walker's Svadu A/D update) are indivisible.  A
// master raises lock with the first transaction of the sequence and drops
// it after the last one was accepted.
//
//   req ─▶ (locked: only last_q) ─▶ mask bits above last_q ─▶ lowest set bit ─▶ gnt
//
// A later cache that fills lines with several pipelined transactions will
// need ownership held by cyc; the masters issue single transactions.
module bus_arbiter #(
  parameter int unsigned NumMasters = 2
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  // masters (flattened: master i owns bits [i*W +: W])
  input  logic [NumMasters-1:0]    m_cyc_i,
  input  logic [NumMasters-1:0]    m_stb_i,
  input  logic [NumMasters*32-1:0] m_adr_i,
  input  logic [NumMasters-1:0]    m_we_i,
  input  logic [NumMasters*4-1:0]  m_sel_i,
  input  logic [NumMasters*32-1:0] m_dat_i,
  input  logic [NumMasters-1:0]    m_lock_i,
  output logic [NumMasters-1:0]    m_stall_o,
  output logic [NumMasters-1:0]    m_ack_o,
  output logic [NumMasters-1:0]    m_err_o,
  output logic [31:0]              m_dat_o,   // broadcast, qualified by ack
  output logic [NumMasters-1:0]    owner_o,   // master of the transaction in flight (one-hot, 0 = none)
  // shared bus
  output logic                     s_cyc_o,
  output logic                     s_stb_o,
  output logic [31:0]              s_adr_o,
  output logic                     s_we_o,
  output logic [3:0]               s_sel_o,
  output logic [31:0]              s_dat_o,
  input  logic                     s_stall_i,
  input  logic                     s_ack_i,
  input  logic                     s_err_i,
  input  logic [31:0]              s_dat_i
);

  logic                  busy_q, busy_d;
  logic [NumMasters-1:0] owner_q, owner_d;  // one-hot: master of the outstanding transaction
  logic [NumMasters-1:0] last_q, last_d;    // one-hot: last granted master
  logic [NumMasters-1:0] req, masked, pick_src, gnt;
  logic                  locked;
  logic [NumMasters-1:0] above_last;       // bits strictly above last_q (none if last_q is the MSB)
  logic                  free, accept, done;

  assign locked     = |(m_lock_i & last_q);
  assign req        = m_cyc_i & m_stb_i & (locked ? last_q : '1);
  assign above_last = ~((last_q << 1) - 1'b1);
  assign masked     = req & above_last;
  assign pick_src   = (|masked) ? masked : req;
  assign done       = busy_q && (s_ack_i || s_err_i);
  assign free       = !busy_q || done;
  assign gnt        = free ? (pick_src & (~pick_src + 1'b1)) : '0;

  // AND-OR multiplexer of the granted master's request.
  always_comb begin
    s_adr_o = '0;
    s_we_o  = 1'b0;
    s_sel_o = '0;
    s_dat_o = '0;
    for (int i = 0; i < NumMasters; i++) begin
      if (gnt[i]) begin
        s_adr_o = s_adr_o | m_adr_i[i*32 +: 32];
        s_we_o  = s_we_o  | m_we_i[i];
        s_sel_o = s_sel_o | m_sel_i[i*4 +: 4];
        s_dat_o = s_dat_o | m_dat_i[i*32 +: 32];
      end
    end
  end

  assign s_stb_o   = |gnt;
  assign s_cyc_o   = s_stb_o || busy_q;
  assign accept    = s_stb_o && !s_stall_i;
  assign m_stall_o = ~gnt | {NumMasters{s_stall_i}};
  assign m_ack_o   = {NumMasters{busy_q && s_ack_i}} & owner_q;
  assign m_err_o   = {NumMasters{busy_q && s_err_i}} & owner_q;
  assign m_dat_o   = s_dat_i;
  assign owner_o   = {NumMasters{busy_q}} & owner_q;

  always_comb begin
    busy_d  = busy_q;
    owner_d = owner_q;
    last_d  = last_q;
    if (done) begin
      busy_d = 1'b0;
    end
    if (accept) begin
      busy_d  = 1'b1;
      owner_d = gnt;
      last_d  = gnt;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q  <= 1'b0;
      owner_q <= '0;
      last_q  <= NumMasters'(1) << (NumMasters - 1);  // master 0 first after reset
    end else begin
      busy_q  <= busy_d;
      owner_q <= owner_d;
      last_q  <= last_d;
    end
  end

`ifndef SYNTHESIS
  initial begin
    assert (NumMasters >= 1 && NumMasters <= 16)
      else $fatal(1, "bus_arbiter: NumMasters=%0d out of 1..16", NumMasters);
  end
  // Immediate assertions in one clocked block (cheaper in the Verilated
  // model than concurrent ones, which copy their sampled signals on every
  // evaluation).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert ($onehot0(gnt)) else $error("bus_arbiter: more than one grant");
      assert (!busy_q || $onehot(owner_q)) else $error("bus_arbiter: busy without a single owner");
      // A master with one transaction in flight does not request another.
      assert (!busy_q || !(|(req & owner_q & ~{NumMasters{done}})))
        else $error("bus_arbiter: owner requested again before its ack");
    end
  end
`endif

endmodule
