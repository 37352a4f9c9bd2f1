/* thread_info.h -- the kernel stack of the boot thread (init_stack, setup.c). */
#ifndef KERNEL_THREAD_INFO_H
#define KERNEL_THREAD_INFO_H

#define THREAD_SIZE 8192 /* bytes of init_stack, as Linux's 32-bit THREAD_SIZE */

#endif /* KERNEL_THREAD_INFO_H */
