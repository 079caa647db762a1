/*
 * DAG jobs in experiments (sim/dagrun.c, sim/policy_dag.c): a job alone
 * reproduces `phoenix-sim dag`'s makespan where the online dispatcher and
 * libcore's list planner provably agree; two identical jobs with weights
 * 2:1 share node-start slots 2:1 within Beatty's bound; arrivals, results
 * and errors. Graph data from ../shared/data/stg (PHOENIX_SHARED_DIR).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dag_input.h"
#include "results.h"
#include "dagrun.h"
#include "sim_test_util.h"

#include "metrics.h"

/* `phoenix-sim dag FILE --cpus M --policy P`'s makespan: libcore's planner
 * on the loaded graph, CPU p of class p mod classes. */
static uint64_t plan_makespan(const char *graph, unsigned cpus, const char *policy)
{
    struct dag_input in;
    struct dag_errbuf why;
    struct job_spec js;
    memset(&js, 0, sizeof js);
    sim_fmt(js.graph, sizeof js.graph, "%s", graph);
    assert_int_equal(exp_job_graph(&js, &in, &why), 0);
    struct dag_built b;
    assert_int_equal(dag_input_build(&in, &b, graph, &why), 0);
    uint32_t cls[256];
    for (unsigned p = 0; p < cpus; p++)
        cls[p] = p % in.nclass;
    struct dag_procs pr = {cpus, cls};
    size_t wl = dag_plan_work_size(b.g.n, cpus);
    void *w = malloc(wl);
    struct dag_slot *out = calloc(b.g.n, sizeof *out);
    uint64_t ms = 0;
    assert_int_equal(dag_plan(&b.g, &pr, (unsigned)dag_policy_parse(policy), out, &ms, w, wl), 0);
    free(w);
    free(out);
    dag_built_free(&b);
    dag_input_free(&in);
    return ms;
}

/* The simulator's makespan for one job of graph alone on cpus CPUs, one ns
 * per cost unit, no context-switch cost. */
static uint64_t sim_makespan(const char *graph, unsigned cpus, const char *policy)
{
    char text[2048], path[256], err[1024];
    sim_fmt(text, sizeof text,
             "name: alone\nduration: 1000s\nschedulers: [%s]\n"
             "machine: {cpus: %u, context_switch: 0}\n"
             "jobs:\n  - {name: j, graph: \"%s\", unit: 1ns}\n",
             policy, cpus, graph);
    static struct exp e;
    int rc = load_text(&e, text, err, sizeof err, path, sizeof path);
    if (rc)
        fail_msg("%s", err);
    struct run_result r;
    assert_int_equal(dagrun_run(&e, policy, 1, NULL, &r, err, sizeof err), 0);
    assert_int_equal(r.ndag, 1);
    assert_int_equal(r.dag[0].nodes_done, r.dag[0].nodes);
    uint64_t ms = r.dag[0].finish - r.dag[0].arrive;
    run_result_free(&r);
    exp_free(&e);
    unlink(path);
    return ms;
}

/* One STG row: graph, processors, published lower bound and best known. */
struct stg_row {
    char graph[64];
    unsigned procs;
    uint64_t lb, best, work, cp;
};

static int stg_rows(struct stg_row *rows, int max)
{
    char csv[600], line[256];
    sim_fmt(csv, sizeof csv, "%s/data/stg/optimal.csv", PHOENIX_SHARED_DIR);
    FILE *f = fopen(csv, "r");
    assert_non_null(f);
    int n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        struct stg_row *r = &rows[n];
        unsigned long long tasks, lb, best, proven, cp, work;
        if (sscanf(line, "%63[^,],%llu,%u,%llu,%llu,%llu,%llu,%llu", r->graph, &tasks, &r->procs,
                   &lb, &best, &proven, &cp, &work) != 8)
            continue;
        r->lb = lb;
        r->best = best;
        r->cp = cp;
        r->work = work;
        n++;
    }
    fclose(f);
    return n;
}

static const char *const pols[] = {"fifo", "cp", "heft", "cpop"};

