/*
 * Lag of every policy against its known bound (docs/schedulers.md, "Lag"),
 * on seeded random weight sets with always-runnable tasks and unit slots.
 * lag_i(t) = received_i(t) - w_i t / W, checked exactly as integers
 * (received_i W - w_i t):
 *   beatty  |lag| < 1
 *   eevdf   |lag| < 1 (unit requests; Stoica et al.)
 *   stride  -1 < lag <= (n-1) w_i / W (proved in the docs), and above 1 on
 *           a set built to show it
 *   rr      < 1 with equal weights; grows linearly with unequal ones
 *   prio    the starved task's lag grows linearly
 *   lottery grows with t (random walk): far above 1, larger at 10^4 slots
 *           than at 10^2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/sched.h"
#include "fake_platform.h"

#define MAXT 32

struct lagrun {
    struct sched_rq rq;
    struct sched_node nodes[SCHED_NODES(MAXT)];
    struct sched_task t[MAXT];
    uint64_t recv[MAXT];
    /* Extremes of received_i W - w_i t over the run (numerators over W). */
    int64_t hi[MAXT], lo[MAXT];
};

static void lag_run(struct lagrun *r, const char *pol, const uint32_t *w, const uint8_t *prio,
                    unsigned n, unsigned slots)
{
    assert_int_equal(sched_rq_init(&r->rq, sched_policy_by_name(pol), r->nodes, MAXT, 0), 0);
    r->rq.trace = 0;
    int64_t w_sum = 0;
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(sched_task_init(&r->t[i], i, w[i], prio ? prio[i] : 0), 0);
        assert_int_equal(sched_add(&r->rq, &r->t[i]), 0);
        r->recv[i] = 0;
        r->hi[i] = r->lo[i] = 0;
        w_sum += w[i];
    }
    for (unsigned s = 1; s <= slots; s++) {
        struct sched_task *t = sched_pick(&r->rq);
        assert_non_null(t);
        assert_int_equal(sched_account(&r->rq, t, 1), 0);
        r->recv[t->id]++;
        for (unsigned i = 0; i < n; i++) {
            int64_t x = (int64_t)r->recv[i] * w_sum - (int64_t)w[i] * s;
            if (x > r->hi[i])
                r->hi[i] = x;
            if (x < r->lo[i])
                r->lo[i] = x;
        }
    }
}

/* Largest |lag| of the run, in slots. */
static double max_lag(const struct lagrun *r, const uint32_t *w, unsigned n)
{
    int64_t w_sum = 0, m = 0;
    for (unsigned i = 0; i < n; i++)
        w_sum += w[i];
    for (unsigned i = 0; i < n; i++) {
        if (r->hi[i] > m)
            m = r->hi[i];
        if (-r->lo[i] > m)
            m = -r->lo[i];
    }
    return (double)m / (double)w_sum;
}

static unsigned random_set(uint32_t *w)
{
    unsigned n = 2 + (unsigned)(fake_random_u64() % 14);
    uint64_t range = (uint64_t[]){3, 20, 1000}[fake_random_u64() % 3];
    for (unsigned i = 0; i < n; i++)
        w[i] = 1 + (uint32_t)(fake_random_u64() % range);
    return n;
}

static void test_deterministic_bounds(void **state)
{
    (void)state;
    static struct lagrun r;
    const uint64_t seed = 0x1a9;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    double worst[3] = {0};
    const char *pols[3] = {"beatty", "eevdf", "stride"};
    for (unsigned set = 0; set < 300; set++) {
        uint32_t w[MAXT];
        unsigned n = random_set(w);
        int64_t w_sum = 0;
        for (unsigned i = 0; i < n; i++)
            w_sum += w[i];
        for (unsigned p = 0; p < 3; p++) {
            lag_run(&r, pols[p], w, NULL, n, 1500);
            for (unsigned i = 0; i < n; i++) {
                assert_true(r.lo[i] > -w_sum); /* lag > -1 for all three */
                if (p < 2)
                    assert_true(r.hi[i] < w_sum);
                else
                    assert_true(r.hi[i] <= (int64_t)(n - 1) * w[i]);
            }
            double m = max_lag(&r, w, n);
            if (m > worst[p])
                worst[p] = m;
        }
    }
    printf("# max |lag| over 300 sets: beatty %.4f eevdf %.4f stride %.4f\n", worst[0],
           worst[1], worst[2]);
    /* Stride's bound is not 1: ten light tasks and a heavy one. */
    const uint32_t w[11] = {100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    lag_run(&r, "stride", w, NULL, 11, 1100);
    assert_true(max_lag(&r, w, 11) > 1.0);
    lag_run(&r, "beatty", w, NULL, 11, 1100);
    assert_true(max_lag(&r, w, 11) < 1.0);
}

static void test_rr_and_prio_grow(void **state)
{
    (void)state;
    static struct lagrun r;
    const uint32_t eq[4] = {7, 7, 7, 7};
    lag_run(&r, "rr", eq, NULL, 4, 1000);
    assert_true(max_lag(&r, eq, 4) < 1.0);
    const uint32_t w[2] = {3, 1};
    lag_run(&r, "rr", w, NULL, 2, 1000);
    assert_true(max_lag(&r, w, 2) >= 249.0); /* t/2 vs 3t/4 */
    lag_run(&r, "rr", w, NULL, 2, 4000);
    assert_true(max_lag(&r, w, 2) >= 999.0);
    const uint8_t prio[2] = {0, 1};
    lag_run(&r, "prio", w, prio, 2, 1000);
    assert_int_equal(r.recv[1], 0); /* starved */
    assert_true(max_lag(&r, w, 2) >= 250.0);
}

static void test_lottery_grows(void **state)
{
    (void)state;
    static struct lagrun r;
    const uint32_t w[4] = {1, 2, 3, 4};
    const uint64_t seed = 0x107;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    double short_sum = 0, long_sum = 0;
    for (unsigned k = 0; k < 20; k++) {
        lag_run(&r, "lottery", w, NULL, 4, 100);
        short_sum += max_lag(&r, w, 4);
        lag_run(&r, "lottery", w, NULL, 4, 10000);
        long_sum += max_lag(&r, w, 4);
    }
    printf("# lottery mean max |lag|: %.2f at 100 slots, %.2f at 10000\n", short_sum / 20,
           long_sum / 20);
    assert_true(short_sum / 20 > 1.0);
    assert_true(long_sum > 4 * short_sum);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic_bounds),
        cmocka_unit_test(test_rr_and_prio_grow),
        cmocka_unit_test(test_lottery_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
