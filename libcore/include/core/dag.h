/*
 * DAG scheduling: task graphs in caller-owned arenas, their run-time
 * execution state (in-degree tracking, ready release, failure that cancels
 * dependents) and static planners that map every node onto processors.
 *
 * Model. A graph has nodes and directed edges u->v ("v needs u's result").
 * Processors belong to classes; node i costs cost[i][k] time units on a
 * processor of class k (heterogeneous machines; one class = identical
 * processors). An edge carries a communication cost, paid only when producer
 * and consumer run on different processors. All quantities are integers.
 *
 * Cycles are impossible by construction: dag_add_edge keeps an incremental
 * topological order (Pearce-Kelly) and refuses an edge that would close a
 * cycle, with no depth limit and no recursion (it searches with the graph's
 * own scratch arrays).
 *
 * Callers: sim/ loaders build graphs, sim/cli/cmd_dag.c plans them, and a
 * host's executor drives struct dag_exec. See docs/dag.md.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/sched.h"

/* Limits that keep every sum of costs inside 64 bits, even scaled by the
 * processor count (HEFT's exact means): 2^20 nodes * 2^33 * 2^8 < 2^63. */
#define DAG_MAX_NODES (1u << 20)
#define DAG_MAX_PROCS 256u
#define DAG_MAX_CLASSES 256u
#define DAG_COST_MAX 0xffffffffull
#define DAG_NONE 0xffffffffu

enum dag_err {
    DAG_E_CYCLE = CORE_E_DAG_BASE - 1,    /* the edge would close a cycle */
    DAG_E_NODE = CORE_E_DAG_BASE - 2,     /* no such node */
    DAG_E_SELF = CORE_E_DAG_BASE - 3,     /* an edge from a node to itself */
    DAG_E_DUP = CORE_E_DAG_BASE - 4,      /* the edge already exists */
    DAG_E_COST = CORE_E_DAG_BASE - 5,     /* a cost above DAG_COST_MAX */
    DAG_E_PROCS = CORE_E_DAG_BASE - 6,    /* bad processor description */
    DAG_E_WORK = CORE_E_DAG_BASE - 7,     /* caller's work area too small */
    DAG_E_NOTREADY = CORE_E_DAG_BASE - 8, /* node not in the state the call needs */
    DAG_E_POLICY = CORE_E_DAG_BASE - 9,   /* unknown policy */
};

struct dag_node {
    uint32_t out_head; /* first outgoing edge, DAG_NONE if none */
    uint32_t in_head;  /* first incoming edge */
    uint32_t indeg, outdeg;
    uint32_t ord;      /* position in the maintained topological order */
    uint32_t mark;     /* scratch flag for the cycle search; 0 between calls */
};

struct dag_edge {
    uint32_t from, to;
    uint32_t next_out; /* next edge leaving `from` */
    uint32_t next_in;  /* next edge entering `to` */
    uint64_t comm;     /* cost paid when from and to run on different processors */
};

/* A graph. Every array is owned by the caller and outlives the graph:
 *   nodes[node_cap], edges[edge_cap], cost[node_cap * nclass],
 *   work[DAG_GRAPH_WORK(node_cap)] (topological positions and search scratch). */
struct dag {
    struct dag_node *nodes;
    struct dag_edge *edges;
    uint64_t *cost;
    uint32_t *pos;   /* pos[k] = node at topological position k */
    uint32_t *stack; /* scratch for the cycle search */
    uint32_t *fwd, *bwd;
    uint32_t node_cap, edge_cap, nclass;
    uint32_t n, m;   /* nodes and edges in use */
};

#define DAG_GRAPH_WORK(node_cap) (4u * (size_t)(node_cap))

/* Set up an empty graph over the caller's arrays. nclass in 1..DAG_MAX_CLASSES,
 * node_cap in 1..DAG_MAX_NODES. */
int dag_init(struct dag *g, struct dag_node *nodes, uint32_t node_cap, struct dag_edge *edges,
             uint32_t edge_cap, uint64_t *cost, uint32_t nclass, uint32_t *work);

/* Add a node whose cost on class k is costs[k] (nclass values). *id gets the
 * new node's index (nodes are numbered 0, 1, ... in insertion order). */
int dag_add_node(struct dag *g, const uint64_t *costs, uint32_t *id);

/* Add edge from -> to with communication cost comm. Refuses self loops,
 * duplicates and any edge closing a cycle (DAG_E_CYCLE), leaving the graph
 * unchanged. Amortised cost: proportional to the part of the topological
 * order between the two nodes (Pearce-Kelly). */
