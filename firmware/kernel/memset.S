/*
 * memset.S -- the kernel's memset (Linux keeps its own in arch/riscv/lib):
 * picolibc's rv32imac memset stores one byte per iteration, which made
 * clearing mem_map (about 600 KiB) most of the boot.  Head bytes up to
 * word alignment, 16-byte blocks of four word stores, words, tail bytes.
 *
 *   void *memset(void *s, int c, size_t n)   returns s
 */
#define BLOCK 16 /* bytes per unrolled iteration */
#define WORD  4

  .section .text.memset, "ax", @progbits
  .globl memset
  .type memset, @function
memset:
  mv t0, a0
  andi a1, a1, 0xff
1:                              /* head: up to word alignment */
  beqz a2, 7f
  andi t1, t0, WORD - 1
  beqz t1, 2f
  sb a1, 0(t0)
  addi t0, t0, 1
  addi a2, a2, -1
  j 1b
2:                              /* the byte in every byte lane */
  slli t1, a1, 8
  or a1, a1, t1
  slli t1, a1, 16
  or a1, a1, t1
  li t2, BLOCK
3:
  bltu a2, t2, 4f
  sw a1, 0(t0)
  sw a1, 4(t0)
  sw a1, 8(t0)
  sw a1, 12(t0)
  addi t0, t0, BLOCK
  addi a2, a2, -BLOCK
  j 3b
4:
  li t2, WORD
5:
  bltu a2, t2, 6f
  sw a1, 0(t0)
  addi t0, t0, WORD
  addi a2, a2, -WORD
  j 5b
6:                              /* tail bytes */
  beqz a2, 7f
  sb a1, 0(t0)
  addi t0, t0, 1
  addi a2, a2, -1
  j 6b
7:
  ret
  .size memset, . - memset
