/*
 * The benchmark program (scenario `bench`). arg 0: time the null system call
 * round trip; arg 1 and 2: the two sides of a yield ping-pong for the
 * context-switch cost. Results are printed as `bench NAME ops=N cycles=C`
 * lines that phoenix-bench parses. Under -icount shift=0 a cycle of rdtsc is
 * one instruction.
 */
#include "ulib.h"

#define ROUNDS 2000

int prog_bench(uint64_t arg)
{
    if (arg == 0) {
        for (int i = 0; i < 100; i++) /* warm up */
            phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
        uint64_t t0 = phx_rdtsc();
        for (int i = 0; i < ROUNDS; i++)
            phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
        uint64_t t1 = phx_rdtsc();
        phx_printf("bench null_syscall ops=%d cycles=%lu\n", ROUNDS, t1 - t0);
        return 0;
    }
    /* Ping-pong: two of these yield to each other; each yield is one system
     * call plus a switch to the other domain (through the scheduler). */
    uint64_t t0 = phx_rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        phx_yield();
    uint64_t t1 = phx_rdtsc();
    if (arg == 1)
        phx_printf("bench context_switch ops=%d cycles=%lu\n", 2 * ROUNDS, t1 - t0);
    return 0;
}
