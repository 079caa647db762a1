/*
 * The Beatty scheduler (policy "beatty"). Time is counted in slots of S =
 * rq->quantum_ns host time units (S = 1 for unit-slot hosts): a dispatch
 * (sched_pick .. sched_account) that the host ends while the task stays
 * runnable is one slot, however long it ran; a task that leaves the run
 * queue before the next pick (it blocked after a short burst) pays only the
 * time it ran. With W the sum of the runnable tasks' weights, task i's k-th
 * slot (k >= 1) is released at floor((k-1) W / w_i) and due at
 * ceil(k W / w_i), the Beatty points of its rate w_i / W. Each pick takes,
 * among released tasks, the one due earliest; ties go to the earlier exact
 * finish k / w_i, then to the earlier join (lower seq).
 *
 * The windows are kept in virtual time, which makes every change O(log n).
 * Each task has a virtual service vs_i (time units received, S per slot,
 * plus its placement at join); the run queue has V = vs_sum / W, the
 * weighted average of the tasks' virtual times vs_i / w_i, and
 * lag_i = vs_i - w_i V sums to 0. Task i's next slot spans virtual times
 * [vs_i / w_i, (vs_i + S) / w_i], and V grows by S/W per slot, so the task
 * is *released* in the first slot whose end passes its start,
 *     vs_i / w_i < (vs_sum + S) / W   <=>   vs_i W < (vs_sum + S) w_i,
 * and *due* at the first slot boundary at or after its finish. Due slots are
 * increasing in the finish (vs_i + S) / w_i, so ordering released tasks by
 * exact finish is earliest-due-first with ties broken by finish. From a
 * level start with a fixed set this is exactly the definition above (proof
 * and tests in docs/schedulers.md and test_sched_beatty.c). Neither key
 * depends on W: a join, leave or weight change touches only its own task.
 *
 * Two sets, keyed by exact fixed-point virtual times (below): "ready",
 * ordered by finish, in a calendar of buckets with a heap beside it
 * (sched_beatty_cal.h), and "pending", a heap keyed by start in
 * nodes[cap..cap+n_pend). Every released task is in ready; ready may also
 * hold tasks that are not released (yet): the task that just ran stays
 * there with its next finish, and a leave can lower V. A pick first moves
 * pending tasks that V has passed to ready, then sends an unreleased task
 * found first in ready to pending; that suffices, because a released first
 * task has the earliest finish of all released tasks. So a decision is
 * usually the task that ran moving to a later bucket; it meets the front
 * again only after the others' finishes have passed its own, by which time
 * its slot is nearly always open (in the benchmark 1.5% of decisions send
 * one to pending). Because the lags sum to 0 some task is always released:
 * the CPU never idles while a task is runnable. Pick and account are O(1)
 * for tasks the calendar holds and O(log n) otherwise; join and leave are
 * O(log n) amortised.
 */
#include "core/platform.h"
#include "sched_beatty_cal.h"

static struct sched_node *pend_heap(const struct sched_rq *rq)
{
    return rq->nodes + rq->cap;
}

/* vs W < (vs_sum + S) w, products below 2^128 by the module's limits. */
static bool released(const struct sched_rq *rq, const struct sched_task *t)
{
    return (unsigned __int128)t->vs * rq->weight_sum <
           ((unsigned __int128)rq->vs_sum + rq->b_slot) * t->weight;
}

/* ---- fixed-point virtual times ----
 * Heap keys are floor(v * 2^52) of the virtual time v = n/w (a 96-bit
 * number: 64 bits in .key, 32 in .w), kept exactly with the remainder
 * (b_e + b_r/w) and advanced per slot by adding S 2^52/w: no division per
 * decision. The fixed point is exact for ordering: two different times
 * n/w < n'/w' with w, w' <= 2^20 differ by at least 1/(w w') >= 2^-40, so
 * their keys differ by at least 2^12; equal times have equal keys, and
 * then seq decides. A comparison is one 128-bit compare, no branch. */
#define BEATTY_FIX 52
#define BEATTY_VS_MAX (1ull << 44)   /* virtual time below 2^44 units: key < 2^96 */
#define BEATTY_REBASE_BIT 43          /* a finish at 2^43 units triggers a rebase */
#define BEATTY_MARGIN (1ull << 41)    /* room left below the slowest task by a rebase */
_Static_assert(SCHED_BEATTY_REBASE == 1ull << BEATTY_REBASE_BIT, "rebase threshold");
#define BEATTY_SLOT_MAX (1ull << 40) /* w S < 2^60 in the placement bounds */

