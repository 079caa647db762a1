/*
 * Private to the Beatty policy: its "ready" set, the tasks ordered by
 * finish, then seq (b_k), kept in a calendar of buckets with a binary heap
 * beside it for what the calendar does not hold.
 *
 * Why a calendar: a decision re-keys the task that ran, and in a heap that
 * task sinks about log2(n) levels, each level waiting on the previous
 * comparison (docs/schedulers.md, "Cost"). Near the virtual clock the
 * finishes are dense and evenly spread (about one per slot of virtual
 * time), so a bucket per half slot holds about one task, the next finish
 * is the first non-empty bucket, found with two-level bitmaps, and a
 * re-keyed task is linked into its new bucket: O(1), no chain of dependent
 * comparisons.
 *
 * The calendar covers the absolute bucket numbers c_base .. c_base + c_mask
 * (bucket number = b_k >> c_shift; index = number & c_mask). A task whose
 * finish falls outside that window (a light task whose next finish is many
 * slots away, or a finish below c_base after a leave lowered the clock) or
 * whose bucket is crowded goes to the heap ("far", nodes[0 .. n_ready)),
 * keyed exactly as the old ready heap. Below CAL_MIN_TASKS runnable tasks
 * the calendar is off (c_on = 0) and the heap holds everything: a heap of
 * a few levels is cheaper than any bucket bookkeeping. The minimum of the
 * ready set is the smaller of the calendar's first task and the heap's
 * top; correctness does
 * not depend on the bucket width or the number of buckets, only speed does
 * (sched_beatty_cal.c re-sizes them from the weight sum and the task count,
 * at most once per n decisions).
 *
 * Buckets are circular doubly linked lists through the tasks' next/prev
 * (unused by Beatty otherwise), sorted by b_k; the bucket node's .t
 * is the head. The bitmap words live in the .key fields of the first
 * (c_mask + 1) / 64 bucket nodes, the summary words (bit i: word i may be
 * non-zero; set with the word's bits, cleared only by the search that finds
 * the word empty, which keeps it off the hot path) in the .key fields of
 * the nodes from c_sumoff on.
 *
 * Bucket numbers are taken mod 2^64: the finishes of runnable tasks lie
 * within a few slots of the virtual clock (every lag is within a slot or
 * two, docs/schedulers.md), far less than 2^63 buckets apart, so the
 * difference a - c_base mod 2^64 is the true one, and a finish below c_base
 * shows as a huge difference.
 */
#pragma once

#include "sched_impl.h"

/* A crowded bucket: past this many list steps an insert goes to the heap,
 * which bounds every insert by O(CAL_SCAN_MAX + log n). */
#define CAL_SCAN_MAX 16u
/* The calendar is used from this many runnable tasks on. */
#define CAL_MIN_TASKS 32u

/* The order key b_k of a task, and setting it. */
static inline unsigned __int128 cal_key(const struct sched_task *t)
{
    return (unsigned __int128)t->b_kh << 64 | t->b_kl;
}

static inline void cal_key_set(struct sched_task *t, unsigned __int128 k)
{
    t->b_kh = (uint64_t)(k >> 64);
    t->b_kl = (uint64_t)k;
}

/* A heap node holds b_k as its two halves: key = bits 64..127, (w << 32 |
 * seq) = bits 0..63. */
static inline unsigned __int128 cal_node_ord(const struct sched_node *x)
{
    return (unsigned __int128)x->key << 64 | ((uint64_t)x->w << 32 | x->seq);
}

static inline bool cal_node_less(const struct sched_node *a, const struct sched_node *b)
{
    return cal_node_ord(a) < cal_node_ord(b);
}

static inline struct sched_node cal_far_node(struct sched_task *t)
{
    return (struct sched_node){
        .key = t->b_kh, .w = (uint32_t)(t->b_kl >> 32), .seq = (uint32_t)t->b_kl, .t = t};
}

/* Into the heap (out of line, like every heap operation here: keeping
 * them out of the calendar's hot path keeps its registers free). */
void sched_cal_far_push(struct sched_rq *rq, struct sched_task *t);

/* t goes before the last task of non-empty bucket i (out of line: rare). */
void sched_cal_link_sorted(struct sched_rq *rq, struct sched_task *t, uint32_t i);

/* Link t into bucket i. The usual case, t after every task there (a
 * bucket is about one slot wide and usually empty), takes no branch that
 * depends on the bucket: an empty bucket is handled as a list whose tail is
 * t itself, and setting the bitmap bits again is harmless. */
static inline __attribute__((always_inline)) void cal_link(struct sched_rq *rq,
                                                           struct sched_task *t, uint32_t i)
{
    struct sched_node *c = rq->c_node, *b = &c[i];
    struct sched_task *h = b->t;
    struct sched_task *hh = h ? h : t; /* the head once t is in */
    t->prev = t;
    struct sched_task *x = hh->prev; /* the tail, or t for an empty bucket */
    if (__builtin_expect(cal_key(t) < cal_key(x), 0)) {
        sched_cal_link_sorted(rq, t, i);
        return;
    }
    t->prev = x;
    t->next = hh;
    hh->prev = t;
    x->next = t;
    b->t = hh;
    c[i >> 6].key |= 1ull << (i & 63);
    c[rq->c_sumoff + (i >> 12)].key |= 1ull << ((i >> 6) & 63);
    t->where = SCHED_W_CAL;
    t->pos = i;
    rq->n_cal++;
}

