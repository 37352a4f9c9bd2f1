/*
 * csr.h -- CSR numbers, bit names and access macros (RISC-V privileged spec).
 *
 * The macros take the CSR as a name or number token, pasted into the
 * instruction, so `csr_read(CSR_MSTATUS)` and `csr_read(mstatus)` both work.
 * Usable from assembly (numbers and bits only) and from C.
 */
#ifndef FW_CSR_H
#define FW_CSR_H

#include "mmcosim_cfg.h" /* MMCOSIM_U: the unsigned suffix in C, none in assembly */

/* ---- privilege levels (mstatus.MPP / SPP encodings) ---- */
#define PRV_U MMCOSIM_U(0)
#define PRV_S MMCOSIM_U(1)
#define PRV_M MMCOSIM_U(3)

/* ---- CSR numbers ---- */
#define CSR_SSTATUS    0x100
#define CSR_SIE        0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP        0x144
#define CSR_SATP       0x180

#define CSR_MSTATUS    0x300
#define CSR_MISA       0x301
#define CSR_MEDELEG    0x302
#define CSR_MIDELEG    0x303
#define CSR_MIE        0x304
#define CSR_MTVEC      0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MSCRATCH   0x340
#define CSR_MEPC       0x341
#define CSR_MCAUSE     0x342
#define CSR_MTVAL      0x343
#define CSR_MIP        0x344
#define CSR_PMPCFG0    0x3a0
#define CSR_PMPADDR0   0x3b0

#define CSR_TSELECT    0x7a0 /* Sdtrig */
#define CSR_TDATA1     0x7a1
#define CSR_TDATA2     0x7a2
#define CSR_TCONTROL   0x7a5

#define CSR_MCYCLE     0xb00
#define CSR_MINSTRET   0xb02
#define CSR_MHPMCOUNTER3  0xb03
#define CSR_MCYCLEH    0xb80
#define CSR_MINSTRETH  0xb82
#define CSR_MHPMCOUNTER3H 0xb83
#define CSR_MHPMEVENT3 0x323

#define CSR_CYCLE      0xc00
#define CSR_TIME       0xc01
#define CSR_INSTRET    0xc02
#define CSR_HPMCOUNTER3 0xc03
#define CSR_CYCLEH     0xc80
#define CSR_TIMEH      0xc81
#define CSR_INSTRETH   0xc82

#define CSR_MVENDORID  0xf11
#define CSR_MARCHID    0xf12
#define CSR_MIMPID     0xf13
#define CSR_MHARTID    0xf14

/* ---- mstatus / sstatus bits ---- */
#define MSTATUS_SIE        (MMCOSIM_U(1) << 1)
#define MSTATUS_MIE        (MMCOSIM_U(1) << 3)
#define MSTATUS_SPIE       (MMCOSIM_U(1) << 5)
#define MSTATUS_MPIE       (MMCOSIM_U(1) << 7)
#define MSTATUS_SPP        (MMCOSIM_U(1) << 8)
#define MSTATUS_MPP_SHIFT  11
#define MSTATUS_MPP        (MMCOSIM_U(3) << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPRV       (MMCOSIM_U(1) << 17)
#define MSTATUS_SUM        (MMCOSIM_U(1) << 18)
#define MSTATUS_MXR        (MMCOSIM_U(1) << 19)

/* ---- mip / mie bits (interrupt numbers = mcause codes) ---- */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP (MMCOSIM_U(1) << IRQ_S_SOFT)
#define MIP_MSIP (MMCOSIM_U(1) << IRQ_M_SOFT)
#define MIP_STIP (MMCOSIM_U(1) << IRQ_S_TIMER)
#define MIP_MTIP (MMCOSIM_U(1) << IRQ_M_TIMER)
#define MIP_SEIP (MMCOSIM_U(1) << IRQ_S_EXT)
#define MIP_MEIP (MMCOSIM_U(1) << IRQ_M_EXT)

/* ---- mcause ---- */
#define MCAUSE_INTERRUPT   (MMCOSIM_U(1) << 31)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

