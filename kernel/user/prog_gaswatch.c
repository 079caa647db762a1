/*
 * Programs for the `gas` scenario's watch part (kernel/scenario/gas.c): the
 * notify policy's upcall through SYS_GAS_WATCH.
 *   burner (arg = mode) burns its notify-policy account forever, so that
 *     each exhaustion comes through a different charge: 0 by running only
 *     (the run-time charge at the end of a slot), 1 by null system calls
 *     (the system call's own charge), 2 by stepping its balance down with
 *     gas_balance calls to exactly 6 and then sending a notification on
 *     caps[1] (1 + 5: the IPC message's charge empties it), 3 the same to
 *     exactly 3 and then a refused cap_delete (1 + 2: the capability
 *     operation's charge). Dry, its calls are refused (GAS_E_EXHAUSTED)
 *     and it keeps running: notify does not stop it.
 *   watcher (arg = number of burners) holds an endpoint (caps[1]) and READ
 *     gas caps on the burners' accounts (caps[2..]); after the hostile
 *     calls it watches burner i with bit i, then counts the bits it takes
 *     with ntfn_wait until the kernel's stop bit. Exit status: the counts,
 *     7 bits each (at most 127), bit 30 if a hostile call was not refused
 *     as expected or a count overflowed.
 *   hiwatch (label 2) must not watch into the low endpoint caps[1]
 *     (IPC_E_FLOW); it watches caps[2]'s account on an endpoint of its own,
 *     takes one notification and exits, so its endpoint dies under the
 *     watch (the kernel then drops it).
 */
#include "ulib.h"

#define WATCH_STOP (1ull << 63) /* the kernel's stop bit (scenario/gas.c) */
#define BOGUS_HANDLE 0x00000001000003e7ull /* slot 999: beyond every space */

int prog_burner(uint64_t mode)
{
    uint64_t gas = phx_self->gas;
    volatile uint64_t spin = 0;
    for (;;) {
        if (mode == 0) {
            for (int i = 0; i < 1000; i++)
                spin++;
            continue;
        }
        if (mode == 1) {
            phx_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
            continue;
        }
        uint64_t b = 0;
        if (phx_gas_balance(gas, &b) < 0)
            continue; /* dry: refused until the refill */
        if (mode == 2 && b == 6)
            phx_notify(phx_self->caps[1], 1);
        else if (mode == 3 && b == 3)
            phx_cap_delete(BOGUS_HANDLE);
    }
}

static int expect(const char *what, int64_t got, int64_t want)
{
    if (got != want) {
        phx_printf("watcher: %s returned %ld, expected %ld\n", what, got, want);
        return 1;
    }
    phx_printf("watcher: %s refused as expected (%ld)\n", what, got);
    return 0;
}

int prog_watcher(uint64_t n)
{
    uint64_t ep = phx_self->caps[1];
    uint64_t g0 = phx_self->caps[2];
    int bad = 0;
    /* A read-only cap on the endpoint, and a gas cap without READ. */
    int64_t ro = phx_cap_derive(ep, 0, CAP_R_READ, 0);
    int64_t blind = phx_cap_derive(g0, 0, 0, 0);
    bad += ro < 0 || blind < 0;
    bad += expect("watch through a bad gas handle", phx_gas_watch(BOGUS_HANDLE, ep, 1),
                  CAP_E_BADHANDLE);
    bad += expect("watch through a gas cap without READ", phx_gas_watch((uint64_t)blind, ep, 1),
                  CAP_E_RIGHTS);
    bad += expect("watch with an endpoint cap as the gas cap", phx_gas_watch(ep, ep, 1),
                  CAP_E_TYPE);
    bad += expect("watch into a read-only endpoint cap", phx_gas_watch(g0, (uint64_t)ro, 1),
                  CAP_E_RIGHTS);
    bad += expect("watch into the console (no IPC endpoint)", phx_gas_watch(g0, phx_console(), 1),
                  IPC_E_DEAD);
    bad += expect("watch into a bad endpoint handle", phx_gas_watch(g0, BOGUS_HANDLE, 1),
                  CAP_E_BADHANDLE);
    /* Removing a watch that is not there is no error. */
    bad += phx_gas_watch(g0, ep, 0) != 0;
    for (uint64_t i = 0; i < n; i++)
        bad += phx_gas_watch(phx_self->caps[2 + i], ep, 1ull << i) != 0;
    /* A refused replacement leaves burner 0's watch as it was (bit 0). */
    bad += expect("replacing a watch through a read-only cap", phx_gas_watch(g0, (uint64_t)ro, 0x80),
                  CAP_E_RIGHTS);
    uint64_t count[4] = {0, 0, 0, 0}, other = 0;
    for (;;) {
        uint64_t bits = 0;
        int64_t r = phx_ntfn_wait(ep, &bits);
        if (r < 0) {
            phx_printf("watcher: ntfn_wait returned %ld\n", r);
            bad++;
            break;
        }
        for (uint64_t i = 0; i < n && i < 4; i++)
            count[i] += (bits >> i) & 1;
        other += (bits & ~(WATCH_STOP | ((1ull << n) - 1))) != 0;
        if (bits & WATCH_STOP)
            break;
    }
    bad += other != 0;
    phx_printf("watcher: notifications per burner %lu %lu %lu %lu, unexpected bits %lu\n",
               count[0], count[1], count[2], count[3], other);
    int st = 0;
    for (int i = 0; i < 4; i++) {
        bad += count[i] > 127;
        st |= (int)(count[i] & 127) << (7 * i);
    }
    return bad ? st | 1 << 30 : st;
}

int prog_hiwatch(uint64_t arg)
{
    (void)arg;
    uint64_t low = phx_self->caps[1], gas = phx_self->caps[2];
    int bad = expect("a high domain watching into a low endpoint", phx_gas_watch(gas, low, 1),
                     IPC_E_FLOW);
    int64_t mine = phx_ep_create(phx_self->label_level, 0);
    if (mine < 0 || phx_gas_watch(gas, (uint64_t)mine, 0x10) != 0)
        return 2;
    uint64_t bits = 0;
    int64_t r = phx_ntfn_wait((uint64_t)mine, &bits);
    phx_printf("hiwatch: ntfn_wait %ld, bits %lx; exiting (my endpoint goes with me)\n", r, bits);
    return bad + (r != 0 || bits != 0x10);
}
