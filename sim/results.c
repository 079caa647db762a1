/*
 * Writing (and reading back) a run's results folder (see results.h).
 */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include "results.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chrome.h"
#include "dagrun.h"
#include "ipcrun.h"
#include "fsutil.h"
#include "machine.h"

static const char *const beh_name[] = {"cpu-bound", "interactive", "periodic"};
static const char *const arr_name[] = {"start", "poisson", "periodic", "list"};

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, double v)
{
    if (!isfinite(v))
        fputs("null", f);
    else if (v == floor(v) && fabs(v) < 9e15)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.9g", v);
}

/* Per DAG job: makespan = finish - arrival; slowdown = makespan / the
 * job's critical path (docs/experiments.md). null while unfinished. */
static void write_dag_summary(FILE *f, const struct run_result *r)
{
    fprintf(f, "  \"dag_jobs\": [");
    for (uint32_t i = 0; i < r->ndag; i++) {
        const struct dagjob *d = &r->dag[i];
        int done = d->arrive != UINT64_MAX && d->nodes_done == d->nodes;
        fprintf(f, "%s\n    {\"job\": %u, \"spec\": ", i ? "," : "", i);
        json_str(f, r->e->jobs[d->spec].name);
        fprintf(f,
                ", \"weight\": %u, \"nodes\": %u, \"nodes_done\": %u, \"arrive_ns\": ", d->weight,
                d->nodes, d->nodes_done);
        json_num(f, d->arrive == UINT64_MAX ? NAN : (double)d->arrive);
        fprintf(f, ", \"finish_ns\": ");
        json_num(f, done ? (double)d->finish : NAN);
        fprintf(f, ", \"makespan_ns\": ");
        json_num(f, done ? (double)(d->finish - d->arrive) : NAN);
        fprintf(f, ", \"critical_path_ns\": %" PRIu64 ", \"slowdown\": ", d->critical);
        json_num(f,
                 done && d->critical ? (double)(d->finish - d->arrive) / (double)d->critical : NAN);
        fprintf(f, ", \"alone_ns\": %" PRIu64 ", \"slowdown_alone\": ", d->alone);
        json_num(f, done && d->alone ? (double)(d->finish - d->arrive) / (double)d->alone : NAN);
        fprintf(f, ", \"work_ns\": %" PRIu64 ", \"slots\": %" PRIu64, d->work, d->picks);
        fprintf(f, ", \"comm_wait_ns\": %" PRIu64 "}", d->comm_wait);
    }
    fprintf(f, "\n  ],\n");
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Per IPC workload: request counts, end-to-end latency quantiles
 * (nearest rank), messages and gas (docs/experiments.md). */
static void write_ipc_summary(FILE *f, const struct run_result *r)
{
    const struct exp *e = r->e;
    uint64_t *lat = malloc((r->nreqs ? r->nreqs : 1) * sizeof *lat);
    fprintf(f, "  \"ipc_workloads\": [");
    for (unsigned w = 0; lat && w < e->nipc; w++) {
        const struct ipc_spec *s = &e->ipc[w];
        size_t n = 0;
        double sum = 0;
        for (size_t i = 0; i < r->nreqs; i++)
            if (r->reqs[i].wl == w) {
                lat[n++] = r->reqs[i].done - r->reqs[i].issue;
                sum += (double)lat[n - 1];
            }
        qsort(lat, n, sizeof *lat, cmp_u64);
        fprintf(f, "%s\n    {\"name\": ", w ? "," : "");
        json_str(f, s->name);
        fprintf(f,
                ", \"kind\": \"%s\", \"clients\": %u, \"hops\": %u, \"arrived\": %" PRIu64
                ", \"done\": %" PRIu64 ", \"messages\": %" PRIu64 ", \"gas_spent\": %" PRIu64
                ", \"gas_waits\": %" PRIu64 ", \"latency_ns\": {\"n\": %zu",
                s->kind == IPCK_CHAIN ? "chain" : "pipeline", s->clients, s->nhops,
                r->ipcwl[w].arrived, r->ipcwl[w].done, r->ipcwl[w].messages, r->ipcwl[w].gas_spent,
                r->ipcwl[w].gas_waits, n);
        if (n)
            fprintf(f,
                    ", \"mean\": %.1f, \"p50\": %" PRIu64 ", \"p90\": %" PRIu64
                    ", \"p99\": %" PRIu64 ", \"p99.9\": %" PRIu64 ", \"max\": %" PRIu64,
                    sum / (double)n, quant_rank(lat, n, 50, 100), quant_rank(lat, n, 90, 100),
                    quant_rank(lat, n, 99, 100), quant_rank(lat, n, 999, 1000), lat[n - 1]);
        fprintf(f, "}}");
    }
    free(lat);
    fprintf(f, "\n  ],\n");
}

static int write_requests(const char *path, const struct run_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "request,workload,client,issue_ns,done_ns,latency_ns\n");
    for (size_t i = 0; i < r->nreqs; i++) {
        const struct ipcreq *q = &r->reqs[i];
        fprintf(f, "%zu,%s,%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", i, r->e->ipc[q->wl].name,
                q->client, q->issue, q->done, q->done - q->issue);
    }
    return fclose(f) ? -1 : 0;
}

