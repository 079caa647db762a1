/*
 * The jobs: section of an experiment file (docs/experiments.md, "DAG
 * jobs"): each entry names a task graph (a file read by dag_input.h's
 * loaders, its path taken relative to the experiment file, or a generator
 * spec "gen:...") and how many copies of it arrive, when, and with what
 * Beatty weight. The graph is loaded and built here once, so a malformed or
 * cyclic graph is refused at load time with both places named: the
 * experiment's line and the graph file's own line.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dag_gen.h"
#include "dagrun.h"
#include "dag_input.h"
#include "exp_ld.h"

/* Load (or generate) j's graph and build it as libcore would, to find every
 * error now. 0, or -1 with why set. */
int exp_job_graph(const struct job_spec *j, struct dag_input *in, struct dag_errbuf *why)
{
    if (!strncmp(j->graph, "gen:", 4)) {
        struct dag_gen_params p;
        dag_gen_defaults(&p);
        if (dag_gen_parse(j->graph + 4, &p, why))
            return -1;
        dag_input_init(in, p.classes);
        dag_gen(&p, in);
        return 0;
    }
    return dag_load(j->graph, j->format[0] ? j->format : NULL, in, why);
}

static int check_graph(struct ld *l, yaml_node_t *at, const struct job_spec *j)
{
    struct dag_input in;
    struct dag_errbuf why;
    memset(&in, 0, sizeof in);
    int rc = exp_job_graph(j, &in, &why);
    if (!rc && in.n == 0) {
        dag_err_set(&why, j->graph, 0, "the graph has no nodes");
        rc = -1;
    }
    if (!rc) {
        struct dag_built b;
        rc = dag_input_build(&in, &b, j->graph, &why);
        if (!rc)
            dag_built_free(&b);
    }
    dag_input_free(&in);
    if (rc)
        return ld_fail(l, at, "job '%s': graph: %s", j->name, why.msg);
    return 0;
}

/* A relative path is taken from the experiment file's folder. */
static int resolve(struct ld *l, yaml_node_t *v, struct job_spec *j)
{
    const char *s = ld_scalar(v);
    if (!s || !*s)
        return ld_fail(l, v, "graph: expected a file path or gen:KEY=VALUE,...");
    const char *file = l->e->file, *slash = strrchr(file, '/');
    int n;
    if (s[0] == '/' || !strncmp(s, "gen:", 4) || !slash)
        n = snprintf(j->graph, sizeof j->graph, "%s", s);
    else
        n = snprintf(j->graph, sizeof j->graph, "%.*s/%s", (int)(slash - file), file, s);
    if (n < 0 || (size_t)n >= sizeof j->graph)
        return ld_fail(l, v, "graph: path too long");
    return 0;
}

static int parse_job(struct ld *l, yaml_node_t *m)
{
    struct exp *e = l->e;
    if (ld_want_map(l, m, "job"))
        return -1;
    if (e->njobs == EXP_MAX_JOBS)
        return ld_fail(l, m, "jobs: at most %d entries", EXP_MAX_JOBS);
    struct job_spec *j = &e->jobs[e->njobs++];
    memset(j, 0, sizeof *j);
    j->count = 1;
    j->weight = 1;
    j->unit = 1000000;
    j->line = (int)m->start_mark.line + 1;
    int have_count = 0;
    yaml_node_t *k, *v, *graph = NULL;
    FOR_PAIRS(l, m, k, v)
    {
        const char *key = ld_scalar(k) ? ld_scalar(k) : "";
        if (!strcmp(key, "name")) {
            if (ld_get_str(l, v, "name", j->name, sizeof j->name))
                return -1;
        } else if (!strcmp(key, "graph")) {
            graph = v;
        } else if (!strcmp(key, "format")) {
            const char *s = ld_scalar(v);
            if (!s || (strcmp(s, "stg") && strcmp(s, "dot") && strcmp(s, "json")))
                return ld_fail(l, v, "format: expected stg, dot or json");
            strcpy(j->format, s);
        } else if (!strcmp(key, "count")) {
            if (ld_get_u32(l, v, "count", 1, 100000, &j->count))
                return -1;
            have_count = 1;
        } else if (!strcmp(key, "weight")) {
            if (ld_get_u32(l, v, "weight", 1, 1000000, &j->weight))
                return -1;
        } else if (!strcmp(key, "unit")) {
            if (ld_get_dur(l, v, "unit", &j->unit))
                return -1;
            if (!j->unit)
                return ld_fail(l, v, "unit: expected a positive duration (ns per cost unit)");
        } else if (!strcmp(key, "comm")) {
            /* paid: an edge's communication cost delays its consumer when
             * the two nodes run on different CPUs; free: the old
             * shared-memory model, where edges cost nothing. */
            const char *s = ld_scalar(v);
            if (!s || (strcmp(s, "paid") && strcmp(s, "free")))
                return ld_fail(l, v, "comm: expected paid or free, got '%s'",
                               s ? s : "(not a scalar)");
            j->comm_free = !strcmp(s, "free");
        } else if (!strcmp(key, "arrival")) {
            struct group_spec g;
            memset(&g, 0, sizeof g);
            g.count = j->count;
            int rc = ld_parse_arrival(l, &g, v);
            j->arr = g.arr;
            j->arr_interval = g.arr_interval;
            j->arr_times = g.arr_times;
            if (rc)
                return -1;
            if (g.arr == ARR_LIST)
                j->count = g.count;
        } else if (!strcmp(key, "start")) {
            if (ld_get_dur(l, v, "start", &j->arr_at))
                return -1;
        } else {
            return ld_fail(l, k,
                           "unknown key '%s' in a job (expected name, graph, format, count, "
                           "weight, unit, comm, arrival, start)",
                           key);
        }
    }
    if (!j->name[0])
        snprintf(j->name, sizeof j->name, "job%u", e->njobs - 1);
    for (unsigned i = 0; i + 1 < e->njobs; i++)
        if (!strcmp(e->jobs[i].name, j->name))
            return ld_fail(l, m, "job name '%s' used twice", j->name);
    if (j->arr == ARR_LIST && have_count)
        return ld_fail(l, m, "job '%s': give count or a list of arrival times, not both", j->name);
    if (!graph)
        return ld_fail(l, m, "job '%s': expected graph: a file or gen:KEY=VALUE,...", j->name);
    if (resolve(l, graph, j) || check_graph(l, graph, j))
        return -1;
    e->njob_instances += j->count;
    return 0;
}

int ld_parse_jobs(struct ld *l, yaml_node_t *seq)
{
    if (ld_want_seq(l, seq, "jobs"))
        return -1;
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++)
        if (parse_job(l, ld_node(l, *it)))
            return -1;
    if (!l->e->njobs)
        return ld_fail(l, seq, "jobs: expected at least one job");
    if (l->e->njob_instances > 100000)
        return ld_fail(l, seq, "jobs: at most 100000 jobs in all");
    return 0;
}
