/*
 * Tests for core/dag.h: graph arenas and Pearce-Kelly cycle rejection
 * (checked against brute-force reachability), the planners on the HEFT
 * paper's example (Topcuoglu, Hariri and Wu, IEEE TPDS 2002: HEFT 80,
 * CPOP 86) and on seeded random heterogeneous graphs, every schedule checked
 * by the independent checker (tests/support/dag_check.c), and the execution
 * state machine with failure cancelling dependents.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dag.h"
#include "core/error.h"
#include "dag_check.h"
#include "fake_platform.h"

/* A graph with its arenas, sized for the tests. */
struct tg {
    struct dag g;
    struct dag_node *nodes;
    struct dag_edge *edges;
    uint64_t *cost;
    uint32_t *work;
};

static void tg_init(struct tg *t, uint32_t ncap, uint32_t ecap, uint32_t nclass)
{
    t->nodes = malloc(ncap * sizeof *t->nodes);
    t->edges = malloc((ecap ? ecap : 1) * sizeof *t->edges);
    t->cost = malloc((size_t)ncap * nclass * sizeof *t->cost);
    t->work = malloc(DAG_GRAPH_WORK(ncap) * sizeof *t->work);
    assert_int_equal(dag_init(&t->g, t->nodes, ncap, t->edges, ecap, t->cost, nclass, t->work),
                     CORE_OK);
}

static void tg_free(struct tg *t)
{
    free(t->nodes);
    free(t->edges);
    free(t->cost);
    free(t->work);
}

static void *walloc(size_t n)
{
    return aligned_alloc(8, (n + 7) & ~(size_t)7);
}

/* Check a plan with the independent checker; returns its makespan. */
static uint64_t check_plan(const struct dag *g, const struct dag_procs *pr,
                           const struct dag_slot *slot)
{
    uint32_t n = g->n, P = pr->nprocs;
    uint64_t *dur = malloc((size_t)n * P * sizeof *dur);
    uint32_t *from = malloc((g->m + 1) * sizeof *from), *to = malloc((g->m + 1) * sizeof *to);
    uint64_t *comm = malloc((g->m + 1) * sizeof *comm);
    struct dagchk_slot *s = malloc(n * sizeof *s);
    for (uint32_t v = 0; v < n; v++) {
        for (uint32_t p = 0; p < P; p++)
            dur[(size_t)v * P + p] = g->cost[(size_t)v * g->nclass + pr->cls[p]];
        s[v] = (struct dagchk_slot){slot[v].proc, slot[v].start, slot[v].end};
    }
    for (uint32_t e = 0; e < g->m; e++) {
        from[e] = g->edges[e].from;
        to[e] = g->edges[e].to;
        comm[e] = g->edges[e].comm;
    }
    struct dagchk_problem pb = {n, P, dur, g->m, from, to, comm};
    char why[256] = "";
    uint64_t ms = 0;
    int rc = dagchk_check(&pb, s, &ms, why, sizeof why);
    if (rc)
        print_error("invalid schedule: %s\n", why);
    assert_int_equal(rc, 0);
    free(dur);
    free(from);
    free(to);
    free(comm);
    free(s);
    return ms;
}

/* ---- The HEFT paper's example ----------------------------------------- */

static const uint64_t heft_cost[10][3] = {{14, 16, 9}, {13, 19, 18}, {11, 13, 19}, {13, 8, 17},
                                          {12, 13, 10}, {13, 16, 9},  {7, 15, 11},  {5, 11, 14},
                                          {18, 12, 20}, {21, 7, 16}};
static const uint32_t heft_edge[15][3] = {{1, 2, 18}, {1, 3, 12}, {1, 4, 9},  {1, 5, 11},
                                          {1, 6, 14}, {2, 8, 19}, {2, 9, 16}, {3, 7, 23},
                                          {4, 8, 27}, {4, 9, 23}, {5, 9, 13}, {6, 8, 15},
                                          {7, 10, 17}, {8, 10, 11}, {9, 10, 13}};
