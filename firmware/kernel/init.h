/*
 * init.h -- section markers of the kernel image (Linux include/linux/init.h):
 * __init code and __initdata data live in .init.text / .init.data,
 * mapped until free_initmem() returns them to the buddy allocator.
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#define __init     __attribute__((section(".init.text"), noinline))
#define __initdata __attribute__((section(".init.data")))

/* Boundaries from kernel.lds.S (kernel virtual addresses). */
extern char _text[], _stext[], _etext[], __start_rodata[], __end_rodata[];
extern char __init_begin[], __init_text_end[], __init_end[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];

#endif /* KERNEL_INIT_H */
