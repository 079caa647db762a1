/*
 * A spawn bomb for the `limits` scenario: spawns CPU-bound children until
 * the kernel refuses (the domain table is full), checks the refusal is
 * PHX_E_NOMEM, kills and collects every child through its domain
 * capability, then spawns once more to show the slots came back.
 */
#include "ulib.h"

#define MAX_KIDS 40

int prog_bomb(uint64_t arg)
{
    (void)arg;
    int64_t kids[MAX_KIDS];
    int n = 0;
    int64_t r = 0;
    while (n < MAX_KIDS) {
        struct phx_spawn sp = phx_spawn_req(PROG_spin, 1);
        sp.gas_initial = sp.gas_max = 1000;
        r = phx_spawn(&sp);
        if (r < 0)
            break;
        kids[n++] = r;
    }
    phx_printf("bomb: %d children, then spawn refused with %ld\n", n, r);
    int bad = r != PHX_E_NOMEM;
    for (int i = 0; i < n; i++) {
        struct phx_wait w;
        bad += phx_kill((uint64_t)kids[i]) != 0;
        bad += phx_wait((uint64_t)kids[i], &w) != 0 || w.killed != PHX_KILL_KILLED;
    }
    struct phx_spawn sp = phx_spawn_req(PROG_hello, 1);
    int64_t again = phx_spawn(&sp);
    struct phx_wait w;
    bad += again < 0 || phx_wait((uint64_t)again, &w) != 0 || w.status != 0;
    phx_printf("bomb: all killed and collected; spawning again: %s\n", again > 0 ? "ok" : "FAILED");
    return bad;
}