static int write_jobs(const char *path, const struct run_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "job,spec,weight,nodes,nodes_done,arrive_ns,finish_ns,makespan_ns,"
               "critical_path_ns,slowdown,alone_ns,slowdown_alone,work_ns,slots,comm_wait_ns\n");
    for (uint32_t i = 0; i < r->ndag; i++) {
        const struct dagjob *d = &r->dag[i];
        int done = d->arrive != UINT64_MAX && d->nodes_done == d->nodes;
        fprintf(f, "%u,%s,%u,%u,%u,", i, r->e->jobs[d->spec].name, d->weight, d->nodes,
                d->nodes_done);
        if (d->arrive != UINT64_MAX)
            fprintf(f, "%" PRIu64, d->arrive);
        if (done) {
            double ms = (double)(d->finish - d->arrive);
            fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f,%" PRIu64 ",%.6f,", d->finish,
                    d->finish - d->arrive, d->critical,
                    d->critical ? ms / (double)d->critical : 1.0, d->alone,
                    d->alone ? ms / (double)d->alone : 1.0);
        } else
            fprintf(f, ",,,%" PRIu64 ",,%" PRIu64 ",,", d->critical, d->alone);
        fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", d->work, d->picks, d->comm_wait);
    }
    return fclose(f) ? -1 : 0;
}

