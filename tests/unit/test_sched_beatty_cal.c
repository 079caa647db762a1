/*
 * Tests for Beatty's calendar of finishes (libcore/src/sched_beatty_cal.*):
 * with enough runnable tasks the ready set lives in buckets beside a heap,
 * and none of that may change a decision. Every pick is compared with a
 * brute-force reference of the definition (among released tasks, vs W <
 * (vs_sum + S) w, the least finish (vs + S)/w by exact cross products, ties
 * to the earlier join) under random joins, leaves, blocks, wakes, weight
 * changes and dispatches that end early, on sets that cross the size at
 * which the calendar switches on and off, with many equal weights, with
 * weights up to 2^20, and with slots of 1 and of 10^6 time units; a queue
 * started near the rebase threshold decides as one started at 0; crowded
 * buckets overflow into the heap. sched_check verifies the calendar's own
 * invariants (window, bucket order, bitmaps, counts) along the way.
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

#define MAXT 320

struct box {
    struct sched_rq rq;
    struct sched_node nodes[SCHED_NODES(MAXT)];
    struct sched_task t[MAXT];
};

/* What a run saw of the calendar, to show the paths were taken. */
struct seen {
    uint32_t max_cal, max_far_with_cal, on_changes;
    uint8_t last_on;
};

static uint64_t rnd(uint64_t n)
{
    return fake_random_u64() % n;
}

static void init(struct box *b, uint32_t cap, uint64_t slot, uint64_t vclock)
{
    assert_int_equal(sched_rq_init(&b->rq, sched_policy_by_name("beatty"), b->nodes, cap, 0), 0);
    b->rq.trace = 0;
    b->rq.quantum_ns = slot;
    assert_int_equal(sched_beatty_set_vclock(&b->rq, vclock), 0);
}

/* The definition, by brute force over the runnable tasks. */
static const struct sched_task *reference(const struct box *b, unsigned n)
{
    const struct sched_rq *rq = &b->rq;
    const struct sched_task *want = NULL;
    uint64_t s = rq->b_slot, w_sum = rq->weight_sum, vs_sum = rq->vs_sum;
    for (unsigned i = 0; i < n; i++) {
        const struct sched_task *u = &b->t[i];
        if (u->flags != SCHED_F_ATTACHED)
            continue;
        if (!((unsigned __int128)u->vs * w_sum < ((unsigned __int128)vs_sum + s) * u->weight))
            continue;
        if (!want) {
            want = u;
            continue;
        }
        unsigned __int128 l = ((unsigned __int128)u->vs + s) * want->weight;
        unsigned __int128 r = ((unsigned __int128)want->vs + s) * u->weight;
        if (l < r || (l == r && u->seq < want->seq))
            want = u;
    }
    return want;
}

static void observe(const struct sched_rq *rq, struct seen *z)
{
    if (rq->n_cal > z->max_cal)
        z->max_cal = rq->n_cal;
    if (rq->n_cal && rq->n_ready > z->max_far_with_cal)
        z->max_far_with_cal = rq->n_ready;
    if (rq->c_on != z->last_on) {
        z->on_changes++;
        z->last_on = rq->c_on;
    }
}

/* One random change to task i; returns 1 if something changed. */
static int churn(struct box *b, unsigned i, uint32_t (*weight)(void))
{
    struct sched_task *t = &b->t[i];
    if (!(t->flags & SCHED_F_ATTACHED))
        return sched_add(&b->rq, t) == 0;
    if (t->flags & SCHED_F_BLOCKED)
        return sched_wake(&b->rq, t) == 0;
    switch (rnd(3)) {
    case 0:
        return sched_remove(&b->rq, t) == 0;
    case 1:
        return sched_block(&b->rq, t) == 0;
    default:
        return sched_set_weight(&b->rq, t, weight()) == 0;
    }
}

static uint32_t w_wide(void)
{
    uint64_t r = rnd(4);
    return 1 + (uint32_t)rnd(r == 0 ? 4 : r == 1 ? 1000 : r == 2 ? 100 : SCHED_WEIGHT_MAX);
}

static uint32_t w_thousand(void)
{
    return 1 + (uint32_t)rnd(1000);
}

static uint32_t w_eight(void) /* a small weight sum: rebases come often */
{
    return 1 + (uint32_t)rnd(8);
}

static uint32_t w_few(void) /* many equal weights: many equal finishes */
{
    return 1 + (uint32_t)rnd(3);
}

struct config {
    const char *name;
    unsigned n;        /* tasks */
    uint64_t slot;     /* S */
    unsigned rounds;   /* picks */
    unsigned churn_in; /* a change every ~churn_in picks: sizes drift up and down */
    uint32_t (*weight)(void);
};

