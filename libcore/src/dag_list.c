/*
 * List scheduling (core/dag.h): the engine behind every policy and the
 * improvement search. A pass takes ready nodes (all predecessors placed) in
 * priority order and gives each the processor on which it finishes first,
 * either appended after the processor's last node or, with insertion, in the
 * earliest idle gap long enough (Topcuoglu, Hariri and Wu, IEEE TPDS 13(3),
 * 2002). Data from a predecessor on another processor arrives comm later.
 *
 * Each processor's nodes form a list sorted by start time, threaded through
 * the work area (nextp/prevp). The gap search walks a processor's list from
 * its tail back to the first node ending by the data-ready time, so its cost
 * is the number of nodes placed later than that time, usually a handful.
 */
#include "core/dag.h"

#include "dag_util.h"

static const char *const pol_names[DAG_POL_COUNT] = {"fifo", "cp", "heft", "cpop"};

const char *dag_policy_name(unsigned pol)
{
    return pol < DAG_POL_COUNT ? pol_names[pol] : 0;
}

int dag_policy_parse(const char *s)
{
    if (!s)
        return DAG_E_POLICY;
    for (unsigned p = 0; p < DAG_POL_COUNT; p++) {
        const char *a = s, *b = pol_names[p];
        while (*a && *a == *b) {
            a++;
            b++;
        }
        if (*a == 0 && *b == 0)
            return (int)p;
    }
    return DAG_E_POLICY;
}

/* Bytes dag_carve takes for n items of size sz (rounded up to 8). */
static size_t carved(size_t n, size_t sz)
{
    return (n * sz + 7u) & ~(size_t)7u;
}

size_t dag_ws_size(uint32_t n, uint32_t nprocs)
{
    size_t nn = n ? n : 1, np = nprocs ? nprocs : 1;
    return 3 * carved(nn, 8) + carved(np, 8) + 4 * carved(nn, 4) + 2 * carved(np, 4);
}

int dag_ws_carve(struct dag_ws *w, uint32_t n, uint32_t nprocs, unsigned char **p, size_t *left)
{
    size_t nn = n ? n : 1;
    w->prio = dag_carve(p, left, nn, 8);
    w->key = dag_carve(p, left, nn, 8);
    w->tmp = dag_carve(p, left, nn, 8);
    w->local = dag_carve(p, left, nprocs, 8);
    w->heap = dag_carve(p, left, nn, 4);
    w->left = dag_carve(p, left, nn, 4);
    w->nextp = dag_carve(p, left, nn, 4);
    w->prevp = dag_carve(p, left, nn, 4);
    w->head = dag_carve(p, left, nprocs, 4);
    w->tail = dag_carve(p, left, nprocs, 4);
    if (!w->prio || !w->key || !w->tmp || !w->local || !w->heap || !w->left || !w->nextp ||
        !w->prevp || !w->head || !w->tail)
        return DAG_E_WORK;
    return CORE_OK;
}

size_t dag_plan_work_size(uint32_t n, uint32_t nprocs)
{
    return dag_ws_size(n, nprocs);
}

/* Earliest start >= ready for dur time units on processor p. *after gets the
 * node to insert behind (DAG_NONE: at the head), *gap the idle time left
 * just before the start. */
static uint64_t find_start(const struct dag_ws *w, const struct dag_slot *out, uint32_t p,
                           uint64_t ready, uint64_t dur, int insertion, uint32_t *after,
                           uint64_t *gap)
{
    uint32_t c = w->tail[p];
    uint64_t prev_end = c == DAG_NONE ? 0 : out[c].end;
    uint64_t s = prev_end > ready ? prev_end : ready;
    *after = c;
    *gap = s - prev_end;
    if (!insertion)
        return s;
    uint64_t next_start = c == DAG_NONE ? 0 : out[c].start;
    while (c != DAG_NONE && out[c].end > ready) {
        uint32_t pc = w->prevp[c];
        uint64_t pe = pc == DAG_NONE ? 0 : out[pc].end;
        uint64_t t = pe > ready ? pe : ready;
        if (t + dur <= next_start) {
            s = t;
            *after = pc;
            *gap = t - pe;
        }
        next_start = out[pc == DAG_NONE ? c : pc].start;
        if (pc == DAG_NONE)
            break;
        c = pc;
    }
    return s;
}

static void link_after(const struct dag_ws *w, uint32_t p, uint32_t after, uint32_t v)
{
    uint32_t nx = after == DAG_NONE ? w->head[p] : w->nextp[after];
    w->prevp[v] = after;
    w->nextp[v] = nx;
    if (after == DAG_NONE)
        w->head[p] = v;
    else
        w->nextp[after] = v;
    if (nx == DAG_NONE)
        w->tail[p] = v;
    else
        w->prevp[nx] = v;
}