static int write_summary(const char *path, const struct run_result *r, const struct metrics *m)
{
    const struct exp *e = r->e;
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f,
            "{\n  \"phoenix_version\": \"%s\",\n  \"scheduler\": \"%s\",\n  \"seed\": %" PRIu64
            ",\n",
            PHOENIX_VERSION, r->sched, r->seed);
    fprintf(f, "  \"experiment\": {\n    \"name\": ");
    json_str(f, e->name);
    fprintf(f, ",\n    \"file\": ");
    json_str(f, e->file);
    fprintf(f,
            ",\n    \"duration_ns\": %" PRIu64 ",\n    \"cpus\": %u,\n    \"quantum_ns\": %" PRIu64
            ",\n    \"tick_ns\": %" PRIu64 ",\n    \"context_switch_ns\": %" PRIu64
            ",\n    \"balance\": \"%s\",\n    \"preempt\": \"%s\",\n    \"tasks\": %" PRIu64 ",\n",
            e->duration, e->ncpu, e->quantum, e->tick, e->cs_cost,
            e->balance == BAL_NONE ? "none" : "least-loaded", e->preempt ? "tick" : "none",
            e->ntasks);
    if (e->sweep.nvalues) {
        fprintf(f, "    \"sweep_param\": ");
        json_str(f, e->sweep.param);
        fprintf(f, ",\n");
    }
    if (e->nipc) {
        fprintf(f, "    \"ipc\": [");
        for (unsigned i = 0; i < e->nipc; i++) {
            const struct ipc_spec *w = &e->ipc[i];
            fprintf(f, "%s\n      {\"name\": ", i ? "," : "");
            json_str(f, w->name);
            fprintf(f,
                    ", \"kind\": \"%s\", \"clients\": %u, \"hops\": %u, \"weight\": %u, "
                    "\"priority\": %u, \"label\": %u, \"arrival\": \"%s\", \"requests\": "
                    "%" PRIu64 "}",
                    w->kind == IPCK_CHAIN ? "chain" : "pipeline", w->clients, w->nhops, w->weight,
                    w->priority, w->level, w->arr == ARR_START ? "closed" : arr_name[w->arr],
                    w->requests);
        }
        fprintf(f, "\n    ],\n");
    }
    if (e->njobs) {
        fprintf(f, "    \"jobs\": [");
        for (unsigned i = 0; i < e->njobs; i++) {
            const struct job_spec *j = &e->jobs[i];
            fprintf(f, "%s\n      {\"name\": ", i ? "," : "");
            json_str(f, j->name);
            fprintf(f, ", \"graph\": ");
            json_str(f, j->graph);
            fprintf(f,
                    ", \"count\": %u, \"weight\": %u, \"unit_ns\": %" PRIu64
                    ", \"arrival\": \"%s\"}",
                    j->count, j->weight, j->unit, arr_name[j->arr]);
        }
        fprintf(f, "\n    ],\n");
    }
    fprintf(f, "    \"groups\": [");
    for (unsigned i = 0; i < e->ngroups; i++) {
        const struct group_spec *g = &e->groups[i];
        fprintf(f, "%s\n      {\"name\": ", i ? "," : "");
        json_str(f, g->name);
        fprintf(f,
                ", \"count\": %u, \"weight\": %u, \"priority\": %u, \"behaviour\": \"%s\", "
                "\"arrival\": \"%s\", \"endless\": %s, \"gas\": ",
                g->count, g->weight, g->priority, beh_name[g->beh], arr_name[g->arr],
                g->endless ? "true" : "false");
        if (g->gas >= 0)
            json_str(f, e->gas[g->gas].name);
        else
            fputs("null", f);
        fputc('}', f);
    }
    fprintf(f,
            "\n    ]\n  },\n  \"end_ns\": %" PRIu64 ",\n  \"memory\": {\"tasks_bytes\": %zu, "
            "\"policy_bytes\": %zu, \"fluid_bytes\": %zu, \"queue_bytes\": %zu, "
            "\"bytes_per_task\": ",
            r->end, r->bytes_tasks, r->bytes_policy, r->bytes_gps, r->bytes_queue_peak);
    json_num(f, r->ntasks ? (double)(r->bytes_tasks + r->bytes_policy + r->bytes_gps +
                                     r->bytes_queue_peak) /
                                r->ntasks
                          : 0);
    fprintf(f, "},\n");
    if (r->ndag)
        write_dag_summary(f, r);
    if (e->nipc)
        write_ipc_summary(f, r);
    fprintf(f, "  \"wall_seconds\": ");
    json_num(f, r->wall_s);
    fprintf(f, ",\n  \"metrics\": {");
    for (unsigned i = 0; i < METRIC_COUNT; i++) {
        fprintf(f, "%s\n    \"%s\": ", i ? "," : "", metric_name(i));
        json_num(f, m->v[i]);
    }
    fprintf(f, "\n  }\n}\n");
    return fclose(f) ? -1 : 0;
}

static int write_tasks(const char *path, const struct run_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "task,group,weight,arrive_ns,finish_ns,work_ns,cpu_ns,entitled_ns,lag_ns,share,"
               "turnaround_ns,slowdown,wakeups,jobs_done,deadline_misses,throttled_ns,"
               "exit_status\n");
    for (uint32_t i = 0; i < r->ntasks; i++) {
        const struct task *t = &r->tasks[i];
        const char *g = r->e->groups[t->group].name;
        double lag = (double)t->cpu_time - t->entitled;
        fprintf(f, "%u,%s,%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.0f,%.0f,", i + 1, g,
                t->weight, t->arrive, t->finish, t->work_total, t->cpu_time, t->entitled, lag);
        if (t->entitled > 0)
            fprintf(f, "%.6f,", (double)t->cpu_time / t->entitled);
        else
            fputs(",", f);
        if (t->finish && t->work_total && !t->exit_status)
            fprintf(f, "%" PRIu64 ",%.6f,", t->finish - t->arrive,
                    (double)(t->finish - t->arrive) / (double)t->work_total);
        else
            fputs(",,", f);
        fprintf(f, "%u,%u,%u,%" PRIu64 ",%s\n", t->wakeups, t->jobs_done, t->misses,
                t->throttled_total,
                t->state == T_DONE ? (t->exit_status ? "killed" : "done") : "alive");
    }
    return fclose(f) ? -1 : 0;
}