static void run_config(const struct config *c, uint64_t seed)
{
    static struct box b;
    fake_random_seed(seed);
    init(&b, MAXT, c->slot, 0);
    for (unsigned i = 0; i < c->n; i++) {
        assert_int_equal(sched_task_init(&b.t[i], i, c->weight(), 0), 0);
        assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
    }
    struct seen z = {0};
    unsigned changes = 0;
    for (unsigned round = 0; round < c->rounds; round++) {
        /* Bursts of changes in one direction move the runnable count across
         * the calendar's on/off size. */
        if (rnd(c->churn_in) == 0)
            for (unsigned k = 1 + (unsigned)rnd(8); k; k--)
                changes += churn(&b, (unsigned)rnd(c->n), c->weight);
        observe(&b.rq, &z);
        if (b.rq.nr_runnable == 0) {
            assert_null(sched_pick(&b.rq));
            continue;
        }
        const struct sched_task *want = reference(&b, c->n);
        assert_non_null(want); /* some task is always released */
        struct sched_task *got = sched_pick(&b.rq);
        if (got != want)
            fail_msg("%s round %u: picked task %u, the definition says %u (n_cal %u, heap %u)",
                     c->name, round, got->id, want->id, b.rq.n_cal, b.rq.n_ready);
        uint64_t used = rnd(4) ? c->slot : rnd(c->slot + 1);
        assert_int_equal(sched_account(&b.rq, got, used), 0);
        if (used < c->slot && rnd(3) == 0) /* it blocked: pays only what it used */
            assert_int_equal(sched_block(&b.rq, got), 0);
        if (round % 97 == 0)
            sched_check(&b.rq);
    }
    sched_check(&b.rq);
    printf("# %s: %u changes, calendar up to %u tasks, heap beside it up to %u, "
           "switched on/off %u times, %llu re-sizes, %llu crowded\n",
           c->name, changes, z.max_cal, z.max_far_with_cal, z.on_changes,
           (unsigned long long)b.rq.c_rebuilds, (unsigned long long)b.rq.c_crowded);
    assert_true(changes > c->rounds / c->churn_in);
    assert_true(z.max_cal > 0);
    assert_true(b.rq.c_rebuilds > 0);
}

static void test_picks_match_reference(void **state)
{
    (void)state;
    static const struct config cs[] = {
        {"wide weights, 200 tasks", 200, 1, 12000, 6, w_wide},
        {"1..1000, 300 tasks", 300, 1, 8000, 4, w_thousand},
        {"1..3, 120 tasks", 120, 1, 8000, 5, w_few},
        {"S = 10^6, partial slots, 100 tasks", 100, 1000000, 10000, 5, w_thousand},
        {"around the switch-on size, 40 tasks", 40, 7, 20000, 3, w_wide},
    };
    const uint64_t seed = 0xca1e;
    printf("# seed %llu\n", (unsigned long long)seed);
    for (unsigned k = 0; k < sizeof cs / sizeof cs[0]; k++)
        run_config(&cs[k], seed + k);
}

/* The calendar must have been switched on and off by the size changes:
 * the 40-task run starts below and above the switch-on size. */
static void test_switches_on_and_off(void **state)
{
    (void)state;
    static struct box b;
    fake_random_seed(0x0ff);
    init(&b, MAXT, 1, 0);
    unsigned n = 80;
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(sched_task_init(&b.t[i], i, w_thousand(), 0), 0);
        assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
    }
    struct seen z = {0};
    for (unsigned phase = 0; phase < 6; phase++) {
        /* Even phases: block down to 4 runnable; odd: wake everyone. */
        for (unsigned i = 0; i < n; i++) {
            struct sched_task *t = &b.t[i];
            if (phase % 2 == 0 && i >= 4)
                assert_int_equal(sched_block(&b.rq, t), 0);
            else if (phase % 2 == 1 && (t->flags & SCHED_F_BLOCKED))
                assert_int_equal(sched_wake(&b.rq, t), 0);
        }
        for (unsigned round = 0; round < 400; round++) {
            const struct sched_task *want = reference(&b, n);
            struct sched_task *got = sched_pick(&b.rq);
            assert_ptr_equal(got, want);
            assert_int_equal(sched_account(&b.rq, got, 1), 0);
            observe(&b.rq, &z);
        }
        sched_check(&b.rq);
        assert_int_equal(b.rq.c_on, phase % 2);
    }
    assert_true(z.on_changes >= 5);
}

/* Finishes that fall in one bucket in decreasing order (weights rising in
 * join order, all close to 2^20): each insert would walk the whole bucket,
 * so past CAL_SCAN_MAX steps it goes to the heap instead. The picks stay
 * those of the definition. */
static void test_crowded_bucket(void **state)
{
    (void)state;
    static struct box b;
    init(&b, MAXT, 1, 0);
    unsigned n = 96;
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(sched_task_init(&b.t[i], i, SCHED_WEIGHT_MAX - n + i, 0), 0);
        assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
    }
    for (unsigned round = 0; round < 3000; round++) {
        const struct sched_task *want = reference(&b, n);
        struct sched_task *got = sched_pick(&b.rq);
        assert_ptr_equal(got, want);
        assert_int_equal(sched_account(&b.rq, got, 1), 0);
        if (round % 101 == 0)
            sched_check(&b.rq);
    }
    printf("# %llu inserts found their bucket crowded\n", (unsigned long long)b.rq.c_crowded);
    assert_true(b.rq.c_crowded > 0);
    assert_true(b.rq.c_on);
}

