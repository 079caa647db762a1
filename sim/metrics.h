/*
 * Metrics of one run, computed from the machine's raw result: latency
 * quantiles, turnaround and slowdown, CPU share against the fluid
 * entitlement (lag), Jain's fairness index, deadline misses, throughput,
 * utilization, context switches and gas throttling. Definitions are in
 * docs/simulator.md; every metric is also a named number so summaries,
 * sweeps and tables iterate over one list.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "machine.h"

/* Nearest-rank quantiles of a sample set (sorts it). */
struct quant {
    size_t n;
    double mean;
    uint64_t p50, p90, p99, p999, max;
};
void quant_of(struct samples *s, struct quant *q);
/* Nearest-rank: the smallest value with at least num/den of the samples at
 * or below it. v sorted, n >= 1. */
uint64_t quant_rank(const uint64_t *v, size_t n, uint64_t num, uint64_t den);
/* Jain's index (sum x)^2 / (n sum x^2); 1 for n == 0 or all-zero x. */
double jain_index(const double *x, size_t n);

#define METRIC_COUNT 42
struct metrics {
    double v[METRIC_COUNT];
};
/* Name of metric i ("wake_p99_ns"...). */
const char *metric_name(unsigned i);
/* Index of a name, or -1. */
int metric_index(const char *name);

/* Compute every metric of r (sorts r's samples). */
void metrics_compute(struct run_result *r, struct metrics *m);
static inline double metric_get(const struct metrics *m, const char *name)
{
    int i = metric_index(name);
    return i < 0 ? 0 : m->v[i];
}

/* The terminal table: one row per scheduler. */
void metrics_table_header(FILE *f);
void metrics_table_row(FILE *f, const char *sched, const struct metrics *m);
/* The table for IPC workloads: end-to-end request latency per scheduler. */
void metrics_ipc_table_header(FILE *f);
void metrics_ipc_table_row(FILE *f, const char *sched, const struct metrics *m);
/* The table for DAG jobs: makespan and slowdown, one row per DAG policy. */
void metrics_dag_table_header(FILE *f);
void metrics_dag_table_row(FILE *f, const char *sched, const struct metrics *m);

/* Student t quantile t(0.975, df) for a 95% two-sided interval. */
double t975(unsigned df);

/* Mean and 95% confidence half-width (Student t) of n values; NaN values are
 * skipped. Returns how many values counted. */
size_t mean_ci95(const double *x, size_t n, double *mean, double *half);
