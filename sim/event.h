/*
 * The simulator's event record, shared by both pending-event sets (the radix
 * queue in evq.c that the engine uses, and the binary heap in evheap.c kept
 * as the baseline it is measured against). Time is integer nanoseconds;
 * equal times are ordered by `seq`, the insertion sequence number the queue
 * assigns, so ties pop first-in first-out and a run is reproducible.
 */
#pragma once

#include <stdint.h>

struct des_ev {
    uint64_t t;        /* simulated time, ns */
    uint64_t seq;      /* insertion sequence, assigned by the queue on push */
    uint32_t kind : 8; /* meaning belongs to the caller (machine.c) */
    uint32_t obj : 24; /* task or CPU index, per kind (< 2^24) */
    uint32_t gen;      /* caller's generation token, for lazy cancellation */
};

/* 24 bytes: the queues move events around, so size is speed. */
_Static_assert(sizeof(struct des_ev) == 24, "des_ev grew");

/* 1 if a must pop before b: earlier time, then earlier insertion. */
static inline int des_ev_before(const struct des_ev *a, const struct des_ev *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}
