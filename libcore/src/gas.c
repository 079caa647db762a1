/*
 * Gas accounting (core/gas.h): accounts, charges, refills, donations and the
 * conservation check. Every call decodes and validates first and changes
 * nothing when it fails. The pool keeps two totals, minted and spent, so the
 * conservation law sum(balances) + spent == minted is checkable at any time
 * in O(accounts). Called by the hosts' charge points (timer tick, system
 * call entry, IPC send, capability invocation) and by sched_account_gas().
 */
#include "core/gas.h"

#include "core/platform.h"
#include "core/trace.h"
#include "gas_impl.h"

static bool costs_valid(const struct gas_costs *c)
{
    return c && c->time_unit_ns >= 1;
}

int gas_pool_init(struct gas_pool *p, struct gas_account *acct, uint32_t cap,
                  const struct gas_costs *costs)
{
    if (!p || !acct || cap == 0)
        return CORE_E_INVAL;
    if (!costs_valid(costs))
        return GAS_E_PARAM;
    *p = (struct gas_pool){0};
    p->acct = acct;
    p->cap = cap;
    p->trace = 1;
    p->trace_ops = 1;
    p->costs = *costs;
    for (uint32_t i = 0; i < cap; i++) {
        acct[i] = (struct gas_account){0};
        acct[i].hpos = GAS_NOT_QUEUED;
    }
    return CORE_OK;
}

int gas_set_costs(struct gas_pool *p, const struct gas_costs *costs)
{
    if (!costs_valid(costs))
        return GAS_E_PARAM;
    p->costs = *costs;
    return CORE_OK;
}

static void trace(const struct gas_pool *p, enum core_trace_kind k, uint64_t a, uint64_t b,
                  uint64_t c, uint64_t d)
{
    if (p->trace)
        core_trace(k, p->cpu, a, b, c, d);
}

/* a*b, or UINT64_MAX if it does not fit. */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

static struct gas_account *lookup(struct gas_pool *p, uint32_t id)
{
    if (id >= p->cap || p->acct[id].state == GAS_ST_FREE)
        return 0;
    return &p->acct[id];
}

const struct gas_account *gas_get(const struct gas_pool *p, uint32_t id)
{
    if (id >= p->cap || p->acct[id].state == GAS_ST_FREE)
        return 0;
    return &p->acct[id];
}

int gas_open(struct gas_pool *p, uint64_t initial, uint64_t refill_amount,
             uint64_t refill_period_ns, uint64_t cap, enum gas_policy policy, uint64_t now_ns,
             uint32_t *id)
{
    if (initial > cap || (unsigned)policy > GAS_POL_NOTIFY ||
        (refill_amount && !refill_period_ns) || initial > UINT64_MAX - p->minted)
        return GAS_E_PARAM;
    uint32_t i = 0;
    while (i < p->cap && p->acct[i].state != GAS_ST_FREE)
        i++;
    if (i == p->cap)
        return GAS_E_FULL;
    struct gas_account *a = &p->acct[i];
    uint32_t gen = a->gen, hslot = a->hslot;
    *a = (struct gas_account){0};
    a->gen = gen;
    a->hslot = hslot; /* belongs to the queue, not to the account */
    a->hpos = GAS_NOT_QUEUED;
    a->balance = initial;
    a->cap = cap;
    a->refill_amount = refill_amount;
    a->refill_period_ns = refill_period_ns;
    a->next_refill_ns = refill_period_ns ? now_ns + refill_period_ns : UINT64_MAX;
    a->policy = (uint8_t)policy;
    /* An empty throttle account starts dry: its tasks wait for a refill. */
    a->state = initial == 0 && policy == GAS_POL_THROTTLE ? GAS_ST_THROTTLED : GAS_ST_ACTIVE;
    p->minted += initial;
    if (refill_period_ns)
        gas_queue_add(p, i);
    *id = i;
    return CORE_OK;
}

int gas_close(struct gas_pool *p, uint32_t id)
{
    struct gas_account *a = lookup(p, id);
    if (!a)
        return GAS_E_NOACCT;
    /* The balance leaves circulation: retired gas counts as spent. */
    gas_queue_remove(p, id);
    p->spent += a->balance;
    a->balance = 0;
    a->state = GAS_ST_FREE;
    a->gen++;
    return CORE_OK;
}

uint64_t gas_ref(const struct gas_pool *p, uint32_t id)
{
    uint32_t gen = id < p->cap ? p->acct[id].gen : 0;
    return (uint64_t)gen << 32 | id;
}

int gas_resolve(const struct gas_pool *p, uint64_t ref, uint32_t *id)
{
    uint32_t i = (uint32_t)ref, gen = (uint32_t)(ref >> 32);
    if (!gas_get(p, i) || p->acct[i].gen != gen)
        return GAS_E_NOACCT;
    *id = i;
    return CORE_OK;
}

