/*
 * The bookkeeping every run loop opens and closes with (machine.c for task
 * groups, ipcrun.c for IPC workloads, dagrun.c for DAG jobs): a cleared
 * result naming the experiment, scheduler and seed, the simulated clock at
 * zero, the trace sink attached for the run and detached after it, the
 * wall-clock time the run took, and the one out-of-memory message.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "machine.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "platform.h"

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void run_open(struct run_result *r, const struct exp *e, const char *sched, uint64_t seed,
              FILE *trace)
{
    memset(r, 0, sizeof *r);
    r->e = e;
    snprintf(r->sched, sizeof r->sched, "%s", sched);
    r->seed = seed;
    r->wall_s = wall_now(); /* the start, until run_close */
    simplat_set_time(0);
    simplat_trace_to(trace);
}

void run_close(struct run_result *r)
{
    simplat_trace_to(NULL);
    r->wall_s = wall_now() - r->wall_s;
}

int run_fail_oom(struct run_result *r, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: out of memory running %s seed %llu", r->e->file, r->sched,
             (unsigned long long)r->seed);
    run_result_free(r);
    return -1;
}
