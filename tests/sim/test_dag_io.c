/*
 * Tests for the simulator's task-graph inputs (sim/dag_*.c): WfCommons
 * samples, DOT (cgraph) and STG files load with the right structure and
 * costs and schedule validly (independent checker); malformed and cyclic
 * inputs are refused with an error naming the place; the generator is
 * deterministic and honours its parameters.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dag.h"
#include "dag_check.h"
#include "dag_dot.h"
#include "dag_gen.h"
#include "dag_input.h"
#include "dag_stg.h"
#include "dag_wf.h"

static char fixture_dir[512];

static const char *fix(const char *name)
{
    static char buf[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/data/%s", fixture_dir, name);
    return buf[k];
}

/* Schedule in on P processors (class p % nclass) with every policy and a
 * short search; check each plan against in's arrays. Returns the best. */
static uint64_t schedule_all(const struct dag_input *in, uint32_t P)
{
    struct dag_built b;
    struct dag_errbuf err;
    assert_int_equal(dag_input_build(in, &b, "x", &err), 0);
    uint32_t *cls = malloc(P * sizeof *cls);
    for (uint32_t p = 0; p < P; p++)
        cls[p] = p % in->nclass;
    struct dag_procs pr = {P, cls};
    uint64_t *dur = malloc((size_t)in->n * P * sizeof *dur);
    for (uint32_t v = 0; v < in->n; v++)
        for (uint32_t p = 0; p < P; p++)
            dur[(size_t)v * P + p] = in->cost[(size_t)v * in->nclass + cls[p]];
    struct dagchk_problem pb = {in->n, P, dur, in->m, in->efrom, in->eto, in->ecomm};
    size_t wl = dag_search_work_size(in->n, P);
    void *w = aligned_alloc(8, (wl + 7) & ~(size_t)7);
    struct dag_slot *s = malloc(in->n * sizeof *s);
    struct dagchk_slot *cs = malloc(in->n * sizeof *cs);
    uint64_t best = UINT64_MAX, ms, lb, cms;
    char why[256];
    assert_int_equal(dag_lower_bound(&b.g, &pr, &lb, w, wl), 0);
    for (unsigned pol = 0; pol <= DAG_POL_COUNT; pol++) {
        if (pol < DAG_POL_COUNT) {
            assert_int_equal(dag_plan(&b.g, &pr, pol, s, &ms, w, wl), 0);
        } else {
            struct dag_search sr;
            assert_int_equal(dag_search_init(&sr, &b.g, &pr, s, 3, w, wl), 0);
            assert_true(dag_search_run(&sr, 20) >= 0);
            ms = sr.best_makespan;
            assert_true(ms <= best);
        }
        for (uint32_t v = 0; v < in->n; v++)
            cs[v] = (struct dagchk_slot){s[v].proc, s[v].start, s[v].end};
        int rc = dagchk_check(&pb, cs, &cms, why, sizeof why);
        if (rc)
            print_error("policy %u: %s\n", pol, why);
        assert_int_equal(rc, 0);
        assert_int_equal(cms, ms);
        assert_true(ms >= lb);
        if (ms < best)
            best = ms;
    }
    free(cls);
    free(dur);
    free(w);
    free(s);
    free(cs);
    dag_built_free(&b);
    return best;
}

static uint32_t find_node(const struct dag_input *in, const char *name)
{
    for (uint32_t v = 0; v < in->n; v++)
        if (!strcmp(in->names[v], name))
            return v;
    fail_msg("no node %s", name);
    return 0;
}

static uint64_t edge_comm(const struct dag_input *in, const char *a, const char *b)
{
    uint32_t u = find_node(in, a), v = find_node(in, b);
    for (uint32_t e = 0; e < in->m; e++)
        if (in->efrom[e] == u && in->eto[e] == v)
            return in->ecomm[e];
    fail_msg("no edge %s -> %s", a, b);
    return 0;
}

