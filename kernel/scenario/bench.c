/*
 * Scenario `bench`: the numbers phoenix-bench reports, each printed as
 * `bench NAME ops=N cycles=C` with C the rdtsc delta over N operations.
 * Under -icount shift=0 QEMU advances the TSC by exactly one per executed
 * instruction, so C is also the instruction count; the `calibrate` line
 * checks that (a loop of 2 instructions per round must give 2 per op).
 *   - calibrate:      kernel loop of `dec; jnz`
 *   - null_syscall:   user-side loop of SYS_NULL (entry, dispatch, sysret)
 *   - context_switch: two domains yielding to each other; one op = one
 *                     yield = system call + switch to the other domain
 *   - sched_pick:     kernel loop over the policy's pick with 3 runnable domains
 *   - cap_check:      kernel loop over libcore's capability lookup
 */
#include "arch.h"
#include "klib.h"
#include "ksched.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define KOPS 10000

static void report(const char *name, uint64_t ops, uint64_t cycles)
{
    kprintf("bench %s ops=%lu cycles=%lu\n", name, ops, cycles);
}

static void bench_calibrate(void)
{
    uint64_t n = KOPS;
    uint64_t t0 = arch_cycles();
    __asm__ volatile("1: dec %0; jnz 1b" : "+r"(n));
    uint64_t t1 = arch_cycles();
    report("calibrate", KOPS, t1 - t0);
}

static void bench_pick(void)
{
    /* Three runnable domains that never run: only the pick is measured. */
    struct domain *d[3];
    for (int i = 0; i < 3; i++)
        d[i] = scen_spawn(PROG_spin, 0, (uint32_t)(i + 1), 0);
    uint64_t sink = 0;
    uint64_t t0 = arch_cycles();
    for (int i = 0; i < KOPS; i++)
        sink += (uint64_t)(uintptr_t)sched_pick_next();
    uint64_t t1 = arch_cycles();
    report("sched_pick", KOPS, t1 - t0);
    for (int i = 0; i < 3; i++)
        sched_discard(d[i]);
    (void)sink;
}

int scen_bench(void)
{
    bench_calibrate();
    bench_pick();
    struct domain *n = scen_spawn(PROG_bench, 0, 1, 0);
    int bad = !scen_run_all(1000);
    bad += scen_expect("bench", n, PHX_KILL_NONE, 0, 0);
    scen_release_all();
    struct domain *p1 = scen_spawn(PROG_bench, 1, 1, 0);
    struct domain *p2 = scen_spawn(PROG_bench, 2, 1, 0);
    bad += !scen_run_all(1000);
    bad += scen_expect("bench", p1, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("bench", p2, PHX_KILL_NONE, 0, 0);
    return bad;
}
