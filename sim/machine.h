/*
 * The machine model: N CPUs with one run queue each, a quantum on a timer
 * tick grid, a context-switch cost, a load-balancing rule, and the workload's
 * tasks moving through arrival, running, sleeping, waiting for their next
 * periodic job, throttled by gas, and exit. Every choice of which task runs
 * is made by policy.c (libcore); this file only keeps time and state. The
 * rules (when decisions happen, how balancing works) are in
 * docs/simulator.md.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "exp.h"

struct dagjob;
struct ipcreq;
struct ipcwl;

enum task_state { T_NEW, T_READY, T_RUNNING, T_SLEEP, T_WAITJOB, T_THROTTLED, T_DONE };

#define TASK_NONE UINT32_MAX

/* Per-task state and metrics. Kept small: 100,000 tasks must fit in well
 * under 1 KiB each together with the policy's share. */
struct task {
    uint64_t arrive, finish; /* finish: 0 while alive */
    uint64_t work_total;     /* CPU demand; 0 = endless */
    uint64_t work_left;
    uint64_t need;        /* left in the current burst or job; UINT64_MAX = none */
    uint64_t ready_since; /* when it last became runnable; UINT64_MAX once dispatched */
    uint64_t burst_start; /* interactive: wake time of the current burst */
    uint64_t cpu_time;
    uint64_t throttled_since, throttled_total;
    double entitled; /* service under the fluid reference (gps.h) */
    uint32_t jobs_released, jobs_done, misses, wakeups;
    uint32_t group, weight;
    uint32_t lnext, lprev; /* the per-CPU list of runnable tasks */
    uint16_t cpu;
    uint8_t state;
    uint8_t exit_status;
};

/* A growable vector of latency samples (ns). */
struct samples {
    uint64_t *v;
    size_t n, cap;
};

struct run_result {
    const struct exp *e;
    char sched[16];
    uint64_t seed;
    uint64_t end; /* simulated time the run stopped */
    uint32_t ntasks;
    struct task *tasks;        /* owned */
    struct samples wake, resp; /* wake-up latency, response time */
    uint64_t busy_ns, cs_ns, ctx_switches, migrations, events;
    uint64_t bursts_done, jobs_done, tasks_done, misses;
    uint64_t gas_exhaustions;
    size_t bytes_tasks, bytes_policy, bytes_gps, bytes_queue_peak;
    double wall_s;
    struct dagjob *dag; /* DAG jobs (dagrun.h), ndag of them; owned */
    uint32_t ndag;
    struct ipcreq *reqs; /* IPC requests finished (ipcrun.h); owned */
    size_t nreqs, reqcap;
    struct ipcwl *ipcwl; /* per IPC workload (e->nipc); owned */
};

/* Run experiment e with scheduler sched and seed. Trace records go to trace
 * (NULL: none). Returns 0, or -1 with the reason in err. */
int machine_run(const struct exp *e, const char *sched, uint64_t seed, FILE *trace,
                struct run_result *r, char *err, size_t errlen);
void run_result_free(struct run_result *r);

/* Shared by every run loop (runlife.c): run_open clears r, names the
 * experiment, scheduler and seed, sets the simulated clock to 0 and attaches
 * the trace sink (NULL: none); run_close detaches it and records the wall
 * time since run_open; run_fail_oom writes the out-of-memory error, frees r
 * and returns -1. */
void run_open(struct run_result *r, const struct exp *e, const char *sched, uint64_t seed,
              FILE *trace);
void run_close(struct run_result *r);
int run_fail_oom(struct run_result *r, char *err, size_t errlen);
