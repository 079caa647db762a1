/*
 * Scenario `bench`: the numbers phoenix-bench reports, each printed as
 * `bench NAME ops=N cycles=C` with C the rdtsc delta over N operations.
 * Under -icount shift=0 QEMU advances the TSC by exactly one per executed
 * instruction, so C is also the instruction count; the `calibrate` line
 * checks that (a loop of 2 instructions per round must give 2 per op).
 *   - calibrate:      kernel loop of `dec; jnz`
 *   - cap_check:      libcore's cap_check on a domain's handle (kernel loop)
 *   - sched_pick:     libcore's pick + account with 3 runnable domains
 *   - null_syscall:   user-side loop of SYS_NULL (entry, gas charge,
 *                     dispatch, sysret)
 *   - context_switch: two domains yielding to each other; one op = one
 *                     yield = system call + switch to the other domain
 *   - ipc_call_reply: a client's call answered by a server's reply_recv,
 *                     two words each way, between two domains, through the
 *                     register calls; one op = one round trip
 *   - ipc_call_reply_buf: the same through the buffer calls (struct
 *                     ipc_msg in user memory)
 *   - chan_handshake: one ML-KEM-768 channel handshake in ring 3
 */
#include "arch.h"
#include "kcap.h"
#include "kipc.h"
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

static int bench_kernel_side(void)
{
    /* Three runnable domains that never run: only the kernel side is timed. */
    struct domain *d[3];
    for (int i = 0; i < 3; i++) {
        struct kspawn ks = kspawn_default(PROG_spin, 1);
        ks.weight = (uint32_t)(i + 1);
        d[i] = scen_spawn(&ks);
    }
    cap_handle h;
    if (kcap_derive_to(kcap_console(), d[0], CAP_R_WRITE, &h))
        return 1;
    uint64_t sink = 0, obj = 0;
    uint64_t t0 = arch_cycles();
    for (int i = 0; i < KOPS; i++) {
        sink += (uint64_t)kcap_check(d[0], h, CAP_T_ENDPOINT, CAP_R_WRITE, &obj);
        __asm__ volatile("" : "+r"(sink));
    }
    uint64_t t1 = arch_cycles();
    report("cap_check", KOPS, t1 - t0);

    t0 = arch_cycles();
    for (int i = 0; i < KOPS; i++)
        ks_bench_pick();
    t1 = arch_cycles();
    report("sched_pick", KOPS, t1 - t0);
    kplat_trace_flush(); /* each measurement starts with an empty trace ring */
    for (int i = 0; i < 3; i++)
        dom_kill(d[i], PHX_KILL_KILLED, 0);
    scen_release_all();
    return sink != 0 || obj != PHX_OBJ_CONSOLE;
}

int scen_bench(void)
{
    /* `profile=ipc` runs only the register round trip: the window an
     * instruction profile (docs/kernel.md "Measures") looks at. */
    char val[8];
    bool only_ipc = cmdline_get("profile", val, sizeof val) && kstreq(val, "ipc");
    int bad = 0;
    if (only_ipc)
        goto ipc;
    bench_calibrate();
    bad = bench_kernel_side();
    struct domain *n = scen_spawn_simple(PROG_bench, 0);
    bad += !scen_run_all(1000);
    bad += scen_expect("bench", n, PHX_KILL_NONE, 0, 0);
    scen_release_all();
    kplat_trace_flush();
    struct domain *p1 = scen_spawn_simple(PROG_bench, 1);
    struct domain *p2 = scen_spawn_simple(PROG_bench, 2);
    bad += !scen_run_all(1000);
    bad += scen_expect("bench", p1, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("bench", p2, PHX_KILL_NONE, 0, 0);
    scen_release_all();
    kplat_trace_flush();

    /* The round trip: register calls (server arg 1, client 0), then
     * buffer calls (server 4, client 3). */
ipc:
    for (uint64_t pair = 0; pair < (only_ipc ? 1u : 2u); pair++) {
        struct cap_loc ep;
        if (kipc_ep_create(0, label_bottom(), &ep))
            return bad + 1;
        struct kspawn ks = kspawn_default(PROG_ipcbench, pair ? 4 : 1);
        ks.ncaps = 2;
        ks.caps[1] = ep;
        ks.rights[1] = CAP_R_READ;
        struct domain *srv = scen_spawn(&ks);
        ks.arg = pair ? 3 : 0;
        ks.rights[1] = CAP_R_WRITE;
        struct domain *cli = scen_spawn(&ks);
        bad += !scen_run_all(20000);
        bad += scen_expect("bench", srv, PHX_KILL_NONE, 0, 0);
        bad += scen_expect("bench", cli, PHX_KILL_NONE, 0, 0);
        scen_release_all();
        kplat_trace_flush();
    }
    if (only_ipc) {
        kipc_kernel_reset();
        return bad;
    }
    struct domain *hs = scen_spawn_simple(PROG_ipcbench, 2);
    bad += !scen_run_all(20000);
    bad += scen_expect("bench", hs, PHX_KILL_NONE, 0, 0);
    kipc_kernel_reset();
    return bad;
}
