/*
 * Communication costs in the simulator's DAG runs (sim/dagrun.c, a job's
 * comm: paid|free; docs/dag.md "In the simulator"). Small graphs with
 * hand-computed makespans (a fork-join that must spread, a chain that never
 * pays, a join that follows its input to the CPU it ran on), the one-CPU
 * agreement with dag_plan, comm: free reproducing the numbers measured
 * before communication was modelled, paid >= free on the WfCommons and STG
 * samples, and every paid schedule, read back from the trace, passing the
 * independent checker (tests/support/dag_check.c) with its communication
 * constraints. One ns per cost unit and no context-switch cost throughout,
 * so trace times are cost units.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dag_check.h"
#include "dag_input.h"
#include "dagrun.h"
#include "metrics.h"
#include "results.h"
#include "sim_test_util.h"

/* One job run alone, read back. */
struct comm_run {
    uint64_t makespan, comm_wait, alone;
    uint32_t n;
    struct dagchk_slot *slot; /* [n] from dag.start / dag.finish, caller frees */
    char *trace;              /* the trace text, caller frees */
};

/* A DOT graph written to a temporary file; path gets its name. */
static void write_dot(char *path, size_t n, const char *text)
{
    static int counter;
    sim_fmt(path, n, "/tmp/phoenix-dagcomm-%ld-%d.dot", (long)getpid(), counter++);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The context-switch cost of the next runs, ns (0 unless a test says). */
static unsigned switch_ns;

/* Run graph alone on cpus CPUs under policy with comm: comm ("paid",
 * "free" or "" for the default); fill *out from the result and the trace. */
static void run_alone(const char *graph, unsigned cpus, const char *policy, const char *comm,
                      struct comm_run *out)
{
    char text[2048], path[256], err[1024], key[32] = "";
    if (*comm)
        sim_fmt(key, sizeof key, ", comm: %s", comm);
    sim_fmt(text, sizeof text,
            "name: c\nduration: 1000s\nschedulers: [%s]\n"
            "machine: {cpus: %u, context_switch: %u}\n"
            "jobs:\n  - {name: j, graph: \"%s\", unit: 1ns%s}\n",
            policy, cpus, switch_ns, graph, key);
    static struct exp e;
    if (load_text(&e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    unlink(path);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct run_result r;
    if (dagrun_run(&e, policy, 1, f, &r, err, sizeof err))
        fail_msg("%s", err);
    fclose(f);
    assert_int_equal(r.ndag, 1);
    assert_int_equal(r.dag[0].nodes_done, r.dag[0].nodes);
    out->makespan = r.dag[0].finish - r.dag[0].arrive;
    out->comm_wait = r.dag[0].comm_wait;
    out->alone = r.dag[0].alone;
    out->n = r.dag[0].nodes;
    out->slot = calloc(out->n, sizeof *out->slot);
    uint32_t *seen = calloc(out->n, sizeof *seen);
    assert_true(out->slot && seen);
    char *copy = strdup(buf);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long long t, job, node, proc;
        char kind[32];
        if (sscanf(line, "%llu %31s cpu=%*u job=%llu node=%llu proc=%llu", &t, kind, &job, &node,
                   &proc) != 5 ||
            strncmp(kind, "dag.", 4))
            continue;
        assert_int_equal(job, 0);
        assert_true(node < out->n);
        if (!strcmp(kind, "dag.start")) {
            out->slot[node].proc = (uint32_t)proc;
            out->slot[node].start = t;
            seen[node] |= 1;
        } else {
            assert_string_equal(kind, "dag.finish");
            assert_int_equal(out->slot[node].proc, proc);
            out->slot[node].end = t;
            seen[node] |= 2;
        }
    }
    for (uint32_t v = 0; v < out->n; v++)
        assert_int_equal(seen[v], 3);
    free(copy);
    free(seen);
    out->trace = buf;
    run_result_free(&r);
    exp_free(&e);
}

static void run_free(struct comm_run *r)
{
    free(r->slot);
    free(r->trace);
}

/* The schedule read from the trace against the graph's own arrays: with
 * paid communication the checker enforces start(v) >= end(u) + comm(u,v)
 * across CPUs; free, only precedence. Also: its makespan is the job's. */
static void check_schedule(const char *graph, unsigned cpus, int paid, const struct comm_run *r)
{
    struct dag_input in;
    struct dag_errbuf why;
    struct job_spec js;
    memset(&js, 0, sizeof js);
    sim_fmt(js.graph, sizeof js.graph, "%s", graph);
    assert_int_equal(exp_job_graph(&js, &in, &why), 0);
    assert_int_equal(in.n, r->n);
    uint64_t *dur = malloc((size_t)in.n * cpus * sizeof *dur);
    assert_non_null(dur);
    for (uint32_t v = 0; v < in.n; v++)
        for (unsigned p = 0; p < cpus; p++)
            dur[(size_t)v * cpus + p] = in.cost[(size_t)v * in.nclass + p % in.nclass];
    struct dagchk_problem pb = {in.n, cpus, dur, in.m, in.efrom, in.eto, paid ? in.ecomm : NULL};
    uint64_t ms;
    char msg[256];
    if (dagchk_check(&pb, r->slot, &ms, msg, sizeof msg))
        fail_msg("%s on %u CPUs (%s): %s", graph, cpus, paid ? "paid" : "free", msg);
    assert_int_equal(ms, r->makespan);
    free(dur);
    dag_input_free(&in);
}

/* libcore's planner on one CPU (`phoenix-sim dag --cpus 1`). */
static uint64_t plan_one_cpu(const char *graph, const char *policy)
{
    struct dag_input in;
    struct dag_errbuf why;
    struct job_spec js;
    memset(&js, 0, sizeof js);
    sim_fmt(js.graph, sizeof js.graph, "%s", graph);
    assert_int_equal(exp_job_graph(&js, &in, &why), 0);
    struct dag_built b;
    assert_int_equal(dag_input_build(&in, &b, graph, &why), 0);
    uint32_t cls = 0;
    struct dag_procs pr = {1, &cls};
    size_t wl = dag_plan_work_size(b.g.n, 1);
    void *w = malloc(wl);
    struct dag_slot *s = calloc(b.g.n, sizeof *s);
    uint64_t ms = 0;
    assert_int_equal(dag_plan(&b.g, &pr, (unsigned)dag_policy_parse(policy), s, &ms, w, wl), 0);
    free(w);
    free(s);
    dag_built_free(&b);
    dag_input_free(&in);
    return ms;
}

static const char *const pols[] = {"fifo", "cp", "heft", "cpop"};

/* The slot of the node whose trace line says node=v. */
#define SLOT(r, v) ((r).slot[v])

/* a(2) forks to b(3) and c(3), which join in d(2); every edge costs 5.
 * On 2 CPUs: a on P0 0-2; b follows a on P0 2-5; c can only take P1 and
 * waits there for a's data, 2-7, then computes 7-10; d begins on P1 at
 * 10 (b's data from P0 arrived at 5+5) rather than on P0 at 10+5: 12 in
 * all, 5 ns of waiting. Free: 2+3+2 = 7. On one CPU: 10 = dag_plan.
 * With a 1 ns context switch before every node: a 1-3 on P0; b 4-7 on
 * P0; c's switch ends at 4 but a's data reaches P1 at 8, so c computes
 * 8-11 (4 ns waiting); d begins on P1 at max(12, 7+5, 11) = 12, not on P0
 * at 11+5 = 16: 14 in all. */
static void fork_join(void **state)
{
    (void)state;
    char g[256];
    write_dot(g, sizeof g,
              "digraph f { a [cost=2]; b [cost=3]; c [cost=3]; d [cost=2];\n"
              "a -> b [comm=5]; a -> c [comm=5]; b -> d [comm=5]; c -> d [comm=5]; }\n");
    for (int p = 0; p < 4; p++) {
        struct comm_run r;
        run_alone(g, 2, pols[p], "", &r); /* paid is the default */
        assert_int_equal(r.makespan, 12);
        assert_int_equal(r.comm_wait, 5);
        assert_int_equal(r.alone, 12);
        assert_int_equal(SLOT(r, 0).proc, 0);
        assert_int_equal(SLOT(r, 1).proc, 0);
        assert_int_equal(SLOT(r, 1).start, 2);
        /* dag.start is when computing begins, after the wait. */
        assert_int_equal(SLOT(r, 2).proc, 1);
        assert_int_equal(SLOT(r, 2).start, 7);
        assert_int_equal(SLOT(r, 2).end, 10);
        assert_int_equal(SLOT(r, 3).proc, 1);
        assert_int_equal(SLOT(r, 3).start, 10);
        check_schedule(g, 2, 1, &r);
        run_free(&r);
        run_alone(g, 2, pols[p], "free", &r);
        assert_int_equal(r.makespan, 7);
        assert_int_equal(r.comm_wait, 0);
        check_schedule(g, 2, 0, &r);
        run_free(&r);
        run_alone(g, 1, pols[p], "paid", &r);
        assert_int_equal(r.makespan, 10);
        assert_int_equal(r.makespan, plan_one_cpu(g, pols[p]));
        assert_int_equal(r.comm_wait, 0);
        run_free(&r);
        switch_ns = 1;
        run_alone(g, 2, pols[p], "paid", &r);
        switch_ns = 0;
        assert_int_equal(r.makespan, 14);
        assert_int_equal(r.comm_wait, 4);
        assert_int_equal(SLOT(r, 1).start, 4);
        assert_int_equal(SLOT(r, 2).proc, 1);
        assert_int_equal(SLOT(r, 2).start, 8);
        assert_int_equal(SLOT(r, 3).proc, 1);
        assert_int_equal(SLOT(r, 3).start, 12);
        check_schedule(g, 2, 1, &r);
        run_free(&r);
    }
    unlink(g);
}

/* A chain never pays: each node's only input is on the CPU that just
 * freed, so it stays there even with 3 CPUs idle and comm 100 per edge. */
static void chain_stays(void **state)
{
    (void)state;
    char g[256];
    write_dot(g, sizeof g,
              "digraph c { a [cost=3]; b [cost=4]; c [cost=5]; d [cost=6];\n"
              "a -> b [comm=100]; b -> c [comm=100]; c -> d [comm=100]; }\n");
    for (int p = 0; p < 4; p++) {
        struct comm_run r;
        run_alone(g, 3, pols[p], "paid", &r);
        assert_int_equal(r.makespan, 18);
        assert_int_equal(r.comm_wait, 0);
        for (uint32_t v = 0; v < 4; v++)
            assert_int_equal(SLOT(r, v).proc, 0);
        check_schedule(g, 3, 1, &r);
        run_free(&r);
    }
    unlink(g);
}

/* x(2) and a(2) run side by side; b(2) needs a's result (comm 100). Under
 * fifo (ties: lower id) x takes P0 and a P1; at 2 both CPUs are idle and b
 * goes to P1, where a's data is: makespan 4. The lowest idle CPU (P0, the
 * rule of comm: free) would have waited until 102 and ended at 104. Every
 * policy reaches 4 without waiting. */
static void colocation_beats_spreading(void **state)
{
    (void)state;
    char g[256];
    write_dot(g, sizeof g,
              "digraph k { x [cost=2]; a [cost=2]; b [cost=2];\n"
              "a -> b [comm=100]; }\n");
    for (int p = 0; p < 4; p++) {
        struct comm_run r;
        run_alone(g, 2, pols[p], "paid", &r);
        assert_int_equal(r.makespan, 4);
        assert_int_equal(r.comm_wait, 0);
        assert_int_equal(SLOT(r, 2).proc, SLOT(r, 1).proc);
        if (!strcmp(pols[p], "fifo"))
            assert_int_equal(SLOT(r, 2).proc, 1);
        check_schedule(g, 2, 1, &r);
        run_free(&r);
    }
    unlink(g);
}

/* The HEFT paper's graph (3 classes, comm on every edge): on one CPU no
 * edge is paid and the simulator equals dag_plan; comm: free gives the
 * makespans the simulator measured before communication was modelled
 * (main at 816554b, same setup); paid is never shorter here, and its
 * schedule satisfies every communication constraint. */
static void heft_paper_graph(void **state)
{
    (void)state;
    char g[700];
    sim_fmt(g, sizeof g, "%s", __FILE__);
    *strrchr(g, '/') = 0;
    strcat(g, "/data/heft.dot");
    /* fifo, cp, heft, cpop on 2 and 3 CPUs */
    static const uint64_t before[2][4] = {{88, 88, 89, 85}, {78, 71, 68, 79}};
    for (int p = 0; p < 4; p++) {
        struct comm_run r, f;
        run_alone(g, 1, pols[p], "paid", &r);
        assert_int_equal(r.makespan, plan_one_cpu(g, pols[p]));
        assert_int_equal(r.makespan, 14 + 13 + 11 + 13 + 12 + 13 + 7 + 5 + 18 + 21);
        run_free(&r);
        for (unsigned cpus = 2; cpus <= 3; cpus++) {
            run_alone(g, cpus, pols[p], "free", &f);
            assert_int_equal(f.makespan, before[cpus - 2][p]);
            assert_int_equal(f.comm_wait, 0);
            check_schedule(g, cpus, 0, &f);
            run_alone(g, cpus, pols[p], "paid", &r);
            assert_true(r.makespan >= f.makespan);
            assert_true(r.comm_wait > 0);
            check_schedule(g, cpus, 1, &r);
            printf("# heft.dot %-4s %u CPUs: free %llu, paid %llu (waiting %llu)\n", pols[p], cpus,
                   (unsigned long long)f.makespan, (unsigned long long)r.makespan,
                   (unsigned long long)r.comm_wait);
            run_free(&r);
            run_free(&f);
        }
    }
}

/* The three WfCommons samples (comm = file sizes at 1 Gbit/s): on one CPU
 * paid equals dag_plan (total work); on 2-16 CPUs paid >= free, every paid
 * schedule passes the checker with its communication constraints. The STG
 * graphs have no communication costs: paid and free coincide exactly. */
static void samples_paid_not_shorter(void **state)
{
    (void)state;
    static const char *const wf[] = {"montage-chameleon-2mass-005d-001.json",
                                     "epigenomics-chameleon-hep-1seq-100k-001.json",
                                     "1000genome-chameleon-2ch-100k-001.json"};
    char g[700];
    for (int i = 0; i < 3; i++) {
        sim_fmt(g, sizeof g, "%s/data/workflows/%s", PHOENIX_SHARED_DIR, wf[i]);
        for (int p = 0; p < 4; p++) {
            struct comm_run r, f;
            run_alone(g, 1, pols[p], "paid", &r);
            assert_int_equal(r.makespan, plan_one_cpu(g, pols[p]));
            run_free(&r);
            for (unsigned cpus = 2; cpus <= 16; cpus *= 2) {
                run_alone(g, cpus, pols[p], "free", &f);
                run_alone(g, cpus, pols[p], "paid", &r);
                if (r.makespan < f.makespan)
                    fail_msg("%s %s %u CPUs: paid %llu < free %llu", wf[i], pols[p], cpus,
                             (unsigned long long)r.makespan, (unsigned long long)f.makespan);
                check_schedule(g, cpus, 1, &r);
                if (cpus == 4)
                    printf("# %.10s %-4s 4 CPUs: free %llu ms, paid %llu ms (+%.1f%%), "
                           "waiting %llu ms\n",
                           wf[i], pols[p], (unsigned long long)f.makespan,
                           (unsigned long long)r.makespan,
                           100.0 * ((double)r.makespan - (double)f.makespan) / (double)f.makespan,
                           (unsigned long long)r.comm_wait);
                run_free(&r);
                run_free(&f);
            }
        }
    }
    static const char *const stg[] = {"50/rand0000.stg", "50/rand0114.stg", "100/rand0150.stg"};
    for (int i = 0; i < 3; i++) {
        sim_fmt(g, sizeof g, "%s/data/stg/graphs/%s", PHOENIX_SHARED_DIR, stg[i]);
        for (int p = 0; p < 4; p++) {
            struct comm_run r, f;
            run_alone(g, 4, pols[p], "free", &f);
            run_alone(g, 4, pols[p], "paid", &r);
            assert_int_equal(r.makespan, f.makespan);
            assert_int_equal(r.comm_wait, 0);
            assert_string_equal(r.trace, f.trace);
            run_free(&r);
            run_free(&f);
        }
    }
}

/* Several jobs with generated communication (ccr 2) sharing 3 CPUs: the
 * same seed gives the same trace and results byte for byte, and the data
 * wait shows in jobs.csv and summary.json. */
static void deterministic_with_comm(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024], dir[2][300];
    static char buf[2][2][1 << 17];
    const char *text = "name: d\nduration: 100ms\nschedulers: [heft]\nmachine: {cpus: 3}\n"
                       "jobs:\n  - {name: j, graph: \"gen:n=60,ccr=2\", count: 8, unit: 10us, "
                       "arrival: poisson(3ms), weight: 2}\n"
                       "  - {name: k, graph: \"gen:n=30,ccr=1,classes=2,seed=5\", count: 4, "
                       "unit: 10us, arrival: periodic(5ms), comm: paid}\n";
    if (load_text(&e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    struct run_opts o = {.trace = 1, .latency = 0};
    const char *files[2] = {"jobs.csv", "trace.txt"};
    for (int i = 0; i < 2; i++) {
        struct metrics m;
        sim_fmt(dir[i], sizeof dir[i], "/tmp/phoenix-dagcomm-%ld-%d", (long)getpid(), i);
        if (run_to_dir(&e, "heft", 5, dir[i], &o, &m, err, sizeof err))
            fail_msg("%s", err);
        for (int k = 0; k < 2; k++) {
            char p[400];
            sim_fmt(p, sizeof p, "%s/%s", dir[i], files[k]);
            FILE *f = fopen(p, "r");
            assert_non_null(f);
            size_t n = fread(buf[i][k], 1, sizeof buf[i][k] - 1, f);
            assert_true(n < sizeof buf[i][k] - 1);
            buf[i][k][n] = 0;
            fclose(f);
        }
    }
    for (int k = 0; k < 2; k++)
        assert_string_equal(buf[0][k], buf[1][k]);
    /* jobs.csv ends with comm_wait_ns; summary.json has it per job. */
    assert_non_null(strstr(buf[0][0], ",slots,comm_wait_ns\n"));
    char p[400];
    sim_fmt(p, sizeof p, "%s/summary.json", dir[0]);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    static char js[1 << 17];
    size_t n = fread(js, 1, sizeof js - 1, f);
    js[n] = 0;
    fclose(f);
    unsigned long long total = 0;
    int jobs = 0;
    for (char *q = strstr(js, "\"comm_wait_ns\": "); q; q = strstr(q + 1, "\"comm_wait_ns\": ")) {
        total += strtoull(q + 16, NULL, 10);
        jobs++;
    }
    assert_int_equal(jobs, 12);
    assert_true(total > 0);
    printf("# 12 jobs with communication on 3 CPUs: %llu us of data wait in all\n", total / 1000);
    for (int i = 0; i < 2; i++)
        sim_rm_rf(dir[i]);
    unlink(path);
    exp_free(&e);
}

/* comm takes paid or free; anything else names the line. */
static void comm_errors(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024];
    struct {
        const char *text, *want;
    } cases[] = {
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - {graph: \"gen:n=5\", comm: yes}\n",
         ":5: comm: expected paid or free, got 'yes'"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - graph: \"gen:n=5\"\n"
         "    comm: [paid]\n",
         ":6: comm: expected paid or free, got '(not a scalar)'"},
        {"name: x\nduration: 1s\nschedulers: [cp]\njobs:\n  - graph: \"gen:n=5\"\n"
         "    comm: Paid\n",
         ":6: comm: expected paid or free, got 'Paid'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(load_text(&e, cases[i].text, err, sizeof err, path, sizeof path), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
        unlink(path);
    }
    assert_int_equal(load_text(&e,
                               "name: x\nduration: 1s\nschedulers: [cp]\njobs:\n"
                               "  - {graph: \"gen:n=5\", comm: free}\n"
                               "  - {graph: \"gen:n=5\"}\n",
                               err, sizeof err, path, sizeof path),
                     0);
    assert_int_equal(e.jobs[0].comm_free, 1);
    assert_int_equal(e.jobs[1].comm_free, 0);
    unlink(path);
    exp_free(&e);
}

/* A sweep can compare paid with free: jobs.NAME.comm takes paid or free. */
static void comm_swept(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024];
    assert_int_equal(load_text(&e,
                               "name: x\nduration: 1s\nschedulers: [cp]\njobs:\n"
                               "  - {name: a, graph: \"gen:n=5\"}\n",
                               err, sizeof err, path, sizeof path),
                     0);
    assert_int_equal(exp_set(&e, "jobs.a.comm", "free", err, sizeof err), 0);
    assert_int_equal(e.jobs[0].comm_free, 1);
    assert_int_equal(exp_set(&e, "jobs.a.comm", "paid", err, sizeof err), 0);
    assert_int_equal(e.jobs[0].comm_free, 0);
    assert_int_equal(exp_set(&e, "jobs.a.comm", "yes", err, sizeof err), -1);
    assert_non_null(strstr(err, "'yes' for jobs.a.comm: expected paid or free"));
    assert_int_equal(e.jobs[0].comm_free, 0); /* refused: unchanged */
    assert_int_equal(exp_set(&e, "jobs.b.comm", "free", err, sizeof err), -1);
    assert_non_null(strstr(err, "no such job"));
    unlink(path);
    exp_free(&e);
}

int main(void)
{
    sim_test_platform();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fork_join),
        cmocka_unit_test(chain_stays),
        cmocka_unit_test(colocation_beats_spreading),
        cmocka_unit_test(heft_paper_graph),
        cmocka_unit_test(samples_paid_not_shorter),
        cmocka_unit_test(deterministic_with_comm),
        cmocka_unit_test(comm_errors),
        cmocka_unit_test(comm_swept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
