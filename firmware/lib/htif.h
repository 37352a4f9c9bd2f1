/*
 * htif.h -- Spike's host-target interface, as riscv-tests' benchmarks use it.
 *
 * The simulator watches the ELF symbols tohost/fromhost (section .tohost):
 * writing (code << 1) | 1 to tohost ends the run with exit status `code`;
 * writing the address of a magic_mem block {which, arg0, arg1, arg2, ...}
 * performs syscall `which`, stores its result in magic_mem[0] and sets
 * fromhost to 1.
 */
#ifndef FW_HTIF_H
#define FW_HTIF_H

#include <stddef.h>
#include <stdint.h>

#define HTIF_SYS_WRITE 64 /* SYS_write (fd, buf, len) */
#define HTIF_STDOUT    1

/* Runs host syscall `which` with three arguments; returns its result. */
long htif_syscall(uint64_t which, uint64_t a0, uint64_t a1, uint64_t a2);

/* Writes `len` bytes of `buf` to the host's stdout; returns bytes written. */
long htif_write(const void *buf, size_t len);

/* Ends the run with exit status `code` through tohost; never returns. */
void htif_exit(uint32_t code) __attribute__((noreturn));

#endif /* FW_HTIF_H */
