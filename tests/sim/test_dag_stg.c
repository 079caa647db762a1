/*
 * Validation against published optima: every row of the STG sample
 * (../shared/data/stg/optimal.csv, 60 graphs x {2, 4, 8, 16} processors,
 * P|prec|Cmax) is scheduled by the four list policies and by the
 * improvement search with a fixed iteration budget (deterministic), every
 * schedule is checked by the independent checker against the graph as read
 * from the file, and:
 *   - no makespan is below the published lower bound (that would be a bug);
 *   - the search's mean excess over best_known is < 0.2 %, its worst < 3 %.
 * It prints per-policy figures, the rows that miss best_known and the rows
 * that beat a published upper bound (validated schedules, so real).
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
#include "dag_check.h"
#include "dag_input.h"
#include "dag_stg.h"

#define SEARCH_ITERS 300u
#define SEARCH_SEED 1u

/* Check slots against the file's graph (in), not against libcore's copy. */
static uint64_t checked(const struct dag_input *in, uint32_t P, const struct dag_slot *slot)
{
    uint64_t *dur = malloc((size_t)in->n * P * sizeof *dur);
    struct dagchk_slot *s = malloc(in->n * sizeof *s);
    for (uint32_t v = 0; v < in->n; v++) {
        for (uint32_t p = 0; p < P; p++)
            dur[(size_t)v * P + p] = in->cost[v];
        s[v] = (struct dagchk_slot){slot[v].proc, slot[v].start, slot[v].end};
    }
    struct dagchk_problem pb = {in->n, P, dur, in->m, in->efrom, in->eto, in->ecomm};
    char why[256];
    uint64_t ms;
    int rc = dagchk_check(&pb, s, &ms, why, sizeof why);
    if (rc)
        print_error("invalid schedule: %s\n", why);
    assert_int_equal(rc, 0);
    free(dur);
    free(s);
    return ms;
}

static void test_stg_against_published(void **state)
{
    (void)state;
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/data/stg/optimal.csv", PHOENIX_SHARED_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    static const uint32_t cls[16] = {0};
    unsigned rows = 0, hits = 0, beats = 0, proven_hits = 0, at_lb = 0;
    double sum = 0, worst = 0, pol_sum[DAG_POL_COUNT] = {0}, pol_worst[DAG_POL_COUNT] = {0};
    unsigned pol_hits[DAG_POL_COUNT] = {0};
    double best4_sum = 0;
    print_message("seed %u, %u iterations per row\n", SEARCH_SEED, SEARCH_ITERS);
    while (fgets(line, sizeof line, f)) {
        char graph[64];
        unsigned tasks, m, proven;
        unsigned long long lb, bk;
        assert_int_equal(sscanf(line, "%63[^,],%u,%u,%llu,%llu,%u", graph, &tasks, &m, &lb,
                                &bk, &proven), 6);
        char gpath[600];
        snprintf(gpath, sizeof gpath, "%s/data/stg/graphs/%s", PHOENIX_SHARED_DIR, graph);
        struct dag_input in;
        struct dag_errbuf err;
        struct dag_built b;
        assert_int_equal(dag_stg_load(gpath, &in, &err), 0);
        assert_int_equal(in.n, tasks + 2);
        assert_int_equal(dag_input_build(&in, &b, gpath, &err), 0);
        struct dag_procs pr = {m, cls};
        size_t wl = dag_search_work_size(in.n, m);
        void *w = aligned_alloc(8, (wl + 7) & ~(size_t)7);
        struct dag_slot *s = malloc(in.n * sizeof *s), *best = malloc(in.n * sizeof *best);
        uint64_t ms, best4 = UINT64_MAX;
        for (unsigned p = 0; p < DAG_POL_COUNT; p++) {
            assert_int_equal(dag_plan(&b.g, &pr, p, s, &ms, w, wl), 0);
            assert_int_equal(checked(&in, m, s), ms);
            assert_true(ms >= lb);
            double ex = (double)ms / (double)bk - 1.0;
            pol_sum[p] += ex;
            if (ex > pol_worst[p])
                pol_worst[p] = ex;
            pol_hits[p] += ms <= bk;
            if (ms < best4)
                best4 = ms;
        }
        best4_sum += (double)best4 / (double)bk - 1.0;
        struct dag_search sr;
        assert_int_equal(dag_search_init(&sr, &b.g, &pr, best, SEARCH_SEED, w, wl), 0);
        /* The published lower bound is a valid stopping point too. */
        if (sr.lower_bound < lb)
            sr.lower_bound = lb;
        assert_true(dag_search_run(&sr, SEARCH_ITERS) >= 0);
        ms = sr.best_makespan;
        assert_int_equal(checked(&in, m, best), ms);
        assert_true(ms >= lb);
        double ex = (double)ms / (double)bk - 1.0;
        sum += ex;
        if (ex > worst)
            worst = ex;
        rows++;
        hits += ms <= bk;
        at_lb += ms == lb;
        proven_hits += proven && ms == bk;
        if (ms < bk) {
            beats++;
            print_message("BEATS published upper bound: %s m=%u: %llu < %llu (lb %llu), "
                          "schedule validated\n", graph, m, (unsigned long long)ms, bk, lb);
        } else if (ms > bk) {
            print_message("above best known: %s m=%u: %llu > %llu (lb %llu)\n", graph, m,
                          (unsigned long long)ms, bk, lb);
        }
        free(s);
        free(best);
        free(w);
        dag_built_free(&b);
        dag_input_free(&in);
    }
    fclose(f);
    assert_int_equal(rows, 240);
    for (unsigned p = 0; p < DAG_POL_COUNT; p++)
        print_message("policy %-5s mean excess %.3f%% worst %.3f%% at best known %u/%u\n",
                      dag_policy_name(p), 100 * pol_sum[p] / rows, 100 * pol_worst[p],
                      pol_hits[p], rows);
    print_message("best of four: mean excess %.3f%%\n", 100 * best4_sum / rows);
    print_message("search: mean excess %.4f%% worst %.3f%%; reach best known %u/%u "
                  "(proven optima reached %u/226), equal the lower bound %u, beat the "
                  "published upper bound %u\n",
                  100 * sum / rows, 100 * worst, hits, rows, proven_hits, at_lb, beats);
    assert_true(sum / rows < 0.002);
    assert_true(worst < 0.03);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stg_against_published),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
