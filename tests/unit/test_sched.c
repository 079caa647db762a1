/*
 * Tests for the scheduler interface (core/sched.h, libcore/src/sched.c) and
 * each policy's basic behaviour: names and ids, argument and state errors
 * with no side effects, round-robin order, fixed priority with its level
 * map, stride and EEVDF shares, lottery shares from the seeded platform
 * stream, partial quanta, trace records, migration between run queues and
 * hot swap under random operations (no task lost).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/sched.h"
#include "fake_platform.h"

#define MAXT 64

static const char *const names[] = {"beatty", "rr", "prio", "stride", "lottery", "eevdf"};

struct rqbox {
    struct sched_rq rq;
    struct sched_node nodes[SCHED_NODES(MAXT)];
    struct sched_task t[MAXT];
};

static void init_rq(struct rqbox *b, const char *pol, uint32_t cap)
{
    assert_int_equal(sched_rq_init(&b->rq, sched_policy_by_name(pol), b->nodes, cap, 0), 0);
}

static void add(struct rqbox *b, unsigned i, uint32_t w, uint8_t prio)
{
    assert_int_equal(sched_task_init(&b->t[i], i, w, prio), 0);
    assert_int_equal(sched_add(&b->rq, &b->t[i]), 0);
}

/* Run `slots` unit dispatches; count who ran. */
static void run(struct rqbox *b, unsigned slots, uint64_t *count)
{
    for (unsigned s = 0; s < slots; s++) {
        struct sched_task *t = sched_pick(&b->rq);
        assert_non_null(t);
        assert_int_equal(sched_account(&b->rq, t, b->rq.quantum_ns), 0);
        if (count)
            count[t->id]++;
    }
}

static void test_policy_names(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 6; i++) {
        const struct sched_policy *p = sched_policy_by_name(names[i]);
        assert_non_null(p);
        assert_string_equal(sched_policy_name(p), names[i]);
        assert_int_equal(sched_policy_id(p), i + 1);
        assert_ptr_equal(sched_policy_by_id(i + 1), p);
    }
    assert_null(sched_policy_by_name("Beatty"));
    assert_null(sched_policy_by_name(""));
    assert_null(sched_policy_by_name(NULL));
    assert_null(sched_policy_by_id(0));
    assert_null(sched_policy_by_id(SCHED_POL_COUNT));
    assert_string_equal(core_strerror(SCHED_E_CURRENT), "SCHED_E_CURRENT");
}

