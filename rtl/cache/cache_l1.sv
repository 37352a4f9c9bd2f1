// cache_l1: an L1 cache between one physical CPU port (after the MMU) and
// a Wishbone B4 master.  WriteBack = 1 is the D-cache (write-back,
// write-allocate, dirty victims written back, a second requester: the
// page-table walker); WriteBack = 0 is the I-cache (read-only, invalidated
// whole by FENCE.I).  Blocking: one miss at a time.
//
// Address split (physical; Sets * LineBytes = one way <= 4 KiB page, so the
// set index and offset are the same bits in the virtual address: the TLB
// lookup and an index-only array read could overlap, config/gen.py refuses
// bigger ways):
//
//   31            OffW+SetW  OffW+SetW-1    OffW  OffW-1   2  1  0
//  +--------------------------+------------------+-----------+-----+
//  |           tag            |       set        |   word    | byte|
//  +--------------------------+------------------+-----------+-----+
//
// Arrays: per way a data RAM (Sets*Words x 32, byte enables) and a tag RAM
// (Sets x TagW), both synchronous read (cache_ram: block RAM); valid and
// dirty bits and the per-set pseudo-LRU bits (cache_plru) in flops, so that
// FENCE.I and a flush can clear them without walking the RAMs.
//
// Request handshake (preq_*): valid/ready, ready = idle (never combinational
// from the bus).  The arrays are read at the accept edge E1; the lookup
// compares at E1..E2 and a hit answers in that cycle: rsp_valid_o is
// sampled at E2 (hit latency 1 from accept).  A store hit writes the data
// RAM at E2.  A miss:
//
//   StLookup ─miss, victim dirty─▶ StWriteback ─▶ StFill ─▶ StReplay ─▶ StLookup (hit)
//            └─miss, victim clean────────────────▲
//
// costs Words beats of write-back (dirty victim), Words beats of fill, and
// two cycles (the replay re-reads the arrays; the lookup then hits).
// Uncached requests (outside the DRAM window, or the tohost line, see
// below) go out as one Wishbone single access: StUncached -> StUncachedWait,
// answered in the cycle of the ack/err, like bus_cpu_master but one cycle
// later (the request is registered first).
//
// Bursts: fill and write-back are Wishbone B4 incrementing bursts (cti
// 3'b010, last beat 3'b111, bte 2'b00 linear), cyc held from the first beat
// to the last ack (write-back and fill back to back in one cyc).  Each beat
// is also a complete pipelined single request (adr, we, sel per beat), so a
// slave that ignores cti serves it as single accesses.  Beats are presented
// back to back, one every cycle the bus does not stall, without waiting for
// acks (up to Words in flight): the DRAM controller groups a write burst's
// beats until its 111 beat before it acks any, so a master that waited for
// each ack would never finish a line.
//
//   edge      a    a+1  a+2 ...  a+W-1      ...  f    f+1 ... f+W-1
//   stb/adr   B0   B1   B2  ...  B(W-1) 111
//   ack                                          A0   A1  ... A(W-1)  (row hit: one per cycle)
//
// Walker port (WriteBack = 1): the page-table walker's Wishbone master
// (wk_*) is served by the D-cache like a CPU request, from Idle, before the
// CPU's: its PTE reads see the CPU's latest stores, its Svadu A/D writes
// land in the cached line, and while it holds wk_lock_i the CPU port is not
// accepted, so the walker's read and write of a compare-and-set are
// indivisible with respect to CPU stores and AMOs.  Symmetrically, while
// the CPU holds cpu_lock_i (an AMO between its read and its write half) the
// walker is not accepted, so an AMO on a PTE and a Svadu update of it never
// interleave.
//
// Flush (flush_req_i held until flush_done_o): visits every set; writes
// back every dirty line (clean); with flush_inval_i also clears every valid
// bit (clean + invalidate).  FENCE.I cleans the D-cache (so that the
// I-cache's next fills see the stores) and inval_all_i empties the I-cache.
//
// Cache-block operations (Zicbom, Zicboz; size = SizeBlock on the CPU
// port, the address aligned to the line): kind Load with wdata = CboInval,
// CboClean or CboFlush, kind Store = cbo.zero.  On a cacheable address:
//
//   op      hit, dirty                     hit, clean      miss
//   clean   write the line back, keep it   -               -
//   flush   write back, then invalidate    invalidate      -
//   inval   invalidate (data dropped)      invalidate      -
//   zero    zero the line, dirty           zero, dirty     allocate without a fill
//                                                          (dirty victim written back first)
//
// StZero writes one word of zeros per cycle.  On an MMIO window (or the
// uncached tohost line) the management ops do nothing (no line can hold
// it) and cbo.zero answers an access fault (no block writes there); a hole
// answers the access fault of the request's kind.  Neither reaches the bus.
//
// HTIF (tohost_line_i): the line holding the ELF's tohost word is uncached,
// so writes to it reach the bus and its snoop.  A store to that line first
// cleans and invalidates the whole D-cache, so that the host, which reads
// the magic-memory block and writes its answer through the memory backdoor,
// finds memory current and the CPU then reads the answer from memory.
`include "mmcosim_cfg.svh"

module cache_l1 #(
  parameter int unsigned Size       = 16384,
  parameter int unsigned Ways       = 4,
  parameter int unsigned LineBytes  = 32,
  parameter int unsigned WriteBack  = 1,
  parameter logic [31:0] DramBase   = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize   = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter logic [31:0] ClintBase  = `MMCOSIM_MEMORY_MAP_CLINT_BASE,
  parameter logic [31:0] ClintSize  = `MMCOSIM_MEMORY_MAP_CLINT_SIZE,
  parameter logic [31:0] UartBase   = `MMCOSIM_MEMORY_MAP_UART_BASE,
  parameter logic [31:0] UartSize   = `MMCOSIM_MEMORY_MAP_UART_SIZE,
  parameter logic [31:0] SimctlBase = `MMCOSIM_MEMORY_MAP_SIMCTL_BASE,
  parameter logic [31:0] SimctlSize = `MMCOSIM_MEMORY_MAP_SIMCTL_SIZE,
  parameter int unsigned FirstEvent = 1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // physical request from the MMU
  input  logic        preq_valid_i,
  output logic        preq_ready_o,
  input  logic [31:0] preq_addr_i,
  input  logic [2:0]  preq_kind_i,
  input  logic [1:0]  preq_size_i,
  input  logic        preq_we_i,
  input  logic [31:0] preq_wdata_i,
  output logic        rsp_valid_o,
  output logic [31:0] rsp_rdata_o,
  output logic        rsp_fault_o,
  output logic [4:0]  rsp_cause_o,
  // walker port (Wishbone slave; WriteBack = 1 only, tie off otherwise)
  input  logic        wk_cyc_i,
  input  logic        wk_stb_i,
  input  logic [31:0] wk_adr_i,
  input  logic        wk_we_i,
  input  logic [3:0]  wk_sel_i,
  input  logic [31:0] wk_dat_i,
  input  logic        wk_lock_i,
  input  logic        cpu_lock_i,     // CPU AMO between its read and write: walker waits
  output logic        wk_stall_o,
  output logic        wk_ack_o,
  output logic        wk_err_o,
  output logic [31:0] wk_dat_o,
  // maintenance
  input  logic        flush_req_i,    // held until flush_done_o
  input  logic        flush_inval_i,  // with flush_req_i: also invalidate
  output logic        flush_done_o,   // one-cycle pulse
  input  logic        inval_all_i,    // one-cycle pulse, only while idle
  input  logic [31:0] tohost_line_i,  // tohost address (0 = none)
  // Wishbone master
  output logic        wb_cyc_o,
  output logic        wb_stb_o,
  output logic [31:0] wb_adr_o,
  output logic        wb_we_o,
  output logic [3:0]  wb_sel_o,
  output logic [31:0] wb_dat_o,
  output logic [2:0]  wb_cti_o,
  output logic [1:0]  wb_bte_o,
  input  logic        wb_stall_i,
  input  logic        wb_ack_i,
  input  logic        wb_err_i,
  input  logic [31:0] wb_dat_i
);

  localparam int unsigned Words = LineBytes / 4;
  localparam int unsigned Sets  = Size / (Ways * LineBytes);
  localparam int unsigned OffW  = $clog2(LineBytes);
  localparam int unsigned WordW = $clog2(Words);
  localparam int unsigned SetW  = $clog2(Sets);
  localparam int unsigned TagW  = 32 - OffW - SetW;
  localparam int unsigned WayW  = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned DAddrW = SetW + WordW;

  localparam logic [2:0] CtiClassic = 3'b000;
  localparam logic [2:0] CtiIncr    = 3'b010;
  localparam logic [2:0] CtiEnd     = 3'b111;

  typedef enum logic [3:0] {
    StIdle,          // ready for a CPU or walker request, or a flush
    StLookup,        // arrays read: compare tags, answer a hit
    StWriteback,     // burst write of the dirty victim line
    StFill,          // burst read of the missing line into the victim way
    StReplay,        // re-read the arrays for the request after its fill
    StUncached,      // single access on the bus: request phase
    StUncachedWait,  // single access: waiting for ack/err
    StFlushRead,     // flush: read the tags of set flush_set_q
    StFlushCheck,    // flush: write back the set's dirty ways, then next set
    StZero,          // cbo.zero: one word of zeros per cycle into way victim_q
    StCboAnswer      // cbo on an uncached address: answer (fault or nothing)
  } state_e;

  // ------------------------------------------------------------ request
  state_e            state_q, state_d;
  logic [31:0]       addr_q, wdata_q;
  logic [3:0]        be_q;
  logic              we_q, walker_q, replay_q, err_q, flushing_q, after_flush_q;
  logic [4:0]        cause_q;
  logic [WayW-1:0]   victim_q, victim_d;
  logic [TagW-1:0]   wb_tag_q, wb_tag_d;
  logic [WordW:0]    issued_q, issued_d, acked_q, acked_d;
  logic [SetW-1:0]   flush_set_q, flush_set_d;
  logic              flush_inval_q;
  logic              miss_q, miss_d;
  logic              cbo_q, cbo_fault_q;  // request is a cbo.*; its uncached answer
  logic [2:0]        cbo_op_q;

  logic        take_wk, take_cpu, accept;
  logic [31:0] in_addr, in_wdata;
  logic [3:0]  in_be, cpu_be;
  logic        in_we, in_cacheable, in_tohost, in_flush_first, in_cbo, in_mmio;
  logic [2:0]  in_cbo_op;
  logic [4:0]  cpu_cause;


  always_comb begin
    unique case (preq_size_i)
      mem_pkg::SizeByte: cpu_be = 4'b0001 << preq_addr_i[1:0];
      mem_pkg::SizeHalf: cpu_be = preq_addr_i[1] ? 4'b1100 : 4'b0011;
      default:           cpu_be = 4'b1111;
    endcase
    unique case (preq_kind_i)
      mem_pkg::KindFetch:                 cpu_cause = mem_pkg::CauseFetchAccess;
      mem_pkg::KindLoad, mem_pkg::KindLr: cpu_cause = mem_pkg::CauseLoadAccess;
      default:                            cpu_cause = mem_pkg::CauseStoreAccess;
    endcase
  end

  // The walker first (it holds a CPU request up in the MMU); while it holds
  // the lock between its compare-and-set read and write, only it is served.
  logic idle, lock_hold;
  assign idle      = (state_q == StIdle) && !flush_req_i;
  assign lock_hold = (WriteBack != 0) && wk_lock_i;
  assign take_wk   = (WriteBack != 0) && idle && wk_cyc_i && wk_stb_i && !cpu_lock_i;
  assign take_cpu  = idle && !take_wk && !lock_hold && preq_valid_i;
  assign accept    = take_wk || take_cpu;
  assign preq_ready_o = idle && !take_wk && !lock_hold;
  assign wk_stall_o   = !take_wk;

  assign in_addr      = take_wk ? wk_adr_i :
                        (preq_kind_i == mem_pkg::KindFetch) ? {preq_addr_i[31:2], 2'b00} : preq_addr_i;
  assign in_wdata     = take_wk ? wk_dat_i : preq_wdata_i;
  assign in_be        = take_wk ? wk_sel_i : cpu_be;
  assign in_we        = take_wk ? wk_we_i  : preq_we_i;
  // The tohost line: uncached (its writes reach the bus and the HTIF snoop).
  assign in_tohost    = tohost_line_i != 32'd0 && in_addr[31:OffW] == tohost_line_i[31:OffW];
  assign in_cacheable = in_addr >= DramBase && (in_addr - DramBase) < DramSize && !in_tohost;
  assign in_mmio      = ((in_addr - ClintBase) < ClintSize) || ((in_addr - UartBase) < UartSize) ||
                        ((in_addr - SimctlBase) < SimctlSize);
  // A cache-block operation (CPU port only; the D-cache).
  assign in_cbo       = (WriteBack != 0) && !take_wk && preq_size_i == mem_pkg::SizeBlock;
  assign in_cbo_op    = preq_we_i ? mem_pkg::CboZero : preq_wdata_i[2:0];
  // A store to the tohost line cleans and invalidates the D-cache first.
  assign in_flush_first = (WriteBack != 0) && in_tohost && in_we && !in_cbo;

  // -------------------------------------------------------------- arrays
  logic [SetW-1:0]  rd_set, req_set;
  logic [WordW-1:0] rd_word, req_word;
  logic             rd_en;
  logic [TagW-1:0]  req_tag;
  logic [Ways*32-1:0]   data_rdata;  // way w: [w*32 +: 32]
  logic [Ways*TagW-1:0] tag_rdata;   // way w: [w*TagW +: TagW]
  logic             data_we, tag_we;
  logic [DAddrW-1:0] data_waddr;
  logic [3:0]       data_be;
  logic [31:0]      data_wdata;
  logic [WayW-1:0]  wr_way;

  // The debugger's names of the arrays (cache_ram DebugId, decoded by
  // bench/sim/top.cc): bit 10 D-cache, bits 9:8 the array (0 data, 1 tag,
  // 2 this cache's valid bits), bits 7:0 the way (the way count for 2).
  localparam int unsigned DebugCache = (WriteBack != 0) ? 32'h400 : 32'h0;
  localparam int unsigned DebugData  = 32'h000;
  localparam int unsigned DebugTag   = 32'h100;
  localparam int unsigned DebugValid = 32'h200;

  // One vector each (FENCE.I and reset clear them in one assignment; Yosys
  // takes no packed 2-D arrays): set s owns bits [s*Ways +: Ways].
  logic [Sets*Ways-1:0] valid_q, dirty_q;

  assign req_set  = addr_q[OffW +: SetW];
  assign req_word = addr_q[2 +: WordW];
  assign req_tag  = addr_q[31 -: TagW];

  for (genvar w = 0; w < Ways; w++) begin : g_way
    cache_ram #(
      .Depth   (Sets * Words),
      .Width   (32),
      .Bytes   (4),
      .DebugId (DebugCache | DebugData | w)
    ) u_data (
      .clk_i   (clk_i),
      .re_i    (rd_en),
      .raddr_i ({rd_set, rd_word}),
      .rdata_o (data_rdata[w*32 +: 32]),
      .we_i    (data_we && wr_way == WayW'(w)),
      .waddr_i (data_waddr),
      .be_i    (data_be),
      .wdata_i (data_wdata)
    );
    cache_ram #(
      .Depth   (Sets),
      .Width   (TagW),
      .Bytes   (1),
      .DebugId (DebugCache | DebugTag | w)
    ) u_tag (
      .clk_i   (clk_i),
      .re_i    (rd_en),
      .raddr_i (rd_set),
      .rdata_o (tag_rdata[w*TagW +: TagW]),
      .we_i    (tag_we && victim_q == WayW'(w)),
      .waddr_i (req_set),
      .be_i    (1'b1),
      .wdata_i (req_tag)
    );
  end

  // Lookup: hit vector of the set read at the accept edge.
  logic [Ways-1:0] hit_vec, set_valid, set_dirty;
  logic            hit;
  logic [WayW-1:0] hit_way, plru_victim, first_invalid;
  logic [31:0]     hit_data;
  logic            any_invalid;

  logic [SetW-1:0] look_set;
  assign look_set  = (state_q == StFlushCheck) ? flush_set_q : req_set;
  assign set_valid = valid_q[32'(look_set)*Ways +: Ways];
  assign set_dirty = dirty_q[32'(look_set)*Ways +: Ways];

  always_comb begin
    hit_vec       = '0;
    hit_way       = '0;
    hit_data      = '0;
    first_invalid = '0;
    any_invalid   = 1'b0;
    if (state_q == StLookup) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        hit_vec[w] = set_valid[w] && tag_rdata[w*TagW +: TagW] == req_tag;
        if (hit_vec[w]) begin
          hit_way  = hit_way | WayW'(w);
          hit_data = hit_data | data_rdata[w*32 +: 32];
        end
      end
      for (int w = Ways - 1; w >= 0; w--) begin
        if (!set_valid[w]) begin
          first_invalid = WayW'(w);
          any_invalid   = 1'b1;
        end
      end
    end
  end
  assign hit = |hit_vec;

  logic plru_touch;
  cache_plru #(
    .Ways (Ways),
    .Sets (Sets)
  ) u_plru (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .set_i       (req_set),
    .victim_o    (plru_victim),
    .touch_i     (plru_touch),
    .touch_set_i (req_set),
    .touch_way_i (hit_way)
  );

  // Flush: the lowest dirty way of the set being flushed.
  logic [WayW-1:0] flush_way;
  logic            flush_dirty;
  always_comb begin
    flush_way   = '0;
    flush_dirty = 1'b0;
    if (state_q == StFlushCheck) begin
      for (int w = Ways - 1; w >= 0; w--) begin
        if (set_valid[w] && set_dirty[w]) begin
          flush_way   = WayW'(w);
          flush_dirty = 1'b1;
        end
      end
    end
  end

  // ---------------------------------------------------------------- bus
  logic bus_done, beat_accept, can_issue, last_ack;
  logic [SetW-1:0] line_set;
  assign bus_done    = wb_ack_i || wb_err_i;
  assign beat_accept = wb_stb_o && !wb_stall_i;
  assign can_issue   = issued_q != (WordW+1)'(Words);
  assign last_ack    = bus_done && acked_q == (WordW+1)'(Words - 1);
  assign line_set    = flushing_q ? flush_set_q : req_set;

  always_comb begin
    wb_cyc_o = 1'b0;
    wb_stb_o = 1'b0;
    wb_adr_o = '0;
    wb_we_o  = 1'b0;
    wb_sel_o = 4'b1111;
    wb_dat_o = '0;
    wb_cti_o = CtiClassic;
    wb_bte_o = 2'b00;  // linear
    unique case (state_q)
      StWriteback: begin
        wb_cyc_o = 1'b1;
        wb_stb_o = can_issue;
        wb_we_o  = 1'b1;
        wb_adr_o = {wb_tag_q, line_set, issued_q[WordW-1:0], 2'b00};
        wb_dat_o = data_rdata[32'(victim_q)*32 +: 32];
        wb_cti_o = (issued_q == (WordW+1)'(Words - 1)) ? CtiEnd : CtiIncr;
      end
      StFill: begin
        wb_cyc_o = 1'b1;
        wb_stb_o = can_issue;
        wb_adr_o = {req_tag, req_set, issued_q[WordW-1:0], 2'b00};
        wb_cti_o = (issued_q == (WordW+1)'(Words - 1)) ? CtiEnd : CtiIncr;
      end
      StUncached: begin
        wb_cyc_o = 1'b1;
        wb_stb_o = 1'b1;
        wb_we_o  = we_q;
        wb_adr_o = addr_q;
        wb_sel_o = be_q;
        wb_dat_o = wdata_q;
      end
      StUncachedWait: wb_cyc_o = 1'b1;
      default: ;
    endcase
  end

  // ---------------------------------------------------------------- FSM
  logic       done_rsp, done_fault;
  logic [31:0] done_rdata;
  logic       valid_set, valid_clr_line, dirty_set, dirty_clr, flush_clear_set, inval_now;
  logic       cbo_inval_hit, zero_done;

  always_comb begin
    state_d     = state_q;
    victim_d    = victim_q;
    wb_tag_d    = wb_tag_q;
    issued_d    = issued_q;
    acked_d     = acked_q;
    flush_set_d = flush_set_q;
    miss_d      = miss_q;
    done_rsp    = 1'b0;
    done_fault  = 1'b0;
    done_rdata  = '0;
    rd_en       = 1'b0;
    rd_set      = req_set;
    rd_word     = req_word;
    data_we     = 1'b0;
    data_waddr  = {req_set, req_word};
    data_be     = be_q;
    data_wdata  = wdata_q;
    wr_way      = hit_way;
    tag_we      = 1'b0;
    valid_set   = 1'b0;
    valid_clr_line = 1'b0;
    dirty_set   = 1'b0;
    dirty_clr   = 1'b0;
    flush_clear_set = 1'b0;
    plru_touch  = 1'b0;
    flush_done_o = 1'b0;
    cbo_inval_hit = 1'b0;
    zero_done   = 1'b0;

    if (beat_accept) issued_d = issued_q + 1'b1;
    if (bus_done)    acked_d  = acked_q + 1'b1;

    unique case (state_q)
      StIdle: begin
        rd_set  = in_addr[OffW +: SetW];
        rd_word = in_addr[2 +: WordW];
        rd_en   = accept;
        if (flush_req_i) begin
          state_d     = StFlushRead;
          flush_set_d = '0;
        end else if (accept) begin
          state_d = in_flush_first ? StFlushRead :
                    in_cacheable   ? StLookup    :
                    in_cbo         ? StCboAnswer : StUncached;
          flush_set_d = '0;
        end
      end

      StLookup: begin
        if (cbo_q) begin
          issued_d = '0;
          acked_d  = '0;
          rd_en    = 1'b1;  // the victim's word 0, for a write-back's first beat
          rd_word  = '0;
          victim_d = hit ? hit_way : any_invalid ? first_invalid : plru_victim;
          wb_tag_d = tag_rdata[32'(victim_d)*TagW +: TagW];
          if (cbo_op_q == mem_pkg::CboZero) begin
            miss_d  = !hit;
            state_d = (!hit && set_valid[victim_d] && set_dirty[victim_d]) ? StWriteback : StZero;
          end else if (hit && set_dirty[hit_way] && cbo_op_q != mem_pkg::CboInval) begin
            state_d = StWriteback;  // clean or flush of a dirty line
          end else begin
            cbo_inval_hit = hit && cbo_op_q != mem_pkg::CboClean;
            done_rsp      = 1'b1;
            state_d       = StIdle;
          end
        end else if (hit) begin
          done_rsp   = 1'b1;
          done_rdata = we_q ? 32'd0 : hit_data;
          plru_touch = 1'b1;
          miss_d     = 1'b0;
          if (we_q) begin
            data_we   = 1'b1;
            dirty_set = 1'b1;
          end
          state_d = StIdle;
        end else begin
          miss_d   = 1'b1;
          victim_d = any_invalid ? first_invalid : plru_victim;
          wb_tag_d = tag_rdata[32'(victim_d)*TagW +: TagW];
          issued_d = '0;
          acked_d  = '0;
          // The victim's word 0 is read now, for the first write-back beat.
          rd_en   = 1'b1;
          rd_word = '0;
          if (WriteBack != 0 && set_valid[victim_d] && set_dirty[victim_d]) state_d = StWriteback;
          else                                                               state_d = StFill;
        end
      end

      // The data RAM is read one beat ahead: while a beat is accepted the
      // next word is read, so data_rdata always holds word issued_q.
      StWriteback: begin
        rd_en   = 1'b1;
        rd_set  = line_set;
        rd_word = issued_d[WordW-1:0];
        if (last_ack) begin
          issued_d = '0;
          acked_d  = '0;
          dirty_clr = 1'b1;
          if (flushing_q) begin
            state_d = StFlushRead;
          end else if (cbo_q && cbo_op_q == mem_pkg::CboZero) begin
            state_d = StZero;
          end else if (cbo_q) begin  // clean or flush: done
            valid_clr_line = cbo_op_q == mem_pkg::CboFlush;
            done_rsp       = 1'b1;
            state_d        = StIdle;
          end else begin
            state_d = StFill;
          end
        end
      end

      StFill: begin
        data_waddr = {req_set, acked_q[WordW-1:0]};
        data_be    = 4'b1111;
        data_wdata = wb_dat_i;
        wr_way     = victim_q;
        data_we    = wb_ack_i;
        if (last_ack) begin
          if (err_q || wb_err_i) begin
            done_rsp   = 1'b1;
            done_fault = 1'b1;
            miss_d     = 1'b0;
            valid_clr_line = 1'b1;
            state_d    = StIdle;
          end else begin
            tag_we    = 1'b1;
            valid_set = 1'b1;
            state_d   = StReplay;
          end
        end else if (wb_err_i) begin
          valid_clr_line = 1'b1;  // a partial line never becomes valid
        end
      end

      // The line becomes the request's (tag, valid) with zeros, dirty.
      StZero: begin
        data_we    = 1'b1;
        wr_way     = victim_q;
        data_waddr = {req_set, issued_q[WordW-1:0]};
        data_be    = 4'b1111;
        data_wdata = 32'd0;
        issued_d   = issued_q + 1'b1;
        if (issued_q == (WordW+1)'(Words - 1)) begin
          tag_we     = 1'b1;
          valid_set  = 1'b1;
          zero_done  = 1'b1;
          miss_d     = 1'b0;
          done_rsp   = 1'b1;
          state_d    = StIdle;
        end
      end

      StCboAnswer: begin
        done_rsp   = 1'b1;
        done_fault = cbo_fault_q;
        state_d    = StIdle;
      end

      StReplay: begin
        rd_en   = 1'b1;
        state_d = StLookup;
      end

      StUncached: if (!wb_stall_i) state_d = StUncachedWait;

      StUncachedWait: if (bus_done) begin
        done_rsp   = 1'b1;
        done_fault = wb_err_i;
        done_rdata = wb_ack_i ? wb_dat_i : 32'd0;
        state_d    = StIdle;
      end

      StFlushRead: begin
        rd_en   = 1'b1;
        rd_set  = flush_set_q;
        rd_word = '0;
        state_d = StFlushCheck;
      end

      // Dirty way: write it back (then read the set again).  None left:
      // invalidate the set when asked, go to the next set or finish.
      StFlushCheck: begin
        rd_en   = 1'b1;
        rd_set  = flush_set_q;
        rd_word = '0;
        if (flush_dirty) begin
          victim_d = flush_way;
          wb_tag_d = tag_rdata[32'(flush_way)*TagW +: TagW];
          issued_d = '0;
          acked_d  = '0;
          state_d  = StWriteback;
        end else begin
          flush_clear_set = flush_inval_q;
          flush_set_d     = flush_set_q + 1'b1;
          rd_set          = flush_set_d;
          if (flush_set_q == SetW'(Sets - 1)) begin
            if (after_flush_q) begin
              state_d = StUncached;  // the tohost store that asked for the flush
            end else begin
              flush_done_o = 1'b1;
              state_d      = StIdle;
            end
          end
        end
      end

      default: state_d = StIdle;
    endcase
  end

  // An error beat of a fill is remembered until the burst's last ack.
  logic err_d;
  assign err_d = (state_q == StFill) ? (err_q || wb_err_i) && !last_ack : 1'b0;

  assign inval_now = (WriteBack == 0) && inval_all_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q       <= StIdle;
      addr_q        <= '0;
      wdata_q       <= '0;
      be_q          <= '0;
      we_q          <= 1'b0;
      walker_q      <= 1'b0;
      replay_q      <= 1'b0;
      err_q         <= 1'b0;
      cause_q       <= '0;
      cbo_q         <= 1'b0;
      cbo_op_q      <= '0;
      cbo_fault_q   <= 1'b0;
      flushing_q    <= 1'b0;
      after_flush_q <= 1'b0;
      flush_inval_q <= 1'b0;
      valid_q       <= '0;
      dirty_q       <= '0;
    end else begin
      state_q <= state_d;
      err_q   <= err_d;
      if (accept) begin
        addr_q      <= in_addr;
        wdata_q     <= in_wdata;
        be_q        <= in_be;
        we_q        <= in_we;
        walker_q    <= take_wk;
        cause_q     <= take_wk ? (wk_we_i ? mem_pkg::CauseStoreAccess : mem_pkg::CauseLoadAccess)
                               : cpu_cause;
        replay_q    <= 1'b0;
        cbo_q       <= in_cbo;
        cbo_op_q    <= in_cbo_op;
        // Uncached: a hole faults; an MMIO window (or the tohost line)
        // takes no cbo.zero.
        cbo_fault_q <= in_we || !(in_mmio || in_tohost);
      end
      if (state_q == StIdle) begin
        flushing_q    <= flush_req_i || (accept && in_flush_first);
        after_flush_q <= !flush_req_i && accept && in_flush_first;
        flush_inval_q <= flush_req_i ? flush_inval_i : 1'b1;
      end
      if (state_q == StReplay) replay_q <= 1'b1;
      if (valid_set)       valid_q[32'(req_set)*Ways + 32'(victim_q)] <= 1'b1;
      if (valid_clr_line)  valid_q[32'(req_set)*Ways + 32'(victim_q)] <= 1'b0;
      if (dirty_set)       dirty_q[32'(req_set)*Ways + 32'(hit_way)] <= 1'b1;
      if (dirty_clr)       dirty_q[32'(line_set)*Ways + 32'(victim_q)] <= 1'b0;
      if (zero_done)       dirty_q[32'(req_set)*Ways + 32'(victim_q)] <= 1'b1;
      if (cbo_inval_hit) begin
        valid_q[32'(req_set)*Ways + 32'(hit_way)] <= 1'b0;
        dirty_q[32'(req_set)*Ways + 32'(hit_way)] <= 1'b0;
      end
      if (flush_clear_set) valid_q[32'(flush_set_q)*Ways +: Ways] <= '0;
      if (inval_now) valid_q <= '0;
    end
  end

  always_ff @(posedge clk_i) begin
    victim_q    <= victim_d;
    wb_tag_q    <= wb_tag_d;
    issued_q    <= issued_d;
    acked_q     <= acked_d;
    flush_set_q <= flush_set_d;
    miss_q      <= rst_ni && miss_d;
  end

  // ----------------------------------------------------------- responses
  assign rsp_valid_o = done_rsp && !walker_q;
  assign rsp_rdata_o = rsp_valid_o ? done_rdata : 32'd0;
  assign rsp_fault_o = rsp_valid_o && done_fault;
  assign rsp_cause_o = rsp_fault_o ? cause_q : 5'd0;
  assign wk_ack_o    = done_rsp && walker_q && !done_fault;
  assign wk_err_o    = done_rsp && walker_q && done_fault;
  assign wk_dat_o    = done_rdata;

  // --------------------------------------------------------- statistics
  // cache.<i|d>cache.{accesses, hits, misses, fills, writebacks, uncached,
  // cbo, miss_cycles}: consecutive in config/stats.toml.
  logic lookup_first;
  assign lookup_first = (state_q == StLookup) && !replay_q;
  perf_counters #(
    .N          (8),
    .FirstEvent (FirstEvent)
  ) u_perf (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .inc_i  ({miss_q,
              accept && in_cbo,
              accept && !in_cacheable,
              state_q == StWriteback && last_ack,
              state_q == StFill && last_ack,
              lookup_first && !hit,
              lookup_first && hit,
              accept})
  );

`ifdef VERILATOR
  // Debugger view (bench/sim/gdb_stub, through top.cc): the valid bits of
  // set `set_index` (way w in bit w), read between cycles with no side effect.
  // With the tag and data arrays (cache_ram) the debugger reads a dirty
  // line's bytes and writes into a line the cache holds.
  export "DPI-C" function mmcosim_cache_valid;
  import "DPI-C" context function void mmcosim_cache_array_register(
      input int unsigned id, input int unsigned depth);

  function automatic int unsigned mmcosim_cache_valid(input int unsigned set_index);
    if (set_index >= Sets) return 32'd0;
    return 32'(valid_q[set_index*Ways +: Ways]);
  endfunction

  initial mmcosim_cache_array_register(DebugCache | DebugValid | Ways, Sets);
