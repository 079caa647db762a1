/*
 * The simulator's only calls into libcore's DAG scheduler (core/dag.h), the
 * sibling of policy.c for DAG jobs. Inside a job, the order of its ready
 * nodes is the DAG policy's (dag_priorities); between jobs, every node start
 * is one slot of libcore's Beatty hybrid (dag_mux), weighted by the jobs'
 * weights. The machine (dagrun.c) only keeps time: it asks pold_pick for a
 * node whenever a CPU is idle and reports finishes.
 *
 * Jobs that have not arrived yet are held blocked in the hybrid's run queue
 * and woken by pold_arrive, so they win no slots before they exist.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/dag.h"

struct pold;

/* njobs jobs (1..2^24); job j runs graphs[j] (instances of one graph may
 * share it: priorities are computed once per distinct graph) with Beatty
 * weight weights[j]. policy is a DAG_POL_*; pr[j] the machine's processors
 * as graph j sees them (its classes).
 * NULL when out of memory or libcore refuses the setup. */
struct pold *pold_create(unsigned policy, const struct dag_procs *const *pr, uint32_t njobs,
                         const struct dag *const *graphs, const uint32_t *weights);
void pold_destroy(struct pold *p);
/* Job j arrives: its source nodes become eligible. */
void pold_arrive(struct pold *p, uint32_t j);
/* One slot on CPU cpu: 0 with *job and *node (now running), -1 if no
 * arrived job has a ready node. */
int pold_pick(struct pold *p, unsigned cpu, uint32_t *job, uint32_t *node);
/* The node pold_pick gave begins computing on cpu now (dag.start): it may
 * have waited for its data, and run on another CPU than the one that asked. */
void pold_started(const struct pold *p, uint32_t job, uint32_t node, unsigned cpu);
/* Node finished on cpu; its successors may become ready. */
void pold_finish(struct pold *p, uint32_t job, uint32_t node, unsigned cpu);
/* 1 when every node of job j has finished. */
int pold_over(const struct pold *p, uint32_t j);
/* Slots job j has won so far. */
uint64_t pold_picks(const struct pold *p, uint32_t j);
/* Bytes held (for the memory figure). */
size_t pold_bytes(const struct pold *p);
