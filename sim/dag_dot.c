/*
 * DOT task-graph loader (dag_dot.h), on Graphviz's cgraph so that every
 * construct the DOT language allows (subgraphs, attribute defaults, edge
 * chains, quoting) is read exactly as Graphviz reads it. This file only maps
 * attributes to costs:
 *   node cost="12" or costs="14,16,9", edge comm="18", graph procs="3".
 * cgraph reports syntax errors through a callback; the message names the
 * line, which we move to the front as "path:line: ...". cgraph keeps no
 * source lines for nodes and edges, so later errors name the nodes instead.
 */
#include "dag_dot.h"

#include <errno.h>
#include <graphviz/cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cgraph's error callback has no user pointer; the loader is not
 * reentrant across threads, which the simulator never needs. */
static char dot_errmsg[400];

static int on_error(char *msg)
{
    size_t used = strlen(dot_errmsg);
    if (used + 1 < sizeof dot_errmsg)
        snprintf(dot_errmsg + used, sizeof dot_errmsg - used, "%s", msg);
    return 0;
}

/* Parse a non-negative integer attribute; -1 if malformed. */
static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    while (*end == ' ')
        end++;
    if (errno || *end || x > DAG_COST_MAX)
        return -1;
    *v = x;
    return 0;
}

/* Split "14,16,9" into out[0..cap); returns the count or -1. */
static int parse_list(const char *s, uint64_t *out, int cap)
{
    int k = 0;
    char buf[32];
    while (*s) {
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof buf || k >= cap)
            return -1;
        memcpy(buf, s, len);
        buf[len] = 0;
        if (parse_u64(buf, &out[k]))
            return -1;
        k++;
        s += len;
        if (*s == ',')
            s++;
    }
    return k;
}

static unsigned line_of(const char *msg)
{
    const char *p = strstr(msg, "line ");
    return p ? (unsigned)strtoul(p + 5, 0, 10) : 0;
}

int dag_dot_load(const char *path, struct dag_input *in, struct dag_errbuf *err)
{
    dag_input_init(in, 1);
    FILE *f = fopen(path, "r");
    if (!f) {
        dag_err_set(err, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    dot_errmsg[0] = 0;
    agseterrf(on_error);
    agseterr(AGERR);
    agreadline(1);
    Agraph_t *g = agread(f, NULL);
    /* Read on to the end of the file: a second graph is an error, and
     * cgraph's lexer only resets its line count cleanly once it has seen
     * the end (otherwise the next file's lines are off by one). */
    Agraph_t *extra = g ? agread(f, NULL) : NULL;
    fclose(f);
    if (extra) {
        dag_err_set(err, path, 0, "more than one graph in the file ('%s' follows '%s')",
                    agnameof(extra), agnameof(g));
        agclose(extra);
        agclose(g);
        return -1;
    }
    if (!g || dot_errmsg[0]) {
        char *nl = strchr(dot_errmsg, '\n');
        if (nl)
            *nl = 0;
        dag_err_set(err, path, line_of(dot_errmsg), "not a valid DOT graph: %s",
                    dot_errmsg[0] ? dot_errmsg : "empty input");
        if (g)
            agclose(g);
        return -1;
    }
    int rc = -1;
    uint64_t costs[DAG_MAX_CLASSES];
    int nclass = 0;
    if (!agisdirected(g)) {
        dag_err_set(err, path, 0, "graph '%s' is undirected; a task graph needs 'digraph'",
                    agnameof(g));
        goto out;
    }
    /* First pass: the class count, from the first node with costs=. */
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        char *cs = agget(n, "costs");
        if (cs && *cs) {
            nclass = parse_list(cs, costs, (int)DAG_MAX_CLASSES);
            if (nclass <= 0) {
                dag_err_set(err, path, 0, "node '%s': costs=\"%s\" is not a list of integers",
                            agnameof(n), cs);
                goto out;
            }
            break;
        }
    }
    in->nclass = nclass > 0 ? (uint32_t)nclass : 1;
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        char *cs = agget(n, "costs"), *c1 = agget(n, "cost");
        if (cs && *cs) {
            int k = parse_list(cs, costs, (int)DAG_MAX_CLASSES);
            if (k != (int)in->nclass) {
                dag_err_set(err, path, 0, "node '%s': costs=\"%s\" needs %u integers",
                            agnameof(n), cs, in->nclass);
                goto out;
            }
        } else {
            uint64_t c = 0;
            if (c1 && *c1 && parse_u64(c1, &c)) {
                dag_err_set(err, path, 0, "node '%s': cost=\"%s\" is not an integer in 0..%llu",
                            agnameof(n), c1, (unsigned long long)DAG_COST_MAX);
                goto out;
            }
            for (uint32_t k = 0; k < in->nclass; k++)
                costs[k] = c;
        }
        /* cgraph's per-node id order is creation order; ND_id-like data goes
         * in an attached record so edges can find their node index. */
        agbindrec(n, "phx", sizeof(Agrec_t) + sizeof(uint32_t), 0);
        uint32_t *slot = (uint32_t *)((char *)aggetrec(n, "phx", 0) + sizeof(Agrec_t));
        *slot = dag_input_node(in, agnameof(n), costs);
    }
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
            char *cm = agget(e, "comm");
            uint64_t comm = 0;
            if (cm && *cm && parse_u64(cm, &comm)) {
                dag_err_set(err, path, 0, "edge '%s' -> '%s': comm=\"%s\" is not an integer",
                            agnameof(agtail(e)), agnameof(aghead(e)), cm);
                goto out;
            }
            uint32_t a = *(uint32_t *)((char *)aggetrec(agtail(e), "phx", 0) + sizeof(Agrec_t));
            uint32_t b = *(uint32_t *)((char *)aggetrec(aghead(e), "phx", 0) + sizeof(Agrec_t));
            dag_input_edge(in, a, b, comm, 0);
        }
    }
    char *procs = agget(g, "procs");
    uint64_t np = 0;
    if (procs && *procs && (parse_u64(procs, &np) || np == 0 || np > DAG_MAX_PROCS)) {
        dag_err_set(err, path, 0, "graph procs=\"%s\" is not a processor count in 1..%u", procs,
                    DAG_MAX_PROCS);
        goto out;
    }
    in->nprocs = np ? (uint32_t)np : (nclass > 0 ? (uint32_t)nclass : 0);
    rc = 0;
out:
    agclose(g);
    if (rc)
        dag_input_free(in);
    return rc;
}