static void test_errors_have_no_effect(void **state)
{
    (void)state;
    static struct rqbox b, other;
    const struct sched_policy *rr = sched_policy_by_name("rr");
    assert_int_equal(sched_rq_init(&b.rq, NULL, b.nodes, 4, 0), SCHED_E_POLICY);
    assert_int_equal(sched_rq_init(&b.rq, rr, b.nodes, 0, 0), SCHED_E_CAPACITY);
    assert_int_equal(sched_rq_init(&b.rq, rr, b.nodes, SCHED_CAPACITY_MAX + 1, 0),
                     SCHED_E_CAPACITY);
    assert_int_equal(sched_rq_init(&b.rq, rr, NULL, 4, 0), CORE_E_INVAL);
    struct sched_task t;
    assert_int_equal(sched_task_init(&t, 1, 0, 0), SCHED_E_WEIGHT);
    assert_int_equal(sched_task_init(&t, 1, SCHED_WEIGHT_MAX + 1, 0), SCHED_E_WEIGHT);
    assert_int_equal(sched_task_init(&t, 1, 1, SCHED_PRIO_LEVELS), SCHED_E_PRIO);

    init_rq(&b, "stride", 2);
    init_rq(&other, "stride", 2);
    add(&b, 0, 1, 0);
    add(&b, 1, 2, 0);
    assert_int_equal(sched_add(&b.rq, &b.t[0]), SCHED_E_ATTACHED);
    assert_int_equal(sched_task_init(&b.t[2], 2, 1, 0), 0);
    assert_int_equal(sched_add(&b.rq, &b.t[2]), SCHED_E_FULL);
    assert_int_equal(sched_remove(&other.rq, &b.t[0]), SCHED_E_NOTHERE);
    assert_int_equal(sched_block(&b.rq, &b.t[2]), SCHED_E_NOTHERE);
    assert_int_equal(sched_wake(&b.rq, &b.t[0]), SCHED_E_STATE);
    assert_int_equal(sched_unthrottle(&b.rq, &b.t[0]), SCHED_E_STATE);
    assert_int_equal(sched_set_weight(&b.rq, &b.t[0], 0), SCHED_E_WEIGHT);
    assert_int_equal(sched_set_prio(&b.rq, &b.t[0], 64), SCHED_E_PRIO);
    assert_int_equal(sched_account(&b.rq, &b.t[0], 1), SCHED_E_NOTCURRENT);

    struct sched_task *cur = sched_pick(&b.rq);
    assert_non_null(cur);
    assert_ptr_equal(sched_pick(&b.rq), cur); /* an open dispatch is returned again */
    assert_int_equal(sched_block(&b.rq, cur), SCHED_E_CURRENT);
    assert_int_equal(sched_throttle(&b.rq, cur), SCHED_E_CURRENT);
    assert_int_equal(sched_remove(&b.rq, cur), SCHED_E_CURRENT);
    assert_int_equal(sched_set_weight(&b.rq, cur, 3), SCHED_E_CURRENT);
    assert_int_equal(sched_switch_policy(&b.rq, sched_policy_by_name("rr")), SCHED_E_BUSY);
    struct sched_task *notcur = cur == &b.t[0] ? &b.t[1] : &b.t[0];
    assert_int_equal(sched_account(&b.rq, notcur, 1), SCHED_E_NOTCURRENT);
    /* Nothing above changed the queue. */
    assert_int_equal(b.rq.nr_attached, 2);
    assert_int_equal(b.rq.nr_runnable, 2);
    assert_int_equal(b.rq.weight_sum, 3);
    sched_check(&b.rq);
    assert_int_equal(sched_account(&b.rq, cur, 1), 0);
    assert_int_equal(sched_switch_policy(&b.rq, NULL), SCHED_E_POLICY);
    sched_check(&b.rq);
}

static void test_rr_order(void **state)
{
    (void)state;
    static struct rqbox b;
    init_rq(&b, "rr", 8);
    for (unsigned i = 0; i < 4; i++)
        add(&b, i, 1 + i, 0); /* weights ignored */
    unsigned seq[12];
    for (unsigned s = 0; s < 12; s++) {
        struct sched_task *t = sched_pick(&b.rq);
        seq[s] = t->id;
        assert_int_equal(sched_account(&b.rq, t, 1), 0);
        if (s == 5) /* task 1 just ran: block it for a while */
            assert_int_equal(sched_block(&b.rq, &b.t[1]), 0);
        if (s == 8)
            assert_int_equal(sched_wake(&b.rq, &b.t[1]), 0);
    }
    const unsigned want[12] = {0, 1, 2, 3, 0, 1, 2, 3, 0, 2, 3, 0};
    assert_memory_equal(seq, want, sizeof want);
    sched_check(&b.rq);
}

static void test_prio_levels(void **state)
{
    (void)state;
    static struct rqbox b;
    init_rq(&b, "prio", 8);
    add(&b, 0, 1, 5);
    add(&b, 1, 1, 2);
    add(&b, 2, 1, 2);
    add(&b, 3, 1, 63);
    /* Level 2 alternates; levels 5 and 63 starve while it is busy. */
    uint64_t c[4] = {0};
    run(&b, 10, c);
    assert_int_equal(c[1], 5);
    assert_int_equal(c[2], 5);
    assert_int_equal(c[0] + c[3], 0);
    assert_int_equal(b.rq.prio_map, (1ull << 2) | (1ull << 5) | (1ull << 63));
    assert_int_equal(sched_block(&b.rq, &b.t[1]), 0);
    assert_int_equal(sched_block(&b.rq, &b.t[2]), 0);
    assert_int_equal(b.rq.prio_map, (1ull << 5) | (1ull << 63));
    assert_int_equal(sched_pick(&b.rq)->id, 0);
    assert_int_equal(sched_account(&b.rq, &b.t[0], 1), 0);
    assert_int_equal(sched_set_prio(&b.rq, &b.t[3], 0), 0);
    assert_int_equal(sched_pick(&b.rq)->id, 3);
    assert_int_equal(sched_account(&b.rq, &b.t[3], 1), 0);
    sched_check(&b.rq);
}