/* floor(n 2^52 / w) and its remainder, for w <= 2^20 and n / w < 2^44, in
 * 64-bit steps: n = q w + r, then r 2^20 < 2^40, then the remainder times
 * 2^32 < 2^52. */
static unsigned __int128 fix_div(uint64_t n, uint64_t w, uint32_t *rem)
{
    uint64_t q = n / w, r = n % w;
    if (q >= BEATTY_VS_MAX)
        plat_panic("sched_beatty: virtual time beyond 2^44");
    uint64_t a = r << 20, q1 = a / w, r1 = a % w;
    uint64_t b = r1 << 32, q2 = b / w;
    *rem = (uint32_t)(b % w);
    return ((unsigned __int128)q << BEATTY_FIX) + ((unsigned __int128)q1 << 32) + q2;
}

/* Key the task's finish (vs + S)/w exactly from vs: b_k, its remainder b_r,
 * and the per-slot step b_qk + b_s/w. */
static void enc_set(const struct sched_rq *rq, struct sched_task *t)
{
    uint32_t rs;
    unsigned __int128 e = fix_div(t->vs, t->weight, &rs);
    unsigned __int128 q = fix_div(rq->b_slot, t->weight, &t->b_s);
    uint32_t r = rs + t->b_s, carry = r >= t->weight;
    t->b_r = r - carry * t->weight;
    cal_key_set(t, (e + q + carry) << 32 | t->seq);
    t->b_qk = q << 32;
}

/* The start vs/w as a key (start << 32 | seq): the finish less one slot. */
static unsigned __int128 start_key(const struct sched_task *t)
{
    unsigned __int128 borrow = t->b_r < t->b_s;
    return cal_key(t) - t->b_qk - (borrow << 32);
}

/* Pending is keyed by start, compared like the ready heap. */
static struct sched_node pend_node(struct sched_task *t)
{
    unsigned __int128 k = start_key(t);
    uint64_t lo = (uint64_t)k;
    return (struct sched_node){
        .key = (uint64_t)(k >> 64), .w = (uint32_t)(lo >> 32), .seq = (uint32_t)lo, .t = t};
}

static void to_pend(struct sched_rq *rq, struct sched_task *t)
{
    struct sched_node x = pend_node(t);
    t->where = SCHED_W_PEND;
    sched_heap_push(pend_heap(rq), &rq->n_pend, &x, cal_node_less, true);
}

/* The slot length S in the host's time unit: rq->quantum_ns as it is when
 * the run queue is (re)started or a task joins it empty. Hosts set the
 * quantum before the first join; changing it later takes effect at the next
 * policy switch (sched_switch_policy re-keys) or when the queue empties. */
static void take_slot(struct sched_rq *rq)
{
    uint64_t q = rq->quantum_ns ? rq->quantum_ns : 1;
    if (q > BEATTY_SLOT_MAX)
        plat_panic("sched_beatty: quantum_ns beyond 2^40");
    rq->b_slot = q;
    rq->b_last = 0;
    rq->b_epoch++;
    rq->b_shift = 0; /* the new epoch's origin is at b_start */
    sched_cal_setup(rq); /* nothing is ready: size for the tasks to come */
}

static void beatty_reset(struct sched_rq *rq)
{
    rq->n_pend = 0;
    rq->vs_sum = 0;
    take_slot(rq);
    /* Virtual service from another policy (or an earlier stint) means
     * nothing here: everyone restarts level. */
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        t->vs = 0;
        t->b_lag = 0;
    }
}

/* w x / W' = w q + w r / W' for x = q W' + r: the exact floor, with the
 * remainder w r mod W' in *rem. w r < 2^64 by the limits. */
static uint64_t scale_floor(uint64_t w, uint64_t x, uint64_t den, uint64_t *rem)
{
    uint64_t q = x / den, wr = w * (x % den);
    *rem = wr % den;
    return w * q + wr / den;
}

/* Where the epoch's virtual clock started, in the current frame: b_start,
 * less what rebasing took away since. Negative once the epoch is older than
 * its start plus the margin; then the frame's own origin 0 is the floor. */
