/*
 * initramfs_data.S -- the initramfs (cpio newc, built by firmware/Makefile
 * with `cpio -o -H newc` from the user programs) embedded in the kernel
 * image's .rodata, between __initramfs_start and __initramfs_end.
 */
  .section .rodata.initramfs, "a", @progbits
  .balign 4
  .globl __initramfs_start, __initramfs_end
__initramfs_start:
  .incbin INITRAMFS_IMAGE
__initramfs_end:
