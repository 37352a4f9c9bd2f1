/*
 * fault.c -- the page-fault path (RISC-V Linux arch/riscv/mm/fault.c).
 *
 *   scause 12/13/15, stval = address
 *     |
 *   do_page_fault
 *     kernel address, from U mode ............... bad_area (SIGSEGV)
 *     kernel address or no mm, from S mode ...... no_context (oops)
 *     user address from S mode without SUM ...... no_context (oops)
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
#include "csr.h"
#include "kernel.h"
#include "mm_user.h"
#include "pgtable.h"
#include "printk.h"
#include "process.h"
#include "uaccess.h"

/* x86-style error code bits of the segfault line (what Linux prints). */
#define PF_PROT  (1u << 0) /* the page was present: a permission fault */
#define PF_WRITE (1u << 1)
#define PF_USER  (1u << 2)
#define PF_INSTR (1u << 4)

static unsigned fault_error_code(const struct trap_frame *tf, bool present) {
  unsigned code = present ? PF_PROT : 0;
  if (tf->cause == CAUSE_STORE_PAGE) code |= PF_WRITE;
  if (tf->cause == CAUSE_FETCH_PAGE) code |= PF_INSTR;
  if (!(tf->status & MSTATUS_SPP)) code |= PF_USER;
  return code;
}

/* True when the access of `tf` is one the VMA's flags allow. */
static bool access_allowed(const struct trap_frame *tf, unsigned long vm_flags) {
  switch (tf->cause) {
  case CAUSE_STORE_PAGE: return vm_flags & VM_WRITE;
  case CAUSE_FETCH_PAGE: return vm_flags & VM_EXEC;
  default: return vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
  }
}

/* True when `addr` has a present PTE in `mm` (the segfault line's PF_PROT). */
static bool user_page_present(struct mm_struct *mm, unsigned long addr) {
  pgd_t *pgd = pgd_offset(mm, addr);
  if (!pgd_present(*pgd)) return false;
  if (pgd_leaf(*pgd)) return true;
  return pte_present(*pte_offset_kernel(pgd, addr));
}

/* A kernel fault nothing can fix: the uaccess fixup, else the oops. */
static void no_context(struct trap_frame *tf) {
  uint32_t fixup = search_exception_tables(tf->epc);
  if (fixup) {
    tf->epc = fixup;
    return;
  }
  handle_exception_oops(tf);
}

void force_sig_fault(int sig, struct trap_frame *tf) {
  struct task_struct *t = current;
  if (sig == SIGSEGV) {
    bool present = tf->cause == CAUSE_FETCH_PAGE || tf->cause == CAUSE_LOAD_PAGE ||
                   tf->cause == CAUSE_STORE_PAGE
                       ? t->mm && user_page_present(t->mm, tf->tval)
                       : false;
    printk("%s[%d]: segfault at %x ip %08x sp %08x error %x\n", t->comm, t->pid,
           (unsigned)tf->tval, (unsigned)tf->epc, (unsigned)tf->regs[REG_SP],
           fault_error_code(tf, present));
  } else {
    printk("%s[%d]: unhandled signal %d code 0x1 at 0x%08x scause %x\n", t->comm, t->pid,
           sig, (unsigned)tf->epc, (unsigned)tf->cause);
  }
  do_exit(sig);
}

void do_page_fault(struct trap_frame *tf) {
  bool user = !(tf->status & MSTATUS_SPP);
  unsigned long addr = tf->tval;
  struct mm_struct *mm = current->mm;
  if (addr >= TASK_SIZE) {
    if (user) force_sig_fault(SIGSEGV, tf);
    handle_exception_oops(tf); /* the kernel's own mappings: an oops */
    return;
  }
  if (!user && (!mm || !(tf->status & MSTATUS_SUM))) {
    no_context(tf);
    return;
  }
  struct vm_area_struct *vma = find_vma(mm, addr);
  if (!vma) goto bad_area;
  if (vma->vm_start > addr) {
    if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr)) goto bad_area;
  }
  if (!access_allowed(tf, vma->vm_flags)) goto bad_area;
  unsigned int flags = FAULT_FLAG_DEFAULT;
  if (user) flags |= FAULT_FLAG_USER;
  if (tf->cause == CAUSE_STORE_PAGE) flags |= FAULT_FLAG_WRITE;
  if (tf->cause == CAUSE_FETCH_PAGE) flags |= FAULT_FLAG_INSTRUCTION;
  vm_fault_t fault = handle_mm_fault(vma, addr, flags);
  if (!(fault & VM_FAULT_ERROR)) return;
  if (fault & VM_FAULT_OOM) {
    printk("Out of memory: Killed process %d (%s)\n", current->pid, current->comm);
    if (user) do_exit(SIGKILL);
    no_context(tf);
    return;
  }
bad_area:
  if (user) force_sig_fault(SIGSEGV, tf);
  no_context(tf);
}