/* Weighted policies give weight-proportional shares over many slots. */
static void test_shares(void **state)
{
    (void)state;
    static struct rqbox b;
    const char *pols[] = {"beatty", "stride", "eevdf", "lottery"};
    const uint32_t w[4] = {1, 2, 3, 10};
    fake_random_seed(77);
    printf("# seed 77\n");
    for (unsigned p = 0; p < 4; p++) {
        init_rq(&b, pols[p], 8);
        for (unsigned i = 0; i < 4; i++)
            add(&b, i, w[i], 0);
        uint64_t c[4] = {0};
        const unsigned slots = 16000;
        run(&b, slots, c);
        for (unsigned i = 0; i < 4; i++) {
            uint64_t want = slots / 16 * w[i];
            /* Deterministic policies: exact per period; lottery: 5 sigma. */
            uint64_t tol = p == 3 ? 5 * 120 : 1;
            if (c[i] + tol < want || c[i] > want + tol)
                fail_msg("%s: task %u got %llu, share %llu", pols[p], i,
                         (unsigned long long)c[i], (unsigned long long)want);
        }
        sched_check(&b.rq);
    }
}

/* Stride and EEVDF charge nanoseconds: a task that uses half its quantum
 * each time is picked about twice as often for the same time share. */
static void test_partial_quanta_ns(void **state)
{
    (void)state;
    static struct rqbox b;
    const char *pols[] = {"stride", "eevdf"};
    for (unsigned p = 0; p < 2; p++) {
        init_rq(&b, pols[p], 4);
        b.rq.quantum_ns = 1000;
        add(&b, 0, 1, 0);
        add(&b, 1, 1, 0);
        for (unsigned s = 0; s < 3000; s++) {
            struct sched_task *t = sched_pick(&b.rq);
            assert_int_equal(sched_account(&b.rq, t, t->id == 0 ? 500 : 1000), 0);
        }
        uint64_t a = b.t[0].received_ns, c = b.t[1].received_ns;
        assert_true(a + 1000 >= c && c + 1000 >= a);
        assert_true(b.t[0].dispatches > b.t[1].dispatches * 19 / 10);
        sched_check(&b.rq);
    }
}

static void test_trace_records(void **state)
{
    (void)state;
    static struct rqbox b;
    init_rq(&b, "rr", 4);
    b.rq.cpu = 3;
    add(&b, 0, 1, 0);
    add(&b, 1, 1, 0);
    fake_trace_reset();
    run(&b, 3, NULL);
    assert_int_equal(fake_trace_count_kind(TR_SCHED_SWITCH), 3);
    const struct core_trace_rec *r = fake_trace_at(1);
    assert_int_equal(r->kind, TR_SCHED_SWITCH);
    assert_int_equal(r->cpu, 3);
    assert_int_equal(r->a, 1);
    assert_int_equal(r->b, 0);
    assert_int_equal(r->c, SCHED_POL_RR);
    assert_int_equal(sched_block(&b.rq, &b.t[1]), 0);
    assert_int_equal(sched_block(&b.rq, &b.t[0]), 0);
    assert_null(sched_pick(&b.rq));
    assert_int_equal(fake_trace_count_kind(TR_TASK_BLOCK), 2);
    assert_int_equal(fake_trace_count_kind(TR_SCHED_IDLE), 1);
    assert_int_equal(sched_wake(&b.rq, &b.t[0]), 0);
    assert_int_equal(fake_trace_count_kind(TR_TASK_READY), 1);
    assert_int_equal(sched_switch_policy(&b.rq, sched_policy_by_name("eevdf")), 2);
    r = fake_trace_at(fake_trace_count() - 1);
    assert_int_equal(r->kind, TR_SCHED_POLICY);
    assert_int_equal(r->a, SCHED_POL_RR);
    assert_int_equal(r->b, SCHED_POL_EEVDF);
    assert_int_equal(r->c, 2);
    b.rq.trace = 0;
    size_t before = fake_trace_count();
    run(&b, 5, NULL);
    assert_int_equal(fake_trace_count(), before);
}

