/*
 * trace_window -- opens and closes the waveform from firmware through
 * simctl: a busy loop before, one inside and one after the window.  With
 * `--trace=F --trace-start=<far>` the FST holds exactly the window.
 *
 * Output:
 *   trace_window: on=<mcycle> off=<mcycle>
 */
#include <stdint.h>

#include "hpm.h"
#include "printf.h"
#include "simctl.h"

#define SPIN_BEFORE 2000
#define SPIN_INSIDE 500
#define SPIN_AFTER 20000

/* Spends about `n` loop iterations without touching memory. */
static void spin(uint32_t n) {
  for (volatile uint32_t i = 0; i < n; i++) {
  }
}

int main(void) {
  spin(SPIN_BEFORE);
  uint64_t on = rd_mcycle();
  sim_trace(1);
  spin(SPIN_INSIDE);
  sim_trace(0);
  uint64_t off = rd_mcycle();
  spin(SPIN_AFTER);
  kprintf("trace_window: on=%llu off=%llu\n", (unsigned long long)on,
          (unsigned long long)off);
  return 0;
}
