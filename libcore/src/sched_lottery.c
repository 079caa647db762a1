/*
 * Lottery scheduling (policy "lottery", Waldspurger & Weihl 1994): each
 * runnable task holds `weight` tickets; a pick draws a ticket uniformly from
 * [0, W) with plat_random_bytes (seeded in the simulator and tests, so runs
 * reproduce) and runs its holder. The expected share is exact, but the lag
 * is a random walk: it grows like sqrt(t), the baseline the deterministic
 * policies are measured against.
 *
 * Runnable tasks occupy slots 0..n-1 (task of slot i in nodes[cap+i].t); a
 * Fenwick tree over the slots' weights in nodes[0..cap).key finds the
 * ticket's holder in O(log cap). Leaving moves the last slot into the hole.
 * The draw uses rejection so that every ticket is exactly equally likely.
 */
#include "sched_impl.h"

static void fen_add(struct sched_rq *rq, uint32_t slot, uint64_t delta)
{
    /* delta may be a negated weight: unsigned arithmetic wraps exactly. */
    for (uint32_t i = slot + 1; i <= rq->cap; i += i & (0u - i))
        rq->nodes[i - 1].key += delta;
}

static void lottery_reset(struct sched_rq *rq)
{
    for (uint32_t i = 0; i < rq->cap; i++)
        rq->nodes[i].key = 0;
    rq->n_ready = 0;
}

static void lottery_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    uint32_t slot = rq->n_ready++;
    rq->nodes[rq->cap + slot].t = t;
    t->pos = slot;
    t->where = SCHED_W_SLOT;
    fen_add(rq, slot, t->weight);
}

static void lottery_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    uint32_t slot = t->pos, last = --rq->n_ready;
    fen_add(rq, slot, 0 - (uint64_t)t->weight);
    if (slot != last) {
        struct sched_task *m = rq->nodes[rq->cap + last].t;
        fen_add(rq, last, 0 - (uint64_t)m->weight);
        fen_add(rq, slot, m->weight);
        rq->nodes[rq->cap + slot].t = m;
        m->pos = slot;
    }
}

/* A uniform integer in [0, n), n >= 1: draws below the largest multiple of
 * n are accepted, so no value is favoured. */
static uint64_t draw(uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    for (;;) {
        uint8_t b[8];
        uint64_t x = 0;
        plat_random_bytes(b, sizeof b);
        for (int i = 0; i < 8; i++)
            x = x << 8 | b[i];
        if (x < limit)
            return x % n;
    }
}

static struct sched_task *lottery_pick(struct sched_rq *rq)
{
    if (!rq->n_ready)
        return 0;
    uint64_t r = draw(rq->weight_sum);
    uint32_t pos = 0, step = 1;
    while (step <= rq->cap / 2)
        step <<= 1;
    /* Descend: the largest prefix of slots whose weight sum is <= r. */
    for (; step; step >>= 1) {
        uint32_t nxt = pos + step;
        if (nxt <= rq->cap && rq->nodes[nxt - 1].key <= r) {
            pos = nxt;
            r -= rq->nodes[nxt - 1].key;
        }
    }
    if (pos >= rq->n_ready)
        plat_panic("sched_lottery: ticket beyond the last slot");
    return rq->nodes[rq->cap + pos].t;
}

static void lottery_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)rq, (void)t, (void)used_ns; /* memoryless: nothing to remember */
}

static void lottery_check(const struct sched_rq *rq)
{
    if (rq->n_ready != rq->nr_runnable)
        plat_panic("sched_lottery: slot count");
    for (uint32_t s = 0; s < rq->cap; s++) {
        /* Fenwick node s+1 covers slots (s+1 - lowbit(s+1), s+1]. */
        uint32_t i = s + 1, lo = i - (i & (0u - i));
        uint64_t sum = 0;
        for (uint32_t k = lo; k < i; k++) {
            if (k < rq->n_ready)
                sum += rq->nodes[rq->cap + k].t->weight;
        }
        if (rq->nodes[s].key != sum)
            plat_panic("sched_lottery: tree");
        if (s < rq->n_ready) {
            const struct sched_task *t = rq->nodes[rq->cap + s].t;
            if (t->pos != s || t->where != SCHED_W_SLOT)
                plat_panic("sched_lottery: slot");
        }
    }
}

const struct sched_policy sched_lottery_policy = {
    .name = "lottery",
    .id = SCHED_POL_LOTTERY,
    .reset = lottery_reset,
    .enqueue = lottery_enqueue,
    .dequeue = lottery_dequeue,
    .pick = lottery_pick,
    .account = lottery_account,
    .check = lottery_check,
};
