/*
 * gdb_target -- a program for the GDB stub's memory tests (tests/gdb): it
 * stores a value just before it calls gdb_stop_here() (with the write-back
 * D-cache the line is then dirty: DRAM still holds the old value), and
 * after the call prints a variable it read before the call (so its line is
 * in the D-cache, clean) and that the debugger may have written meanwhile.
 *
 * Output:
 *   gdb_target: input=0x<gdb_input>
 */
#include <stdint.h>

#include "printf.h"

volatile uint32_t gdb_stored;        /* stored just before the stop */
volatile uint32_t gdb_input = 0x11;  /* read before and after the stop */

/* Where the debugger breaks; does nothing. */
void __attribute__((noinline)) gdb_stop_here(void) { __asm__ volatile("" ::: "memory"); }

int main(void) {
  uint32_t before = gdb_input;
  gdb_stored = 0x5eed1234u + before;
  gdb_stop_here();
  kprintf("gdb_target: input=0x%08x\n", (unsigned)gdb_input);
  return 0;
}
