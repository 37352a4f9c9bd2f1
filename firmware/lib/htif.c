/* htif.c -- tohost/fromhost and proxied syscalls (see htif.h). */
#include "htif.h"

/* The simulator finds these by name; 8-byte aligned, in their own section. */
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(8)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

#define HTIF_MAGIC_WORDS 8

/*
 * Writes `value` to tohost: the high word first, so that the low word's
 * store -- the one a 32-bit host watches -- carries a complete command.
 */
static void tohost_write(uint64_t value) {
  volatile uint32_t *word = (volatile uint32_t *)&tohost;
  word[1] = (uint32_t)(value >> 32);
  word[0] = (uint32_t)value;
}

long htif_syscall(uint64_t which, uint64_t a0, uint64_t a1, uint64_t a2) {
  static volatile uint64_t magic_mem[HTIF_MAGIC_WORDS]
      __attribute__((aligned(64)));
  magic_mem[0] = which;
  magic_mem[1] = a0;
  magic_mem[2] = a1;
  magic_mem[3] = a2;
  __asm__ volatile("fence" ::: "memory");
  tohost_write((uintptr_t)magic_mem);
  while (fromhost == 0) {
  }
  fromhost = 0;
  __asm__ volatile("fence" ::: "memory");
  return (long)magic_mem[0];
}

long htif_write(const void *buf, size_t len) {
  return htif_syscall(HTIF_SYS_WRITE, HTIF_STDOUT, (uintptr_t)buf, len);
}

void htif_exit(uint32_t code) {
  for (;;) tohost_write(((uint64_t)code << 1) | 1);
}
