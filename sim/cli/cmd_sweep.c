/*
 * `phoenix-sim sweep FILE [--out DIR] [--jobs N] [--trace]`: every scheduler
 * x every sweep value x every seed of FILE, run in parallel by forked workers
 * (N, default: all online CPUs). Each run publishes its own folder under
 * DIR/runs/<scheduler>/<param>=<value>/seed-<S>/ when complete, so an
 * interrupted sweep keeps its finished runs and a rerun only does the rest.
 * At the end the runs are aggregated (mean and 95% confidence interval per
 * metric, over seeds) into DIR/sweep.json and DIR/sweep.csv, and a
 * comparison table is printed. Progress: a bar on a terminal, plain lines
 * otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exp.h"
#include "fsutil.h"
#include "metrics.h"
#include "results.h"

int cmd_sweep(int argc, char **argv);

struct job {
    unsigned sched, value;
    uint64_t seed;
    char dir[1400];
    pid_t pid;
    int done;
};

static volatile sig_atomic_t interrupted;

static void on_int(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: phoenix-sim sweep FILE [--out DIR] [--jobs N] [--trace]\n"
               "runs every scheduler x sweep value x seed of FILE in parallel, writes\n"
               "DIR/runs/... per run and DIR/sweep.{json,csv} (mean, 95%% CI over seeds);\n"
               "DIR defaults to out/<experiment name>-sweep; rerunning resumes\n");
}

static const char *value_of(const struct exp *e, unsigned v)
{
    return e->sweep.nvalues ? e->sweep.values[v] : "base";
}

/* Folder-safe label "param=value". */
static void label(const struct exp *e, unsigned v, char *out, size_t n)
{
    if (e->sweep.nvalues)
        snprintf(out, n, "%s=%s", e->sweep.param, e->sweep.values[v]);
    else
        snprintf(out, n, "base");
    for (char *p = out; *p; p++)
        if (*p == '/' || *p == ' ')
            *p = '_';
}

static int child(const struct exp *base, const struct job *j, const struct run_opts *o)
{
    static struct exp e;
    char err[1024];
    if (exp_copy(&e, base)) {
        fprintf(stderr, "phoenix-sim sweep: out of memory\n");
        return 1;
    }
    if (base->sweep.nvalues &&
        exp_set(&e, base->sweep.param, base->sweep.values[j->value], err, sizeof err)) {
        fprintf(stderr, "phoenix-sim sweep: %s\n", err);
        return 1;
    }
    struct metrics m;
    if (run_to_dir(&e, e.sched[j->sched], j->seed, j->dir, o, &m, err, sizeof err)) {
        fprintf(stderr, "phoenix-sim sweep: %s\n", err);
        return 1;
    }
    exp_free(&e);
    return 0;
}

static void progress(int tty, size_t done, size_t total, const struct exp *e, const struct job *j,
                     int failed)
{
    if (tty) {
        int w = 40, fill = total ? (int)(w * done / total) : w;
        printf("\r[%.*s%*s] %zu/%zu runs", fill, "########################################",
               w - fill, "", done, total);
        if (done == total)
            printf("\n");
        fflush(stdout);
    } else if (j) {
        printf("run %zu/%zu %s: %s %s seed %llu\n", done, total, failed ? "FAILED" : "done",
               e->sched[j->sched], value_of(e, j->value), (unsigned long long)j->seed);
        fflush(stdout);
    }
}