/* ---- mtvec ---- */
#define MTVEC_MODE_DIRECT   MMCOSIM_U(0)
#define MTVEC_MODE_VECTORED MMCOSIM_U(1)
#define MTVEC_MODE_MASK     MMCOSIM_U(3)

/* ---- misa ---- */
#define MISA_MXL_SHIFT 30
#define MISA_MXL_32    MMCOSIM_U(1)
#define MISA_EXT(letter) (MMCOSIM_U(1) << ((letter) - 'A'))

/* ---- counteren / mcountinhibit bits ---- */
#define COUNTEREN_CY     (MMCOSIM_U(1) << 0)
#define COUNTEREN_TM     (MMCOSIM_U(1) << 1)
#define COUNTEREN_IR     (MMCOSIM_U(1) << 2)
#define COUNTEREN_HPM(n) (MMCOSIM_U(1) << (n))

/* ---- menvcfg / senvcfg (Zicbom, Zicboz enables) ---- */
#define CSR_SENVCFG       0x10a
#define CSR_MENVCFG       0x30a
#define ENVCFG_CBIE_FLUSH (MMCOSIM_U(1) << 4) /* CBIE = 01: cbo.inval flushes */
#define ENVCFG_CBIE_INVAL (MMCOSIM_U(3) << 4) /* CBIE = 11: cbo.inval invalidates */
#define ENVCFG_CBCFE      (MMCOSIM_U(1) << 6) /* cbo.clean, cbo.flush allowed below */
#define ENVCFG_CBZE       (MMCOSIM_U(1) << 7) /* cbo.zero allowed below */

/* ---- pmpcfg fields (for the "allow everything" entry) ---- */
#define PMPCFG_R     (MMCOSIM_U(1) << 0)
#define PMPCFG_W     (MMCOSIM_U(1) << 1)
#define PMPCFG_X     (MMCOSIM_U(1) << 2)
#define PMPCFG_NAPOT (MMCOSIM_U(3) << 3)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define FW_STRINGIFY_(x) #x
#define FW_STRINGIFY(x) FW_STRINGIFY_(x)

/* Reads a CSR. */
#define csr_read(csr) ({ \
  uint32_t v_; \
  __asm__ volatile("csrr %0, " FW_STRINGIFY(csr) : "=r"(v_) : : "memory"); \
  v_; })

/* Writes a CSR. */
#define csr_write(csr, val) \
  __asm__ volatile("csrw " FW_STRINGIFY(csr) ", %0" : : "rK"((uint32_t)(val)) : "memory")

/* Writes a CSR and returns its old value. */
#define csr_swap(csr, val) ({ \
  uint32_t v_; \
  __asm__ volatile("csrrw %0, " FW_STRINGIFY(csr) ", %1" \
                   : "=r"(v_) : "rK"((uint32_t)(val)) : "memory"); \
  v_; })

/* Sets bits in a CSR and returns its old value. */
#define csr_set(csr, bits) ({ \
  uint32_t v_; \
  __asm__ volatile("csrrs %0, " FW_STRINGIFY(csr) ", %1" \
                   : "=r"(v_) : "rK"((uint32_t)(bits)) : "memory"); \
  v_; })

/* Clears bits in a CSR and returns its old value. */
#define csr_clear(csr, bits) ({ \
  uint32_t v_; \
  __asm__ volatile("csrrc %0, " FW_STRINGIFY(csr) ", %1" \
                   : "=r"(v_) : "rK"((uint32_t)(bits)) : "memory"); \
  v_; })

/* Reads a 64-bit counter CSR pair (lo, hi) consistently on RV32. */
#define csr_read64(lo, hi) ({ \
  uint32_t h_, l_, h2_; \
  do { \
    h_ = csr_read(hi); \
    l_ = csr_read(lo); \
    h2_ = csr_read(hi); \
  } while (h_ != h2_); \
  ((uint64_t)h_ << 32) | l_; })

#endif /* !__ASSEMBLER__ */
#endif /* FW_CSR_H */
