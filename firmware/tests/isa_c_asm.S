/*
 * isa_c_asm.S -- every RV32C instruction of RV32IMAC (no floating point),
 * written with explicit c.* mnemonics so the assembler cannot choose the
 * 32-bit form.  Each routine follows the C calling convention; see
 * isa_c.c for the expected results.
 */
  .option rvc
  .text

/*
 * uint32_t c_alu(uint32_t out[16]): c.li, c.lui, c.addi, c.mv, c.add,
 * c.sub, c.xor, c.or, c.and, c.andi, c.slli, c.srli, c.srai, c.nop; stores
 * one result per slot with c.sw.  Returns the number of slots written.
 */
  .globl c_alu
c_alu:
  c.li   a1, -5              /* a1 = 0xfffffffb */
  c.sw   a1, 0(a0)
  c.lui  a2, 0x12            /* a2 = 0x00012000 */
  c.sw   a2, 4(a0)
  c.lui  a3, 0xfffff         /* a3 = 0xfffff000 (sign-extended 6-bit imm) */
  c.sw   a3, 8(a0)
  c.addi a2, 31              /* 0x0001201f */
  c.sw   a2, 12(a0)
  c.addi a2, -32             /* 0x00011fff */
  c.sw   a2, 16(a0)
  c.mv   a4, a2
  c.add  a4, a1              /* 0x00011ffa */
  c.sw   a4, 20(a0)
  c.sub  a4, a2              /* 0xfffffffb */
  c.sw   a4, 24(a0)
  c.li   a5, 0x0f
  c.xor  a5, a1              /* 0xfffffff4 */
  c.sw   a5, 28(a0)
  c.or   a5, a2              /* 0xfffffff4 | 0x11fff = 0xffffffff */
  c.sw   a5, 32(a0)
  c.li   a5, 0x1c
  c.and  a5, a1              /* 0x18 */
  c.sw   a5, 36(a0)
  c.mv   a5, a3
  c.andi a5, -16             /* 0xfffff000 */
  c.andi a5, 31              /* 0 */
  c.sw   a5, 40(a0)
  c.li   a5, 3
  c.slli a5, 30              /* 0xc0000000 */
  c.sw   a5, 44(a0)
  c.mv   a4, a5
  c.srli a4, 4               /* 0x0c000000 */
  c.sw   a4, 48(a0)
  c.srai a5, 4               /* 0xfc000000 */
  c.sw   a5, 52(a0)
  c.nop
  c.li   a0, 14
  c.jr   ra

/*
 * uint32_t c_stack(uint32_t v): c.addi16sp, c.addi4spn, c.swsp, c.lwsp,
 * c.sw, c.lw.  Stores v through sp and through an addi4spn pointer and
 * returns the sum of what it reads back (3 * v + 1).
 */
  .globl c_stack
c_stack:
  c.addi16sp sp, -64
  c.swsp  a0, 60(sp)         /* [sp+60] = v */
  c.addi4spn a1, sp, 16      /* a1 = sp + 16 */
  c.sw    a0, 4(a1)          /* [sp+20] = v */
  c.lwsp  a2, 20(sp)         /* v via sp */
  c.lw    a3, 44(a1)         /* [sp+60] = v via a1 */
  c.addi  a0, 1
  c.add   a0, a2
  c.add   a0, a3
  c.addi16sp sp, 64
  c.jr    ra

/*
 * uint32_t c_flow(uint32_t x): c.j, c.jal, c.jalr, c.beqz, c.bnez.
 * Returns a bit mask of the paths taken; isa_c.c checks it for x = 0 and
 * x = 1.  c.jal links ra, so ra is saved on the stack.
 */
  .globl c_flow
c_flow:
  c.addi16sp sp, -16
  c.swsp  ra, 12(sp)
  c.li    a1, 0              /* result mask */
  c.beqz  a0, 1f
  c.addi  a1, 1              /* bit 0: x != 0 (beqz not taken) */
1:
  c.bnez  a0, 2f
  c.addi  a1, 2              /* bit 1: x == 0 (bnez not taken) */
2:
  c.j     3f
  c.addi  a1, 16             /* never: c.j skips it */
3:
  c.jal   c_flow_leaf        /* adds 4, returns with c.jr ra */
  la      a2, c_flow_leaf
  c.jalr  a2                 /* adds 4 again */
  c.mv    a0, a1
  c.lwsp  ra, 12(sp)
  c.addi16sp sp, 16
  c.jr    ra

c_flow_leaf:
  c.addi  a1, 4
  c.jr    ra

/* void c_ebreak_site(void): executes c.ebreak (isa_c.c catches it). */
  .globl c_ebreak_site
  .globl c_ebreak_pc
c_ebreak_site:
c_ebreak_pc:
  c.ebreak
  c.jr    ra

/* Byte size of c_alu .. c_ebreak_site: proves nothing was expanded. */
  .globl c_code_bytes
  .section .rodata
  .balign 4
c_code_bytes:
  .word c_ebreak_site - c_alu
