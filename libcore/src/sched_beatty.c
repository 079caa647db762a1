/*
 * The Beatty scheduler (policy "beatty"). Time is counted in slots: one slot
 * is one dispatch (sched_pick .. sched_account) on this run queue, however
 * long it ran. With W the sum of the runnable tasks' weights, task i's k-th
 * slot (k >= 1) is released at floor((k-1) W / w_i) and due at
 * ceil(k W / w_i), the Beatty points of its rate w_i / W. Each pick takes,
 * among released tasks, the one due earliest; ties go to the earlier exact
 * finish k / w_i, then to the earlier join (lower seq).
 *
 * The windows are kept in virtual time, which makes every change O(log n).
 * Each task has a virtual service vs_i (slots received, plus its placement
 * at join); the run queue has V = vs_sum / W, the weighted average of the
 * tasks' virtual times vs_i / w_i, and lag_i = vs_i - w_i V sums to 0. Slot
 * vs_i + 1 of task i spans virtual times [vs_i / w_i, (vs_i + 1) / w_i], and
 * V grows by 1/W per slot, so the task is *released* in the first slot whose
 * end passes its start,
 *     vs_i / w_i < (vs_sum + 1) / W   <=>   vs_i W < (vs_sum + 1) w_i,
 * and *due* at the first slot boundary at or after its finish. Due slots are
 * increasing in the finish (vs_i + 1) / w_i, so ordering released tasks by
 * exact finish is earliest-due-first with ties broken by finish. From a
 * level start with a fixed set this is exactly the definition above (proof
 * and tests in docs/schedulers.md and test_sched_beatty.c). Neither key
 * depends on W: a join, leave or weight change touches only its own task.
 *
 * Two heaps over the node array, compared exactly by cross products (no
 * division): released tasks keyed by finish in nodes[0..n_ready), pending
 * ones keyed by start in nodes[cap..cap+n_pend). While the set is fixed V
 * only grows, so pending tasks move to ready as it passes them. A change can
 * lower V; a pick then drops an unreleased task found on top of ready back
 * to pending, which suffices because a released top is the earliest finish
 * of all released tasks. Because the lags sum to 0 some task is always
 * released: the CPU never idles while a task is runnable. Pick, account,
 * join and leave are O(log n) amortised.
 */
#include "core/platform.h"
#include "sched_impl.h"

static struct sched_node *pend_heap(const struct sched_rq *rq)
{
    return rq->nodes + rq->cap;
}

/* vs W < (vs_sum + 1) w, products below 2^128 by the module's limits. */
static bool released(const struct sched_rq *rq, const struct sched_task *t)
{
    return (unsigned __int128)t->vs * rq->weight_sum <
           (unsigned __int128)(rq->vs_sum + 1) * t->weight;
}

static void to_ready(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = {.key = t->vs + 1, .w = t->weight, .seq = t->seq, .t = t};
    t->where = SCHED_W_READY;
    sched_heap_push(rq->nodes, &rq->n_ready, &x, sched_frac_less, true);
}

static void to_pend(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = {.key = t->vs, .w = t->weight, .seq = t->seq, .t = t};
    t->where = SCHED_W_PEND;
    sched_heap_push(pend_heap(rq), &rq->n_pend, &x, sched_frac_less, true);
}

static void beatty_reset(struct sched_rq *rq)
{
    rq->n_ready = rq->n_pend = 0;
    rq->vs_sum = 0;
    /* Virtual service from another policy (or an earlier stint) means
     * nothing here: everyone restarts level. */
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next)
        t->vs = 0;
}

/* Join, wake, new weight: keep the task's virtual service if, once it is
 * back, it puts the task at most one slot ahead of its share and not
 * behind it; otherwise clamp it. With V' = vs_sum / W' over the others
 * (W' = W - w), the lag after joining is (W'/W)(vs - w V'), so the range is
 * vs in [ceil(w V'), floor(w V' + W / W')]. Thus a task that blocks and
 * wakes keeps exactly the lag it had when ahead (blocking buys nothing), a
 * task that slept while others ran gets no credit for it (it rejoins at lag
 * 0 rounded up), and a task arriving from another run queue or policy lands
 * within one slot of its share. */