static const uint32_t three_cls[3] = {0, 1, 2};

static void heft_graph(struct tg *t)
{
    tg_init(t, 10, 15, 3);
    for (uint32_t i = 0; i < 10; i++) {
        uint32_t id;
        assert_int_equal(dag_add_node(&t->g, heft_cost[i], &id), CORE_OK);
        assert_int_equal(id, i);
    }
    for (uint32_t e = 0; e < 15; e++)
        assert_int_equal(
            dag_add_edge(&t->g, heft_edge[e][0] - 1, heft_edge[e][1] - 1, heft_edge[e][2]),
            CORE_OK);
}

static void test_heft_paper_example(void **state)
{
    (void)state;
    struct tg t;
    heft_graph(&t);
    struct dag_procs pr = {3, three_cls};
    size_t wl = dag_plan_work_size(10, 3);
    void *w = walloc(wl);
    struct dag_slot s[10];
    uint64_t ms;

    /* Upward ranks of the paper's Table 2, times P = 3 (exact rationals). */
    static const uint64_t rank3[10] = {324, 231, 240, 240, 207, 190, 128, 107, 133, 44};
    uint64_t prio[10];
    assert_int_equal(dag_priorities(&t.g, &pr, DAG_POL_HEFT, prio, w, wl), CORE_OK);
    for (int i = 0; i < 10; i++)
        assert_int_equal(prio[i], rank3[i]);

    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_HEFT, s, &ms, w, wl), CORE_OK);
    assert_int_equal(ms, 80);
    assert_int_equal(check_plan(&t.g, &pr, s), 80);
    /* The paper's Fig. 4(a): n1 on P3 at 0..9, n10 on P2 at 73..80. */
    assert_int_equal(s[0].proc, 2);
    assert_int_equal(s[0].end, 9);
    assert_int_equal(s[9].proc, 1);
    assert_int_equal(s[9].start, 73);

    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_CPOP, s, &ms, w, wl), CORE_OK);
    assert_int_equal(ms, 86);
    assert_int_equal(check_plan(&t.g, &pr, s), 86);
    /* CPOP's critical path n1 n2 n9 n10 all runs on P2 (cheapest: 54). */
    assert_int_equal(s[0].proc, 1);
    assert_int_equal(s[1].proc, 1);
    assert_int_equal(s[8].proc, 1);
    assert_int_equal(s[9].proc, 1);

    for (unsigned p = 0; p < DAG_POL_COUNT; p++) {
        assert_int_equal(dag_plan(&t.g, &pr, p, s, &ms, w, wl), CORE_OK);
        assert_int_equal(check_plan(&t.g, &pr, s), ms);
        print_message("heft example: %s makespan %llu\n", dag_policy_name(p),
                      (unsigned long long)ms);
    }
    /* Too little work area is refused, not overrun. */
    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_HEFT, s, &ms, w, 64), DAG_E_WORK);
    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_HEFT, s, &ms, w, wl - 8), DAG_E_WORK);
    free(w);
    tg_free(&t);
}

static void test_policy_names(void **state)
{
    (void)state;
    for (unsigned p = 0; p < DAG_POL_COUNT; p++)
        assert_int_equal(dag_policy_parse(dag_policy_name(p)), (int)p);
    assert_int_equal(dag_policy_parse("hef"), DAG_E_POLICY);
    assert_int_equal(dag_policy_parse("heftx"), DAG_E_POLICY);
    assert_null(dag_policy_name(DAG_POL_COUNT));
    assert_string_equal(core_strerror(DAG_E_CYCLE), "DAG_E_CYCLE");
}

/* ---- Graph construction and cycles ------------------------------------ */

