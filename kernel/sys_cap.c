/*
 * System calls on capabilities, gas accounts, domains and the scheduler.
 * Each one names its objects by handles in the caller's capability space and
 * lets libcore check them (type, rights, generation, expiry) before anything
 * happens; capability operations themselves are libcore's (derivation tree,
 * revocation across domains).
 */
#include "core/gas.h"
#include "core/gas_cap.h"
#include "core/ipc.h"
#include "core/label.h"
#include "domain.h"
#include "kcap.h"
#include "kgas.h"
#include "kipc.h"
#include "klib.h"
#include "ksched.h"
#include "syscall.h"
#include "uaccess.h"

static struct cap_loc mine(cap_handle h)
{
    struct cap_loc l = {kcap_space(dom_current()), h};
    return l;
}

/* The space a capability goes to: the caller's (dst 0) or that of a live
 * domain named by a domain capability with the write (insert) right. */
static int dest_space(uint64_t dst, uint32_t *space)
{
    struct domain *self = dom_current();
    if (dst == 0) {
        *space = kcap_space(self);
        return 0;
    }
    uint64_t id;
    int r = kcap_check(self, dst, CAP_T_DOMAIN, CAP_R_WRITE, &id);
    if (r < 0)
        return r;
    struct domain *d = id <= 0x7fffffff ? dom_by_id((int)id) : 0;
    if (!d || d->state == DOM_ZOMBIE)
        return PHX_E_CHILD;
    *space = kcap_space(d);
    return 0;
}

int64_t sys_cap_copy(uint64_t h, uint64_t dst)
{
    uint32_t space;
    int r = dest_space(dst, &space);
    if (r < 0)
        return r;
    cap_handle out;
    r = cap_copy(&kcap_sys, mine(h), space, kernel_now_ns(), &out);
    return r < 0 ? r : (int64_t)out;
}

int64_t sys_cap_derive(uint64_t h, uint64_t dst, uint64_t rights, uint64_t badge)
{
    if (rights > CAP_R_ALL)
        return PHX_E_INVAL;
    uint32_t space;
    int r = dest_space(dst, &space);
    if (r < 0)
        return r;
    cap_handle out;
    r = cap_derive(&kcap_sys, mine(h), space, (uint32_t)rights, badge, 0, kernel_now_ns(), &out);
    return r < 0 ? r : (int64_t)out;
}

uint64_t sys_last_revoke_seq;

int64_t sys_cap_revoke(uint64_t h)
{
    uint32_t removed = 0;
    int r = cap_revoke(&kcap_sys, mine(h), kernel_now_ns(), &removed);
    if (r < 0)
        return r;
    sys_last_revoke_seq = syscall_seq;
    return (int64_t)removed;
}

int64_t sys_cap_delete(uint64_t h)
{
    return cap_delete(&kcap_sys, mine(h));
}

/* A gas capability with `rights` -> the account id it names. */
static int gas_of(cap_handle h, uint32_t rights, uint32_t *acct)
{
    uint64_t ref;
    int r = kcap_check(dom_current(), h, CAP_T_GAS, rights, &ref);
    if (r < 0)
        return r;
    return gas_resolve(&kgas_pool, ref, acct);
}

int64_t sys_gas_balance(uint64_t h, uint64_t uout)
{
    uint32_t acct;
    int r = gas_of(h, CAP_R_READ, &acct);
    if (r < 0)
        return r;
    r = uaccess_check(uout, sizeof(uint64_t), true);
    if (r < 0)
        return r;
    uint64_t bal = gas_get(&kgas_pool, acct)->balance;
    return copy_to_user(uout, &bal, sizeof bal);
}

int64_t sys_gas_donate(uint64_t from, uint64_t to, uint64_t amount)
{
    /* libcore's capability-checked donation: `from` needs the donate right,
     * `to` only has to name an account. */
    struct domain *self = dom_current();
    int r = gas_donate_cap(&kgas_pool, cap_space_of(&kcap_sys, kcap_space(self)), from, to, amount,
                           kernel_now_ns());
    if (r == 1) {
        uint32_t b;
        if (gas_of(to, 0, &b) == 0)
            kgas_unthrottle(b); /* the receiver was throttled and has gas again */
    }
    return r < 0 ? r : 0;
}

/* Watch an account for exhaustion (SYS_GAS_WATCH). Decode first: the gas
 * cap (READ, as for gas_balance) names an open account; bits 0 removes its
 * watch and needs nothing more; otherwise the endpoint cap holds WRITE, names
 * a live endpoint, and the caller's label flows to the endpoint's (the same
 * rule as notify, without declassification). Then the watch is set,
 * replacing any other; a badged endpoint cap signals its badge, as notify
 * does. */
