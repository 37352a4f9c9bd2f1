/*
 * fault.c -- the page-fault path (RISC-V Linux arch/riscv/mm/fault.c).
 *
 *   scause 12/13/15, stval = address
 *     |
 *   do_page_fault
 *     kernel address, from U mode ............... bad_area (SIGSEGV)
 *     vmalloc address from S mode, in init_mm but not in this pgd
 *                                                 vmalloc_fault: copy the pgd entry
 *     other kernel address, from S mode ......... oops "paging request"
 *     user address from S mode, no mm ........... no_context
 *     user address from S mode without SUM ...... no_context ("access to user
 *                                                 memory without uaccess routines")
 *     find_vma: none, or below it and not VM_GROWSDOWN / expand_stack fails
 *                                                 bad_area
 *     access against vm_flags (write: VM_WRITE, fetch: VM_EXEC,
 *       load: VM_READ | VM_WRITE | VM_EXEC) ..... bad_area
 *     handle_mm_fault (zero page, anonymous, COW, A/D) -> done
 *   bad_area: from U mode: the segfault line, exit with SIGSEGV (status 139
 *             in a shell); from S mode: no_context
 *   no_context: an __ex_table fixup for epc (uaccess) -> resume there;
 *             else oops naming the address
 */
#include "asid.h"
#include "csr.h"
#include "expect.h"
#include "kernel.h"
#include "memory.h"
#include "mmap.h"
#include "printk.h"
#include "process.h"
#include "uaccess.h"
#include "vmalloc.h"

/*
 * A kernel fault the mm cannot fix: the uaccess fixup, a self-test's
 * expected fault, else the oops ("Unable to handle kernel <msg> ...";
 * msg NULL: "paging request" or "NULL pointer dereference").
 */
static void no_context(struct trap_frame *tf, const char *msg) {
  uint32_t fixup = search_exception_tables(tf->epc);
  if (fixup) {
    tf->epc = fixup;
    return;
  }
  if (!msg) {
    handle_exception_oops(tf);
    return;
  }
  if (!trap_expect_handle(tf)) die_kernel_fault(msg, tf);
}

/* The page directory the hart walks now (satp), the active mm's. */
static pgd_t *active_pgd(void) {
  return __va(PFN_PHYS(csr_read(CSR_SATP) & SATP_PPN_MASK));
}

/* The segfault line's error code for a fault that never reached the mm (kernel address). */
static unsigned int error_code(const struct trap_frame *tf, bool user) {
  unsigned int e = user ? X86_PF_USER : 0;
  if (tf->cause == CAUSE_STORE_PAGE) e |= X86_PF_WRITE;
  if (tf->cause == CAUSE_FETCH_PAGE) e |= X86_PF_INSTR;
  return e;
}

static void __attribute__((noreturn)) segv(struct trap_frame *tf, unsigned int error) {
  show_segfault(current->comm, current->pid, tf->tval, tf->epc, tf->regs[REG_SP], error);
  do_exit(SIGSEGV);
}

void force_sig_fault(int sig, struct trap_frame *tf) {
  if (sig == SIGSEGV) segv(tf, error_code(tf, !(tf->status & MSTATUS_SPP)));
  printk("%s[%d]: unhandled signal %d code 0x1 at 0x%08x scause %x\n", current->comm,
         current->pid, sig, (unsigned)tf->epc, (unsigned)tf->cause);
  do_exit(sig);
}

void do_page_fault(struct trap_frame *tf) {
  bool user = !(tf->status & MSTATUS_SPP);
  unsigned long addr = tf->tval;
  struct mm_struct *mm = current->mm;
  if (addr >= TASK_SIZE) {
    if (user) segv(tf, error_code(tf, true));
    if (vmalloc_fault(active_pgd(), addr) == 0) return; /* a pgd entry made after this pgd */
    handle_exception_oops(tf); /* the kernel's own mappings: an oops */
    return;
  }
  if (!user && !mm) {
    no_context(tf, NULL);
    return;
  }
  if (!user && !(tf->status & MSTATUS_SUM)) {
    no_context(tf, "access to user memory without uaccess routines");
    return;
  }
  unsigned int error = 0;
  int r = do_user_addr_fault(mm, addr, tf->cause, user, &error);
  if (r == 0) return;
  if (r < 0) { /* -ENOMEM */
    if (user && current->oom_killed) do_exit(SIGKILL); /* the OOM killer chose us and said so */
    printk("Out of memory: Killed process %d (%s)\n", current->pid, current->comm);
    if (user) do_exit(SIGKILL);
    no_context(tf, NULL);
    return;
  }
  if (user) segv(tf, error);
  no_context(tf, NULL);
}