static void test_edge_errors_leave_graph_unchanged(void **state)
{
    (void)state;
    struct tg t;
    tg_init(&t, 4, 3, 1);
    uint64_t c = 1, big = DAG_COST_MAX + 1;
    uint32_t id;
    assert_int_equal(dag_add_node(&t.g, &big, &id), DAG_E_COST);
    for (int i = 0; i < 4; i++)
        assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_OK);
    assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_E_FULL);
    assert_int_equal(dag_add_edge(&t.g, 0, 0, 0), DAG_E_SELF);
    assert_int_equal(dag_add_edge(&t.g, 0, 4, 0), DAG_E_NODE);
    assert_int_equal(dag_add_edge(&t.g, 0, 1, big), DAG_E_COST);
    assert_int_equal(dag_add_edge(&t.g, 0, 1, 5), CORE_OK);
    assert_int_equal(dag_add_edge(&t.g, 0, 1, 5), DAG_E_DUP);
    assert_int_equal(dag_add_edge(&t.g, 1, 0, 5), DAG_E_CYCLE);
    assert_int_equal(dag_add_edge(&t.g, 1, 2, 5), CORE_OK);
    assert_int_equal(dag_add_edge(&t.g, 2, 0, 5), DAG_E_CYCLE);
    assert_int_equal(dag_add_edge(&t.g, 0, 2, 5), CORE_OK);
    assert_int_equal(dag_add_edge(&t.g, 2, 3, 5), CORE_E_FULL);
    assert_int_equal(t.g.m, 3);
    assert_int_equal(t.g.nodes[0].outdeg, 2);
    assert_int_equal(t.g.nodes[0].indeg, 0);
    for (uint32_t v = 0; v < 4; v++)
        assert_int_equal(t.g.nodes[v].mark, 0);
    assert_int_equal(dag_init(&t.g, t.nodes, 0, t.edges, 2, t.cost, 1, t.work), CORE_E_INVAL);
    tg_free(&t);
}

/* A 50,000-node chain: closing it needs a 50,000-deep search, which a
 * recursive implementation would not survive on a small stack. */
static void test_deep_chain_cycle(void **state)
{
    (void)state;
    const uint32_t n = 50000;
    struct tg t;
    tg_init(&t, n, n, 1);
    uint64_t c = 1;
    uint32_t id;
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_OK);
    for (uint32_t i = 0; i + 1 < n; i++)
        assert_int_equal(dag_add_edge(&t.g, i, i + 1, 0), CORE_OK);
    assert_int_equal(dag_add_edge(&t.g, n - 1, 0, 0), DAG_E_CYCLE);
    assert_int_equal(dag_add_edge(&t.g, n / 2, 1, 0), DAG_E_CYCLE);
    assert_int_equal(dag_add_edge(&t.g, 0, n - 1, 0), CORE_OK);
    assert_int_equal(t.g.m, n);
    tg_free(&t);
}

/* Edges arriving back to front (i+1 -> i): every insert reorders the whole
 * prefix of the order, the worst case for the incremental order. */
static void test_reverse_chain_reorders(void **state)
{
    (void)state;
    const uint32_t n = 2000;
    struct tg t;
    tg_init(&t, n, n, 1);
    uint64_t c = 1;
    uint32_t id;
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_OK);
    for (uint32_t i = 0; i + 1 < n; i++)
        assert_int_equal(dag_add_edge(&t.g, i + 1, i, 0), CORE_OK);
    assert_int_equal(dag_add_edge(&t.g, 0, n - 1, 0), DAG_E_CYCLE);
    for (uint32_t v = 0; v < n; v++)
        assert_int_equal(t.g.nodes[v].ord, n - 1 - v);
    tg_free(&t);
}

/* Random inserts, each decision checked against reachability computed by
 * brute force on an adjacency matrix, and the maintained order checked to
 * be topological and a permutation after every insert. */
