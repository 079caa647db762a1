/*
 * Private to libcore/src/sched*.c: the policy operations table that sched.c
 * dispatches through, and the binary heaps over the caller's node array that
 * the proportional-share policies share. The heap code is static inline with
 * the comparison passed as a constant, so each policy gets its own
 * specialised copy with no indirect call per comparison.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/platform.h"
#include "core/sched.h"

/* Where a task sits (struct sched_task.where). */
enum { SCHED_W_NONE = 0, SCHED_W_READY, SCHED_W_PEND, SCHED_W_LIST, SCHED_W_SLOT, SCHED_W_CAL };

/* What every policy implements. sched.c keeps the generic state (flags,
 * weight sum, current, the attached list) and calls these only for runnable
 * tasks:
 *   reset:   forget every task (empty structures); used at init and hot swap;
 *   enqueue: t became runnable (join, wake, unthrottle, after a new weight);
 *   dequeue: t stops being runnable; it is never current;
 *   pick:    the task to run, left in place; NULL only if none is runnable;
 *   account: t (the pick) ran used_ns and stays runnable for now.
 * rq->weight_sum already includes t in enqueue and still includes it in
 * dequeue. */
struct sched_policy {
    const char *name;
    unsigned id;
    void (*reset)(struct sched_rq *rq);
    void (*enqueue)(struct sched_rq *rq, struct sched_task *t);
    void (*dequeue)(struct sched_rq *rq, struct sched_task *t);
    struct sched_task *(*pick)(struct sched_rq *rq);
    void (*account)(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns);
    void (*check)(const struct sched_rq *rq);
};

extern const struct sched_policy sched_beatty_policy;
extern const struct sched_policy sched_rr_policy;
extern const struct sched_policy sched_prio_policy;
extern const struct sched_policy sched_stride_policy;
extern const struct sched_policy sched_lottery_policy;
extern const struct sched_policy sched_eevdf_policy;

/* ---- heaps ----
 * A min-heap lives in h[0..*n). `track` keeps t->pos up to date so that a
 * task can be removed from the middle (stride, eevdf); Beatty never removes
 * from the middle (it rebuilds), so it skips that store. */
typedef bool (*sched_less_fn)(const struct sched_node *a, const struct sched_node *b);

static inline __attribute__((always_inline)) void
sched_heap_place(struct sched_node *h, uint32_t i, const struct sched_node *x, bool track)
{
    h[i] = *x;
    if (track)
        h[i].t->pos = i;
}

static inline __attribute__((always_inline)) void sched_heap_up(struct sched_node *h, uint32_t i,
                                                                sched_less_fn less, bool track)
{
    struct sched_node x = h[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!less(&x, &h[p]))
            break;
        sched_heap_place(h, i, &h[p], track);
        i = p;
    }
    sched_heap_place(h, i, &x, track);
}

/* Sift node x down from the hole at index i (x is passed by value, so a
 * caller that re-keys a node need not store it first and load it back:
 * a partial store followed by a whole-node load stalls the pipeline). */
static inline __attribute__((always_inline)) void
sched_heap_down_from(struct sched_node *h, uint32_t n, uint32_t i, struct sched_node x,
                     sched_less_fn less, bool track)
{
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && less(&h[c + 1], &h[c]))
            c++;
        if (!less(&h[c], &x))
            break;
        sched_heap_place(h, i, &h[c], track);
        i = c;
    }
    sched_heap_place(h, i, &x, track);
}

static inline __attribute__((always_inline)) void
sched_heap_down(struct sched_node *h, uint32_t n, uint32_t i, sched_less_fn less, bool track)
{
    sched_heap_down_from(h, n, i, h[i], less, track);
}

/* Sift-down for a key that usually belongs near the bottom (Floyd's
 * bottom-up variant): walk the hole to a leaf along the smaller children,
 * one branch-free comparison per level, then let x climb back the few
 * levels it needs. Half the comparisons of sched_heap_down and no
 * unpredictable branch on the way down. */
