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
// Bursts (Wishbone B4 registered-feedback cycle types, cti/bte): a beat
// with cti = 3'b010 (incrementing burst) makes its master the owner of the
// bus until the beat with cti = 3'b111 (end of burst) has been accepted and
// every beat acked, or until it drops cyc.  While it owns the bus it may
// issue its next beat before the previous ones are acked (pipelined: one
// beat per cycle if the slave does not stall) and no other master is
// granted.  Classic cycles (cti = 3'b000, every master today but a cache)
// behave as before: one transaction at a time, the next one accepted at
// the earliest in the cycle of the previous ack.
//
//   beats   B0(010) B1(010) ... B7(111)            other master
//   stb     ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾\___________________/‾‾‾
//   ack     _____________/‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾\_______ (granted in the
//                                                     cycle of the last ack)
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
  input  logic [NumMasters*3-1:0]  m_cti_i,   // cycle type: 000 classic, 010 burst, 111 end
  input  logic [NumMasters*2-1:0]  m_bte_i,   // burst type: 00 linear
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
  output logic [2:0]               s_cti_o,
  output logic [1:0]               s_bte_o,
  input  logic                     s_stall_i,
  input  logic                     s_ack_i,
  input  logic                     s_err_i,
  input  logic [31:0]              s_dat_i
);

  // outst_q: transactions accepted and not yet acked (1 at most outside a
  // burst); burst_q: the owner's last accepted beat had cti = 010.
  localparam int unsigned OutW = 5;
  logic [OutW-1:0]       outst_q, outst_d;
  logic                  burst_q, burst_d;
  logic [NumMasters-1:0] owner_q, owner_d;  // one-hot: master of the outstanding transactions
  logic [NumMasters-1:0] last_q, last_d;    // one-hot: last granted master
  logic [NumMasters-1:0] req, masked, pick_src, gnt;
  logic                  locked, busy, in_burst;
  logic [NumMasters-1:0] above_last;       // bits strictly above last_q (none if last_q is the MSB)
  logic                  free, accept, done;

  assign busy       = outst_q != '0;
  assign in_burst   = burst_q && |(m_cyc_i & owner_q);
  assign locked     = |(m_lock_i & last_q);
  assign req        = m_cyc_i & m_stb_i & (locked ? last_q : '1);
  assign above_last = ~((last_q << 1) - 1'b1);
  assign masked     = req & above_last;
  assign pick_src   = (|masked) ? masked : req;
  assign done       = busy && (s_ack_i || s_err_i);
  assign free       = !in_burst && (!busy || (outst_q == OutW'(1) && done));
  assign gnt        = in_burst ? (req & owner_q) :
                      free     ? (pick_src & (~pick_src + 1'b1)) : '0;

  // AND-OR multiplexer of the granted master's request.
  always_comb begin
    s_adr_o = '0;
    s_we_o  = 1'b0;
    s_sel_o = '0;
    s_dat_o = '0;
    s_cti_o = '0;
    s_bte_o = '0;
    for (int i = 0; i < NumMasters; i++) begin
      if (gnt[i]) begin
        s_adr_o = s_adr_o | m_adr_i[i*32 +: 32];
        s_we_o  = s_we_o  | m_we_i[i];
        s_sel_o = s_sel_o | m_sel_i[i*4 +: 4];
        s_dat_o = s_dat_o | m_dat_i[i*32 +: 32];
        s_cti_o = s_cti_o | m_cti_i[i*3 +: 3];
        s_bte_o = s_bte_o | m_bte_i[i*2 +: 2];
      end
    end
  end

  assign s_stb_o   = |gnt;
  assign s_cyc_o   = s_stb_o || busy || in_burst;
  assign accept    = s_stb_o && !s_stall_i;
  assign m_stall_o = ~gnt | {NumMasters{s_stall_i}};
  assign m_ack_o   = {NumMasters{busy && s_ack_i}} & owner_q;
  assign m_err_o   = {NumMasters{busy && s_err_i}} & owner_q;
  assign m_dat_o   = s_dat_i;
  assign owner_o   = {NumMasters{busy}} & owner_q;

  always_comb begin
    outst_d = outst_q + OutW'(accept) - OutW'(done);
    owner_d = owner_q;
    last_d  = last_q;
    burst_d = in_burst;
    if (accept) begin
      owner_d = gnt;
      last_d  = gnt;
      burst_d = s_cti_o == 3'b010;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      outst_q <= '0;
      burst_q <= 1'b0;
      owner_q <= '0;
      last_q  <= NumMasters'(1) << (NumMasters - 1);  // master 0 first after reset
    end else begin
      outst_q <= outst_d;
      burst_q <= burst_d;
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
      assert (!busy || $onehot(owner_q)) else $error("bus_arbiter: busy without a single owner");
      // Outside a burst a master with one transaction in flight does not
      // request another.
      assert (!busy || in_burst || !(|(req & owner_q & ~{NumMasters{done}})))
        else $error("bus_arbiter: owner requested again before its ack");
      assert (outst_q != '1) else $error("bus_arbiter: too many beats outstanding");
    end
  end
`endif

endmodule
