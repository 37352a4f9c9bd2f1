/*
 * trigger_ckpt -- an Sdtrig trigger outlives a checkpoint: M-mode arms a
 * store trigger (mcontrol6, match equal, M bit, tcontrol.mte = 1) on a
 * variable, writes simctl marker TRIGGER_MARKER (where tests/cli saves a
 * checkpoint with --ff-until=marker:N --save and restores it), then stores
 * to the variable: the trigger fires before the store (breakpoint, cause 3,
 * tval = the address, the variable unchanged).  A load of it does not
 * fire.  Prints "PASS trigger_ckpt".
 */
#include "csr.h"
#include "expect.h"
#include "simctl.h"
#include "test.h"

#define TRIGGER_MARKER 11 /* tests/cli/ff_test.cc switches here */

/* mcontrol6 (RV32): type 6 in [31:28], m = bit 6, store = bit 1. */
#define MCONTROL6_TYPE   (MMCOSIM_U(6) << 28)
#define MCONTROL6_M      (MMCOSIM_U(1) << 6)
#define MCONTROL6_STORE  (MMCOSIM_U(1) << 1)
#define TCONTROL_MTE     (MMCOSIM_U(1) << 3)

static volatile uint32_t watched = 0x1234;

int main(void) {
  test_begin("trigger_ckpt");
  csr_write(CSR_TSELECT, 0);
  csr_write(CSR_TDATA1, 0); /* disable while tdata2 changes */
  csr_write(CSR_TDATA2, (uint32_t)&watched);
  csr_write(CSR_TDATA1, MCONTROL6_TYPE | MCONTROL6_M | MCONTROL6_STORE);
  csr_write(CSR_TCONTROL, TCONTROL_MTE);
  CHECK_EQ(csr_read(CSR_TDATA1) >> 28, 6);

  sim_marker(TRIGGER_MARKER);

  trap_expect_begin();
  uint32_t seen = watched; /* a load: no store trigger */
  watched = 0x5678;
  struct trap_record r = trap_expect_end();
  CHECK_EQ(seen, 0x1234);
  CHECK_EQ(r.count, 1);
  CHECK_EQ(r.cause, CAUSE_BREAKPOINT);
  CHECK_EQ(r.tval, (uint32_t)&watched);
  CHECK_EQ(watched, 0x1234); /* fired before the store */
  CHECK_EQ(csr_read(CSR_TCONTROL) & TCONTROL_MTE, TCONTROL_MTE); /* MRET */

  csr_write(CSR_TDATA1, 0);
  watched = 0x5678;
  CHECK_EQ(watched, 0x5678);
  return test_end();
}
