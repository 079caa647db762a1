/*
 * Private to the machine model (machine.c, balance.c): the per-CPU state,
 * the run's state, and the run-queue membership and balancing functions
 * that balance.c provides. Nothing outside the machine model includes it.
 */
#pragma once

#include <stdint.h>

#include "dist.h"
#include "evq.h"
#include "gps.h"
#include "machine.h"
#include "policy.h"

/* One CPU of the machine. */
struct cpu {
    uint32_t cur;  /* running task or TASK_NONE */
    uint32_t last; /* task whose context is loaded (context-switch cost) */
    uint32_t prev; /* task that ran just before the current decision */
    uint32_t nrun; /* runnable tasks here, the running one included */
    uint32_t lhead, ltail;
    uint64_t run_start;   /* when the current slice's task began executing */
    uint64_t slice_end;   /* when the current slice ends unless preempted */
    uint32_t preempt_gen; /* slice for which a preemption check is queued */
    uint32_t gen;         /* slice generation: stale slice events are ignored */
};

/* The state of one run (machine_run's working set). */
struct m {
    const struct exp *e;
    struct run_result *r;
    struct task *t;
    struct cpu *c;
    struct evq q;
    struct pol *pol;
    struct pol_gas *gas;
    struct rng rng;
    uint64_t now;
    struct gps gps; /* the fluid reference for entitlements */
    uint8_t *gas_dry;
    /* Per gas account: its tasks running now, the sum of their slices'
     * start times and the generation of its pending EV_GAS_DRY. */
    uint32_t *gas_k, *gas_gen;
    unsigned __int128 *gas_rs;
    uint32_t *group_first;
    int oom;
};

#define NEVER UINT64_MAX

/* balance.c: the per-CPU lists of runnable tasks and the balancing rule
 * (docs/simulator.md). */
void bal_list_add(struct m *m, unsigned c, uint32_t id);
void bal_list_del(struct m *m, uint32_t id);
unsigned bal_place(struct m *m, uint32_t id);
void bal_pull(struct m *m, unsigned dst);
