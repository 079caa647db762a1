/*
 * Tests for gas accounting (core/gas.h, libcore/src/gas.c) and its seam
 * with the scheduler (sched_account_gas): parameter errors with no effect,
 * time charging with carried fractions, operation costs, the three
 * exhaustion policies, refills and the woken list, donation rules,
 * references that go stale, trace records, conservation under seeded random
 * sequences (and that the check can fail), and that no policy ever picks a
 * task whose account is throttled.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/gas.h"
#include "core/sched.h"
#include "fake_platform.h"

#define NACCT 16

static const struct gas_costs costs = {
    .time_unit_ns = 1000, .time_cost = 2, .op = {0, 5, 3, 7}};

static void pool(struct gas_pool *p, struct gas_account *a)
{
    assert_int_equal(gas_pool_init(p, a, NACCT, &costs), 0);
}

static void test_params(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    struct gas_costs bad = costs;
    bad.time_unit_ns = 0;
    assert_int_equal(gas_pool_init(&p, a, NACCT, &bad), GAS_E_PARAM);
    assert_int_equal(gas_pool_init(&p, a, 0, &costs), CORE_E_INVAL);
    pool(&p, a);
    assert_int_equal(gas_set_costs(&p, &bad), GAS_E_PARAM);
    uint32_t id = 99;
    assert_int_equal(gas_open(&p, 11, 0, 0, 10, GAS_POL_THROTTLE, 0, &id), GAS_E_PARAM);
    assert_int_equal(gas_open(&p, 1, 5, 0, 10, GAS_POL_THROTTLE, 0, &id), GAS_E_PARAM);
    assert_int_equal(gas_open(&p, 1, 0, 0, 10, (enum gas_policy)7, 0, &id), GAS_E_PARAM);
    assert_int_equal(id, 99);
    assert_int_equal(p.minted, 0);
    for (unsigned i = 0; i < NACCT; i++)
        assert_int_equal(gas_open(&p, 1, 0, 0, 10, GAS_POL_THROTTLE, 0, &id), 0);
    assert_int_equal(gas_open(&p, 1, 0, 0, 10, GAS_POL_THROTTLE, 0, &id), GAS_E_FULL);
    assert_int_equal(p.minted, NACCT);
    assert_int_equal(gas_charge_op(&p, NACCT, GAS_OP_IPC), GAS_E_NOACCT);
    assert_int_equal(gas_charge_op(&p, 0, GAS_OP_TIME), GAS_E_OP);
    assert_int_equal(gas_charge_op(&p, 0, GAS_OP_COUNT), GAS_E_OP);
    assert_string_equal(core_strerror(GAS_E_FUNDS), "GAS_E_FUNDS");
    assert_true(gas_conserved(&p));
}

static void test_time_and_ops(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    pool(&p, a);
    uint32_t id;
    assert_int_equal(gas_open(&p, 100, 0, 0, 100, GAS_POL_THROTTLE, 0, &id), 0);
    /* 2 gas per 1000 ns; 999 ns + 1 ns = one unit. */
    assert_int_equal(gas_charge_time(&p, id, 999), GAS_OK);
    assert_int_equal(gas_get(&p, id)->balance, 100);
    assert_int_equal(gas_charge_time(&p, id, 1), GAS_OK);
    assert_int_equal(gas_get(&p, id)->balance, 98);
    assert_int_equal(gas_charge_time(&p, id, 10500), GAS_OK);
    assert_int_equal(gas_get(&p, id)->balance, 78);
    assert_int_equal(gas_get(&p, id)->carry_ns, 500);
    assert_int_equal(gas_charge_op(&p, id, GAS_OP_SYSCALL), GAS_OK);
    assert_int_equal(gas_charge_op(&p, id, GAS_OP_IPC), GAS_OK);
    assert_int_equal(gas_charge_op(&p, id, GAS_OP_CAP), GAS_OK);
    assert_int_equal(gas_get(&p, id)->balance, 63);
    assert_int_equal(gas_get(&p, id)->spent, 37);
    /* The host can publish a new table. */
    struct gas_costs c2 = costs;
    c2.op[GAS_OP_IPC] = 60;
    assert_int_equal(gas_set_costs(&p, &c2), 0);
    assert_int_equal(gas_charge_op(&p, id, GAS_OP_IPC), GAS_OK);
    assert_int_equal(gas_get(&p, id)->balance, 3);
    /* Too expensive: refused, nothing charged. */
    assert_int_equal(gas_charge_op(&p, id, GAS_OP_IPC), GAS_E_EXHAUSTED);
    assert_int_equal(gas_get(&p, id)->balance, 3);
    gas_check(&p);
}

