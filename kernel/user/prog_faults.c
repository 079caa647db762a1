/*
 * Misbehaving programs for the `faults` scenario. Each does one thing a
 * domain must not be able to get away with; the kernel must kill it with a
 * clear report and carry on. None of them should ever return.
 */
#include "ulib.h"

int prog_null_deref(uint64_t arg)
{
    (void)arg;
    volatile uint64_t *p = 0;
    phx_printf("null_deref: reading address 0\n");
    return (int)*p;
}

int prog_kwrite(uint64_t arg)
{
    (void)arg;
    /* The kernel image's first page (KERNBASE + 1 MiB): mapped, but
     * supervisor-only. */
    volatile uint64_t *k = (volatile uint64_t *)0xffffffff80100000ull;
    phx_printf("kwrite: writing kernel memory at %p\n", (void *)k);
    *k = 0xdeadbeef;
    return 0;
}

int prog_priv(uint64_t arg)
{
    phx_printf("priv: privileged instruction %lu\n", arg);
    switch (arg) {
    case 0:
        __asm__ volatile("cli");
        break;
    case 1:
        __asm__ volatile("hlt");
        break;
    case 2: {
        uint64_t cr3;
        __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
        break;
    }
    case 3:
        __asm__ volatile("outb %%al, $0xf4" : : "a"(0));
        break; /* the QEMU exit port */
    default:
        __asm__ volatile("wrmsr" : : "c"(0xc0000082), "a"(0), "d"(0));
        break;
    }
    return 0;
}

int prog_div0(uint64_t arg)
{
    volatile int zero = 0;
    phx_printf("div0: dividing %lu by zero\n", arg + 1);
    return (int)(arg + 1) / zero;
}

int prog_spin(uint64_t arg)
{
    if (arg == 0)
        phx_printf("spin: spinning forever\n");
    for (;;)
        __asm__ volatile("" ::: "memory");
}
