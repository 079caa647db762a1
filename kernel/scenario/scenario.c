/*
 * Scenario registry and the helpers scenarios share (scenario.h).
 */
#include "scenario.h"

#include "frame.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"

const struct scenario scenarios[] = {
    {"demo", scen_demo, false},    {"boot", scen_boot, false},
    {"faults", scen_faults, true}, {"sched", scen_sched, true},
    {"gas", scen_gas, true},       {"caps", scen_caps, true},
    {"limits", scen_limits, true}, {"ipc", scen_ipc, true},
    {"bench", scen_bench, false},  {0, 0, false},
};

struct domain *scen_spawn(struct kspawn *ks)
{
    int err = 0;
    struct domain *d = dom_spawn(ks, &err);
    if (!d) {
        kprintf("scen_spawn: error %d (%s)\n", err, core_strerror(err));
        panic("scen_spawn: cannot create a domain");
    }
    return d;
}

struct domain *scen_spawn_simple(uint32_t prog, uint64_t arg)
{
    struct kspawn ks = kspawn_default(prog, arg);
    return scen_spawn(&ks);
}

static bool none_live(void *arg)
{
    (void)arg;
    return dom_live_count() == 0;
}

bool scen_run_all(uint64_t max_ticks)
{
    bool ok = ks_run_until(none_live, 0, max_ticks);
    if (!ok)
        kprintf("scenario: domains still running after %lu ticks\n", max_ticks);
    return ok;
}

void scen_run_ticks(uint64_t n)
{
    ks_run_until(none_live, 0, n);
}

void scen_kill_all(void)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        if (domains[i].state != DOM_FREE && domains[i].state != DOM_ZOMBIE)
            dom_kill(&domains[i], PHX_KILL_KILLED, 0);
    }
}

static const char *const kill_names[] = {"exit", "fault", "gas", "kill"};

int scen_expect(const char *scen, struct domain *d, uint32_t killed, uint32_t detail,
                int64_t status)
{
    bool ok = d->state == DOM_ZOMBIE && d->killed == killed && d->status == status &&
              (killed != PHX_KILL_FAULT || d->detail == detail);
    kprintf("%s: check domain %d (%s) ended by %s (%u) status %ld: %s\n", scen, d->id, d->name,
            d->killed < 4 ? kill_names[d->killed] : "?", d->detail, d->status,
            ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

int scen_check(const char *scen, bool ok, const char *what)
{
    kprintf("%s: check %s: %s\n", scen, what, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

void scen_release_all(void)
{
    for (int i = 0; i < MAX_DOMAINS; i++) {
        if (domains[i].state == DOM_ZOMBIE)
            dom_release(&domains[i]);
    }
}

int scenario_run(const char *name)
{
    bool all = kstreq(name, "all");
    int failed = 0, ran = 0;
    /* Scenarios may switch the policy; each starts under the one chosen on
     * the command line. */
    const struct sched_policy *chosen = ks_rq.pol;
    for (const struct scenario *s = scenarios; s->name; s++) {
        if (all ? !s->in_all : !kstreq(name, s->name))
            continue;
        kprintf("== scenario %s (policy %s)\n", s->name, sched_policy_name(ks_rq.pol));
        uint64_t frames = frame_free_count();
        int r = s->run();
        scen_kill_all();
        scen_release_all();
        kipc_kernel_reset(); /* endpoints and frames a scenario made for its domains */
        /* Every domain is gone: all its frames (image, stack, page tables)
         * must be back. */
        r += scen_check(s->name, frame_free_count() == frames, "no frame leaked");
        if (dom_live_count() != dom_live_scan() || dom_live_count() != 0)
            panic("scenario: the live-domain count disagrees with the table");
        kplat_trace_flush();
        if (ks_rq.pol != chosen)
            ks_switch_policy(chosen);
        kprintf("== scenario %s: %s\n", s->name, r ? "FAIL" : "PASS");
        failed += r != 0;
        ran++;
    }
    if (!ran) {
        kprintf("scenario: unknown test '%s'\n", name);
        return 1;
    }
    return failed ? 1 : 0;
}
