/*
 * Run metrics (see metrics.h). Everything is derived after the run from the
 * per-task records and the latency sample vectors, so the event loop only
 * counts and appends.
 */
#include "metrics.h"

#include "dagrun.h"
#include "ipcrun.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[METRIC_COUNT] = {
    "wake_n",
    "wake_mean_ns",
    "wake_p50_ns",
    "wake_p90_ns",
    "wake_p99_ns",
    "wake_p999_ns",
    "wake_max_ns",
    "resp_n",
    "resp_mean_ns",
    "resp_p50_ns",
    "resp_p90_ns",
    "resp_p99_ns",
    "resp_p999_ns",
    "resp_max_ns",
    "turnaround_mean_ns",
    "turnaround_max_ns",
    "slowdown_mean",
    "slowdown_max",
    "lag_max_abs_ns",
    "lag_mean_abs_ns",
    "jain_fairness",
    "deadline_misses",
    "jobs_done",
    "tasks_done",
    "throughput_per_s",
    "utilization",
    "context_switches",
    "migrations",
    "cs_overhead",
    "gas_throttled_ns",
    "gas_exhaustions",
    "events",
    "sim_events_per_s",
    "req_n",
    "req_mean_ns",
    "req_p50_ns",
    "req_p90_ns",
    "req_p99_ns",
    "req_p999_ns",
    "req_max_ns",
    "slowdown_alone_mean",
    "slowdown_alone_max",
};

const char *metric_name(unsigned i)
{
    return i < METRIC_COUNT ? names[i] : NULL;
}

int metric_index(const char *name)
{
    for (unsigned i = 0; i < METRIC_COUNT; i++)
        if (!strcmp(names[i], name))
            return (int)i;
    return -1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

uint64_t quant_rank(const uint64_t *v, size_t n, uint64_t num, uint64_t den)
{
    uint64_t rank = ((uint64_t)n * num + den - 1) / den; /* ceil(n*q) */
    if (rank < 1)
        rank = 1;
    return v[rank - 1];
}

void quant_of(struct samples *s, struct quant *q)
{
    memset(q, 0, sizeof *q);
    q->n = s->n;
    if (!s->n)
        return;
    qsort(s->v, s->n, sizeof s->v[0], cmp_u64);
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += (double)s->v[i];
    q->mean = sum / (double)s->n;
    q->p50 = quant_rank(s->v, s->n, 50, 100);
    q->p90 = quant_rank(s->v, s->n, 90, 100);
    q->p99 = quant_rank(s->v, s->n, 99, 100);
    q->p999 = quant_rank(s->v, s->n, 999, 1000);
    q->max = s->v[s->n - 1];
}

double jain_index(const double *x, size_t n)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        s += x[i];
        s2 += x[i] * x[i];
    }
    return s2 > 0 ? s * s / ((double)n * s2) : 1.0;
}

