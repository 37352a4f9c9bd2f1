// dram_ctrl: the DRAM controller -- a Wishbone B4 pipelined slave with a
// request queue, per-bank timing state, a scheduler, a page policy and a
// refresh scheduler, driving dram_device's command bus.
//
//   wb stb ─▶ addr map ─▶ queue (QueueDepth, arrival order) ─▶ scheduler ─▶ cmd_o
//   wb ack ◀─ head entry done (in order) ◀─ read tags FIFO ◀──── rvalid_i
//
// Bus side: a request is accepted when stb && !stall; stall = queue full.
// Acks come in request order (Wishbone): the head entry is acked when it
// is done -- a write in the cycle its WR is on the command bus, a read in
// the cycle its data comes back -- so an unloaded access costs, from the
// accepting edge to the acking edge,
//   row hit 1 + CL   closed bank 1 + tRCD + CL   conflict 1 + tRP + tRCD + CL
// (writes: 1, 1 + tRCD, 1 + tRP + tRCD): one cycle of controller overhead.
//
// Scheduler, one command per cycle, in this order:
//   1. refresh: when REFs are owed and no request waits, or more than
//      MaxPostponed are owed: stop ACTs, PREA once every open bank may
//      close, REF once every bank may activate; REFs owed += 1 every tREFI
//   2. FR-FCFS: the oldest waiting request whose RD/WR can go now (row hit,
//      timing met); else the oldest whose ACT (bank closed) or PRE (other
//      row open and no waiting request hits it) can go now.
//      FCFS: only the oldest waiting request, its next command when legal.
//      A request never passes an older waiting one to the same word.
//   3. adaptive page policy: PRE a bank idle AdaptiveIdle cycles with no
//      request for it; the AdaptiveMaxHits-th hit of a row auto-precharges.
//      Closed page: every RD/WR auto-precharges.
//
// Timers: the cycle (cyc_q, counted from reset) from which a command is
// allowed; a rule of V cycles from a command at cycle t sets t + V (or
// keeps a later time), and the command may go once cyc_q reaches it.
// Nothing counts down, so an idle controller writes almost no flop.
// NarrowTimers = 0 (simulation): times are 64 bits and never wrap.
// NarrowTimers = 1 (FPGA): times are TimeW bits, compared modulo 2^TimeW
// (serial-number arithmetic): t is reached when cyc - t has its top bit
// clear.  A timer
// is set at most Vmax cycles ahead, and once an epoch (2^(TimeW-2) cycles)
// every reached timer is pulled up to the current cycle, so none lags
// more than an epoch: every distance compared stays below 2^(TimeW-1) and
// the narrow times behave exactly like unbounded ones (and synthesize to
// TimeW-bit adders and comparators instead of 64-bit ones).
//   per bank  act_t (tRC, tRP, auto-precharge + tRP, tRFC), col_t (tRCD),
//             pre_t (tRAS, tRTP, CWL+BL+tWR), idle_t (AdaptiveIdle)
//   global    act_any_t (tRRD), faw_t[4] (tFAW ring), rd_t (tCCD, WR->RD),
//             wr_t (tCCD, RD->WR), refi_t (tREFI)
// model/dram/dram_ref.cc is the C++ twin of this module; keep them in step.
`include "mmcosim_cfg.svh"

module dram_ctrl #(
  parameter logic [31:0] Base            = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter int unsigned Banks           = `MMCOSIM_DRAM_BANKS,
  parameter int unsigned Rows            = `MMCOSIM_DRAM_ROWS,
  parameter int unsigned Columns         = `MMCOSIM_DRAM_COLUMNS,
  parameter int unsigned AddrMap         = `MMCOSIM_DRAM_ADDR_MAP,
  parameter int unsigned QueueDepth      = `MMCOSIM_DRAM_QUEUE_DEPTH,
  parameter int unsigned Scheduler       = `MMCOSIM_DRAM_SCHEDULER,
  parameter int unsigned PagePolicy      = `MMCOSIM_DRAM_PAGE_POLICY,
  parameter int unsigned AdaptiveIdle    = `MMCOSIM_DRAM_ADAPTIVE_IDLE,
  parameter int unsigned AdaptiveMaxHits = `MMCOSIM_DRAM_ADAPTIVE_MAX_HITS,
  parameter int unsigned Refresh         = `MMCOSIM_DRAM_REFRESH,
  parameter int unsigned MaxPostponed    = `MMCOSIM_DRAM_MAX_POSTPONED,
  parameter int unsigned Tcwl = 32'(`MMCOSIM_DRAM_CK_CWL), Tburst = 32'(`MMCOSIM_DRAM_CK_BURST), Trcd = 32'(`MMCOSIM_DRAM_CK_RCD), Trp = 32'(`MMCOSIM_DRAM_CK_RP),
  parameter int unsigned Tras = 32'(`MMCOSIM_DRAM_CK_RAS), Trc = 32'(`MMCOSIM_DRAM_CK_RC), Tccd = 32'(`MMCOSIM_DRAM_CK_CCD), Trrd = 32'(`MMCOSIM_DRAM_CK_RRD), Tfaw = 32'(`MMCOSIM_DRAM_CK_FAW),
  parameter int unsigned Twr = 32'(`MMCOSIM_DRAM_CK_WR), Twtr = 32'(`MMCOSIM_DRAM_CK_WTR), Trtp = 32'(`MMCOSIM_DRAM_CK_RTP), Trfc = 32'(`MMCOSIM_DRAM_CK_RFC), Trefi = 32'(`MMCOSIM_DRAM_CK_REFI),
  parameter int unsigned Trtw = 32'(`MMCOSIM_DRAM_CK_RTW),
  parameter int unsigned NarrowTimers    = `MMCOSIM_DRAM_NARROW_TIMERS,
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned RowW  = $clog2(Rows),
  localparam int unsigned ColW  = $clog2(Columns),
  localparam int unsigned QW    = $clog2(QueueDepth),
  // farthest any timer is set ahead (a safe sum of the rules)
  localparam int unsigned Vmax  = Trefi + Trfc + Trc + Tras + Trp + Trtp + Trcd + Trrd + Tfaw +
                                  Tccd + Trtw + Tcwl + Tburst + Twr + Twtr + AdaptiveIdle + 2,
  localparam int unsigned TimeW = NarrowTimers != 0 ? $clog2(Vmax + 1) + 2 : 64,
  localparam int unsigned CycW  = TimeW > 16 ? TimeW : 16
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Wishbone B4 pipelined slave
  input  logic                wb_cyc_i,
  input  logic                wb_stb_i,
  input  logic [31:0]         wb_adr_i,
  input  logic                wb_we_i,
  input  logic [3:0]          wb_sel_i,
  input  logic [31:0]         wb_dat_i,
  output logic                wb_stall_o,
  output logic                wb_ack_o,
  output logic                wb_err_o,
  output logic [31:0]         wb_dat_o,
  // command bus to dram_device
  output dram_pkg::cmd_e      cmd_o,
  output logic [BankW-1:0]    cmd_bank_o,
  output logic [RowW-1:0]     cmd_row_o,
  output logic [ColW-1:0]     cmd_col_o,
  output logic [31:0]         cmd_wdata_o,
  output logic [3:0]          cmd_wbe_o,
  input  logic                rvalid_i,
  input  logic [31:0]         rdata_i,
  // events for dram_stats
  output logic                ev_ack_o,
  output logic                ev_ack_we_o,
  output logic [15:0]         ev_lat_o,       // accept edge to ack edge
  output logic                ev_col_o,       // RD/WR issued
  output logic [1:0]          ev_col_class_o, // 0 hit, 1 miss, 2 conflict
  output logic                ev_col_we_o,
  output logic [BankW-1:0]    ev_col_bank_o,
  output logic [2:0]          ev_col_bytes_o, // byte enables of a write
  output logic [Banks-1:0]    ev_act_o,
  output logic [Banks-1:0]    ev_pre_o,       // banks closed (PRE, PREA, auto-precharge)
  output logic                ev_ref_o,
  output logic                ev_busy_o,
  output logic                ev_refresh_o,   // tRFC running
  output logic                ev_full_o,
  output logic [Banks-1:0]    ev_bank_busy_o
);

  localparam int unsigned Twrp = Tcwl + Tburst + Twr;  // WR to PRE
  localparam int unsigned Twrd = Tcwl + Tburst + Twtr; // WR to RD
  localparam int unsigned Q    = QueueDepth;

  // ------------------------------------------------------------- the queue
  logic [Q-1:0]     q_valid_q, q_issued_q, q_done_q, q_we_q, q_acted_q, q_preed_q;
  logic [BankW-1:0] q_bank_q [Q];
  logic [RowW-1:0]  q_row_q [Q];
  logic [ColW-1:0]  q_col_q [Q];
  logic [31:0]      q_wdata_q [Q];
  logic [31:0]      q_rdata_q [Q];
  logic [3:0]       q_sel_q [Q];
  logic [15:0]      q_t0_q [Q];
  logic [QW-1:0]    head_q, tail_q;
  logic [QW:0]      count_q;
  logic [CycW-1:0]  cyc_q;   // cycles since reset (0 in the first cycle), wraps
  logic [TimeW-1:0] tnow;    // the timers' clock
  logic [15:0]      now_q;   // latency clock (wraps; latencies < 65536)
  logic             epoch;   // pull reached timers up to tnow at this edge
  assign tnow  = cyc_q[TimeW-1:0];
  assign now_q = cyc_q[15:0];
  assign epoch = NarrowTimers != 0 && tnow[TimeW-3:0] == '0;

  // t reached at tnow, and the later of two times (see Timers above).
  // Macros, not functions: Verilator copies a function's arguments into
  // temporaries at every call, which made the wide build 35% slower.
  localparam logic [TimeW-1:0] Half = TimeW'(1) << (TimeW - 1);
`define DRAM_REACHED(t) (NarrowTimers != 0 ? (TimeW'(tnow - (t)) < Half) : (tnow >= (t)))
`define DRAM_LATER(a, b) ((NarrowTimers != 0 ? (TimeW'((a) - (b)) >= Half) : ((a) < (b))) ? (b) : (a))

  // Read tags in issue order (reads return in order, CL after RD).
  logic [QW-1:0]    rt_tag_q [Q];
  logic [QW-1:0]    rt_head_q, rt_tail_q;

  // ------------------------------------------------------------ bank state
  logic [Banks-1:0] b_open_q;
  logic [RowW-1:0]  b_row_q [Banks];
  logic [TimeW-1:0] b_act_t_q [Banks];
  logic [TimeW-1:0] b_col_t_q [Banks];
  logic [TimeW-1:0] b_pre_t_q [Banks];
  logic [15:0]      b_hits_q [Banks];
  logic [TimeW-1:0] b_idle_t_q [Banks];
  logic [TimeW-1:0] act_any_t_q, rd_t_q, wr_t_q, refi_t_q, ref_busy_t_q;
  logic [TimeW-1:0] faw_t_q [4];
  logic [1:0]       faw_ptr_q;
  logic [4:0]       owed_q;
  logic             ref_mode_q;

  // ----------------------------------------------------------- bus side
  logic             accept;
  logic [BankW-1:0] in_bank;
  logic [RowW-1:0]  in_row;
  logic [ColW-1:0]  in_col;

  dram_addr_map #(
    .Banks   (Banks),
    .Rows    (Rows),
    .Columns (Columns),
    .AddrMap (AddrMap)
  ) u_map (
    .offset_i (wb_adr_i - Base),
    .bank_o   (in_bank),
    .row_o    (in_row),
    .col_o    (in_col)
  );

  assign wb_stall_o = count_q == (QW+1)'(Q);
  assign accept     = wb_cyc_i && wb_stb_i && !wb_stall_o;
  assign wb_err_o   = 1'b0;

  // ------------------------------------------------- per-request readiness
  // ord[k]: the queue slot of the k-th oldest entry.
  logic [QW-1:0] ord [Q];
  for (genvar k = 0; k < Q; k++) begin : g_ord
    assign ord[k] = QW'(head_q + QW'(k));
  end

  // Most cycles no request waits for a command (one CPU request at a time,
  // and it spends most of its life waiting for data): everything below is
  // computed only when some request waits, which keeps Verilator fast.
  logic [Q-1:0]     waiting, hit, blocked, col_ok, act_ok, pre_ok;
  logic [Q*Q-1:0]   dep_q;       // bit i*Q+j: older waiting j targets i's word
  logic [Banks-1:0] bank_has_hit, bank_wanted;
  logic             faw_ok, any_waiting;

  assign waiting     = q_valid_q & ~q_issued_q;
  assign any_waiting = |waiting;
  assign faw_ok      = `DRAM_REACHED(faw_t_q[faw_ptr_q]);

  always_comb begin
    bank_has_hit = '0;
    bank_wanted  = '0;
    hit     = '0;
    col_ok  = '0;
    act_ok  = '0;
    pre_ok  = '0;
    blocked = '0;
    if (any_waiting) begin
      for (int unsigned i = 0; i < Q; i++) begin
        hit[i]     = b_open_q[q_bank_q[i]] && b_row_q[q_bank_q[i]] == q_row_q[i];
        blocked[i] = |dep_q[i*Q +: Q];
        if (waiting[i]) begin
          bank_wanted[q_bank_q[i]] = 1'b1;
          if (hit[i]) bank_has_hit[q_bank_q[i]] = 1'b1;
        end
      end
      for (int unsigned i = 0; i < Q; i++) begin
        col_ok[i] = hit[i] && `DRAM_REACHED(b_col_t_q[q_bank_q[i]]) &&
                    `DRAM_REACHED(q_we_q[i] ? wr_t_q : rd_t_q);
        act_ok[i] = !b_open_q[q_bank_q[i]] && `DRAM_REACHED(b_act_t_q[q_bank_q[i]]) &&
                    `DRAM_REACHED(act_any_t_q) && faw_ok;
        pre_ok[i] = b_open_q[q_bank_q[i]] && !hit[i] && `DRAM_REACHED(b_pre_t_q[q_bank_q[i]]) &&
                    !bank_has_hit[q_bank_q[i]];
      end
    end
  end

  // A new request depends on every waiting request to the same word, so
  // it never passes one (keeps read-after-write and write-after-read order).
  logic [Q-1:0] in_dep;
  always_comb begin
    in_dep = '0;
    if (accept) begin
      for (int unsigned j = 0; j < Q; j++) begin
        in_dep[j] = waiting[j] && q_bank_q[j] == in_bank && q_row_q[j] == in_row &&
                    q_col_q[j] == in_col;
      end
    end
  end

  // ------------------------------------------------------------ scheduler
  logic             ref_go, all_open_may_close, all_may_act;
  logic             pick_col, pick_row, pick_idle;
  logic [QW-1:0]    pick;             // request served by a col/row command
  logic [BankW-1:0] idle_bank;
  logic             pick_ap;
  dram_pkg::cmd_e   cmd;

  always_comb begin
    all_open_may_close = 1'b1;
    all_may_act        = 1'b1;
    if (ref_go) begin  // read only by a refresh
      for (int unsigned b = 0; b < Banks; b++) begin
        if (b_open_q[b] && !`DRAM_REACHED(b_pre_t_q[b])) all_open_may_close = 1'b0;
        if (!`DRAM_REACHED(b_act_t_q[b])) all_may_act = 1'b0;
      end
    end
  end

  assign ref_go = Refresh != 0 &&
                  (ref_mode_q || (owed_q != 5'd0 &&
                                  (!any_waiting || owed_q > 5'(MaxPostponed))));

  logic refi_due;  // a tREFI period ends at this edge: one more REF owed
  assign refi_due = tnow == refi_t_q;

  logic found;  // FCFS: the oldest waiting request was seen

  always_comb begin
    found     = 1'b0;
    pick_col  = 1'b0;
    pick_row  = 1'b0;
    pick_idle = 1'b0;
    pick      = head_q;
    idle_bank = '0;
    if (!any_waiting) begin
      // nothing to schedule
    end else if (Scheduler == dram_pkg::SchedFcfs) begin
      // the oldest waiting request only
      for (int unsigned k = 0; k < Q; k++) begin
        if (!found && waiting[ord[k]]) begin
          found = 1'b1;
          pick  = ord[k];
          if (col_ok[ord[k]]) pick_col = 1'b1;
          else if (act_ok[ord[k]] || (b_open_q[q_bank_q[ord[k]]] && !hit[ord[k]] &&
                                      `DRAM_REACHED(b_pre_t_q[q_bank_q[ord[k]]]))) pick_row = 1'b1;
        end
      end
    end else begin
      for (int unsigned k = 0; k < Q; k++) begin
        if (!pick_col && waiting[ord[k]] && !blocked[ord[k]] && col_ok[ord[k]]) begin
          pick_col = 1'b1;
          pick     = ord[k];
        end
      end
      for (int unsigned k = 0; k < Q; k++) begin
        if (!pick_col && !pick_row && waiting[ord[k]] && !blocked[ord[k]] &&
            (act_ok[ord[k]] || pre_ok[ord[k]])) begin
          pick_row = 1'b1;
          pick     = ord[k];
        end
      end
    end
    if (PagePolicy == dram_pkg::PageAdaptive && |b_open_q) begin
      for (int unsigned b = 0; b < Banks; b++) begin
        if (!pick_idle && b_open_q[b] && !bank_wanted[b] && `DRAM_REACHED(b_pre_t_q[b]) &&
            `DRAM_REACHED(b_idle_t_q[b])) begin
          pick_idle = 1'b1;
          idle_bank = BankW'(b);
        end
      end
    end
  end

  assign pick_ap = PagePolicy == dram_pkg::PageClosed ||
                   (PagePolicy == dram_pkg::PageAdaptive &&
                    b_hits_q[q_bank_q[pick]] + 16'd1 >= 16'(AdaptiveMaxHits));

  always_comb begin
    cmd        = dram_pkg::CmdNop;
    cmd_bank_o = q_bank_q[pick];
    cmd_row_o  = q_row_q[pick];
    cmd_col_o  = q_col_q[pick];
    if (ref_go) begin
      cmd_bank_o = '0;
      if (|b_open_q) begin
        if (all_open_may_close) cmd = dram_pkg::CmdPrea;
      end else if (all_may_act) begin
        cmd = dram_pkg::CmdRef;
      end
    end else if (pick_col) begin
      if (q_we_q[pick]) cmd = pick_ap ? dram_pkg::CmdWra : dram_pkg::CmdWr;
      else              cmd = pick_ap ? dram_pkg::CmdRda : dram_pkg::CmdRd;
    end else if (pick_row) begin
      cmd = b_open_q[q_bank_q[pick]] ? dram_pkg::CmdPre : dram_pkg::CmdAct;
    end else if (pick_idle) begin
      cmd        = dram_pkg::CmdPre;
      cmd_bank_o = idle_bank;
    end
  end

  assign cmd_o       = cmd;
  assign cmd_wdata_o = q_wdata_q[pick];
  assign cmd_wbe_o   = q_sel_q[pick];

  // ----------------------------------------------------------- responses
  logic is_act, is_col, is_rd_cmd, is_wr_cmd, is_ap, is_pre, is_prea, is_ref;
  logic rt_head_is_head, ack_rd, ack_wr;

  assign is_act    = cmd == dram_pkg::CmdAct;
  assign is_rd_cmd = cmd == dram_pkg::CmdRd || cmd == dram_pkg::CmdRda;
  assign is_wr_cmd = cmd == dram_pkg::CmdWr || cmd == dram_pkg::CmdWra;
  assign is_col    = is_rd_cmd || is_wr_cmd;
  assign is_ap     = cmd == dram_pkg::CmdRda || cmd == dram_pkg::CmdWra;
  assign is_pre    = cmd == dram_pkg::CmdPre;
  assign is_prea   = cmd == dram_pkg::CmdPrea;
  assign is_ref    = cmd == dram_pkg::CmdRef;

  assign rt_head_is_head = rt_tag_q[rt_head_q] == head_q;
  assign ack_rd   = rvalid_i && rt_head_is_head;
  assign ack_wr   = is_wr_cmd && pick == head_q;
  assign wb_ack_o = q_valid_q[head_q] && (q_done_q[head_q] || ack_rd || ack_wr);
  assign wb_dat_o = !wb_ack_o ? 32'd0 : ack_rd ? rdata_i : q_rdata_q[head_q];

  // ------------------------------------------------------------- updates

  logic [Banks-1:0] closing;   // banks a PRE/PREA closes at this edge
  always_comb begin
    closing = '0;
    if (is_pre || is_prea) begin
      for (int unsigned b = 0; b < Banks; b++)
        closing[b] = ((is_pre && cmd_bank_o == BankW'(b)) || is_prea) && b_open_q[b];
    end
  end

  localparam int unsigned RdToWrC = Trtw > Tccd ? Trtw : Tccd;
  localparam int unsigned WrToRdC = Twrd > Tccd ? Twrd : Tccd;
  localparam logic [TimeW-1:0] RdToWr = TimeW'(RdToWrC);
  localparam logic [TimeW-1:0] IdleT     = TimeW'(AdaptiveIdle) + TimeW'(1);
  localparam logic [TimeW-1:0] RefiStart = TimeW'(Trefi) - TimeW'(1);
  localparam logic [TimeW-1:0] WrToRd = TimeW'(WrToRdC);

  // Which waiting requests saw their row opened (ACT) or their bank closed
  // (PRE/PREA): the class of each request when its RD/WR goes (stats).
  logic [Q-1:0] acting, closed_under;
  always_comb begin
    acting       = '0;
    closed_under = '0;
    if (is_act || is_pre || is_prea) begin
      for (int unsigned i = 0; i < Q; i++) begin
        acting[i]       = is_act && q_bank_q[i] == cmd_bank_o && q_row_q[i] == cmd_row_o;
        closed_under[i] = closing[q_bank_q[i]];
      end
    end
  end

  // Queue bookkeeping: issue, data back, retire, accept.
  logic [Q-1:0] q_acted_d, q_preed_d;
  logic [Q-1:0] q_valid_d, q_issued_d, q_done_d, pick_1h, tail_1h, head_1h, rt_1h;
  logic [Q*Q-1:0] dep_d;
  assign pick_1h = Q'(1) << pick;
  assign tail_1h = Q'(1) << tail_q;
  assign head_1h = Q'(1) << head_q;
  assign rt_1h   = Q'(1) << rt_tag_q[rt_head_q];

  always_comb begin
    q_valid_d  = q_valid_q;
    q_issued_d = q_issued_q;
    q_done_d   = q_done_q;
    q_acted_d  = q_acted_q | (waiting & acting);
    q_preed_d  = q_preed_q | (waiting & closed_under);
    dep_d      = dep_q;
    if (is_col) begin
      q_issued_d = q_issued_d | pick_1h;
      if (is_wr_cmd) q_done_d = q_done_d | pick_1h;
      for (int unsigned i = 0; i < Q; i++) dep_d[i*Q + 32'(pick)] = 1'b0;
    end
    if (rvalid_i) q_done_d = q_done_d | rt_1h;
    if (wb_ack_o) q_valid_d = q_valid_d & ~head_1h;
    if (accept) begin
      q_valid_d  = q_valid_d | tail_1h;
      q_issued_d = q_issued_d & ~tail_1h;
      q_done_d   = q_done_d & ~tail_1h;
      q_acted_d  = q_acted_d & ~tail_1h;
      q_preed_d  = q_preed_d & ~tail_1h;
      dep_d[tail_q*Q +: Q] = in_dep & ~(is_col ? pick_1h : '0);
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      q_valid_q  <= '0;
      q_issued_q <= '0;
      q_done_q   <= '0;
      q_acted_q  <= '0;
      q_preed_q  <= '0;
      dep_q      <= '0;
      head_q     <= '0;
      tail_q     <= '0;
      count_q    <= '0;
      rt_head_q  <= '0;
      rt_tail_q  <= '0;
      b_open_q   <= '0;
      for (int unsigned b = 0; b < Banks; b++) begin
        b_act_t_q[b]  <= '0;
        b_col_t_q[b]  <= '0;
        b_pre_t_q[b]  <= '0;
        b_hits_q[b]   <= '0;
        b_idle_t_q[b] <= TimeW'(AdaptiveIdle);
      end
      act_any_t_q  <= '0;
      rd_t_q       <= '0;
      wr_t_q       <= '0;
      for (int i = 0; i < 4; i++) faw_t_q[i] <= '0;
      faw_ptr_q    <= '0;
      refi_t_q     <= RefiStart;
      ref_busy_t_q <= '0;
      owed_q       <= '0;
      ref_mode_q   <= 1'b0;
      cyc_q        <= '0;
    end else begin
      cyc_q <= cyc_q + 1'b1;
      // epoch: no reached timer lags more than 2^(TimeW-2) cycles (the
      // commands below override with their own, later, values)
      if (epoch) begin
        for (int unsigned b = 0; b < Banks; b++) begin
          if (`DRAM_REACHED(b_act_t_q[b]))  b_act_t_q[b]  <= tnow;
          if (`DRAM_REACHED(b_col_t_q[b]))  b_col_t_q[b]  <= tnow;
          if (`DRAM_REACHED(b_pre_t_q[b]))  b_pre_t_q[b]  <= tnow;
          if (`DRAM_REACHED(b_idle_t_q[b])) b_idle_t_q[b] <= tnow;
        end
        if (`DRAM_REACHED(act_any_t_q))  act_any_t_q  <= tnow;
        if (`DRAM_REACHED(rd_t_q))       rd_t_q       <= tnow;
        if (`DRAM_REACHED(wr_t_q))       wr_t_q       <= tnow;
        if (`DRAM_REACHED(ref_busy_t_q)) ref_busy_t_q <= tnow;
        for (int i = 0; i < 4; i++) if (`DRAM_REACHED(faw_t_q[i])) faw_t_q[i] <= tnow;
      end
      // bank timers: written only by the command that sets them
      if (is_act) begin
        b_open_q[cmd_bank_o]   <= 1'b1;
        b_act_t_q[cmd_bank_o]  <= `DRAM_LATER(b_act_t_q[cmd_bank_o], tnow + TimeW'(Trc));
        b_col_t_q[cmd_bank_o]  <= `DRAM_LATER(b_col_t_q[cmd_bank_o], tnow + TimeW'(Trcd));
        b_pre_t_q[cmd_bank_o]  <= `DRAM_LATER(b_pre_t_q[cmd_bank_o], tnow + TimeW'(Tras));
        b_hits_q[cmd_bank_o]   <= '0;
        b_idle_t_q[cmd_bank_o] <= tnow + IdleT;
        act_any_t_q            <= tnow + TimeW'(Trrd);
        faw_t_q[faw_ptr_q]     <= tnow + TimeW'(Tfaw);
        faw_ptr_q              <= faw_ptr_q + 2'd1;
      end
      if (is_col) begin : col
        // PRE of the bank allowed from col_end (tRTP | CWL+BL+tWR, or a
        // later time already set); with auto-precharge the bank closes then
        logic [TimeW-1:0] col_end;
        col_end = `DRAM_LATER(b_pre_t_q[cmd_bank_o], tnow + (is_rd_cmd ? TimeW'(Trtp) : TimeW'(Twrp)));
        b_pre_t_q[cmd_bank_o]  <= col_end;
        b_hits_q[cmd_bank_o]   <= b_hits_q[cmd_bank_o] + 16'd1;
        b_idle_t_q[cmd_bank_o] <= tnow + IdleT;
        if (is_rd_cmd) begin
          rd_t_q <= `DRAM_LATER(rd_t_q, tnow + TimeW'(Tccd));
          wr_t_q <= `DRAM_LATER(wr_t_q, tnow + RdToWr);
        end else begin
          wr_t_q <= `DRAM_LATER(wr_t_q, tnow + TimeW'(Tccd));
          rd_t_q <= `DRAM_LATER(rd_t_q, tnow + WrToRd);
        end
        if (is_ap) begin
          b_open_q[cmd_bank_o]  <= 1'b0;
          b_act_t_q[cmd_bank_o] <= `DRAM_LATER(b_act_t_q[cmd_bank_o], col_end + TimeW'(Trp));
        end
      end
      if (is_pre || is_prea) begin
        b_open_q <= b_open_q & ~closing;
        for (int unsigned b = 0; b < Banks; b++) begin
          if (closing[b]) begin
            b_act_t_q[b]  <= `DRAM_LATER(b_act_t_q[b], tnow + TimeW'(Trp));
            b_idle_t_q[b] <= tnow + IdleT;
          end
        end
      end
      if (is_ref) begin
        for (int unsigned b = 0; b < Banks; b++) b_act_t_q[b] <= `DRAM_LATER(b_act_t_q[b], tnow + TimeW'(Trfc));
        ref_busy_t_q <= tnow + TimeW'(Trfc);
      end
      q_valid_q   <= q_valid_d;
      q_issued_q  <= q_issued_d;
      q_done_q    <= q_done_d;
      q_acted_q   <= q_acted_d;
      q_preed_q   <= q_preed_d;
      dep_q       <= dep_d;
      if (Refresh != 0) begin
        if (refi_due) refi_t_q <= refi_t_q + TimeW'(Trefi);
        if (refi_due || is_ref) owed_q <= owed_q + 5'(refi_due) - 5'(is_ref);
        ref_mode_q <= ref_go && !is_ref;
      end
      if (is_rd_cmd) rt_tail_q <= rt_tail_q + 1'b1;
      if (rvalid_i)  rt_head_q <= rt_head_q + 1'b1;
      if (wb_ack_o)  head_q    <= head_q + 1'b1;
      if (accept)    tail_q    <= tail_q + 1'b1;
      count_q <= count_q + (QW+1)'(accept) - (QW+1)'(wb_ack_o);
    end
  end

  // Payload flops: written at one place each, no reset needed.
  always_ff @(posedge clk_i) begin
    if (is_act) b_row_q[cmd_bank_o] <= cmd_row_o;
    if (is_rd_cmd) rt_tag_q[rt_tail_q] <= pick;
    if (rvalid_i) q_rdata_q[rt_tag_q[rt_head_q]] <= rdata_i;
    if (accept) begin
      q_we_q[tail_q]    <= wb_we_i;
      q_bank_q[tail_q]  <= in_bank;
      q_row_q[tail_q]   <= in_row;
      q_col_q[tail_q]   <= in_col;
      q_wdata_q[tail_q] <= wb_dat_i;
      q_sel_q[tail_q]   <= wb_sel_i;
      q_t0_q[tail_q]    <= now_q;
    end
  end

  // ---------------------------------------------------------------- events
  assign ev_ack_o       = wb_ack_o;
  assign ev_ack_we_o    = q_we_q[head_q];
  assign ev_lat_o       = wb_ack_o ? now_q - q_t0_q[head_q] : 16'd0;  // read at an ack only
  assign ev_col_o       = is_col;
  assign ev_col_class_o = q_preed_q[pick] ? 2'd2 : q_acted_q[pick] ? 2'd1 : 2'd0;
  assign ev_col_we_o    = is_wr_cmd;
  assign ev_col_bank_o  = cmd_bank_o;
  assign ev_col_bytes_o = 3'(q_sel_q[pick][0]) + 3'(q_sel_q[pick][1]) +
                          3'(q_sel_q[pick][2]) + 3'(q_sel_q[pick][3]);
  assign ev_ref_o       = is_ref;
  assign ev_busy_o      = count_q != '0;
  assign ev_refresh_o   = !`DRAM_REACHED(ref_busy_t_q) || is_ref;
  assign ev_full_o      = wb_stall_o;
  always_comb begin
    ev_act_o = '0;
    ev_pre_o = '0;
    if (is_act || is_pre || is_prea || is_ap) begin
      for (int unsigned b = 0; b < Banks; b++) begin
        ev_act_o[b] = is_act && cmd_bank_o == BankW'(b);
        ev_pre_o[b] = closing[b] || (is_ap && cmd_bank_o == BankW'(b));
      end
    end
    for (int unsigned b = 0; b < Banks; b++) ev_bank_busy_o[b] = b_open_q[b] || !`DRAM_REACHED(b_act_t_q[b]);
  end

`ifndef SYNTHESIS
  initial begin
    assert (QueueDepth >= 2 && (QueueDepth & (QueueDepth - 1)) == 0)
      else $fatal(1, "dram_ctrl: QueueDepth=%0d is not a power of two >= 2", QueueDepth);
    assert (Banks <= 8) else $fatal(1, "dram_ctrl: Banks=%0d > 8 (statistics)", Banks);
  end
  // Immediate assertions (no sampled copies of the signals every cycle).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (accept) assert ((wb_adr_i - Base) < 32'(Banks * Rows * Columns * 4))
        else $error("dram_ctrl: address %08x outside the DRAM", wb_adr_i);
      if (wb_ack_o) assert (q_valid_q[head_q]) else $error("dram_ctrl: ack without a request");
      assert (owed_q <= 5'(MaxPostponed + 1)) else $error("dram_ctrl: %0d REFs owed", owed_q);
    end
  end
`endif

`undef DRAM_REACHED
`undef DRAM_LATER

endmodule
