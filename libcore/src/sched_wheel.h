/*
 * A hierarchical timing wheel for Beatty's pending tasks (sched_beatty.c),
 * keyed by the release slot t->b_a. Level L has 64 buckets; a task sits at
 * the level of the highest 6-bit digit in which its release differs from
 * the wheel's time, in the bucket of its release's digit there. Advancing
 * the time by one slot moves ("cascades") the one bucket whose digit just
 * came up to the levels below and hands out level 0's bucket for the new
 * time: every task is moved at most SCHED_WHEEL_LEVELS times in all, so
 * insert and expiry are O(1) amortised, against O(log n) for a heap, and
 * the order of release among pending tasks is never needed (the ready heap
 * orders released tasks by due). Buckets are singly linked through t->next,
 * which Beatty does not otherwise use. Private to sched_beatty.c; static
 * inline so the per-slot path has no calls.
 */
#pragma once

#include "sched_impl.h"

static inline void sched_wheel_reset(struct sched_rq *rq, uint64_t now)
{
    for (unsigned l = 0; l < SCHED_WHEEL_LEVELS; l++) {
        rq->b_map[l] = 0;
        for (unsigned b = 0; b < 64; b++)
            rq->b_wheel[l][b] = 0;
    }
    rq->b_cur = now;
}

/* Level and bucket of a release relative to the wheel's time. */
static inline unsigned sched_wheel_level(uint64_t key, uint64_t cur)
{
    uint64_t x = key ^ cur;
    /* __builtin_clzll is one instruction on x86-64: no libgcc call. */
    return x ? (unsigned)(63 - __builtin_clzll(x)) / 6u : 0u;
}

static inline void sched_wheel_insert(struct sched_rq *rq, struct sched_task *t)
{
    unsigned l = sched_wheel_level(t->b_a, rq->b_cur);
    if (t->b_a < rq->b_cur || l >= SCHED_WHEEL_LEVELS)
        plat_panic("sched_wheel_insert: release out of range");
    unsigned b = (unsigned)(t->b_a >> (6 * l)) & 63u;
    t->next = rq->b_wheel[l][b];
    rq->b_wheel[l][b] = t;
    rq->b_map[l] |= 1ull << b;
    t->where = SCHED_W_PEND;
}

static inline struct sched_task *sched_wheel_take(struct sched_rq *rq, unsigned l, unsigned b)
{
    struct sched_task *list = rq->b_wheel[l][b];
    rq->b_wheel[l][b] = 0;
    rq->b_map[l] &= ~(1ull << b);
    return list;
}

/* The time reached a multiple of 64^top: cascade levels top..1, highest
 * first, so a task falls through every level it must. */
static inline void sched_wheel_cascade(struct sched_rq *rq, uint64_t cur)
{
    unsigned top = 1;
    while (top + 1 < SCHED_WHEEL_LEVELS && (cur & ((1ull << (6 * (top + 1))) - 1)) == 0)
        top++;
    for (unsigned l = top; l >= 1; l--) {
        struct sched_task *list = sched_wheel_take(rq, l, (unsigned)(cur >> (6 * l)) & 63u);
        while (list) {
            struct sched_task *t = list;
            list = t->next;
            sched_wheel_insert(rq, t);
        }
    }
}

static inline struct sched_task *sched_wheel_advance(struct sched_rq *rq, uint64_t now)
{
    struct sched_task *out = 0;
    while (rq->b_cur < now) {
        uint64_t cur = ++rq->b_cur;
        if ((cur & 63u) == 0)
            sched_wheel_cascade(rq, cur); /* once every 64 slots */
        unsigned b = (unsigned)cur & 63u;
        if (!(rq->b_map[0] & (1ull << b)))
            continue;
        struct sched_task *due = sched_wheel_take(rq, 0, b);
        while (due) {
            struct sched_task *t = due;
            due = t->next;
            t->next = out;
            out = t;
        }
    }
    return out;
}

static inline uint32_t sched_wheel_check(const struct sched_rq *rq)
{
    uint32_t n = 0;
    for (unsigned l = 0; l < SCHED_WHEEL_LEVELS; l++) {
        for (unsigned b = 0; b < 64; b++) {
            const struct sched_task *t = rq->b_wheel[l][b];
            if (!!t != !!(rq->b_map[l] & (1ull << b)))
                plat_panic("sched_wheel: map");
            for (; t; t = t->next) {
                if (t->where != SCHED_W_PEND || t->b_a <= rq->b_cur ||
                    sched_wheel_level(t->b_a, rq->b_cur) != l || ((t->b_a >> (6 * l)) & 63u) != b ||
                    n > rq->nr_runnable)
                    plat_panic("sched_wheel: task");
                n++;
            }
        }
    }
    return n;
}
