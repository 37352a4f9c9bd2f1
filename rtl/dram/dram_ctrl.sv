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
// A read whose word the device marks uncorrectable (ECC, rerr_i) is
// answered with err instead of ack, in the same place in the order.
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
//   per group act_g_t (tRRD_L/S), rd_g_t (tCCD_L/S, WR->RD: CWL+BL+tWTR_L/S),
//             wr_g_t (tCCD_L/S, RD->WR): a command to group g sets group
//             g's times with the _L rule and every other group's with _S
//             (DDR4 bank groups; with BankGroups = 1 the _S values only)
//   global    faw_t[4] (tFAW ring), refi_t (tREFI)
//
// Bursts (Wishbone B4 incrementing bursts: cti 010 on every beat but the
// last, 111 on the last, bte 00, consecutive words).  A DRAM column
// command moves a burst of BurstWords columns (BL8: eight 32-bit words),
// aligned to BurstWords columns.  The beats of a bus burst form groups,
// one per aligned block they touch: the first beat of a group (leader)
// is scheduled like any request, and its RD/WR covers the group --
//   RD: the device streams the words from the leader's column to the end
//       of the block, one per core cycle from CL after the RD;
//   WR: issued once the group is complete (its last beat, the block's end,
//       or cyc dropped), the device takes one word per cycle from the WR on.
// A beat joins the open group (follower) if it continues the burst
// (address + 4, same we, cti 010/111, inside the block) and, for a read,
// its word has not yet streamed past; otherwise it leads a new group.  A
// follower is never scheduled itself: word k of a group lands in queue
// slot leader + k (checked by group id and index), so acks of a line read
// on a row hit come at 1 + CL, 2 + CL, ... 8 + CL after the first beat's
// accept edge.  A column command of L words holds the next column command
// max(tCCD, L) cycles (RD->WR max(tRTW, L), WR->RD max(CWL+BL+tWTR, L))
// and its PRE max(tRTP, L) / max(CWL+BL+tWR, L): with L = 1 (classic
// cycles, cti 000) every time is exactly what it was without bursts.
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
  // DDR4 bank groups (bank b in group b mod BankGroups): the _L timings
  // between banks of one group, Tccd/Trrd/Twtr (_S) between groups
  parameter int unsigned BankGroups      = `MMCOSIM_DRAM_BANK_GROUPS,
  parameter int unsigned TccdL = 32'(`MMCOSIM_DRAM_CK_CCD_L), TrrdL = 32'(`MMCOSIM_DRAM_CK_RRD_L), TwtrL = 32'(`MMCOSIM_DRAM_CK_WTR_L),
  parameter int unsigned NarrowTimers    = `MMCOSIM_DRAM_NARROW_TIMERS,
  parameter int unsigned Para            = `MMCOSIM_DRAM_MITIGATION_PARA,
  parameter int unsigned TrrThreshold    = `MMCOSIM_DRAM_MITIGATION_TRR_THRESHOLD,
  parameter int unsigned TrrEntries      = `MMCOSIM_DRAM_MITIGATION_TRR_ENTRIES,
  parameter int unsigned MitRadius       = `MMCOSIM_DRAM_MITIGATION_RADIUS,
  parameter logic [31:0] MitSeed         = `MMCOSIM_DRAM_MITIGATION_SEED,
  // columns per column command: DDR's BL8 (burst = BL/2 data clocks)
  parameter int unsigned BurstWords      = 2 * `MMCOSIM_DRAM_TIMING_BURST,
  localparam int unsigned KW    = $clog2(BurstWords),  // word index in a burst
  localparam int unsigned BankW = $clog2(Banks),
  localparam int unsigned RowW  = $clog2(Rows),
  localparam int unsigned ColW  = $clog2(Columns),
  localparam int unsigned QW    = $clog2(QueueDepth),
  // farthest any timer is set ahead (a safe sum of the rules)
  localparam int unsigned Vmax  = Trefi + Trfc + Trc + Tras + Trp + Trtp + Trcd + Trrd + Tfaw +
                                  Tccd + Trtw + Tcwl + Tburst + Twr + Twtr + AdaptiveIdle + 2 +
                                  TccdL + TrrdL + TwtrL,
  localparam int unsigned G     = BankGroups,
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
  input  logic [2:0]          wb_cti_i,
  input  logic [1:0]          wb_bte_i,   // linear only (bus_wb_checker)
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
  output logic [KW:0]         cmd_len_o,   // words of the RD/WR (1 .. BurstWords)
  input  logic                rvalid_i,
  input  logic [31:0]         rdata_i,
  input  logic                rerr_i,       // ECC: rdata_i uncorrectable (answer with err)
  // events for dram_stats
  output logic                ev_ack_o,
  output logic                ev_ack_we_o,
  output logic [15:0]         ev_lat_o,       // accept edge to ack edge
  output logic                ev_col_o,       // RD/WR issued
  output logic [1:0]          ev_col_class_o, // 0 hit, 1 miss, 2 conflict
  output logic                ev_col_we_o,
  output logic [BankW-1:0]    ev_col_bank_o,
  output logic [2:0]          ev_ack_bytes_o, // bytes of a write acked now
  output logic [Banks-1:0]    ev_act_o,
  output logic [Banks-1:0]    ev_pre_o,       // banks closed (PRE, PREA, auto-precharge)
  output logic                ev_ref_o,
  output logic                ev_busy_o,
  output logic                ev_refresh_o,   // tRFC running
  output logic                ev_full_o,
  output logic [Banks-1:0]    ev_bank_busy_o,
  output logic                ev_para_o,      // RowHammer mitigation ACTs: PARA
  output logic                ev_trr_o,       //   TRR
  output logic                ev_mit_drop_o   //   a mitigation dropped (its FIFO full)
);

  localparam int unsigned Twrp = Tcwl + Tburst + Twr;  // WR to PRE
  localparam int unsigned Twrd = Tcwl + Tburst + Twtr; // WR to RD, other bank group
  // One group (DDR3): every bank pair is "other group", the _S values rule.
  localparam int unsigned TccdS  = Tccd;
  localparam int unsigned TccdG  = G > 1 ? TccdL : Tccd;
  localparam int unsigned TrrdG  = G > 1 ? TrrdL : Trrd;
  localparam int unsigned TwrdG  = Tcwl + Tburst + (G > 1 ? TwtrL : Twtr);  // WR to RD, same group
  localparam int unsigned Q    = QueueDepth;

  // ------------------------------------------------------------- the queue
  logic [Q-1:0]     q_valid_q, q_issued_q, q_done_q, q_we_q, q_acted_q, q_preed_q;
  logic [BankW-1:0] q_bank_q [Q];
  logic [RowW-1:0]  q_row_q [Q];
  logic [ColW-1:0]  q_col_q [Q];
  logic [31:0]      q_wdata_q [Q];
  logic [31:0]      q_rdata_q [Q];
  logic [Q-1:0]     q_rerr_q;          // ECC: the read word came back uncorrectable
  logic [3:0]       q_sel_q [Q];
  logic [15:0]      q_t0_q [Q];
  // bursts: follower (served by its leader's column command), leader of a
  // burst group, group id, word index in the group, beats (leaders)
  localparam int unsigned GW = 8;
  logic [Q-1:0]     q_fol_q, q_lead_q;
  logic [GW-1:0]    q_gid_q [Q];
  logic [KW-1:0]    q_k_q [Q];
  logic [KW:0]      q_len_q [Q];
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

  // Read tags in issue order (reads return in order, CL after RD): the
  // leader's slot, group id and words; rt_k_q counts the words of the head
  // tag come back.  At most Q tags with their leader queued plus one whose
  // leader was acked while its words still stream: 2Q entries.
  logic [QW-1:0]    rt_tag_q [2*Q];
  logic [GW-1:0]    rt_gid_q [2*Q];
  logic [KW:0]      rt_len_q [2*Q];
  logic [QW:0]      rt_head_q, rt_tail_q;
  logic [KW:0]      rt_k_q;

  // The open burst group (the last accepted beat had cti 010 and cyc is
  // still high): where its next beat must come, how many it has, how many
  // words a read has already streamed back, whether its RD/WR went.
  logic             g_open_q, g_we_q, g_issued_q;
  logic [31:0]      g_adr_q;
  logic [GW-1:0]    g_gid_q;
  logic [QW-1:0]    g_lead_q;
  logic [KW:0]      g_k_q, g_n_q, g_deliv_q;

  // Write data of a burst WR: word k from slot ws_slot_q, k cycles after the WR.
  logic [QW-1:0]    ws_slot_q;
  logic [KW:0]      ws_left_q;

  // The bank group of a bank: its low bits (b mod BankGroups).
  localparam int unsigned GrpW = G > 1 ? $clog2(G) : 1;
