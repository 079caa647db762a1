/*
 * DAG jobs on the machine (docs/experiments.md, "DAG jobs"): whole task
 * graphs arrive (at start, Poisson, periodic or listed times) and their
 * nodes run on the experiment's CPUs. Which node an idle CPU runs is
 * decided by libcore through policy_dag.h (the DAG policy inside a job,
 * the Beatty hybrid between jobs); this file keeps time, places each chosen
 * node on an idle CPU, pays the graph's communication costs (a job's
 * `comm: paid`, the default) and keeps the per-job results and the trace.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "dag_input.h"
#include "exp.h"
#include "machine.h"

/* One job (one arrived copy of a job spec's graph). */
struct dagjob {
    uint32_t spec;  /* index into exp.jobs */
    uint32_t nodes; /* nodes in its graph */
    uint32_t nodes_done;
    uint32_t weight;
    uint64_t arrive;    /* UINT64_MAX: never arrived (after the run's end) */
    uint64_t finish;    /* 0 while unfinished */
    uint64_t critical;  /* longest path, ns, each node at its cheapest class */
    uint64_t alone;     /* makespan of one copy alone on the machine, same policy */
    uint64_t work;      /* sum of the costs of the nodes it ran, ns */
    uint64_t picks;     /* Beatty slots won (node starts) */
    uint64_t comm_wait; /* ns its nodes held a CPU waiting for their inputs (comm: paid) */
};

/* Load or generate job spec j's graph (exp_jobs.c). 0, or -1 with why. */
int exp_job_graph(const struct job_spec *j, struct dag_input *in, struct dag_errbuf *why);

/* 1 if name is a DAG ordering policy (fifo, cp, heft, cpop). */
int dagrun_policy_known(const char *name);

/* Run e's DAG jobs with DAG policy `policy` and seed (arrival draws), then
 * each job spec once alone (dagjob.alone). The jobs go to r->dag (owned).
 * Returns 0, or -1 with the reason in err. */
int dagrun_run(const struct exp *e, const char *policy, uint64_t seed, FILE *trace,
               struct run_result *r, char *err, size_t errlen);
