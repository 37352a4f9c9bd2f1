/*
 * crt0.S -- reset entry: M-mode, all registers zero, pc = _start.
 *
 * Sets gp and sp (top of DRAM), points mtvec at m_trap_entry, clears
 * .bss, calls main() and ends the run with main's return value through
 * simctl.  .data needs no copy: the loader places it in DRAM.
 */
#include "csr.h"

  .section .text.init, "ax", @progbits
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, m_trap_entry
  csrw mtvec, t0

  la a0, __bss_start
  la a1, __bss_end
1:
  bgeu a0, a1, 2f
  sw zero, 0(a0)
  addi a0, a0, 4
  j 1b
2:
  li a0, 0          /* argc */
  li a1, 0          /* argv */
  call main
  tail sim_exit