static void test_exhaustion_policies(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    pool(&p, a);
    uint32_t th, ki, no;
    assert_int_equal(gas_open(&p, 4, 4, 1000000, 10, GAS_POL_THROTTLE, 0, &th), 0);
    assert_int_equal(gas_open(&p, 4, 4, 1000000, 10, GAS_POL_KILL, 0, &ki), 0);
    assert_int_equal(gas_open(&p, 4, 4, 1000000, 10, GAS_POL_NOTIFY, 0, &no), 0);
    fake_trace_reset();
    /* 3000 ns cost 6 > 4: pays 4, 2 unpaid. */
    assert_int_equal(gas_charge_time(&p, th, 3000), GAS_THROTTLED);
    assert_int_equal(gas_get(&p, th)->state, GAS_ST_THROTTLED);
    assert_int_equal(gas_get(&p, th)->unpaid, 2);
    assert_int_equal(gas_charge_time(&p, th, 1000), GAS_THROTTLED);
    assert_int_equal(gas_charge_op(&p, th, GAS_OP_SYSCALL), GAS_E_EXHAUSTED);
    assert_int_equal(gas_charge_time(&p, ki, 2000), GAS_KILLED);
    assert_int_equal(gas_charge_time(&p, ki, 1000), GAS_E_KILLED);
    assert_int_equal(gas_charge_op(&p, ki, GAS_OP_CAP), GAS_E_KILLED);
    assert_int_equal(gas_charge_time(&p, no, 2000), GAS_NOTIFIED);
    assert_int_equal(gas_charge_time(&p, no, 2000), GAS_OK); /* upcall once */
    assert_int_equal(gas_get(&p, no)->state, GAS_ST_ACTIVE);
    assert_int_equal(fake_trace_count_kind(TR_GAS_EXHAUST), 3);
    gas_check(&p);

    /* Refill at 1 ms: the throttled account comes back, the killed one
     * does not, the notify one re-arms. */
    uint32_t woken[NACCT];
    assert_int_equal(gas_tick(&p, 999999, woken, NACCT), 0);
    assert_int_equal(gas_tick(&p, 1000000, woken, NACCT), 1);
    assert_int_equal(woken[0], th);
    assert_int_equal(gas_get(&p, th)->balance, 4);
    assert_int_equal(gas_get(&p, ki)->balance, 0);
    assert_int_equal(gas_get(&p, no)->balance, 4);
    assert_int_equal(gas_charge_time(&p, no, 2000), GAS_NOTIFIED);
    /* Five missed periods at once, capped at 10. */
    assert_int_equal(gas_tick(&p, 6500000, woken, NACCT), 0); /* th was not dry */
    assert_int_equal(gas_get(&p, th)->balance, 10);
    assert_int_equal(gas_get(&p, th)->next_refill_ns, 7000000);
    assert_int_equal(fake_trace_count_kind(TR_GAS_REFILL), 4);
    gas_check(&p);
    /* A killed account is closed; its slot is reused; old refs fail. */
    uint64_t ref = gas_ref(&p, ki);
    uint32_t got;
    assert_int_equal(gas_resolve(&p, ref, &got), 0);
    assert_int_equal(got, ki);
    assert_int_equal(gas_close(&p, ki), 0);
    assert_int_equal(gas_close(&p, ki), GAS_E_NOACCT);
    assert_int_equal(gas_resolve(&p, ref, &got), GAS_E_NOACCT);
    uint32_t again;
    assert_int_equal(gas_open(&p, 3, 0, 0, 3, GAS_POL_KILL, 0, &again), 0);
    assert_int_equal(again, ki);
    assert_int_equal(gas_resolve(&p, ref, &got), GAS_E_NOACCT);
    assert_int_equal(gas_resolve(&p, gas_ref(&p, again), &got), 0);
    gas_check(&p);
}

