/* uart.h -- polled transmit on the 16550-style UART. */
#ifndef FW_UART_H
#define FW_UART_H

/* Writes one byte to the UART, waiting while the transmitter is busy. */
void uart_putc(char c);

/* Writes a NUL-terminated string to the UART. */
void uart_puts(const char *s);

#endif /* FW_UART_H */