static inline __attribute__((always_inline)) void
sched_heap_down_leaf(struct sched_node *h, uint32_t n, uint32_t i, sched_less_fn less, bool track)
{
    struct sched_node x = h[i];
    uint32_t start = i;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n)
            c += (uint32_t)less(&h[c + 1], &h[c]);
        sched_heap_place(h, i, &h[c], track);
        i = c;
    }
    while (i > start) {
        uint32_t p = (i - 1) / 2;
        if (!less(&x, &h[p]))
            break;
        sched_heap_place(h, i, &h[p], track);
        i = p;
    }
    sched_heap_place(h, i, &x, track);
}

/* Remove the node at index i (0 = the minimum). The last node fills the
 * hole; it came from the bottom and usually belongs there, hence the
 * bottom-up sift. */
static inline __attribute__((always_inline)) void
sched_heap_del(struct sched_node *h, uint32_t *n, uint32_t i, sched_less_fn less, bool track)
{
    uint32_t last = --*n;
    if (i == last)
        return;
    h[i] = h[last];
    if (i > 0 && less(&h[i], &h[(i - 1) / 2]))
        sched_heap_up(h, i, less, track);
    else
        sched_heap_down_leaf(h, last, i, less, track);
}

static inline __attribute__((always_inline)) void sched_heap_push(struct sched_node *h, uint32_t *n,
                                                                  const struct sched_node *x,
                                                                  sched_less_fn less, bool track)
{
    h[*n] = *x;
    sched_heap_up(h, (*n)++, less, track);
}

/* Exact comparison of virtual times a.key/a.w and b.key/b.w (w >= 1) by
 * cross products: both products are below 2^84, so no 128-bit division is
 * needed. Ties fall to the earlier join (seq). */
static inline bool sched_frac_less(const struct sched_node *a, const struct sched_node *b)
{
    unsigned __int128 l = (unsigned __int128)a->key * b->w;
    unsigned __int128 r = (unsigned __int128)b->key * a->w;
    if (l != r)
        return l < r;
    return a->seq < b->seq;
}

/* Ceiling of w * num / den for den >= 1, w < 2^20, den < 2^44, using only
 * 64-bit division: num = q*den + r, so w*num/den = w*q + w*r/den and
 * w*r < 2^64. Used to place a joining task at the current virtual time. */
static inline uint64_t sched_scale_ceil(uint64_t w, uint64_t num, uint64_t den)
{
    uint64_t q = num / den, r = num % den;
    uint64_t wr = w * r;
    return w * q + wr / den + (wr % den != 0);
}

/* ---- FIFO queues (rr, prio): rq->head[l] .. rq->tail[l] through next/prev ---- */

static inline void sched_list_append(struct sched_rq *rq, unsigned l, struct sched_task *t)
{
    t->next = 0;
    t->prev = rq->tail[l];
    if (rq->tail[l])
        rq->tail[l]->next = t;
    else
        rq->head[l] = t;
    rq->tail[l] = t;
    t->where = SCHED_W_LIST;
}

static inline void sched_list_unlink(struct sched_rq *rq, unsigned l, struct sched_task *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        rq->head[l] = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        rq->tail[l] = t->prev;
    t->next = t->prev = 0;
}

/* Check queue l's links; returns its length. */
static inline uint32_t sched_list_check(const struct sched_rq *rq, unsigned l, const char *msg)
{
    uint32_t n = 0;
    const struct sched_task *prev = 0;
    for (const struct sched_task *t = rq->head[l]; t; prev = t, t = t->next) {
        if (t->prev != prev || t->where != SCHED_W_LIST || t->flags != SCHED_F_ATTACHED ||
            n > rq->nr_runnable)
            plat_panic(msg);
        n++;
    }
    if (rq->tail[l] != prev)
        plat_panic(msg);
    return n;
}
