/*
 * Experiment scalars and parameters: the parsers the YAML loader and sweeps
 * share (durations with units, integers, distributions), exp_set() which a
 * sweep uses to change one parameter by dotted path, the cross-field checks
 * and copy/free of an experiment.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r, clock_gettime, %m */
#include "exp.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int exp_parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || errno)
        return -1;
    *v = x;
    return 0;
}

int exp_parse_duration(const char *s, uint64_t *ns)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || errno || !isfinite(x) || x < 0)
        return -1;
    double mul;
    if (!*end || !strcmp(end, "ns"))
        mul = 1;
    else if (!strcmp(end, "us"))
        mul = 1e3;
    else if (!strcmp(end, "ms"))
        mul = 1e6;
    else if (!strcmp(end, "s"))
        mul = 1e9;
    else
        return -1;
    x *= mul;
    if (x > 1e18 || x != floor(x))
        return -1; /* whole nanoseconds only, below ~31 years */
    *ns = (uint64_t)x;
    return 0;
}

/* Split "name(a)" or "name(a, b)" into its name and arguments. */
static int split_call(const char *s, char *name, size_t nn, char args[2][64], int *nargs)
{
    const char *p = strchr(s, '(');
    size_t len = strlen(s);
    if (!p || len < 3 || s[len - 1] != ')' || (size_t)(p - s) >= nn)
        return -1;
    memcpy(name, s, (size_t)(p - s));
    name[p - s] = 0;
    char inner[140];
    size_t il = len - (size_t)(p - s) - 2;
    if (il >= sizeof inner)
        return -1;
    memcpy(inner, p + 1, il);
    inner[il] = 0;
    *nargs = 0;
    char *save = NULL;
    for (char *t = strtok_r(inner, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        size_t tl = strlen(t);
        while (tl && t[tl - 1] == ' ')
            t[--tl] = 0;
        if (*nargs == 2 || tl >= 64)
            return -1;
        strcpy(args[(*nargs)++], t);
    }
    return 0;
}

int exp_parse_dist(const char *s, struct dist *d)
{
    uint64_t a, b;
    if (!exp_parse_duration(s, &a)) {
        *d = (struct dist){DIST_FIXED, (double)a, 0};
        return 0;
    }
    char name[16], args[2][64];
    int n;
    if (split_call(s, name, sizeof name, args, &n))
        return -1;
    if (n >= 1 && exp_parse_duration(args[0], &a))
        return -1;
    if (n == 2 && exp_parse_duration(args[1], &b))
        return -1;
    if (!strcmp(name, "exp") && n == 1 && a > 0)
        *d = (struct dist){DIST_EXP, (double)a, 0};
    else if (!strcmp(name, "uniform") && n == 2 && a <= b)
        *d = (struct dist){DIST_UNIFORM, (double)a, (double)b};
    else if (!strcmp(name, "normal") && n == 2)
        *d = (struct dist){DIST_NORMAL, (double)a, (double)b};
    else if (!strcmp(name, "fixed") && n == 1)
        *d = (struct dist){DIST_FIXED, (double)a, 0};
    else
        return -1;
    return 0;
}

static int say(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

int exp_validate(const struct exp *e, char *err, size_t n)
{
    if (e->ncpu < 1 || e->ncpu > 4096)
        return say(err, n, "%s: machine.cpus must be 1..4096", e->file);
    if (e->quantum == 0)
        return say(err, n, "%s: machine.quantum must be positive", e->file);
    if (e->duration == 0)
        return say(err, n, "%s: duration must be positive", e->file);
    if ((e->ntasks == 0 && !e->njobs && !e->nipc) || e->ntasks > 10000000)
        return say(err, n, "%s: the groups must hold 1..10000000 tasks", e->file);
    if (e->njobs && e->ncpu > 256)
        return say(err, n, "%s: DAG jobs run on at most 256 CPUs", e->file);
    if (e->nipc && e->ntasks + e->nipc_tasks > 1000000)
        return say(err, n, "%s: IPC experiments hold at most 1000000 tasks", e->file);
    for (unsigned i = 0; i < e->ngroups; i++) {
        const struct group_spec *g = &e->groups[i];
        if (g->weight < 1 || g->weight > 1000000)
            return say(err, n, "%s:%d: group '%s': weight must be 1..1000000", e->file, g->line,
                       g->name);
        if (g->priority > 63)
            return say(err, n, "%s:%d: group '%s': priority must be 0..63", e->file, g->line,
                       g->name);
        if (g->beh == BEH_PERIODIC && (g->period == 0 || g->exec == 0 || g->exec > g->period))
            return say(err, n, "%s:%d: group '%s': periodic needs 0 < exec <= period", e->file,
                       g->line, g->name);
        if (g->arr == ARR_LIST && !g->arr_times)
            return say(err, n, "%s:%d: group '%s': arrival list missing", e->file, g->line,
                       g->name);
    }
    return 0;
}

static struct group_spec *group_named(struct exp *e, const char *name, size_t len)
{
    for (unsigned i = 0; i < e->ngroups; i++)
        if (strlen(e->groups[i].name) == len && !strncmp(e->groups[i].name, name, len))
            return &e->groups[i];
    return NULL;
}

int exp_set(struct exp *e, const char *path, const char *v, char *err, size_t n)
{
    uint64_t x;
    if (!strcmp(path, "duration") || !strcmp(path, "machine.quantum") ||
        !strcmp(path, "machine.tick") || !strcmp(path, "machine.context_switch")) {
        if (exp_parse_duration(v, &x))
            return say(err, n, "%s: '%s' for %s: expected a duration like 10ms", e->file, v, path);
        if (!strcmp(path, "duration"))
            e->duration = x;
        else if (!strcmp(path, "machine.quantum"))
            e->quantum = x;
        else if (!strcmp(path, "machine.tick"))
            e->tick = x;
        else
            e->cs_cost = x;
        return exp_validate(e, err, n);
    }
    if (!strcmp(path, "machine.cpus")) {
        if (exp_parse_u64(v, &x) || x < 1 || x > 4096)
            return say(err, n, "%s: '%s' for machine.cpus: expected 1..4096", e->file, v);
        e->ncpu = (unsigned)x;
        return exp_validate(e, err, n);
    }
    if (!strncmp(path, "groups.", 7)) {
        const char *name = path + 7, *dot = strrchr(name, '.');
        struct group_spec *g = dot ? group_named(e, name, (size_t)(dot - name)) : NULL;
        if (!g)
            return say(err, n, "%s: sweep parameter '%s': no such group", e->file, path);
        if (exp_parse_u64(v, &x) || x > 0xffffffffu)
            return say(err, n, "%s: '%s' for %s: expected an integer", e->file, v, path);
        if (!strcmp(dot, ".weight"))
            g->weight = (uint32_t)x;
        else if (!strcmp(dot, ".priority"))
            g->priority = (uint32_t)x;
        else if (!strcmp(dot, ".count") && g->arr != ARR_LIST) {
            e->ntasks = e->ntasks - g->count + x;
            g->count = (uint32_t)x;
        } else
            return say(err, n,
                       "%s: sweep parameter '%s': expected groups.NAME.count|weight|priority "
                       "(count not with listed arrivals)",
                       e->file, path);
        return exp_validate(e, err, n);
    }
    if (!strncmp(path, "jobs.", 5)) {
        const char *name = path + 5, *dot = strrchr(name, '.');
        struct job_spec *j = NULL;
        for (unsigned i = 0; dot && i < e->njobs; i++)
            if (strlen(e->jobs[i].name) == (size_t)(dot - name) &&
                !strncmp(e->jobs[i].name, name, (size_t)(dot - name)))
                j = &e->jobs[i];
        if (!j)
            return say(err, n, "%s: sweep parameter '%s': no such job", e->file, path);
        if (!strcmp(dot, ".comm")) { /* paid vs free, one sweep: what communication costs */
            if (strcmp(v, "paid") && strcmp(v, "free"))
                return say(err, n, "%s: '%s' for %s: expected paid or free", e->file, v, path);
            j->comm_free = !strcmp(v, "free");
            return exp_validate(e, err, n);
        }
        if (exp_parse_u64(v, &x) || x < 1 || x > 1000000)
            return say(err, n, "%s: '%s' for %s: expected an integer in 1..1000000", e->file, v,
                       path);
        if (!strcmp(dot, ".weight")) {
            j->weight = (uint32_t)x;
        } else if (!strcmp(dot, ".count") && j->arr != ARR_LIST && x <= 100000) {
            e->njob_instances = e->njob_instances - j->count + x;
            j->count = (uint32_t)x;
        } else {
            return say(err, n,
                       "%s: sweep parameter '%s': expected jobs.NAME.count|weight|comm (count "
                       "1..100000, not with listed arrivals)",
                       e->file, path);
        }
        return exp_validate(e, err, n);
    }
    return say(err, n,
               "%s: unknown parameter '%s' (expected duration, machine.cpus, machine.quantum, "
               "machine.tick, machine.context_switch, groups.NAME.count|weight|priority or "
               "jobs.NAME.count|weight|comm)",
               e->file, path);
}

void exp_free(struct exp *e)
{
    for (unsigned i = 0; i < e->ngroups; i++) {
        free(e->groups[i].arr_times);
        e->groups[i].arr_times = NULL;
    }
    e->ngroups = 0;
    for (unsigned i = 0; i < e->njobs; i++) {
        free(e->jobs[i].arr_times);
        e->jobs[i].arr_times = NULL;
    }
    e->njobs = 0;
}

int exp_copy(struct exp *dst, const struct exp *src)
{
    memcpy(dst, src, sizeof *dst);
    for (unsigned i = 0; i < src->njobs; i++)
        dst->jobs[i].arr_times = NULL;
    for (unsigned i = 0; i < src->njobs; i++) {
        const struct job_spec *j = &src->jobs[i];
        if (!j->arr_times)
            continue;
        dst->jobs[i].arr_times = malloc(j->count * sizeof(uint64_t));
        if (!dst->jobs[i].arr_times) {
            for (unsigned g = 0; g < src->ngroups; g++)
                dst->groups[g].arr_times = NULL;
            exp_free(dst);
            return -1;
        }
        memcpy(dst->jobs[i].arr_times, j->arr_times, j->count * sizeof(uint64_t));
    }
    for (unsigned i = 0; i < src->ngroups; i++) {
        const struct group_spec *g = &src->groups[i];
        if (!g->arr_times)
            continue;
        dst->groups[i].arr_times = malloc(g->count * sizeof(uint64_t));
        if (!dst->groups[i].arr_times) {
            dst->ngroups = i;
            exp_free(dst);
            return -1;
        }
        memcpy(dst->groups[i].arr_times, g->arr_times, g->count * sizeof(uint64_t));
    }
    return 0;
}
