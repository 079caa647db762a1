/*
 * Scenario `gas`, last part: the notify policy's upcall (SYS_GAS_WATCH,
 * kgas_watch.c). Four burners (prog_gaswatch.c) with notify-policy
 * accounts of 150 gas, refilled by 150 every ms, run dry again and again,
 * each through another charge (run time, system call, IPC message,
 * capability operation); a watcher (weight 8, priority 0, so that it takes
 * every notification before the same burner can run dry again) watches
 * each with its own bit on an endpoint it holds and counts what
 * ntfn_wait gives it. After WATCH_TICKS the kernel reads its own counts,
 * kills the burners (their watches die with their accounts) and sends the
 * watcher a stop bit with ipc_signal_host; the watcher's counts must equal
 * the kernel's, exactly one notification per exhaustion, and each kind of
 * charge must have delivered at least one. A fifth burner is watched by
 * hiwatch (label 2) on hiwatch's own endpoint, which dies when it exits:
 * one delivery, then one drop. The hostile calls (bad handles, wrong
 * types, missing rights, high into low) are checked by the programs.
 */
#include "core/gas.h"
#include "core/ipc.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define WATCH_TICKS 300
#define WATCH_STOP (1ull << 63) /* prog_gaswatch.c */
#define NBURN 4                 /* watched by the watcher; one more for hiwatch */

static const char *const via_names[KGAS_VIA_COUNT] = {"run time", "a system call",
                                                      "a capability operation", "an IPC message"};

static struct domain *spawn_burner(uint32_t mode, struct cap_loc sink)
{
    struct kspawn ks = kspawn_default(PROG_burner, mode);
    ks.gas_initial = ks.gas_max = ks.gas_refill = 150;
    ks.gas_period_ns = 1000000;
    ks.gas_policy = GAS_POL_NOTIFY;
    ks.ncaps = 2;
    ks.caps[1] = sink;
    ks.rights[1] = CAP_R_WRITE;
    return scen_spawn(&ks);
}

int scen_gas_watch(void)
{
    /* The first part's spinners would only take CPU from this one. */
    scen_kill_all();
    scen_release_all();
    struct cap_loc ep_root, sink_root;
    if (kipc_ep_create(0, label_bottom(), &ep_root) || kipc_ep_create(0, label_bottom(), &sink_root))
        panic("scen_gas_watch: endpoints");
    struct cap_desc ep_desc;
    cap_lookup(&kcap_sys, ep_root, &ep_desc);

    struct kspawn ks = kspawn_default(PROG_watcher, NBURN);
    ks.weight = 8;
    ks.prio = 0;
    ks.ncaps = 2 + NBURN;
    ks.caps[1] = ep_root;
    ks.rights[1] = CAP_R_READ | CAP_R_WRITE | CAP_R_DERIVE;
    struct domain *b[NBURN + 1];
    for (uint32_t i = 0; i <= NBURN; i++)
        b[i] = spawn_burner(i < NBURN ? i : 0, sink_root);
    for (uint32_t i = 0; i < NBURN; i++) {
        ks.caps[2 + i] = b[i]->gas_root;
        ks.rights[2 + i] = CAP_R_READ | CAP_R_DERIVE;
    }
    struct domain *w = scen_spawn(&ks);
    ks = kspawn_default(PROG_hiwatch, 0);
    ks.label = label_make(2, 0);
    ks.ncaps = 3;
    ks.caps[1] = ep_root;
    ks.rights[1] = CAP_R_WRITE;
    ks.caps[2] = b[NBURN]->gas_root;
    ks.rights[2] = CAP_R_READ;
    struct domain *h = scen_spawn(&ks);

    struct kgas_watch_stats s0 = kgas_watch_stats;
    scen_run_ticks(WATCH_TICKS);

    /* The kernel's side, read before anything else runs. */
    struct kgas_watch wv[NBURN + 1];
    bool alive = true, overran = true;
    for (uint32_t i = 0; i <= NBURN; i++) {
        wv[i] = *kgas_watch_get(b[i]->gas_acct);
        alive &= b[i]->state != DOM_ZOMBIE;
        overran &= gas_get(&kgas_pool, b[i]->gas_acct)->unpaid > 0;
    }
    uint64_t via[KGAS_VIA_COUNT];
    bool every_via = true;
    for (int v = 0; v < KGAS_VIA_COUNT; v++) {
        via[v] = kgas_watch_stats.notified[v] - s0.notified[v];
        every_via &= via[v] > 0;
        kprintf("gas: watch: %lu exhaustions by the charge for %s\n", via[v], via_names[v]);
    }
    uint64_t dropped = kgas_watch_stats.dropped - s0.dropped;
    bool b0_kept = wv[0].bits == 1 && wv[0].ep == ep_desc.obj;

    /* Stop: the burners end (their watches with their accounts), then the
     * watcher gets the stop bit and reports. */
    for (uint32_t i = 0; i <= NBURN; i++)
        dom_kill(b[i], PHX_KILL_KILLED, 0);
    bool cleared = true;
    for (uint32_t i = 0; i <= NBURN; i++)
        cleared &= kgas_watch_get(b[i]->gas_acct)->bits == 0;
    struct ipc_res res;
    int r = ipc_signal_host(&kipc_sys, ep_desc.obj, label_bottom(), WATCH_STOP, kernel_now_ns(),
                            &res);
    kipc_wake(res.wake);
    scen_run_all(100);

    int bad = scen_check("gas", r == 0, "watch: the kernel's stop bit delivered");
    bad += scen_check("gas", alive && overran,
                      "watch: the notify-policy burners kept running past their gas");
    /* The watcher's status: 7 bits per burner's count, bit 30 on a failure. */
    bool ok_exit = w->state == DOM_ZOMBIE && w->killed == PHX_KILL_NONE && w->status >= 0 &&
                   !(w->status & (1ll << 30));
    bad += scen_check("gas", ok_exit, "watch: the watcher exited, every hostile call refused");
    uint64_t st = (uint64_t)w->status;
    for (uint32_t i = 0; i < NBURN; i++) {
        uint64_t counted = (st >> (7 * i)) & 127;
        kprintf("gas: watch: burner %u: %lu exhaustions watched, %lu delivered, %lu counted by "
                "the watcher\n",
                i, wv[i].notified, wv[i].delivered, counted);
        bad += scen_check("gas",
                          ok_exit && wv[i].notified >= 3 && wv[i].delivered == wv[i].notified &&
                              counted == wv[i].delivered,
                          "watch: exactly one notification per exhaustion, several refills");
    }
    bad += scen_check("gas", every_via, "watch: every kind of charge delivered the upcall");
    bad += scen_check("gas", b0_kept, "watch: a refused replacement left the watch as it was");
    bad += scen_expect("gas", h, PHX_KILL_NONE, 0, 0);
    kprintf("gas: watch: hiwatch's watch: %lu exhaustions, %lu delivered, %lu dropped\n",
            wv[NBURN].notified, wv[NBURN].delivered, dropped);
    bad += scen_check("gas",
                      wv[NBURN].delivered == 1 && wv[NBURN].notified == 2 && wv[NBURN].bits == 0 &&
                          dropped == 1,
                      "watch: a watch dies with its endpoint (dropped at the next exhaustion)");
    bad += scen_check("gas", cleared, "watch: the watches died with their accounts");
    bad += scen_check("gas", gas_conserved(&kgas_pool), "gas conserved");
    return bad;
}
