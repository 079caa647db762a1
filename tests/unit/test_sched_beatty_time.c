/*
 * Tests for Beatty on time-based hosts (libcore/src/sched_beatty.c, rules in
 * docs/schedulers.md "Time-based hosts"): virtual service counted in the
 * host's time unit with a slot of S = quantum_ns; a dispatch the host ends
 * is one whole slot, so slot sequences do not depend on S or on how long
 * the dispatches ran; a task leaving before the next pick pays exactly the
 * time it ran; a task rejoining its own queue keeps its virtual time, one
 * arriving from elsewhere gets the lag it left with; and under random
 * partial dispatches, blocking, waking and migration the lags sum to 0 and
 * stay below two slots.
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

#define MAXT 32

struct box {
    struct sched_rq rq;
    struct sched_node nodes[SCHED_NODES(MAXT)];
};

static uint64_t rnd(uint64_t n)
{
    return fake_random_u64() % n;
}

static void init(struct box *b, uint64_t quantum)
{
    assert_int_equal(sched_rq_init(&b->rq, sched_policy_by_name("beatty"), b->nodes, MAXT, 0), 0);
    b->rq.trace = 0;
    b->rq.quantum_ns = quantum;
}

static void join(struct box *b, struct sched_task *t, uint32_t id, uint32_t w)
{
    assert_int_equal(sched_task_init(t, id, w, 0), 0);
    assert_int_equal(sched_add(&b->rq, t), 0);
}

/* lag_i * W = vs_i W - w_i vs_sum, exact. */
static __int128 lag_w(const struct sched_rq *rq, const struct sched_task *t)
{
    return (__int128)t->vs * (__int128)rq->weight_sum - (__int128)rq->vs_sum * t->weight;
}

/* A dispatch the host ends while the task stays runnable is a whole slot,
 * however long it ran: with S = 1000 and dispatches of random length (a
 * tick-driven host loses a little of each slot to its own switching, a
 * preempted one much more, one that overruns the quantum more than S), the
 * slot sequence is the unit-slot one (S = 1, used = 1) on random sets. */
static void test_host_ended_slots_are_unit_slots(void **state)
{
    (void)state;
    static struct box u, v;
    static struct sched_task tu[MAXT], tv[MAXT];
    const uint64_t seed = 0x71e5;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    for (unsigned set = 0; set < 200; set++) {
        unsigned n = 1 + (unsigned)rnd(12);
        init(&u, 1);
        init(&v, 1000);
        for (unsigned i = 0; i < n; i++) {
            uint32_t w = 1 + (uint32_t)rnd(rnd(2) ? 10 : 5000);
            join(&u, &tu[i], i, w);
            join(&v, &tv[i], i, w);
        }
        for (unsigned s = 0; s < 500; s++) {
            struct sched_task *a = sched_pick(&u.rq), *c = sched_pick(&v.rq);
            if (a->id != c->id)
                fail_msg("set %u slot %u: S=1 picks %u, S=1000 picks %u", set, s, a->id, c->id);
            assert_int_equal(sched_account(&u.rq, a, 1), 0);
            assert_int_equal(sched_account(&v.rq, c, rnd(2) ? 900 + rnd(100) : 1 + rnd(1500)), 0);
        }
        sched_check(&v.rq);
    }
}

/* A task that leaves before the next pick pays exactly what it ran: its vs
 * grows by used, not by S. One that leaves after another pick paid S. */
static void test_leaving_pays_time_used(void **state)
{
    (void)state;
    static struct box b;
    static struct sched_task t[3];
    init(&b, 1000);
    join(&b, &t[0], 0, 1);
    join(&b, &t[1], 1, 1);
    join(&b, &t[2], 2, 2);
    for (unsigned s = 0; s < 40; s++) {
        struct sched_task *x = sched_pick(&b.rq);
        uint64_t before = x->vs;
        assert_int_equal(sched_account(&b.rq, x, 250), 0);
        assert_int_equal(x->vs, before + 1000); /* still runnable: one slot */
        if (s % 3 == 0) {
            assert_int_equal(sched_block(&b.rq, x), 0);
            assert_int_equal(x->vs, before + 250); /* gave back 750 */
            assert_int_equal(sched_wake(&b.rq, x), 0);
        } else if (s % 3 == 1) {
            /* leaves after the next pick: the slot stays paid */
            struct sched_task *y = sched_pick(&b.rq);
            assert_int_equal(sched_account(&b.rq, y, 1000), 0);
            if (y != x) {
                assert_int_equal(sched_block(&b.rq, x), 0);
                assert_int_equal(x->vs, before + 1000);
                assert_int_equal(sched_wake(&b.rq, x), 0);
            }
        }
        sched_check(&b.rq);
    }
}

/* Short bursts get a share of time, not of dispatches: task 0 runs S/10
 * and blocks, wakes at once; task 1 always runs S. Equal weights: equal
 * time within two slots, and task 0 gets about ten dispatches for each of
 * task 1's. (With a unit slot, test_sched_beatty's test_partial_quanta,
 * the same pattern gets equal dispatches instead.) */
