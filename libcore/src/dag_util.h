/*
 * Private helpers shared by the DAG modules (dag*.c): in-place heapsorts of
 * node ids, a max-heap of node ids keyed by a caller's array, a small
 * deterministic random stream, and the work-area carving every planner uses.
 * Nothing here is public API.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/dag.h"

/* Sort node ids by their topological position / plain values, ascending. */
void dag_sort_by_ord(uint32_t *a, uint32_t n, const struct dag_node *nodes);
void dag_sort_u32(uint32_t *a, uint32_t n);

/* Max-heap of node ids: larger key first, then lower id. */
struct dag_heap {
    uint32_t *a;
    uint32_t n;
    const uint64_t *key;
};
void dag_heap_push(struct dag_heap *h, uint32_t v);
uint32_t dag_heap_pop(struct dag_heap *h);
/* Remove the entry at index i (used when a ready node is cancelled). */
void dag_heap_remove_at(struct dag_heap *h, uint32_t i);

/* splitmix64: a seeded stream, so searches are reproducible. */
uint64_t dag_rng_next(uint64_t *s);

/* Carve n items of size sz (rounded up to 8) from *p, checking *left. */
void *dag_carve(unsigned char **p, size_t *left, size_t n, size_t sz);

/* The planners' scratch (dag_list.c): node arrays of n, processor arrays of P. */
struct dag_ws {
    uint64_t *prio, *key, *tmp; /* [n] */
    uint64_t *local;            /* [P] latest local predecessor end */
    uint32_t *heap, *left;      /* [n] */
    uint32_t *nextp, *prevp;    /* [n] per-processor interval lists */
    uint32_t *head, *tail;      /* [P] */
};
size_t dag_ws_size(uint32_t n, uint32_t nprocs);
int dag_ws_carve(struct dag_ws *w, uint32_t n, uint32_t nprocs, unsigned char **p, size_t *left);

/* Validate a processor description against g. */
int dag_check_procs(const struct dag *g, const struct dag_procs *pr);

#define DAG_L_INSERT 1u  /* earliest finish with insertion into idle gaps */
#define DAG_L_REVERSE 2u /* schedule the reversed graph (successors first) */
#define DAG_L_FIFO 4u    /* ignore prio: ready order */

/* One list-scheduling pass: repeatedly take the ready node (all predecessors
 * placed) of highest prio and give it the processor where it finishes first
 * (pin[v] != DAG_NONE forces a processor). Ties between processors go to the
 * smallest idle gap left before the node, then to the lower index. Returns
 * the makespan; out[] gets every slot (in reversed time with DAG_L_REVERSE). */
uint64_t dag_list_run(const struct dag *g, const struct dag_procs *pr, const uint64_t *prio,
                      const uint32_t *pin, unsigned flags, struct dag_slot *out,
                      const struct dag_ws *w);

/* Priorities of policy pol into prio[n]; tmp[n] is scratch. */
void dag_prio_compute(const struct dag *g, const struct dag_procs *pr, unsigned pol,
                      uint64_t *prio, uint64_t *tmp);
/* CPOP's critical-path processor and pins: pin[v] = that processor for the
 * nodes of one critical path, DAG_NONE elsewhere. prio from DAG_POL_CPOP. */
void dag_cpop_pins(const struct dag *g, const struct dag_procs *pr, const uint64_t *prio,
                   uint32_t *pin);
