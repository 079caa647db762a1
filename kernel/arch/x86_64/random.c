/*
 * The CPU's random number generator for the entropy pool (entropy.c):
 * RDRAND (CPUID.1:ECX bit 30), retried as Intel's guide advises, since a
 * failure (CF = 0) only means the DRNG was momentarily drained.
 */
#include "arch.h"
#include "cpu.h"

static int hw = -1; /* unknown, 0, 1 */

bool arch_has_hw_random(void)
{
    if (hw < 0) {
        uint32_t r[4];
        cpuid(1, 0, r);
        hw = (r[2] >> 30) & 1;
    }
    return hw == 1;
}

bool arch_hw_random(uint64_t *v)
{
    if (!arch_has_hw_random())
        return false;
    for (int i = 0; i < 10; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
        if (ok)
            return true;
    }
    return false;
}
