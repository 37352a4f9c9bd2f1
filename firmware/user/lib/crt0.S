/*
 * crt0.S -- the entry of a user program.  The kernel's execve leaves sp
 * at argc, followed by argv[], NULL, envp[], NULL, auxv (Linux's initial
 * stack).  _start sets gp and calls exit(main(argc, argv, envp)).
 */
  .section .text.start, "ax", @progbits
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  lw a0, 0(sp)                          /* argc */
  addi a1, sp, 4                        /* argv */
  slli a2, a0, 2
  add a2, a2, a1
  addi a2, a2, 4                        /* envp: past argv's NULL */
  andi sp, sp, -16
  call main
  call exit
1:
  j 1b