static int aggregate(const struct exp *e, struct job *jobs, size_t njobs, const char *out)
{
    char p[2200], tmp[2300];
    unsigned nv = e->sweep.nvalues ? e->sweep.nvalues : 1;
    size_t ns = e->nseeds;
    double *x = malloc(ns * METRIC_COUNT * sizeof *x);
    if (!x)
        return -1;
    snprintf(p, sizeof p, "%s/sweep.csv", out);
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    FILE *csv = fopen(tmp, "w");
    char pj[2200], tmpj[2300];
    snprintf(pj, sizeof pj, "%s/sweep.json", out);
    snprintf(tmpj, sizeof tmpj, "%s.tmp", pj);
    FILE *js = fopen(tmpj, "w");
    if (!csv || !js) {
        free(x);
        return -1;
    }
    fprintf(csv, "scheduler,param,value,metric,n,mean,ci95\n");
    fprintf(js,
            "{\n  \"phoenix_version\": \"%s\",\n  \"experiment\": \"%s\",\n  \"param\": \"%s\","
            "\n  \"seeds\": %zu,\n  \"results\": [",
            PHOENIX_VERSION, e->name, e->sweep.nvalues ? e->sweep.param : "", ns);
    /* The comparison columns: four metrics with a 95% interval and a count.
     * DAG jobs compare makespan and slowdown instead of latency and lag. */
    static const char *const cols_tasks[5] = {"wake_p99_ns", "resp_p99_ns", "lag_max_abs_ns",
                                              "jain_fairness", "deadline_misses"};
    static const char *const cols_dag[5] = {"turnaround_mean_ns", "turnaround_max_ns",
                                            "slowdown_mean", "slowdown_max", "tasks_done"};
    static const char *const cols_ipc[5] = {"req_p50_ns", "req_p99_ns", "req_p999_ns", "req_max_ns",
                                            "req_n"};
    const char *const *cols = e->njobs ? cols_dag : e->nipc ? cols_ipc : cols_tasks;
    static const double scale_tasks[4] = {1e6, 1e6, 1e6, 1}, scale_dag[4] = {1e6, 1e6, 1, 1},
                        scale_ipc[4] = {1e6, 1e6, 1e6, 1e6};
    const double *scale = e->njobs ? scale_dag : e->nipc ? scale_ipc : scale_tasks;
    if (e->nipc)
        printf("\n%-10s %-16s %18s %18s %18s %16s %9s\n", "scheduler",
               e->sweep.nvalues ? e->sweep.param : "", "req p50 (ms)", "req p99 (ms)",
               "req p99.9 (ms)", "req max (ms)", "requests");
    else if (e->njobs)
        printf("\n%-10s %-16s %18s %18s %18s %16s %9s\n", "scheduler",
               e->sweep.nvalues ? e->sweep.param : "", "makespan (ms)", "max makesp. (ms)",
               "slowdown", "max slowdown", "jobs");
    else
        printf("\n%-10s %-16s %18s %18s %18s %16s %9s\n", "scheduler",
               e->sweep.nvalues ? e->sweep.param : "", "wake p99 (ms)", "resp p99 (ms)",
               "max|lag| (ms)", "jain", "misses");
    int first = 1;
    for (unsigned s = 0; s < e->nsched; s++) {
        for (unsigned v = 0; v < nv; v++) {
            size_t k = 0;
            for (size_t i = 0; i < njobs; i++) {
                struct metrics m;
                if (jobs[i].sched != s || jobs[i].value != v)
                    continue;
                if (results_read_metrics(jobs[i].dir, &m))
                    continue;
                for (unsigned q = 0; q < METRIC_COUNT; q++)
                    x[q * ns + k] = m.v[q];
                k++;
            }
            fprintf(js,
                    "%s\n    {\"scheduler\": \"%s\", \"value\": \"%s\", \"n\": %zu, "
                    "\"metrics\": {",
                    first ? "" : ",", e->sched[s], value_of(e, v), k);
            first = 0;
            double mean[METRIC_COUNT], half[METRIC_COUNT];
            for (unsigned q = 0; q < METRIC_COUNT; q++) {
                mean_ci95(&x[q * ns], k, &mean[q], &half[q]);
                fprintf(csv, "%s,%s,%s,%s,%zu,%.9g,%.9g\n", e->sched[s],
                        e->sweep.nvalues ? e->sweep.param : "", value_of(e, v), metric_name(q), k,
                        mean[q], half[q]);
                if (isnan(mean[q]))
                    fprintf(js, "%s\"%s\": null", q ? ", " : "", metric_name(q));
                else
                    fprintf(js, "%s\"%s\": {\"mean\": %.9g, \"ci95\": %.9g}", q ? ", " : "",
                            metric_name(q), mean[q], half[q]);
            }
            fprintf(js, "}}");
            int w = metric_index(cols[0]), r = metric_index(cols[1]), lg = metric_index(cols[2]),
                jn = metric_index(cols[3]), mi = metric_index(cols[4]);
            printf("%-10s %-16s %9.3f ± %-6.3f %9.3f ± %-6.3f %9.3f ± %-6.3f %7.4f ± %-6.4f "
                   "%9.1f\n",
                   e->sched[s], value_of(e, v), mean[w] / scale[0], half[w] / scale[0],
                   mean[r] / scale[1], half[r] / scale[1], mean[lg] / scale[2], half[lg] / scale[2],
                   mean[jn] / scale[3], half[jn] / scale[3], mean[mi]);
        }
    }
    fprintf(js, "\n  ]\n}\n");
    free(x);
    int bad = fclose(csv) | fclose(js);
    if (bad || rename(tmp, p) || rename(tmpj, pj))
        return -1;
    return 0;
}

