/* vm_probe.c -- one access from S- or U-mode, caught (see vm_probe.h). */
#include "vm_probe.h"

#include "csr.h"
#include "expect.h"
#include "priv.h"

#define INSN_C_RET 0x8082u /* c.jr ra */

/* What the lower-mode half works on (volatile: read across modes). */
static volatile struct {
  uint32_t access, va, value, loaded;
} probe;

/* Runs in S- or U-mode: the one access. */
static uint32_t probe_body(uint32_t arg) {
  uint32_t va = probe.va, v = 0;
  switch (probe.access) {
    case VM_LOAD:
      __asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(va) : "memory");
      probe.loaded = v;
      break;
    case VM_STORE:
      __asm__ volatile("sw %0, 0(%1)" : : "r"(probe.value), "r"(va) : "memory");
      break;
    default:
      /* a fetch fault resumes at ra (expect.h), i.e. right after the jalr */
      __asm__ volatile("jalr ra, 0(%0)" : : "r"(va) : "ra", "memory");
      break;
  }
  return arg;
}

struct vm_probe vm_probe(uint32_t priv, enum vm_access access, uint32_t va,
                         uint32_t value) {
  probe.access = access;
  probe.va = va;
  probe.value = value;
  probe.loaded = 0;
  trap_expect_begin();
  (void)priv_call(priv, probe_body, 0);
  struct trap_record r = trap_expect_end();
  struct vm_probe p;
  p.traps = r.count;
  p.cause = r.count ? r.cause : VM_PROBE_OK;
  p.tval = r.tval;
  p.mode = r.mode;
  p.value = probe.loaded;
  return p;
}

struct vm_probe vm_probe_mprv(uint32_t priv, enum vm_access access, uint32_t va,
                              uint32_t value) {
  uint32_t mpp = priv << MSTATUS_MPP_SHIFT, v = 0;
  uint32_t old = csr_read(CSR_MSTATUS) & (MSTATUS_MPP | MSTATUS_MPRV);
  csr_clear(CSR_MSTATUS, MSTATUS_MPP);
  csr_set(CSR_MSTATUS, mpp);
  trap_expect_begin();
  /*
   * MPRV is on for exactly one access.  A fault enters M with MPP = M, so
   * the handler's own accesses stay untranslated; its mret leaves MPRV on
   * (MPP was M) until the csrc right after.
   */
  if (access == VM_STORE) {
    __asm__ volatile("csrs mstatus, %0\n\tsw %1, 0(%2)\n\tcsrc mstatus, %0"
                     : : "r"(MSTATUS_MPRV), "r"(value), "r"(va) : "memory");
  } else {
    __asm__ volatile("csrs mstatus, %1\n\tlw %0, 0(%2)\n\tcsrc mstatus, %1"
                     : "=&r"(v) : "r"(MSTATUS_MPRV), "r"(va) : "memory");
  }
  struct trap_record r = trap_expect_end();
  csr_clear(CSR_MSTATUS, MSTATUS_MPP | MSTATUS_MPRV);
  csr_set(CSR_MSTATUS, old);
  struct vm_probe p;
  p.traps = r.count;
  p.cause = r.count ? r.cause : VM_PROBE_OK;
  p.tval = r.tval;
  p.mode = r.mode;
  p.value = v;
  return p;
}

void vm_probe_put_ret(uint32_t pa) {
  *(volatile uint16_t *)(uintptr_t)pa = INSN_C_RET;
  __asm__ volatile("fence.i" ::: "memory");
}

const char *vm_access_name(enum vm_access access) {
  return access == VM_LOAD ? "load" : access == VM_STORE ? "store" : "fetch";
}

uint32_t vm_page_fault_cause(enum vm_access access) {
  return access == VM_LOAD ? CAUSE_LOAD_PAGE
         : access == VM_STORE ? CAUSE_STORE_PAGE : CAUSE_FETCH_PAGE;
}

uint32_t vm_access_fault_cause(enum vm_access access) {
  return access == VM_LOAD ? CAUSE_LOAD_ACCESS
         : access == VM_STORE ? CAUSE_STORE_ACCESS : CAUSE_FETCH_ACCESS;
}
