/*
 * cmdline.c -- the kernel command line.  The simulator's --cmdline=TEXT
 * writes TEXT into boot_command_line before the run (as a boot loader
 * hands Linux its command line); without it the array is empty.
 *
 *   init=/PATH            pid 1's program from the initramfs (default /init)
 *   mmcosim.selftests=0|1 run the mm self-tests and views before init (default 1)
 *   noasid                no ASIDs: every switch flushes the TLB (comparison)
 *   -- ARGS...            everything after "--" goes to init as argv[1..] (Linux)
 *   asid_bits=N           use only N ASID bits (1..sv32.asid_bits; forces rollover;
 *                         default kernel.asid_bits, or all that satp holds)
 *   lkdtm=TYPE            provoke a kernel bug in pid 1 before it enters U mode
 *                         (ACCESS_USERSPACE, ACCESS_NULL, WRITE_RO; lkdtm.c)
 *   mem=SIZE, mmcosim.ramswap=SIZE, mmcosim.vmstat=0|1   memory pressure (reclaim.c)
 *
 * Anything else panics with a one-line message naming the word.
 */
#include "asid.h"
#include "printk.h"
#include "process.h"

#include <stdlib.h>
#include <string.h>

/* In .data, not .bss: head.S clears .bss after the simulator wrote the line. */
char boot_command_line[COMMAND_LINE_SIZE] __attribute__((section(".data.cmdline")));
const char *init_path = "/init";
bool boot_selftests = true;
static char init_buf[COMMAND_LINE_SIZE];
static bool cmdline_asids = true;
const char *init_args[MAX_INIT_ARGS + 1]; /* argv[1..] of init, NULL-terminated */
static unsigned cmdline_asid_bits = KERNEL_ASID_BITS; /* kernel.asid_bits, else all satp holds */

/* Parses a whole decimal number into *v; false when `s` is not one. */
static bool parse_uint(const char *s, unsigned long *v) {
  if (!*s) return false;
  unsigned long n = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || n > 100000) return false;
    n = n * 10 + (unsigned long)(*s - '0');
  }
  *v = n;
  return true;
}

/* One word "key" or "key=value" (NUL-terminated, in a scratch copy). */
static void parse_word(char *w) {
  char *val = strchr(w, '=');
  if (val) *val++ = '\0';
  unsigned long n;
  if (!strcmp(w, "init") && val) {
    if (val[0] != '/' || !val[1]) panic("cmdline: init= needs an absolute path, got '%s'", val);
    strcpy(init_buf, val);
    init_path = init_buf;
  } else if (!strcmp(w, "mmcosim.selftests") && val) {
    if (!parse_uint(val, &n) || n > 1) panic("cmdline: mmcosim.selftests= takes 0 or 1, got '%s'", val);
    boot_selftests = n;
  } else if ((!strcmp(w, "mem") || !strcmp(w, "mmcosim.ramswap")) && val) {
    /* early parameters: checked and applied by reserve_pressure_ranges (reclaim.c) */
  } else if (!strcmp(w, "mmcosim.vmstat") && val) {
    if (!parse_uint(val, &n) || n > 1) panic("cmdline: mmcosim.vmstat= takes 0 or 1, got '%s'", val);
    show_vm_at_exit = n;
  } else if (!strcmp(w, "noasid") && !val) {
    cmdline_asids = false;
  } else if (!strcmp(w, "asid_bits") && val) {
    if (!parse_uint(val, &n) || n < 1 || n > SATP_ASID_BITS)
      panic("cmdline: asid_bits= takes 1..%d, got '%s'", SATP_ASID_BITS, val);
    cmdline_asid_bits = (unsigned)n;
  } else if (!strcmp(w, "lkdtm") && val) {
    lkdtm_type = lkdtm_parse(val);
    if (lkdtm_type == LKDTM_NONE)
      panic("cmdline: lkdtm= takes ACCESS_USERSPACE, ACCESS_NULL or WRITE_RO, got '%s'", val);
  } else {
    panic("cmdline: unknown parameter '%s%s%s'", w, val ? "=" : "", val ? val : "");
  }
}

/* The words after "--": init's arguments (Linux passes them the same way). */
static void parse_init_args(char *p) {
  unsigned n = 0;
  for (;;) {
    while (*p == ' ') p++;
    if (!*p) break;
    if (n == MAX_INIT_ARGS) panic("cmdline: more than %d arguments for init", MAX_INIT_ARGS);
    init_args[n++] = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = '\0';
  }
  init_args[n] = NULL;
}

void parse_boot_command_line(void) {
  static char scratch[COMMAND_LINE_SIZE];
  if (boot_command_line[0]) printk("Kernel command line: %s\n", boot_command_line);
  memcpy(scratch, boot_command_line, COMMAND_LINE_SIZE);
  scratch[COMMAND_LINE_SIZE - 1] = '\0';
  char *p = scratch;
  for (;;) {
    while (*p == ' ') p++;
    if (!*p) break;
    char *w = p;
    while (*p && *p != ' ') p++;
    if (*p) *p++ = '\0';
    if (!strcmp(w, "--")) {
      parse_init_args(p);
      break;
    }
    parse_word(w);
  }
  asids_init(cmdline_asid_bits, cmdline_asids);
}
