# cmake -DRTL=exe -DGATE=exe -DOPS=N -P compare.cmake
#   runs the self-test on the RTL and on the netlist: both must pass, print
#   the same UART line and finish it at the same clock cycle.
# cmake -DBAD=exe -DOPS=N -P compare.cmake
#   the broken netlist: must end with exit status 1 (a FAIL line, or no
#   line within the cycle budget), not pass and not crash.
if(DEFINED BAD)
  execute_process(COMMAND ${BAD} ${OPS} 1000000 RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 1 OR out MATCHES "fpga_selftest: ok")
    message(FATAL_ERROR "fpga_selftest_gate_bad: exit ${rc}, expected 1 (a failed self-test)")
  endif()
  message("fpga_selftest_gate_bad: fails as it must")
  return()
endif()
foreach(m RTL GATE)
  execute_process(COMMAND ${${m}} ${OPS} RESULT_VARIABLE rc_${m} OUTPUT_VARIABLE out_${m})
  string(REGEX MATCH "mmcosim fpga [^\r\n]*" line_${m} "${out_${m}}")
  string(REGEX MATCH "after [0-9]+ cycles" cyc_${m} "${out_${m}}")
  message("${m}: ${line_${m}} (exit ${rc_${m}}, ${cyc_${m}})")
  if(NOT rc_${m} EQUAL 0)
    message(FATAL_ERROR "fpga_selftest_gate: ${m} failed:\n${out_${m}}")
  endif()
endforeach()
if(NOT line_RTL STREQUAL line_GATE)
  message(FATAL_ERROR "fpga_selftest_gate: lines differ")
endif()
if(NOT cyc_RTL STREQUAL cyc_GATE OR cyc_RTL STREQUAL "")
  message(FATAL_ERROR "fpga_selftest_gate: line ends at a different cycle")
endif()
message("fpga_selftest_gate: same line")
