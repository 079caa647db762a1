/*
 * Experiment files: YAML read with libyaml's document loader, then walked
 * node by node into struct exp. Every complaint names file:line (libyaml
 * marks are 0-based, printed 1-based) and what was expected there; unknown
 * keys are errors so a typo never silently falls back to a default. The key
 * reference is docs/experiments.md.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r, clock_gettime, %m */
#include "exp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dagrun.h"
#include "exp_ld.h"
#include "policy.h"

int ld_fail(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
{
    int len = snprintf(l->err, l->errlen, "%s:%lu: ", l->e->file,
                       n ? (unsigned long)n->start_mark.line + 1 : 1ul);
    va_list ap;
    va_start(ap, fmt);
    if (len >= 0 && (size_t)len < l->errlen)
        vsnprintf(l->err + len, l->errlen - (size_t)len, fmt, ap);
    va_end(ap);
    return -1;
}

yaml_node_t *ld_node(struct ld *l, int id)
{
    return yaml_document_get_node(&l->doc, id);
}

const char *ld_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Typed readers: each fails with the key's name and the expected form. */
int ld_get_str(struct ld *l, yaml_node_t *n, const char *key, char *out, size_t cap)
{
    const char *s = ld_scalar(n);
    if (!s || !*s || strlen(s) >= cap)
        return ld_fail(l, n, "%s: expected a name of 1..%zu characters", key, cap - 1);
    strcpy(out, s);
    return 0;
}

int ld_get_u64(struct ld *l, yaml_node_t *n, const char *key, uint64_t lo, uint64_t hi,
               uint64_t *out)
{
    const char *s = ld_scalar(n);
    if (!s || exp_parse_u64(s, out) || *out < lo || *out > hi)
        return ld_fail(l, n, "%s: expected an integer in %llu..%llu, got '%s'", key,
                       (unsigned long long)lo, (unsigned long long)hi, s ? s : "(not a scalar)");
    return 0;
}

int ld_get_u32(struct ld *l, yaml_node_t *n, const char *key, uint64_t lo, uint64_t hi,
               uint32_t *out)
{
    uint64_t v;
    if (ld_get_u64(l, n, key, lo, hi, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int ld_get_dur(struct ld *l, yaml_node_t *n, const char *key, uint64_t *out)
{
    const char *s = ld_scalar(n);
    if (!s || exp_parse_duration(s, out))
        return ld_fail(l, n, "%s: expected a duration such as 500us, 10ms or 2s, got '%s'", key,
                       s ? s : "(not a scalar)");
    return 0;
}

int ld_get_dist(struct ld *l, yaml_node_t *n, const char *key, struct dist *out)
{
    const char *s = ld_scalar(n);
    if (!s || exp_parse_dist(s, out))
        return ld_fail(l, n,
                       "%s: expected a duration or a distribution exp(MEAN), uniform(LO, HI), "
                       "normal(MEAN, SD), got '%s'",
                       key, s ? s : "(not a scalar)");
    return 0;
}

/* A mapping, each key a scalar given once (libyaml accepts repeats; a
 * repeated key is almost always a mistake, so it is refused). */
int ld_want_map(struct ld *l, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return ld_fail(l, n, "%s: expected a mapping (key: value lines)", what);
    for (yaml_node_pair_t *a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
        yaml_node_t *ka = ld_node(l, a->key);
        if (!ld_scalar(ka))
            return ld_fail(l, ka, "%s: expected plain keys", what);
        for (yaml_node_pair_t *b = n->data.mapping.pairs.start; b < a; b++)
            if (!strcmp(ld_scalar(ld_node(l, b->key)), ld_scalar(ka)))
                return ld_fail(l, ka, "%s: key '%s' given twice", what, ld_scalar(ka));
    }
    return 0;
}

int ld_want_seq(struct ld *l, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return ld_fail(l, n, "%s: expected a list ([a, b] or '- item' lines)", what);
    return 0;
}

static int parse_machine(struct ld *l, yaml_node_t *m)
{
    struct exp *e = l->e;
    yaml_node_t *k, *v;
    uint64_t x;
    if (ld_want_map(l, m, "machine"))
        return -1;
    FOR_PAIRS(l, m, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        if (!strcmp(key, "cpus")) {
            if (ld_get_u64(l, v, "machine.cpus", 1, 4096, &x))
                return -1;
            e->ncpu = (unsigned)x;
        } else if (!strcmp(key, "quantum")) {
            if (ld_get_dur(l, v, "machine.quantum", &e->quantum))
                return -1;
            if (!e->quantum)
                return ld_fail(l, v, "machine.quantum: expected a positive duration");
        } else if (!strcmp(key, "tick")) {
            if (ld_get_dur(l, v, "machine.tick", &e->tick))
                return -1;
        } else if (!strcmp(key, "context_switch")) {
            if (ld_get_dur(l, v, "machine.context_switch", &e->cs_cost))
                return -1;
        } else if (!strcmp(key, "preempt")) {
            const char *s = ld_scalar(v);
            if (s && !strcmp(s, "tick"))
                e->preempt = 1;
            else if (s && !strcmp(s, "none"))
                e->preempt = 0;
            else
                return ld_fail(l, v, "machine.preempt: expected tick or none");
        } else if (!strcmp(key, "balance")) {
            const char *s = ld_scalar(v);
            if (s && !strcmp(s, "least-loaded"))
                e->balance = BAL_LEAST_LOADED;
            else if (s && !strcmp(s, "none"))
                e->balance = BAL_NONE;
            else
                return ld_fail(l, v, "machine.balance: expected least-loaded or none");
        } else {
            return ld_fail(l, k,
                           "unknown key '%s' in machine (expected cpus, quantum, tick, "
                           "context_switch, balance, preempt)",
                           key);
        }
    }
    return 0;
}

static int parse_gas(struct ld *l, yaml_node_t *s)
{
    struct exp *e = l->e;
    if (ld_want_seq(l, s, "gas"))
        return -1;
    for (yaml_node_item_t *it = s->data.sequence.items.start; it < s->data.sequence.items.top;
         it++) {
        yaml_node_t *m = ld_node(l, *it), *k, *v;
        if (ld_want_map(l, m, "gas account"))
            return -1;
        if (e->ngas == EXP_MAX_GAS)
            return ld_fail(l, m, "gas: at most %d accounts", EXP_MAX_GAS);
        struct gas_spec *g = &e->gas[e->ngas];
        memset(g, 0, sizeof *g);
        int have_balance = 0;
        FOR_PAIRS(l, m, k, v)
        {
            const char *key = ld_scalar(k) ? ld_scalar(k) : "";
            if (!strcmp(key, "name")) {
                if (ld_get_str(l, v, "gas.name", g->name, sizeof g->name))
                    return -1;
            } else if (!strcmp(key, "balance")) {
                if (ld_get_dur(l, v, "gas.balance", &g->balance))
                    return -1;
                have_balance = 1;
            } else if (!strcmp(key, "refill")) {
                if (ld_get_dur(l, v, "gas.refill", &g->refill))
                    return -1;
            } else if (!strcmp(key, "period")) {
                if (ld_get_dur(l, v, "gas.period", &g->period))
                    return -1;
            } else if (!strcmp(key, "cap")) {
                if (ld_get_dur(l, v, "gas.cap", &g->cap))
                    return -1;
            } else if (!strcmp(key, "policy")) {
                const char *p = ld_scalar(v);
                if (p && !strcmp(p, "throttle"))
                    g->policy = GASP_THROTTLE;
                else if (p && !strcmp(p, "kill"))
                    g->policy = GASP_KILL;
                else if (p && !strcmp(p, "notify"))
                    g->policy = GASP_NOTIFY;
                else
                    return ld_fail(l, v, "gas.policy: expected throttle, kill or notify");
            } else {
                return ld_fail(l, k,
                               "unknown key '%s' in a gas account (expected name, balance, refill, "
                               "period, cap, policy)",
                               key);
            }
        }
        if (!g->name[0])
            return ld_fail(l, m, "gas account: expected a name");
        if (!g->period || !g->refill)
            return ld_fail(l, m, "gas account '%s': expected refill and period (positive)",
                           g->name);
        if (!g->cap)
            g->cap = g->refill;
        if (!have_balance)
            g->balance = g->cap;
        if (g->balance > g->cap || g->refill > g->cap)
            return ld_fail(l, m, "gas account '%s': balance and refill must not exceed cap",
                           g->name);
        for (unsigned i = 0; i < e->ngas; i++)
            if (!strcmp(e->gas[i].name, g->name))
                return ld_fail(l, m, "gas account '%s' defined twice", g->name);
        e->ngas++;
    }
    return 0;
}

int ld_parse_arrival(struct ld *l, struct group_spec *g, yaml_node_t *v)
{
    if (v->type == YAML_SEQUENCE_NODE) {
        size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        if (n == 0 || n > 10000000)
            return ld_fail(l, v, "arrival: expected a non-empty list of times");
        g->arr = ARR_LIST;
        g->arr_times = malloc(n * sizeof(uint64_t));
        if (!g->arr_times)
            return ld_fail(l, v, "arrival: out of memory");
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *t = ld_node(l, v->data.sequence.items.start[i]);
            if (ld_get_dur(l, t, "arrival[]", &g->arr_times[i]))
                return -1;
        }
        g->count = (uint32_t)n;
        return 0;
    }
    const char *s = ld_scalar(v);
    char buf[96];
    if (s && strlen(s) < sizeof buf) {
        strcpy(buf, s);
        size_t len = strlen(buf);
        if (!strcmp(buf, "start")) {
            g->arr = ARR_START;
            return 0;
        }
        int poisson = !strncmp(buf, "poisson(", 8), periodic = !strncmp(buf, "periodic(", 9);
        if ((poisson || periodic) && buf[len - 1] == ')') {
            buf[len - 1] = 0;
            if (!exp_parse_duration(buf + (poisson ? 8 : 9), &g->arr_interval) &&
                g->arr_interval > 0) {
                g->arr = poisson ? ARR_POISSON : ARR_PERIODIC;
                return 0;
            }
        }
    }
    return ld_fail(l, v,
                   "arrival: expected start, poisson(MEAN_GAP), periodic(INTERVAL) or a list of "
                   "times [0, 5ms, ...]");
}

static int parse_group(struct ld *l, yaml_node_t *m)
{
    struct exp *e = l->e;
    if (ld_want_map(l, m, "group"))
        return -1;
    if (e->ngroups == EXP_MAX_GROUPS)
        return ld_fail(l, m, "groups: at most %d groups", EXP_MAX_GROUPS);
    struct group_spec *g = &e->groups[e->ngroups++];
    memset(g, 0, sizeof *g);
    g->count = 1;
    g->weight = 1;
    g->gas = -1;
    g->endless = 1;
    g->line = (int)m->start_mark.line + 1;
    int have_count = 0, have_beh = 0, have_deadline = 0;
    yaml_node_t *k, *v, *beh_node = m;
    FOR_PAIRS(l, m, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        const char *s = ld_scalar(v);
        if (!strcmp(key, "name")) {
            if (ld_get_str(l, v, "name", g->name, sizeof g->name))
                return -1;
        } else if (!strcmp(key, "count")) {
            if (ld_get_u32(l, v, "count", 1, 10000000, &g->count))
                return -1;
            have_count = 1;
        } else if (!strcmp(key, "weight")) {
            if (ld_get_u32(l, v, "weight", 1, 1000000, &g->weight))
                return -1;
        } else if (!strcmp(key, "priority")) {
            if (ld_get_u32(l, v, "priority", 0, 63, &g->priority))
                return -1;
        } else if (!strcmp(key, "gas")) {
            g->gas = -2;
            for (unsigned i = 0; s && i < e->ngas; i++)
                if (!strcmp(e->gas[i].name, s))
                    g->gas = (int)i;
            if (g->gas < 0)
                return ld_fail(l, v, "gas: expected the name of an account listed under gas: (%s)",
                               s ? s : "not a scalar");
        } else if (!strcmp(key, "behaviour") || !strcmp(key, "behavior")) {
            beh_node = v;
            have_beh = 1;
            if (s && !strcmp(s, "cpu-bound"))
                g->beh = BEH_CPU;
            else if (s && !strcmp(s, "interactive"))
                g->beh = BEH_INTERACTIVE;
            else if (s && !strcmp(s, "periodic"))
                g->beh = BEH_PERIODIC;
            else
                return ld_fail(l, v, "behaviour: expected cpu-bound, interactive or periodic");
        } else if (!strcmp(key, "burst")) {
            if (ld_get_dist(l, v, "burst", &g->burst))
                return -1;
        } else if (!strcmp(key, "sleep")) {
            if (ld_get_dist(l, v, "sleep", &g->sleep))
                return -1;
        } else if (!strcmp(key, "period")) {
            if (ld_get_dur(l, v, "period", &g->period))
                return -1;
        } else if (!strcmp(key, "exec")) {
            if (ld_get_dur(l, v, "exec", &g->exec))
                return -1;
        } else if (!strcmp(key, "deadline")) {
            if (ld_get_dur(l, v, "deadline", &g->deadline))
                return -1;
            have_deadline = 1;
        } else if (!strcmp(key, "jobs")) {
            if (ld_get_u64(l, v, "jobs", 1, UINT32_MAX, &g->jobs))
                return -1;
        } else if (!strcmp(key, "work")) {
            if (s && !strcmp(s, "endless")) {
                g->endless = 1;
            } else {
                if (ld_get_dist(l, v, "work", &g->work))
                    return -1;
                g->endless = 0;
            }
        } else if (!strcmp(key, "arrival")) {
            if (ld_parse_arrival(l, g, v))
                return -1;
        } else if (!strcmp(key, "start")) {
            if (ld_get_dur(l, v, "start", &g->arr_at))
                return -1;
        } else {
            return ld_fail(l, k,
                           "unknown key '%s' in a group (expected name, count, weight, priority, "
                           "gas, behaviour, burst, sleep, period, exec, deadline, jobs, work, "
                           "arrival, start)",
                           key);
        }
    }
    if (!g->name[0])
        snprintf(g->name, sizeof g->name, "group%u", e->ngroups - 1);
    for (unsigned i = 0; i + 1 < e->ngroups; i++)
        if (!strcmp(e->groups[i].name, g->name))
            return ld_fail(l, m, "group name '%s' used twice", g->name);
    if (!have_beh)
        return ld_fail(l, m, "group '%s': expected a behaviour (cpu-bound, interactive, periodic)",
                       g->name);
    if (g->arr == ARR_LIST && have_count)
        return ld_fail(l, m, "group '%s': give count or a list of arrival times, not both",
                       g->name);
    if (g->beh == BEH_INTERACTIVE && (g->burst.a <= 0 && g->burst.b <= 0))
        return ld_fail(l, beh_node, "group '%s': interactive needs burst (and sleep)", g->name);
    if (g->beh == BEH_PERIODIC) {
        if (!g->period || !g->exec)
            return ld_fail(l, beh_node, "group '%s': periodic needs period and exec", g->name);
        if (g->exec > g->period)
            return ld_fail(l, beh_node, "group '%s': exec must not exceed period", g->name);
        if (!have_deadline)
            g->deadline = g->period;
        if (!g->deadline)
            return ld_fail(l, beh_node, "group '%s': deadline must be positive", g->name);
    }
    e->ntasks += g->count;
    return 0;
}

static int parse_list(struct ld *l, yaml_node_t *v, const char *key)
{
    struct exp *e = l->e;
    /* A single scalar stands for a one-element list. */
    if (v->type != YAML_SCALAR_NODE && ld_want_seq(l, v, key))
        return -1;
    size_t n = v->type == YAML_SCALAR_NODE
                   ? 1
                   : (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *it =
            v->type == YAML_SCALAR_NODE ? v : ld_node(l, v->data.sequence.items.start[i]);
        const char *s = ld_scalar(it);
        if (!strcmp(key, "schedulers")) {
            if (e->nsched == EXP_MAX_SCHED)
                return ld_fail(l, it, "schedulers: at most %d", EXP_MAX_SCHED);
            if (!s || (!pol_known(s) && !dagrun_policy_known(s)))
                return ld_fail(l, it,
                               "schedulers: unknown scheduler '%s' (expected one of: %s; for "
                               "DAG jobs: fifo, cp, heft, cpop)",
                               s ? s : "not a scalar", pol_names());
            strcpy(e->sched[e->nsched++], s);
        } else if (!strcmp(key, "seeds")) {
            if (e->nseeds == EXP_MAX_SEEDS)
                return ld_fail(l, it, "seeds: at most %d", EXP_MAX_SEEDS);
            if (ld_get_u64(l, it, "seeds", 0, UINT64_MAX, &e->seeds[e->nseeds]))
                return -1;
            e->nseeds++;
        } else {
            if (e->sweep.nvalues == EXP_MAX_SWEEP)
                return ld_fail(l, it, "sweep.values: at most %d", EXP_MAX_SWEEP);
            if (!s || !*s || strlen(s) >= sizeof e->sweep.values[0])
                return ld_fail(l, it, "sweep.values: expected short scalars");
            strcpy(e->sweep.values[e->sweep.nvalues++], s);
        }
    }
    if (n == 0)
        return ld_fail(l, v, "%s: expected at least one entry", key);
    return 0;
}

static int parse_sweep(struct ld *l, yaml_node_t *m)
{
    yaml_node_t *k, *v, *vals = NULL;
    if (ld_want_map(l, m, "sweep"))
        return -1;
    FOR_PAIRS(l, m, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        if (!strcmp(key, "param")) {
            if (ld_get_str(l, v, "sweep.param", l->e->sweep.param, sizeof l->e->sweep.param))
                return -1;
        } else if (!strcmp(key, "values")) {
            vals = v;
        } else {
            return ld_fail(l, k, "unknown key '%s' in sweep (expected param, values)", key);
        }
    }
    if (!l->e->sweep.param[0] || !vals)
        return ld_fail(l, m, "sweep: expected param and values");
    if (parse_list(l, vals, "values"))
        return -1;
    /* Every value must be acceptable now, not halfway through a sweep. */
    struct exp *probe = malloc(sizeof *probe);
    if (!probe || exp_copy(probe, l->e)) {
        free(probe);
        return ld_fail(l, m, "sweep: out of memory");
    }
    int rc = 0;
    for (unsigned i = 0; i < l->e->sweep.nvalues && !rc; i++) {
        char why[512];
        if (exp_set(probe, l->e->sweep.param, l->e->sweep.values[i], why, sizeof why))
            rc = ld_fail(l, vals, "sweep: %s", strchr(why, ' ') ? strchr(why, ' ') + 1 : why);
    }
    exp_free(probe);
    free(probe);
    return rc;
}

static int parse_root(struct ld *l, yaml_node_t *root)
{
    struct exp *e = l->e;
    yaml_node_t *k, *v, *groups = NULL, *gas = NULL, *sweep = NULL, *jobs = NULL, *scheds = root,
                        *ipc = NULL;
    if (!root)
        return ld_fail(l, NULL, "the file is empty: expected an experiment mapping");
    if (ld_want_map(l, root, "experiment"))
        return -1;
    /* Two passes: gas accounts and the machine first so groups can name
     * accounts and the sweep can be checked against everything. */
    FOR_PAIRS(l, root, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        if (!strcmp(key, "name")) {
            if (ld_get_str(l, v, "name", e->name, sizeof e->name))
                return -1;
        } else if (!strcmp(key, "duration")) {
            if (ld_get_dur(l, v, "duration", &e->duration))
                return -1;
            if (!e->duration)
                return ld_fail(l, v, "duration: expected a positive duration");
        } else if (!strcmp(key, "machine")) {
            if (parse_machine(l, v))
                return -1;
        } else if (!strcmp(key, "schedulers") || !strcmp(key, "seeds")) {
            if (parse_list(l, v, key))
                return -1;
            if (!strcmp(key, "schedulers"))
                scheds = v;
        } else if (!strcmp(key, "jobs")) {
            jobs = v;
        } else if (!strcmp(key, "ipc")) {
            ipc = v;
        } else if (!strcmp(key, "gas")) {
            gas = v;
        } else if (!strcmp(key, "groups")) {
            groups = v;
        } else if (!strcmp(key, "sweep")) {
            sweep = v;
        } else {
            return ld_fail(l, k,
                           "unknown key '%s' (expected name, duration, machine, schedulers, seeds, "
                           "gas, groups, jobs, ipc, sweep)",
                           key);
        }
    }
    if (gas && parse_gas(l, gas))
        return -1;
    if (groups && jobs)
        return ld_fail(l, jobs, "jobs: an experiment has either groups: or jobs:, not both");
    if (ipc && jobs)
        return ld_fail(l, ipc, "ipc: an experiment has either jobs: or ipc:, not both");
    if (!groups && !jobs && !ipc)
        return ld_fail(l, root,
                       "expected groups: a list of task groups (or jobs: DAG jobs, or ipc: IPC "
                       "workloads)");
    if (jobs && ld_parse_jobs(l, jobs))
        return -1;
    if (ipc && ld_parse_ipc(l, ipc))
        return -1;
    if (groups && ld_want_seq(l, groups, "groups"))
        return -1;
    for (yaml_node_item_t *it = groups ? groups->data.sequence.items.start : NULL;
         groups && it < groups->data.sequence.items.top; it++)
        if (parse_group(l, ld_node(l, *it)))
            return -1;
    if (groups && !e->ngroups)
        return ld_fail(l, groups, "groups: expected at least one group");
    /* Beside IPC workloads, groups are background load: endless CPU-bound
     * tasks (the IPC machine model runs nothing else). */
    for (unsigned i = 0; ipc && i < e->ngroups; i++) {
        const struct group_spec *g = &e->groups[i];
        if (g->beh != BEH_CPU || !g->endless || g->arr != ARR_START || g->gas >= 0)
            return ld_fail(l, groups,
                           "group '%s': beside ipc:, groups must be background load "
                           "(behaviour: cpu-bound, endless work, arrival: start, no gas)",
                           g->name);
    }
    /* The schedulers compared are CPU schedulers for groups and DAG
     * ordering policies for jobs. */
    for (unsigned i = 0; i < e->nsched; i++) {
        if (jobs && !dagrun_policy_known(e->sched[i]))
            return ld_fail(l, scheds,
                           "schedulers: '%s' is not a DAG policy (jobs: need fifo, cp, heft "
                           "or cpop)",
                           e->sched[i]);
        if (!jobs && !pol_known(e->sched[i]))
            return ld_fail(l, scheds, "schedulers: '%s' is a DAG policy; groups need one of: %s",
                           e->sched[i], pol_names());
    }
    if (!e->nsched)
        return ld_fail(l, root, "expected schedulers: a list such as [beatty, stride]");
    if (!e->duration)
        return ld_fail(l, root, "expected duration: such as 2s");
    if (e->ntasks > 10000000)
        return ld_fail(l, groups, "groups: at most 10000000 tasks in all");
    if (sweep && parse_sweep(l, sweep))
        return -1;
    return 0;
}

int exp_load(struct exp *e, const char *path, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    snprintf(e->file, sizeof e->file, "%s", path);
    e->ncpu = 1;
    e->quantum = 4000000;
    e->tick = 1000000;
    e->cs_cost = 0;
    e->balance = BAL_LEAST_LOADED;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(e->name, sizeof e->name, "%.*s", (int)strcspn(base, "."), base);

    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %m", path);
        return -1;
    }
    yaml_parser_t parser;
    struct ld l = {.e = e, .err = err, .errlen = errlen};
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int rc;
    if (!yaml_parser_load(&parser, &l.doc)) {
        snprintf(err, errlen, "%s:%lu: not valid YAML: %s%s%s", path,
                 (unsigned long)parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "parse error", parser.context ? " " : "",
                 parser.context ? parser.context : "");
        rc = -1;
    } else {
        rc = parse_root(&l, yaml_document_get_root_node(&l.doc));
        yaml_document_delete(&l.doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (!rc && !e->nseeds)
        e->seeds[e->nseeds++] = 1;
    if (!rc)
        rc = exp_validate(e, err, errlen);
    if (rc)
        exp_free(e);
    return rc;
}