int cmd_sweep(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *jobs_s = NULL;
    struct run_opts o = {.trace = 0, .latency = 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--trace")) {
            o.trace = 1;
        } else if (i + 1 < argc && !strcmp(argv[i], "--out")) {
            out = argv[++i];
        } else if (i + 1 < argc && !strcmp(argv[i], "--jobs")) {
            jobs_s = argv[++i];
        } else if (argv[i][0] != '-' && !file) {
            file = argv[i];
        } else {
            fprintf(stderr, "phoenix-sim sweep: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    long ncores = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t nworkers = ncores > 0 ? (uint64_t)ncores : 1;
    if (jobs_s && (exp_parse_u64(jobs_s, &nworkers) || nworkers < 1 || nworkers > 1024)) {
        fprintf(stderr, "phoenix-sim sweep: --jobs expects 1..1024, got '%s'\n", jobs_s);
        return 2;
    }
    static struct exp e;
    char err[1024];
    if (exp_load(&e, file, err, sizeof err)) {
        fprintf(stderr, "phoenix-sim: %s\n", err);
        return 2;
    }
    char outdir[900];
    if (out)
        snprintf(outdir, sizeof outdir, "%s", out);
    else
        snprintf(outdir, sizeof outdir, "out/%s-sweep", e.name);
    unsigned nv = e.sweep.nvalues ? e.sweep.nvalues : 1;
    size_t njobs = (size_t)e.nsched * nv * e.nseeds, todo = 0, done = 0;
    struct job *jobs = calloc(njobs, sizeof *jobs);
    if (!jobs || fs_mkdirs(outdir)) {
        fprintf(stderr, "phoenix-sim sweep: cannot create %s\n", outdir);
        exp_free(&e);
        free(jobs);
        return 1;
    }
    size_t k = 0;
    for (unsigned s = 0; s < e.nsched; s++)
        for (unsigned v = 0; v < nv; v++)
            for (unsigned d = 0; d < e.nseeds; d++, k++) {
                struct job *j = &jobs[k];
                char lab[200], pat[1500];
                label(&e, v, lab, sizeof lab);
                j->sched = s;
                j->value = v;
                j->seed = e.seeds[d];
                snprintf(j->dir, sizeof j->dir, "%s/runs/%s/%s/seed-%llu", outdir, e.sched[s], lab,
                         (unsigned long long)j->seed);
                char sum[1500];
                snprintf(sum, sizeof sum, "%s/summary.json", j->dir);
                j->done = fs_exists(sum);
                /* Leftovers of an interrupted run are discarded. */
                glob_t g;
                snprintf(pat, sizeof pat, "%s.tmp-*", j->dir);
                if (!glob(pat, 0, NULL, &g)) {
                    for (size_t q = 0; q < g.gl_pathc; q++)
                        fs_rmtree(g.gl_pathv[q]);
                    globfree(&g);
                }
                todo += !j->done;
            }
    done = njobs - todo;
    int tty = isatty(STDOUT_FILENO);
    printf("sweep %s: %zu runs (%zu already done), %llu workers\n", e.name, njobs, done,
           (unsigned long long)nworkers);
    struct sigaction sa = {.sa_handler = on_int};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fflush(stdout);
    size_t next = 0, running = 0, failed = 0;
    while (!interrupted && (next < njobs || running)) {
        while (!interrupted && running < nworkers && next < njobs) {
            struct job *j = &jobs[next++];
            if (j->done)
                continue;
            pid_t pid = fork();
            if (pid == 0) {
                signal(SIGINT, SIG_DFL);
                signal(SIGTERM, SIG_DFL);
                _exit(child(&e, j, &o));
            }
            if (pid < 0) {
                fprintf(stderr, "phoenix-sim sweep: fork: %s\n", strerror(errno));
                interrupted = 1;
                break;
            }
            j->pid = pid;
            running++;
        }
        if (!running)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (size_t i = 0; i < njobs; i++) {
            if (jobs[i].pid != pid)
                continue;
            running--;
            jobs[i].pid = 0;
            int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
            jobs[i].done = ok;
            failed += !ok;
            done++;
            progress(tty, done, njobs, &e, &jobs[i], !ok);
        }
    }
    if (interrupted) {
        for (size_t i = 0; i < njobs; i++)
            if (jobs[i].pid > 0)
                kill(jobs[i].pid, SIGTERM);
        while (wait(NULL) > 0 || errno == EINTR)
            ;
        size_t kept = 0;
        for (size_t i = 0; i < njobs; i++)
            kept += jobs[i].done;
        printf("\ninterrupted: %zu of %zu runs are complete in %s; rerun the same command to "
               "resume\n",
               kept, njobs, outdir);
        free(jobs);
        exp_free(&e);
        return 130;
    }
    int rc = 0;
    if (failed) {
        fprintf(stderr, "phoenix-sim sweep: %zu runs failed; rerun to retry them\n", failed);
        rc = 1;
    }
    if (aggregate(&e, jobs, njobs, outdir)) {
        fprintf(stderr, "phoenix-sim sweep: cannot write %s/sweep.json\n", outdir);
        rc = 1;
    } else {
        printf("results: %s/sweep.json, %s/sweep.csv, runs under %s/runs/\n", outdir, outdir,
               outdir);
    }
    free(jobs);
    exp_free(&e);
    return rc;
}