static int64_t origin(const struct sched_rq *rq)
{
    return (int64_t)rq->b_start - (int64_t)rq->b_shift;
}

/* vs + w o, limited to 0..2^64-1: moves a virtual service between the
 * current frame and the epoch's origin (o = -origin, +origin). */
static uint64_t reframe(uint64_t vs, uint64_t w, int64_t o)
{
    __int128 v = (__int128)vs + (__int128)w * o;
    return v < 0 ? 0 : v > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

/* ceil(w V' + L W / W') for V' = vs_sum / W', a lag L in [-S, S]: with
 * w vs_sum = base W' + r1 and W = W' + w it is base + L + ceil((r1 + L w) /
 * W'), where |L w| <= S w < 2^60. Results below the epoch's origin (or the
 * frame's, whichever is higher) are raised to it. */
static uint64_t place(const struct sched_rq *rq, uint64_t base, uint64_t r1, int64_t lag,
                      uint64_t w, uint64_t den)
{
    int64_t y = (int64_t)r1 + lag * (int64_t)w, d = (int64_t)den;
    int64_t c = y >= 0 ? (y + d - 1) / d : -(-y / d);
    int64_t off = lag + c;
    uint64_t v = off < 0 && (uint64_t)-off > base ? 0 : base + (uint64_t)off;
    int64_t o = origin(rq);
    uint64_t fl = o > 0 ? w * (uint64_t)o : 0; /* < 2^20 2^43 */
    return v < fl ? fl : v;
}

/* Join, wake, new weight. The lag a task has after joining is
 * (W'/W)(vs - w V'), with V' = vs_sum / W' over the others (W' = W - w).
 * Let L be its lag when it last left a run queue (b_lag: rounded up to a
 * time unit, clamped to [-S, S]).
 *  - Back on the run queue whose virtual clock its vs was earned on (same
 *    queue, same epoch: a block and wake, a weight change): it keeps its
 *    vs if its lag then lies in [min(L, 0), S], otherwise vs is clamped
 *    into that range. So a block and an immediate wake changes nothing, a
 *    lead shrinks while it sleeps (the others' virtual time passes, as the
 *    fluid schedule would still be serving its burst) but never below 0, a
 *    deficit is kept but does not grow while it sleeps.
 *  - Anywhere else (another run queue, or this one after its clock
 *    restarted): its vs means nothing here; it is placed at lag L (rounded
 *    up to a time unit). Moving neither gains nor loses.
 * Alone on the queue it restarts the clock (a new epoch) at vs = 0. */
static void beatty_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    uint64_t w = t->weight, w_before = rq->weight_sum - w;
    if (w_before == 0) {
        take_slot(rq);
        t->vs = w * rq->b_start; /* alone: nobody to be ahead of */
    } else {
        uint64_t s = rq->b_slot, r1;
        uint64_t base = scale_floor(w, rq->vs_sum, w_before, &r1); /* floor(w V') */
        uint64_t hi = s + base + (r1 + w * s) / w_before;          /* lag S */
        uint64_t lo;
        if (t->b_home != rq || t->b_epoch != rq->b_epoch) {
            t->vs = lo = place(rq, base, r1, t->b_lag, w, w_before);
        } else {
            t->vs = reframe(t->vs, w, origin(rq)); /* kept from its last leave */
            lo = place(rq, base, r1, t->b_lag < 0 ? t->b_lag : 0, w, w_before);
        }
        if (t->vs < lo)
            t->vs = lo;
        else if (t->vs > hi)
            t->vs = hi;
    }
    rq->vs_sum += t->vs;
    t->b_home = rq;
    t->b_epoch = rq->b_epoch;
    enc_set(rq, t);
    if (released(rq, t))
        cal_insert(rq, t);
    else
        to_pend(rq, t);
    /* Enough tasks for the calendar: switch it on now (O(CAL_MIN_TASKS));
     * once on, it follows the size every few decisions (sched_cal_refile). */
    if (!rq->c_on && rq->nr_runnable >= CAL_MIN_TASKS)
        sched_cal_tune(rq);
}

/* A task leaving before the run queue's next pick (it blocked, was
 * throttled, left, or changed weight right after its dispatch) gives back
 * the part of its last slot it did not use: its virtual service then
 * counts exactly the time it ran. Then its lag, rounded up to a time unit
 * (ceil(vs - w V) = vs - floor(w V)) and clamped to [-S, S], is kept for
 * its next join. */
