/*
 * `phoenix-bench sim [--tasks N] [--cpus C] [--ms D] [--sched NAME]`: the
 * simulator's own speed. A workload of N tasks (default 10,000: 99%
 * interactive with 200 us bursts and 200 ms sleeps, 1% CPU-bound) on C CPUs
 * (default 16) runs for D simulated ms (default 1,000) without a trace; the
 * JSON gives simulated events and scheduling decisions (dispatches and
 * wake-ups) per wall-clock second and per CPU second of this thread (the
 * steadier figure on a shared machine), and the memory held per task.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exp.h"
#include "harness.h"
#include "machine.h"
#include "metrics.h"
#include "policy.h"

int bench_sim(int argc, char **argv);

int bench_sim(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: phoenix-bench sim [--tasks N] [--cpus C] [--ms D] [--sched NAME]\n");
            return 0;
        }
    }
    uint64_t ntasks, ncpu, ms;
    const char *sched = bh_opt(argc, argv, "--sched", "rr");
    if (exp_parse_u64(bh_opt(argc, argv, "--tasks", "10000"), &ntasks) || ntasks < 5 ||
        ntasks > 10000000 || exp_parse_u64(bh_opt(argc, argv, "--cpus", "16"), &ncpu) || ncpu < 1 ||
        ncpu > 4096 || exp_parse_u64(bh_opt(argc, argv, "--ms", "1000"), &ms) || ms < 1 ||
        !pol_known(sched)) {
        fprintf(stderr,
                "phoenix-bench sim: --tasks 5..10000000, --cpus 1..4096, --ms >= 1, "
                "--sched one of %s\n",
                pol_names());
        return 2;
    }
    static struct exp e;
    memset(&e, 0, sizeof e);
    strcpy(e.file, "(bench)");
    strcpy(e.name, "bench-sim");
    e.duration = ms * 1000000;
    e.ncpu = (unsigned)ncpu;
    e.quantum = 4000000;
    e.tick = 1000000;
    e.cs_cost = 2000;
    e.balance = BAL_LEAST_LOADED;
    strcpy(e.sched[0], sched);
    e.nsched = 1;
    e.seeds[0] = 1;
    e.nseeds = 1;
    struct group_spec *g = &e.groups[0];
    *g = (struct group_spec){.count = (uint32_t)(ntasks * 99 / 100),
                             .weight = 1,
                             .gas = -1,
                             .beh = BEH_INTERACTIVE,
                             .endless = 1};
    strcpy(g->name, "interactive");
    g->burst = (struct dist){DIST_EXP, 200e3, 0};
    g->sleep = (struct dist){DIST_EXP, 200e6, 0};
    g = &e.groups[1];
    *g = (struct group_spec){.count = (uint32_t)(ntasks - ntasks * 99 / 100),
                             .weight = 2,
                             .gas = -1,
                             .beh = BEH_CPU,
                             .endless = 1};
    strcpy(g->name, "batch");
    e.ngroups = 2;
    e.ntasks = ntasks;
    struct run_result r;
    char err[256];
    struct timespec c0, c1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    int rc = machine_run(&e, sched, 1, NULL, &r, err, sizeof err);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    if (rc) {
        fprintf(stderr, "phoenix-bench sim: %s\n", err);
        return 1;
    }
    uint64_t decisions = r.ctx_switches + r.wake.n;
    bh_json_begin_obj(NULL);
    bh_json_str("area", "sim");
    bh_json_str("scheduler", sched);
    bh_json_int("tasks", (int64_t)ntasks);
    bh_json_int("cpus", (int64_t)ncpu);
    bh_json_int("simulated_ms", (int64_t)ms);
    bh_json_int("events", (int64_t)r.events);
    bh_json_int("context_switches", (int64_t)r.ctx_switches);
    bh_json_num("wall_seconds", r.wall_s);
    bh_json_num("events_per_sec", (double)r.events / r.wall_s);
    bh_json_num("sched_events_per_sec", (double)decisions / r.wall_s);
    bh_json_num("cpu_seconds", cpu);
    bh_json_num("events_per_cpu_sec", (double)r.events / cpu);
    bh_json_num("sched_events_per_cpu_sec", (double)decisions / cpu);
    bh_json_num("bytes_per_task",
                (double)(r.bytes_tasks + r.bytes_policy + r.bytes_gps + r.bytes_queue_peak) /
                    (double)ntasks);
    bh_json_end_obj();
    run_result_free(&r);
    return bh_json_done();
}
