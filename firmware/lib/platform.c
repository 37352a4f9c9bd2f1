/* platform.c -- the device window bases the runtime uses (see platform.h). */
#include "platform.h"

uintptr_t uart_base = UART_BASE;
uintptr_t simctl_base = SIMCTL_BASE;
uintptr_t clint_base = CLINT_BASE;

void platform_set_device_bases(uintptr_t uart, uintptr_t simctl, uintptr_t clint) {
  uart_base = uart;
  simctl_base = simctl;
  clint_base = clint;
}