static void beatty_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    if (t->where == SCHED_W_PEND)
        sched_heap_del(pend_heap(rq), &rq->n_pend, t->pos, cal_node_less, true);
    else
        cal_remove(rq, t);
    if (rq->b_last == t) {
        uint64_t unused = rq->b_used < rq->b_slot ? rq->b_slot - rq->b_used : 0;
        t->vs -= unused;
        rq->vs_sum -= unused;
        rq->b_last = 0;
    }
    uint64_t rem, fair = scale_floor(t->weight, rq->vs_sum, rq->weight_sum, &rem);
    int64_t s = (int64_t)rq->b_slot;
    if (t->vs >= fair)
        t->b_lag = t->vs - fair < (uint64_t)s ? (int64_t)(t->vs - fair) : s;
    else
        t->b_lag = fair - t->vs < (uint64_t)s ? -(int64_t)(fair - t->vs) : -s;
    rq->vs_sum -= t->vs;
    /* Off the queue, vs counts from the epoch's origin: rebases while it is
     * away do not concern it, and a weight change before it returns keeps
     * vs as without rebasing (beatty_enqueue adds w times the origin back). */
    t->vs = reframe(t->vs, t->weight, -origin(rq));
}

/* Rebase: subtract D (a whole number of slots S, in virtual time) from
 * every runnable task's virtual time, i.e. w_i D from each vs_i, W D from
 * vs_sum and D 2^52 from every fixed-point start, finish and heap key. All
 * of them move by the same amount, so every release test, every finish
 * comparison and every placement compares the same numbers as before (the
 * proof is in docs/schedulers.md, "Rebasing"); the keys stay exact because
 * D 2^52 is a whole number of key units and the remainders mod w do not
 * change. D leaves the slowest runnable task BEATTY_MARGIN above the new
 * origin. Tasks off the queue keep vs from the epoch's origin (dequeue). O(n),
 * once per at least 2^42 units of virtual time. */
static __attribute__((noinline, cold)) void beatty_rebase(struct sched_rq *rq,
                                                          unsigned __int128 fin)
{
    if (fin >> 96) /* the spread of virtual times exceeds 2^43: cannot happen */
        plat_panic("sched_beatty: virtual time beyond 2^44");
    uint64_t lo = UINT64_MAX;
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next)
        if (t->where != SCHED_W_NONE && (uint64_t)(start_key(t) >> (32 + BEATTY_FIX)) < lo)
            lo = (uint64_t)(start_key(t) >> (32 + BEATTY_FIX));
    if (lo < BEATTY_MARGIN + rq->b_slot)
        return; /* nothing to gain; the next charge checks again */
    uint64_t d = (lo - BEATTY_MARGIN) / rq->b_slot * rq->b_slot;
    unsigned __int128 dfix = (unsigned __int128)d << BEATTY_FIX;
    uint64_t dkey = d << (BEATTY_FIX - 32); /* the node holds bits 32..95 */
    t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (t->where == SCHED_W_NONE)
            continue;
        t->vs -= d * t->weight;
        cal_key_set(t, cal_key(t) - (dfix << 32));
    }
    struct sched_node *pend = pend_heap(rq);
    for (uint32_t i = 0; i < rq->n_pend; i++)
        pend[i].key -= dkey;
    rq->vs_sum -= d * rq->weight_sum;
    rq->b_shift += d;
    rq->b_rebases++;
    sched_cal_rebuild(rq); /* every bucket number moved */
}

int sched_beatty_set_vclock(struct sched_rq *rq, uint64_t vt)
{
    if (!rq || rq->pol != &sched_beatty_policy)
        return SCHED_E_POLICY;
    if (vt >= SCHED_BEATTY_REBASE)
        return CORE_E_INVAL;
    if (rq->nr_runnable) /* the running epoch's origin must not move */
        return SCHED_E_BUSY;
    rq->b_start = vt;
    return CORE_OK;
}

/* The loops of a pick that has tasks to move between the sets. */
static __attribute__((noinline)) struct sched_task *pick_moving(struct sched_rq *rq)
{
    struct sched_node *pend = pend_heap(rq);
    while (rq->n_pend && released(rq, pend[0].t)) {
        struct sched_task *t = pend[0].t;
        sched_heap_del(pend, &rq->n_pend, 0, cal_node_less, true);
        cal_insert(rq, t);
    }
    for (;;) {
        struct sched_task *t = cal_min(rq);
        if (!t)
            plat_panic("sched_beatty: no released task"); /* lags sum to 0: impossible */
        if (released(rq, t))
            return t;
        cal_remove(rq, t);
        to_pend(rq, t);
    }
}