int64_t sys_gas_watch(uint64_t gh, uint64_t eh, uint64_t bits)
{
    struct domain *self = dom_current();
    uint32_t acct;
    int r = gas_of(gh, CAP_R_READ, &acct);
    if (r < 0)
        return r;
    if (!bits) {
        kgas_watch_clear(acct);
        return 0;
    }
    uint64_t ref = 0, badge = 0;
    r = cap_check(cap_space_of(&kcap_sys, kcap_space(self)), eh, CAP_T_ENDPOINT, CAP_R_WRITE,
                  kernel_now_ns(), &ref, &badge);
    if (r < 0)
        return r;
    const struct ipc_ep *ep = ipc_ep_get(&kipc_sys, ref);
    if (!ep)
        return IPC_E_DEAD; /* e.g. the console, which is no IPC endpoint */
    if (!label_leq(self->label, ep->label))
        return IPC_E_FLOW;
    kgas_watch_set(acct, ref, self->label, badge ? badge : bits);
    return 0;
}

int64_t sys_sched_set(uint64_t h, uint64_t policy)
{
    uint64_t obj;
    int r = kcap_check(dom_current(), h, CAP_T_SCHED, CAP_R_SWITCH, &obj);
    if (r < 0)
        return r;
    const struct sched_policy *pol = policy <= 0xff ? sched_policy_by_id((unsigned)policy) : 0;
    if (!pol)
        return PHX_E_INVAL;
    kprintf("sched: domain %d switches the policy to %s\n", dom_current()->id,
            sched_policy_name(pol));
    return ks_switch_policy_from_domain(pol);
}

int64_t sys_kill(uint64_t h)
{
    uint64_t id;
    int r = kcap_check(dom_current(), h, CAP_T_DOMAIN, CAP_R_KILL, &id);
    if (r < 0)
        return r;
    struct domain *d = id <= 0x7fffffff ? dom_by_id((int)id) : 0;
    if (!d)
        return PHX_E_CHILD;
    dom_kill(d, PHX_KILL_KILLED, (uint32_t)dom_current()->id);
    return 0;
}

int64_t sys_spawn(uint64_t uspec)
{
    struct domain *self = dom_current();
    struct phx_spawn sp;
    int r = copy_from_user(&sp, uspec, sizeof sp);
    if (r < 0)
        return r;
    if (sp.ncaps > PHX_SPAWN_MAX_CAPS || sp.weight == 0 || sp.weight > SCHED_WEIGHT_MAX ||
        sp.prio >= SCHED_PRIO_LEVELS || sp.gas_policy > GAS_POL_NOTIFY ||
        sp.gas_max < sp.gas_initial || sp.gas_max == 0 || sp.self_rights > CAP_R_ALL)
        return PHX_E_INVAL;
    /* Authority to spawn: the caller's own domain cap with the spawn right,
     * and no more rights for the child's self cap than the caller's has. */
    uint64_t me;
    r = kcap_check(self, sp.self, CAP_T_DOMAIN, CAP_R_SPAWN, &me);
    if (r < 0)
        return r;
    struct cap_desc selfcap;
    cap_lookup(&kcap_sys, mine(sp.self), &selfcap);
    if (me != (uint64_t)self->id || (sp.self_rights & ~selfcap.rights))
        return PHX_E_INVAL;
    /* The gas that funds the child. */
    uint32_t donor;
    r = gas_of(sp.gas_from, CAP_R_DONATE, &donor);
    if (r < 0)
        return r;
    if (gas_get(&kgas_pool, donor)->balance < sp.gas_initial)
        return GAS_E_FUNDS;
    /* The child's label: valid and at or above the creator's, so a domain
     * cannot pass what it knows (its argument, its grants) down the lattice
     * by spawning. The child cannot change it afterwards. */
    struct label lab = {.cats = sp.label_cats, .level = sp.label_level};
    if (!label_valid(lab) || !label_leq(self->label, lab))
        return IPC_E_LABEL;
    struct kspawn ks = kspawn_default(0, 0);
    ks.label = lab;
    ks.prog = sp.prog;
    ks.arg = sp.arg;
    ks.weight = sp.weight;
    ks.prio = (uint8_t)sp.prio;
    ks.parent = self->id;
    ks.gas_initial = sp.gas_initial;
    ks.gas_max = sp.gas_max;
    ks.gas_policy = sp.gas_policy;
    ks.gas_donor = donor;
    ks.self_rights = sp.self_rights;
    ks.ncaps = sp.ncaps;
    /* Each grant: a capability in force that may be derived, to rights no
     * larger than its own. */
    for (uint32_t i = 0; i < sp.ncaps; i++) {
        struct cap_desc cd;
        r = cap_lookup(&kcap_sys, mine(sp.caps[i].handle), &cd);
        if (r < 0)
            return r;
        if (!(cd.rights & CAP_R_DERIVE))
            return CAP_E_RIGHTS;
        if (sp.caps[i].rights & ~cd.rights)
            return CAP_E_ESCALATE;
        if (cd.expiry && cd.expiry <= kernel_now_ns())
            return CAP_E_EXPIRED;
        ks.caps[i] = mine(sp.caps[i].handle);
        ks.rights[i] = sp.caps[i].rights;
    }
    int err = 0;
    struct domain *c = dom_spawn(&ks, &err);
    return c ? (int64_t)ks.parent_handle : err;
}
