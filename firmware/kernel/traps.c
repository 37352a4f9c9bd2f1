/*
 * traps.c -- the kernel's S-mode trap handling.
 *
 * do_trap (called by entry.S for every trap) sends system calls from U
 * mode to do_syscall, page faults to do_page_fault, the S timer interrupt
 * to scheduler_tick, and any other exception of a user task to a fatal
 * signal.  On the way back to U mode it reschedules when the tick asked.
 *
 * handle_exception_oops covers what the kernel itself did wrong: a fault a
 * self-test provokes on purpose (armed with trap_expect_begin) is
 * recorded and skipped; anything else prints Linux's oops lines and ends
 * the run with FW_EXIT_UNEXPECTED_TRAP through the M-mode shim (which
 * works before the device windows are mapped, too).
 */
#include "csr.h"
#include "expect.h"
#include "kernel.h"
#include "printk.h"
#include "process.h"
#include "sbi.h"
#include "simctl.h"

/* The oops lines after the first, and the halt (Linux die() with panic_on_oops). */
static void __attribute__((noreturn)) die(const struct trap_frame *tf) {
  printk("Oops [#1]: scause %08x sepc %08x stval %08x ra %08x sp %08x\n",
         (unsigned)tf->cause, (unsigned)tf->epc, (unsigned)tf->tval,
         (unsigned)tf->regs[REG_RA], (unsigned)tf->regs[REG_SP]);
  if (current)
    printk("CPU: 0 PID: %d Comm: %s\n", current->pid, current->comm);
  printk("Kernel panic - not syncing: Fatal exception\n");
  sbi_shutdown(FW_EXIT_UNEXPECTED_TRAP);
  for (;;) {
  }
}

void die_kernel_fault(const char *msg, struct trap_frame *tf) {
  printk("Unable to handle kernel %s at virtual address %08x\n", msg, (unsigned)tf->tval);
  die(tf);
}

void handle_exception_oops(struct trap_frame *tf) {
  if (trap_expect_handle(tf)) return;
  if (tf->cause == CAUSE_FETCH_PAGE || tf->cause == CAUSE_LOAD_PAGE ||
      tf->cause == CAUSE_STORE_PAGE)
    die_kernel_fault(tf->tval < PAGE_SIZE ? "NULL pointer dereference" : "paging request", tf);
  die(tf);
}

static bool from_user(const struct trap_frame *tf) {
  return !(tf->status & MSTATUS_SPP);
}

void do_trap(struct trap_frame *tf) {
  bool user = from_user(tf);
  if (cause_is_interrupt(tf->cause)) {
    if ((tf->cause & ~MCAUSE_INTERRUPT) == IRQ_S_TIMER) scheduler_tick();
    else handle_exception_oops(tf);
  } else {
    switch (tf->cause) {
    case CAUSE_ECALL_U:
      tf->epc += 4;
      do_syscall(tf);
      break;
    case CAUSE_FETCH_PAGE:
    case CAUSE_LOAD_PAGE:
    case CAUSE_STORE_PAGE:
      do_page_fault(tf);
      break;
    case CAUSE_ILLEGAL_INSN:
    case CAUSE_BREAKPOINT:
      if (user) force_sig_fault(SIGILL, tf);
      handle_exception_oops(tf);
      break;
    default: /* misaligned and access faults */
      if (user) force_sig_fault(tf->cause == CAUSE_MISALIGNED_LOAD ||
                                tf->cause == CAUSE_MISALIGNED_STORE ||
                                tf->cause == CAUSE_MISALIGNED_FETCH ? SIGBUS : SIGSEGV, tf);
      handle_exception_oops(tf);
      break;
    }
  }
  if (user && need_resched) schedule();
  if (user && current->oom_killed) do_exit(SIGKILL); /* chosen by the OOM killer */
}