/* Whether key k goes in the calendar, and into which bucket: its finish
 * lies in the window (an empty calendar moves its window to k). */
static inline __attribute__((always_inline)) bool cal_fits(struct sched_rq *rq,
                                                           unsigned __int128 k, uint32_t *i)
{
    if (!rq->c_on)
        return false;
    uint64_t a = (uint64_t)(k >> rq->c_shift);
    if (rq->n_cal == 0)
        rq->c_base = a; /* an empty calendar starts its window anywhere */
    *i = (uint32_t)a & rq->c_mask;
    return a - rq->c_base <= rq->c_mask; /* below c_base: mod 2^64, huge */
}

/* Put t (b_k set, in no structure) in the ready set: its bucket if the
 * window holds its finish, else the heap. */
static inline __attribute__((always_inline)) void cal_insert(struct sched_rq *rq,
                                                             struct sched_task *t)
{
    uint32_t i;
    if (cal_fits(rq, cal_key(t), &i))
        cal_link(rq, t, i);
    else
        sched_cal_far_push(rq, t);
}

/* Unlink t from its bucket, again without branches on the bucket's shape:
 * t alone, t first, or t in the middle. */
static inline __attribute__((always_inline)) void cal_unlink(struct sched_rq *rq,
                                                             struct sched_task *t)
{
    struct sched_node *c = rq->c_node;
    uint32_t i = t->pos;
    struct sched_task *n = t->next, *p = t->prev, *h = c[i].t;
    p->next = n;
    n->prev = p;
    h = h == t ? n : h;
    c[i].t = n == t ? 0 : h;
    uint64_t empty = (uint64_t)0 - (uint64_t)(n == t);
    c[i >> 6].key &= ~(empty & 1ull << (i & 63));
    rq->n_cal--; /* the summary bit stays: sched_cal_first_slow clears it */
}

/* Take t out of the ready set (calendar or heap). */
static inline __attribute__((always_inline)) void cal_remove(struct sched_rq *rq,
                                                             struct sched_task *t)
{
    if (t->where == SCHED_W_CAL)
        cal_unlink(rq, t);
    else
        sched_heap_del(rq->nodes, &rq->n_ready, t->pos, cal_node_less, true);
}

/* t, in the ready set with the calendar on, gets the new key k (out of
 * line, sched_beatty_cal.c: it needs many registers, and the heap-only
 * path below should not pay for saving them). */
void sched_cal_refile(struct sched_rq *rq, struct sched_task *t, unsigned __int128 k);

/* t, in the ready set, gets the new key k (a later finish). */
static inline __attribute__((always_inline)) void cal_refile(struct sched_rq *rq,
                                                             struct sched_task *t,
                                                             unsigned __int128 k)
{
    if (rq->c_on) {
        sched_cal_refile(rq, t, k);
        return;
    }
    /* A few tasks, all in the heap: a plain heap's re-key in place. */
    cal_key_set(t, k);
    sched_heap_down_from(rq->nodes, rq->n_ready, t->pos, cal_far_node(t), cal_node_less, true);
}

uint32_t sched_cal_first_slow(struct sched_rq *rq, uint32_t c);

/* The first task of the ready set, or NULL if it is empty. Moves the
 * window's start up to the first non-empty bucket (every calendar task is
 * at or after it, so the window still holds them all). */
static inline __attribute__((always_inline)) struct sched_task *cal_min(struct sched_rq *rq)
{
    struct sched_task *m = 0;
    if (rq->n_cal) {
        uint32_t c = (uint32_t)rq->c_base & rq->c_mask;
        uint64_t bits = rq->c_node[c >> 6].key & (~0ull << (c & 63));
        uint32_t i = bits ? (c & ~63u) | (uint32_t)__builtin_ctzll(bits)
                          : sched_cal_first_slow(rq, c);
        rq->c_base += (i - c) & rq->c_mask;
        m = rq->c_node[i].t;
    }
    if (rq->n_ready && (!m || cal_node_ord(&rq->nodes[0]) < cal_key(m)))
        m = rq->nodes[0].t;
    return m;
}

/* Size the calendar for rq's current weight sum and task count and refile
 * every ready task (O(n + buckets)); sched_beatty_cal.c. */
void sched_cal_setup(struct sched_rq *rq);
/* Refile every ready task with the current size (after a rebase moved all
 * finishes). */
void sched_cal_rebuild(struct sched_rq *rq);
/* Every few decisions: re-size if the weight sum or task count moved. */
void sched_cal_tune(struct sched_rq *rq);
/* sched_check's part: panics on a broken calendar invariant; returns the
 * tasks counted. */
uint32_t sched_cal_check(const struct sched_rq *rq);