static void test_wfcommons_samples(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        uint32_t tasks, edges;
        uint64_t work_ms, cp_ms;
    } wf[3] = {
        {"montage-chameleon-2mass-005d-001.json", 58, 114, 221726, 21385},
        {"epigenomics-chameleon-hep-1seq-100k-001.json", 41, 48, 539307, 104822},
        {"1000genome-chameleon-2ch-100k-001.json", 52, 76, 2771295, 204686},
    };
    for (int i = 0; i < 3; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/data/workflows/%s", PHOENIX_SHARED_DIR, wf[i].file);
        struct dag_input in;
        struct dag_errbuf err;
        int rc = dag_load(path, NULL, &in, &err);
        if (rc)
            print_error("%s\n", err.msg);
        assert_int_equal(rc, 0);
        assert_int_equal(in.n, wf[i].tasks);
        assert_int_equal(in.m, wf[i].edges);
        uint64_t work = 0;
        for (uint32_t v = 0; v < in.n; v++)
            work += in.cost[v];
        /* Each runtime is rounded to the nearest millisecond. */
        assert_true(work + in.n / 2 + 1 >= wf[i].work_ms && work <= wf[i].work_ms + in.n / 2 + 1);
        uint64_t one = schedule_all(&in, 1), many = schedule_all(&in, 48);
        /* One processor: no communication, so exactly the total work. */
        assert_int_equal(one, work);
        assert_true(many + in.n >= wf[i].cp_ms);
        print_message("%s: %u tasks, 1 proc %llu ms, 48 procs %llu ms (CP %llu ms)\n",
                      wf[i].file, in.n, (unsigned long long)one, (unsigned long long)many,
                      (unsigned long long)wf[i].cp_ms);
        dag_input_free(&in);
    }
}

static void test_wf_costs_and_comm(void **state)
{
    (void)state;
    struct dag_input in;
    struct dag_errbuf err;
    assert_int_equal(dag_wf_load(fix("small.json"), &in, &err, DAG_WF_BANDWIDTH), 0);
    assert_int_equal(in.n, 3);
    assert_int_equal(in.cost[find_node(&in, "a")], 1500);
    assert_int_equal(in.cost[find_node(&in, "b")], 0);
    assert_int_equal(in.cost[find_node(&in, "c")], 2001);
    /* a->b carries f1 and f2 (375,001 bytes), a->c only f2 (125,001):
     * at 125,000 bytes per ms, rounded up. */
    assert_int_equal(edge_comm(&in, "a", "b"), 4);
    assert_int_equal(edge_comm(&in, "a", "c"), 2);
    dag_input_free(&in);
    assert_int_equal(dag_wf_load(fix("small.json"), &in, &err, 1000), 0);
    assert_int_equal(edge_comm(&in, "a", "b"), 376);
    dag_input_free(&in);
}

