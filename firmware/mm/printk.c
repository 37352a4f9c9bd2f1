/*
 * printk.c -- printk and panic for the target: output goes to the UART
 * through firmware/lib's kvprintf, panic ends the simulation with
 * FW_EXIT_CHECK_FAILED.  (Host tests link tests/firmware/mm_host.cc
 * instead of this file.)
 */
#include "printk.h"

#include "printf.h"
#include "simctl.h"

/* Formats to the UART; returns the number of characters written. */
int printk(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = kvprintf(fmt, ap);
  va_end(ap);
  return n;
}

/* Prints "panic: <message>" and ends the run with FW_EXIT_CHECK_FAILED. */
void panic(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kprintf("panic: ");
  kvprintf(fmt, ap);
  kprintf("\n");
  va_end(ap);
  sim_exit(FW_EXIT_CHECK_FAILED);
}