/* The simulator's load balancer: a task moves with its accounting and its
 * blocked flag. */
static void test_migration(void **state)
{
    (void)state;
    static struct rqbox a, c;
    init_rq(&a, "beatty", 8);
    init_rq(&c, "eevdf", 8);
    add(&a, 0, 3, 0);
    add(&a, 1, 1, 0);
    run(&a, 40, NULL);
    uint64_t got = a.t[0].received_ns;
    assert_int_equal(got, 30);
    assert_int_equal(sched_block(&a.rq, &a.t[1]), 0);
    assert_int_equal(sched_remove(&a.rq, &a.t[1]), 0);
    assert_int_equal(sched_remove(&a.rq, &a.t[0]), 0);
    assert_null(sched_pick(&a.rq));
    assert_int_equal(sched_add(&c.rq, &a.t[0]), 0);
    assert_int_equal(sched_add(&c.rq, &a.t[1]), 0);
    assert_int_equal(c.rq.nr_runnable, 1);
    run(&c, 10, NULL);
    assert_int_equal(a.t[0].received_ns, got + 10);
    assert_int_equal(sched_wake(&c.rq, &a.t[1]), 0);
    sched_check(&c.rq);
    sched_check(&a.rq);
}

/* Hot swap under random operations: after every switch the same tasks are
 * attached with the same flags, every runnable task still gets picked, and
 * the structures check out. */
static void test_hot_swap_loses_nothing(void **state)
{
    (void)state;
    static struct rqbox b;
    const uint64_t seed = 4242;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    init_rq(&b, "beatty", MAXT);
    b.rq.trace = 0;
    for (unsigned i = 0; i < 40; i++)
        add(&b, i, 1 + (uint32_t)(fake_random_u64() % 100), (uint8_t)(fake_random_u64() % 8));
    for (unsigned round = 0; round < 300; round++) {
        for (unsigned k = 0; k < 20; k++) {
            struct sched_task *t = &b.t[fake_random_u64() % 40];
            switch (fake_random_u64() % 5) {
            case 0: sched_block(&b.rq, t); break;
            case 1: sched_wake(&b.rq, t); break;
            case 2: sched_throttle(&b.rq, t); break;
            case 3: sched_unthrottle(&b.rq, t); break;
            default: sched_set_weight(&b.rq, t, 1 + (uint32_t)(fake_random_u64() % 100));
            }
        }
        run(&b, b.rq.nr_runnable ? 7 : 0, NULL);
        uint8_t flags[40];
        for (unsigned i = 0; i < 40; i++)
            flags[i] = b.t[i].flags;
        uint32_t runnable = b.rq.nr_runnable;
        const char *to = names[fake_random_u64() % 6];
        assert_int_equal(sched_switch_policy(&b.rq, sched_policy_by_name(to)), 40);
        assert_string_equal(sched_policy_name(b.rq.pol), to);
        sched_check(&b.rq);
        assert_int_equal(b.rq.nr_attached, 40);
        assert_int_equal(b.rq.nr_runnable, runnable);
        for (unsigned i = 0; i < 40; i++)
            assert_int_equal(b.t[i].flags, flags[i]);
        /* Every runnable task runs within a while (prio: wake all first so
         * only one level competes). */
        if (!strcmp(to, "prio") || !strcmp(to, "lottery"))
            continue;
        uint64_t seen[MAXT] = {0};
        run(&b, runnable * 101, seen);
        for (unsigned i = 0; i < 40; i++)
            assert_true((b.t[i].flags == SCHED_F_ATTACHED) == (seen[i] > 0));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_names),
        cmocka_unit_test(test_errors_have_no_effect),
        cmocka_unit_test(test_rr_order),
        cmocka_unit_test(test_prio_levels),
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_partial_quanta_ns),
        cmocka_unit_test(test_trace_records),
        cmocka_unit_test(test_migration),
        cmocka_unit_test(test_hot_swap_loses_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
