/*
 * Scenario `sched`: three CPU-bound domains with weights 3:2:1.
 *   1. Beatty for 600 slots: after every slot, each domain's lag
 *      lag_i = slots received - w_i/W * slots must satisfy |lag_i| < 1, the
 *      bound libcore's Beatty scheduler guarantees (docs/schedulers.md).
 *   2. Switch to stride mid-run (nobody lost: 3 tasks moved), 600 slots:
 *      -1 < lag_i <= (n-1) w_i / W, stride's documented bound.
 *   3. Switch through rr, prio, lottery, eevdf (|lag| < 1 again) and back
 *      to beatty, 60 slots each: every switch moves all three and each one
 *      keeps running.
 *   4. A user domain holding the scheduler capability switches the policy
 *      with a system call; nobody is lost.
 */
#include "kcap.h"
#include "klib.h"
#include "ksched.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define N 3
#define SEQ_MAX 600

static const uint32_t weight[N] = {3, 2, 1};

struct watch {
    struct domain *d[N];
    uint64_t base[N];
    uint64_t target;      /* slots to observe */
    uint64_t max_lag_w;   /* largest |k_i W - w_i t| seen, in 1/W slots */
    int64_t hi[N], lo[N]; /* largest and smallest k_i W - w_i t */
    uint64_t slots;
    uint64_t seen[N];  /* dispatches at the previous observation */
    char seq[SEQ_MAX]; /* which task ran each slot ('0'..'2'), first SEQ_MAX */
};

static bool observe(void *arg)
{
    struct watch *w = arg;
    uint64_t k[N], t = 0, W = 0;
    for (int i = 0; i < N; i++) {
        k[i] = w->d[i]->task.dispatches - w->base[i];
        t += k[i];
        W += weight[i];
    }
    for (int i = 0; i < N; i++) {
        if (w->d[i]->task.dispatches != w->seen[i] && t > 0 && t <= SEQ_MAX)
            w->seq[t - 1] = (char)('0' + i);
        w->seen[i] = w->d[i]->task.dispatches;
    }
    for (int i = 0; i < N; i++) {
        int64_t lag = (int64_t)(k[i] * W) - (int64_t)(weight[i] * t);
        uint64_t mag = (uint64_t)(lag < 0 ? -lag : lag);
        if (mag > w->max_lag_w)
            w->max_lag_w = mag;
        if (lag > w->hi[i])
            w->hi[i] = lag;
        if (lag < w->lo[i])
            w->lo[i] = lag;
    }
    w->slots = t;
    return t >= w->target;
}

static void rebase(struct watch *w, uint64_t target)
{
    for (int i = 0; i < N; i++)
        w->base[i] = w->seen[i] = w->d[i]->task.dispatches;
    w->target = target;
    w->max_lag_w = 0;
    for (int i = 0; i < N; i++)
        w->hi[i] = w->lo[i] = 0;
}

/* Stride: -1 < lag_i <= (n-1) w_i / W, in units of 1/W slot. */
static bool stride_bound(const struct watch *w)
{
    bool ok = true;
    for (int i = 0; i < N; i++)
        ok = ok && w->lo[i] > -6 && w->hi[i] <= (int64_t)((N - 1) * weight[i]);
    return ok;
}

static void report(struct watch *w, const char *pol)
{
    kprintf("sched: %s: %lu slots, received", pol, w->slots);
    for (int i = 0; i < N; i++)
        kprintf(" %lu", w->d[i]->task.dispatches - w->base[i]);
    kprintf(" (weights 3:2:1), max lag %lu/6 slot\n", w->max_lag_w);
}

static int all_alive(const char *what)
{
    int alive = 0;
    for (int i = 0; i < MAX_DOMAINS; i++)
        alive += domains[i].state != DOM_FREE && domains[i].state != DOM_ZOMBIE &&
                 (domains[i].task.flags & SCHED_F_ATTACHED);
    kprintf("sched: after %s: %d domains attached, %u in the run queue\n", what, alive,
            ks_rq.nr_attached);
    return alive;
}

static int switch_to(struct watch *w, const char *name, uint64_t slots)
{
    int moved = ks_switch_policy(sched_policy_by_name(name));
    kprintf("sched: switched to %s, %d tasks moved\n", name, moved);
    int bad = scen_check("sched", moved == N, "the switch moved every task");
    rebase(w, slots);
    ks_run_until(observe, w, slots * 4);
    report(w, name);
    bool each = true;
    for (int i = 0; i < N; i++)
        each = each && w->d[i]->task.dispatches > w->base[i];
    bad += scen_check("sched", each && all_alive(name) == N, "all three kept running");
    return bad;
}

static bool ended(void *arg)
{
    return ((struct domain *)arg)->state == DOM_ZOMBIE;
}

int scen_sched(void)
{
    struct watch w = {0};
    int bad = scen_check("sched", ks_switch_policy(sched_policy_by_name("beatty")) >= 0,
                         "start under beatty");
    for (int i = 0; i < N; i++) {
        struct kspawn ks = kspawn_default(PROG_spin, 1);
        ks.weight = weight[i];
        w.d[i] = scen_spawn(&ks);
    }
    rebase(&w, 600);
    ks_run_until(observe, &w, 2400);
    report(&w, "beatty");
    /* The slot sequence, for comparison with `phoenix-sim slots --policy
     * beatty --weights 3,2,1 --slots 600` (tests/kernel/sim_match.sh). */
    for (int i = 0; i < SEQ_MAX; i += 60) {
        char line[61];
        for (int j = 0; j < 60; j++)
            line[j] = w.seq[i + j] ? w.seq[i + j] : '?';
        line[60] = 0;
        kprintf("sched: beatty slots %03d: %s\n", i, line);
    }
    bad += scen_check("sched", w.slots >= 600, "600 slots observed");
    bad += scen_check("sched", w.max_lag_w < 6, "beatty lag below 1 slot at every slot");

    bad += switch_to(&w, "stride", 600);
    bad += scen_check("sched", stride_bound(&w), "stride: -1 < lag <= (n-1)w/W at every slot");
    static const char *const cycle[] = {"rr", "prio", "lottery", "eevdf", "beatty"};
    for (unsigned i = 0; i < sizeof cycle / sizeof cycle[0]; i++) {
        bad += switch_to(&w, cycle[i], 60);
        if (kstreq(cycle[i], "eevdf") || kstreq(cycle[i], "beatty"))
            bad += scen_check("sched", w.max_lag_w < 6, "lag below 1 slot at every slot");
    }

    /* A domain with the scheduler capability switches at run time. */
    struct kspawn ks = kspawn_default(PROG_switcher, SCHED_POL_STRIDE);
    ks.ncaps = 2;
    ks.caps[1] = kcap_sched();
    ks.rights[1] = CAP_R_SWITCH;
    struct domain *sw = scen_spawn(&ks);
    ks_run_until(ended, sw, 200);
    bad += scen_expect("sched", sw, PHX_KILL_NONE, 0, 0);
    bad += scen_check("sched", sched_policy_id(ks_rq.pol) == SCHED_POL_STRIDE,
                      "policy is stride after the system call");
    bad += scen_check("sched", all_alive("the user switch") == N, "nobody lost");
    return bad;
}
