/*
 * Scenario `bench`: the numbers phoenix-bench reports. User-side loops time
 * the null system call and a yield ping-pong between two domains; kernel-side
 * loops time the scheduler's pick. Each result is printed as
 * `bench NAME ops=N cycles=C` (rdtsc, which under -icount shift=0 counts
 * instructions).
 */
#include "arch.h"
#include "klib.h"
#include "phoenix/programs.h"
#include "scenario.h"

int scen_bench(void)
{
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
