/*
 * A plain binary min-heap of events ordered by (time, insertion sequence):
 * the textbook pending-event set, kept as the baseline the radix queue
 * (evq.h) is measured against and as a second implementation the engine
 * tests compare with. Same contract as evq: FIFO among equal times.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct evheap {
    struct des_ev *v;
    size_t len, cap;
    uint64_t seq;
};

void evheap_init(struct evheap *h);
void evheap_free(struct evheap *h);
/* Returns 0, or -1 when out of memory. */
int evheap_push(struct evheap *h, struct des_ev e);
/* Returns 0, or -1 when empty. */
int evheap_pop(struct evheap *h, struct des_ev *out);
static inline size_t evheap_size(const struct evheap *h)
{
    return h->len;
}
