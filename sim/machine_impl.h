/*
 * Private to the machine model (machine.c, balance.c): the per-CPU lists,
 * the run's state, and the run-queue membership and balancing functions
 * that balance.c provides. Nothing outside the machine model includes it.
 */
#pragma once

#include <stdint.h>

#include "cpu.h"
#include "dist.h"
#include "evq.h"
#include "gps.h"
#include "machine.h"
#include "policy.h"

/* One CPU's list of runnable tasks, the running one included (balance.c);
 * the CPU itself is struct cpu (cpu.h). */
struct cpu_list {
    uint32_t nrun; /* runnable tasks here, the running one included */
    uint32_t lhead, ltail;
};

/* The state of one run (machine_run's working set). */
struct m {
    const struct exp *e;
    struct run_result *r;
    struct cpus k; /* CPUs, clock, events, policy (cpu.h) */
    struct task *t;
    struct cpu_list *cl;
    struct pol_gas *gas;
    struct rng rng;
    struct gps gps; /* the fluid reference for entitlements */
    uint8_t *gas_dry;
    /* Per gas account: its tasks running now, the sum of their slices'
     * start times and the generation of its pending EV_GAS_DRY. */
    uint32_t *gas_k, *gas_gen;
    unsigned __int128 *gas_rs;
    uint32_t *group_first;
};

#define NEVER UINT64_MAX

/* balance.c: the per-CPU lists of runnable tasks and the balancing rule
 * (docs/simulator.md). */
void bal_list_add(struct m *m, unsigned c, uint32_t id);
void bal_list_del(struct m *m, uint32_t id);
unsigned bal_place(struct m *m, uint32_t id);
void bal_pull(struct m *m, unsigned dst);