static void test_short_bursts_share_time(void **state)
{
    (void)state;
    static struct box b;
    static struct sched_task t[2];
    init(&b, 1000);
    join(&b, &t[0], 0, 1);
    join(&b, &t[1], 1, 1);
    for (unsigned s = 0; s < 22000; s++) {
        struct sched_task *x = sched_pick(&b.rq);
        assert_int_equal(sched_account(&b.rq, x, x->id == 0 ? 100 : 1000), 0);
        if (x->id == 0) {
            assert_int_equal(sched_block(&b.rq, x), 0);
            assert_int_equal(sched_wake(&b.rq, x), 0);
        }
    }
    uint64_t a = t[0].received_ns, c = t[1].received_ns;
    if (a > c + 2000 || c > a + 2000)
        fail_msg("time: task 0 %llu ns, task 1 %llu ns", (unsigned long long)a,
                 (unsigned long long)c);
    printf("# task 0: %llu ns in %llu dispatches, task 1: %llu ns in %llu\n", (unsigned long long)a,
           (unsigned long long)t[0].dispatches, (unsigned long long)c,
           (unsigned long long)t[1].dispatches);
    assert_true(t[0].dispatches > 9 * t[1].dispatches);
    sched_check(&b.rq);
}

/* Waking on the same queue: a task that blocks and wakes at once keeps
 * its virtual service, hence its lag, ahead or behind (it neither gains
 * nor loses; a deficit is rounded up to one time unit); one that sleeps
 * while the others run comes back with a lag between min(L, 0) and
 * max(L, 0), L its lag when it left, give or take one time unit: no credit
 * for sleeping, no penalty beyond its share (a lead shrinks as the others
 * run, a deficit stays). */
static void test_wake_on_same_queue(void **state)
{
    (void)state;
    static struct box b;
    static struct sched_task t[6];
    const uint64_t seed = 0xa11e;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init(&b, 1000);
    for (unsigned i = 0; i < 6; i++)
        join(&b, &t[i], i, 1 + (uint32_t)rnd(9));
    unsigned kept = 0, slept = 0;
    for (unsigned round = 0; round < 4000; round++) {
        struct sched_task *x = sched_pick(&b.rq);
        uint64_t used = rnd(2) ? 1000 : 1 + rnd(999);
        assert_int_equal(sched_account(&b.rq, x, used), 0);
        if (x->id != 0 || rnd(2))
            continue;
        assert_int_equal(sched_block(&b.rq, x), 0);
        /* its lag as it left, with the others' sums */
        __int128 left = (__int128)x->vs * (b.rq.weight_sum + x->weight) -
                        (__int128)(b.rq.vs_sum + x->vs) * x->weight;
        uint64_t w_left = b.rq.weight_sum + x->weight;
        unsigned sleep = (unsigned)rnd(3) * (unsigned)rnd(8);
        for (unsigned k = 0; k < sleep; k++)
            assert_int_equal(sched_account(&b.rq, sched_pick(&b.rq), 1000), 0);
        uint64_t vs = x->vs;
        assert_int_equal(sched_wake(&b.rq, x), 0);
        __int128 now = lag_w(&b.rq, x);
        uint64_t W = b.rq.weight_sum;
        /* now / W in [0, max(left / w_left, 0) + 1] */
        /* now / W within [min(left / w_left, 0) - 1, max(left / w_left, 0) + 1] */
        __int128 a = now * (__int128)w_left, l = left * (__int128)W,
                 unit = (__int128)W * (__int128)w_left;
        assert_true(a >= (l < 0 ? l : 0) - unit);
        assert_true(a <= (l > 0 ? l : 0) + unit);
        if (sleep == 0) {
            /* vs kept: exactly when ahead; behind, the lag it keeps is
             * rounded up to a time unit (never in its favour) */
            if (left >= 0)
                assert_int_equal(x->vs, vs);
            else /* one unit of lag is W / W' units of vs */
                assert_true(x->vs >= vs && x->vs <= vs + 1 + W / (W - x->weight));
            kept++;
        } else {
            slept++;
        }
    }
    printf("# %u immediate wakes kept their lag, %u sleepers placed\n", kept, slept);
    assert_true(kept > 50 && slept > 50);
    sched_check(&b.rq);
}

/* Arriving from another queue (migration) or after this queue's virtual
 * clock restarted: the task's lag there is the lag it left with, rounded
 * up to one time unit and clamped to one slot either way. */
