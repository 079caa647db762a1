/*
 * Information-flow labels (docs/ipc.md): the lattice that lattice IPC checks
 * on every message. A label is a (level, category set) pair: a level from 0
 * (public) to LABEL_LEVEL_MAX and a set of up to 64 categories held as a
 * bitmask. Information may flow from a to b only when a ⊑ b:
 *
 *     a ⊑ b  iff  a.level <= b.level  and  a.cats ⊆ b.cats
 *
 * This is the product of a chain and a powerset, so it is a lattice with
 * join (max level, union), meet (min level, intersection), bottom (0, {})
 * and top (LABEL_LEVEL_MAX, all 64 categories). Pure functions on 16-byte
 * values; no state, no errors except label_valid for untrusted input.
 * Callers: ipc.c (the flow check), the hosts (labels of domains).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define LABEL_LEVEL_MAX 0xffffu /* levels 0 .. 65535 */
#define LABEL_CATS_ALL UINT64_MAX

struct label {
    uint64_t cats;  /* category set: bit i set = category i */
    uint32_t level; /* 0 .. LABEL_LEVEL_MAX */
    uint32_t pad;   /* zero; keeps the layout fixed for snapshots and traces */
};

/* The label (level, cats); level is clamped to LABEL_LEVEL_MAX. */
struct label label_make(uint32_t level, uint64_t cats);
struct label label_bottom(void);
struct label label_top(void);

/* level within range and pad zero: what untrusted input must satisfy. */
bool label_valid(struct label a);
/* a ⊑ b: a may flow to b. */
bool label_leq(struct label a, struct label b);
bool label_eq(struct label a, struct label b);
/* Least upper bound and greatest lower bound. */
struct label label_join(struct label a, struct label b);
struct label label_meet(struct label a, struct label b);

/* A 64-bit summary for trace records: level << 48 | categories 0..47
 * (categories 48..63 are not shown). */
uint64_t label_trace_word(struct label a);