void metrics_compute(struct run_result *r, struct metrics *m)
{
    memset(m, 0, sizeof *m);
    struct quant w, rs;
    quant_of(&r->wake, &w);
    quant_of(&r->resp, &rs);
    double *v = m->v;
    v[0] = (double)w.n, v[1] = w.mean, v[2] = (double)w.p50, v[3] = (double)w.p90;
    v[4] = (double)w.p99, v[5] = (double)w.p999, v[6] = (double)w.max;
    v[7] = (double)rs.n, v[8] = rs.mean, v[9] = (double)rs.p50, v[10] = (double)rs.p90;
    v[11] = (double)rs.p99, v[12] = (double)rs.p999, v[13] = (double)rs.max;

    double ta_sum = 0, ta_max = 0, sd_sum = 0, sd_max = 0, lag_max = 0, lag_sum = 0;
    double throttled = 0;
    size_t nfin = 0, nshare = 0;
    double *share = malloc((r->ntasks ? r->ntasks : 1) * sizeof *share);
    for (uint32_t i = 0; i < r->ntasks; i++) {
        const struct task *t = &r->tasks[i];
        throttled += (double)t->throttled_total;
        if (t->finish && t->work_total && t->exit_status == 0) {
            double ta = (double)(t->finish - t->arrive);
            double sd = ta / (double)t->work_total;
            ta_sum += ta;
            sd_sum += sd;
            ta_max = ta > ta_max ? ta : ta_max;
            sd_max = sd > sd_max ? sd : sd_max;
            nfin++;
        }
        if (t->entitled > 0) {
            double lag = fabs((double)t->cpu_time - t->entitled);
            lag_max = lag > lag_max ? lag : lag_max;
            lag_sum += lag;
            if (share)
                share[nshare] = (double)t->cpu_time / t->entitled;
            nshare++;
        }
    }
    v[14] = nfin ? ta_sum / (double)nfin : 0;
    v[15] = ta_max;
    v[16] = nfin ? sd_sum / (double)nfin : 0;
    v[17] = sd_max;
    v[18] = lag_max;
    v[19] = nshare ? lag_sum / (double)nshare : 0;
    v[20] = share ? jain_index(share, nshare) : 0;
    free(share);
    double secs = (double)r->end / 1e9;
    unsigned ncpu = r->e->ncpu;
    v[21] = (double)r->misses;
    v[22] = (double)r->jobs_done;
    v[23] = (double)r->tasks_done;
    v[24] = secs > 0 ? (double)(r->tasks_done + r->jobs_done + r->bursts_done) / secs : 0;
    v[25] = r->end ? (double)r->busy_ns / ((double)ncpu * (double)r->end) : 0;
    v[26] = (double)r->ctx_switches;
    v[27] = (double)r->migrations;
    v[28] = r->end ? (double)r->cs_ns / ((double)ncpu * (double)r->end) : 0;
    v[29] = throttled;
    v[30] = (double)r->gas_exhaustions;
    v[31] = (double)r->events;
    v[32] = r->wall_s > 0 ? (double)r->events / r->wall_s : 0;
    if (r->nreqs) {
        /* IPC requests: end-to-end latency (issue at the client to the
         * reply, or to the last stage), nearest-rank quantiles. */
        struct samples rq = {malloc(r->nreqs * sizeof(uint64_t)), r->nreqs, r->nreqs};
        struct quant q;
        if (rq.v) {
            for (size_t i = 0; i < r->nreqs; i++)
                rq.v[i] = r->reqs[i].done - r->reqs[i].issue;
            quant_of(&rq, &q);
            v[33] = (double)q.n, v[34] = q.mean, v[35] = (double)q.p50, v[36] = (double)q.p90;
            v[37] = (double)q.p99, v[38] = (double)q.p999, v[39] = (double)q.max;
            free(rq.v);
        }
        v[24] = secs > 0 ? (double)r->nreqs / secs : 0;
    }
    if (r->ndag) {
        /* DAG jobs: turnaround is a finished job's makespan (finish -
         * arrival), slowdown its makespan over its critical path; node
         * completions count as jobs_done, finished jobs as tasks_done. */
        double ms_sum = 0, ms_max = 0, sd_s = 0, sd_m = 0, al_s = 0, al_m = 0;
        size_t k = 0;
        for (uint32_t j = 0; j < r->ndag; j++) {
            const struct dagjob *d = &r->dag[j];
            if (!d->finish && d->nodes_done < d->nodes)
                continue;
            if (d->arrive == UINT64_MAX)
                continue;
            double ms = (double)(d->finish - d->arrive);
            double sd = d->critical ? ms / (double)d->critical : 1;
            double al = d->alone ? ms / (double)d->alone : 1;
            al_s += al;
            al_m = al > al_m ? al : al_m;
            ms_sum += ms;
            sd_s += sd;
            ms_max = ms > ms_max ? ms : ms_max;
            sd_m = sd > sd_m ? sd : sd_m;
            k++;
        }
        v[14] = k ? ms_sum / (double)k : 0;
        v[15] = ms_max;
        v[16] = k ? sd_s / (double)k : 0;
        v[17] = sd_m;
        v[40] = k ? al_s / (double)k : 0;
        v[41] = al_m;
        v[24] = secs > 0 ? (double)r->tasks_done / secs : 0;
    }
}

static const char *dur(char *buf, double ns);

