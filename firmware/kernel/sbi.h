/*
 * sbi.h -- the ecall interface between the kernel (S mode) and the M-mode
 * shim in head.S, in the spirit of the SBI v0.1 legacy extensions that
 * OpenSBI provides:
 *
 *   a7 (extension)              a0               returns a0
 *   SBI_EXT_0_1_SET_TIMER       time (a0 low, a1 high) 0: mtimecmp = time,
 *                                                the S timer pending bit cleared
 *   SBI_EXT_0_1_CONSOLE_PUTCHAR the character    0   (waits for the UART)
 *   SBI_EXT_0_1_SHUTDOWN        exit status (*)  does not return
 *   anything else                                SBI_ERR_NOT_SUPPORTED
 *
 * (*) the legacy call takes no argument; here a0 becomes the simulator's
 * exit status through simctl.
 *
 * The timer as OpenSBI forwards it: the machine timer interrupt (MTIP)
 * cannot be delegated, so the shim takes it in M mode, masks MTIE and
 * raises the S timer pending bit (mip.STIP, delegated to S mode); the
 * kernel's next SET_TIMER clears STIP and unmasks MTIE again.
 */
#ifndef KERNEL_SBI_H
#define KERNEL_SBI_H

#define SBI_EXT_0_1_SET_TIMER       0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_0_1_SHUTDOWN        0x8
#define SBI_EXT_BASE                0x10 /* the SBI v0.2 base extension: not provided */
#define SBI_ERR_NOT_SUPPORTED       (-2)
#define SBI_EXIT_UNEXPECTED_TRAP    4 /* = FW_EXIT_UNEXPECTED_TRAP (simctl.h, checked in setup.c) */

#ifndef __ASSEMBLER__
/* One SBI call: ext in a7, arg in a0; returns a0. */
static inline long sbi_ecall(long ext, long arg) {
  register long a0 __asm__("a0") = arg;
  register long a7 __asm__("a7") = ext;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

/* Programs the next S timer interrupt at mtime `stime_value` (legacy SET_TIMER). */
static inline void sbi_set_timer(unsigned long long stime_value) {
  register long a0 __asm__("a0") = (long)(unsigned long)stime_value;
  register long a1 __asm__("a1") = (long)(unsigned long)(stime_value >> 32);
  register long a7 __asm__("a7") = SBI_EXT_0_1_SET_TIMER;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
}

/* Writes one character through the M-mode shim (early console). */
static inline void sbi_console_putchar(int ch) {
  sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, ch);
}

/* Ends the run with exit status `status`. */
static inline void __attribute__((noreturn)) sbi_shutdown(int status) {
  sbi_ecall(SBI_EXT_0_1_SHUTDOWN, status);
  __builtin_unreachable();
}
#endif

#endif /* KERNEL_SBI_H */
