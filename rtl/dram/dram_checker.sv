// dram_checker: the DRAM device's timing checks, as Micron's device models
// do them (simulation only; empty under SYNTHESIS).
//
// Every command on the bus is checked at the edge that takes it against
// the times of earlier commands; viol_o (one bit per dram_pkg::Rule*) says
// combinationally which rules the command on the bus now would break, and
// at the edge an assertion names the rule, the bank and the cycle (cycles
// counted from reset).  Rules, all in core cycles:
//
//   ACT  b   tRP after b precharged, tRC after ACT b, tRRD after any ACT
//            (tRRD_L in b's bank group, tRRD_S in another), tFAW over the
//            last four ACTs, tRFC after REF; b must be closed
//   RD   b   tRCD after ACT b, tCCD after any RD/WR (tCCD_L / tCCD_S),
//            CWL+BL+tWTR after WR (tWTR_L / tWTR_S)
//   WR   b   tRCD, tCCD (_L / _S), tRTW (RD data off the bus: CL+BL+2-CWL) after RD
//
// Bank groups (DDR4): bank b is in group b mod BankGroups; the _L value
// holds between commands to one group, the _S value (Tccd, Trrd, Twtr)
// between groups.  BankGroups = 1 (DDR3): the _S values only.
//   PRE  b   tRAS after ACT b, tRTP after RD b, CWL+BL+tWR after WR b
//            (PRE to a closed bank is a no-op)
//   REF      every bank closed and tRP past, tRFC after REF
//   tREFI    at most MaxPostponed + 1 REFs owed (one every tREFI since reset)
//
// Auto-precharge (RDA/WRA) closes the bank at the edge where tRAS and
// tRTP / tWR allow it; tRP counts from there.
`ifndef SYNTHESIS
`include "mmcosim_cfg.svh"

