/*
 * Policy adapter (see policy.h). INTERIM: libcore's schedulers and gas
 * (core/sched.h, core/gas.h) are being written on another branch; until they
 * are merged this file holds a plain round-robin run queue and a minimal gas
 * account so the machine model, results and tools can be built and tested.
 * It is the only file that changes when libcore's policies arrive.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "core/trace.h"

static const char *const names[] = {"rr"};

int pol_known(const char *name)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i], name))
            return 1;
    return 0;
}

const char *pol_names(void)
{
    return "rr";
}

#define NONE UINT32_MAX

struct pol {
    unsigned ncpu;
    uint32_t ntasks;
    uint32_t *next, *prev;
    uint32_t *head, *tail; /* per CPU */
};

struct pol *pol_create(const char *name, unsigned ncpu, uint32_t ntasks, uint64_t quantum)
{
    (void)quantum;
    if (!pol_known(name))
        return NULL;
    struct pol *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ncpu = ncpu;
    p->ntasks = ntasks;
    p->next = malloc(ntasks * sizeof(uint32_t));
    p->prev = malloc(ntasks * sizeof(uint32_t));
    p->head = malloc(ncpu * sizeof(uint32_t));
    p->tail = malloc(ncpu * sizeof(uint32_t));
    if (!p->next || !p->prev || !p->head || !p->tail) {
        pol_destroy(p);
        return NULL;
    }
    for (unsigned c = 0; c < ncpu; c++)
        p->head[c] = p->tail[c] = NONE;
    return p;
}

void pol_destroy(struct pol *p)
{
    if (!p)
        return;
    free(p->next);
    free(p->prev);
    free(p->head);
    free(p->tail);
    free(p);
}

unsigned pol_id(const struct pol *p)
{
    (void)p;
    return 0;
}

size_t pol_bytes_per_task(const struct pol *p)
{
    (void)p;
    return 2 * sizeof(uint32_t);
}

int pol_task_init(struct pol *p, uint32_t t, uint32_t weight, uint32_t priority)
{
    (void)weight;
    (void)priority;
    p->next[t] = p->prev[t] = NONE;
    return 0;
}

void pol_enqueue(struct pol *p, unsigned cpu, uint32_t t)
{
    p->next[t] = NONE;
    p->prev[t] = p->tail[cpu];
    if (p->tail[cpu] != NONE)
        p->next[p->tail[cpu]] = t;
    else
        p->head[cpu] = t;
    p->tail[cpu] = t;
}

void pol_dequeue(struct pol *p, unsigned cpu, uint32_t t)
{
    if (p->prev[t] != NONE)
        p->next[p->prev[t]] = p->next[t];
    else
        p->head[cpu] = p->next[t];
    if (p->next[t] != NONE)
        p->prev[p->next[t]] = p->prev[t];
    else
        p->tail[cpu] = p->prev[t];
    p->next[t] = p->prev[t] = NONE;
}

int64_t pol_pick(struct pol *p, unsigned cpu)
{
    return p->head[cpu] == NONE ? -1 : (int64_t)p->head[cpu];
}

void pol_charge(struct pol *p, unsigned cpu, uint32_t t, uint64_t ran_ns)
{
    (void)ran_ns;
    /* Round-robin: the task that just ran goes behind the others. */
    if (p->head[cpu] == t && p->tail[cpu] != t) {
        pol_dequeue(p, cpu, t);
        pol_enqueue(p, cpu, t);
    }
}

struct pol_gas {
    unsigned n;
    struct gas_spec *spec;
    uint64_t *balance, *next;
    uint8_t *dry;
};

struct pol_gas *pol_gas_create(const struct gas_spec *specs, unsigned n)
{
    struct pol_gas *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n = n;
    g->spec = malloc((n ? n : 1) * sizeof *g->spec);
    g->balance = malloc((n ? n : 1) * sizeof *g->balance);
    g->next = malloc((n ? n : 1) * sizeof *g->next);
    g->dry = calloc(n ? n : 1, 1);
    if (!g->spec || !g->balance || !g->next || !g->dry) {
        pol_gas_destroy(g);
        return NULL;
    }
    for (unsigned i = 0; i < n; i++) {
        g->spec[i] = specs[i];
        g->balance[i] = specs[i].balance;
        g->next[i] = specs[i].period;
        g->dry[i] = specs[i].balance == 0 && specs[i].policy == GASP_THROTTLE;
    }
    return g;
}

void pol_gas_destroy(struct pol_gas *g)
{
    if (!g)
        return;
    free(g->spec);
    free(g->balance);
    free(g->next);
    free(g->dry);
    free(g);
}

int pol_gas_charge(struct pol_gas *g, unsigned a, uint64_t ran_ns)
{
    uint64_t paid = ran_ns < g->balance[a] ? ran_ns : g->balance[a];
    g->balance[a] -= paid;
    core_trace(TR_GAS_CHARGE, 0, a, paid, g->balance[a], 0);
    if (g->balance[a] > 0)
        return PG_OK;
    if (g->dry[a])
        return g->spec[a].policy == GASP_THROTTLE ? PG_THROTTLED : PG_OK;
    g->dry[a] = 1;
    core_trace(TR_GAS_EXHAUST, 0, a, (uint64_t)g->spec[a].policy, 0, 0);
    return g->spec[a].policy == GASP_THROTTLE ? PG_THROTTLED
           : g->spec[a].policy == GASP_KILL   ? PG_KILLED
                                              : PG_NOTIFIED;
}

unsigned pol_gas_tick(struct pol_gas *g, uint64_t now, uint32_t *woken, unsigned max)
{
    unsigned k = 0;
    for (unsigned a = 0; a < g->n && k < max; a++) {
        const struct gas_spec *s = &g->spec[a];
        if (g->next[a] > now || (g->dry[a] && s->policy == GASP_KILL))
            continue;
        uint64_t before = g->balance[a];
        while (g->next[a] <= now) {
            g->balance[a] = g->balance[a] + s->refill > s->cap ? s->cap : g->balance[a] + s->refill;
            g->next[a] += s->period;
        }
        core_trace(TR_GAS_REFILL, 0, a, g->balance[a] - before, g->balance[a], 0);
        if (g->dry[a] && g->balance[a] > 0) {
            g->dry[a] = 0;
            if (s->policy == GASP_THROTTLE)
                woken[k++] = a;
        }
    }
    return k;
}

uint64_t pol_gas_balance(const struct pol_gas *g, unsigned a)
{
    return g->balance[a];
}
