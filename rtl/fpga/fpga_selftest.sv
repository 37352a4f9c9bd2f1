// fpga_selftest: a synthesizable self-test master in place of the SystemC
// CPU.  It drives mem_subsys's data port and CSR sideband as docs/ports.md
// says (inputs change only at clock edges, one request outstanding, valid
// held until ready) and checks every response.
//
// Physical memory (P = DramSize / 4 KiB pages, P >= 2; W = 64 data words):
//
//   page 0  ┌ 0x000 ─ root table: entries 0x100..0x104 used (0x400..0x413)
//           └ 0x800 ─ data words w with w % P == 0  (upper half of the page)
//   page 1  ┌ 0x000 ─ L0 table:  entries 0..P+4 used
//           └ 0x800 ─ data words w with w % P == 1
//   page p  └ 0x800 ─ data words w with w % P == p
//   word w: page w % P, offset 0x800 + (w / P) * Stride, Stride = 0x800 * P / W
//
// Virtual memory (S mode, satp = Sv32 | Asid | root; SUM = MXR = ADUE = 0):
//
//   VA 0x4000_0000 + vp*4K  root[0x100] -> L0[vp]:
//        vp <  P   RW leaf, PA page = vp ^ key  (key changed by each remap)
//        vp == P   read-only leaf of page 0     stores: page fault 15
//        vp == P+1 invalid (V = 0)              page fault 13/15
//        vp == P+2 W without R (reserved)       page fault 13/15
//        vp == P+3 U page, S mode, SUM = 0      page fault 13/15
//        vp == P+4 A = 0 (Svade)                page fault 13/15
//   VA 0x4040_0000  root[0x101] RW megapage onto DramBase; past DramSize:
//                   a hole, access fault 5/7
//   VA 0x4080_0000  root[0x102] misaligned megapage     page fault 13/15
//   VA 0x40C0_0000  root[0x103] invalid                 page fault 13/15
//   VA 0x4100_0000  root[0x104] megapage onto the UART: MMIO, which the
//                   board's fpga_mmio_stub answers with err: access fault 5/7
//
// Sequence: write the tables and the W data words in M mode (physical,
// Bare), then run random operations drawn from a 32-bit Galois LFSR (Seed):
//
//   r[2:0]  0-2 load, 3-5 store, 6 fault probe, 7 fence (r[3]=1: remap first)
//   load/store: word r[9:4] through alias r[11:10] (0,1 4 KiB page, 2 mega,
//               3 the read-only page when the word is in page 0, else mega),
//               size r[13:12], byte offset r[15:14]; loads are checked
//               against a shadow copy of the W words (block RAM), stores
//               update it (not when they fault)
//   probe:      target r[18:16] of the table above, store if r[19]
//   remap:      new key r[25:22], the P L0 leaves rewritten in M mode, then
//   fence:      SFENCE.VMA of form r[21:20]: all / ASID / by VA / VA+ASID;
//               after a remap the by-VA forms fence each of the P pages
//
// A stale TLB entry after a remap reads the wrong page and fails the check.
// Every ReportOps operations (FastOps when fast_i is high in reset: tests and
// the gate-level simulation) the counts go to the UART as a PASS line; the
// first mismatch prints a FAIL line with the VA, what came back and what was
// expected, and stops.  pass_o/fail_o drive the LEDs.
`include "mmcosim_cfg.svh"

module fpga_selftest #(
  parameter logic [31:0] DramBase  = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize  = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter logic [31:0] MmioBase  = `MMCOSIM_MEMORY_MAP_UART_BASE,
  parameter logic [31:0] Seed      = 32'h1234_5678,
  parameter logic [8:0]  Asid      = 9'h05a,
  parameter int unsigned ReportOps = 1 << 20,
  parameter int unsigned FastOps   = 2000
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           fast_i,       // sampled in reset: report every FastOps
  // mem_subsys data port and sideband (docs/ports.md)
  output logic [63:0]    dreq_o,
  output logic [31:0]    dreq_wdata_o,
  input  logic           dreq_ready_i,
  input  logic [63:0]    drsp_i,
  output logic [63:0]    csr_o,
  // report
  output logic           report_start_o,
  output logic           report_fail_o,
  output logic [10*32-1:0] report_fields_o,
  input  logic           report_busy_i,
  output logic           pass_o,       // at least one PASS line, no failure
  output logic           fail_o,
  output logic           running_o     // toggles every 4096 operations
);
  // ------------------------------------------------------------ constants
  localparam int unsigned PageShift = `MMCOSIM_SV32_PAGE_SHIFT;
  localparam int unsigned PageBytes = 1 << PageShift;
  localparam int unsigned PteBytes  = `MMCOSIM_SV32_PTE_BYTES;
  localparam int unsigned PpnShift  = `MMCOSIM_SV32_PTE_PPN_SHIFT;
  localparam int unsigned Pages     = DramSize >> PageShift;
  localparam int unsigned PgW       = $clog2(Pages);
  localparam int unsigned Words     = 64;
  localparam int unsigned WordW     = 6;
  localparam int unsigned SlotW     = WordW - PgW;
  localparam int unsigned Stride    = (PageBytes / 2) >> SlotW;
  localparam int unsigned PtEntries = 10 + Pages;  // table writes of the set-up

  localparam logic [31:0] DramPpn = DramBase >> PageShift;
  localparam logic [31:0] MmioPpn = MmioBase >> PageShift;
  localparam logic [31:0] RootPa  = DramBase;
  localparam logic [31:0] L0Pa    = DramBase + PageBytes;
  localparam logic [31:0] Va4k    = 32'h4000_0000;  // root index 0x100
  localparam logic [31:0] VaMega  = 32'h4040_0000;  // 0x101
  localparam logic [31:0] VaMis   = 32'h4080_0000;  // 0x102
  localparam logic [31:0] VaInv   = 32'h40c0_0000;  // 0x103
  localparam logic [31:0] VaMmio  = 32'h4100_0000;  // 0x104
  localparam int unsigned RootIdx = 32'h100;

  localparam logic [7:0] PteV = 8'(1 << `MMCOSIM_SV32_PTE_V_BIT);
  localparam logic [7:0] PteR = 8'(1 << `MMCOSIM_SV32_PTE_R_BIT);
  localparam logic [7:0] PteW = 8'(1 << `MMCOSIM_SV32_PTE_W_BIT);
  localparam logic [7:0] PteU = 8'(1 << `MMCOSIM_SV32_PTE_U_BIT);
  localparam logic [7:0] PteA = 8'(1 << `MMCOSIM_SV32_PTE_A_BIT);
  localparam logic [7:0] PteD = 8'(1 << `MMCOSIM_SV32_PTE_D_BIT);
  localparam logic [7:0] PteRw = PteV | PteR | PteW | PteA | PteD;

  localparam logic [2:0] KindLoad   = 3'(`MMCOSIM_PORT_KIND_LOAD);
  localparam logic [2:0] KindStore  = 3'(`MMCOSIM_PORT_KIND_STORE);
  localparam logic [2:0] KindSfence = 3'(`MMCOSIM_PORT_KIND_SFENCE);
  localparam logic [1:0] SizeWord   = 2'(`MMCOSIM_PORT_SIZE_WORD);
  localparam logic [4:0] CauseLdPage = 5'(`MMCOSIM_PORT_CAUSE_LOAD_PAGE);
  localparam logic [4:0] CauseStPage = 5'(`MMCOSIM_PORT_CAUSE_STORE_PAGE);
  localparam logic [4:0] CauseLdAcc  = 5'(`MMCOSIM_PORT_CAUSE_LOAD_ACCESS);
  localparam logic [4:0] CauseStAcc  = 5'(`MMCOSIM_PORT_CAUSE_STORE_ACCESS);
  localparam int unsigned Rs2X0 = `MMCOSIM_PORT_SFENCE_RS2_X0_BIT;
  localparam int unsigned Rs1X0 = `MMCOSIM_PORT_SFENCE_RS1_X0_BIT;
  localparam int unsigned AsidLsb = `MMCOSIM_PORT_SFENCE_ASID_LSB;

  localparam logic [1:0] PrivS = 2'd1;
  localparam logic [1:0] PrivM = 2'd3;
  localparam logic [31:0] SatpAsid = 32'(Asid) << `MMCOSIM_SV32_SATP_ASID_LSB;
  localparam logic [31:0] SatpMode = 32'd1 << `MMCOSIM_SV32_SATP_MODE_BIT;
  localparam logic [31:0] Satp     = SatpMode | SatpAsid | DramPpn;

  // PTE with the given PPN (relative to nothing: absolute) and flags.
  function automatic logic [31:0] pte(input logic [31:0] ppn, input logic [7:0] flags);
    pte = (ppn << PpnShift) | 32'(flags);
  endfunction

  // Offset of data word w inside its page (its page is w % P: PgW'(w)).
  function automatic logic [31:0] word_off(input logic [WordW-1:0] w);
    word_off = 32'(PageBytes / 2) + (32'(w) >> PgW) * Stride;
  endfunction

  // ------------------------------------------------------------ state
  typedef enum logic [2:0] {
    StPick,     // decide the next request (or phase change)
    StReq,      // request valid, wait for ready
    StRsp,      // wait for the response, check it
    StReport,   // start a report line
    StWaitRep,  // wait until the line is out
    StHalt      // after a failure: nothing more
  } state_e;

  typedef enum logic [2:0] {
    PhTables,   // write the page tables (M mode)
    PhData,     // write the W data words (M mode)
    PhRun,      // random operations (S mode)
    PhRemap,    // rewrite the P L0 leaves with a new key (M mode)
    PhFence     // fence(s) after a remap (S mode)
  } phase_e;

  state_e state_q, state_d;
  phase_e phase_q, phase_d;
  logic [7:0]  idx_q, idx_d;            // step inside a phase
  logic [31:0] lfsr_q, lfsr_d;
  logic [PgW-1:0] key_q, key_d;
  logic [1:0]  form_q, form_d;          // fence form after a remap
  logic        failed_q, failed_d, passed_q, passed_d;

  // The request in flight and what its response must be.
  logic [31:0] addr_q, addr_d, wdata_q, wdata_d;
  logic [2:0]  kind_q, kind_d;
  logic [1:0]  size_q, size_d;
  logic        we_q, we_d;
  logic        exp_fault_q, exp_fault_d;
  logic [4:0]  exp_cause_q, exp_cause_d;
  logic        chk_data_q, chk_data_d;  // compare rdata with the shadow word
  logic        upd_q, upd_d;            // store: update the shadow word
  logic [3:0]  be_q, be_d;              // byte lanes of the store
  logic [2:0]  cls_q, cls_d;            // counter class on success
  logic [WordW-1:0] w_q, w_d;

  localparam logic [2:0] ClsNone = 3'd0, ClsLoad = 3'd1, ClsStore = 3'd2,
                         ClsPage = 3'd3, ClsAccess = 3'd4, ClsFence = 3'd5;

  // Counters: operations (32 bits) and per class (CntW bits, wrapping).
  localparam int unsigned CntW  = 24;
  localparam int unsigned LeftW = $clog2(ReportOps > FastOps ? ReportOps : FastOps) + 1;
  logic [31:0]     ops_q;
  logic [CntW-1:0] n_ld_q, n_st_q, n_pf_q, n_af_q, n_fence_q, n_remap_q;
  logic [31:0]     fail_va_q, fail_got_q, fail_exp_q;
  logic [LeftW-1:0] left_q;        // operations until the next report, minus one
  logic            fast_q;

  // Shadow copy of the data words: one block RAM, read one cycle after the
  // address (StPick -> StReq), written on a good store's response.
  logic [31:0] shadow_q [Words];
  logic [31:0] sh_rdata_q, sh_wdata;
  logic        sh_we;

  // ------------------------------------------------------------ ports
  logic        rsp_valid, rsp_fault;
  logic [4:0]  rsp_cause;
  logic [31:0] rsp_rdata;
  assign rsp_rdata = drsp_i[31:0];
  assign rsp_valid = drsp_i[32];
  assign rsp_fault = drsp_i[33];
  assign rsp_cause = drsp_i[38:34];
  logic unused_rsp;
  assign unused_rsp = ^drsp_i[63:39];

  assign dreq_o = {25'd0, we_q, size_q, kind_q, state_q == StReq, addr_q};
  assign dreq_wdata_o = wdata_q;

  // The privilege of the request in flight: M for the table and data
  // writes, S for the rest; set with the request, so it changes only
  // between requests.
  logic in_m_q, in_m_d;
  // [38] adue [37] mxr [36] sum [35:34] priv_data [33:32] priv_fetch [31:0] satp
  assign csr_o = {25'd0, 1'b0, 1'b0, 1'b0, in_m_q ? PrivM : PrivS, PrivM, Satp};

  // ------------------------------------------------------------ decisions
  // Galois LFSR, x^32 + x^22 + x^2 + x + 1.
  function automatic logic [31:0] lfsr_next(input logic [31:0] v);
    lfsr_next = v[0] ? ((v >> 1) ^ 32'h8020_0003) : (v >> 1);
  endfunction

  logic [31:0] r;
  assign r = lfsr_q;

  // Table entry `i` of the set-up (and of a remap, i = 5 .. 5+P-1):
  // its physical address and value.
  logic [31:0] tab_pa, tab_pte;
  always_comb begin
    tab_pa  = '0;
    tab_pte = '0;
    if (idx_q < 8'd5) begin
      tab_pa = RootPa + (RootIdx + 32'(idx_q)) * PteBytes;
      unique case (idx_q[2:0])
        3'd0:    tab_pte = pte(DramPpn + 32'd1, PteV);          // pointer to L0
        3'd1:    tab_pte = pte(DramPpn, PteRw);                 // megapage
        3'd2:    tab_pte = pte(DramPpn + 32'd1, PteRw);         // misaligned
        3'd3:    tab_pte = '0;                                  // invalid
        default: tab_pte = pte(MmioPpn, PteRw);                 // MMIO megapage
      endcase
    end else begin
      tab_pa = L0Pa + (32'(idx_q) - 32'd5) * PteBytes;
      if (32'(idx_q) - 32'd5 < Pages) begin
        tab_pte = pte(DramPpn + 32'(PgW'(idx_q[PgW-1:0] - PgW'(5))) ^ 32'(key_q), PteRw);
      end else begin
        unique case (32'(idx_q) - 32'd5 - Pages)
          32'd0:   tab_pte = pte(DramPpn, PteV | PteR | PteA | PteD);   // read-only
          32'd1:   tab_pte = '0;                                        // invalid
          32'd2:   tab_pte = pte(DramPpn, PteV | PteW | PteA | PteD);   // W, no R
          32'd3:   tab_pte = pte(DramPpn, PteRw | PteU);                // U page
          default: tab_pte = pte(DramPpn, PteV | PteR | PteW | PteD);   // A = 0
        endcase
      end
    end
  end

  // Fields of a random operation.
  logic [WordW-1:0] rw;
  logic [1:0]  ralias, rsize, roff;
  logic [PgW-1:0] rpage, rvp;
  logic [31:0] rword_off, rva, rprobe_va;
  logic        rro;          // through the read-only page
  logic [3:0]  rbe;
  logic [1:0]  rsz;
  logic [2:0]  rprobe;
  always_comb begin
    rw     = r[4 +: WordW];
    ralias = r[11:10];
    rsize  = r[13:12];
    roff   = r[15:14];
    rpage  = PgW'(rw);
    rvp    = rpage ^ key_q;
    rword_off = word_off(rw);
    rro    = (ralias == 2'd3) && (rpage == '0);
    rsz    = (rsize == 2'd3) ? SizeWord : rsize;
    unique case (rsz)
      2'd0:    begin rbe = 4'b0001 << roff;             end
      2'd1:    begin rbe = 4'b0011 << {roff[1], 1'b0};  end
      default: begin rbe = 4'b1111;                     end
    endcase
    if (ralias[1] == 1'b0) rva = Va4k + (32'(rvp) << PageShift) + rword_off;
    else if (rro)          rva = Va4k + (Pages << PageShift) + rword_off;
    else                   rva = VaMega + (32'(rpage) << PageShift) + rword_off;
    unique case (rsz)
      2'd0:    rva = rva + 32'(roff);
      2'd1:    rva = rva + 32'({roff[1], 1'b0});
      default: ;
    endcase
    rprobe = r[18:16];
    unique case (rprobe)
      3'd0, 3'd1, 3'd2, 3'd3:
               rprobe_va = Va4k + ((Pages + 32'd1 + 32'(rprobe)) << PageShift);
      3'd4:    rprobe_va = VaMis;
      3'd5:    rprobe_va = VaInv;
      3'd6:    rprobe_va = VaMega + DramSize;
      default: rprobe_va = VaMmio;
    endcase
    rprobe_va = rprobe_va + {24'd0, r[25:20], 2'b00};  // inside the UART window too
  end

  // Fence request data: {asid, rs1==x0, rs2==x0}.
  function automatic logic [31:0] fence_data(input logic [1:0] form);
    logic [31:0] d;
    d = 32'(Asid) << AsidLsb;
    d[Rs1X0] = !form[1];   // forms 0, 1: every address
    d[Rs2X0] = !form[0];   // forms 0, 2: every ASID
    fence_data = d;
  endfunction

  always_comb begin
    state_d  = state_q;
    phase_d  = phase_q;
    idx_d    = idx_q;
    lfsr_d   = lfsr_q;
    key_d    = key_q;
    form_d   = form_q;
    failed_d = failed_q;
    passed_d = passed_q;
    addr_d = addr_q;   wdata_d = wdata_q;  kind_d = kind_q;  size_d = size_q;
    we_d = we_q;       exp_fault_d = exp_fault_q;  exp_cause_d = exp_cause_q;
    chk_data_d = chk_data_q;  upd_d = upd_q;  be_d = be_q;  cls_d = cls_q;  w_d = w_q;
    in_m_d   = in_m_q;
    sh_we    = 1'b0;
    sh_wdata = sh_rdata_q;
    report_start_o = 1'b0;

    unique case (state_q)
      StPick: begin
        // Defaults of a request: a word store that must succeed.
        state_d = StReq;
        kind_d = KindStore;  size_d = SizeWord;  we_d = 1'b1;  be_d = 4'hf;
        exp_fault_d = 1'b0;  exp_cause_d = '0;  chk_data_d = 1'b0;  upd_d = 1'b0;
        cls_d = ClsNone;  w_d = rw;
        wdata_d = {r[15:0], r[31:16]} ^ ops_q;
        lfsr_d = lfsr_next(lfsr_q);
        in_m_d = (phase_q == PhTables) || (phase_q == PhData) || (phase_q == PhRemap);
        unique case (phase_q)
          PhTables, PhRemap: begin
            addr_d  = tab_pa;
            wdata_d = tab_pte;
            idx_d   = idx_q + 8'd1;
            if (32'(idx_q) == PtEntries - 1 || (phase_q == PhRemap && 32'(idx_q) == 4 + Pages)) begin
              phase_d = (phase_q == PhTables) ? PhData : PhFence;
              idx_d   = '0;
            end
          end
          PhData: begin
            w_d    = idx_q[WordW-1:0];
            addr_d = DramBase + (32'(PgW'(idx_q)) << PageShift) +
                     word_off(idx_q[WordW-1:0]);
            upd_d  = 1'b1;
            idx_d  = idx_q + 8'd1;
            if (32'(idx_q) == Words - 1) begin
              phase_d = PhRun;
              idx_d   = '0;
            end
          end
          PhFence: begin
            kind_d = KindSfence;  we_d = 1'b0;  cls_d = ClsFence;
            wdata_d = fence_data(form_q);
            addr_d = Va4k + (32'(idx_q) << PageShift);
            idx_d  = idx_q + 8'd1;
            if (!form_q[1] || 32'(idx_q) == Pages - 1) begin
              phase_d = PhRun;
              idx_d   = '0;
            end
          end
          default: begin  // PhRun: one random operation
            unique case (r[2:0])
              3'd0, 3'd1, 3'd2: begin
                kind_d = KindLoad;  we_d = 1'b0;  size_d = rsz;  addr_d = rva;
                chk_data_d = 1'b1;  cls_d = ClsLoad;
              end
              3'd3, 3'd4, 3'd5: begin
                size_d = rsz;  addr_d = rva;  be_d = rbe;
                if (rro) begin
                  exp_fault_d = 1'b1;  exp_cause_d = CauseStPage;  cls_d = ClsPage;
                end else begin
                  upd_d = 1'b1;  cls_d = ClsStore;
                end
              end
              3'd6: begin
                addr_d = rprobe_va;  exp_fault_d = 1'b1;
                we_d = r[19];  kind_d = r[19] ? KindStore : KindLoad;
                if (rprobe[2:1] == 2'b11) begin
                  exp_cause_d = r[19] ? CauseStAcc : CauseLdAcc;  cls_d = ClsAccess;
                end else begin
                  exp_cause_d = r[19] ? CauseStPage : CauseLdPage;  cls_d = ClsPage;
                end
              end
              default: begin
                kind_d = KindSfence;  we_d = 1'b0;  cls_d = ClsFence;
                wdata_d = fence_data(r[21:20]);
                addr_d = rva;
                if (r[3]) begin  // remap: no request now, the table writes follow
                  state_d = StPick;
                  phase_d = PhRemap;
                  idx_d   = 8'd5;
                  key_d   = r[22 +: PgW];
                  form_d  = r[21:20];
                end
              end
            endcase
          end
        endcase
      end

      StReq: begin
        if (dreq_ready_i) state_d = StRsp;
      end

      StRsp: begin
        if (rsp_valid) begin
          if (exp_fault_q ? (rsp_fault && rsp_cause == exp_cause_q)
                          : (!rsp_fault && (!chk_data_q || rsp_rdata == sh_rdata_q))) begin
            if (upd_q) begin
              sh_we = 1'b1;
              for (int i = 0; i < 4; i++) begin
                if (be_q[i]) sh_wdata[8*i +: 8] = wdata_q[8*i +: 8];
              end
            end
            state_d = (phase_q == PhRun && left_q == '0) ? StReport : StPick;
          end else begin
            failed_d = 1'b1;
            state_d  = StReport;
          end
        end
      end

      StReport: begin
        if (!report_busy_i) begin
          report_start_o = 1'b1;
          state_d = StWaitRep;
        end
      end

      StWaitRep: begin
        if (!report_busy_i) begin
          if (failed_q) begin
            state_d = StHalt;
          end else begin
            passed_d = 1'b1;
            state_d  = StPick;
          end
        end
      end

      default: ;  // StHalt
    endcase
  end

  // Each completed PhRun request counts as an operation; the table writes
  // and fences of a remap (PhRemap, PhFence) are counted by remap and fence.
  logic op_done;
  assign op_done = (state_q == StRsp) && rsp_valid && !failed_d && phase_q == PhRun;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StPick;   phase_q <= PhTables;  idx_q <= '0;
      lfsr_q  <= (Seed == 32'd0) ? 32'd1 : Seed;
      key_q   <= '0;  form_q <= '0;  failed_q <= 1'b0;  passed_q <= 1'b0;  in_m_q <= 1'b1;
      addr_q  <= '0;  wdata_q <= '0;  kind_q <= '0;  size_q <= '0;  we_q <= 1'b0;
      exp_fault_q <= 1'b0;  exp_cause_q <= '0;  chk_data_q <= 1'b0;  upd_q <= 1'b0;
      be_q <= '0;  cls_q <= ClsNone;  w_q <= '0;
      ops_q <= '0;  n_ld_q <= '0;  n_st_q <= '0;  n_pf_q <= '0;  n_af_q <= '0;
      n_fence_q <= '0;  n_remap_q <= '0;
      fail_va_q <= '0;  fail_got_q <= '0;  fail_exp_q <= '0;
      fast_q <= fast_i;
      left_q <= LeftW'((fast_i ? FastOps : ReportOps) - 1);
    end else begin
      state_q <= state_d;  phase_q <= phase_d;  idx_q <= idx_d;  lfsr_q <= lfsr_d;
      key_q <= key_d;  form_q <= form_d;  failed_q <= failed_d;  passed_q <= passed_d;
      in_m_q <= in_m_d;
      addr_q <= addr_d;  wdata_q <= wdata_d;  kind_q <= kind_d;  size_q <= size_d;
      we_q <= we_d;  exp_fault_q <= exp_fault_d;  exp_cause_q <= exp_cause_d;
      chk_data_q <= chk_data_d;  upd_q <= upd_d;  be_q <= be_d;  cls_q <= cls_d;  w_q <= w_d;
      if (state_q == StPick && phase_q == PhRun && phase_d == PhRemap) begin
        n_remap_q <= n_remap_q + CntW'(1);
      end
      if (state_q == StRsp && rsp_valid) begin
        unique case (cls_q)
          ClsLoad:   n_ld_q    <= n_ld_q + CntW'(1);
          ClsStore:  n_st_q    <= n_st_q + CntW'(1);
          ClsPage:   n_pf_q    <= n_pf_q + CntW'(1);
          ClsAccess: n_af_q    <= n_af_q + CntW'(1);
          ClsFence:  n_fence_q <= n_fence_q + CntW'(1);
          default: ;
        endcase
        if (failed_d && !failed_q) begin
          fail_va_q  <= addr_q;
          fail_got_q <= rsp_fault ? {16'hfa17, 11'd0, rsp_cause} : rsp_rdata;
          fail_exp_q <= exp_fault_q ? {16'hfa17, 11'd0, exp_cause_q}
                                    : (chk_data_q ? sh_rdata_q : 32'd0);
        end
      end
      if (op_done) begin
        ops_q <= ops_q + 32'd1;
        left_q <= (left_q == '0) ? LeftW'((fast_q ? FastOps : ReportOps) - 1) : left_q - LeftW'(1);
      end
    end
  end

  // Shadow words: read address from the next state's word, so the data is
  // there when the request goes out.
  always_ff @(posedge clk_i) begin
    if (sh_we) shadow_q[w_q] <= sh_wdata;
    sh_rdata_q <= shadow_q[w_d];
  end

  assign report_fail_o   = failed_q;
  assign report_fields_o = {fail_exp_q, fail_got_q, fail_va_q, 32'(n_remap_q), 32'(n_fence_q),
                            32'(n_af_q), 32'(n_pf_q), 32'(n_st_q), 32'(n_ld_q), ops_q};
  assign pass_o    = passed_q && !failed_q;
  assign fail_o    = failed_q;
  assign running_o = ops_q[12];

  logic unused_cfg;
  assign unused_cfg = ^{DramPpn, MmioPpn};

`ifndef SYNTHESIS
  initial begin
    assert (Pages >= 2 && (Pages & (Pages - 1)) == 0 && Pages <= Words && Pages + 5 <= 512)
      else $fatal(1, "fpga_selftest: DramSize %0d: need 2..%0d pages, a power of two",
                  DramSize, Words);
    assert ((DramPpn & 32'h3ff) == 0 && (MmioPpn & 32'h3ff) == 0)
      else $fatal(1, "fpga_selftest: DramBase and MmioBase must be 4 MiB aligned");
  end
`endif
endmodule