module dram_checker #(
  parameter int unsigned Banks = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Tcwl = 32'(`MMCOSIM_DRAM_CK_CWL), Tburst = 32'(`MMCOSIM_DRAM_CK_BURST), Trcd = 32'(`MMCOSIM_DRAM_CK_RCD), Trp = 32'(`MMCOSIM_DRAM_CK_RP), Tras = 32'(`MMCOSIM_DRAM_CK_RAS),
  parameter int unsigned Trc = 32'(`MMCOSIM_DRAM_CK_RC), Tccd = 32'(`MMCOSIM_DRAM_CK_CCD), Trrd = 32'(`MMCOSIM_DRAM_CK_RRD), Tfaw = 32'(`MMCOSIM_DRAM_CK_FAW), Twr = 32'(`MMCOSIM_DRAM_CK_WR),
  parameter int unsigned Twtr = 32'(`MMCOSIM_DRAM_CK_WTR), Trtp = 32'(`MMCOSIM_DRAM_CK_RTP), Trfc = 32'(`MMCOSIM_DRAM_CK_RFC), Trefi = 32'(`MMCOSIM_DRAM_CK_REFI), Trtw = 32'(`MMCOSIM_DRAM_CK_RTW),
  parameter int unsigned Refresh = `MMCOSIM_DRAM_REFRESH,
  parameter int unsigned MaxPostponed = `MMCOSIM_DRAM_MAX_POSTPONED,
  parameter int unsigned BankGroups = `MMCOSIM_DRAM_BANK_GROUPS,
  parameter int unsigned TccdL = 32'(`MMCOSIM_DRAM_CK_CCD_L), TrrdL = 32'(`MMCOSIM_DRAM_CK_RRD_L), TwtrL = 32'(`MMCOSIM_DRAM_CK_WTR_L),
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned G = BankGroups
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  dram_pkg::cmd_e               cmd_i,
  input  logic [BankW-1:0]             bank_i,
  output logic [dram_pkg::NumRules-1:0] viol_o
);

  // "Long ago" is 0: the clock starts far from it at reset.
  localparam logic [63:0] Start = 64'h1_0000_0000;
  localparam logic [63:0] Twrp  = 64'(Tcwl) + 64'(Tburst) + 64'(Twr);   // WR -> PRE
  localparam logic [63:0] Twrd  = 64'(Tcwl) + 64'(Tburst) + 64'(Twtr);  // WR -> RD, other group
  localparam logic [63:0] TwrdL = 64'(Tcwl) + 64'(Tburst) + (G > 1 ? 64'(TwtrL) : 64'(Twtr));  // same group
  localparam logic [63:0] TccdG = G > 1 ? 64'(TccdL) : 64'(Tccd);
  localparam logic [63:0] TrrdG = G > 1 ? 64'(TrrdL) : 64'(Trrd);

  // The checker's own clock: not in the waveforms (dram_ctrl's cyc_q is).
  /* verilator tracing_off */
  logic [63:0] now_q;
  /* verilator tracing_on */
  logic [63:0] last_rd_q, last_ref_q;
  logic [63:0] last_act_q [G];    // per bank group: last ACT, RD/WR, WR
  logic [63:0] last_col_q [G];
  logic [63:0] last_wr_q [G];
  logic [63:0] act_t_q [Banks];
  logic [63:0] pre_t_q [Banks];   // when the bank precharged (or will, auto-precharge)
  logic [63:0] rd_t_q [Banks];
  logic [63:0] wr_t_q [Banks];
  logic [63:0] faw_q [4];         // last four ACT times, ring
  logic [1:0]  faw_ptr_q;
  logic [Banks-1:0] open_q;
  logic [4:0]  owed_q;
  logic [63:0] refi_at_q;         // now_q at the next tREFI boundary
  logic        boundary;

  logic is_act, is_rd, is_wr, is_col, is_pre, is_prea, is_ref, is_ap;
  assign is_act  = cmd_i == dram_pkg::CmdAct;
  assign is_rd   = cmd_i == dram_pkg::CmdRd || cmd_i == dram_pkg::CmdRda;
  assign is_wr   = cmd_i == dram_pkg::CmdWr || cmd_i == dram_pkg::CmdWra;
  assign is_ap   = cmd_i == dram_pkg::CmdRda || cmd_i == dram_pkg::CmdWra;
  assign is_col  = is_rd || is_wr;
  assign is_pre  = cmd_i == dram_pkg::CmdPre;
  assign is_prea = cmd_i == dram_pkg::CmdPrea;
  assign is_ref  = cmd_i == dram_pkg::CmdRef;
  assign boundary = Refresh != 0 && now_q == refi_at_q;

  // The bank group of bank b (its low bits).
  function automatic int unsigned grp(input logic [BankW-1:0] b);
    grp = 32'(b) % G;
  endfunction

  // A PRE of open bank b now would break tRAS / tRTP / tWR.
  function automatic logic [2:0] pre_viol(input logic [BankW-1:0] b);
    pre_viol = {now_q < wr_t_q[b] + Twrp,
                now_q < rd_t_q[b] + 64'(Trtp),
                now_q < act_t_q[b] + 64'(Tras)};
  endfunction

  always_comb begin
    logic [2:0] pv;
    pv     = '0;
    viol_o = '0;
    if (cmd_i != dram_pkg::CmdNop) begin
    if (is_act) begin
      viol_o[dram_pkg::RuleState] = open_q[bank_i];
      viol_o[dram_pkg::RuleRp]  = now_q < pre_t_q[bank_i] + 64'(Trp);
      viol_o[dram_pkg::RuleRc]  = now_q < act_t_q[bank_i] + 64'(Trc);
      for (int unsigned g = 0; g < G; g++)
        viol_o[dram_pkg::RuleRrd] = viol_o[dram_pkg::RuleRrd] |
          (now_q < last_act_q[g] + (g == grp(bank_i) ? TrrdG : 64'(Trrd)));
      viol_o[dram_pkg::RuleFaw] = now_q < faw_q[faw_ptr_q] + 64'(Tfaw);
      viol_o[dram_pkg::RuleRfc] = now_q < last_ref_q + 64'(Trfc);
    end
    if (is_col) begin
      viol_o[dram_pkg::RuleState] = !open_q[bank_i];
      viol_o[dram_pkg::RuleRcd] = now_q < act_t_q[bank_i] + 64'(Trcd);
      for (int unsigned g = 0; g < G; g++) begin
        viol_o[dram_pkg::RuleCcd] = viol_o[dram_pkg::RuleCcd] |
          (now_q < last_col_q[g] + (g == grp(bank_i) ? TccdG : 64'(Tccd)));
        if (is_rd) viol_o[dram_pkg::RuleWtr] = viol_o[dram_pkg::RuleWtr] |
          (now_q < last_wr_q[g] + (g == grp(bank_i) ? TwrdL : Twrd));
      end
      if (is_wr) viol_o[dram_pkg::RuleRtw] = now_q < last_rd_q + 64'(Trtw);
    end
    for (int unsigned b = 0; b < Banks; b++) begin
      pv = pre_viol(BankW'(b));
      if (((is_pre && bank_i == BankW'(b)) || is_prea) && open_q[b]) begin
        viol_o[dram_pkg::RuleRas] = viol_o[dram_pkg::RuleRas] | pv[0];
        viol_o[dram_pkg::RuleRtp] = viol_o[dram_pkg::RuleRtp] | pv[1];
        viol_o[dram_pkg::RuleWr]  = viol_o[dram_pkg::RuleWr]  | pv[2];
      end
      if (is_ref) begin
        viol_o[dram_pkg::RuleState] = viol_o[dram_pkg::RuleState] | open_q[b];
        viol_o[dram_pkg::RuleRp] = viol_o[dram_pkg::RuleRp] | (now_q < pre_t_q[b] + 64'(Trp));
      end
    end
    if (is_ref) viol_o[dram_pkg::RuleRfc] = now_q < last_ref_q + 64'(Trfc);
    end
    viol_o[dram_pkg::RuleRefi] = boundary && !is_ref && owed_q >= 5'(MaxPostponed + 1);
  end

  // PRE/PREA: the banks they close.
  logic [Banks-1:0] closing;
  always_comb begin
    closing = '0;
    if (is_pre || is_prea) begin
      for (int unsigned b = 0; b < Banks; b++)
        closing[b] = ((is_pre && bank_i == BankW'(b)) || is_prea) && open_q[b];
    end
  end

  // One assertion per rule, naming rule, bank and cycle (from reset).
  localparam string RuleNames [dram_pkg::NumRules] = '{
    "tRCD", "tRP", "tRAS", "tRC", "tCCD", "tRRD", "tFAW", "tWR", "tWTR", "tRTP",
    "tRFC", "tRTW (CL/CWL data bus)", "tREFI (too many REFs postponed)", "bank state"};

  // The time arrays are written with blocking assignments (memory style,
  // lint.vlt waives BLKSEQ here): the assertions read viol_o first, and
  // nothing else reads the arrays at this edge.
  logic [63:0] tp;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      now_q      <= Start;
      for (int unsigned g = 0; g < G; g++) begin
        last_act_q[g] <= '0;
        last_col_q[g] <= '0;
        last_wr_q[g]  <= '0;
      end
      last_rd_q  <= '0;
      last_ref_q <= '0;
      for (int unsigned b = 0; b < Banks; b++) begin
        act_t_q[b] = '0;
        pre_t_q[b] = '0;
        rd_t_q[b]  = '0;
        wr_t_q[b]  = '0;
      end
      for (int i = 0; i < 4; i++) faw_q[i] = '0;
      faw_ptr_q <= '0;
      open_q    <= '0;
      owed_q    <= '0;
      refi_at_q <= Start + 64'(Trefi) - 64'd1;
    end else begin
      if (|viol_o) begin
        for (int r = 0; r < int'(dram_pkg::NumRules); r++) begin
          assert (!viol_o[r])
            else $error("dram_device: %s violated by %s to bank %0d at cycle %0d",
                        RuleNames[r], cmd_i.name(), bank_i, now_q - Start);
        end
      end
      now_q  <= now_q + 64'd1;
      if (boundary) refi_at_q <= refi_at_q + 64'(Trefi);
      owed_q <= owed_q + 5'(boundary) - 5'(is_ref);
      if (is_act) begin
        act_t_q[bank_i]  = now_q;
        open_q[bank_i]   <= 1'b1;
        last_act_q[grp(bank_i)] <= now_q;
        faw_q[faw_ptr_q] = now_q;
        faw_ptr_q        <= faw_ptr_q + 2'd1;
      end
      if (is_col) begin
        if (is_ap) begin
          // The bank precharges once tRAS and tRTP/tWR (this and earlier
          // column commands) allow it.
          tp = act_t_q[bank_i] + 64'(Tras);
          if (rd_t_q[bank_i] + 64'(Trtp) > tp) tp = rd_t_q[bank_i] + 64'(Trtp);
          if (wr_t_q[bank_i] + Twrp > tp) tp = wr_t_q[bank_i] + Twrp;
          if (now_q + (is_rd ? 64'(Trtp) : Twrp) > tp)
            tp = now_q + (is_rd ? 64'(Trtp) : Twrp);
          pre_t_q[bank_i] = tp;
          open_q[bank_i]  <= 1'b0;
        end
        last_col_q[grp(bank_i)] <= now_q;
        if (is_rd) begin
          last_rd_q      <= now_q;
          rd_t_q[bank_i] = now_q;
        end else begin
          last_wr_q[grp(bank_i)] <= now_q;
          wr_t_q[bank_i] = now_q;
        end
      end
      if (is_pre || is_prea) begin
        for (int unsigned b = 0; b < Banks; b++) begin
          if (closing[b]) pre_t_q[b] = now_q;
        end
        open_q <= open_q & ~closing;
      end
      if (is_ref) last_ref_q <= now_q;
    end
  end

endmodule
`endif  // SYNTHESIS