static void test_random_cycles_vs_bruteforce(void **state)
{
    (void)state;
    const uint32_t n = 60, tries = 1500;
    uint64_t seed = 20260601;
    print_message("seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    struct tg t;
    tg_init(&t, n, tries, 1);
    uint64_t c = 1;
    uint32_t id;
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_OK);
    static uint8_t adj[60][60];
    memset(adj, 0, sizeof adj);
    uint32_t accepted = 0, refused = 0;
    for (uint32_t k = 0; k < tries; k++) {
        uint32_t u = (uint32_t)(fake_random_u64() % n), v = (uint32_t)(fake_random_u64() % n);
        if (u == v || adj[u][v])
            continue;
        /* Would v reach u? Then u->v closes a cycle. Plain BFS. */
        uint8_t seen[60] = {0};
        uint32_t q[60], qh = 0, qt = 0;
        seen[v] = 1;
        q[qt++] = v;
        while (qh < qt) {
            uint32_t x = q[qh++];
            for (uint32_t y = 0; y < n; y++)
                if (adj[x][y] && !seen[y]) {
                    seen[y] = 1;
                    q[qt++] = y;
                }
        }
        int rc = dag_add_edge(&t.g, u, v, 0);
        if (seen[u]) {
            assert_int_equal(rc, DAG_E_CYCLE);
            refused++;
        } else {
            assert_int_equal(rc, CORE_OK);
            adj[u][v] = 1;
            accepted++;
        }
        uint8_t used[60] = {0};
        for (uint32_t x = 0; x < n; x++) {
            assert_true(t.g.nodes[x].ord < n);
            assert_int_equal(t.g.pos[t.g.nodes[x].ord], x);
            used[t.g.nodes[x].ord] = 1;
        }
        for (uint32_t x = 0; x < n; x++)
            assert_true(used[x]);
        for (uint32_t e = 0; e < t.g.m; e++)
            assert_true(t.g.nodes[t.g.edges[e].from].ord < t.g.nodes[t.g.edges[e].to].ord);
    }
    print_message("accepted %u refused %u\n", accepted, refused);
    assert_true(accepted > 100 && refused > 100);
    tg_free(&t);
}

/* ---- Planners on random heterogeneous graphs -------------------------- */

static void random_graph(struct tg *t, uint32_t n, uint32_t nclass, uint64_t seed, int comm)
{
    fake_random_seed(seed);
    tg_init(t, n, 4 * n, nclass);
    uint64_t c[8];
    uint32_t id;
    for (uint32_t v = 0; v < n; v++) {
        for (uint32_t k = 0; k < nclass; k++)
            c[k] = fake_random_u64() % 40 + (v % 7 == 0 ? 0 : 1);
        assert_int_equal(dag_add_node(&t->g, c, &id), CORE_OK);
    }
    for (uint32_t k = 0; k < 4 * n; k++) {
        uint32_t u = (uint32_t)(fake_random_u64() % n), v = (uint32_t)(fake_random_u64() % n);
        uint64_t cm = comm ? fake_random_u64() % 30 : 0;
        int rc = dag_add_edge(&t->g, u, v, cm);
        assert_true(rc == CORE_OK || rc == DAG_E_CYCLE || rc == DAG_E_DUP || rc == DAG_E_SELF);
    }
}

static void test_policies_valid_on_random_graphs(void **state)
{
    (void)state;
    static const uint32_t cls[6] = {0, 1, 2, 0, 1, 2};
    for (uint64_t seed = 1; seed <= 12; seed++) {
        struct tg t;
        uint32_t n = 30 + (uint32_t)(seed * 7), P = 1 + (uint32_t)(seed % 6);
        uint32_t nclass = seed % 2 ? 3 : 1;
        uint32_t cl1[6] = {0, 0, 0, 0, 0, 0};
        random_graph(&t, n, nclass, seed, seed % 3 != 0);
        struct dag_procs pr = {P, nclass == 3 ? cls : cl1};
        size_t wl = dag_search_work_size(n, P);
        void *w = walloc(wl);
        struct dag_slot *s = malloc(n * sizeof *s), *best = malloc(n * sizeof *best);
        uint64_t ms, lb, top = UINT64_MAX;
        assert_int_equal(dag_lower_bound(&t.g, &pr, &lb, w, wl), CORE_OK);
        for (unsigned p = 0; p < DAG_POL_COUNT; p++) {
            assert_int_equal(dag_plan(&t.g, &pr, p, s, &ms, w, wl), CORE_OK);
            assert_int_equal(check_plan(&t.g, &pr, s), ms);
            assert_true(ms >= lb);
            if (ms < top)
                top = ms;
        }
        struct dag_search sr;
        assert_int_equal(dag_search_init(&sr, &t.g, &pr, best, seed, w, wl), CORE_OK);
        assert_int_equal(sr.best_makespan, top);
        int r = dag_search_run(&sr, 30);
        assert_true(r == 0 || r == 1);
        assert_true(sr.best_makespan <= top && sr.best_makespan >= lb);
        assert_int_equal(check_plan(&t.g, &pr, best), sr.best_makespan);
        print_message("seed %llu n %u P %u: lb %llu list %llu search %llu\n",
                      (unsigned long long)seed, n, P, (unsigned long long)lb,
                      (unsigned long long)top, (unsigned long long)sr.best_makespan);
        free(s);
        free(best);
        free(w);
        tg_free(&t);
    }
}

