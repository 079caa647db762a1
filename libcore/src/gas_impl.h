/*
 * Private to libcore/src/gas*.c: the refill queue, a binary min-heap of the
 * accounts that will be refilled (open, with a period, not killed), keyed by
 * (next_refill_ns, id). It needs no memory of its own: place i of the heap
 * is recorded in acct[i].hslot and each account's place in its hpos.
 */
#pragma once

#include "core/gas.h"

#define GAS_NOT_QUEUED UINT32_MAX

/* Put account id in the queue (it must not be there). */
void gas_queue_add(struct gas_pool *p, uint32_t id);
/* Take account id out of the queue if it is there. */
void gas_queue_remove(struct gas_pool *p, uint32_t id);
/* Check the queue's order and back-pointers; NULL or what is broken. */
const char *gas_queue_broken(const struct gas_pool *p);
