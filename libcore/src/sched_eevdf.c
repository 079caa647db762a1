/*
 * Earliest Eligible Virtual Deadline First (policy "eevdf", Stoica et al.
 * 1996) with exact virtual times. Task i's virtual eligible time is
 * ve = vs / w and its virtual deadline vd = (vs + quantum) / w; the system
 * virtual time is V = vs_sum / W, the weighted average of the runnable
 * tasks' ve (the form Linux's EEVDF uses). A task is eligible iff ve <= V,
 * i.e. vs * W <= vs_sum * w (128-bit products, no division). Each pick takes
 * the eligible task with the earliest vd; ties go to the earlier join.
 * Because V is a weighted average, some task is always eligible.
 *
 * Two heaps over the node array: ready (eligible, keyed by vd) in
 * nodes[0..n_ready) and pending (keyed by ve) in nodes[cap..cap+n_pend).
 * While the set is unchanged V only grows, so pending tasks move to ready as
 * V passes them. A leave can lower V; instead of rescanning, a pick drops an
 * ineligible task found at the top of ready back to pending, which is enough
 * since the top of ready, if eligible, is the earliest deadline of all
 * eligible tasks. Join/wake place the task at lag 0 (ve = V rounded up),
 * which never lowers V. Pick, account, join and leave are O(log n)
 * amortised.
 */
#include "sched_impl.h"

static struct sched_node *pend_heap(const struct sched_rq *rq)
{
    return rq->nodes + rq->cap;
}

static bool eligible(const struct sched_rq *rq, const struct sched_task *t)
{
    return (unsigned __int128)t->vs * rq->weight_sum <=
           (unsigned __int128)rq->vs_sum * t->weight;
}

static void to_ready(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = {
        .key = t->vs + rq->quantum_ns, .w = t->weight, .seq = t->seq, .t = t};
    t->where = SCHED_W_READY;
    sched_heap_push(rq->nodes, &rq->n_ready, &x, sched_frac_less, true);
}

static void to_pend(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = {.key = t->vs, .w = t->weight, .seq = t->seq, .t = t};
    t->where = SCHED_W_PEND;
    sched_heap_push(pend_heap(rq), &rq->n_pend, &x, sched_frac_less, true);
}

static void eevdf_reset(struct sched_rq *rq)
{
    rq->n_ready = rq->n_pend = 0;
    rq->vs_sum = 0;
}

static void eevdf_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    uint64_t w_before = rq->weight_sum - t->weight;
    t->vs = w_before ? sched_scale_ceil(t->weight, rq->vs_sum, w_before) : 0;
    rq->vs_sum += t->vs;
    if (eligible(rq, t))
        to_ready(rq, t);
    else
        to_pend(rq, t);
}

static void eevdf_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    if (t->where == SCHED_W_READY)
        sched_heap_del(rq->nodes, &rq->n_ready, t->pos, sched_frac_less, true);
    else
        sched_heap_del(pend_heap(rq), &rq->n_pend, t->pos, sched_frac_less, true);
    rq->vs_sum -= t->vs;
}

static struct sched_task *eevdf_pick(struct sched_rq *rq)
{
    struct sched_node *pend = pend_heap(rq);
    while (rq->n_pend && eligible(rq, pend[0].t)) {
        struct sched_task *t = pend[0].t;
        sched_heap_del(pend, &rq->n_pend, 0, sched_frac_less, true);
        to_ready(rq, t);
    }
    while (rq->n_ready && !eligible(rq, rq->nodes[0].t)) {
        struct sched_task *t = rq->nodes[0].t;
        sched_heap_del(rq->nodes, &rq->n_ready, 0, sched_frac_less, true);
        to_pend(rq, t);
    }
    if (!rq->n_ready)
        plat_panic("sched_eevdf: no eligible task"); /* V is an average: impossible */
    return rq->nodes[0].t;
}

static void eevdf_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    struct sched_node *ready = rq->nodes, *pend = pend_heap(rq);
    t->vs += used_ns;
    rq->vs_sum += used_ns;
    if (eligible(rq, t)) {
        ready[t->pos].key = t->vs + rq->quantum_ns;
        sched_heap_down(ready, rq->n_ready, t->pos, sched_frac_less, true);
        return;
    }
    if (t->pos == 0 && rq->n_pend && eligible(rq, pend[0].t)) {
        /* t goes to pending as the earliest pending task becomes eligible:
         * swap them in place (the same step as Beatty's, for a fair
         * comparison). */
        struct sched_task *u = pend[0].t;
        pend[0] = (struct sched_node){.key = t->vs, .w = t->weight, .seq = t->seq, .t = t};
        t->where = SCHED_W_PEND;
        sched_heap_down_leaf(pend, rq->n_pend, 0, sched_frac_less, true);
        ready[0] = (struct sched_node){
            .key = u->vs + rq->quantum_ns, .w = u->weight, .seq = u->seq, .t = u};
        u->where = SCHED_W_READY;
        sched_heap_down_leaf(ready, rq->n_ready, 0, sched_frac_less, true);
        return;
    }
    sched_heap_del(ready, &rq->n_ready, t->pos, sched_frac_less, true);
    to_pend(rq, t);
}

static void check_heap(const struct sched_rq *rq, const struct sched_node *h, uint32_t n,
                       uint8_t where, uint64_t q, uint64_t *sum)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct sched_task *t = h[i].t;
        if (i > 0 && sched_frac_less(&h[i], &h[(i - 1) / 2]))
            plat_panic("sched_eevdf: heap order");
        if (t->pos != i || t->where != where || h[i].key != t->vs + q || h[i].w != t->weight)
            plat_panic("sched_eevdf: node");
        *sum += t->vs;
    }
    (void)rq;
}

static void eevdf_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    if (rq->n_ready + rq->n_pend != rq->nr_runnable)
        plat_panic("sched_eevdf: heap sizes");
    check_heap(rq, rq->nodes, rq->n_ready, SCHED_W_READY, rq->quantum_ns, &sum);
    check_heap(rq, pend_heap(rq), rq->n_pend, SCHED_W_PEND, 0, &sum);
    if (sum != rq->vs_sum)
        plat_panic("sched_eevdf: vs_sum");
}

const struct sched_policy sched_eevdf_policy = {
    .name = "eevdf",
    .id = SCHED_POL_EEVDF,
    .reset = eevdf_reset,
    .enqueue = eevdf_enqueue,
    .dequeue = eevdf_dequeue,
    .pick = eevdf_pick,
    .account = eevdf_account,
    .check = eevdf_check,
};