static void test_tick_woken_overflow(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    pool(&p, a);
    for (unsigned i = 0; i < 5; i++) {
        uint32_t id;
        assert_int_equal(gas_open(&p, 0, 1, 10, 5, GAS_POL_THROTTLE, 0, &id), 0);
        assert_int_equal(gas_charge_time(&p, id, 0), GAS_THROTTLED);
    }
    uint32_t woken[2];
    assert_int_equal(gas_tick(&p, 10, woken, 2), 2);
    assert_int_equal(gas_tick(&p, 10, woken, 2), 2);
    assert_int_equal(gas_tick(&p, 10, woken, 2), 1);
    assert_int_equal(woken[0], 4);
    assert_int_equal(gas_tick(&p, 10, woken, 2), 0);
    gas_check(&p);
}

static void test_donation(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    pool(&p, a);
    uint32_t x, y, k;
    assert_int_equal(gas_open(&p, 50, 0, 0, 100, GAS_POL_THROTTLE, 0, &x), 0);
    assert_int_equal(gas_open(&p, 1, 0, 0, 20, GAS_POL_THROTTLE, 0, &y), 0);
    assert_int_equal(gas_open(&p, 1, 0, 0, 20, GAS_POL_KILL, 0, &k), 0);
    assert_int_equal(gas_charge_time(&p, y, 1000), GAS_THROTTLED);
    assert_int_equal(gas_charge_time(&p, k, 1000), GAS_KILLED);
    fake_trace_reset();
    assert_int_equal(gas_donate(&p, x, x, 1), GAS_E_SELF);
    assert_int_equal(gas_donate(&p, x, NACCT - 1, 1), GAS_E_NOACCT);
    assert_int_equal(gas_donate(&p, x, k, 1), GAS_E_KILLED);
    assert_int_equal(gas_donate(&p, x, y, 51), GAS_E_FUNDS);
    assert_int_equal(gas_donate(&p, x, y, 21), GAS_E_CAP);
    assert_int_equal(gas_get(&p, x)->balance, 50);
    assert_int_equal(fake_trace_count_kind(TR_GAS_DONATE), 0);
    assert_int_equal(gas_donate(&p, x, y, 0), 0); /* nothing moved: still throttled */
    assert_int_equal(gas_donate(&p, x, y, 20), 1); /* revives y */
    assert_int_equal(gas_get(&p, y)->state, GAS_ST_ACTIVE);
    assert_int_equal(gas_donate(&p, y, x, 5), 0);
    assert_int_equal(gas_get(&p, x)->balance, 35);
    assert_int_equal(fake_trace_count_kind(TR_GAS_DONATE), 3);
    const struct core_trace_rec *r = fake_trace_at(fake_trace_count() - 1);
    assert_int_equal(r->a, y);
    assert_int_equal(r->b, 5);
    assert_int_equal(r->c, x);
    gas_check(&p);
}

/* Random opens, closes, charges, donations and refills: the law holds after
 * every step. Then a corrupted pool is caught. */