/* Where the online dispatcher and the list planner provably agree: on one
 * CPU both run the graph back to back (makespan = total work), and with a
 * CPU per node both start every node when its last predecessor ends
 * (makespan = critical path). Every fourth STG row (each graph once),
 * every policy. */
static void alone_equals_dag_command(void **state)
{
    (void)state;
    static struct stg_row rows[300];
    int n = stg_rows(rows, 300);
    assert_int_equal(n, 240);
    char g[800];
    for (int k = 0; k < n; k += 4) {
        sim_fmt(g, sizeof g, "%s/data/stg/graphs/%s", PHOENIX_SHARED_DIR, rows[k].graph);
        unsigned wide = strstr(rows[k].graph, "100/") ? 102 : 52;
        for (unsigned p = 0; p < 4; p++) {
            uint64_t one = sim_makespan(g, 1, pols[p]);
            assert_int_equal(one, plan_makespan(g, 1, pols[p]));
            assert_int_equal(one, rows[k].work);
            /* CPOP's plan pins its critical path to one processor and may
             * then exceed the critical path; the dispatcher pins nothing. */
            uint64_t all = sim_makespan(g, wide, pols[p]);
            if (strcmp(pols[p], "cpop"))
                assert_int_equal(all, plan_makespan(g, wide, pols[p]));
            assert_int_equal(all, rows[k].cp);
        }
    }
}

/* On 2-16 CPUs the two differ (the planner reserves a processor for a
 * high-priority node before its inputs exist; the dispatcher never idles a
 * CPU that has work). Both are list schedules, so each stays within
 * Graham's bound (2 - 1/m) x optimal and never below the published lower
 * bound. Prints how often they agree (docs/experiments.md quotes it). */
static void online_within_graham_bound(void **state)
{
    (void)state;
    static struct stg_row rows[300];
    int n = stg_rows(rows, 300);
    char g[800];
    for (unsigned p = 0; p < 4; p++) {
        unsigned same = 0, shorter = 0;
        double excess = 0;
        for (int k = 0; k < n; k++) {
            sim_fmt(g, sizeof g, "%s/data/stg/graphs/%s", PHOENIX_SHARED_DIR, rows[k].graph);
            uint64_t sim = sim_makespan(g, rows[k].procs, pols[p]);
            uint64_t plan = plan_makespan(g, rows[k].procs, pols[p]);
            unsigned m = rows[k].procs;
            assert_true(sim >= rows[k].lb);
            assert_true(sim * m <= (2 * m - 1) * rows[k].best);
            same += sim == plan;
            shorter += sim < plan;
            excess += ((double)sim - (double)rows[k].best) / (double)rows[k].best;
        }
        printf("# %-4s online == planned on %u/%d rows, shorter on %u; mean excess over best "
               "known %.3f%%\n",
               pols[p], same, n, shorter, 100 * excess / n);
    }
}

/* Run text's experiment under policy with a trace; returns the trace text
 * (caller frees) and fills *r. */