`define DRAM_GRP(b) (G > 1 ? GrpW'((b) & BankW'(G - 1)) : GrpW'(0))

  // ------------------------------------------------------------ bank state
  logic [Banks-1:0] b_open_q;
  logic [RowW-1:0]  b_row_q [Banks];
  logic [TimeW-1:0] b_act_t_q [Banks];
  logic [TimeW-1:0] b_col_t_q [Banks];
  logic [TimeW-1:0] b_pre_t_q [Banks];
  logic [15:0]      b_hits_q [Banks];
  logic [TimeW-1:0] b_idle_t_q [Banks];
  // per bank group: next ACT (tRRD_L/S), RD (tCCD_L/S, WR->RD) and WR
  // (tCCD_L/S, RD->WR) allowed in that group
  logic [TimeW-1:0] act_g_t_q [G];
  logic [TimeW-1:0] rd_g_t_q [G];
  logic [TimeW-1:0] wr_g_t_q [G];
  logic [TimeW-1:0] refi_t_q, ref_busy_t_q;
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

  logic [Q-1:0] sched;  // waiting requests the scheduler may pick (no followers)
  assign waiting     = q_valid_q & ~q_issued_q;
  assign sched       = waiting & ~q_fol_q;
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
                    `DRAM_REACHED(q_we_q[i] ? wr_g_t_q[`DRAM_GRP(q_bank_q[i])] : rd_g_t_q[`DRAM_GRP(q_bank_q[i])]) &&
                    !(q_we_q[i] && g_open_q && q_gid_q[i] == g_gid_q && g_k_q < g_n_q);
        act_ok[i] = !b_open_q[q_bank_q[i]] && `DRAM_REACHED(b_act_t_q[q_bank_q[i]]) &&
                    `DRAM_REACHED(act_g_t_q[`DRAM_GRP(q_bank_q[i])]) && faw_ok;
        pre_ok[i] = b_open_q[q_bank_q[i]] && !hit[i] && `DRAM_REACHED(b_pre_t_q[q_bank_q[i]]) &&
                    !bank_has_hit[q_bank_q[i]];
      end
    end
  end

  // Bursts: does the beat on the bus join the open group, or lead a new one?
  logic in_burst_beat, deliv_now, in_join, in_lead;
  logic [KW:0] in_n;  // words of a new leader's block from its column on
  assign in_burst_beat = wb_cti_i == 3'b010 || wb_cti_i == 3'b111;
  assign deliv_now     = rvalid_i && rt_gid_q[rt_head_q[QW:0]] == g_gid_q;
  assign in_join = in_burst_beat && g_open_q && wb_we_i == g_we_q && wb_adr_i == g_adr_q &&
                   g_k_q < g_n_q &&
                   (wb_we_i || (g_deliv_q + (KW+1)'(deliv_now)) <= g_k_q);
  assign in_lead = wb_cti_i == 3'b010 && !in_join;
  assign in_n    = (KW+1)'(BurstWords) - (KW+1)'(in_col[KW-1:0]);
  logic unused_bte;
  assign unused_bte = ^wb_bte_i;

  // A new request depends on every waiting request to the same word (a
  // burst leader: to the same block), so it never passes one (keeps
  // read-after-write and write-after-read order); a follower rides on its
  // leader, which already waits for them.
  logic [Q-1:0] in_dep;
  always_comb begin
    in_dep = '0;
    if (accept && !in_join) begin
      for (int unsigned j = 0; j < Q; j++) begin
        in_dep[j] = waiting[j] && q_bank_q[j] == in_bank && q_row_q[j] == in_row &&
                    (in_lead ? q_col_q[j][ColW-1:KW] == in_col[ColW-1:KW] : q_col_q[j] == in_col);
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
        if (!found && sched[ord[k]]) begin
          found = 1'b1;
          pick  = ord[k];
          if (col_ok[ord[k]]) pick_col = 1'b1;
          else if (act_ok[ord[k]] || (b_open_q[q_bank_q[ord[k]]] && !hit[ord[k]] &&
                                      `DRAM_REACHED(b_pre_t_q[q_bank_q[ord[k]]]))) pick_row = 1'b1;
        end
      end
    end else begin
      for (int unsigned k = 0; k < Q; k++) begin
        if (!pick_col && sched[ord[k]] && !blocked[ord[k]] && col_ok[ord[k]]) begin
          pick_col = 1'b1;
          pick     = ord[k];
        end
      end
      for (int unsigned k = 0; k < Q; k++) begin
        if (!pick_col && !pick_row && sched[ord[k]] && !blocked[ord[k]] &&
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

  // RowHammer mitigations (dram_mitig): the wanted ACT goes after refresh,
  // before every request, once its bank is closed and may activate.
  logic             mit_want, mit_go;
  logic [BankW-1:0] mit_bank;
  logic [RowW-1:0]  mit_row;
  assign mit_go = mit_want && !ref_go && !b_open_q[mit_bank] && `DRAM_REACHED(b_act_t_q[mit_bank]) &&
                  `DRAM_REACHED(act_g_t_q[`DRAM_GRP(mit_bank)]) && faw_ok;

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
    end else if (mit_go) begin
      cmd        = dram_pkg::CmdAct;
      cmd_bank_o = mit_bank;
      cmd_row_o  = mit_row;
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

  // Words of the picked column command: a write group's beats, the rest
  // of a read leader's block, 1 for a classic request.
  logic [KW:0] pick_len;
  assign pick_len = q_we_q[pick] ? q_len_q[pick] :
                    q_lead_q[pick] ? (KW+1)'(BurstWords) - (KW+1)'(q_col_q[pick][KW-1:0]) :
                    (KW+1)'(1);

  assign cmd_o       = cmd;
  assign cmd_len_o   = pick_len;
  assign cmd_wdata_o = ws_left_q != '0 ? q_wdata_q[ws_slot_q] : q_wdata_q[pick];
  assign cmd_wbe_o   = ws_left_q != '0 ? q_sel_q[ws_slot_q] : q_sel_q[pick];

  // ----------------------------------------------------------- responses
  logic is_act, is_col, is_rd_cmd, is_wr_cmd, is_ap, is_pre, is_prea, is_ref;
  logic rd_match, ack_rd, ack_wr, resp, resp_err;
  logic [QW-1:0] rd_slot;  // queue slot of the word coming back

  assign is_act    = cmd == dram_pkg::CmdAct;
  assign is_rd_cmd = cmd == dram_pkg::CmdRd || cmd == dram_pkg::CmdRda;
  assign is_wr_cmd = cmd == dram_pkg::CmdWr || cmd == dram_pkg::CmdWra;
  assign is_col    = is_rd_cmd || is_wr_cmd;
  assign is_ap     = cmd == dram_pkg::CmdRda || cmd == dram_pkg::CmdWra;
  assign is_pre    = cmd == dram_pkg::CmdPre;
  assign is_prea   = cmd == dram_pkg::CmdPrea;
  assign is_ref    = cmd == dram_pkg::CmdRef;

  dram_mitig #(
    .Banks (Banks), .Rows (Rows), .Para (Para), .TrrThreshold (TrrThreshold),
    .TrrEntries (TrrEntries), .Radius (MitRadius), .Seed (MitSeed)
  ) u_mitig (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .act_i     (is_act),
    .close_i   (is_pre || is_ap),
    .bank_i    (cmd_bank_o),
    .row_i     (is_act ? cmd_row_o : b_row_q[cmd_bank_o]),
    .taken_i   (mit_go),
    .want_o    (mit_want),
    .bank_o    (mit_bank),
    .row_o     (mit_row),
    .ev_para_o (ev_para_o),
    .ev_trr_o  (ev_trr_o),
    .dropped_o (ev_mit_drop_o)
  );

  // Word rt_k_q of the head read tag belongs to slot leader + rt_k_q if
  // that slot holds the group's beat rt_k_q (it may not have come yet).
  assign rd_slot  = QW'(rt_tag_q[rt_head_q[QW:0]] + QW'(rt_k_q));
  assign rd_match = q_valid_q[rd_slot] && q_gid_q[rd_slot] == rt_gid_q[rt_head_q[QW:0]] &&
                    32'(q_k_q[rd_slot]) == 32'(rt_k_q);
  assign ack_rd   = rvalid_i && rd_match && rd_slot == head_q;
  assign ack_wr   = is_wr_cmd && pick == head_q;
  // The head request is answered (resp): with ack, or with err when its
  // read word came back uncorrectable (ECC, rerr_i).
  assign resp     = q_valid_q[head_q] && (q_done_q[head_q] || ack_rd || ack_wr);
  assign resp_err = ack_rd ? rerr_i : q_rerr_q[head_q];
  assign wb_ack_o = resp && !resp_err;
  assign wb_err_o = resp && resp_err;
  assign wb_dat_o = !resp ? 32'd0 : ack_rd ? rdata_i : q_rdata_q[head_q];

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
  localparam int unsigned RdToWrGC = Trtw > TccdG ? Trtw : TccdG;
  localparam int unsigned WrToRdGC = TwrdG > TccdG ? TwrdG : TccdG;
  localparam logic [TimeW-1:0] RdToWrG = TimeW'(RdToWrGC);
  localparam logic [TimeW-1:0] WrToRdG = TimeW'(WrToRdGC);
  // the later of a rule and the command's own words (a burst's data)
`define DRAM_MAXL(v) (TimeW'(pick_len) > TimeW'(v) ? TimeW'(pick_len) : TimeW'(v))
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
  logic [Q-1:0] q_valid_d, q_issued_d, q_done_d, tail_1h, head_1h, rt_1h, grp_1h;
  logic [Q*Q-1:0] dep_d;
  assign tail_1h = Q'(1) << tail_q;
  assign head_1h = Q'(1) << head_q;
  assign rt_1h   = rd_match ? Q'(1) << rd_slot : '0;
  // the picked request and the beats of its group now in the queue
  logic g_issued_now;  // the open group's RD/WR has gone (or goes now)
  assign g_issued_now = g_issued_q || (is_col && q_gid_q[pick] == g_gid_q);
  always_comb begin
    grp_1h = '0;
    if (is_col) begin
      for (int unsigned i = 0; i < Q; i++)
        grp_1h[i] = q_valid_q[i] && q_gid_q[i] == q_gid_q[pick];
    end
  end

  always_comb begin
    q_valid_d  = q_valid_q;
    q_issued_d = q_issued_q;
    q_done_d   = q_done_q;
    q_acted_d  = q_acted_q | (waiting & acting);
    q_preed_d  = q_preed_q | (waiting & closed_under);
    dep_d      = dep_q;
    if (is_col) begin
      q_issued_d = q_issued_d | grp_1h;
      if (is_wr_cmd) q_done_d = q_done_d | grp_1h;
      for (int unsigned i = 0; i < Q; i++) dep_d[i*Q +: Q] = dep_d[i*Q +: Q] & ~grp_1h;
    end
    if (rvalid_i) q_done_d = q_done_d | rt_1h;
    if (resp) q_valid_d = q_valid_d & ~head_1h;
    if (accept) begin
      q_valid_d  = q_valid_d | tail_1h;
      // a follower of a read group whose RD went: waits for its word only
      q_issued_d = (in_join && g_issued_now) ? q_issued_d | tail_1h : q_issued_d & ~tail_1h;
      q_done_d   = q_done_d & ~tail_1h;
      q_acted_d  = q_acted_d & ~tail_1h;
      q_preed_d  = q_preed_d & ~tail_1h;
      dep_d[tail_q*Q +: Q] = in_dep & ~grp_1h;
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
      rt_k_q     <= '0;
      q_fol_q    <= '0;
      q_lead_q   <= '0;
      g_open_q   <= 1'b0;
      g_issued_q <= 1'b0;
      g_gid_q    <= '0;
      g_k_q      <= '0;
      g_n_q      <= '0;
      g_deliv_q  <= '0;
      ws_left_q  <= '0;
      b_open_q   <= '0;
      for (int unsigned b = 0; b < Banks; b++) begin
        b_act_t_q[b]  <= '0;
        b_col_t_q[b]  <= '0;
        b_pre_t_q[b]  <= '0;
        b_hits_q[b]   <= '0;
        b_idle_t_q[b] <= TimeW'(AdaptiveIdle);
      end
      for (int unsigned g = 0; g < G; g++) begin
        act_g_t_q[g] <= '0;
        rd_g_t_q[g]  <= '0;
        wr_g_t_q[g]  <= '0;
      end
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
        for (int unsigned g = 0; g < G; g++) begin
          if (`DRAM_REACHED(act_g_t_q[g])) act_g_t_q[g] <= tnow;
          if (`DRAM_REACHED(rd_g_t_q[g]))  rd_g_t_q[g]  <= tnow;
          if (`DRAM_REACHED(wr_g_t_q[g]))  wr_g_t_q[g]  <= tnow;
        end
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
        for (int unsigned g = 0; g < G; g++)
          act_g_t_q[g] <= `DRAM_LATER(act_g_t_q[g], tnow + (`DRAM_GRP(cmd_bank_o) == GrpW'(g) ? TimeW'(TrrdG) : TimeW'(Trrd)));
        faw_t_q[faw_ptr_q]     <= tnow + TimeW'(Tfaw);
        faw_ptr_q              <= faw_ptr_q + 2'd1;
      end
      if (is_col) begin : col
        // PRE of the bank allowed from col_end (tRTP | CWL+BL+tWR, or a
        // later time already set); with auto-precharge the bank closes then
        logic [TimeW-1:0] col_end;
        col_end = `DRAM_LATER(b_pre_t_q[cmd_bank_o], tnow + (is_rd_cmd ? `DRAM_MAXL(Trtp) : `DRAM_MAXL(Twrp)));
        b_pre_t_q[cmd_bank_o]  <= col_end;
        b_hits_q[cmd_bank_o]   <= b_hits_q[cmd_bank_o] + 16'd1;
        b_idle_t_q[cmd_bank_o] <= tnow + IdleT;
        // same bank group: the _L rules, another group: the _S rules
        for (int unsigned g = 0; g < G; g++) begin : grp_t
          logic             same;
          logic [TimeW-1:0] ccd_v, rtw_v, wtr_v;
          same  = `DRAM_GRP(cmd_bank_o) == GrpW'(g);
          ccd_v = same ? TimeW'(TccdG) : TimeW'(TccdS);
          rtw_v = same ? RdToWrG : RdToWr;
          wtr_v = same ? WrToRdG : WrToRd;
          if (is_rd_cmd) begin
            rd_g_t_q[g] <= `DRAM_LATER(rd_g_t_q[g], tnow + `DRAM_MAXL(ccd_v));
            wr_g_t_q[g] <= `DRAM_LATER(wr_g_t_q[g], tnow + `DRAM_MAXL(rtw_v));
          end else begin
            wr_g_t_q[g] <= `DRAM_LATER(wr_g_t_q[g], tnow + `DRAM_MAXL(ccd_v));
            rd_g_t_q[g] <= `DRAM_LATER(rd_g_t_q[g], tnow + `DRAM_MAXL(wtr_v));
          end
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
      if (rvalid_i) begin  // next word of the head tag; pop it after its last
        if (rt_k_q + (KW+1)'(1) == rt_len_q[rt_head_q[QW:0]]) begin
          rt_head_q <= rt_head_q + 1'b1;
          rt_k_q    <= '0;
        end else begin
          rt_k_q <= rt_k_q + (KW+1)'(1);
        end
      end
      // the write data of a burst WR, one word per cycle
      if (is_wr_cmd)              ws_left_q <= pick_len - (KW+1)'(1);
      else if (ws_left_q != '0)   ws_left_q <= ws_left_q - (KW+1)'(1);
      if (is_wr_cmd)              ws_slot_q <= pick + QW'(1);
      else if (ws_left_q != '0)   ws_slot_q <= ws_slot_q + QW'(1);
      // the open burst group
      if (accept) begin
        if (!in_join) g_gid_q <= g_gid_q + GW'(1);
      end
      g_open_q <= wb_cyc_i && (accept ? wb_cti_i == 3'b010 : g_open_q);
      if (accept && !in_join) begin
        g_lead_q   <= tail_q;
        g_k_q      <= (KW+1)'(1);
        g_n_q      <= in_lead ? in_n : (KW+1)'(1);
        g_deliv_q  <= '0;
        g_issued_q <= 1'b0;
      end else begin
        if (accept) g_k_q <= g_k_q + (KW+1)'(1);
        if (deliv_now) g_deliv_q <= g_deliv_q + (KW+1)'(1);
        if (is_col && q_gid_q[pick] == g_gid_q) g_issued_q <= 1'b1;
      end
      if (accept) begin
        q_fol_q[tail_q]  <= in_join;
        q_lead_q[tail_q] <= in_lead;
      end
      if (resp)      head_q    <= head_q + 1'b1;
      if (accept)    tail_q    <= tail_q + 1'b1;
      count_q <= count_q + (QW+1)'(accept) - (QW+1)'(resp);
    end
  end

  // Payload flops: written at one place each, no reset needed.
  always_ff @(posedge clk_i) begin
    if (is_act) b_row_q[cmd_bank_o] <= cmd_row_o;
    if (is_rd_cmd) begin
      rt_tag_q[rt_tail_q[QW:0]] <= pick;
      rt_gid_q[rt_tail_q[QW:0]] <= q_gid_q[pick];
      rt_len_q[rt_tail_q[QW:0]] <= pick_len;
    end
    if (accept) q_rerr_q[tail_q] <= 1'b0;
    if (rvalid_i && rd_match) begin
      q_rdata_q[rd_slot] <= rdata_i;
      q_rerr_q[rd_slot]  <= rerr_i;
    end
    if (accept) begin
      q_we_q[tail_q]    <= wb_we_i;
      q_bank_q[tail_q]  <= in_bank;
      q_row_q[tail_q]   <= in_row;
      q_col_q[tail_q]   <= in_col;
      q_wdata_q[tail_q] <= wb_dat_i;
      q_sel_q[tail_q]   <= wb_sel_i;
      q_t0_q[tail_q]    <= now_q;
      q_gid_q[tail_q]   <= in_join ? g_gid_q : g_gid_q + GW'(1);
      q_k_q[tail_q]     <= in_join ? KW'(g_k_q) : '0;
      q_len_q[tail_q]   <= (KW+1)'(1);
    end
    if (accept && in_join) q_len_q[g_lead_q] <= g_k_q + (KW+1)'(1);
    if (accept) begin  // where the next beat of a burst must come
      g_adr_q <= wb_adr_i + 32'd4;
      g_we_q  <= wb_we_i;
    end
  end

  // ---------------------------------------------------------------- events
  assign ev_ack_o       = resp;
  assign ev_ack_we_o    = q_we_q[head_q];
  assign ev_lat_o       = resp ? now_q - q_t0_q[head_q] : 16'd0;  // read at an ack only
  assign ev_col_o       = is_col;
  assign ev_col_class_o = q_preed_q[pick] ? 2'd2 : q_acted_q[pick] ? 2'd1 : 2'd0;
  assign ev_col_we_o    = is_wr_cmd;
  assign ev_col_bank_o  = cmd_bank_o;
  assign ev_ack_bytes_o = 3'(q_sel_q[head_q][0]) + 3'(q_sel_q[head_q][1]) +
                          3'(q_sel_q[head_q][2]) + 3'(q_sel_q[head_q][3]);
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
    assert (BankGroups >= 1 && (BankGroups & (BankGroups - 1)) == 0 && Banks % BankGroups == 0)
      else $fatal(1, "dram_ctrl: BankGroups=%0d is not a power of two dividing Banks=%0d", BankGroups, Banks);
    assert (BurstWords >= 2 && (BurstWords & (BurstWords - 1)) == 0 && BurstWords <= Columns)
      else $fatal(1, "dram_ctrl: BurstWords=%0d is not a power of two in 2..Columns", BurstWords);
  end
  // Immediate assertions (no sampled copies of the signals every cycle).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (accept) assert ((wb_adr_i - Base) < 32'(Banks * Rows * Columns * 4))
        else $error("dram_ctrl: address %08x outside the DRAM", wb_adr_i);
      if (resp) assert (q_valid_q[head_q]) else $error("dram_ctrl: ack without a request");
      assert (owed_q <= 5'(MaxPostponed + 1)) else $error("dram_ctrl: %0d REFs owed", owed_q);
      assert (!(is_col && ws_left_q != '0)) else $error("dram_ctrl: column command inside a write burst");
    end
  end
`endif

`undef DRAM_REACHED
`undef DRAM_LATER
`undef DRAM_MAXL
`undef DRAM_GRP

endmodule