/* The account has no gas left: apply its policy once per exhaustion. */
static int dry(struct gas_pool *p, struct gas_account *a, uint32_t id)
{
    switch (a->policy) {
    case GAS_POL_THROTTLE:
        if (a->state == GAS_ST_ACTIVE) {
            a->state = GAS_ST_THROTTLED;
            trace(p, TR_GAS_EXHAUST, id, GAS_POL_THROTTLE, 0, 0);
        }
        return GAS_THROTTLED;
    case GAS_POL_KILL:
        a->state = GAS_ST_KILLED;
        gas_queue_remove(p, id); /* a killed account is never refilled */
        trace(p, TR_GAS_EXHAUST, id, GAS_POL_KILL, 0, 0);
        return GAS_KILLED;
    default:
        if (a->notified)
            return GAS_OK;
        a->notified = 1;
        trace(p, TR_GAS_EXHAUST, id, GAS_POL_NOTIFY, 0, 0);
        return GAS_NOTIFIED;
    }
}

/* Pay what the balance allows of cost; the remainder is unpaid. */
static void pay(struct gas_pool *p, struct gas_account *a, uint32_t id, uint64_t cost,
                enum gas_op kind)
{
    uint64_t paid = cost < a->balance ? cost : a->balance;
    a->balance -= paid;
    a->spent += paid;
    p->spent += paid;
    a->unpaid += cost - paid;
    if (cost && (kind == GAS_OP_TIME || p->trace_ops))
        trace(p, TR_GAS_CHARGE, id, paid, a->balance, kind);
}

int gas_charge_time(struct gas_pool *p, uint32_t id, uint64_t ns)
{
    struct gas_account *a = lookup(p, id);
    if (!a)
        return GAS_E_NOACCT;
    if (a->state == GAS_ST_KILLED)
        return GAS_E_KILLED;
    uint64_t unit = p->costs.time_unit_ns;
    uint64_t units = ns / unit;
    a->carry_ns += ns % unit;
    if (a->carry_ns >= unit) {
        a->carry_ns -= unit;
        units++;
    }
    pay(p, a, id, mul_sat(units, p->costs.time_cost), GAS_OP_TIME);
    return a->balance ? GAS_OK : dry(p, a, id);
}

int gas_charge_op(struct gas_pool *p, uint32_t id, enum gas_op op)
{
    struct gas_account *a = lookup(p, id);
    if (!a)
        return GAS_E_NOACCT;
    if (op <= GAS_OP_TIME || op >= GAS_OP_COUNT)
        return GAS_E_OP;
    if (a->state == GAS_ST_KILLED)
        return GAS_E_KILLED;
    uint64_t cost = p->costs.op[op];
    if (cost > a->balance || (cost == 0 && a->state == GAS_ST_THROTTLED))
        return GAS_E_EXHAUSTED;
    pay(p, a, id, cost, op);
    return a->balance || cost == 0 ? GAS_OK : dry(p, a, id);
}

int gas_donate(struct gas_pool *p, uint32_t from, uint32_t to, uint64_t amount)
{
    struct gas_account *f = lookup(p, from), *t = lookup(p, to);
    if (!f || !t)
        return GAS_E_NOACCT;
    if (from == to)
        return GAS_E_SELF;
    if (f->state == GAS_ST_KILLED || t->state == GAS_ST_KILLED)
        return GAS_E_KILLED;
    if (amount > f->balance)
        return GAS_E_FUNDS;
    if (amount > t->cap - t->balance)
        return GAS_E_CAP;
    f->balance -= amount;
    t->balance += amount;
    trace(p, TR_GAS_DONATE, from, amount, to, 0);
    if (!t->balance)
        return 0;
    t->notified = 0;
    if (t->state == GAS_ST_THROTTLED) {
        t->state = GAS_ST_ACTIVE;
        return 1;
    }
    return 0;
}

/* NULL if every law holds, else the name of the first broken one. */
static const char *broken(const struct gas_pool *p)
{
    unsigned __int128 sum = p->spent;
    for (uint32_t i = 0; i < p->cap; i++) {
        const struct gas_account *a = &p->acct[i];
        if (a->state == GAS_ST_FREE) {
            if (a->balance)
                return "gas_check: free account holds gas";
            continue;
        }
        if (a->balance > a->cap)
            return "gas_check: balance above cap";
        if (a->state == GAS_ST_THROTTLED && a->balance)
            return "gas_check: throttled account holds gas";
        sum += a->balance;
    }
    if (sum != p->minted)
        return "gas_check: balances + spent != minted";
    return gas_queue_broken(p);
}

bool gas_conserved(const struct gas_pool *p)
{
    return broken(p) == 0;
}

void gas_check(const struct gas_pool *p)
{
    const char *msg = broken(p);
    if (msg)
        plat_panic(msg);
}
