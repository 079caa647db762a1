/*
 * Tests for the rebasing of Beatty's virtual clock (libcore/src/sched_beatty.c,
 * docs/schedulers.md "Rebasing"): past 2^43 time units of virtual time the
 * run queue subtracts a whole number of slots from every virtual time, which
 * must change no decision. A queue started just below the threshold
 * (sched_beatty_set_vclock) makes the same picks as one started at 0 under
 * joins, leaves, blocks, wakes, weight changes and partial dispatches across
 * several rebases; a fixed set keeps |lag| < 1 slot across rebases; and a
 * run far beyond 2^44 units of virtual time completes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/sched.h"
#include "fake_platform.h"

#define MAXT 16

struct box {
    struct sched_rq rq;
    struct sched_node nodes[SCHED_NODES(MAXT)];
    struct sched_task t[MAXT];
};

/* A coarse slot, so that thousands of slots cross several rebases. */
static const uint64_t S = 1ull << 40;

static uint64_t rnd(uint64_t n)
{
    return fake_random_u64() % n;
}

static void init(struct box *b, uint64_t start)
{
    assert_int_equal(sched_rq_init(&b->rq, sched_policy_by_name("beatty"), b->nodes, MAXT, 0), 0);
    b->rq.trace = 0;
    b->rq.quantum_ns = S;
    assert_int_equal(sched_beatty_set_vclock(&b->rq, start), 0);
}

/* lag_i * W = vs_i W - w_i vs_sum, exact. */
static __int128 lag_w(const struct sched_rq *rq, const struct sched_task *t)
{
    return (__int128)t->vs * (__int128)rq->weight_sum - (__int128)rq->vs_sum * t->weight;
}

/* The largest |lag| of b's runnable tasks, in slots; their lags sum to 0. */
static double max_lag(const struct box *b)
{
    double worst = 0;
    __int128 sum = 0;
    for (unsigned i = 0; i < MAXT; i++) {
        if (b->t[i].flags != SCHED_F_ATTACHED || b->t[i].rq != &b->rq)
            continue;
        __int128 x = lag_w(&b->rq, &b->t[i]);
        sum += x;
        double lag = (double)x / (double)b->rq.weight_sum / (double)S;
        if (lag < 0)
            lag = -lag;
        if (lag > worst)
            worst = lag;
    }
    assert_true(sum == 0);
    return worst;
}

/* The same churn on two queues, one started at virtual time 0 and one just
 * below the rebase threshold: every pick is the same task. Both rebase
 * (the one at 0 later, at other moments), blocked and detached tasks miss
 * rebases and catch up when they return, the queues empty and restart. */
static void test_rebase_keeps_picks(void **state)
{
    (void)state;
    static struct box a, b;
    const uint64_t seed = 0x5eba5e;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init(&a, 0);
    init(&b, SCHED_BEATTY_REBASE - (1ull << 38));
    struct box *q[2] = {&a, &b};
    for (unsigned i = 0; i < MAXT; i++) {
        uint32_t w = 1 + (uint32_t)rnd(40);
        for (unsigned k = 0; k < 2; k++) {
            assert_int_equal(sched_task_init(&q[k]->t[i], i, w, 0), 0);
            assert_int_equal(sched_add(&q[k]->rq, &q[k]->t[i]), 0);
        }
    }
    unsigned changes = 0, restarts = 0, detached = 0;
    double worst = 0;
    for (unsigned round = 0; round < 6000; round++) {
        if (a.rq.nr_runnable) {
            uint64_t used = rnd(3) ? S : rnd(S);
            bool leave = used < S && rnd(4) == 0;
            struct sched_task *x = sched_pick(&a.rq), *y = sched_pick(&b.rq);
            assert_non_null(x);
            assert_non_null(y);
            if (x->id != y->id)
                fail_msg("round %u: task %u from 0, task %u from near 2^43", round, x->id, y->id);
            assert_int_equal(sched_account(&a.rq, x, used), 0);
            assert_int_equal(sched_account(&b.rq, y, used), 0);
            if (leave) {
                assert_int_equal(sched_block(&a.rq, x), 0);
                assert_int_equal(sched_block(&b.rq, y), 0);
                changes++;
            }
        }
        if (rnd(3) == 0) {
            unsigned i = (unsigned)rnd(MAXT), op = (unsigned)rnd(4);
            uint32_t w = 1 + (uint32_t)rnd(40);
            for (unsigned k = 0; k < 2; k++) {
                struct sched_rq *rq = &q[k]->rq;
                struct sched_task *y = &q[k]->t[i];
                if (!(y->flags & SCHED_F_ATTACHED)) /* back on its own queue */
                    assert_int_equal(sched_add(rq, y), 0);
                else if (y->flags & SCHED_F_BLOCKED)
                    assert_int_equal(sched_wake(rq, y), 0);
                else if (op == 0)
                    assert_int_equal(sched_remove(rq, y), 0);
                else if (op == 1)
                    assert_int_equal(sched_set_weight(rq, y, w), 0);
                else
                    assert_int_equal(sched_block(rq, y), 0);
            }
            detached += op == 0;
            changes++;
        }
        if (a.rq.nr_runnable == 0) {
            restarts++;
            assert_null(sched_pick(&b.rq));
            continue;
        }
        assert_int_equal(a.rq.nr_runnable, b.rq.nr_runnable);
        for (unsigned i = 0; i < MAXT; i++) /* the lags, frame-free, agree exactly */
            if (a.t[i].flags == SCHED_F_ATTACHED && lag_w(&a.rq, &a.t[i]) != lag_w(&b.rq, &b.t[i]))
                fail_msg("round %u: task %u's lag differs", round, i);
        double la = max_lag(&a), lb = max_lag(&b);
        if (lb >= 2 || la >= 2)
            fail_msg("round %u: lag %.3f / %.3f slots", round, la, lb);
        worst = lb > worst ? lb : worst;
        if (round % 500 == 0) {
            sched_check(&a.rq);
            sched_check(&b.rq);
        }
    }
    printf("# %u changes (%u leaves), %u restarts, rebases %llu from 0 and %llu from near "
           "2^43, max |lag| %.4f slots\n",
           changes, detached, restarts, (unsigned long long)a.rq.b_rebases,
           (unsigned long long)b.rq.b_rebases, worst);
    assert_true(changes > 1000);
    assert_true(b.rq.b_rebases >= 3);
    assert_true(a.rq.b_rebases >= 1);
    sched_check(&a.rq);
    sched_check(&b.rq);
}

