/*
 * spike_vm_fail -- spike_vm with test case 7 expecting a wrong value in
 * a demand-paged page: tohost = (7 << 1) | 1, exit status 7.
 */
#define SPIKE_VM_BROKEN_CASE 1
#include "spike_vm.S"
