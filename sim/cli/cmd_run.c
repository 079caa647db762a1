/*
 * `phoenix-sim run FILE [--out DIR] [--seed S] [--sched NAME] [--no-trace]`:
 * runs the experiment once per scheduler it lists (one seed: the file's
 * first, or S), writes one results folder per scheduler under DIR (default
 * out/<experiment name>) and prints a table, one row per scheduler. The
 * whole DIR is built beside its final place and renamed at the end, so an
 * error or an interrupt never leaves half-written results.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exp.h"
#include "fsutil.h"
#include "metrics.h"
#include "results.h"

int cmd_run(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(f, "usage: phoenix-sim run FILE [--out DIR] [--seed S] [--sched NAME] [--no-trace]\n"
               "runs FILE (an experiment, docs/experiments.md) under each of its schedulers\n"
               "and writes DIR/<scheduler>/{summary.json,tasks.csv,latency.csv,trace.txt,"
               "trace.json}\n(DIR defaults to out/<experiment name>)\n");
}

int cmd_run(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *seed_s = NULL, *only = NULL;
    struct run_opts o = {.trace = 1, .latency = 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--no-trace")) {
            o.trace = 0;
        } else if (i + 1 < argc && !strcmp(argv[i], "--out")) {
            out = argv[++i];
        } else if (i + 1 < argc && !strcmp(argv[i], "--seed")) {
            seed_s = argv[++i];
        } else if (i + 1 < argc && !strcmp(argv[i], "--sched")) {
            only = argv[++i];
        } else if (argv[i][0] != '-' && !file) {
            file = argv[i];
        } else {
            fprintf(stderr, "phoenix-sim run: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    static struct exp e;
    char err[1024];
    if (exp_load(&e, file, err, sizeof err)) {
        fprintf(stderr, "phoenix-sim: %s\n", err);
        return 2;
    }
    uint64_t seed = e.seeds[0];
    if (seed_s && exp_parse_u64(seed_s, &seed)) {
        fprintf(stderr, "phoenix-sim run: --seed expects a non-negative integer, got '%s'\n",
                seed_s);
        exp_free(&e);
        return 2;
    }
    if (only) {
        unsigned k;
        for (k = 0; k < e.nsched && strcmp(e.sched[k], only); k++)
            ;
        if (k == e.nsched) {
            fprintf(stderr, "phoenix-sim run: --sched %s is not among the file's schedulers\n",
                    only);
            exp_free(&e);
            return 2;
        }
        strcpy(e.sched[0], only);
        e.nsched = 1;
    }
    char outdir[2048], tmp[2200], dir[2400];
    if (out)
        snprintf(outdir, sizeof outdir, "%s", out);
    else
        snprintf(outdir, sizeof outdir, "out/%s", e.name);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", outdir, (long)getpid());
    fs_rmtree(tmp);
    struct metrics *m = calloc(e.nsched, sizeof *m);
    int rc = m ? 0 : 1;
    for (unsigned s = 0; !rc && s < e.nsched; s++) {
        snprintf(dir, sizeof dir, "%s/%s", tmp, e.sched[s]);
        if (run_to_dir(&e, e.sched[s], seed, dir, &o, &m[s], err, sizeof err)) {
            fprintf(stderr, "phoenix-sim: %s\n", err);
            rc = 1;
        }
    }
    if (!rc) {
        snprintf(dir, sizeof dir, "%s/table.txt", tmp);
        FILE *t = fopen(dir, "w");
        for (int pass = 0; pass < 2; pass++) {
            FILE *f = pass ? t : stdout;
            if (!f)
                continue;
            fprintf(f, "%s: %llu %s, %u CPUs, %.3gs simulated, seed %llu\n", e.name,
                    (unsigned long long)(e.njobs ? e.njob_instances : e.ntasks + e.nipc_tasks),
                    e.njobs ? "DAG jobs" : "tasks", e.ncpu, (double)e.duration / 1e9,
                    (unsigned long long)seed);
            if (e.njobs) {
                fprintf(
                    f,
                    "makespan = finish - arrival; slowdown = makespan / critical path; vs alone = "
                    "makespan / makespan alone\n");
                metrics_dag_table_header(f);
            } else if (e.nipc) {
                fprintf(f, "end-to-end request latency, %u IPC workload%s\n", e.nipc,
                        e.nipc > 1 ? "s" : "");
                metrics_ipc_table_header(f);
            } else {
                metrics_table_header(f);
            }
            for (unsigned s = 0; s < e.nsched; s++) {
                if (e.njobs)
                    metrics_dag_table_row(f, e.sched[s], &m[s]);
                else if (e.nipc)
                    metrics_ipc_table_row(f, e.sched[s], &m[s]);
                else
                    metrics_table_row(f, e.sched[s], &m[s]);
            }
        }
        if (!t || fclose(t) || fs_mkdirs(outdir) || fs_publish(tmp, outdir)) {
            fprintf(stderr, "phoenix-sim: cannot write results to %s\n", outdir);
            rc = 1;
        } else {
            printf("results: %s/\n", outdir);
        }
    }
    if (rc)
        fs_rmtree(tmp);
    free(m);
    exp_free(&e);
    return rc;
}
