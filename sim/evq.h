/*
 * The engine's pending-event set: a radix heap (Ahuja, Mehlhorn, Orlin and
 * Tarjan 1990) specialised for discrete-event simulation. It relies on the
 * one property a simulator guarantees and a general heap cannot use: keys are
 * monotone (nothing is ever scheduled before the last event popped). This
 * is the multi-digit variant: times are read as 16 digits of EVQ_DIGIT = 4
 * bits, and an event sits in the bucket named by the highest digit position
 * d in which its time differs from the last popped time and by its own digit
 * there (larger than the last time's, as the event is later). Buckets in
 * (d, digit) order are in time order. A push is an append; a pop takes from
 * bucket 0 (events at exactly the last time) or, when it is empty, moves the
 * origin to the minimum of the lowest non-empty bucket and re-buckets that
 * bucket alone: its events share every digit from d up with the new origin,
 * so each lands at a lower position. Other buckets stay valid, since the new
 * origin agrees with the old one above d and differs from them at d. An
 * event therefore moves at most 15 times in its life; buckets are flat
 * arrays scanned in order, so the moves are cache friendly, and unlike a
 * binary heap it does not slow down when a million events wait.
 *
 * Ties: bucket 0 holds only events at exactly the last popped time, kept in
 * insertion order (re-bucketed events are sorted by sequence number, later
 * pushes carry larger ones), so equal times pop first-in first-out.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define EVQ_DIGIT 4
#define EVQ_K (1u << EVQ_DIGIT)
#define EVQ_BUCKETS (1 + (64 / EVQ_DIGIT) * EVQ_K)
#define EVQ_WORDS ((EVQ_BUCKETS - 1) / 64)

struct evq_bucket {
    struct des_ev *v;
    uint32_t len, cap;
};

struct evq {
    struct evq_bucket b[EVQ_BUCKETS];
    uint32_t head0;               /* bucket 0 is a FIFO: next index to pop */
    uint64_t nonempty[EVQ_WORDS]; /* bit i-1 set when bucket i >= 1 holds events */
    uint64_t last;                /* time of the last popped event: the radix origin */
    uint64_t seq;                 /* next insertion sequence number */
    size_t size;
};

void evq_init(struct evq *q);
void evq_free(struct evq *q);
/* Schedule e (its seq is assigned here). Returns 0, -1 when out of memory,
 * -2 when e->t is earlier than the last popped time (a caller bug: a
 * simulator never schedules into the past). */
int evq_push(struct evq *q, struct des_ev e);
/* Take the earliest event into *out. Returns 0, -1 when empty, -2 when out
 * of memory (the queue may then only be freed). */
int evq_pop(struct evq *q, struct des_ev *out);
static inline size_t evq_size(const struct evq *q)
{
    return q->size;
}
/* Bytes of memory the queue holds (allocated capacity). */
size_t evq_bytes(const struct evq *q);
