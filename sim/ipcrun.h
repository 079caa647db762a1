/*
 * IPC workloads on the machine (docs/experiments.md, "IPC workloads"):
 * clients issue requests that travel through chains of servers (call and
 * reply at every hop) or pipelines of stages (a send per hop); each hop
 * costs processing time on a CPU. The experiment's scheduler decides who
 * runs (policy.h), every message goes through libcore's IPC (policy_ipc.h)
 * following the host loop of docs/ipc.md, and the run records every
 * request's end-to-end latency.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "exp.h"
#include "machine.h"

/* One finished request. */
struct ipcreq {
    uint32_t wl, client; /* workload, client number in it */
    uint64_t issue;      /* when it arrived at its client */
    uint64_t done;       /* reply received (chain) or last stage done (pipeline) */
};

/* Per workload totals. */
struct ipcwl {
    uint64_t arrived;  /* requests that arrived at clients */
    uint64_t done;     /* requests finished */
    uint64_t messages; /* IPC messages sent (send, call, reply) */
    uint64_t gas_spent;
    uint64_t gas_waits; /* times a task waited for its account's refill */
};

/* Run e's IPC workloads (and background groups) under CPU scheduler sched.
 * Requests go to r->reqs, totals to r->ipcwl (owned). 0, or -1 with err. */
int ipcrun_run(const struct exp *e, const char *sched, uint64_t seed, FILE *trace,
               struct run_result *r, char *err, size_t errlen);
