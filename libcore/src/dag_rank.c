/*
 * Node priorities for the ordering policies and the makespan lower bound
 * (core/dag.h). Every value is an exact integer: HEFT's mean cost of a node
 * is its cost summed over the P processors, and communication costs are
 * multiplied by P to match, so each rank is P times the paper's rational
 * rank and comparisons are exact.
 *
 * All passes walk the graph's maintained topological order (g->pos), so no
 * sort and no recursion are needed.
 */
#include "core/dag.h"

#include "dag_util.h"

int dag_check_procs(const struct dag *g, const struct dag_procs *pr)
{
    if (!g || !pr || !pr->cls || pr->nprocs == 0 || pr->nprocs > DAG_MAX_PROCS)
        return DAG_E_PROCS;
    for (uint32_t p = 0; p < pr->nprocs; p++) {
        if (pr->cls[p] >= g->nclass)
            return DAG_E_PROCS;
    }
    return CORE_OK;
}

static uint64_t mean_sum(const struct dag *g, const struct dag_procs *pr, uint32_t v)
{
    uint64_t s = 0;
    for (uint32_t p = 0; p < pr->nprocs; p++)
        s += dag_cost(g, v, pr->cls[p]);
    return s;
}

/* Bottom levels: mean cost plus the longest way down, with (P * comm) on
 * edges when with_comm. */
static void bottom_levels(const struct dag *g, const struct dag_procs *pr, int with_comm,
                          uint64_t *bl)
{
    uint64_t np = pr->nprocs;
    for (uint32_t k = g->n; k-- > 0;) {
        uint32_t v = g->pos[k];
        uint64_t best = 0;
        for (uint32_t e = g->nodes[v].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
            uint64_t c = bl[g->edges[e].to] + (with_comm ? np * g->edges[e].comm : 0);
            if (c > best)
                best = c;
        }
        bl[v] = mean_sum(g, pr, v) + best;
    }
}

/* CPOP's downward rank: the longest way from an entry to v, v excluded. */
static void top_levels(const struct dag *g, const struct dag_procs *pr, uint64_t *tl)
{
    uint64_t np = pr->nprocs;
    for (uint32_t k = 0; k < g->n; k++) {
        uint32_t v = g->pos[k];
        uint64_t best = 0;
        for (uint32_t e = g->nodes[v].in_head; e != DAG_NONE; e = g->edges[e].next_in) {
            uint32_t u = g->edges[e].from;
            uint64_t c = tl[u] + mean_sum(g, pr, u) + np * g->edges[e].comm;
            if (c > best)
                best = c;
        }
        tl[v] = best;
    }
}

void dag_prio_compute(const struct dag *g, const struct dag_procs *pr, unsigned pol,
                      uint64_t *prio, uint64_t *tmp)
{
    switch (pol) {
    case DAG_POL_CP:
        bottom_levels(g, pr, 0, prio);
        break;
    case DAG_POL_HEFT:
        bottom_levels(g, pr, 1, prio);
        break;
    case DAG_POL_CPOP:
        bottom_levels(g, pr, 1, prio);
        top_levels(g, pr, tmp);
        for (uint32_t v = 0; v < g->n; v++)
            prio[v] += tmp[v];
        break;
    default:
        for (uint32_t v = 0; v < g->n; v++)
            prio[v] = 0;
        break;
    }
}

void dag_cpop_pins(const struct dag *g, const struct dag_procs *pr, const uint64_t *prio,
                   uint32_t *pin)
{
    uint64_t cp = 0;
    uint32_t v = DAG_NONE;
    for (uint32_t u = 0; u < g->n; u++) {
        pin[u] = DAG_NONE;
        if (g->nodes[u].indeg == 0 && (v == DAG_NONE || prio[u] > cp)) {
            cp = prio[u];
            v = u;
        }
    }
    /* Follow one critical path down: each step takes the lowest-id successor
     * whose priority still equals |CP|. pin[] marks the path meanwhile. */
    while (v != DAG_NONE) {
        pin[v] = 0;
        uint32_t next = DAG_NONE;
        for (uint32_t e = g->nodes[v].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
            uint32_t w = g->edges[e].to;
            if (prio[w] == cp && (next == DAG_NONE || w < next))
                next = w;
        }
        v = next;
    }
    /* The processor that runs the whole path fastest. */
    uint32_t best_p = 0;
    uint64_t best = UINT64_MAX;
    for (uint32_t p = 0; p < pr->nprocs; p++) {
        uint64_t s = 0;
        for (uint32_t u = 0; u < g->n; u++) {
            if (pin[u] != DAG_NONE)
                s += dag_cost(g, u, pr->cls[p]);
        }
        if (s < best) {
            best = s;
            best_p = p;
        }
    }
    for (uint32_t u = 0; u < g->n; u++) {
        if (pin[u] != DAG_NONE)
            pin[u] = best_p;
    }
}

int dag_priorities(const struct dag *g, const struct dag_procs *pr, unsigned pol, uint64_t *prio,
                   void *work, size_t work_len)
{
    int rc = dag_check_procs(g, pr);
    if (rc)
        return rc;
    if (pol >= DAG_POL_COUNT)
        return DAG_E_POLICY;
    if (!prio || !work || work_len < (size_t)g->n * sizeof(uint64_t))
        return DAG_E_WORK;
    dag_prio_compute(g, pr, pol, prio, work);
    return CORE_OK;
}

static uint64_t cheapest(const struct dag *g, const struct dag_procs *pr, uint32_t v)
{
    uint64_t c = UINT64_MAX;
    for (uint32_t p = 0; p < pr->nprocs; p++) {
        uint64_t x = dag_cost(g, v, pr->cls[p]);
        if (x < c)
            c = x;
    }
    return c;
}

int dag_lower_bound(const struct dag *g, const struct dag_procs *pr, uint64_t *lb, void *work,
                    size_t work_len)
{
    int rc = dag_check_procs(g, pr);
    if (rc)
        return rc;
    if (!lb || !work || work_len < (size_t)g->n * sizeof(uint64_t))
        return DAG_E_WORK;
    /* Longest path at cheapest costs, communication left out (co-location
     * can always avoid it), and the total cheapest work spread evenly. */
    uint64_t *top = work, total = 0, longest = 0;
    for (uint32_t k = 0; k < g->n; k++) {
        uint32_t v = g->pos[k];
        uint64_t start = 0;
        for (uint32_t e = g->nodes[v].in_head; e != DAG_NONE; e = g->edges[e].next_in) {
            if (top[g->edges[e].from] > start)
                start = top[g->edges[e].from];
        }
        uint64_t c = cheapest(g, pr, v);
        top[v] = start + c;
        total += c;
        if (top[v] > longest)
            longest = top[v];
    }
    uint64_t spread = (total + pr->nprocs - 1) / pr->nprocs;
    *lb = longest > spread ? longest : spread;
    return CORE_OK;
}