/* Usually nothing moves: pending's first task is not released yet and
 * ready's is; then the pick is two release tests and a bitmap search, and
 * the moving loops stay out of line. With the calendar on this is a
 * function of its own, so that the heap-only pick below (a few tasks)
 * needs no stack frame. */
static __attribute__((noinline)) struct sched_task *pick_cal(struct sched_rq *rq)
{
    if (!rq->n_pend || !released(rq, pend_heap(rq)[0].t)) {
        struct sched_task *t = cal_min(rq);
        if (t && released(rq, t))
            return t;
    }
    return pick_moving(rq);
}

static struct sched_task *beatty_pick(struct sched_rq *rq)
{
    rq->b_last = 0; /* the last dispatch's slot is over */
    if (rq->c_on)
        return pick_cal(rq);
    if (rq->n_ready && (!rq->n_pend || !released(rq, pend_heap(rq)[0].t)) &&
        released(rq, rq->nodes[0].t))
        return rq->nodes[0].t;
    return pick_moving(rq);
}

/* One dispatch is one slot, S units of virtual service, however long it
 * ran: a dispatch the host ends while the task stays runnable (quantum,
 * timer tick, preemption) used its slot. The fixed point advances by the
 * precomputed S 2^52 / w, no division. What the dispatch did not use is
 * remembered until the next pick, in case the task leaves first
 * (beatty_dequeue): a task that gives its slot back by leaving pays exactly
 * the time it ran. */
static void beatty_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    uint64_t s = rq->b_slot; /* t, just picked, is in ready: calendar or heap */
    t->vs += s;
    rq->vs_sum += s;
    rq->b_last = t;
    rq->b_used = used_ns;
    /* The finish moves one slot further: S 2^52 / w added with the
     * remainder carried, no division. Then the task is refiled, released
     * or not: if its next slot is not open yet it stays in ready until it
     * comes first, where a pick sends it to pending; usually it is released
     * before that, and never goes to pending at all. */
    uint32_t r = t->b_r + t->b_s, carry = r >= t->weight;
    t->b_r = r - carry * t->weight;
    unsigned __int128 k = cal_key(t) + t->b_qk + ((unsigned __int128)carry << 32);
    cal_refile(rq, t, k);
    /* One compare on the hot path: past 2^43 units of virtual time, rebase
     * (the keys hold 2^44). */
    if (__builtin_expect((k >> (32 + BEATTY_FIX + BEATTY_REBASE_BIT)) != 0, 0))
        beatty_rebase(rq, k >> 32);
}

static void beatty_check(const struct sched_rq *rq)
{
    uint64_t sum = 0;
    uint32_t n = 0;
    const struct sched_node *pend = pend_heap(rq);
    for (uint32_t i = 0; i < rq->n_pend; i++) {
        struct sched_task *t = pend[i].t;
        struct sched_node want = pend_node(t);
        if ((i > 0 && cal_node_less(&pend[i], &pend[(i - 1) / 2])) || t->pos != i ||
            t->where != SCHED_W_PEND || cal_node_ord(&pend[i]) != cal_node_ord(&want))
            plat_panic("sched_beatty: pending heap");
    }
    const struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (t->where == SCHED_W_NONE)
            continue;
        struct sched_task copy = *t;
        enc_set(rq, &copy); /* the fixed point must match vs exactly */
        if (copy.b_r != t->b_r || copy.b_qk != t->b_qk || copy.b_s != t->b_s || cal_key(&copy) != cal_key(t))
            plat_panic("sched_beatty: fixed point");
        sum += t->vs;
        n++;
    }
    if (n != rq->nr_runnable || sched_cal_check(rq) + rq->n_pend != n)
        plat_panic("sched_beatty: set sizes");
    if (sum != rq->vs_sum)
        plat_panic("sched_beatty: vs_sum");
    if (rq->b_last && (rq->b_last->rq != rq || rq->b_last->where == SCHED_W_PEND ||
                       rq->b_last->where == SCHED_W_NONE))
        plat_panic("sched_beatty: last dispatch");
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