void metrics_ipc_table_header(FILE *f)
{
    fprintf(f, "%-10s %6s %9s %10s %10s %10s %10s %10s %9s\n", "scheduler", "util", "req/s",
            "req p50", "req p90", "req p99", "req p99.9", "req max", "ctxsw");
}

void metrics_ipc_table_row(FILE *f, const char *sched, const struct metrics *m)
{
    char a[16], b[16], c[16], d[16], g[16];
    fprintf(f, "%-10s %5.1f%% %9.1f %10s %10s %10s %10s %10s %9.0f\n", sched,
            100 * metric_get(m, "utilization"), metric_get(m, "throughput_per_s"),
            dur(a, metric_get(m, "req_p50_ns")), dur(b, metric_get(m, "req_p90_ns")),
            dur(c, metric_get(m, "req_p99_ns")), dur(d, metric_get(m, "req_p999_ns")),
            dur(g, metric_get(m, "req_max_ns")), metric_get(m, "context_switches"));
}

void metrics_dag_table_header(FILE *f)
{
    fprintf(f, "%-10s %6s %6s %12s %12s %9s %9s %9s %9s %9s\n", "policy", "util", "jobs",
            "makespan", "max", "slowdown", "max", "vs alone", "max", "nodes");
}

void metrics_dag_table_row(FILE *f, const char *sched, const struct metrics *m)
{
    char a[16], b[16];
    fprintf(f, "%-10s %5.1f%% %6.0f %12s %12s %9.3f %9.3f %9.3f %9.3f %9.0f\n", sched,
            100 * metric_get(m, "utilization"), metric_get(m, "tasks_done"),
            dur(a, metric_get(m, "turnaround_mean_ns")), dur(b, metric_get(m, "turnaround_max_ns")),
            metric_get(m, "slowdown_mean"), metric_get(m, "slowdown_max"),
            metric_get(m, "slowdown_alone_mean"), metric_get(m, "slowdown_alone_max"),
            metric_get(m, "jobs_done"));
}

void metrics_table_header(FILE *f)
{
    fprintf(f, "%-10s %6s %10s %10s %10s %10s %10s %7s %7s %9s\n", "scheduler", "util", "thru/s",
            "wake p99", "resp p50", "resp p99", "max|lag|", "jain", "misses", "ctxsw");
}

/* Durations printed with a unit that keeps 3-4 significant digits. */
static const char *dur(char *buf, double ns)
{
    if (ns >= 1e9)
        snprintf(buf, 16, "%.3gs", ns / 1e9);
    else if (ns >= 1e6)
        snprintf(buf, 16, "%.3gms", ns / 1e6);
    else if (ns >= 1e3)
        snprintf(buf, 16, "%.3gus", ns / 1e3);
    else
        snprintf(buf, 16, "%.0fns", ns);
    return buf;
}

void metrics_table_row(FILE *f, const char *sched, const struct metrics *m)
{
    char a[16], b[16], c[16], d[16];
    fprintf(f, "%-10s %5.1f%% %10.1f %10s %10s %10s %10s %7.4f %7.0f %9.0f\n", sched,
            100 * metric_get(m, "utilization"), metric_get(m, "throughput_per_s"),
            dur(a, metric_get(m, "wake_p99_ns")), dur(b, metric_get(m, "resp_p50_ns")),
            dur(c, metric_get(m, "resp_p99_ns")), dur(d, metric_get(m, "lag_max_abs_ns")),
            metric_get(m, "jain_fairness"), metric_get(m, "deadline_misses"),
            metric_get(m, "context_switches"));
}

double t975(unsigned df)
{
    static const double t[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                               2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                               2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                               2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0)
        return 0;
    if (df < sizeof t / sizeof t[0])
        return t[df];
    if (df < 60)
        return 2.000 + (2.042 - 2.000) * (60.0 - df) / 30.0;
    return df < 120 ? 1.980 : 1.960;
}

size_t mean_ci95(const double *x, size_t n, double *mean, double *half)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            s += x[i];
            k++;
        }
    *mean = k ? s / (double)k : NAN;
    *half = 0;
    if (k < 2)
        return k;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - *mean) * (x[i] - *mean);
    double sd = sqrt(ss / (double)(k - 1));
    *half = t975((unsigned)(k - 1)) * sd / sqrt((double)k);
    return k;
}