uint64_t dag_list_run(const struct dag *g, const struct dag_procs *pr, const uint64_t *prio,
                      const uint32_t *pin, unsigned flags, struct dag_slot *out,
                      const struct dag_ws *w)
{
    int rev = (flags & DAG_L_REVERSE) != 0, ins = (flags & DAG_L_INSERT) != 0;
    uint64_t seq = 0, makespan = 0;
    struct dag_heap h = {w->heap, 0, (flags & DAG_L_FIFO) ? w->key : prio};
    for (uint32_t p = 0; p < pr->nprocs; p++) {
        w->head[p] = DAG_NONE;
        w->tail[p] = DAG_NONE;
        w->local[p] = 0;
    }
    for (uint32_t v = 0; v < g->n; v++) {
        w->left[v] = rev ? g->nodes[v].outdeg : g->nodes[v].indeg;
        out[v].proc = DAG_NONE;
        out[v].pad = 0;
    }
    /* Seed in topological order so FIFO's release order is deterministic. */
    for (uint32_t k = 0; k < g->n; k++) {
        uint32_t v = g->pos[rev ? g->n - 1 - k : k];
        if (w->left[v] == 0) {
            w->key[v] = UINT64_MAX - seq++;
            dag_heap_push(&h, v);
        }
    }
    while (h.n > 0) {
        uint32_t v = dag_heap_pop(&h);
        /* Data-ready time on processor p is the latest of: remote
         * predecessors' end + comm, local predecessors' end. Keep the two
         * best remote values on distinct processors, and the local maxima. */
        uint64_t m1 = 0, m2 = 0;
        uint32_t q1 = DAG_NONE;
        uint32_t e = rev ? g->nodes[v].out_head : g->nodes[v].in_head;
        for (; e != DAG_NONE; e = rev ? g->edges[e].next_out : g->edges[e].next_in) {
            uint32_t u = rev ? g->edges[e].to : g->edges[e].from;
            uint64_t r = out[u].end + g->edges[e].comm;
            uint32_t q = out[u].proc;
            if (out[u].end > w->local[q])
                w->local[q] = out[u].end;
            if (q == q1) {
                if (r > m1)
                    m1 = r;
            } else if (r > m1) {
                m2 = m1;
                m1 = r;
                q1 = q;
            } else if (r > m2) {
                m2 = r;
            }
        }
        uint32_t best_p = DAG_NONE, best_after = DAG_NONE;
        uint64_t best_s = 0, best_f = UINT64_MAX, best_gap = UINT64_MAX;
        uint32_t p0 = 0, p1 = pr->nprocs;
        if (pin && pin[v] != DAG_NONE) {
            p0 = pin[v];
            p1 = p0 + 1;
        }
        for (uint32_t p = p0; p < p1; p++) {
            uint64_t ready = p == q1 ? m2 : m1;
            if (w->local[p] > ready)
                ready = w->local[p];
            uint64_t dur = dag_cost(g, v, pr->cls[p]), gap;
            uint32_t after;
            uint64_t s = find_start(w, out, p, ready, dur, ins, &after, &gap);
            if (s + dur < best_f || (s + dur == best_f && gap < best_gap)) {
                best_f = s + dur;
                best_s = s;
                best_gap = gap;
                best_p = p;
                best_after = after;
            }
        }
        e = rev ? g->nodes[v].out_head : g->nodes[v].in_head;
        for (; e != DAG_NONE; e = rev ? g->edges[e].next_out : g->edges[e].next_in)
            w->local[out[rev ? g->edges[e].to : g->edges[e].from].proc] = 0;
        out[v].proc = best_p;
        out[v].start = best_s;
        out[v].end = best_f;
        link_after(w, best_p, best_after, v);
        if (best_f > makespan)
            makespan = best_f;
        e = rev ? g->nodes[v].in_head : g->nodes[v].out_head;
        for (; e != DAG_NONE; e = rev ? g->edges[e].next_in : g->edges[e].next_out) {
            uint32_t s = rev ? g->edges[e].from : g->edges[e].to;
            if (--w->left[s] == 0) {
                w->key[s] = UINT64_MAX - seq++;
                dag_heap_push(&h, s);
            }
        }
    }
    return makespan;
}

int dag_plan(const struct dag *g, const struct dag_procs *pr, unsigned pol, struct dag_slot *out,
             uint64_t *makespan, void *work, size_t work_len)
{
    int rc = dag_check_procs(g, pr);
    if (rc)
        return rc;
    if (pol >= DAG_POL_COUNT)
        return DAG_E_POLICY;
    if (!out || !makespan || !work || ((uintptr_t)work & 7u))
        return CORE_E_INVAL;
    struct dag_ws w;
    unsigned char *p = work;
    size_t left = work_len;
    if (dag_ws_carve(&w, g->n, pr->nprocs, &p, &left))
        return DAG_E_WORK;
    dag_prio_compute(g, pr, pol, w.prio, w.tmp);
    unsigned flags = 0;
    const uint32_t *pin = 0;
    if (pol == DAG_POL_FIFO)
        flags = DAG_L_FIFO;
    else if (pol == DAG_POL_HEFT)
        flags = DAG_L_INSERT;
    else if (pol == DAG_POL_CPOP) {
        /* The pins live in tmp (its rank_d values are folded into prio). */
        uint32_t *pins = (uint32_t *)w.tmp;
        dag_cpop_pins(g, pr, w.prio, pins);
        pin = pins;
        flags = DAG_L_INSERT;
    }
    *makespan = dag_list_run(g, pr, w.prio, pin, flags, out, &w);
    return CORE_OK;
}
