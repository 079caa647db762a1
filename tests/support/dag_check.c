/*
 * The DAG schedule checker (dag_check.h). Deliberately naive: sort each
 * processor's nodes by start time and compare neighbours; check every edge
 * directly. Written from the definitions, not from the scheduler.
 */
#include "dag_check.h"

#include <stdio.h>
#include <stdlib.h>

static const struct dagchk_slot *sort_base;

static int by_proc_start(const void *a, const void *b)
{
    const struct dagchk_slot *x = &sort_base[*(const uint32_t *)a];
    const struct dagchk_slot *y = &sort_base[*(const uint32_t *)b];
    if (x->proc != y->proc)
        return x->proc < y->proc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

int dagchk_check(const struct dagchk_problem *pb, const struct dagchk_slot *s,
                 uint64_t *makespan, char *why, size_t len)
{
    uint64_t ms = 0;
    for (uint32_t i = 0; i < pb->n; i++) {
        if (s[i].proc >= pb->nprocs) {
            snprintf(why, len, "node %u on processor %u of %u", i, s[i].proc, pb->nprocs);
            return -1;
        }
        uint64_t d = pb->dur[(size_t)i * pb->nprocs + s[i].proc];
        if (s[i].end < s[i].start || s[i].end - s[i].start != d) {
            snprintf(why, len, "node %u runs %llu..%llu but costs %llu on processor %u", i,
                     (unsigned long long)s[i].start, (unsigned long long)s[i].end,
                     (unsigned long long)d, s[i].proc);
            return -1;
        }
        if (s[i].end > ms)
            ms = s[i].end;
    }
    for (uint32_t e = 0; e < pb->m; e++) {
        uint32_t u = pb->from[e], v = pb->to[e];
        uint64_t c = (pb->comm && s[u].proc != s[v].proc) ? pb->comm[e] : 0;
        if (s[v].start < s[u].end + c) {
            snprintf(why, len, "edge %u->%u: %u starts at %llu, before %llu (end %llu + comm %llu)",
                     u, v, v, (unsigned long long)s[v].start,
                     (unsigned long long)(s[u].end + c), (unsigned long long)s[u].end,
                     (unsigned long long)c);
            return -1;
        }
    }
    uint32_t *idx = malloc((pb->n ? pb->n : 1) * sizeof *idx);
    for (uint32_t i = 0; i < pb->n; i++)
        idx[i] = i;
    sort_base = s;
    qsort(idx, pb->n, sizeof *idx, by_proc_start);
    int rc = 0;
    for (uint32_t k = 1; k < pb->n && !rc; k++) {
        const struct dagchk_slot *a = &s[idx[k - 1]], *b = &s[idx[k]];
        if (a->proc == b->proc && b->start < a->end) {
            snprintf(why, len, "nodes %u (%llu..%llu) and %u (%llu..%llu) overlap on processor %u",
                     idx[k - 1], (unsigned long long)a->start, (unsigned long long)a->end,
                     idx[k], (unsigned long long)b->start, (unsigned long long)b->end, a->proc);
            rc = -1;
        }
    }
    free(idx);
    if (makespan)
        *makespan = ms;
    return rc;
}