static int write_latency(const char *path, const struct run_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "kind,ns\n");
    for (size_t i = 0; i < r->wake.n; i++)
        fprintf(f, "wake,%" PRIu64 "\n", r->wake.v[i]);
    for (size_t i = 0; i < r->resp.n; i++)
        fprintf(f, "response,%" PRIu64 "\n", r->resp.v[i]);
    for (size_t i = 0; i < r->nreqs; i++)
        fprintf(f, "request,%" PRIu64 "\n", r->reqs[i].done - r->reqs[i].issue);
    return fclose(f) ? -1 : 0;
}

int run_to_dir(const struct exp *e, const char *sched, uint64_t seed, const char *dir,
               const struct run_opts *o, struct metrics *m, char *err, size_t errlen)
{
    char tmp[4096], p[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dir, (long)getpid());
    fs_rmtree(tmp);
    if (fs_mkdirs(tmp)) {
        snprintf(err, errlen, "%s: cannot create folder: %m", tmp);
        return -1;
    }
    FILE *tf = NULL;
    if (o->trace) {
        snprintf(p, sizeof p, "%s/trace.txt", tmp);
        tf = fopen(p, "w");
        if (!tf) {
            snprintf(err, errlen, "%s: cannot write: %m", p);
            fs_rmtree(tmp);
            return -1;
        }
    }
    struct run_result r;
    int rc = e->njobs  ? dagrun_run(e, sched, seed, tf, &r, err, errlen)
             : e->nipc ? ipcrun_run(e, sched, seed, tf, &r, err, errlen)
                       : machine_run(e, sched, seed, tf, &r, err, errlen);
    if (tf && fclose(tf) && !rc) {
        snprintf(err, errlen, "%s/trace.txt: write failed", tmp);
        run_result_free(&r);
        rc = -1;
    }
    if (rc) {
        fs_rmtree(tmp);
        return -1;
    }
    metrics_compute(&r, m);
    const char *bad = NULL;
    snprintf(p, sizeof p, "%s/summary.json", tmp);
    if (write_summary(p, &r, m))
        bad = "summary.json";
    snprintf(p, sizeof p, "%s/tasks.csv", tmp);
    if (!bad && e->ngroups && !e->nipc && write_tasks(p, &r))
        bad = "tasks.csv";
    snprintf(p, sizeof p, "%s/requests.csv", tmp);
    if (!bad && e->nipc && write_requests(p, &r))
        bad = "requests.csv";
    snprintf(p, sizeof p, "%s/jobs.csv", tmp);
    if (!bad && r.ndag && write_jobs(p, &r))
        bad = "jobs.csv";
    snprintf(p, sizeof p, "%s/latency.csv", tmp);
    if (!bad && o->latency && write_latency(p, &r))
        bad = "latency.csv";
    if (!bad && o->trace) {
        char in[4200];
        snprintf(in, sizeof in, "%s/trace.txt", tmp);
        snprintf(p, sizeof p, "%s/trace.json", tmp);
        if (chrome_export(in, p, e->ncpu))
            bad = "trace.json";
    }
    snprintf(p, sizeof p, "%s/experiment.yaml", tmp);
    if (!bad && fs_copy(e->file, p))
        bad = "experiment.yaml";
    run_result_free(&r);
    if (!bad && fs_publish(tmp, dir))
        bad = "(publishing the folder)";
    if (bad) {
        snprintf(err, errlen, "%s: cannot write %s", dir, bad);
        fs_rmtree(tmp);
        return -1;
    }
    return 0;
}

int results_read_metrics(const char *dir, struct metrics *m)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/summary.json", dir);
    json_error_t je;
    json_t *root = json_load_file(p, 0, &je);
    if (!root)
        return -1;
    json_t *mo = json_object_get(root, "metrics");
    int rc = json_is_object(mo) ? 0 : -1;
    for (unsigned i = 0; !rc && i < METRIC_COUNT; i++) {
        json_t *v = json_object_get(mo, metric_name(i));
        if (json_is_number(v))
            m->v[i] = json_number_value(v);
        else if (json_is_null(v))
            m->v[i] = NAN;
        else
            rc = -1;
    }
    json_decref(root);
    return rc;
}