int dag_add_edge(struct dag *g, uint32_t from, uint32_t to, uint64_t comm);

/* Node v's cost on class k (no range check beyond the graph's own). */
static inline uint64_t dag_cost(const struct dag *g, uint32_t v, uint32_t k)
{
    return g->cost[(size_t)v * g->nclass + k];
}

/* The processors: nprocs in 1..DAG_MAX_PROCS, cls[p] < nclass. */
struct dag_procs {
    uint32_t nprocs;
    const uint32_t *cls;
};

/* Where and when one node runs in a plan. */
struct dag_slot {
    uint32_t proc;
    uint32_t pad;
    uint64_t start, end;
};

enum dag_policy {
    DAG_POL_FIFO = 0, /* ready order, earliest start, no insertion */
    DAG_POL_CP,       /* highest static bottom level first (HLFET), no insertion */
    DAG_POL_HEFT,     /* upward rank, earliest finish with insertion */
    DAG_POL_CPOP,     /* upward+downward rank, critical path on one processor */
    DAG_POL_COUNT
};

/* "fifo", "cp", "heft", "cpop"; NULL for an unknown policy. */
const char *dag_policy_name(unsigned pol);
/* The policy named s (DAG_POL_*), or DAG_E_POLICY. */
int dag_policy_parse(const char *s);

/* Bytes of work area the planners need for n nodes and P processors. The
 * area must be 8-byte aligned. */
size_t dag_plan_work_size(uint32_t n, uint32_t nprocs);

/* Node priorities as the policy orders them (higher first). HEFT and CPOP
 * ranks are exact: mean costs are sums over the processors, so every value is
 * the rank multiplied by nprocs. DAG_POL_CP: static bottom level (mean cost,
 * no communication). DAG_POL_FIFO: all zero (ties fall to release order).
 * prio[g->n]; work as for dag_plan. */
int dag_priorities(const struct dag *g, const struct dag_procs *pr, unsigned pol, uint64_t *prio,
                   void *work, size_t work_len);

/* Plan the whole graph with one policy. out[g->n] receives every node's slot;
 * *makespan the largest end. No side effects on g. */
int dag_plan(const struct dag *g, const struct dag_procs *pr, unsigned pol, struct dag_slot *out,
             uint64_t *makespan, void *work, size_t work_len);

/* A lower bound on any plan's makespan: the longest path with every node at
 * its cheapest class (communication may be avoided by co-location), and the
 * total cheapest work divided by the processor count, rounded up. work holds
 * g->n uint64_t. */
int dag_lower_bound(const struct dag *g, const struct dag_procs *pr, uint64_t *lb, void *work,
                    size_t work_len);

/* ---- Improvement search -------------------------------------------------
 * Iterated randomized list scheduling: priorities are perturbed (around the
 * bottom levels, or around the best plan's order), each candidate is placed
 * with earliest-finish insertion, then polished by forward-backward
 * justification. Deterministic for a given seed and iteration count; the
 * caller bounds it by iterations (tests) or by its own clock between calls
 * (the CLI's --budget). Stops early once the lower bound is reached. */
struct dag_search {
    const struct dag *g;
    const struct dag_procs *pr;
    struct dag_slot *best; /* caller's array [g->n]: the best plan so far */
    uint64_t best_makespan;
    uint64_t lower_bound;  /* stop target: dag_lower_bound's value; a caller may
                            * raise it to a proven (published) lower bound */
    uint64_t rng;
    uint64_t iters; /* iterations run so far */
    uint64_t improvements;
    void *work;
    size_t work_len;
};

size_t dag_search_work_size(uint32_t n, uint32_t nprocs);

/* Start from the best of the four policies' plans. */
int dag_search_init(struct dag_search *s, const struct dag *g, const struct dag_procs *pr,
                    struct dag_slot *best, uint64_t seed, void *work, size_t work_len);
/* Run up to iters more iterations. Returns 1 when the plan is provably
 * optimal (makespan == lower bound), else 0, or a negative error. */
int dag_search_run(struct dag_search *s, uint32_t iters);

/* ---- Execution ----------------------------------------------------------
 * The run-time view: a node is ready when its last predecessor has finished;
 * ready nodes leave in priority order (ties: lower node id first). When a
 * node fails, every node that depends on it, directly or transitively, is
 * cancelled and never becomes ready; nodes that do not depend on it run on. */
enum dag_state {
    DAG_ST_WAITING = 0, /* some predecessor has not finished */
    DAG_ST_READY,
    DAG_ST_RUNNING,
    DAG_ST_DONE,
    DAG_ST_FAILED,
    DAG_ST_CANCELLED,
};