static void beatty_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    uint64_t w = t->weight, w_before = rq->weight_sum - w;
    if (w_before == 0) {
        t->vs = 0; /* alone: nobody to be ahead of */
    } else {
        /* w vs_sum / W' = w q + w r / W', and w r < 2^64 by the limits. */
        uint64_t q = rq->vs_sum / w_before, r = rq->vs_sum % w_before;
        uint64_t wr = w * r, r1 = wr % w_before, r2 = rq->weight_sum % w_before;
        uint64_t base = w * q + wr / w_before;
        uint64_t lo = base + (r1 != 0);
        uint64_t hi = base + rq->weight_sum / w_before + (r1 + r2 >= w_before);
        if (t->vs < lo)
            t->vs = lo;
        else if (t->vs > hi)
            t->vs = hi;
    }
    rq->vs_sum += t->vs;
    if (released(rq, t))
        to_ready(rq, t);
    else
        to_pend(rq, t);
}

static void beatty_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    if (t->where == SCHED_W_READY)
        sched_heap_del(rq->nodes, &rq->n_ready, t->pos, sched_frac_less, true);
    else
        sched_heap_del(pend_heap(rq), &rq->n_pend, t->pos, sched_frac_less, true);
    rq->vs_sum -= t->vs;
}

static struct sched_task *beatty_pick(struct sched_rq *rq)
{
    struct sched_node *pend = pend_heap(rq);
    while (rq->n_pend && released(rq, pend[0].t)) {
        struct sched_task *t = pend[0].t;
        sched_heap_del(pend, &rq->n_pend, 0, sched_frac_less, true);
        to_ready(rq, t);
    }
    while (rq->n_ready && !released(rq, rq->nodes[0].t)) {
        struct sched_task *t = rq->nodes[0].t;
        sched_heap_del(rq->nodes, &rq->n_ready, 0, sched_frac_less, true);
        to_pend(rq, t);
    }
    if (!rq->n_ready)
        plat_panic("sched_beatty: no released task"); /* lags sum to 0: impossible */
    return rq->nodes[0].t;
}

static void beatty_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns; /* one dispatch is one slot, however long it ran */
    t->vs++;
    rq->vs_sum++;
    struct sched_node *ready = rq->nodes, *pend = pend_heap(rq);
    if (released(rq, t)) {
        /* Its next slot is released already: the finish only grew, sift
         * down from where it is. */
        ready[t->pos].key = t->vs + 1;
        sched_heap_down_leaf(ready, rq->n_ready, t->pos, sched_frac_less, true);
        return;
    }
    if (t->pos == 0 && rq->n_pend && released(rq, pend[0].t)) {
        /* The usual step: t leaves the top of ready for pending while the
         * earliest pending task becomes released for the next pick. Swap
         * them in place: two sifts instead of two removals and two
         * insertions. */
        struct sched_task *u = pend[0].t;
        pend[0] = (struct sched_node){.key = t->vs, .w = t->weight, .seq = t->seq, .t = t};
        t->where = SCHED_W_PEND;
        sched_heap_down_leaf(pend, rq->n_pend, 0, sched_frac_less, true);
        ready[0] = (struct sched_node){.key = u->vs + 1, .w = u->weight, .seq = u->seq, .t = u};
        u->where = SCHED_W_READY;
        sched_heap_down_leaf(ready, rq->n_ready, 0, sched_frac_less, true);
        return;
    }
    sched_heap_del(ready, &rq->n_ready, t->pos, sched_frac_less, true);
    to_pend(rq, t);
}

static void check_heap(const struct sched_node *h, uint32_t n, uint8_t where, uint64_t plus,
                       uint64_t *sum)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct sched_task *t = h[i].t;
        if (i > 0 && sched_frac_less(&h[i], &h[(i - 1) / 2]))
            plat_panic("sched_beatty: heap order");
        if (t->pos != i || t->where != where || h[i].key != t->vs + plus ||
            h[i].w != t->weight || h[i].seq != t->seq)
            plat_panic("sched_beatty: node");
        *sum += t->vs;
    }
}

static void beatty_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    if (rq->n_ready + rq->n_pend != rq->nr_runnable)
        plat_panic("sched_beatty: heap sizes");
    check_heap(rq->nodes, rq->n_ready, SCHED_W_READY, 1, &sum);
    check_heap(pend_heap(rq), rq->n_pend, SCHED_W_PEND, 0, &sum);
    if (sum != rq->vs_sum)
        plat_panic("sched_beatty: vs_sum");
}

const struct sched_policy sched_beatty_policy = {
    .name = "beatty",
    .id = SCHED_POL_BEATTY,
    .reset = beatty_reset,
    .enqueue = beatty_enqueue,
    .dequeue = beatty_dequeue,
    .pick = beatty_pick,
    .account = beatty_account,
    .check = beatty_check,
};
