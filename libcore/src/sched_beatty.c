/*
 * The Beatty scheduler (policy "beatty"). Time is counted in slots: one slot
 * is one dispatch (sched_pick .. sched_account) on this run queue, however
 * long it ran. With W the sum of the runnable tasks' weights, task i's k-th
 * slot (k >= 1) is released at floor((k-1) W / w_i) and due at
 * ceil(k W / w_i), the Beatty points of its rate w_i / W. Each pick takes,
 * among released tasks, the one due earliest; ties go to the earlier join
 * (lower seq).
 *
 * Changes (join, leave, block, wake, weight) keep every task's place. Each
 * task has a virtual service vs_i (slots received, plus its placement at
 * join) and the run queue a virtual time V = vs_sum / W, the weighted
 * average of vs_i / w_i; lag_i = vs_i - w_i V, and the lags always sum to 0.
 * The windows above are those of slot vs_i + 1 measured from V: released in
 * the first slot whose end passes vs_i / w_i, due at the first slot boundary
 * at or after (vs_i + 1) / w_i. A change only changes W (and V), so it
 * starts a new epoch: at the next pick every window is recomputed from
 * (vs_i, V, W), O(n) once however many changes came in that slot (a
 * re-base with nothing changed reproduces the same windows). A task joins
 * at lag 0 rounded up (vs = ceil(w V)); one that blocks ahead of its share
 * keeps that lag (up to one slot), so blocking and waking never buys a
 * slot; a lag behind its share is forgiven when it blocks (no credit for
 * sleeping).
 *
 * Why lag < 1 with a fixed set (docs/schedulers.md has the full argument):
 * the windows are unit jobs whose demand in any interval [a, b) is at most
 * b - a, so earliest-due-first meets every due slot: received >= floor(t w/W);
 * a slot cannot run before its release: received < t w/W + 1. Since the
 * lags sum to 0, some task is always released, so the CPU never idles
 * while a task is runnable.
 *
 * Arithmetic: within an epoch a task's window position advances by
 * W / w = b_q + b_s / w per slot (exact, no product ever formed); the O(n)
 * re-base uses 128-bit products and 64-bit division of values bounded by the
 * lag. Released tasks wait in a binary heap keyed by due in
 * nodes[0..n_ready); pending ones in a timing wheel keyed by release
 * (sched_wheel.h, O(1) amortised). A decision costs one sift of the heap:
 * the task that ran leaves the top vacant and the next task released takes
 * its place. O(log n) per pick.
 */
#include "core/platform.h"
#include "sched_impl.h"
#include "sched_wheel.h"

/* Window positions are kept relative to the epoch start plus this bias, so
 * that a task behind its share (release before the epoch) stays unsigned. */
#define BEATTY_BIAS (1ull << 62)

/* (key, seq) lexicographically, with bitwise operators so the compiler
 * makes flags, not branches to mispredict inside the heap's loops. */
static bool key_less(const struct sched_node *a, const struct sched_node *b)
{
    return (a->key < b->key) | ((a->key == b->key) & (a->seq < b->seq));
}

static uint64_t epoch_now(const struct sched_rq *rq)
{
    return BEATTY_BIAS + (rq->dispatches - rq->b_base);
}

/* Due of the next slot: b_a + b_q + ceil((b_r + b_s) / w), where
 * b_r + b_s < 2w, so the last term is 0, 1 or 2. */
static uint64_t due_of(const struct sched_task *t)
{
    uint64_t frac = t->b_r + t->b_s;
    uint64_t up = (uint64_t)(frac != 0) + (uint64_t)(frac > t->weight);
    return t->b_a + t->b_q + up;
}

static struct sched_node node_of(struct sched_task *t, uint64_t key)
{
    return (struct sched_node){.key = key, .w = t->weight, .seq = t->seq, .t = t};
}

static void beatty_reset(struct sched_rq *rq)
{
    rq->n_ready = 0;
    rq->b_vacant = 0;
    sched_wheel_reset(rq, BEATTY_BIAS);
    rq->vs_sum = 0;
    rq->dirty = 1;
    /* Virtual service from another policy (or an earlier stint) means
     * nothing here: everyone restarts level. */
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next)
        t->vs = 0;
}

/* Start an epoch at the current slot: place each runnable task's next
 * window from num = vs W - vs_sum w (its lag times W): release
 * floor(num / w), due ceil((num + W) / w), relative to now. */
