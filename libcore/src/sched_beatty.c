/*
 * The Beatty scheduler (policy "beatty"). Time is counted in slots: one slot
 * is one dispatch (sched_pick .. sched_account) on this run queue. With W the
 * sum of the runnable tasks' weights, task i's k-th slot of the current epoch
 * (k >= 1) is released at  base + floor((k-1) W / w_i)  and due at
 * base + ceil(k W / w_i),  the Beatty points of its rate w_i / W. Each pick
 * takes, among released tasks, the one due earliest; ties go to the earlier
 * join (lower seq). An epoch starts (base = now, every k = 0) whenever the
 * runnable set or a weight changes; the re-base happens lazily at the next
 * pick, so several changes inside one slot cost one O(n) rebuild.
 *
 * Why lag < 1 (docs/schedulers.md has the full argument): the windows
 * [release, due) are unit jobs whose demand in any interval [a, b) is at
 * most b - a, so earliest-due-first meets every due slot; a task that meets
 * its dues has received at least floor(t w/W) slots at time t, and a task
 * cannot run slot k before its release, so it has received fewer than
 * t w/W + 1. The same counting shows some task is always released, so the
 * CPU never idles while a task is runnable.
 *
 * Arithmetic: k W / w is kept as b_a + b_r / w (0 <= b_r < w) and advanced
 * by W / w = b_q + b_s / w per slot, so no product k*W is ever formed and no
 * division happens outside the O(n) re-base. Two heaps over the node array:
 * ready (keyed by due) in nodes[0..n_ready) and pending (keyed by release) in
 * nodes[cap..cap+n_pend). A pick costs O(log n).
 */
#include "core/platform.h"
#include "sched_impl.h"

static bool key_less(const struct sched_node *a, const struct sched_node *b)
{
    return a->key < b->key || (a->key == b->key && a->seq < b->seq);
}

static uint64_t release_of(const struct sched_rq *rq, const struct sched_task *t)
{
    return rq->b_base + t->b_a;
}

/* Due of the next slot: ceil((k+1) W / w) = b_a + b_q + ceil((b_r + b_s) / w),
 * where b_r + b_s < 2w, so the last term is 0, 1 or 2. */
static uint64_t due_of(const struct sched_rq *rq, const struct sched_task *t)
{
    uint64_t frac = t->b_r + t->b_s;
    uint64_t up = frac == 0 ? 0 : (frac <= t->weight ? 1 : 2);
    return rq->b_base + t->b_a + t->b_q + up;
}

static struct sched_node node_of(struct sched_task *t, uint64_t key)
{
    return (struct sched_node){.key = key, .w = t->weight, .seq = t->seq, .t = t};
}

static void beatty_reset(struct sched_rq *rq)
{
    rq->n_ready = rq->n_pend = 0;
    rq->dirty = 1;
}

/* Start an epoch at the current slot: every runnable task has received 0
 * slots of it and is released now. */
static void rebase(struct sched_rq *rq)
{
    uint64_t w_sum = rq->weight_sum;
    struct sched_node *ready = rq->nodes;
    uint32_t n = 0;
    struct sched_task *t = rq->all;
    rq->b_base = rq->dispatches;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (t->flags != SCHED_F_ATTACHED)
            continue;
        t->b_a = 0;
        t->b_r = 0;
        t->b_q = w_sum / t->weight;
        t->b_s = w_sum % t->weight;
        t->where = SCHED_W_READY;
        ready[n++] = node_of(t, due_of(rq, t));
    }
    rq->n_ready = n;
    rq->n_pend = 0;
    sched_heap_build(ready, n, key_less, false);
    rq->dirty = 0;
}

/* Any change of the runnable set re-bases at the next pick. */
static void beatty_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    (void)t;
    rq->dirty = 1;
}

static void beatty_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    (void)t;
    rq->dirty = 1;
}

static struct sched_task *beatty_pick(struct sched_rq *rq)
{
    if (rq->dirty)
        rebase(rq);
    struct sched_node *ready = rq->nodes, *pend = rq->nodes + rq->cap;
    uint64_t now = rq->dispatches;
    while (rq->n_pend && pend[0].key <= now) {
        struct sched_task *t = pend[0].t;
        sched_heap_del(pend, &rq->n_pend, 0, key_less, false);
        struct sched_node x = node_of(t, due_of(rq, t));
        sched_heap_push(ready, &rq->n_ready, &x, key_less, false);
        t->where = SCHED_W_READY;
    }
    if (rq->n_ready == 0)
        plat_panic("sched_beatty: no released task"); /* impossible: see the top */
    return ready[0].t;
}

static void beatty_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns; /* one dispatch is one slot, however long it ran */
    if (rq->dirty)
        return; /* the epoch ends; the next pick re-bases everyone */
    struct sched_node *ready = rq->nodes, *pend = rq->nodes + rq->cap;
    if (rq->n_ready == 0 || ready[0].t != t)
        plat_panic("sched_beatty: account not for the pick");
    t->b_a += t->b_q;
    t->b_r += t->b_s;
    if (t->b_r >= t->weight) {
        t->b_r -= t->weight;
        t->b_a++;
    }
    uint64_t rel = release_of(rq, t);
    if (rel <= rq->dispatches) {
        /* Released again at once: re-key in place, one sift. */
        ready[0].key = due_of(rq, t);
        sched_heap_down(ready, rq->n_ready, 0, key_less, false);
        return;
    }
    sched_heap_del(ready, &rq->n_ready, 0, key_less, false);
    struct sched_node x = node_of(t, rel);
    sched_heap_push(pend, &rq->n_pend, &x, key_less, false);
    t->where = SCHED_W_PEND;
}

static void check_heap(const struct sched_node *h, uint32_t n, const char *msg)
{
    for (uint32_t i = 1; i < n; i++) {
        if (key_less(&h[i], &h[(i - 1) / 2]))
            plat_panic(msg);
    }
}

static void beatty_check(const struct sched_rq *rq)
{
    if (rq->dirty)
        return; /* structures are rebuilt at the next pick */
    const struct sched_node *ready = rq->nodes, *pend = rq->nodes + rq->cap;
    if (rq->n_ready + rq->n_pend != rq->nr_runnable)
        plat_panic("sched_beatty: heap sizes");
    check_heap(ready, rq->n_ready, "sched_beatty: ready heap order");
    check_heap(pend, rq->n_pend, "sched_beatty: pending heap order");
    for (uint32_t i = 0; i < rq->n_ready; i++) {
        const struct sched_task *t = ready[i].t;
        if (t->where != SCHED_W_READY || ready[i].key != due_of(rq, t) ||
            release_of(rq, t) > rq->dispatches)
            plat_panic("sched_beatty: ready task");
    }
    for (uint32_t i = 0; i < rq->n_pend; i++) {
        const struct sched_task *t = pend[i].t;
        if (t->where != SCHED_W_PEND || pend[i].key != release_of(rq, t))
            plat_panic("sched_beatty: pending task");
    }
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