`endif

`ifndef SYNTHESIS
  initial begin
    assert (Words >= 2 && (LineBytes & (LineBytes - 1)) == 0 && Sets >= 2 &&
            (Sets & (Sets - 1)) == 0 && Sets * LineBytes <= 4096)
      else $fatal(1, "cache_l1: bad geometry Size=%0d Ways=%0d LineBytes=%0d", Size, Ways, LineBytes);
  end
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(preq_valid_i && preq_kind_i != mem_pkg::KindFetch) ||
              ((preq_size_i == mem_pkg::SizeByte) ||
               (preq_size_i == mem_pkg::SizeBlock && preq_addr_i[OffW-1:0] == '0 && WriteBack != 0) ||
               (preq_size_i == mem_pkg::SizeHalf && !preq_addr_i[0]) ||
               (preq_size_i == mem_pkg::SizeWord && preq_addr_i[1:0] == 2'b00)))
        else $error("cache_l1: misaligned access addr=%08x size=%0d", preq_addr_i, preq_size_i);
      assert (!(bus_done && !wb_cyc_o)) else $error("cache_l1: ack/err without a cycle");
      assert (!(WriteBack == 0 && accept && in_we)) else $error("cache_l1: store to the I-cache");
      assert (!(inval_all_i && state_q != StIdle)) else $error("cache_l1: invalidate while busy");
      assert (!(state_q == StWriteback && wb_err_i)) else $error("cache_l1: write-back beat answered err");
      assert (!($countones(hit_vec) > 1)) else $error("cache_l1: a line in two ways");
    end
  end
`endif

endmodule
