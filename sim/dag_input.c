/*
 * Host-side task graphs (dag_input.h): growable arrays the loaders fill,
 * format dispatch by extension, and the bridge into libcore's caller-owned
 * arenas, where a refused edge becomes a "file:line" error.
 */
#include "dag_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dag_dot.h"
#include "dag_stg.h"
#include "dag_wf.h"

void dag_err_set(struct dag_errbuf *e, const char *path, unsigned line, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (line)
        snprintf(e->msg, sizeof e->msg, "%s:%u: %s", path, line, text);
    else
        snprintf(e->msg, sizeof e->msg, "%s: %s", path, text);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "phoenix-sim: out of memory\n");
        exit(1);
    }
    return q;
}

void dag_input_init(struct dag_input *in, uint32_t nclass)
{
    memset(in, 0, sizeof *in);
    in->nclass = nclass ? nclass : 1;
}

void dag_input_free(struct dag_input *in)
{
    for (uint32_t i = 0; i < in->n; i++)
        free(in->names[i]);
    free(in->names);
    free(in->cost);
    free(in->efrom);
    free(in->eto);
    free(in->ecomm);
    free(in->eline);
    memset(in, 0, sizeof *in);
}

uint32_t dag_input_node(struct dag_input *in, const char *name, const uint64_t *costs)
{
    if (in->n == in->ncap) {
        in->ncap = in->ncap ? 2 * in->ncap : 64;
        in->names = xrealloc(in->names, in->ncap * sizeof *in->names);
        in->cost = xrealloc(in->cost, (size_t)in->ncap * in->nclass * sizeof *in->cost);
    }
    size_t len = strlen(name);
    in->names[in->n] = xrealloc(0, len + 1);
    memcpy(in->names[in->n], name, len + 1);
    memcpy(&in->cost[(size_t)in->n * in->nclass], costs, in->nclass * sizeof *costs);
    return in->n++;
}

uint32_t dag_input_edge(struct dag_input *in, uint32_t from, uint32_t to, uint64_t comm,
                        uint32_t line)
{
    if (in->m == in->mcap) {
        in->mcap = in->mcap ? 2 * in->mcap : 64;
        in->efrom = xrealloc(in->efrom, in->mcap * sizeof *in->efrom);
        in->eto = xrealloc(in->eto, in->mcap * sizeof *in->eto);
        in->ecomm = xrealloc(in->ecomm, in->mcap * sizeof *in->ecomm);
        in->eline = xrealloc(in->eline, in->mcap * sizeof *in->eline);
    }
    in->efrom[in->m] = from;
    in->eto[in->m] = to;
    in->ecomm[in->m] = comm;
    in->eline[in->m] = line;
    return in->m++;
}

int dag_input_build(const struct dag_input *in, struct dag_built *b, const char *path,
                    struct dag_errbuf *err)
{
    memset(b, 0, sizeof *b);
    if (in->n == 0) {
        dag_err_set(err, path, 0, "the graph has no tasks");
        return -1;
    }
    if (in->n > DAG_MAX_NODES) {
        dag_err_set(err, path, 0, "%u tasks, more than the %u supported", in->n, DAG_MAX_NODES);
        return -1;
    }
    b->nodes = xrealloc(0, in->n * sizeof *b->nodes);
    b->edges = xrealloc(0, (in->m ? in->m : 1) * sizeof *b->edges);
    b->cost = xrealloc(0, (size_t)in->n * in->nclass * sizeof *b->cost);
    b->work = xrealloc(0, DAG_GRAPH_WORK(in->n) * sizeof *b->work);
    int rc = dag_init(&b->g, b->nodes, in->n, b->edges, in->m, b->cost, in->nclass, b->work);
    for (uint32_t i = 0; !rc && i < in->n; i++) {
        uint32_t id;
        rc = dag_add_node(&b->g, &in->cost[(size_t)i * in->nclass], &id);
        if (rc == DAG_E_COST)
            dag_err_set(err, path, 0, "task '%s': a cost above %llu", in->names[i],
                        (unsigned long long)DAG_COST_MAX);
    }
    for (uint32_t e = 0; !rc && e < in->m; e++) {
        rc = dag_add_edge(&b->g, in->efrom[e], in->eto[e], in->ecomm[e]);
        const char *a = in->names[in->efrom[e]], *c = in->names[in->eto[e]];
        if (rc == DAG_E_CYCLE)
            dag_err_set(err, path, in->eline[e], "edge '%s' -> '%s' closes a cycle", a, c);
        else if (rc == DAG_E_SELF)
            dag_err_set(err, path, in->eline[e], "edge '%s' -> '%s' is a self loop", a, c);
        else if (rc == DAG_E_DUP)
            dag_err_set(err, path, in->eline[e], "edge '%s' -> '%s' appears twice", a, c);
        else if (rc == DAG_E_COST)
            dag_err_set(err, path, in->eline[e], "edge '%s' -> '%s': cost above %llu", a, c,
                        (unsigned long long)DAG_COST_MAX);
        else if (rc)
            dag_err_set(err, path, in->eline[e], "edge '%s' -> '%s': %s", a, c,
                        core_strerror(rc));
    }
    if (rc) {
        dag_built_free(b);
        return -1;
    }
    return 0;
}

void dag_built_free(struct dag_built *b)
{
    free(b->nodes);
    free(b->edges);
    free(b->cost);
    free(b->work);
    memset(b, 0, sizeof *b);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

int dag_load(const char *path, const char *fmt, struct dag_input *in, struct dag_errbuf *err)
{
    if (!fmt) {
        if (ends_with(path, ".stg"))
            fmt = "stg";
        else if (ends_with(path, ".dot") || ends_with(path, ".gv"))
            fmt = "dot";
        else if (ends_with(path, ".json"))
            fmt = "json";
        else {
            dag_err_set(err, path, 0,
                        "unknown file type (expected .stg, .dot, .gv or .json; or --format)");
            return -1;
        }
    }
    if (!strcmp(fmt, "stg"))
        return dag_stg_load(path, in, err);
    if (!strcmp(fmt, "dot"))
        return dag_dot_load(path, in, err);
    if (!strcmp(fmt, "json") || !strcmp(fmt, "wf"))
        return dag_wf_load(path, in, err, DAG_WF_BANDWIDTH);
    dag_err_set(err, path, 0, "unknown format '%s' (stg, dot, json)", fmt);
    return -1;
}
