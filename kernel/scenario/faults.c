/*
 * Scenario `faults`: misbehaving domains run beside well-behaved ones. Each
 * bad one must be contained (killed with the right reason, or refused with
 * an error for wild system-call arguments), the kernel must keep running,
 * and the well-behaved domains must finish normally.
 */
#include "phoenix/programs.h"
#include "scenario.h"

#define SPIN_BUDGET 40 /* ticks before the spinner is killed */

int scen_faults(void)
{
    struct domain *hello = scen_spawn(PROG_hello, 0, 1, 0);
    struct domain *counter = scen_spawn(PROG_counter, 200, 1, 0);
    struct domain *null = scen_spawn(PROG_null_deref, 0, 1, 0);
    struct domain *kw = scen_spawn(PROG_kwrite, 0, 1, 0);
    struct domain *priv[5];
    for (int i = 0; i < 5; i++)
        priv[i] = scen_spawn(PROG_priv, (uint64_t)i, 1, 0);
    struct domain *div = scen_spawn(PROG_div0, 0, 1, 0);
    struct domain *wild = scen_spawn(PROG_wild, 0, 1, 0);
    struct domain *spin = scen_spawn(PROG_spin, 0, 1, SPIN_BUDGET);

    int bad = !scen_run_all(2000);
    bad += scen_expect("faults", hello, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", counter, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", wild, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("faults", null, PHX_KILL_FAULT, 14, -1);
    bad += scen_expect("faults", kw, PHX_KILL_FAULT, 14, -1);
    for (int i = 0; i < 5; i++)
        bad += scen_expect("faults", priv[i], PHX_KILL_FAULT, 13, -1);
    bad += scen_expect("faults", div, PHX_KILL_FAULT, 0, -1);
    bad += scen_expect("faults", spin, PHX_KILL_BUDGET, 0, -1);
    bad += scen_check("faults", spin->ticks == SPIN_BUDGET, "spinner ran exactly its budget");
    return bad;
}
