/*
 * Improvement search over list schedules (core/dag.h). Each iteration builds
 * a priority vector, runs one insertion list-scheduling pass, then polishes
 * it by forward-backward justification (Valls, Ballestin and Quintanilla,
 * EJOR 165, 2005, for project scheduling): the reversed graph is scheduled
 * with the nodes that ended last placed first, then the forward graph with
 * the nodes that started first placed first, and so on while the makespan
 * shrinks. A reversed schedule read backwards is a valid forward schedule
 * (communication is symmetric), so every pass is a candidate.
 *
 * Priorities alternate between two neighbourhoods: HEFT's upward rank plus
 * random noise of a random scale (diversification), and the best plan's
 * start order plus small noise (intensification). Randomness comes from a
 * seeded splitmix64, so a run is reproducible from (seed, iterations).
 * The search stops as soon as the makespan equals the lower bound.
 */
#include "core/dag.h"

#include "dag_util.h"

/* The search's scratch beyond the planner's: see carve_all. */
struct search_ws {
    struct dag_ws w;
    struct dag_slot *cur, *alt;
    uint64_t *rank, *key;
};

size_t dag_search_work_size(uint32_t n, uint32_t nprocs)
{
    size_t nn = n ? n : 1;
    return dag_ws_size(n, nprocs) + 2 * ((nn * sizeof(struct dag_slot) + 7) & ~(size_t)7) +
           2 * 8 * nn;
}

static int carve_all(struct search_ws *sw, const struct dag *g, const struct dag_procs *pr,
                     void *work, size_t len)
{
    unsigned char *p = work;
    size_t left = len, nn = g->n ? g->n : 1;
    if (dag_ws_carve(&sw->w, g->n, pr->nprocs, &p, &left))
        return DAG_E_WORK;
    sw->cur = dag_carve(&p, &left, nn, sizeof(struct dag_slot));
    sw->alt = dag_carve(&p, &left, nn, sizeof(struct dag_slot));
    sw->rank = dag_carve(&p, &left, nn, 8);
    sw->key = dag_carve(&p, &left, nn, 8);
    if (!sw->cur || !sw->alt || !sw->rank || !sw->key)
        return DAG_E_WORK;
    return CORE_OK;
}

static void keep(struct dag_search *s, const struct dag_slot *cand, uint64_t ms, int reversed)
{
    if (ms >= s->best_makespan)
        return;
    for (uint32_t v = 0; v < s->g->n; v++) {
        s->best[v] = cand[v];
        if (reversed) {
            s->best[v].start = ms - cand[v].end;
            s->best[v].end = ms - cand[v].start;
        }
    }
    s->best_makespan = ms;
    s->improvements++;
}

int dag_search_init(struct dag_search *s, const struct dag *g, const struct dag_procs *pr,
                    struct dag_slot *best, uint64_t seed, void *work, size_t work_len)
{
    int rc = dag_check_procs(g, pr);
    if (rc)
        return rc;
    if (!s || !best || !work || ((uintptr_t)work & 7u))
        return CORE_E_INVAL;
    struct search_ws sw;
    if (carve_all(&sw, g, pr, work, work_len))
        return DAG_E_WORK;
    s->g = g;
    s->pr = pr;
    s->best = best;
    s->best_makespan = UINT64_MAX;
    s->rng = seed;
    s->iters = 0;
    s->improvements = 0;
    s->work = work;
    s->work_len = work_len;
    dag_lower_bound(g, pr, &s->lower_bound, sw.key, (size_t)g->n * 8);
    for (unsigned pol = 0; pol < DAG_POL_COUNT; pol++) {
        const uint32_t *pin = 0;
        unsigned flags = pol == DAG_POL_FIFO ? DAG_L_FIFO : 0;
        dag_prio_compute(g, pr, pol, sw.w.prio, sw.w.tmp);
        if (pol == DAG_POL_HEFT)
            flags = DAG_L_INSERT;
        if (pol == DAG_POL_CPOP) {
            dag_cpop_pins(g, pr, sw.w.prio, (uint32_t *)sw.w.tmp);
            pin = (const uint32_t *)sw.w.tmp;
            flags = DAG_L_INSERT;
        }
        uint64_t ms = dag_list_run(g, pr, sw.w.prio, pin, flags, sw.cur, &sw.w);
        keep(s, sw.cur, ms, 0);
    }
    dag_prio_compute(g, pr, DAG_POL_HEFT, sw.rank, sw.w.tmp);
    s->improvements = 0;
    return CORE_OK;
}

/* Forward-backward passes from the plan in sw->cur (forward time). */
static void justify(struct dag_search *s, struct search_ws *sw, uint64_t ms)
{
    struct dag_slot *a = sw->cur, *b = sw->alt;
    int reversed = 0;
    for (int round = 0; round < 8; round++) {
        /* Latest end (in a's own time frame) goes first in the other frame. */
        for (uint32_t v = 0; v < s->g->n; v++)
            sw->key[v] = a[v].end;
        unsigned flags = DAG_L_INSERT | (reversed ? 0u : DAG_L_REVERSE);
        uint64_t m2 = dag_list_run(s->g, s->pr, sw->key, 0, flags, b, &sw->w);
        reversed = !reversed;
        keep(s, b, m2, reversed);
        struct dag_slot *t = a;
        a = b;
        b = t;
        if (m2 >= ms && round > 0)
            break;
        if (m2 < ms)
            ms = m2;
    }
}

int dag_search_run(struct dag_search *s, uint32_t iters)
{
    if (!s || !s->g)
        return CORE_E_INVAL;
    const struct dag *g = s->g;
    struct search_ws sw;
    if (carve_all(&sw, g, s->pr, s->work, s->work_len))
        return DAG_E_WORK;
    /* Noise is measured in units of the mean node cost summed over the
     * processors, the same scale as the ranks (P times the mean). */
    uint64_t mean = 1;
    if (g->n) {
        uint64_t sum = 0;
        for (uint32_t v = 0; v < g->n; v++)
            for (uint32_t p = 0; p < s->pr->nprocs; p++)
                sum += dag_cost(g, v, s->pr->cls[p]);
        mean = sum / g->n + 1;
    }
    for (uint32_t it = 0; it < iters; it++) {
        if (s->best_makespan <= s->lower_bound)
            return 1;
        uint64_t r = dag_rng_next(&s->rng);
        if (r & 1) {
            /* Around the upward rank: noise up to 1/4 .. 4 mean costs. */
            uint64_t amp = (mean * (1 + ((r >> 1) & 15))) / 4 + 1;
            for (uint32_t v = 0; v < g->n; v++)
                sw.key[v] = sw.rank[v] + dag_rng_next(&s->rng) % amp;
        } else {
            /* Around the best plan's start order: earlier start, higher key. */
            uint64_t amp = (((r >> 1) & 7) + 1) * (s->best_makespan / (g->n ? g->n : 1) + 1);
            for (uint32_t v = 0; v < g->n; v++)
                sw.key[v] = (s->best_makespan - s->best[v].start) +
                            dag_rng_next(&s->rng) % amp;
        }
        uint64_t ms = dag_list_run(g, s->pr, sw.key, 0, DAG_L_INSERT, sw.cur, &sw.w);
        keep(s, sw.cur, ms, 0);
        justify(s, &sw, ms);
        s->iters++;
    }
    return s->best_makespan <= s->lower_bound ? 1 : 0;
}
