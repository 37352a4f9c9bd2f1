/*
 * isa.h -- one-instruction wrappers for the ISA tests.
 *
 * Each macro runs exactly the named instruction on register operands (or
 * an immediate) in inline assembly, so the compiler can neither fold the
 * result at compile time nor pick another instruction.
 */
#ifndef FW_TESTS_ISA_H
#define FW_TESTS_ISA_H

#include <stdint.h>

/* rd = insn rs1, rs2 */
#define RR(insn, a, b) ({ \
  uint32_t r_; \
  __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint32_t)(a)), "r"((uint32_t)(b))); \
  r_; })

/* rd = insn rs1, imm (imm must be a constant) */
#define RI(insn, a, imm) ({ \
  uint32_t r_; \
  __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint32_t)(a)), "i"(imm)); \
  r_; })

/* rd = insn imm (lui / auipc-style) */
#define UI(insn, imm) ({ \
  uint32_t r_; \
  __asm__ volatile(insn " %0, %1" : "=r"(r_) : "i"(imm)); \
  r_; })

/* rd = load insn from address p */
#define LOAD(insn, p) ({ \
  uint32_t r_; \
  __asm__ volatile(insn " %0, 0(%1)" : "=r"(r_) : "r"(p) : "memory"); \
  r_; })

/* store insn of v to address p */
#define STORE(insn, v, p) \
  __asm__ volatile(insn " %0, 0(%1)" : : "r"((uint32_t)(v)), "r"(p) : "memory")

/* 1 if branch insn rs1, rs2 is taken, else 0 */
#define BR(insn, a, b) ({ \
  uint32_t t_; \
  __asm__ volatile("li %0, 1\n\t" insn " %1, %2, 1f\n\tli %0, 0\n1:" \
                   : "=&r"(t_) : "r"((uint32_t)(a)), "r"((uint32_t)(b))); \
  t_; })

#endif /* FW_TESTS_ISA_H */
