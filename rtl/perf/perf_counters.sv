// perf_counters: N 64-bit event counters for the statistics of
// config/stats.toml, read by the simulator through DPI.
//
// Counter i adds inc_i[i*IncW +: IncW] every cycle (1-bit events by
// default; wider for byte counts or cycle sums).  Counter i is the
// statistic with hpm event number FirstEvent + i, so a block puts its
// counters in the order of config/stats.toml and passes the first one's
// `MMCOSIM_EVENT_* number.  Under Verilator the block registers itself
// once from an initial block (mmcosim_perf_register, a context import) and
// exports mmcosim_perf_read(index); the simulator reads every block's
// counters into its Stats before a statistic is read.  Yosys sees plain
// counters.
module perf_counters #(
  parameter int unsigned N          = 1,
  parameter int unsigned IncW       = 1,
  parameter int unsigned FirstEvent = 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [N*IncW-1:0] inc_i
);

  // Read through DPI (--stats, hpm counters), not in the waveforms.
  /* verilator tracing_off */
  logic [63:0] cnt_q [N];
  /* verilator tracing_on */

  always_ff @(posedge clk_i) begin
    for (int unsigned i = 0; i < N; i++) begin
      if (!rst_ni) cnt_q[i] <= 64'd0;
      else         cnt_q[i] <= cnt_q[i] + 64'(inc_i[i*IncW +: IncW]);
    end
  end

`ifdef VERILATOR
  export "DPI-C" function mmcosim_perf_read;
  import "DPI-C" context function void mmcosim_perf_register(
    input int unsigned first_event, input int unsigned count);

  function automatic longint unsigned mmcosim_perf_read(input int unsigned index);
    return index < N ? cnt_q[index] : 64'd0;
  endfunction

  initial mmcosim_perf_register(FirstEvent, N);
`endif

`ifndef SYNTHESIS
  initial begin
    if (N == 0 || IncW == 0 || IncW > 32 || FirstEvent == 0)
      $fatal(1, "perf_counters: bad parameters N=%0d IncW=%0d FirstEvent=%0d",
             N, IncW, FirstEvent);
  end
`endif

endmodule