/* Rebasing refiles the calendar: a queue started just below the threshold
 * and one started at 0 make the same picks through several rebases, with
 * churn and early-ending dispatches, with the calendar on. */
static void test_rebase_with_calendar(void **state)
{
    (void)state;
    static struct box a, b;
    const uint64_t s = 1ull << 40, seed = 0x7eba5e;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init(&a, MAXT, s, 0);
    init(&b, MAXT, s, SCHED_BEATTY_REBASE - (1ull << 38));
    unsigned n = 64;
    for (unsigned i = 0; i < n; i++) {
        uint32_t w = w_eight();
        assert_int_equal(sched_task_init(&a.t[i], i, w, 0), 0);
        assert_int_equal(sched_task_init(&b.t[i], i, w, 0), 0);
        assert_int_equal(sched_add(&a.rq, &a.t[i]), 0);
        assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
    }
    uint32_t max_cal = 0;
    for (unsigned round = 0; round < 30000; round++) {
        if (rnd(6) == 0) {
            unsigned i = (unsigned)rnd(n);
            uint64_t saved = fake_random_u64(); /* the same change on both queues */
            fake_random_seed(saved);
            int ca = churn(&a, i, w_eight);
            fake_random_seed(saved);
            int cb = churn(&b, i, w_eight);
            assert_int_equal(ca, cb);
        }
        if (a.rq.nr_runnable == 0) {
            assert_null(sched_pick(&b.rq));
            continue;
        }
        struct sched_task *x = sched_pick(&a.rq), *y = sched_pick(&b.rq);
        if (x->id != y->id)
            fail_msg("round %u: task %u from 0, task %u from near 2^43", round, x->id, y->id);
        assert_ptr_equal(y, reference(&b, n));
        uint64_t used = rnd(3) ? s : rnd(s);
        assert_int_equal(sched_account(&a.rq, x, used), 0);
        assert_int_equal(sched_account(&b.rq, y, used), 0);
        if (b.rq.n_cal > max_cal)
            max_cal = b.rq.n_cal;
        if (round % 499 == 0) {
            sched_check(&a.rq);
            sched_check(&b.rq);
        }
    }
    printf("# rebases %llu from 0, %llu from near 2^43; calendar up to %u tasks\n",
           (unsigned long long)a.rq.b_rebases, (unsigned long long)b.rq.b_rebases, max_cal);
    assert_true(b.rq.b_rebases >= 3);
    assert_true(max_cal > 0);
}

/* A hot swap into Beatty with enough tasks for the calendar: the join that
 * brings the 32nd task switches it on while later tasks still carry the old
 * policy's bookkeeping; every task must be filed exactly once. Then back
 * out and in again, each policy in turn, with the calendar on throughout. */
static void test_hot_swap_into_calendar(void **state)
{
    (void)state;
    static struct box b;
    fake_random_seed(0x5a9);
    static const char *const pols[] = {"stride", "eevdf", "lottery", "rr", "prio"};
    unsigned n = 100;
    for (unsigned k = 0; k < sizeof pols / sizeof pols[0]; k++) {
        assert_int_equal(sched_rq_init(&b.rq, sched_policy_by_name(pols[k]), b.nodes, MAXT, 0), 0);
        b.rq.trace = 0;
        for (unsigned i = 0; i < n; i++) {
            assert_int_equal(sched_task_init(&b.t[i], i, w_thousand(), (uint8_t)rnd(8)), 0);
            assert_int_equal(sched_add(&b.rq, &b.t[i]), 0);
        }
        for (unsigned r = 0; r < 50; r++) {
            struct sched_task *t = sched_pick(&b.rq);
            assert_int_equal(sched_account(&b.rq, t, 1), 0);
        }
        assert_int_equal(sched_switch_policy(&b.rq, sched_policy_by_name("beatty")), (int)n);
        sched_check(&b.rq);
        assert_true(b.rq.c_on);
        for (unsigned r = 0; r < 500; r++) {
            const struct sched_task *want = reference(&b, n);
            struct sched_task *got = sched_pick(&b.rq);
            assert_ptr_equal(got, want);
            assert_int_equal(sched_account(&b.rq, got, 1), 0);
        }
        sched_check(&b.rq);
        assert_int_equal(sched_switch_policy(&b.rq, sched_policy_by_name(pols[k])), (int)n);
        sched_check(&b.rq);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picks_match_reference),
        cmocka_unit_test(test_switches_on_and_off),
        cmocka_unit_test(test_crowded_bucket),
        cmocka_unit_test(test_rebase_with_calendar),
        cmocka_unit_test(test_hot_swap_into_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