/* Search is reproducible: same seed, same iterations, same plan. */
static void test_search_deterministic(void **state)
{
    (void)state;
    struct tg t;
    random_graph(&t, 80, 1, 99, 0);
    static const uint32_t cl[3] = {0, 0, 0};
    struct dag_procs pr = {3, cl};
    size_t wl = dag_search_work_size(80, 3);
    void *w = walloc(wl);
    struct dag_slot a[80], b[80];
    struct dag_search s1, s2;
    assert_int_equal(dag_search_init(&s1, &t.g, &pr, a, 5, w, wl), CORE_OK);
    dag_search_run(&s1, 40);
    uint64_t m1 = s1.best_makespan;
    assert_int_equal(dag_search_init(&s2, &t.g, &pr, b, 5, w, wl), CORE_OK);
    dag_search_run(&s2, 40);
    assert_int_equal(s2.best_makespan, m1);
    assert_memory_equal(a, b, sizeof a);
    free(w);
    tg_free(&t);
}

static void test_bad_procs(void **state)
{
    (void)state;
    struct tg t;
    heft_graph(&t);
    uint32_t bad[2] = {0, 3};
    struct dag_procs pr = {2, bad}, none = {0, bad};
    size_t wl = dag_plan_work_size(10, 2);
    void *w = walloc(wl);
    struct dag_slot s[10];
    uint64_t ms;
    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_HEFT, s, &ms, w, wl), DAG_E_PROCS);
    assert_int_equal(dag_plan(&t.g, &none, DAG_POL_HEFT, s, &ms, w, wl), DAG_E_PROCS);
    bad[1] = 1;
    assert_int_equal(dag_plan(&t.g, &pr, DAG_POL_COUNT, s, &ms, w, wl), DAG_E_POLICY);
    free(w);
    tg_free(&t);
}

/* ---- Execution: ready release and failure ----------------------------- */

/*   0 -> 1 -> 3 -> 5      node 2 depends on 0 only; 4 on 1 and 2;
 *   0 -> 2 -> 4           6 is independent. */
static void exec_graph(struct tg *t)
{
    tg_init(t, 7, 8, 1);
    uint64_t c = 1;
    uint32_t id;
    for (int i = 0; i < 7; i++)
        assert_int_equal(dag_add_node(&t->g, &c, &id), CORE_OK);
    static const uint32_t e[6][2] = {{0, 1}, {1, 3}, {3, 5}, {0, 2}, {2, 4}, {1, 4}};
    for (int i = 0; i < 6; i++)
        assert_int_equal(dag_add_edge(&t->g, e[i][0], e[i][1], 0), CORE_OK);
}

