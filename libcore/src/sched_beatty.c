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
 * Two heaps over the node array, keyed by exact fixed-point virtual times
 * (below): "ready", keyed by finish, in nodes[0..n_ready), and "pending",
 * keyed by start, in nodes[cap..cap+n_pend). Every released task is in
 * ready; ready may also hold tasks that are not released (yet): the task
 * that just ran stays there with its next finish, and a leave can lower V.
 * A pick first moves pending tasks that V has passed to ready, then sends an
 * unreleased task found on top of ready to pending; that suffices, because
 * a released top has the earliest finish of all released tasks. So a
 * decision is usually one sift of the task that ran, like stride's; the
 * task meets the top again only after the others' finishes have passed its
 * own, by which time its slot is nearly always open (in the benchmark 1.5%
 * of decisions send one to pending). Because the lags sum to 0 some task is
 * always released: the CPU never idles while a task is runnable. Pick,
 * account, join and leave are O(log n) amortised.
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

/* ---- fixed-point virtual times ----
 * Heap keys are floor(v * 2^52) of the virtual time v = n/w (a 96-bit
 * number: 64 bits in .key, 32 in .w), kept exactly with the remainder
 * (b_e + b_r/w) and advanced per slot by adding 2^52/w: no division per
 * decision. The fixed point is exact for ordering: two different times
 * n/w < n'/w' with w, w' <= 2^20 differ by at least 1/(w w') >= 2^-40, so
 * their keys differ by at least 2^12; equal times have equal keys, and
 * then seq decides. A comparison is one 128-bit compare, no branch. */
#define BEATTY_FIX 52
#define BEATTY_VS_MAX (1ull << 44) /* virtual time below 2^44: key < 2^96 */

static void enc_set(struct sched_task *t)
{
    uint64_t w = t->weight, q = t->vs / w, r = t->vs % w;
    if (q >= BEATTY_VS_MAX)
        plat_panic("sched_beatty: virtual time beyond 2^44");
    /* floor(r 2^52 / w) in two 64-bit steps: r 2^20 < 2^40, then the
     * remainder times 2^32 < 2^52. */
    uint64_t a = r << 20, q1 = a / w, r1 = a % w;
    uint64_t b = r1 << 32, q2 = b / w, r2 = b % w;
    t->b_e = ((unsigned __int128)q << BEATTY_FIX) + ((unsigned __int128)q1 << 32) + q2;
    t->b_r = (uint32_t)r2;
    t->b_q = (1ull << BEATTY_FIX) / w;
    t->b_s = (uint32_t)((1ull << BEATTY_FIX) % w);
}

/* The finish (vs + 1)/w: start plus one slot. */
static unsigned __int128 fin_fix(const struct sched_task *t, uint32_t *rem)
{
    uint32_t r = t->b_r + t->b_s, carry = r >= t->weight;
    *rem = r - carry * t->weight;
    return t->b_e + t->b_q + carry;
}

static void enc_advance(struct sched_task *t)
{
    uint32_t rem;
    t->b_e = fin_fix(t, &rem);
    t->b_r = rem;
}

static bool fix_less(const struct sched_node *a, const struct sched_node *b)
{
    unsigned __int128 x = (unsigned __int128)a->key << 64 | ((uint64_t)a->w << 32 | a->seq);
    unsigned __int128 y = (unsigned __int128)b->key << 64 | ((uint64_t)b->w << 32 | b->seq);
    return x < y;
}

static struct sched_node fix_node(struct sched_task *t, unsigned __int128 v)
{
    return (struct sched_node){.key = (uint64_t)(v >> 32), .w = (uint32_t)v, .seq = t->seq, .t = t};
}

static struct sched_node ready_node(struct sched_task *t)
{
    uint32_t rem;
    return fix_node(t, fin_fix(t, &rem));
}

static struct sched_node pend_node(struct sched_task *t)
{
    return fix_node(t, t->b_e);
}

static void to_ready(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = ready_node(t);
    t->where = SCHED_W_READY;
    sched_heap_push(rq->nodes, &rq->n_ready, &x, fix_less, true);
}

static void to_pend(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = pend_node(t);
    t->where = SCHED_W_PEND;
    sched_heap_push(pend_heap(rq), &rq->n_pend, &x, fix_less, true);
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
    enc_set(t);
    if (released(rq, t))
        to_ready(rq, t);
    else
        to_pend(rq, t);
}

static void beatty_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    if (t->where == SCHED_W_READY)
        sched_heap_del(rq->nodes, &rq->n_ready, t->pos, fix_less, true);
    else
        sched_heap_del(pend_heap(rq), &rq->n_pend, t->pos, fix_less, true);
    rq->vs_sum -= t->vs;
}

static struct sched_task *beatty_pick(struct sched_rq *rq)
{
    struct sched_node *pend = pend_heap(rq);
    while (rq->n_pend && released(rq, pend[0].t)) {
        struct sched_task *t = pend[0].t;
        sched_heap_del(pend, &rq->n_pend, 0, fix_less, true);
        to_ready(rq, t);
    }
    while (rq->n_ready && !released(rq, rq->nodes[0].t)) {
        struct sched_task *t = rq->nodes[0].t;
        sched_heap_del(rq->nodes, &rq->n_ready, 0, fix_less, true);
        to_pend(rq, t);
    }
    if (!rq->n_ready)
        plat_panic("sched_beatty: no released task"); /* lags sum to 0: impossible */
    return rq->nodes[0].t;
}

static void beatty_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns; /* one dispatch is one slot, however long it ran */
    if (t->where != SCHED_W_READY)
        plat_panic("sched_beatty: account for a task not in ready");
    t->vs++;
    rq->vs_sum++;
    enc_advance(t);
    if (t->b_e >> 96) /* vs/w reached 2^44: the keys would overflow */
        plat_panic("sched_beatty: virtual time beyond 2^44");
    /* Re-key in place, released or not: the finish only grew, so t sinks.
     * If its next slot is not open yet it stays in ready until it reaches
     * the top, where a pick sends it to pending; usually it is released
     * before that, and never goes to pending at all. */
    uint32_t rem;
    unsigned __int128 fin = fin_fix(t, &rem);
    struct sched_node *x = &rq->nodes[t->pos];
    x->key = (uint64_t)(fin >> 32);
    x->w = (uint32_t)fin;
    sched_heap_down(rq->nodes, rq->n_ready, t->pos, fix_less, true);
}

static void check_heap(const struct sched_node *h, uint32_t n, uint8_t where, sched_less_fn less,
                       uint64_t *sum)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct sched_task *t = h[i].t;
        struct sched_task copy = *t;
        enc_set(&copy); /* the fixed point must match vs exactly */
        struct sched_node want = where == SCHED_W_READY ? ready_node(&copy) : pend_node(&copy);
        if (i > 0 && less(&h[i], &h[(i - 1) / 2]))
            plat_panic("sched_beatty: heap order");
        if (t->pos != i || t->where != where || h[i].key != want.key || h[i].w != want.w ||
            copy.b_e != t->b_e || copy.b_r != t->b_r || h[i].t != t)
            plat_panic("sched_beatty: node");
        *sum += t->vs;
    }
}

static void beatty_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    if (rq->n_ready + rq->n_pend != rq->nr_runnable)
        plat_panic("sched_beatty: heap sizes");
    check_heap(rq->nodes, rq->n_ready, SCHED_W_READY, fix_less, &sum);
    check_heap(pend_heap(rq), rq->n_pend, SCHED_W_PEND, fix_less, &sum);
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
