/*
 * lkdtm.c -- kernel bugs on purpose (a subset of Linux's LKDTM, with its
 * type names), so that the oops path can be tested: the boot parameter
 * lkdtm=TYPE makes pid 1 do one bad access in S mode just before it
 * enters U mode, with its own address space active.
 *
 *   type              access                            Linux's oops line
 *   ACCESS_USERSPACE  load from init's user stack, SUM  Unable to handle kernel access to user
 *                     clear (no uaccess routine)        memory without uaccess routines at ...
 *   ACCESS_NULL       load from address 0               (the same: 0 is a user address)
 *   WRITE_RO          store into .rodata (read-only     Unable to handle kernel paging request
 *                     after mark_rodata_ro)             at virtual address c0......
 *
 * None of them has an __ex_table entry: each ends in the oops and the run
 * stops with status 4.  Should the access work, "lkdtm: FAIL: survived"
 * is printed and pid 1 goes on.
 */
#include <string.h>

#include "printk.h"
#include "process.h"

enum lkdtm_type lkdtm_type;

static const char *const lkdtm_names[] = {
    [LKDTM_ACCESS_USERSPACE] = "ACCESS_USERSPACE",
    [LKDTM_ACCESS_NULL] = "ACCESS_NULL",
    [LKDTM_WRITE_RO] = "WRITE_RO",
};

/* The target of WRITE_RO: const, so in .rodata. */
static const unsigned long rodata_target = 0xAA55AA55ul;

enum lkdtm_type lkdtm_parse(const char *name) {
  for (unsigned i = 1; i < sizeof(lkdtm_names) / sizeof(lkdtm_names[0]); i++)
    if (!strcmp(name, lkdtm_names[i])) return (enum lkdtm_type)i;
  return LKDTM_NONE;
}

void lkdtm_run(const struct trap_frame *regs) {
  printk("lkdtm: Performing direct entry %s\n", lkdtm_names[lkdtm_type]);
  volatile unsigned long *p;
  switch (lkdtm_type) {
    case LKDTM_ACCESS_USERSPACE:
    case LKDTM_ACCESS_NULL:
      p = (volatile unsigned long *)(lkdtm_type == LKDTM_ACCESS_NULL ? 0 : regs->regs[REG_SP]);
      printk("lkdtm: attempting bad read at %08lx\n", (unsigned long)(uintptr_t)p);
      (void)*p;
      printk("lkdtm: FAIL: survived bad read\n");
      break;
    case LKDTM_WRITE_RO:
      p = (volatile unsigned long *)(uintptr_t)&rodata_target;
      printk("lkdtm: attempting bad rodata write at %08lx\n", (unsigned long)(uintptr_t)p);
      *p ^= 0xabcd1234ul;
      printk("lkdtm: FAIL: survived bad write\n");
      break;
    default:
      break;
  }
}