static void test_dot_heterogeneous_heft(void **state)
{
    (void)state;
    struct dag_input in;
    struct dag_errbuf err;
    assert_int_equal(dag_load(fix("heft.dot"), NULL, &in, &err), 0);
    assert_int_equal(in.n, 10);
    assert_int_equal(in.m, 15);
    assert_int_equal(in.nclass, 3);
    assert_int_equal(in.nprocs, 3);
    uint32_t n9 = find_node(&in, "n9");
    assert_int_equal(in.cost[n9 * 3 + 0], 18);
    assert_int_equal(in.cost[n9 * 3 + 1], 12);
    assert_int_equal(in.cost[n9 * 3 + 2], 20);
    assert_int_equal(edge_comm(&in, "n4", "n8"), 27);
    struct dag_built b;
    assert_int_equal(dag_input_build(&in, &b, "heft.dot", &err), 0);
    static const uint32_t cls[3] = {0, 1, 2};
    struct dag_procs pr = {3, cls};
    size_t wl = dag_plan_work_size(10, 3);
    void *w = aligned_alloc(8, (wl + 7) & ~(size_t)7);
    struct dag_slot s[10];
    uint64_t ms;
    assert_int_equal(dag_plan(&b.g, &pr, DAG_POL_HEFT, s, &ms, w, wl), 0);
    assert_int_equal(ms, 80);
    assert_int_equal(dag_plan(&b.g, &pr, DAG_POL_CPOP, s, &ms, w, wl), 0);
    assert_int_equal(ms, 86);
    assert_true(schedule_all(&in, 3) <= 80);
    free(w);
    dag_built_free(&b);
    dag_input_free(&in);

    /* Edge chains and defaults: a -> b -> d [comm=6] sets both edges. */
    assert_int_equal(dag_load(fix("chain.gv"), NULL, &in, &err), 0);
    assert_int_equal(in.nclass, 1);
    assert_int_equal(in.nprocs, 0);
    assert_int_equal(edge_comm(&in, "a", "b"), 6);
    assert_int_equal(edge_comm(&in, "b", "d"), 6);
    assert_int_equal(edge_comm(&in, "a", "c"), 0);
    assert_int_equal(edge_comm(&in, "c", "d"), 1);
    /* One processor: 3 + 4 + 5 + 2, no communication. */
    assert_int_equal(schedule_all(&in, 1), 14);
    dag_input_free(&in);
}

/* Loading (and building) fixture name must fail with a message holding
 * every one of the given fragments. */
static void expect_refused(const char *name, const char *frag1, const char *frag2)
{
    struct dag_input in;
    struct dag_errbuf err = {{0}};
    int rc = dag_load(fix(name), NULL, &in, &err);
    if (rc == 0) {
        struct dag_built b;
        rc = dag_input_build(&in, &b, fix(name), &err);
        dag_input_free(&in);
        if (rc == 0)
            dag_built_free(&b);
    }
    print_message("%s -> %s\n", name, err.msg);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err.msg, frag1));
    if (frag2)
        assert_non_null(strstr(err.msg, frag2));
}

static void test_bad_inputs_refused(void **state)
{
    (void)state;
    expect_refused("cyclic.dot", "cyclic.dot: edge 'c' -> 'a' closes a cycle", NULL);
    expect_refused("malformed.dot", "malformed.dot:3: ", "syntax error");
    expect_refused("badcost.dot", "badcost.dot: node 'a'", "\"ten\"");
    expect_refused("undirected.dot", "undirected", NULL);
    expect_refused("malformed.stg", "malformed.stg:4: ", "'x'");
    expect_refused("forward.stg", "forward.stg:3: ", "not an earlier task");
    expect_refused("malformed.json", "malformed.json:5: column ", NULL);
    expect_refused("cyclic.json", "closes a cycle", NULL);
    expect_refused("missing.stg", "missing.stg: cannot open", NULL);
    expect_refused("heft.txt", "unknown file type", NULL);
    /* A real STG file with its last line cut off. */
    struct dag_input in;
    struct dag_errbuf err;
    char tmp[] = "/tmp/phx_dag_cut_XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("  3\n  0 0 0\n  1 5 1 0\n", f);
    fclose(f);
    assert_int_equal(dag_stg_load(tmp, &in, &err), -1);
    assert_non_null(strstr(err.msg, ":3: file ends inside task 2"));
    remove(tmp);
}

static void test_stg_structure(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/data/stg/graphs/50/rand0000.stg", PHOENIX_SHARED_DIR);
    struct dag_input in;
    struct dag_errbuf err;
    assert_int_equal(dag_stg_load(path, &in, &err), 0);
    assert_int_equal(in.n, 52);
    uint64_t work = 0;
    for (uint32_t v = 0; v < in.n; v++)
        work += in.cost[v];
    assert_int_equal(work, 262); /* optimal.csv total_work */
    assert_int_equal(schedule_all(&in, 1), 262);
    assert_int_equal(schedule_all(&in, 16), 55); /* the critical path */
    dag_input_free(&in);
}

