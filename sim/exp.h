/*
 * An experiment: the machine, the workload (task groups and gas accounts),
 * the schedulers to compare, seeds, duration and an optional sweep. A
 * workload is task groups, DAG jobs (then the "schedulers" are DAG ordering
 * policies: fifo, cp, heft, cpop) or IPC workloads (with optional CPU-bound
 * groups as background load). Loaded
 * from a YAML file by exp_load() (exp_yaml.c); the meaning of every key is in
 * docs/experiments.md. Durations are integer nanoseconds; random quantities
 * are distributions sampled by dist.c from the run's workload stream.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define EXP_MAX_SCHED 16
#define EXP_MAX_SEEDS 256
#define EXP_MAX_GROUPS 64
#define EXP_MAX_GAS 64
#define EXP_MAX_SWEEP 64
#define EXP_NAME 64

enum dist_kind { DIST_FIXED, DIST_UNIFORM, DIST_EXP, DIST_NORMAL };

/* A non-negative random duration: fixed a; uniform on [a, b]; exponential
 * with mean a; normal with mean a and deviation b, cut at 0. */
struct dist {
    enum dist_kind kind;
    double a, b;
};

enum behaviour { BEH_CPU, BEH_INTERACTIVE, BEH_PERIODIC };
enum arrival { ARR_START, ARR_POISSON, ARR_PERIODIC, ARR_LIST };
enum balance { BAL_LEAST_LOADED, BAL_NONE };
enum exp_gas_policy { GASP_THROTTLE, GASP_KILL, GASP_NOTIFY };

struct gas_spec {
    char name[EXP_NAME];
    uint64_t balance; /* initial, ns of CPU time */
    uint64_t refill;  /* added every period */
    uint64_t period;
    uint64_t cap; /* balance never exceeds it */
    enum exp_gas_policy policy;
};

struct group_spec {
    char name[EXP_NAME];
    uint32_t count;
    uint32_t weight;   /* proportional-share weight, >= 1 */
    uint32_t priority; /* fixed-priority level, 0 = highest */
    int gas;           /* index into exp.gas, or -1 */
    enum behaviour beh;
    struct dist burst, sleep;        /* interactive */
    uint64_t period, exec, deadline; /* periodic */
    uint64_t jobs;                   /* periodic: 0 = endless */
    int endless;                     /* work never ends */
    struct dist work;                /* total CPU demand when finite */
    enum arrival arr;
    uint64_t arr_at;       /* start offset (all kinds) */
    uint64_t arr_interval; /* Poisson mean or periodic interval */
    uint64_t *arr_times;   /* ARR_LIST: count entries (owned) */
    int line;              /* where the group starts in the file */
};

/* DAG jobs (docs/experiments.md, "DAG jobs"): count copies of one task
 * graph, each arriving whole and sharing the CPUs with the other jobs in
 * proportion to weight (libcore's Beatty hybrid, dag_mux). */
#define EXP_MAX_JOBS 64
struct job_spec {
    char name[EXP_NAME];
    char graph[512]; /* a path (resolved against the experiment's folder) or "gen:k=v,..." */
    char format[8];  /* "stg", "dot", "json" or "" (by extension) */
    uint32_t count;
    uint32_t weight; /* Beatty weight between jobs, >= 1 */
    uint64_t unit;   /* ns per graph cost unit */
    int comm_free;   /* comm: free (shared memory, edges cost nothing); 0 = comm: paid */
    enum arrival arr;
    uint64_t arr_at, arr_interval;
    uint64_t *arr_times; /* ARR_LIST: count entries (owned) */
    int line;
};

/* IPC workloads (docs/experiments.md, "IPC workloads"): clients sending
 * requests through a chain of servers (call/reply at every hop) or a
 * pipeline of stages (send from stage to stage), every message through
 * libcore's IPC, every task scheduled by the experiment's scheduler. */
#define EXP_MAX_IPC 16
#define EXP_MAX_HOPS 8
enum ipc_kind { IPCK_CHAIN, IPCK_PIPELINE };
struct ipc_spec {
    char name[EXP_NAME];
    enum ipc_kind kind;
    uint32_t clients;              /* client tasks */
    uint32_t weight;               /* scheduler weight of all its tasks */
    uint32_t priority;             /* fixed-priority level of all its tasks */
    uint32_t level;                /* label level of its tasks and endpoints */
    struct dist client_cost;       /* CPU time a client spends issuing a request */
    struct dist hop[EXP_MAX_HOPS]; /* processing time of each server or stage */
    unsigned nhops;
    enum arrival arr; /* per client: ARR_START = closed loop, POISSON or PERIODIC */
    uint64_t arr_at;  /* first request (offset) */
    uint64_t arr_interval;
    uint64_t requests;   /* per client; 0 = until the end */
    uint32_t slots;      /* ring slots per endpoint */
    uint64_t gas_budget; /* the workload's account in messages (1 gas each): initial
                          * balance and cap; 0 = unlimited */
    uint64_t gas_refill, gas_period;
    int line;
};

struct sweep_spec {
    char param[96]; /* dotted path, see exp_set() */
    char values[EXP_MAX_SWEEP][32];
    unsigned nvalues;
};

struct exp {
    char file[512];
    char name[EXP_NAME];
    uint64_t duration;
    unsigned ncpu;
    uint64_t quantum, tick, cs_cost;
    enum balance balance;
    int preempt; /* 1: a wake-up preempts at the next tick (machine.preempt: tick) */
    char sched[EXP_MAX_SCHED][16];
    unsigned nsched;
    uint64_t seeds[EXP_MAX_SEEDS];
    unsigned nseeds;
    struct group_spec groups[EXP_MAX_GROUPS];
    unsigned ngroups;
    struct gas_spec gas[EXP_MAX_GAS];
    unsigned ngas;
    struct job_spec jobs[EXP_MAX_JOBS];
    unsigned njobs;
    uint64_t njob_instances; /* sum of job counts */
    struct ipc_spec ipc[EXP_MAX_IPC];
    unsigned nipc;
    uint64_t nipc_tasks;     /* clients and servers of all IPC workloads */
    struct sweep_spec sweep; /* nvalues 0: no sweep */
    uint64_t ntasks;         /* sum of group counts */
};

/* Load path into *e. On failure returns -1 and writes "file:line: what was
 * expected" into err (never a partial experiment: *e is freed). */
int exp_load(struct exp *e, const char *path, char *err, size_t errlen);
/* Release what exp_load allocated. */
void exp_free(struct exp *e);
/* Deep copy (arrival lists included). Returns 0 or -1 on no memory. */
int exp_copy(struct exp *dst, const struct exp *src);

/* Set one parameter by dotted path from text, as a sweep does:
 * duration, machine.cpus, machine.quantum, machine.tick,
 * machine.context_switch, groups.NAME.count|weight|priority, gas.NAME.refill.
 * Returns 0, or -1 with the reason in err. */
int exp_set(struct exp *e, const char *path, const char *value, char *err, size_t errlen);
/* Re-check the cross-field rules after exp_set (same messages). */
int exp_validate(const struct exp *e, char *err, size_t errlen);

/* Scalar parsers shared by the loader and exp_set. 0 or -1. */
int exp_parse_duration(const char *s, uint64_t *ns); /* "10ms", "2.5us", "1s", "500" (ns) */
int exp_parse_u64(const char *s, uint64_t *v);
int exp_parse_dist(const char *s,
                   struct dist *d); /* "2ms", "exp(2ms)", "uniform(1ms,3ms)", "normal(5ms,1ms)" */
