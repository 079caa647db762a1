/*
 * Stride scheduling (policy "stride", Waldspurger 1995) with exact virtual
 * times. A task's virtual time is vs / w: vs grows by the nanoseconds it is
 * accounted, so a task with twice the weight advances half as fast. Each
 * pick takes the smallest pass = (vs + quantum) / w, the virtual time at
 * which the task's next quantum would end (Waldspurger's "pass"); ties go to
 * the earlier join. Fractions are compared by cross products (no division,
 * no rounding drift), one min-heap in nodes[0..n_ready) keyed that way.
 *
 * Join, wake and weight change place the task at lag 0: vs/w = V, the
 * weight-averaged virtual time vs_sum / W of the tasks already runnable
 * (rounded up to a whole vs), which is Waldspurger's global pass. A blocked
 * task forgets its lag (no credit for sleeping). Pick O(1), account, join
 * and leave O(log n).
 */
#include "sched_impl.h"

static void stride_reset(struct sched_rq *rq)
{
    rq->n_ready = 0;
    rq->vs_sum = 0;
}

static void stride_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    uint64_t w_before = rq->weight_sum - t->weight;
    t->vs = w_before ? sched_scale_ceil(t->weight, rq->vs_sum, w_before) : 0;
    rq->vs_sum += t->vs;
    struct sched_node x = {
        .key = t->vs + rq->quantum_ns, .w = t->weight, .seq = t->seq, .t = t};
    t->where = SCHED_W_READY;
    sched_heap_push(rq->nodes, &rq->n_ready, &x, sched_frac_less, true);
}

static void stride_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    sched_heap_del(rq->nodes, &rq->n_ready, t->pos, sched_frac_less, true);
    rq->vs_sum -= t->vs;
}

static struct sched_task *stride_pick(struct sched_rq *rq)
{
    return rq->n_ready ? rq->nodes[0].t : 0;
}

static void stride_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    t->vs += used_ns;
    rq->vs_sum += used_ns;
    /* The key only grows, so sifting down from where it is restores order. */
    rq->nodes[t->pos].key = t->vs + rq->quantum_ns;
    sched_heap_down(rq->nodes, rq->n_ready, t->pos, sched_frac_less, true);
}

static void stride_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    if (rq->n_ready != rq->nr_runnable)
        plat_panic("sched_stride: heap size");
    for (uint32_t i = 0; i < rq->n_ready; i++) {
        const struct sched_node *x = &rq->nodes[i];
        if (i > 0 && sched_frac_less(x, &rq->nodes[(i - 1) / 2]))
            plat_panic("sched_stride: heap order");
        if (x->t->pos != i || x->t->where != SCHED_W_READY || x->w != x->t->weight)
            plat_panic("sched_stride: node");
        sum += x->t->vs;
    }
    if (sum != rq->vs_sum)
        plat_panic("sched_stride: vs_sum");
}

const struct sched_policy sched_stride_policy = {
    .name = "stride",
    .id = SCHED_POL_STRIDE,
    .reset = stride_reset,
    .enqueue = stride_enqueue,
    .dequeue = stride_dequeue,
    .pick = stride_pick,
    .account = stride_account,
    .check = stride_check,
};
