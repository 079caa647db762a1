/*
 * The engine's pending-event set: a radix heap (Ahuja, Mehlhorn, Orlin and
 * Tarjan 1990) specialised for discrete-event simulation. It relies on the
 * one property a simulator guarantees and a general heap cannot use: keys are
 * monotone (nothing is ever scheduled before the last event popped). Events
 * sit in 65 buckets chosen by the highest bit in which their time differs
 * from the last popped time; a push is an append, a pop takes from bucket 0
 * or, when it is empty, re-buckets the lowest non-empty bucket around its
 * minimum. Each event moves at most 64 times over its life and, because
 * buckets are flat arrays scanned in order, the moves are cache friendly:
 * unlike a binary heap it does not slow down when a million events wait.
 *
 * Ties: bucket 0 holds only events at exactly the last popped time, kept in
 * insertion order (re-bucketed events are sorted by sequence number, later
 * pushes carry larger ones), so equal times pop first-in first-out.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define EVQ_BUCKETS 65

struct evq_bucket {
    struct des_ev *v;
    uint32_t len, cap;
};

struct evq {
    struct evq_bucket b[EVQ_BUCKETS];
    uint32_t head0;    /* bucket 0 is a FIFO: next index to pop */
    uint64_t nonempty; /* bit i-1 set when bucket i (1..64) holds events */
    uint64_t last;     /* time of the last popped event: the radix origin */
    uint64_t seq;      /* next insertion sequence number */
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
