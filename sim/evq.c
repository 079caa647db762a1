/*
 * Radix-heap pending-event set (see evq.h for the structure and why). Hot
 * paths are push (append into one bucket) and pop (front of bucket 0); the
 * re-bucketing in refill() is the only loop.
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

void evq_init(struct evq *q)
{
    memset(q, 0, sizeof *q);
}

void evq_free(struct evq *q)
{
    for (unsigned i = 0; i < EVQ_BUCKETS; i++)
        free(q->b[i].v);
    memset(q, 0, sizeof *q);
}

size_t evq_bytes(const struct evq *q)
{
    size_t n = sizeof *q;
    for (unsigned i = 0; i < EVQ_BUCKETS; i++)
        n += (size_t)q->b[i].cap * sizeof(struct des_ev);
    return n;
}

/* Bucket of time t relative to the origin: 0 when equal; else 1 + d * K +
 * the digit of t at d, with d the highest differing digit position. */
static inline unsigned bucket_of(uint64_t t, uint64_t origin)
{
    uint64_t x = t ^ origin;
    if (!x)
        return 0;
    unsigned d = (63u - (unsigned)__builtin_clzll(x)) / EVQ_DIGIT;
    return 1 + d * EVQ_K + ((unsigned)(t >> (d * EVQ_DIGIT)) & (EVQ_K - 1));
}

static inline void mark(struct evq *q, unsigned i)
{
    q->nonempty[(i - 1) / 64] |= 1ull << ((i - 1) % 64);
}

static inline void unmark(struct evq *q, unsigned i)
{
    q->nonempty[(i - 1) / 64] &= ~(1ull << ((i - 1) % 64));
}

/* Lowest non-empty bucket >= 1 (the caller knows there is one). */
static inline unsigned first_nonempty(const struct evq *q)
{
    unsigned w = 0;
    while (!q->nonempty[w])
        w++;
    return 1 + w * 64 + (unsigned)__builtin_ctzll(q->nonempty[w]);
}

static int grow(struct evq_bucket *b)
{
    uint32_t cap = b->cap ? b->cap * 2 : 16;
    struct des_ev *v = realloc(b->v, (size_t)cap * sizeof *v);
    if (!v)
        return -1;
    b->v = v;
    b->cap = cap;
    return 0;
}

static inline int append(struct evq *q, unsigned i, const struct des_ev *e)
{
    struct evq_bucket *b = &q->b[i];
    if (b->len == b->cap && grow(b))
        return -1;
    b->v[b->len++] = *e;
    if (i)
        mark(q, i);
    return 0;
}

int evq_push(struct evq *q, struct des_ev e)
{
    if (e.t < q->last)
        return -2;
    e.seq = q->seq;
    if (append(q, bucket_of(e.t, q->last), &e))
        return -1;
    q->seq++;
    q->size++;
    return 0;
}

static int by_seq(const void *a, const void *b)
{
    uint64_t x = ((const struct des_ev *)a)->seq, y = ((const struct des_ev *)b)->seq;
    return (x > y) - (x < y);
}

/* Bucket 0 is empty: move the origin to the minimum of the lowest non-empty
 * bucket and spread that bucket over the lower ones. Every event lands in a
 * strictly lower bucket because it shares the bucket's high bits with the
 * new origin. A failed allocation returns -1 and leaves the queue fit
 * only for evq_free(): the run cannot go on without memory anyway, and
 * reserving room first cost a third pass over the bucket. */
static int refill(struct evq *q)
{
    unsigned i = first_nonempty(q);
    struct evq_bucket *src = &q->b[i];
    uint64_t min = src->v[0].t;
    for (uint32_t k = 1; k < src->len; k++)
        if (src->v[k].t < min)
            min = src->v[k].t;
    q->last = min;
    q->b[0].len = q->head0 = 0; /* drained already; keep it explicit */
    for (uint32_t k = 0; k < src->len; k++) {
        unsigned j = bucket_of(src->v[k].t, min);
        struct evq_bucket *b = &q->b[j];
        if (b->len == b->cap && grow(b))
            return -1;
        b->v[b->len++] = src->v[k];
        if (j)
            mark(q, j);
    }
    src->len = 0;
    unmark(q, i);
    /* A big bucket that just emptied gives its memory back: otherwise every
     * bucket keeps the largest capacity it ever needed, and with hundreds of
     * buckets that is many times the live events. */
    if (src->cap > 4096) {
        free(src->v);
        src->v = NULL;
        src->cap = 0;
    }
    /* Ties: re-bucketed events at the new origin pop in insertion order. */
    struct evq_bucket *z = &q->b[0];
    if (z->len > 1) {
        if (z->len <= 16) {
            for (uint32_t a = 1; a < z->len; a++) {
                struct des_ev x = z->v[a];
                uint32_t c = a;
                for (; c > 0 && z->v[c - 1].seq > x.seq; c--)
                    z->v[c] = z->v[c - 1];
                z->v[c] = x;
            }
        } else {
            qsort(z->v, z->len, sizeof z->v[0], by_seq);
        }
    }
    return 0;
}

int evq_pop(struct evq *q, struct des_ev *out)
{
    if (!q->size)
        return -1;
    if (q->head0 == q->b[0].len) {
        if (refill(q))
            return -2;
    }
    *out = q->b[0].v[q->head0++];
    if (q->head0 == q->b[0].len)
        q->head0 = q->b[0].len = 0;
    q->size--;
    return 0;
}
