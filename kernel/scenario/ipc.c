/*
 * Scenario `ipc`: libcore's lattice IPC through the kernel's system calls,
 * between user domains in their own address spaces. Four parts, run one
 * after the other (each ends with every domain collected and the kernel's
 * endpoints destroyed):
 *   1. ipcsrv / ipccli: endpoint creation, call/reply, a capability moved to
 *      the server (works there, dead in the client), a frame granted and
 *      mapped by both (written by one, read by the other), the server's end
 *      killing its endpoint.
 *   2. lathigh (label 2) / latlow (label 0) on kernel endpoints LO (0) and
 *      HI (2): low -> high allowed, high -> low refused, declassify allowed,
 *      receive from above refused, no spawning below one's own label.
 *   3. a flooder with a small throttle gas account sends 60 messages to a
 *      sink: it waits for refills (gas blocks), the sink and a counter are
 *      unaffected, every message arrives in order.
 *   4. chanini / chanresp: the secure-channel demo (ML-KEM-768 handshake
 *      over IPC, sealed messages, a tampered one rejected, a replay too).
 *   5. spincli calls spinsrv, which spins: it gets the CPU by handoff on the
 *      client's slot, is preempted by the tick and then scheduled on its
 *      own; the kernel kills it and the client's call returns PHX_E_PEER.
 *   6. regipc: register messages (SYS_CALL_REG, SYS_REPLY_RECV_REG)
 *      between a server and a client labelled 1: calls answered in
 *      registers, a bad handle, a missing right, a label refusal each way,
 *      too many words and a reply owed to nobody refused with the
 *      registers unchanged; messages that do not fit registers (a buffer
 *      reply of 5 words, a buffer send of 6, a buffer call of 8) refused
 *      to the register side and left queued; a client whose notify-policy
 *      account is capped below a message's cost refused for gas (the
 *      message, and the system call), nothing queued.
 * The programs print one line per check and exit 0 only if all held.
 */
#include "core/gas.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "phoenix/programs.h"
#include "scenario.h"

#define FLOOD_MSGS 60

static struct cap_loc ep(uint32_t level)
{
    struct cap_loc root;
    if (kipc_ep_create(0, label_make(level, 0), &root))
        panic("scenario ipc: endpoint");
    return root;
}

static void grant(struct kspawn *ks, struct cap_loc c, uint32_t rights)
{
    ks->caps[ks->ncaps] = c;
    ks->rights[ks->ncaps] = rights;
    ks->ncaps++;
}

static int end_part(void)
{
    scen_release_all();
    kipc_kernel_reset();
    return 0;
}

