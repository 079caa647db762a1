/*
 * Scenario `faults`: misbehaving domains run beside well-behaved ones. Each
 * bad one must be contained (killed with the right reason, or refused with
 * an error for wild system-call arguments), the kernel must keep running,
 * and the well-behaved domains must finish normally. The spinner is stopped
 * by its gas account (kill policy): 10 ms of CPU, 100 ticks.
 */
#include "core/gas.h"
#include "kgas.h"
#include "klib.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define SPIN_GAS 10000 /* gas units: 10 ms of CPU at 1 gas per microsecond */

int scen_faults(void)
{
    struct domain *hello = scen_spawn_simple(PROG_hello, 0);
    struct domain *counter = scen_spawn_simple(PROG_counter, 200);
    struct domain *null = scen_spawn_simple(PROG_null_deref, 0);
    struct domain *kw = scen_spawn_simple(PROG_kwrite, 0);
    struct domain *priv[5];
    for (int i = 0; i < 5; i++)
        priv[i] = scen_spawn_simple(PROG_priv, (uint64_t)i);
    struct domain *div = scen_spawn_simple(PROG_div0, 0);
    struct domain *wild = scen_spawn_simple(PROG_wild, 0);
    struct kspawn ks = kspawn_default(PROG_spin, 0);
    ks.gas_initial = ks.gas_max = SPIN_GAS;
    ks.gas_policy = GAS_POL_KILL;
    struct domain *spin = scen_spawn(&ks);

    int bad = !scen_run_all(20000);
    bad += scen_expect("faults", hello, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", counter, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", wild, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", null, PHX_KILL_FAULT, 14, -1);
    bad += scen_expect("faults", kw, PHX_KILL_FAULT, 14, -1);
    for (int i = 0; i < 5; i++)
        bad += scen_expect("faults", priv[i], PHX_KILL_FAULT, 13, -1);
    bad += scen_expect("faults", div, PHX_KILL_FAULT, 0, -1);
    bad += scen_expect("faults", spin, PHX_KILL_GAS, 0, -1);
    /* Gas is charged per microsecond of measured run time, so the spinner
     * lives for its 10 ms of gas (less a microsecond per system call) and at
     * most one tick more. */
    uint64_t ran = spin->task.received_ns;
    kprintf("faults: the spinner ran %lu ns in %lu slots\n", ran, spin->task.dispatches);
    bad += scen_check("faults", ran >= 9900000 && ran < 10000000 + TICK_NS,
                      "spinner ran for its gas (10 ms, at most one tick more)");
    bad += scen_check("faults", gas_conserved(&kgas_pool), "gas conserved");
    return bad;
}