static void test_conservation_random(void **state)
{
    (void)state;
    struct gas_pool p;
    struct gas_account a[NACCT];
    const uint64_t seed = 0x9a5;
    printf("# seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    pool(&p, a);
    fake_trace_enable(0);
    uint64_t now = 0;
    for (unsigned step = 0; step < 200000; step++) {
        uint32_t i = (uint32_t)(fake_random_u64() % NACCT);
        uint32_t j = (uint32_t)(fake_random_u64() % NACCT);
        uint64_t r = fake_random_u64();
        switch (r % 8) {
        case 0: {
            uint32_t id;
            uint64_t cap = 1 + r % 1000;
            gas_open(&p, (r >> 10) % (cap + 1), (r >> 20) % 50, 1 + (r >> 30) % 5000, cap,
                     (enum gas_policy)((r >> 40) % 3), now, &id);
            break;
        }
        case 1:
            if (r % 5 == 0)
                gas_close(&p, i);
            break;
        case 2:
        case 3: gas_charge_time(&p, i, (r >> 8) % 20000); break;
        case 4: gas_charge_op(&p, i, (enum gas_op)(1 + (r >> 8) % 3)); break;
        case 5: gas_donate(&p, i, j, (r >> 8) % 100); break;
        default: {
            uint32_t woken[NACCT];
            now += (r >> 8) % 3000;
            gas_tick(&p, now, woken, NACCT);
        }
        }
        if (!gas_conserved(&p))
            fail_msg("step %u: conservation broken", step);
    }
    fake_trace_enable(1);
    assert_true(p.minted > 10000);
    assert_true(p.spent > 10000);
    /* The check can fail: gas appearing from nowhere. */
    uint32_t id;
    assert_int_equal(gas_open(&p, 0, 0, 0, 10, GAS_POL_NOTIFY, 0, &id) == 0 ||
                         gas_get(&p, 0) != NULL,
                     1);
    uint32_t victim = 0;
    while (!gas_get(&p, victim) || gas_get(&p, victim)->balance == gas_get(&p, victim)->cap)
        victim++;
    p.acct[victim].balance++;
    assert_false(gas_conserved(&p));
    jmp_buf env;
    fake_panic_jmp = &env;
    if (setjmp(env) == 0) {
        gas_check(&p);
        fail_msg("gas_check did not panic");
    }
    fake_panic_jmp = NULL;
    assert_string_equal(fake_panic_msg, "gas_check: balances + spent != minted");
}

/* The integration: each task pays from its own account; a throttled task is
 * never picked by any policy, and runs again after its refill. */
static void test_throttled_never_picked(void **state)
{
    (void)state;
    static const char *pols[] = {"beatty", "rr", "prio", "stride", "lottery", "eevdf"};
    fake_random_seed(5);
    for (unsigned pi = 0; pi < 6; pi++) {
        struct gas_pool p;
        struct gas_account a[NACCT];
        pool(&p, a);
        p.trace = 0;
        static struct sched_rq rq;
        static struct sched_node nodes[SCHED_NODES(8)];
        static struct sched_task t[8];
        uint32_t acct_of[8];
        assert_int_equal(sched_rq_init(&rq, sched_policy_by_name(pols[pi]), nodes, 8, 0), 0);
        rq.trace = 0;
        rq.quantum_ns = 1000;
        for (unsigned i = 0; i < 8; i++) {
            assert_int_equal(sched_task_init(&t[i], i, 1 + i, 0), 0);
            assert_int_equal(sched_add(&rq, &t[i]), 0);
            /* Task i may run i+1 quanta every 40 us (35 of 40 in all);
             * task 0 starts empty. */
            assert_int_equal(gas_open(&p, 2 * i, 2 * (i + 1), 40000, 2 * (i + 1),
                                      GAS_POL_THROTTLE, 0, &acct_of[i]),
                             0);
            if (gas_get(&p, acct_of[i])->state == GAS_ST_THROTTLED)
                assert_int_equal(sched_throttle(&rq, &t[i]), 0);
        }
        assert_int_equal(rq.nr_runnable, 7);
        uint64_t now = 0, throttles = 0, ran[8] = {0};
        for (unsigned s = 0; s < 4000; s++) {
            struct sched_task *cur = sched_pick(&rq);
            if (cur) {
                const struct gas_account *ga = gas_get(&p, acct_of[cur->id]);
                assert_int_not_equal(ga->state, GAS_ST_THROTTLED);
                assert_true(ga->balance > 0);
                int out = sched_account_gas(&rq, cur, 1000, &p, acct_of[cur->id]);
                assert_true(out == GAS_OK || out == GAS_THROTTLED);
                if (out == GAS_THROTTLED) {
                    assert_true(cur->flags & SCHED_F_THROTTLED);
                    throttles++;
                }
                ran[cur->id]++;
            }
            now += 1000;
            uint32_t woken[NACCT];
            uint32_t n = gas_tick(&p, now, woken, NACCT);
            for (uint32_t k = 0; k < n; k++) {
                for (unsigned i = 0; i < 8; i++) {
                    if (acct_of[i] == woken[k])
                        assert_int_equal(sched_unthrottle(&rq, &t[i]), 0);
                }
            }
            sched_check(&rq);
            gas_check(&p);
        }
        assert_true(throttles > 100);
        for (unsigned i = 0; i < 8; i++)
            assert_true(ran[i] > 0);
        /* Over 4000 quanta (100 refills) no task ran beyond its budget. */
        for (unsigned i = 0; i < 8; i++)
            assert_true(ran[i] <= i + 100 * (i + 1));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_time_and_ops),
        cmocka_unit_test(test_exhaustion_policies),
        cmocka_unit_test(test_tick_woken_overflow),
        cmocka_unit_test(test_donation),
        cmocka_unit_test(test_conservation_random),
        cmocka_unit_test(test_throttled_never_picked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
