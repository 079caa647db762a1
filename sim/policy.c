/*
 * Policy adapter (see policy.h): the simulator's only calls into libcore's
 * schedulers (core/sched.h) and gas accounting (core/gas.h). One run queue
 * per CPU, each with capacity ceil(tasks / CPUs) + 1 (the balancing rule in
 * machine.c never puts more on one CPU; see docs/simulator.md); a task's
 * struct sched_task lives here and travels between run queues. The run
 * queues' own trace records are off: the machine model writes the
 * scheduling records itself, with the ids libcore would use, because it
 * also knows about idle CPUs, sleeps and periodic jobs.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "core/gas.h"
#include "core/platform.h"
#include "core/sched.h"

int pol_known(const char *name)
{
    return sched_policy_by_name(name) != NULL;
}

const char *pol_names(void)
{
    return "beatty, stride, eevdf, lottery, rr, prio";
}

struct pol {
    const struct sched_policy *sp;
    unsigned ncpu;
    uint32_t ntasks, cap;
    struct sched_rq *rq;
    struct sched_node *nodes;
    struct sched_task *t;
};

struct pol *pol_create(const char *name, unsigned ncpu, uint32_t ntasks, uint64_t quantum)
{
    const struct sched_policy *sp = sched_policy_by_name(name);
    if (!sp || !ncpu || ntasks >= SCHED_CAPACITY_MAX)
        return NULL;
    struct pol *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->sp = sp;
    p->ncpu = ncpu;
    p->ntasks = ntasks;
    p->cap = (ntasks + ncpu - 1) / ncpu + 1;
    p->rq = calloc(ncpu, sizeof *p->rq);
    p->nodes = calloc((size_t)ncpu * SCHED_NODES(p->cap), sizeof *p->nodes);
    p->t = calloc(ntasks ? ntasks : 1, sizeof *p->t);
    if (!p->rq || !p->nodes || !p->t) {
        pol_destroy(p);
        return NULL;
    }
    for (unsigned c = 0; c < ncpu; c++) {
        if (sched_rq_init(&p->rq[c], sp, p->nodes + (size_t)c * SCHED_NODES(p->cap), p->cap,
                          (uint16_t)c)) {
            pol_destroy(p);
            return NULL;
        }
        p->rq[c].quantum_ns = quantum;
        p->rq[c].trace = 0;
    }
    return p;
}

void pol_destroy(struct pol *p)
{
    if (!p)
        return;
    free(p->rq);
    free(p->nodes);
    free(p->t);
    free(p);
}

unsigned pol_id(const struct pol *p)
{
    return sched_policy_id(p->sp);
}

size_t pol_bytes_per_task(const struct pol *p)
{
    size_t total = p->ntasks * sizeof *p->t + p->ncpu * sizeof *p->rq +
                   (size_t)p->ncpu * SCHED_NODES(p->cap) * sizeof *p->nodes;
    return p->ntasks ? (total + p->ntasks - 1) / p->ntasks : 0;
}

/* A refused call means the machine model broke the protocol: stop loudly. */
static void must(int rc, const char *what)
{
    if (rc)
        plat_panic(what);
}

int pol_task_init(struct pol *p, uint32_t t, uint32_t weight, uint32_t priority)
{
    return sched_task_init(&p->t[t], t + 1, weight, (uint8_t)priority) ? -1 : 0;
}

void pol_enqueue(struct pol *p, unsigned cpu, uint32_t t)
{
    must(sched_add(&p->rq[cpu], &p->t[t]), "pol_enqueue: sched_add refused");
}

void pol_dequeue(struct pol *p, unsigned cpu, uint32_t t)
{
    must(sched_remove(&p->rq[cpu], &p->t[t]), "pol_dequeue: sched_remove refused");
}

int64_t pol_pick(struct pol *p, unsigned cpu)
{
    struct sched_task *t = sched_pick(&p->rq[cpu]);
    return t ? (int64_t)(t - p->t) : -1;
}

void pol_charge(struct pol *p, unsigned cpu, uint32_t t, uint64_t ran_ns)
{
    must(sched_account(&p->rq[cpu], &p->t[t], ran_ns), "pol_charge: sched_account refused");
}

struct pol_gas {
    struct gas_pool pool;
    struct gas_account *acct;
    unsigned n;
};

struct pol_gas *pol_gas_create(const struct gas_spec *specs, unsigned n)
{
    struct pol_gas *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n = n;
    g->acct = calloc(n ? n : 1, sizeof *g->acct);
    /* One gas unit per nanosecond of run time; operations are not modelled. */
    struct gas_costs costs = {.time_unit_ns = 1, .time_cost = 1};
    if (!g->acct || gas_pool_init(&g->pool, g->acct, n ? n : 1, &costs)) {
        pol_gas_destroy(g);
        return NULL;
    }
    for (unsigned i = 0; i < n; i++) {
        const struct gas_spec *s = &specs[i];
        uint32_t id;
        enum gas_policy gp = s->policy == GASP_KILL     ? GAS_POL_KILL
                             : s->policy == GASP_NOTIFY ? GAS_POL_NOTIFY
                                                        : GAS_POL_THROTTLE;
        if (gas_open(&g->pool, s->balance, s->refill, s->period, s->cap, gp, 0, &id) || id != i) {
            pol_gas_destroy(g);
            return NULL;
        }
    }
    return g;
}

void pol_gas_destroy(struct pol_gas *g)
{
    if (!g)
        return;
    free(g->acct);
    free(g);
}

int pol_gas_charge(struct pol_gas *g, unsigned a, uint64_t ran_ns)
{
    int rc = gas_charge_time(&g->pool, a, ran_ns);
    switch (rc) {
    case GAS_OK:
        return PG_OK;
    case GAS_THROTTLED:
        return PG_THROTTLED;
    case GAS_KILLED:
        return PG_KILLED;
    case GAS_NOTIFIED:
        return PG_NOTIFIED;
    case GAS_E_KILLED:
        return PG_OK; /* already dead: its tasks are gone */
    default:
        plat_panic("pol_gas_charge: gas_charge_time refused");
    }
}

unsigned pol_gas_tick(struct pol_gas *g, uint64_t now, uint32_t *woken, unsigned max)
{
    return gas_tick(&g->pool, now, woken, max);
}

uint64_t pol_gas_balance(const struct pol_gas *g, unsigned a)
{
    const struct gas_account *acct = gas_get(&g->pool, a);
    return acct ? acct->balance : 0;
}
