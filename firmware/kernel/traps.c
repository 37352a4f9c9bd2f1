/*
 * traps.c -- the kernel's S-mode trap handler.  A fault a self-test
 * provokes on purpose (armed with trap_expect_begin, the counterpart of
 * Linux's exception-table fixups) is recorded and skipped; anything else
 * prints Linux's oops lines and ends the run with FW_EXIT_UNEXPECTED_TRAP
 * through the M-mode shim (which works before the device windows are
 * mapped, too).
 */
#include "csr.h"
#include "expect.h"
#include "kernel.h"
#include "printk.h"
#include "sbi.h"
#include "simctl.h"

void handle_exception(struct trap_frame *tf) {
  if (trap_expect_handle(tf)) return;
  if (tf->cause == CAUSE_FETCH_PAGE || tf->cause == CAUSE_LOAD_PAGE ||
      tf->cause == CAUSE_STORE_PAGE)
    printk("Unable to handle kernel paging request at virtual address %08x\n",
           (unsigned)tf->tval);
  printk("Oops [#1]: scause %08x sepc %08x stval %08x ra %08x sp %08x\n",
         (unsigned)tf->cause, (unsigned)tf->epc, (unsigned)tf->tval,
         (unsigned)tf->regs[REG_RA], (unsigned)tf->regs[REG_SP]);
  sbi_shutdown(FW_EXIT_UNEXPECTED_TRAP);
}