static void test_exec_release_order(void **state)
{
    (void)state;
    struct tg t;
    exec_graph(&t);
    uint64_t prio[7] = {0, 5, 9, 1, 1, 1, 3};
    size_t wl = dag_exec_work_size(7);
    void *w = walloc(wl);
    struct dag_exec x;
    uint32_t v, rel;
    fake_trace_reset();
    assert_int_equal(dag_exec_init(&x, &t.g, prio, 4, w, wl), CORE_OK);
    /* Ready at start: 0 and 6; 6 has the higher priority. */
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 6);
    assert_int_equal(dag_exec_pop(&x, 1, &v), CORE_OK);
    assert_int_equal(v, 0);
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_E_EMPTY);
    assert_int_equal(dag_exec_finish(&x, 1, 0, &rel), DAG_E_NOTREADY);
    assert_int_equal(dag_exec_finish(&x, 0, 1, &rel), CORE_OK);
    assert_int_equal(rel, 2);
    assert_int_equal(dag_exec_state(&x, 4), DAG_ST_WAITING);
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 2); /* prio 9 beats 5 */
    assert_int_equal(dag_exec_finish(&x, 2, 0, &rel), CORE_OK);
    assert_int_equal(rel, 0); /* 4 still waits for 1 */
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 1);
    assert_int_equal(dag_exec_finish(&x, 1, 0, &rel), CORE_OK);
    assert_int_equal(rel, 2); /* 3 and 4 */
    assert_int_equal(dag_exec_finish(&x, 6, 0, NULL), CORE_OK);
    while (dag_exec_pop(&x, 0, &v) == CORE_OK)
        assert_int_equal(dag_exec_finish(&x, v, 0, NULL), CORE_OK);
    assert_true(dag_exec_over(&x));
    assert_int_equal(fake_trace_count_kind(TR_DAG_START), 7);
    assert_int_equal(fake_trace_count_kind(TR_DAG_FINISH), 7);
    free(w);
    tg_free(&t);
}

/* A host whose node begins after it is taken (its data still on the way,
 * maybe on another processor) turns the pop's record off and reports the
 * start itself: one dag.start per node, with the processor it names. */
static void test_exec_start_reported_by_host(void **state)
{
    (void)state;
    struct tg t;
    exec_graph(&t);
    uint64_t prio[7] = {0, 5, 9, 1, 1, 1, 3};
    size_t wl = dag_exec_work_size(7);
    void *w = walloc(wl);
    struct dag_exec x;
    uint32_t v;
    fake_trace_reset();
    assert_int_equal(dag_exec_init(&x, &t.g, prio, 4, w, wl), CORE_OK);
    assert_int_equal(x.trace_start, 1);
    x.trace_start = 0;
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 6);
    assert_int_equal(fake_trace_count_kind(TR_DAG_START), 0);
    assert_int_equal(dag_exec_started(&x, 0, 3), DAG_E_NOTREADY); /* 0 not taken yet */
    assert_int_equal(dag_exec_started(&x, 7, 3), DAG_E_NODE);
    assert_int_equal(fake_trace_count_kind(TR_DAG_START), 0);
    assert_int_equal(dag_exec_started(&x, 6, 3), CORE_OK);
    assert_int_equal(fake_trace_count_kind(TR_DAG_START), 1);
    const struct core_trace_rec *r = fake_trace_at(fake_trace_count() - 1);
    assert_non_null(r);
    assert_int_equal(r->kind, TR_DAG_START);
    assert_int_equal(r->a, 4); /* job */
    assert_int_equal(r->b, 6); /* node */
    assert_int_equal(r->c, 3); /* processor */
    assert_int_equal(dag_exec_finish(&x, 6, 3, NULL), CORE_OK);
    assert_int_equal(dag_exec_started(&x, 6, 3), DAG_E_NOTREADY); /* done */
    free(w);
    tg_free(&t);
}

