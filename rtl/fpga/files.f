# FPGA self-test and board tops, after ../files.f (rtl/fpga, docs/fpga.md)
rtl/fpga/fpga_uart_tx.sv
rtl/fpga/fpga_por.sv
rtl/fpga/fpga_mmio_stub.sv
rtl/fpga/fpga_report.sv
rtl/fpga/fpga_selftest.sv
rtl/fpga/fpga_soc.sv
rtl/fpga/fpga_icebreaker.sv
rtl/fpga/fpga_ulx3s.sv