static char *run_traced(const char *text, const char *policy, struct exp *e, struct run_result *r)
{
    char path[256], err[1024];
    if (load_text(e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    unlink(path);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (dagrun_run(e, policy, 7, f, r, err, sizeof err))
        fail_msg("%s", err);
    fclose(f);
    return buf;
}

/* Two identical jobs of 3000 independent unit nodes, weights 2:1, on 4
 * CPUs: after every node start k while both still have ready nodes, the
 * heavier job has started a_k nodes with |a_k - 2k/3| < 1 (Beatty's lag
 * bound, docs/dag.md), so the CPUs go 2:1 as well. */
static void weights_two_to_one(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    char *tr = run_traced("name: w\nduration: 1s\nschedulers: [cp]\nmachine: {cpus: 4}\n"
                          "jobs:\n"
                          "  - {name: heavy, graph: \"gen:n=3000,fat=1,cost=1\", weight: 2, "
                          "unit: 1us}\n"
                          "  - {name: light, graph: \"gen:n=3000,fat=1,cost=1\", weight: 1, "
                          "unit: 1us}\n",
                          "cp", &e, &r);
    uint64_t k = 0, a = 0;
    double worst = 0;
    for (char *line = strtok(tr, "\n"); line && a < 3000; line = strtok(NULL, "\n")) {
        unsigned long long job;
        char *p = strstr(line, " dag.start ");
        if (!p || sscanf(strstr(p, "job="), "job=%llu", &job) != 1)
            continue;
        k++;
        a += job == 0;
        double lag = fabs((double)a - 2.0 * (double)k / 3.0);
        worst = lag > worst ? lag : worst;
        assert_true(3 * a + 3 > 2 * k && 3 * a < 2 * k + 3);
    }
    assert_int_equal(a, 3000);
    assert_true(k >= 4499 && k <= 4501);
    printf("# weights 2:1: %llu starts until the heavy job ran out, max lag %.3f starts\n",
           (unsigned long long)k, worst);
    /* Both done; the heavy one first, at about 3000 / (4 * 2/3) us. */
    assert_true(r.dag[0].finish < r.dag[1].finish);
    assert_true(r.dag[0].finish >= 1124000 / 1000 * 1000 && r.dag[0].finish <= 1127000);
    assert_int_equal(r.dag[0].picks, 3000);
    free(tr);
    run_result_free(&r);
    exp_free(&e);
}

/* Jobs arrive whole at their listed times and win no slot before; one
 * copy of a graph per arrival, each with its own makespan. */
static void arrivals_and_results(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    char *tr = run_traced("name: a\nduration: 1s\nschedulers: [heft]\nmachine: {cpus: 2}\n"
                          "jobs:\n"
                          "  - {name: j, graph: \"gen:n=40,seed=2\", unit: 1us, "
                          "arrival: [0, 50us, 3ms, 2s]}\n",
                          "heft", &e, &r);
    assert_int_equal(r.ndag, 4);
    assert_int_equal(r.dag[0].arrive, 0);
    assert_int_equal(r.dag[1].arrive, 50000);
    assert_int_equal(r.dag[2].arrive, 3000000);
    assert_int_equal(r.dag[3].arrive, UINT64_MAX); /* after the run's end */
    for (char *line = strtok(tr, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long long t, job;
        char *p = strstr(line, " dag.start ");
        if (!p || sscanf(line, "%llu", &t) != 1 || sscanf(strstr(p, "job="), "job=%llu", &job) != 1)
            continue;
        assert_true(job < 3);
        assert_true(t >= r.dag[job].arrive);
    }
    /* Job 2 runs alone, so its makespan is the single-job makespan. */
    uint64_t alone = r.dag[2].finish - r.dag[2].arrive;
    assert_int_equal(alone, sim_makespan("gen:n=40,seed=2", 2, "heft") * 1000);
    /* ... which is also what the run measured for every copy alone; the
     * two overlapping copies took longer. */
    for (int j = 0; j < 3; j++)
        assert_int_equal(r.dag[j].alone, alone);
    assert_true(r.dag[0].finish - r.dag[0].arrive > alone);
    assert_true(r.dag[2].critical <= alone);
    assert_int_equal(r.tasks_done, 3);
    free(tr);
    run_result_free(&r);
    exp_free(&e);
}

/* Same file and seed: bit-identical summary; the results folder has
 * jobs.csv with one row per job. */
static void deterministic_results(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024], dir[2][300], buf[2][1 << 16];
    const char *text = "name: p\nduration: 200ms\nschedulers: [cp]\nmachine: {cpus: 3}\n"
                       "jobs:\n  - {name: j, graph: \"gen:n=100\", count: 20, unit: 10us, "
                       "arrival: poisson(5ms), weight: 3}\n"
                       "  - {name: k, graph: \"gen:n=60,seed=4\", count: 5, unit: 10us, "
                       "arrival: periodic(7ms)}\n";
    if (load_text(&e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    struct run_opts o = {.trace = 1, .latency = 0};
    for (int i = 0; i < 2; i++) {
        struct metrics m;
        sim_fmt(dir[i], sizeof dir[i], "/tmp/phoenix-dagjobs-%ld-%d", (long)getpid(), i);
        if (run_to_dir(&e, "cp", 11, dir[i], &o, &m, err, sizeof err))
            fail_msg("%s", err);
        assert_true(metric_get(&m, "tasks_done") == 25);
        assert_true(metric_get(&m, "slowdown_mean") >= 1);
        char p[400];
        sim_fmt(p, sizeof p, "%s/summary.json", dir[i]);
        FILE *f = fopen(p, "r");
        assert_non_null(f);
        size_t n = fread(buf[i], 1, sizeof buf[i] - 1, f);
        buf[i][n] = 0;
        fclose(f);
        /* wall time differs between runs: compare up to it */
        char *w = strstr(buf[i], "\"wall_seconds\"");
        assert_non_null(w);
        *w = 0;
        assert_non_null(strstr(buf[i], "\"dag_jobs\""));
        sim_fmt(p, sizeof p, "%s/jobs.csv", dir[i]);
        f = fopen(p, "r");
        assert_non_null(f);
        int lines = 0;
        char l[512];
        while (fgets(l, sizeof l, f))
            lines++;
        fclose(f);
        assert_int_equal(lines, 26);
        /* Perfetto: one "dag" slice per node that ran for a positive time,
         * on its CPU's track (tid < 3). */
        sim_fmt(p, sizeof p, "%s/trace.json", dir[i]);
        f = fopen(p, "r");
        assert_non_null(f);
        static char js[1 << 22];
        size_t got = fread(js, 1, sizeof js - 1, f);
        js[got] = 0;
        fclose(f);
        size_t slices = 0;
        for (char *q = strstr(js, "\"cat\":\"dag\""); q; q = strstr(q + 1, "\"cat\":\"dag\"")) {
            slices++;
            char *tid = strstr(q, "\"tid\":");
            assert_non_null(tid);
            assert_true(tid[6] >= '0' && tid[6] <= '2' && tid[7] == ',');
        }
        assert_int_equal(slices, (size_t)metric_get(&m, "jobs_done"));
    }
    assert_string_equal(buf[0], buf[1]);
    for (int i = 0; i < 2; i++)
        sim_rm_rf(dir[i]);
    unlink(path);
    exp_free(&e);
}

/* Bad job sections name file:line and what was expected. */
static void errors(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024];
    char cyc[700];
    sim_fmt(cyc, sizeof cyc, "%s", __FILE__);
    *strrchr(cyc, '/') = 0;
    struct {
        const char *text, *want;
    } cases[] = {
        {"name: x\nduration: 1s\nschedulers: [beatty]\njobs:\n  - {graph: \"gen:n=5\"}\n",
         ":3: schedulers: 'beatty' is not a DAG policy"},
        {"name: x\nduration: 1s\nschedulers: [cp]\ngroups:\n  - {behaviour: cpu-bound}\n",
         ":3: schedulers: 'cp' is a DAG policy"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {count: 2}\n",
         ":5: job 'job0': expected graph"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: \"gen:n=5,bogus=1\"}\n",
         ":5: job 'job0': graph:"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: nofile.stg}\n", "nofile.stg"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: \"gen:n=5\", speed: 2}\n",
         ":5: unknown key 'speed' in a job"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: \"gen:n=5\", weight: 0}\n",
         ":5: weight: expected an integer in 1..1000000"},
        {"name: x\nduration: 1s\nschedulers: [cp]\ngroups:\n  - {behaviour: cpu-bound}\n"
         "jobs:\n  - {graph: \"gen:n=5\"}\n",
         "not both"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(load_text(&e, cases[i].text, err, sizeof err, path, sizeof path), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
        unlink(path);
    }
    /* A cyclic graph file: its own place is named too. */
    char text[1500];
    sim_fmt(text, sizeof text,
             "name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: %s/data/cyclic.dot}\n",
             cyc);
    assert_int_equal(load_text(&e, text, err, sizeof err, path, sizeof path), -1);
    assert_non_null(strstr(err, ":5: job 'job0': graph: "));
    assert_non_null(strstr(err, "closes a cycle"));
    unlink(path);
}

int main(void)
{
    sim_test_platform();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alone_equals_dag_command), cmocka_unit_test(online_within_graham_bound),
        cmocka_unit_test(weights_two_to_one),       cmocka_unit_test(arrivals_and_results),
        cmocka_unit_test(deterministic_results),    cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
