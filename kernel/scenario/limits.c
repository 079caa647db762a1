/*
 * Scenario `limits`: a spawn bomb fills the domain table beside a
 * well-behaved counter. The kernel must refuse the spawn that does not fit
 * (PHX_E_NOMEM, no side effect), keep running, let the bomb kill and collect
 * its children, and hand the slots out again; the counter finishes. Two
 * hoarders create endpoints and frame objects until refused: each gets its
 * quota (8 of each) and then PHX_E_QUOTA, however the two interleave, so
 * neither can empty the shared pools. (That no frame leaks is checked
 * after every scenario, scenario.c.)
 */
#include "phoenix/programs.h"
#include "scenario.h"

int scen_limits(void)
{
    struct domain *counter = scen_spawn_simple(PROG_counter, 100);
    struct kspawn ks = kspawn_default(PROG_bomb, 0);
    ks.self_rights = CAP_R_READ | CAP_R_SPAWN;
    struct domain *bomb = scen_spawn(&ks);
    int bad = !scen_run_all(20000);
    bad += scen_expect("limits", bomb, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("limits", counter, PHX_KILL_NONE, 0, 0);
    struct domain *h1 = scen_spawn_simple(PROG_hoard, 1);
    struct domain *h2 = scen_spawn_simple(PROG_hoard, 2);
    bad += !scen_run_all(20000);
    bad += scen_expect("limits", h1, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("limits", h2, PHX_KILL_NONE, 0, 0);
    return bad;
}
