/*
 * vm_probe.h -- try one load, store or instruction fetch at a virtual
 * address from S- or U-mode and report what happened.
 *
 *   struct vm_probe p = vm_probe(PRV_U, VM_LOAD, 0x40000000, 0);
 *   CHECK_EQ(p.cause, CAUSE_LOAD_PAGE);   // VM_PROBE_OK when it worked
 *   CHECK_EQ(p.tval, 0x40000000);
 *
 * The access runs through priv_call() under the current satp, with the
 * trap_expect catcher armed: the page-fault causes may be delegated to S
 * (medeleg) or left to M.  A fetch probe calls the address (jalr ra), so
 * the page must hold a return instruction (vm_probe_put_ret()).  The
 * running code, its stack and the probe's own state must be mapped for
 * the privilege used (vm_env.h: vm_kernel_root(0) for S, vm_kernel_root(PTE_U) for U).
 * From U-mode, leave the page faults to M: an S handler could neither run
 * on U pages nor push its frame on a U stack without SUM.
 */
#ifndef FW_VM_PROBE_H
#define FW_VM_PROBE_H

#include <stdint.h>

enum vm_access { VM_LOAD, VM_STORE, VM_FETCH };

#define VM_PROBE_OK 0xffffffffu /* cause when no exception was raised */

struct vm_probe {
  uint32_t cause; /* exception cause, or VM_PROBE_OK */
  uint32_t tval;  /* its tval (mtval or stval) */
  uint32_t mode;  /* PRV_M or PRV_S: the mode that handled it */
  uint32_t value; /* the word a successful load read */
  uint32_t traps; /* exceptions taken: 0 or 1 */
};

/* Performs `access` at `va` at privilege `priv`; a store writes `value`. */
struct vm_probe vm_probe(uint32_t priv, enum vm_access access, uint32_t va,
                         uint32_t value);

/*
 * Performs a load or store at `va` from M-mode with mstatus.MPRV = 1 and
 * MPP = `priv`: translated and checked as an access of `priv`, under the
 * current satp, SUM and MXR, with any exception taken in M-mode.
 */
struct vm_probe vm_probe_mprv(uint32_t priv, enum vm_access access, uint32_t va,
                              uint32_t value);

/* Writes a return instruction at physical address `pa` and runs FENCE.I. */
void vm_probe_put_ret(uint32_t pa);

/* Returns "load", "store" or "fetch". */
const char *vm_access_name(enum vm_access access);

/* The page-fault cause of `access`: 13, 15 or 12. */
uint32_t vm_page_fault_cause(enum vm_access access);

/* The access-fault cause of `access`: 5, 7 or 1. */
uint32_t vm_access_fault_cause(enum vm_access access);

#endif /* FW_VM_PROBE_H */