static int same_input(const struct dag_input *a, const struct dag_input *b)
{
    return a->n == b->n && a->m == b->m && a->nclass == b->nclass &&
           !memcmp(a->cost, b->cost, (size_t)a->n * a->nclass * sizeof *a->cost) &&
           !memcmp(a->efrom, b->efrom, a->m * sizeof *a->efrom) &&
           !memcmp(a->eto, b->eto, a->m * sizeof *a->eto) &&
           !memcmp(a->ecomm, b->ecomm, a->m * sizeof *a->ecomm);
}

static void test_generator(void **state)
{
    (void)state;
    struct dag_gen_params p;
    struct dag_errbuf err;
    dag_gen_defaults(&p);
    assert_int_equal(dag_gen_parse("n=400,fat=0.5,density=0.2,regularity=0.5,jump=3,ccr=2,"
                                   "cost=50,classes=3,hetero=0.5,seed=42", &p, &err), 0);
    print_message("generator seed %llu\n", (unsigned long long)p.seed);
    struct dag_input a, b, c;
    dag_gen(&p, &a);
    dag_gen(&p, &b);
    assert_true(same_input(&a, &b));
    p.seed = 43;
    dag_gen(&p, &c);
    assert_false(same_input(&a, &c));
    assert_int_equal(a.n, 400);
    assert_int_equal(a.nclass, 3);
    /* Every non-first-level task has a parent; edges go forward; the
     * communication-to-computation ratio is near 2. */
    uint32_t *indeg = calloc(a.n, sizeof *indeg);
    double comm = 0, cost = 0;
    for (uint32_t e = 0; e < a.m; e++) {
        assert_true(a.efrom[e] < a.eto[e]);
        indeg[a.eto[e]]++;
        comm += (double)a.ecomm[e];
    }
    for (uint32_t v = 0; v < (uint32_t)a.n * a.nclass; v++)
        cost += (double)a.cost[v];
    double ccr = (comm / a.m) / (cost / (a.n * a.nclass));
    print_message("generated %u tasks, %u edges, ccr %.2f\n", a.n, a.m, ccr);
    assert_true(ccr > 1.6 && ccr < 2.4);
    uint32_t roots = 0;
    for (uint32_t v = 0; v < a.n; v++)
        roots += indeg[v] == 0;
    assert_true(roots >= 1 && roots < 60); /* only the first level (~20 wide) */
    free(indeg);
    schedule_all(&a, 6);
    dag_input_free(&a);
    dag_input_free(&b);
    dag_input_free(&c);
    /* fat=1: one level, no edges. */
    dag_gen_defaults(&p);
    assert_int_equal(dag_gen_parse("n=50,fat=1,regularity=1", &p, &err), 0);
    dag_gen(&p, &a);
    assert_int_equal(a.m, 0);
    dag_input_free(&a);
    assert_int_equal(dag_gen_parse("n=0", &p, &err), -1);
    assert_int_equal(dag_gen_parse("fat=2", &p, &err), -1);
    assert_int_equal(dag_gen_parse("bogus=1", &p, &err), -1);
    assert_non_null(strstr(err.msg, "bogus"));
    assert_int_equal(dag_gen_parse("n", &p, &err), -1);
}

int main(void)
{
    /* Fixtures sit in tests/sim/data next to this source file. */
    snprintf(fixture_dir, sizeof fixture_dir, "%s", __FILE__);
    char *slash = strrchr(fixture_dir, '/');
    if (slash)
        *slash = 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wfcommons_samples),
        cmocka_unit_test(test_wf_costs_and_comm),
        cmocka_unit_test(test_dot_heterogeneous_heft),
        cmocka_unit_test(test_bad_inputs_refused),
        cmocka_unit_test(test_stg_structure),
        cmocka_unit_test(test_generator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