static void test_lag_carried_elsewhere(void **state)
{
    (void)state;
    static struct box a, c;
    static struct sched_task t[8];
    const uint64_t seed = 0x316;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init(&a, 1000);
    init(&c, 1000);
    for (unsigned i = 0; i < 4; i++)
        join(&a, &t[i], i, 1 + (uint32_t)rnd(20));
    for (unsigned i = 4; i < 8; i++)
        join(&c, &t[i], i, 1 + (uint32_t)rnd(20));
    unsigned moves = 0, ahead = 0, exact = 0;
    for (unsigned round = 0; round < 3000; round++) {
        struct box *from = rnd(2) ? &a : &c, *to = from == &a ? &c : &a;
        struct sched_task *x = sched_pick(&from->rq);
        assert_int_equal(sched_account(&from->rq, x, 1 + rnd(1000)), 0);
        if (from->rq.nr_runnable < 2 || rnd(4))
            continue;
        /* move the task that just ran (it leaves before the next pick, so
         * it pays only what it ran) */
        assert_int_equal(sched_remove(&from->rq, x), 0);
        __int128 left = (__int128)x->vs * (from->rq.weight_sum + x->weight) -
                        (__int128)(from->rq.vs_sum + x->vs) * x->weight;
        uint64_t w_left = from->rq.weight_sum + x->weight;
        assert_int_equal(sched_add(&to->rq, x), 0);
        __int128 now = lag_w(&to->rq, x);
        uint64_t W = to->rq.weight_sum;
        /* L = ceil(left / w_left) clamped to [-1000, 1000] */
        __int128 lead = left > 0 ? (left + (__int128)w_left - 1) / (__int128)w_left
                                 : -(-left / (__int128)w_left);
        if (lead > 1000)
            lead = 1000;
        if (lead < -1000)
            lead = -1000;
        ahead += lead > 0;
        /* lag >= L (> L - 1 unit if clamped at one slot), < L + 1 unit */
        assert_true(now > (lead - 1) * (__int128)W);
        assert_true(now < (lead + 1) * (__int128)W);
        exact += now >= lead * (__int128)W;
        moves++;
        sched_check(&a.rq);
        sched_check(&c.rq);
    }
    printf("# %u moves, %u ahead, %u at or above their lag\n", moves, ahead, exact);
    assert_true(moves > 100 && ahead > 10 && exact == moves);
}

/* Random churn on a time-based host: partial and overrunning dispatches,
 * blocks and wakes right after a dispatch or later, weight changes, and a
 * queue that empties and restarts its clock. After every slot the lags sum
 * to exactly 0 and stay below two slots (the bound across changes, as for
 * unit slots), the CPU never idles with a task runnable (sched_pick would
 * panic), and sched_check holds. */
static void test_time_churn(void **state)
{
    (void)state;
    static struct box b;
    static struct sched_task t[16];
    const uint64_t seed = 0x7c4a;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    const uint64_t S = 4000;
    init(&b, S);
    for (unsigned i = 0; i < 16; i++)
        join(&b, &t[i], i, 1 + (uint32_t)rnd(30));
    double worst = 0;
    unsigned changes = 0, restarts = 0;
    for (unsigned round = 0; round < 20000; round++) {
        if (b.rq.nr_runnable) {
            struct sched_task *x = sched_pick(&b.rq);
            uint64_t used = rnd(3) ? S : rnd(2) ? rnd(S) : S + rnd(S);
            assert_int_equal(sched_account(&b.rq, x, used), 0);
            if (used < S && rnd(2)) { /* burst over: leaves at once */
                assert_int_equal(sched_block(&b.rq, x), 0);
                changes++;
            }
        }
        if (rnd(6) == 0) {
            struct sched_task *y = &t[rnd(16)];
            if (y->flags & SCHED_F_BLOCKED)
                assert_int_equal(sched_wake(&b.rq, y), 0);
            else if (rnd(2))
                assert_int_equal(sched_block(&b.rq, y), 0);
            else
                assert_int_equal(sched_set_weight(&b.rq, y, 1 + (uint32_t)rnd(30)), 0);
            changes++;
        }
        if (b.rq.nr_runnable == 0) {
            restarts++;
            assert_null(sched_pick(&b.rq));
            continue;
        }
        __int128 sum = 0;
        for (unsigned i = 0; i < 16; i++) {
            if (t[i].flags != SCHED_F_ATTACHED)
                continue;
            __int128 x = lag_w(&b.rq, &t[i]);
            sum += x;
            double lag = (double)x / (double)b.rq.weight_sum / (double)S;
            if (lag < 0)
                lag = -lag;
            if (lag > worst)
                worst = lag;
            if (lag >= 2)
                fail_msg("round %u task %u lag %.3f slots", round, i, lag);
        }
        assert_true(sum == 0);
        if (round % 1000 == 0)
            sched_check(&b.rq);
    }
    printf("# %u changes, %u restarts, max |lag| %.4f slots\n", changes, restarts, worst);
    assert_true(changes > 3000);
    sched_check(&b.rq);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_ended_slots_are_unit_slots),
        cmocka_unit_test(test_leaving_pays_time_used),
        cmocka_unit_test(test_short_bursts_share_time),
        cmocka_unit_test(test_wake_on_same_queue),
        cmocka_unit_test(test_lag_carried_elsewhere),
        cmocka_unit_test(test_time_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