static void rebase(struct sched_rq *rq)
{
    uint64_t w_sum = rq->weight_sum;
    struct sched_node *ready = rq->nodes;
    uint32_t nr = 0;
    struct sched_task *t = rq->all;
    sched_wheel_reset(rq, BEATTY_BIAS);
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (t->flags != SCHED_F_ATTACHED)
            continue;
        uint64_t w = t->weight;
        unsigned __int128 mine = (unsigned __int128)t->vs * w_sum;
        unsigned __int128 avg = (unsigned __int128)rq->vs_sum * w;
        bool ahead = mine >= avg;
        unsigned __int128 mag = ahead ? mine - avg : avg - mine;
        if (mag >= BEATTY_BIAS / 2)
            plat_panic("sched_beatty: lag out of range");
        uint64_t m = (uint64_t)mag, q = m / w, r = m % w;
        if (ahead) {
            t->b_a = BEATTY_BIAS + q;
            t->b_r = r;
        } else {
            /* floor(-m / w) = -ceil(m / w); remainder back in [0, w). */
            t->b_a = BEATTY_BIAS - q - (r != 0);
            t->b_r = r ? w - r : 0;
        }
        t->b_q = w_sum / w;
        t->b_s = w_sum % w;
        if (t->b_a <= BEATTY_BIAS) {
            t->where = SCHED_W_READY;
            ready[nr++] = node_of(t, due_of(t));
        } else {
            sched_wheel_insert(rq, t);
        }
    }
    rq->b_base = rq->dispatches;
    rq->b_epochs++;
    rq->n_ready = nr;
    rq->b_vacant = 0;
    sched_heap_build(ready, nr, key_less, false);
    rq->dirty = 0;
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
    rq->dirty = 1;
}

static void beatty_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    rq->vs_sum -= t->vs;
    rq->dirty = 1;
}

/* Put a released task in the ready heap, into the vacated top if the last
 * account left one (one sift instead of a removal and an insertion). */
static void make_ready(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = node_of(t, due_of(t));
    t->where = SCHED_W_READY;
    if (rq->b_vacant) {
        rq->nodes[0] = x;
        rq->b_vacant = 0;
        sched_heap_down_leaf(rq->nodes, rq->n_ready, 0, key_less, false);
    } else {
        sched_heap_push(rq->nodes, &rq->n_ready, &x, key_less, false);
    }
}

static struct sched_task *beatty_pick(struct sched_rq *rq)
{
    if (rq->dirty)
        rebase(rq);
    for (struct sched_task *t = sched_wheel_advance(rq, epoch_now(rq)), *nx; t; t = nx) {
        nx = t->next;
        make_ready(rq, t);
    }
    if (rq->b_vacant) {
        rq->b_vacant = 0;
        sched_heap_del(rq->nodes, &rq->n_ready, 0, key_less, false);
    }
    if (rq->n_ready == 0)
        plat_panic("sched_beatty: no released task"); /* lags sum to 0: impossible */
    return rq->nodes[0].t;
}

static void beatty_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns; /* one dispatch is one slot, however long it ran */
    t->vs++;
    rq->vs_sum++;
    if (rq->dirty)
        return; /* the next pick re-bases from vs */
    struct sched_node *ready = rq->nodes;
    if (rq->n_ready == 0 || rq->b_vacant || ready[0].t != t)
        plat_panic("sched_beatty: account not for the pick");
    /* Advance by W/w = b_q + b_s/w; the carry is computed, not branched on
     * (it is as unpredictable as the weights). */
    uint64_t r = t->b_r + t->b_s, carry = r >= t->weight;
    t->b_a += t->b_q + carry;
    t->b_r = r - carry * t->weight;
    if (t->b_a <= epoch_now(rq)) {
        /* Released again at once: re-key in place, one sift. */
        ready[0].key = due_of(t);
        sched_heap_down_leaf(ready, rq->n_ready, 0, key_less, false);
        return;
    }
    /* Leave the top vacant: the next pick fills it with a task released
     * then, or removes it. */
    rq->b_vacant = 1;
    sched_wheel_insert(rq, t);
}

static void beatty_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    const struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (t->flags == SCHED_F_ATTACHED)
            sum += t->vs;
    }
    if (sum != rq->vs_sum)
        plat_panic("sched_beatty: vs_sum");
    if (rq->dirty)
        return; /* windows are recomputed at the next pick */
    const struct sched_node *ready = rq->nodes;
    uint32_t first = rq->b_vacant; /* a vacated top is not a member */
    if (rq->n_ready - first + sched_wheel_check(rq) != rq->nr_runnable)
        plat_panic("sched_beatty: sizes");
    for (uint32_t i = first; i < rq->n_ready; i++) {
        t = ready[i].t;
        if (i > first && (i - 1) / 2 >= first && key_less(&ready[i], &ready[(i - 1) / 2]))
            plat_panic("sched_beatty: ready heap order");
        if (t->where != SCHED_W_READY || ready[i].key != due_of(t) ||
            t->b_a > epoch_now(rq))
            plat_panic("sched_beatty: ready task");
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