/* A fixed set from a level start just below the threshold: |lag| < 1 slot
 * after every slot, across several rebases, and after W slots every task
 * has received exactly w slots. */
static void test_rebase_fixed_set_lag(void **state)
{
    (void)state;
    static struct box b;
    const uint64_t seed = 0xf1fed;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init(&b, SCHED_BEATTY_REBASE - S);
    uint64_t W = 0, got[MAXT] = {0};
    for (unsigned i = 0; i < 10; i++) {
        uint32_t w = 1 + (uint32_t)rnd(10);
        W += w;
        assert_int_equal(sched_task_init(&b.t[i], i, w, 0), 0);
        assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
    }
    double worst = 0;
    for (uint64_t slot = 1; slot <= 40 * W; slot++) {
        struct sched_task *x = sched_pick(&b.rq);
        got[x->id]++;
        assert_int_equal(sched_account(&b.rq, x, S), 0);
        double l = max_lag(&b);
        if (l >= 1)
            fail_msg("slot %llu: lag %.4f slots", (unsigned long long)slot, l);
        worst = l > worst ? l : worst;
        if (slot % W == 0)
            for (unsigned i = 0; i < 10; i++)
                assert_int_equal(got[i], slot / W * b.t[i].weight);
    }
    printf("# W = %llu, %llu slots, %llu rebases, max |lag| %.4f slots\n", (unsigned long long)W,
           (unsigned long long)(40 * W), (unsigned long long)b.rq.b_rebases, worst);
    assert_true(b.rq.b_rebases >= 3);
    sched_check(&b.rq);
}

/* Far beyond 2^44 units of virtual time at a coarse quantum: a weight-1
 * task alone advances the clock by S = 2^40 per slot, 2^52 units in 4,096
 * slots; then a second task joins and the two share 3:1 exactly. */
static void test_long_run(void **state)
{
    (void)state;
    static struct box b;
    init(&b, 0);
    assert_int_equal(sched_task_init(&b.t[0], 0, 1, 0), 0);
    assert_int_equal(sched_add(&b.rq, &b.t[0]), 0);
    for (unsigned i = 0; i < 4096; i++) {
        struct sched_task *x = sched_pick(&b.rq);
        assert_ptr_equal(x, &b.t[0]);
        assert_int_equal(sched_account(&b.rq, x, S), 0);
    }
    /* virtual time elapsed = what is left plus what was rebased away */
    unsigned __int128 vt = (unsigned __int128)b.t[0].vs + b.rq.b_shift;
    assert_true(vt == (unsigned __int128)4096 * S);
    assert_true(b.t[0].vs < (1ull << 44));
    assert_int_equal(sched_task_init(&b.t[1], 1, 3, 0), 0);
    assert_int_equal(sched_add(&b.rq, &b.t[1]), 0);
    uint64_t got[2] = {0, 0};
    for (unsigned i = 0; i < 4000; i++) {
        struct sched_task *x = sched_pick(&b.rq);
        got[x->id]++;
        assert_int_equal(sched_account(&b.rq, x, S), 0);
        assert_true(max_lag(&b) < 1);
    }
    printf("# %llu rebases; shares %llu : %llu\n", (unsigned long long)b.rq.b_rebases,
           (unsigned long long)got[0], (unsigned long long)got[1]);
    assert_int_equal(got[0], 1000);
    assert_int_equal(got[1], 3000);
    assert_true(b.rq.b_rebases >= 1000);
    sched_check(&b.rq);
}

/* The hook is Beatty's, bounded below the threshold, and only for a queue
 * with no runnable task. */
static void test_set_vclock_errors(void **state)
{
    (void)state;
    static struct box b;
    assert_int_equal(sched_rq_init(&b.rq, sched_policy_by_name("stride"), b.nodes, MAXT, 0), 0);
    assert_int_equal(sched_beatty_set_vclock(&b.rq, 5), SCHED_E_POLICY);
    init(&b, 0);
    assert_int_equal(sched_beatty_set_vclock(&b.rq, SCHED_BEATTY_REBASE), CORE_E_INVAL);
    assert_int_equal(sched_beatty_set_vclock(&b.rq, SCHED_BEATTY_REBASE - 1), 0);
    assert_int_equal(sched_task_init(&b.t[0], 0, 1, 0), 0);
    assert_int_equal(sched_add(&b.rq, &b.t[0]), 0);
    assert_int_equal(b.t[0].vs, SCHED_BEATTY_REBASE - 1); /* w start */
    assert_int_equal(sched_beatty_set_vclock(&b.rq, 0), SCHED_E_BUSY);
    assert_int_equal(sched_block(&b.rq, &b.t[0]), 0);
    assert_int_equal(sched_beatty_set_vclock(&b.rq, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rebase_keeps_picks),
        cmocka_unit_test(test_rebase_fixed_set_lag),
        cmocka_unit_test(test_long_run),
        cmocka_unit_test(test_set_vclock_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
