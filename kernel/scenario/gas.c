/*
 * Scenario `gas`: CPU-bound domains under gas accounts (1 gas = 1 us of
 * CPU, charged at the end of every slot from measured run time).
 *   A  throttle policy: 600 gas, refill 400 every 2 ms (max 2000): it must
 *      be throttled, resume after refills (throttled again later), and never
 *      run more than one tick beyond its gas per exhaustion.
 *   B  kill policy, 1000 gas, no refill: killed after 1 ms of CPU.
 *   C  a well-behaved counter and D an unconstrained spinner: unaffected.
 *   E  donates 1000 gas from its account to A's through a capability and
 *      checks its own balance with gas_balance.
 * After 400 ticks (40 ms) the kernel checks the outcome and that gas was
 * conserved. Then the gas watches (gas_watch.c).
 */
#include "core/gas.h"
#include "kcap.h"
#include "kgas.h"
#include "klib.h"
#include "ksched.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define RUN_TICKS 400

int scen_gas(void)
{
    struct kspawn ks = kspawn_default(PROG_spin, 1);
    ks.gas_initial = 600;
    ks.gas_max = 2000;
    ks.gas_refill = 400;
    ks.gas_period_ns = 2000000;
    struct domain *a = scen_spawn(&ks);

    ks = kspawn_default(PROG_spin, 1);
    ks.gas_initial = ks.gas_max = 1000;
    ks.gas_policy = GAS_POL_KILL;
    struct domain *b = scen_spawn(&ks);

    struct domain *c = scen_spawn_simple(PROG_counter, 30);
    struct domain *d = scen_spawn_simple(PROG_spin, 1);

    ks = kspawn_default(PROG_donor, 1000);
    ks.ncaps = 2;
    ks.caps[1] = a->gas_root;
    ks.rights[1] = 0; /* naming A's account is enough to give to it */
    struct domain *e = scen_spawn(&ks);

    scen_run_ticks(RUN_TICKS);
    const struct gas_account *acct = gas_get(&kgas_pool, a->gas_acct);
    kprintf("gas: A ran %lu ticks, throttled %u times, spent %lu, unpaid %lu; D ran %lu ticks\n",
            a->ticks, a->throttles, acct->spent, acct->unpaid, d->ticks);
    int bad = scen_expect("gas", b, PHX_KILL_GAS, 0, -1);
    uint64_t bran = b->task.received_ns;
    kprintf("gas: B ran %lu ns\n", bran);
    bad += scen_check("gas", bran >= 990000 && bran < 1000000 + TICK_NS,
                      "B ran for its 1 ms of gas, at most one tick more");
    bad += scen_expect("gas", c, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("gas", e, PHX_KILL_NONE, 0, 0);
    bad += scen_check("gas", a->throttles >= 2, "A was throttled and resumed after a refill");
    /* Each exhaustion may overrun by at most the rest of one tick. */
    bad += scen_check("gas", acct->unpaid <= (uint64_t)a->throttles * (TICK_NS / 1000 + 1),
                      "A's overrun is at most one tick per exhaustion");
    bad += scen_check("gas", a->state != DOM_ZOMBIE && d->state != DOM_ZOMBIE,
                      "A (throttled) and D (unconstrained) are alive");
    bad += scen_check("gas", d->throttles == 0 && d->ticks > RUN_TICKS / 2,
                      "D unaffected: never throttled, most of the CPU");
    bad += scen_check("gas", gas_conserved(&kgas_pool), "gas conserved");
    return bad + scen_gas_watch();
}
