/*
 * trap.h -- trap frames, trap entry points and the C-level trap dispatch.
 *
 * m_trap_entry (mtvec, direct mode) and s_trap_entry (stvec) save the whole
 * register file into a struct trap_frame on the interrupted stack, call
 * the installed C handler with it, and restore everything from the frame
 * -- including epc and status, so a handler resumes elsewhere by editing
 * tf->epc, tf->regs[] or tf->status.  m_trap_vector is a vectored-mode
 * table: each entry stores its interrupt number in tf->vector (0 for
 * exceptions, -1 for a direct-mode entry).
 */
#ifndef FW_TRAP_H
#define FW_TRAP_H

/* trap_frame layout, in 32-bit words (shared with trap_entry.S) */
#define TF_REGS     0  /* x0..x31; x0's slot is always 0, x2 = sp at the trap */
#define TF_EPC      32
#define TF_STATUS   33
#define TF_CAUSE    34
#define TF_TVAL     35
#define TF_VECTOR   36
#define TF_MODE     37 /* PRV_M or PRV_S: the mode handling the trap */
#define TF_WORDS    40 /* padded to keep sp 16-byte aligned */
#define TF_SIZE     (TF_WORDS * 4)

#define TF_VECTOR_DIRECT (-1)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
  uint32_t regs[32];
  uint32_t epc;    /* mepc / sepc; written back on return */
  uint32_t status; /* mstatus / sstatus; written back on return */
  uint32_t cause;  /* mcause / scause */
  uint32_t tval;   /* mtval / stval */
  int32_t vector;  /* vectored entry taken, or TF_VECTOR_DIRECT */
  uint32_t mode;   /* PRV_M or PRV_S: the mode handling this trap */
  uint32_t pad[TF_WORDS - 38];
};
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");

/* ABI register indices into trap_frame.regs */
enum { REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_A0 = 10, REG_A1 = 11,
       REG_A7 = 17 };

typedef void (*trap_handler_fn)(struct trap_frame *tf);

/* Entry points (trap_entry.S); m_trap_vector is 64-byte aligned. */
void m_trap_entry(void);
void s_trap_entry(void);
void m_trap_vector(void);

/*
 * Installs the C handler run for traps taken in M-mode (or S-mode); NULL
 * restores the default, trap_default().  Returns the previous handler.
 */
trap_handler_fn trap_set_m_handler(trap_handler_fn fn);
trap_handler_fn trap_set_s_handler(trap_handler_fn fn);

/*
 * The default handler: finishes a priv_call() (priv.h), records and skips
 * an exception expected by trap_expect_begin() (expect.h), and otherwise
 * prints the trap and ends the run with FW_EXIT_UNEXPECTED_TRAP.  Test
 * handlers call it for the traps they do not handle themselves.
 */
void trap_default(struct trap_frame *tf);

/* Returns the length in bytes (2 or 4) of the instruction at `pc`. */
unsigned insn_length(uint32_t pc);

/* Returns the encoding of the instruction at `pc` (16 or 32 bits). */
uint32_t insn_bits(uint32_t pc);

/* Returns nonzero if `cause` (mcause/scause value) is an interrupt. */
static inline int cause_is_interrupt(uint32_t cause) {
  return (int32_t)cause < 0;
}

/* Dispatchers called by the assembly entries. */
void m_trap_dispatch(struct trap_frame *tf);
void s_trap_dispatch(struct trap_frame *tf);
#endif /* !__ASSEMBLER__ */

#endif /* FW_TRAP_H */