static int part_call(void)
{
    struct cap_loc boot = ep(0);
    struct kspawn ks = kspawn_default(PROG_ipcsrv, 0);
    grant(&ks, boot, CAP_R_WRITE);
    struct domain *srv = scen_spawn(&ks);
    ks = kspawn_default(PROG_ipccli, 0);
    grant(&ks, boot, CAP_R_READ);
    struct domain *cli = scen_spawn(&ks);
    int bad = !scen_run_all(2000);
    bad += scen_expect("ipc", srv, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", cli, PHX_KILL_NONE, 0, 0);
    uint32_t shared = 0;
    for (uint32_t i = 0; i < KIPC_FRAMES; i++)
        shared = kipc_frame_max_maps(i) > shared ? kipc_frame_max_maps(i) : shared;
    bad += scen_check("ipc", shared == 2,
                      "the granted frame was mapped in two address spaces at once (one page)");
    return bad + end_part();
}

static int part_labels(void)
{
    struct cap_loc lo = ep(0), hi = ep(2);
    struct kspawn ks = kspawn_default(PROG_lathigh, 0);
    ks.label = label_make(2, 0);
    grant(&ks, lo, CAP_R_WRITE);
    grant(&ks, lo, CAP_R_WRITE | CAP_R_DECLASSIFY);
    grant(&ks, hi, CAP_R_READ);
    struct domain *h = scen_spawn(&ks);
    ks = kspawn_default(PROG_latlow, 0);
    grant(&ks, hi, CAP_R_WRITE);
    grant(&ks, lo, CAP_R_READ);
    grant(&ks, hi, CAP_R_READ);
    struct domain *l = scen_spawn(&ks);
    int bad = !scen_run_all(2000);
    bad += scen_expect("ipc", h, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", l, PHX_KILL_NONE, 0, 0);
    return bad + end_part();
}

static int part_flood(void)
{
    struct cap_loc f = ep(0);
    /* 60 gas, 30 more every ms: a message costs 6 (call 1 + IPC 5) plus
     * its CPU time, so the flooder must wait for refills. */
    struct kspawn ks = kspawn_default(PROG_flooder, FLOOD_MSGS);
    ks.gas_initial = ks.gas_max = 60;
    ks.gas_refill = 30;
    ks.gas_period_ns = 1000000;
    grant(&ks, f, CAP_R_WRITE);
    struct domain *fl = scen_spawn(&ks);
    ks = kspawn_default(PROG_sink, FLOOD_MSGS);
    grant(&ks, f, CAP_R_READ);
    struct domain *sk = scen_spawn(&ks);
    struct domain *ctr = scen_spawn_simple(PROG_counter, 30);
    uint64_t t0 = kernel_ticks();
    int bad = !scen_run_all(5000);
    uint64_t took = kernel_ticks() - t0;
    kprintf("ipc: flood took %lu ticks; flooder waited for gas %u times, throttled %u times; "
            "sink waited for gas %u times, throttled %u times\n",
            took, fl->gas_blocks, fl->throttles, sk->gas_blocks, sk->throttles);
    bad += scen_expect("ipc", fl, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", sk, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", ctr, PHX_KILL_NONE, 0, 0);
    /* 60 messages cost at least 360 gas; the account holds 60 and gains 30
     * a millisecond, so the flood cannot end before 10 ms (100 ticks). The
     * flooder waits either in a send (IPC_BLOCK_GAS) or throttled by the
     * scheduler after a slot's time charge, whichever empties it first. */
    bad += scen_check("ipc", fl->gas_blocks + fl->throttles > 0 && took * TICK_NS >= 10000000,
                      "flood: the flooder was held to its gas refill rate (>= 10 ms)");
    bad += scen_check("ipc", sk->gas_blocks == 0 && sk->throttles == 0,
                      "flood: the receiver never waited for gas");
    bad += scen_check("ipc", gas_conserved(&kgas_pool), "gas conserved");
    return bad + end_part();
}

static int part_channel(void)
{
    struct cap_loc c = ep(0);
    struct kspawn ks = kspawn_default(PROG_chanini, 0);
    grant(&ks, c, CAP_R_WRITE);
    struct domain *ini = scen_spawn(&ks);
    ks = kspawn_default(PROG_chanresp, 0);
    grant(&ks, c, CAP_R_READ);
    struct domain *resp = scen_spawn(&ks);
    int bad = !scen_run_all(20000);
    bad += scen_expect("ipc", ini, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", resp, PHX_KILL_NONE, 0, 0);
    return bad + end_part();
}

static int part_spin(void)
{
    struct cap_loc e = ep(0);
    struct kspawn ks = kspawn_default(PROG_spinsrv, 0);
    grant(&ks, e, CAP_R_READ);
    struct domain *srv = scen_spawn(&ks);
    ks = kspawn_default(PROG_spincli, 0);
    grant(&ks, e, CAP_R_WRITE);
    struct domain *cli = scen_spawn(&ks);
    scen_run_ticks(30);
    int bad = scen_check("ipc",
                         srv->state != DOM_ZOMBIE && srv->ticks >= 20 &&
                             cli->state == DOM_BLOCKED && cli->block == BLOCK_IPC,
                         "a server spinning on a call keeps the CPU, the caller stays blocked");
    dom_kill(srv, PHX_KILL_KILLED, 0);
    bad += !scen_run_all(1000);
    bad += scen_expect("ipc", srv, PHX_KILL_KILLED, 0, -1);
    bad += scen_expect("ipc", cli, PHX_KILL_NONE, 0, 0);
    return bad + end_part();
}

static int part_reg(void)
{
    struct cap_loc e = ep(1), lo = ep(0), hi = ep(2), unserved = ep(1);
    struct kspawn ks = kspawn_default(PROG_regipc, 0);
    ks.label = label_make(1, 0);
    grant(&ks, e, CAP_R_READ);
    struct domain *srv = scen_spawn(&ks);
    ks = kspawn_default(PROG_regipc, 1);
    ks.label = label_make(1, 0);
    grant(&ks, e, CAP_R_WRITE);
    grant(&ks, lo, CAP_R_WRITE);
    grant(&ks, hi, CAP_R_READ);
    grant(&ks, e, CAP_R_READ);
    struct domain *cli = scen_spawn(&ks);
    ks = kspawn_default(PROG_regipc, 2);
    ks.label = label_make(1, 0);
    /* Capped below a message's 1 + 5: never able to send, refilled 3 gas a
     * millisecond so it can try again. */
    ks.gas_initial = ks.gas_max = 5;
    ks.gas_refill = 3;
    ks.gas_period_ns = 1000000;
    ks.gas_policy = GAS_POL_NOTIFY;
    grant(&ks, unserved, CAP_R_WRITE);
    struct domain *poor = scen_spawn(&ks);
    int bad = !scen_run_all(3000);
    bad += scen_expect("ipc", srv, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", cli, PHX_KILL_NONE, 0, 0);
    bad += scen_expect("ipc", poor, PHX_KILL_NONE, 0, 0);
    struct cap_desc d;
    const struct ipc_ep *u = cap_lookup(&kcap_sys, unserved, &d) == 0 ? ipc_ep_get(&kipc_sys, d.obj) : 0;
    bad += scen_check("ipc", u && u->count == 0 && u->nsend == 0,
                      "reg: short of gas, a register call refused (IPC_E_NOGAS and "
                      "GAS_E_EXHAUSTED both seen), registers unchanged, nothing queued");
    bad += scen_check("ipc", gas_conserved(&kgas_pool), "reg: gas conserved");
    return bad + end_part();
}

int scen_ipc(void)
{
    int bad = part_call();
    bad += part_labels();
    bad += part_flood();
    bad += part_channel();
    bad += part_spin();
    bad += part_reg();
    return bad;
}
