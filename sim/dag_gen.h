/*
 * Seeded random task graphs, layered in the manner of DAGGEN (Suter and
 * Hunold): a size, a shape (fat: level width n^fat; regularity: how equal
 * the widths are), a density (how many parents), a jump (how many levels an
 * edge may span) and a communication-to-computation ratio. Same parameters
 * and seed, same graph, byte for byte.
 */
#pragma once

#include "dag_input.h"

struct dag_gen_params {
    uint32_t n;        /* tasks (>= 1) */
    double fat;        /* 0 < fat <= 1: mean level width n^fat (1: one level) */
    double regularity; /* 0..1: 1 = all levels the same width */
    double density;    /* 0..1: share of the candidate parents each task takes */
    uint32_t jump;     /* >= 1: parents come from up to this many levels above */
    double ccr;        /* >= 0: mean comm cost / mean comp cost */
    uint64_t cost;     /* mean computation cost (costs uniform in [1, 2*cost-1]) */
    uint32_t classes;  /* processor classes (1 = identical processors) */
    double hetero;     /* 0..1: per-class cost spread, cost * (1 +- hetero) */
    uint64_t seed;
};

/* Defaults: n=100 fat=0.5 regularity=0.9 density=0.5 jump=1 ccr=0 cost=20
 * classes=1 hetero=0.5 seed=1. */
void dag_gen_defaults(struct dag_gen_params *p);

/* Parse "n=100,fat=0.5,...,seed=7" (keys as in the struct) over p.
 * Returns 0, or -1 with a message naming the bad key. */
int dag_gen_parse(const char *spec, struct dag_gen_params *p, struct dag_errbuf *err);

/* Generate into in (nprocs left 0). Returns 0. */
int dag_gen(const struct dag_gen_params *p, struct dag_input *in);
