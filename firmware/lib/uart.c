/* uart.c -- polled UART transmit (see uart.h). */
#include "uart.h"

#include "platform.h"

void uart_putc(char c) {
  while ((*mmio8(uart_base, UART_LSR_OFFSET) & UART_LSR_THRE) == 0) {
  }
  *mmio8(uart_base, UART_THR_OFFSET) = (uint8_t)c;
}

void uart_puts(const char *s) {
  while (*s) uart_putc(*s++);
}
