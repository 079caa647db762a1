/*
 * Tests for the DAG/Beatty hybrid (dag_mux in core/dag.h): several DAG jobs
 * share the picks in proportion to their weights with lag below one pick
 * (Beatty's bound), a job without ready nodes is skipped and comes back
 * when a finish releases one, and failures stay inside their job.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dag.h"
#include "core/error.h"
#include "fake_platform.h"

#define MAXN 1000

/* One job: a graph (wide: no edges; or a chain) and its exec. */
struct job {
    struct dag g;
    struct dag_node nodes[MAXN];
    struct dag_edge edges[MAXN];
    uint64_t cost[MAXN];
    uint32_t work[DAG_GRAPH_WORK(MAXN)];
    uint64_t prio[MAXN];
    _Alignas(8) unsigned char xw[4 * MAXN * 4 + MAXN + 64];
    struct dag_exec x;
};

static struct job *job_new(uint32_t n, int chain)
{
    struct job *j = calloc(1, sizeof *j);
    assert_int_equal(dag_init(&j->g, j->nodes, MAXN, j->edges, MAXN, j->cost, 1, j->work), 0);
    uint64_t c = 1;
    uint32_t id;
    for (uint32_t v = 0; v < n; v++)
        assert_int_equal(dag_add_node(&j->g, &c, &id), 0);
    for (uint32_t v = 0; chain && v + 1 < n; v++)
        assert_int_equal(dag_add_edge(&j->g, v, v + 1, 0), 0);
    assert_true(dag_exec_work_size(n) <= sizeof j->xw);
    assert_int_equal(dag_exec_init(&j->x, &j->g, j->prio, 0, j->xw, sizeof j->xw), 0);
    return j;
}

/* Weights 3:2:1 over always-ready jobs: after t picks job i has received
 * within one pick of t * w_i / W, and exactly w_i per W picks. */
static void test_shares_follow_weights(void **state)
{
    (void)state;
    struct job *a = job_new(MAXN, 0), *b = job_new(MAXN, 0), *c = job_new(MAXN, 0);
    struct dag_exec *xs[3] = {&a->x, &b->x, &c->x};
    static const uint32_t w[3] = {3, 2, 1};
    struct dag_mux_job jobs[3];
    struct sched_node nodes[SCHED_NODES(3)];
    struct dag_mux m;
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 3, xs, w), 0);
    uint64_t got[3] = {0};
    for (uint64_t t = 1; t <= 600; t++) {
        uint32_t j, v;
        assert_int_equal(dag_mux_pick(&m, 0, &j, &v), 0);
        assert_true(j < 3);
        got[j]++;
        assert_int_equal(dag_mux_finish(&m, j, v, 0, NULL), 0);
        for (int i = 0; i < 3; i++) {
            /* |got_i - t*w_i/W| < 1, in integers (W = 6). */
            int64_t d = (int64_t)(got[i] * 6) - (int64_t)(t * w[i]);
            assert_true(d > -6 && d < 6);
        }
        if (t % 6 == 0)
            for (int i = 0; i < 3; i++)
                assert_int_equal(got[i], t / 6 * w[i]);
    }
    free(a);
    free(b);
    free(c);
}

/* A chain job has one ready node at a time: while its node runs it is
 * skipped, and it is picked again right after the finish releases the next. */
static void test_job_without_ready_nodes_is_skipped(void **state)
{
    (void)state;
    struct job *chain = job_new(5, 1), *wide = job_new(50, 0);
    struct dag_exec *xs[2] = {&chain->x, &wide->x};
    static const uint32_t w[2] = {10, 1};
    struct dag_mux_job jobs[2];
    struct sched_node nodes[SCHED_NODES(2)];
    struct dag_mux m;
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 2, xs, w), 0);
    uint32_t j, v, running;
    assert_int_equal(dag_mux_pick(&m, 0, &j, &v), 0);
    assert_int_equal(j, 0); /* the heavy job first */
    running = v;
    /* Its next node waits for `running`: every pick now goes to the wide job. */
    for (int k = 0; k < 5; k++) {
        assert_int_equal(dag_mux_pick(&m, 1, &j, &v), 0);
        assert_int_equal(j, 1);
    }
    assert_int_equal(dag_mux_finish(&m, 0, running, 0, NULL), 0);
    assert_int_equal(dag_mux_pick(&m, 0, &j, &v), 0);
    assert_int_equal(j, 0);
    assert_int_equal(v, 1);
    free(chain);
    free(wide);
}

/* A failure cancels its job's dependents only; when every job is done or
 * cancelled nothing is left to pick. */
static void test_failure_stays_in_its_job(void **state)
{
    (void)state;
    struct job *chain = job_new(4, 1), *wide = job_new(3, 0);
    struct dag_exec *xs[2] = {&chain->x, &wide->x};
    static const uint32_t w[2] = {1, 1};
    struct dag_mux_job jobs[2];
    struct sched_node nodes[SCHED_NODES(2)];
    struct dag_mux m;
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 2, xs, w), 0);
    uint32_t j, v, nc, picks[2] = {0};
    int failed = 0;
    fake_trace_reset();
    while (dag_mux_pick(&m, 0, &j, &v) == 0) {
        picks[j]++;
        if (j == 0 && !failed) {
            assert_int_equal(dag_mux_fail(&m, 0, v, NULL, 0, &nc), 0);
            assert_int_equal(nc, 3);
            failed = 1;
        } else {
            assert_int_equal(dag_mux_finish(&m, j, v, 0, NULL), 0);
        }
    }
    assert_int_equal(picks[0], 1);
    assert_int_equal(picks[1], 3);
    /* The run queue stays silent; the DAG records tell what happened. */
    assert_int_equal(fake_trace_count_kind(TR_DAG_START), 4);
    assert_int_equal(fake_trace_count_kind(TR_DAG_FAIL), 1);
    assert_int_equal(fake_trace_count_kind(TR_SCHED_SWITCH), 0);
    assert_true(dag_exec_over(&chain->x) && dag_exec_over(&wide->x));
    assert_int_equal(dag_mux_finish(&m, 2, 0, 0, NULL), CORE_E_INVAL);
    free(chain);
    free(wide);
}

static void test_init_checks_first(void **state)
{
    (void)state;
    struct job *a = job_new(3, 0);
    struct dag_exec *xs[2] = {&a->x, NULL};
    uint32_t w[2] = {1, 0};
    struct dag_mux_job jobs[2];
    struct sched_node nodes[SCHED_NODES(2)];
    struct dag_mux m;
    memset(&m, 0xab, sizeof m);
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 2, xs, w), CORE_E_INVAL);
    xs[1] = &a->x;
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 2, xs, w), SCHED_E_WEIGHT);
    assert_int_equal(dag_mux_init(&m, jobs, nodes, 0, xs, w), SCHED_E_CAPACITY);
    /* Nothing was touched by the refused calls. */
    unsigned char pattern[sizeof m];
    memset(pattern, 0xab, sizeof pattern);
    assert_memory_equal(&m, pattern, sizeof m);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_follow_weights),
        cmocka_unit_test(test_job_without_ready_nodes_is_skipped),
        cmocka_unit_test(test_failure_stays_in_its_job),
        cmocka_unit_test(test_init_checks_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
