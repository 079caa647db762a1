/*
 * An independent validity checker for DAG schedules, used by every DAG test.
 * It shares no code with libcore's planners: it reads the problem as plain
 * arrays (durations per node per processor, edge list) and the schedule as
 * plain slots, and checks from the definitions:
 *   - every node is placed once, on an existing processor;
 *   - its length equals its cost on that processor;
 *   - nodes on one processor never overlap (zero-length nodes may touch);
 *   - for every edge u->v: start(v) >= end(u), plus comm(u,v) when u and v
 *     run on different processors.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct dagchk_problem {
    uint32_t n, nprocs;
    const uint64_t *dur; /* [n * nprocs]: node i on processor p takes dur[i*nprocs+p] */
    uint32_t m;
    const uint32_t *from, *to;
    const uint64_t *comm; /* may be NULL: no communication costs */
};

struct dagchk_slot {
    uint32_t proc;
    uint64_t start, end;
};

/* 0 if valid, else -1 with the first violation described in why[len].
 * *makespan (may be NULL) gets the largest end. */
int dagchk_check(const struct dagchk_problem *pb, const struct dagchk_slot *s,
                 uint64_t *makespan, char *why, size_t len);