struct dag_exec {
    const struct dag *g;
    const uint64_t *prio; /* [g->n] priorities, e.g. from dag_priorities */
    uint32_t *left;       /* unfinished predecessors per node */
    uint8_t *state;
    uint32_t *heap;       /* ready nodes */
    uint32_t *stack;      /* failure propagation scratch */
    uint32_t nready, nlive; /* ready nodes; nodes not yet done/failed/cancelled */
    uint32_t job;         /* job id in trace records */
    uint8_t trace_start;  /* 1 (set by dag_exec_init): dag_exec_pop writes TR_DAG_START. A host
                             whose node begins later than it is taken (waiting for its data, on
                             another processor) sets 0 and calls dag_exec_started when it begins */
};

/* Bytes of memory dag_exec_init needs for n nodes (8-byte aligned). */
size_t dag_exec_work_size(uint32_t n);

int dag_exec_init(struct dag_exec *x, const struct dag *g, const uint64_t *prio, uint32_t job,
                  void *work, size_t work_len);
/* Take the highest-priority ready node to run on processor proc
 * (TR_DAG_START, unless x->trace_start is 0). CORE_E_EMPTY if nothing is
 * ready. */
int dag_exec_pop(struct dag_exec *x, uint32_t proc, uint32_t *node);
/* The node taken by dag_exec_pop begins on processor proc now
 * (TR_DAG_START): for hosts that set x->trace_start = 0. DAG_E_NODE,
 * DAG_E_NOTREADY (not running) refused, nothing written. */
int dag_exec_started(const struct dag_exec *x, uint32_t node, uint32_t proc);
/* Node finished (TR_DAG_FINISH): successors whose last predecessor this was
 * become ready. *released (may be NULL) gets how many. */
int dag_exec_finish(struct dag_exec *x, uint32_t node, uint32_t proc, uint32_t *released);
/* Node failed (TR_DAG_FAIL): it and every transitive dependent are taken out.
 * The ids of the cancelled dependents go to cancelled[0..cap) (may be NULL)
 * and their count to *ncancelled (all of them, even past cap). A cancelled
 * node that was ready leaves the ready set. */
int dag_exec_fail(struct dag_exec *x, uint32_t node, uint32_t *cancelled, uint32_t cap,
                  uint32_t *ncancelled);
static inline unsigned dag_exec_state(const struct dag_exec *x, uint32_t node)
{
    return x->state[node];
}
/* 1 when no node is waiting, ready or running. */
static inline int dag_exec_over(const struct dag_exec *x)
{
    return x->nlive == 0;
}

/* ---- Several DAG jobs on one machine (the "hybrid") ---------------------
 * Each job is a dag_exec; the jobs share the processors in proportion to
 * integer weights, decided by the Beatty scheduler (core/sched.h): every
 * dag_mux_pick is one Beatty slot, given to the job whose next slot is due
 * earliest among the jobs that have a ready node, and that job's own policy
 * (its exec's priorities) chooses which of its ready nodes runs. A job with
 * no ready node is blocked in the run queue and woken when a finish
 * releases one, so it never holds slots it cannot use. */
struct dag_mux_job {
    struct sched_task t; /* id = job index, weight = the job's share */
    struct dag_exec *x;
};

struct dag_mux {
    struct sched_rq rq; /* Beatty, one task per job, tracing off */
    struct dag_mux_job *jobs;
    uint32_t njobs;
};

/* Set up njobs (1..SCHED_CAPACITY_MAX) jobs over execs[j] with weights[j]
 * (1..SCHED_WEIGHT_MAX); jobs[njobs] and nodes[SCHED_NODES(njobs)] are the
 * caller's. Checks everything before touching anything. */
int dag_mux_init(struct dag_mux *m, struct dag_mux_job *jobs, struct sched_node *nodes,
                 uint32_t njobs, struct dag_exec *const *execs, const uint32_t *weights);
/* One slot on processor proc: *job and *node get the job Beatty chose and
 * the node it runs (now RUNNING). CORE_E_EMPTY if no job has a ready node. */
int dag_mux_pick(struct dag_mux *m, uint32_t proc, uint32_t *job, uint32_t *node);
/* dag_exec_finish / dag_exec_fail on job's exec, then wake or block the job
 * as its ready set requires. */
int dag_mux_finish(struct dag_mux *m, uint32_t job, uint32_t node, uint32_t proc,
                   uint32_t *released);
int dag_mux_fail(struct dag_mux *m, uint32_t job, uint32_t node, uint32_t *cancelled,
                 uint32_t cap, uint32_t *ncancelled);
