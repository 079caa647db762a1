/*
 * `phoenix-bench dag`: how long libcore's DAG planners take. For generated
 * graphs of 100, 1,000 and 10,000 nodes (dag_gen: fat 0.5, density chosen
 * for about 4 parents per node, jump 2, CCR 1, 4 processor classes with
 * cost spread 0.5, 8 processors) it times building the graph (every edge
 * through the cycle check), one plan per policy, and one improvement-search
 * iteration. Medians over repetitions; one JSON document on stdout.
 * Options: --procs P (default 8), --seed S (default 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dag.h"
#include "dag_gen.h"
#include "dag_input.h"
#include "harness.h"

int bench_dag(int argc, char **argv);

struct ctx {
    struct dag_input in;
    struct dag_built b;
    struct dag_procs pr;
    unsigned pol;
    struct dag_slot *slots;
    void *work;
    size_t wl;
};

static uint64_t run_build(void *p, uint64_t ops)
{
    struct ctx *c = p;
    struct dag_errbuf err;
    uint64_t sink = 0;
    for (uint64_t i = 0; i < ops; i++) {
        struct dag_built b;
        if (dag_input_build(&c->in, &b, "gen", &err) == 0) {
            sink += b.g.m;
            dag_built_free(&b);
        }
    }
    return sink;
}

static uint64_t run_plan(void *p, uint64_t ops)
{
    struct ctx *c = p;
    uint64_t sink = 0, ms;
    for (uint64_t i = 0; i < ops; i++) {
        if (dag_plan(&c->b.g, &c->pr, c->pol, c->slots, &ms, c->work, c->wl) == 0)
            sink += ms;
    }
    return sink;
}

static uint64_t run_search(void *p, uint64_t ops)
{
    struct ctx *c = p;
    struct dag_search s;
    if (dag_search_init(&s, &c->b.g, &c->pr, c->slots, 1, c->work, c->wl))
        return 0;
    /* The lower bound is out of reach on these graphs, so every iteration runs. */
    s.lower_bound = 0;
    dag_search_run(&s, (uint32_t)ops);
    return s.best_makespan;
}

int bench_dag(int argc, char **argv)
{
    uint32_t procs = (uint32_t)atoi(bh_opt(argc, argv, "--procs", "8"));
    uint64_t seed = strtoull(bh_opt(argc, argv, "--seed", "1"), NULL, 10);
    if (procs == 0 || procs > DAG_MAX_PROCS) {
        fprintf(stderr, "phoenix-bench dag: --procs needs 1..%u\n", DAG_MAX_PROCS);
        return 2;
    }
    static const uint32_t sizes[3] = {100, 1000, 10000};
    uint32_t cls[DAG_MAX_PROCS];
    for (uint32_t p = 0; p < procs; p++)
        cls[p] = p % 4;
    bh_json_begin_obj(NULL);
    bh_json_str("area", "dag");
    bh_json_int("procs", procs);
    bh_json_int("seed", (int64_t)seed);
    bh_json_begin_arr("graphs");
    for (int k = 0; k < 3; k++) {
        struct ctx c;
        struct dag_gen_params gp;
        struct dag_errbuf err;
        dag_gen_defaults(&gp);
        gp.n = sizes[k];
        gp.fat = 0.5;
        gp.jump = 2;
        gp.ccr = 1.0;
        gp.classes = 4;
        gp.hetero = 0.5;
        gp.seed = seed;
        /* About 4 parents per node: candidates are ~2 levels of n^0.5. */
        gp.density = 2.0 / (2.0 * 1.0 * (double)(uint32_t)(0.5 + __builtin_sqrt(sizes[k])));
        dag_gen(&gp, &c.in);
        if (dag_input_build(&c.in, &c.b, "gen", &err)) {
            fprintf(stderr, "phoenix-bench dag: %s\n", err.msg);
            return 1;
        }
        c.pr = (struct dag_procs){procs, cls};
        c.wl = dag_search_work_size(c.in.n, procs);
        c.work = aligned_alloc(8, (c.wl + 7) & ~(size_t)7);
        c.slots = malloc(c.in.n * sizeof *c.slots);
        unsigned reps = k == 2 ? 5 : 11;
        uint64_t ops = k == 0 ? 100 : (k == 1 ? 10 : 1);
        bh_json_begin_obj(NULL);
        bh_json_int("nodes", c.in.n);
        bh_json_int("edges", c.in.m);
        struct bh_result r = bh_measure(run_build, &c, ops, reps);
        bh_json_result("build", &r);
        bh_json_begin_obj("policies");
        for (unsigned pol = 0; pol < DAG_POL_COUNT; pol++) {
            uint64_t ms = 0;
            dag_plan(&c.b.g, &c.pr, pol, c.slots, &ms, c.work, c.wl);
            c.pol = pol;
            r = bh_measure(run_plan, &c, ops, reps);
            bh_json_begin_obj(dag_policy_name(pol));
            bh_json_int("makespan", (int64_t)ms);
            bh_json_num("ms", r.ns / 1e6);
            bh_json_result("time", &r);
            bh_json_end_obj();
        }
        bh_json_end_obj();
        r = bh_measure(run_search, &c, ops, reps);
        bh_json_result("search_iteration", &r);
        bh_json_end_obj();
        free(c.work);
        free(c.slots);
        dag_built_free(&c.b);
        dag_input_free(&c.in);
    }
    bh_json_end_arr();
    bh_json_end_obj();
    return bh_json_done();
}