static void test_exec_failure_cancels_dependents(void **state)
{
    (void)state;
    struct tg t;
    exec_graph(&t);
    uint64_t prio[7] = {0};
    size_t wl = dag_exec_work_size(7);
    void *w = walloc(wl);
    struct dag_exec x;
    uint32_t v, cancelled[8], nc;
    fake_trace_reset();
    assert_int_equal(dag_exec_init(&x, &t.g, prio, 9, w, wl), CORE_OK);
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 0);
    assert_int_equal(dag_exec_finish(&x, 0, 0, NULL), CORE_OK);
    /* Ready now: 1, 2, 6. Node 1 fails: 3, 5 and 4 are cancelled (4 also
     * needs 2, which still runs); 2 and 6 are untouched. */
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 1);
    assert_int_equal(dag_exec_fail(&x, 1, cancelled, 8, &nc), CORE_OK);
    assert_int_equal(nc, 3);
    int seen[7] = {0};
    for (uint32_t i = 0; i < nc; i++)
        seen[cancelled[i]] = 1;
    assert_true(seen[3] && seen[4] && seen[5]);
    assert_int_equal(dag_exec_state(&x, 1), DAG_ST_FAILED);
    assert_int_equal(dag_exec_state(&x, 4), DAG_ST_CANCELLED);
    assert_int_equal(dag_exec_state(&x, 2), DAG_ST_READY);
    assert_int_equal(fake_trace_count_kind(TR_DAG_FAIL), 1);
    const struct core_trace_rec *r = fake_trace_at(fake_trace_count() - 1);
    assert_int_equal(r->kind, TR_DAG_FAIL);
    assert_int_equal(r->a, 9);
    assert_int_equal(r->b, 1);
    assert_int_equal(r->c, 3);
    /* Finishing 2 must not release the cancelled 4. */
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(v, 2);
    uint32_t rel;
    assert_int_equal(dag_exec_finish(&x, 2, 0, &rel), CORE_OK);
    assert_int_equal(rel, 0);
    assert_int_equal(dag_exec_state(&x, 4), DAG_ST_CANCELLED);
    /* A ready node can fail before it runs (it leaves the ready set). */
    assert_int_equal(dag_exec_fail(&x, 6, NULL, 0, &nc), CORE_OK);
    assert_int_equal(nc, 0);
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_E_EMPTY);
    assert_true(dag_exec_over(&x));
    assert_int_equal(dag_exec_fail(&x, 6, NULL, 0, &nc), DAG_E_NOTREADY);
    assert_int_equal(dag_exec_fail(&x, 99, NULL, 0, &nc), DAG_E_NODE);
    free(w);
    tg_free(&t);
}

/* Failure at the root of a long chain: cancelling is iterative too, and the
 * list given back stops at cap while the count stays complete. */
static void test_exec_failure_deep(void **state)
{
    (void)state;
    const uint32_t n = 20000;
    struct tg t;
    tg_init(&t, n, n, 1);
    uint64_t c = 1;
    uint32_t id, v, nc, few[4];
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(dag_add_node(&t.g, &c, &id), CORE_OK);
    for (uint32_t i = 0; i + 1 < n; i++)
        assert_int_equal(dag_add_edge(&t.g, i, i + 1, 0), CORE_OK);
    uint64_t *prio = calloc(n, sizeof *prio);
    size_t wl = dag_exec_work_size(n);
    void *w = walloc(wl);
    struct dag_exec x;
    assert_int_equal(dag_exec_init(&x, &t.g, prio, 0, w, wl), CORE_OK);
    assert_int_equal(dag_exec_pop(&x, 0, &v), CORE_OK);
    assert_int_equal(dag_exec_fail(&x, v, few, 4, &nc), CORE_OK);
    assert_int_equal(nc, n - 1);
    assert_int_equal(few[0], 1);
    assert_true(dag_exec_over(&x));
    free(prio);
    free(w);
    tg_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heft_paper_example),
        cmocka_unit_test(test_policy_names),
        cmocka_unit_test(test_edge_errors_leave_graph_unchanged),
        cmocka_unit_test(test_deep_chain_cycle),
        cmocka_unit_test(test_reverse_chain_reorders),
        cmocka_unit_test(test_random_cycles_vs_bruteforce),
        cmocka_unit_test(test_policies_valid_on_random_graphs),
        cmocka_unit_test(test_search_deterministic),
        cmocka_unit_test(test_bad_procs),
        cmocka_unit_test(test_exec_release_order),
        cmocka_unit_test(test_exec_start_reported_by_host),
        cmocka_unit_test(test_exec_failure_cancels_dependents),
        cmocka_unit_test(test_exec_failure_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
