/*
 * Scenarios `demo` (the default for an interactive boot: a few domains say
 * hello) and `boot` (the first user domain exits at once; used to measure
 * boot-to-first-user-instruction time).
 */
#include "phoenix/programs.h"
#include "scenario.h"

int scen_demo(void)
{
    struct domain *a = scen_spawn_simple(PROG_hello, 0);
    struct domain *b = scen_spawn_simple(PROG_counter, 50);
    int bad = !scen_run_all(1000);
    bad += scen_expect("demo", a, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("demo", b, PHX_KILL_NONE, 0, 0);
    return bad;
}

int scen_boot(void)
{
    struct domain *a = scen_spawn_simple(PROG_hello, 1);
    int bad = !scen_run_all(100);
    bad += scen_expect("boot", a, PHX_KILL_NONE, 0, 0);
    return bad;
}
