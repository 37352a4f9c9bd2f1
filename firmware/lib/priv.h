/*
 * priv.h -- running code in S-mode or U-mode from an M-mode test.
 *
 * priv_call(PRV_U, fn, arg) enters U-mode through mret with mepc = a
 * trampoline that calls fn(arg) on the current stack (satp is Bare), and
 * comes back when fn returns: the trampoline then executes ecall with
 * a7 = PRIV_ECALL_RETURN, which trap_default() turns into a return from
 * priv_call() in M-mode with fn's result.  Not reentrant.
 */
#ifndef FW_PRIV_H
#define FW_PRIV_H

#define PRIV_ECALL_RETURN 0x70726976 /* a7 marker of the "return to M" ecall */

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "trap.h"

typedef uint32_t (*priv_fn)(uint32_t arg);

/*
 * Runs fn(arg) at privilege `priv` (PRV_S or PRV_U) and returns its result
 * in M-mode.  Opens PMP for all memory on first use; mstatus.MIE is
 * preserved across the call.
 */
uint32_t priv_call(uint32_t priv, priv_fn fn, uint32_t arg);

/* From S- or U-mode: ends the current priv_call() with `result`. */
void priv_return(uint32_t result) __attribute__((noreturn));

/*
 * Called by trap_default() in M-mode: if `tf` is the ecall of
 * priv_return(), makes the trap return into priv_call()'s caller and
 * returns nonzero.
 */
int priv_handle_return(struct trap_frame *tf);

/* Low-level half of priv_call() (priv_asm.S). */
uint32_t priv_enter(uint32_t priv, priv_fn fn, uint32_t arg);
void priv_resume(void);
#endif

#endif /* FW_PRIV_H */
