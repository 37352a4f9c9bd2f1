// bus_decode: address decoder of the shared Wishbone bus, one master side to
// three slaves: 0 = DRAM (SRAM stand-in), 1 = MMIO bridge (CLINT, UART and
// simctl windows), 2 = error slave (every hole).
//
// cyc is broadcast (shared-bus style), stb goes to the addressed slave only;
// stall comes from the addressed slave.  The bus has at most one transaction
// outstanding (bus_arbiter), or the beats of one burst (cti = 010 ... 111),
// which stay inside one slave's window (asserted), so at most one slave
// answers per cycle and ack/err/data are OR-ed (data qualified by ack).
// cti/bte themselves go to the slaves straight from the arbiter.  Windows compare
// (adr - base) < size (a mask compare when the window is a power of two at
// a multiple of its size), so a window may end at 2^32.
//
//   0x0200_0000 CLINT ─┐
//   0x1000_0000 UART  ─┼─▶ slave 1 (MMIO)
//   0x1010_0000 simctl─┘
//   DramBase    DRAM  ───▶ slave 0
//   anything else     ───▶ slave 2 (err: access fault)
`include "mmcosim_cfg.svh"
module bus_decode #(
  parameter logic [31:0] DramBase   = `MMCOSIM_MEMORY_MAP_DRAM_BASE,
  parameter logic [31:0] DramSize   = `MMCOSIM_MEMORY_MAP_DRAM_SIZE,
  parameter logic [31:0] ClintBase  = `MMCOSIM_MEMORY_MAP_CLINT_BASE,
  parameter logic [31:0] ClintSize  = `MMCOSIM_MEMORY_MAP_CLINT_SIZE,
  parameter logic [31:0] UartBase   = `MMCOSIM_MEMORY_MAP_UART_BASE,
  parameter logic [31:0] UartSize   = `MMCOSIM_MEMORY_MAP_UART_SIZE,
  parameter logic [31:0] SimctlBase = `MMCOSIM_MEMORY_MAP_SIMCTL_BASE,
  parameter logic [31:0] SimctlSize = `MMCOSIM_MEMORY_MAP_SIMCTL_SIZE
) (
  input  logic        clk_i,   // assertions only
  input  logic        rst_ni,  // assertions only
  // master side (from bus_arbiter)
  input  logic        m_cyc_i,
  input  logic        m_stb_i,
  input  logic [31:0] m_adr_i,
  input  logic [2:0]  m_cti_i,  // assertions only: a burst stays in one slave
  output logic        m_stall_o,
  output logic        m_ack_o,
  output logic        m_err_o,
  output logic [31:0] m_dat_o,
  // slaves: cyc shared, per-slave stb; index 0 DRAM, 1 MMIO, 2 error
  output logic        s_cyc_o,
  output logic [2:0]  s_stb_o,
  input  logic [2:0]  s_stall_i,
  input  logic [2:0]  s_ack_i,
  input  logic [2:0]  s_err_i,
  input  logic [95:0] s_dat_i
);

  logic       hit_dram, hit_mmio;
  logic [2:0] sel;

  // A window of 2^k bytes at a multiple of 2^k (every window of the
  // configurations so far) is an equality on the address bits above k: no
  // subtractor on the path from the granted master to the slaves' stb and
  // back to its stall.  Any other window: (adr - base) < size.
  function automatic logic in_window(input logic [31:0] adr, input logic [31:0] base,
                                     input logic [31:0] size);
    if (size != 0 && (size & (size - 1)) == 0 && (base & (size - 1)) == 0) begin
      in_window = (adr & ~(size - 1)) == base;
    end else begin
      in_window = (adr - base) < size;
    end
  endfunction

  assign hit_dram = in_window(m_adr_i, DramBase, DramSize);
  assign hit_mmio = in_window(m_adr_i, ClintBase, ClintSize) ||
                    in_window(m_adr_i, UartBase, UartSize) ||
                    in_window(m_adr_i, SimctlBase, SimctlSize);
  assign sel = hit_dram ? 3'b001 : (hit_mmio ? 3'b010 : 3'b100);

  assign s_cyc_o   = m_cyc_i;
  assign s_stb_o   = {3{m_stb_i}} & sel;
  assign m_stall_o = |(s_stall_i & sel);
  assign m_ack_o   = |s_ack_i;
  assign m_err_o   = |s_err_i;
  assign m_dat_o   = (s_dat_i[0 +: 32]  & {32{s_ack_i[0]}}) |
                     (s_dat_i[32 +: 32] & {32{s_ack_i[1]}}) |
                     (s_dat_i[64 +: 32] & {32{s_ack_i[2]}});

`ifndef SYNTHESIS
  initial begin
    assert (DramSize != 0 && (DramBase & (DramSize - 1)) == 0)
      else $fatal(1, "bus_decode: DRAM window %08x+%08x not size-aligned", DramBase, DramSize);
  end
  // The slave of the burst in progress (the last accepted beat had cti 010).
  logic       burst_q;
  logic [2:0] burst_sel_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni || !m_cyc_i) begin
      burst_q <= 1'b0;
    end else if (m_stb_i && !m_stall_o) begin
      burst_q     <= m_cti_i == 3'b010;
      burst_sel_q <= sel;
    end
  end
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(burst_q && m_stb_i) || sel == burst_sel_q)
        else $error("bus_decode: burst at %08x leaves its slave's window", m_adr_i);
      assert ($onehot0(s_ack_i | s_err_i)) else $error("bus_decode: more than one slave answers");
      assert (!(|(s_ack_i & s_err_i))) else $error("bus_decode: a slave answers ack and err together");
    end
  end
`else
  logic unused_cti;
  assign unused_cti = ^{m_cti_i, clk_i, rst_ni};
`endif

endmodule
