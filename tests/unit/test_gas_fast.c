/*
 * Tests for gas_charge_op_fast (core/gas.h), the inline common case of
 * gas_charge_op that the kernel's system-call entry and the IPC fast path
 * use, and for the pool's trace_ops switch.
 *
 *   - Equivalence on random pools (seeded; GAS_SEED overrides): accounts in
 *     every state, balances around the cost, costs including 0, the trace
 *     switches in all four positions. From the same pool, the fast charge
 *     either succeeds and leaves the pool byte-identical to gas_charge_op's
 *     (which must then return GAS_OK and emit the same records: none), or
 *     declines and changes nothing at all. It must succeed often and
 *     decline often, or the test fails.
 *   - Every condition under which it declines, one by one.
 *   - trace_ops = 0 drops the per-operation gas.charge records only: time
 *     charges and exhaustion are still traced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/gas.h"
#include "fake_platform.h"

#define NACCT 6

static uint64_t seed = 20261121;

struct world {
    struct gas_pool p;
    struct gas_account a[NACCT];
};

/* The pool points into its own world: fix the pointer after a copy. */
static void world_copy(struct world *dst, const struct world *src)
{
    memcpy(dst, src, sizeof *dst);
    dst->p.acct = dst->a;
}

static void world_same(const struct world *x, const struct world *y)
{
    struct gas_pool px = x->p, py = y->p;
    px.acct = py.acct = 0;
    assert_memory_equal(&px, &py, sizeof px);
    assert_memory_equal(x->a, y->a, sizeof x->a);
}

static void world_init(struct world *w, uint64_t cost_sys, uint64_t cost_ipc)
{
    const struct gas_costs c = {.time_unit_ns = 100, .time_cost = 1,
                                .op = {0, cost_sys, cost_ipc, 2}};
    assert_int_equal(gas_pool_init(&w->p, w->a, NACCT, &c), 0);
}

static void test_random_equivalence(void **state)
{
    (void)state;
    printf("test_gas_fast: seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    static struct world w, f, g;
    unsigned n_fast = 0, n_declined = 0;
    for (int round = 0; round < 4000; round++) {
        uint64_t r = fake_random_u64();
        world_init(&w, r % 4, (r >> 2) % 7); /* costs 0..3 and 0..6 */
        w.p.trace = (uint8_t)((r >> 5) & 1);
        w.p.trace_ops = (uint8_t)((r >> 6) & 1);
        for (uint32_t i = 0; i < NACCT - 1; i++) {
            uint64_t q = fake_random_u64();
            uint32_t id;
            uint64_t bal = q % 9;
            assert_int_equal(gas_open(&w.p, bal, 0, 0, 100, (enum gas_policy)((q >> 8) % 3), 0, &id),
                             0);
            /* Some accounts are throttled, killed or closed. */
            switch ((q >> 12) % 8) {
            case 0:
                w.a[id].state = GAS_ST_THROTTLED;
                break;
            case 1:
                w.a[id].state = GAS_ST_KILLED;
                break;
            case 2:
                assert_int_equal(gas_close(&w.p, id), 0);
                break;
            default:
                break;
            }
        }
        uint32_t id = (uint32_t)(r >> 8) % (NACCT + 2); /* past the end too */
        enum gas_op op = (r >> 16) & 1 ? GAS_OP_IPC : GAS_OP_SYSCALL;
        world_copy(&f, &w);
        world_copy(&g, &w);
        fake_trace_reset();
        bool ok = gas_charge_op_fast(&f.p, id, op);
        size_t nf = fake_trace_count();
        assert_int_equal(nf, 0); /* the fast charge never writes a record */
        if (!ok) {
            n_declined++;
            world_same(&f, &w);
            continue;
        }
        n_fast++;
        assert_int_equal(gas_charge_op(&g.p, id, op), GAS_OK);
        assert_int_equal(fake_trace_count(), 0); /* nor did the general one here */
        world_same(&f, &g);
        assert_true(f.a[id].balance > 0);
        /* States set by hand can break the laws; a lawful pool stays so. */
        assert_true(!gas_conserved(&w.p) || gas_conserved(&f.p));
    }
    printf("test_gas_fast: %u charged, %u declined\n", n_fast, n_declined);
    assert_true(n_fast > 500);
    assert_true(n_declined > 500);
}

static void expect_declined(struct world *w, uint32_t id, enum gas_op op)
{
    static struct world before;
    world_copy(&before, w);
    fake_trace_reset();
    assert_false(gas_charge_op_fast(&w->p, id, op));
    world_same(w, &before);
    assert_int_equal(fake_trace_count(), 0);
}

static void test_declines(void **state)
{
    (void)state;
    static struct world w;
    world_init(&w, 1, 5);
    w.p.trace_ops = 0;
    uint32_t id;
    assert_int_equal(gas_open(&w.p, 100, 0, 0, 100, GAS_POL_THROTTLE, 0, &id), 0);
    /* The common case charges. */
    assert_true(gas_charge_op_fast(&w.p, id, GAS_OP_IPC));
    assert_int_equal(w.a[id].balance, 95);
    assert_int_equal(w.a[id].spent, 5);
    assert_int_equal(w.p.spent, 5);
    assert_true(gas_conserved(&w.p));

    expect_declined(&w, NACCT, GAS_OP_IPC); /* no such account */
    expect_declined(&w, id + 1, GAS_OP_IPC); /* not open */
    w.a[id].balance = 5;
    expect_declined(&w, id, GAS_OP_IPC); /* would empty it: gas_charge_op applies the policy */
    w.a[id].balance = 4;
    expect_declined(&w, id, GAS_OP_IPC); /* cannot pay: gas_charge_op refuses */
    w.a[id].balance = 95;
    w.a[id].state = GAS_ST_THROTTLED;
    expect_declined(&w, id, GAS_OP_SYSCALL); /* throttled */
    w.a[id].state = GAS_ST_KILLED;
    expect_declined(&w, id, GAS_OP_SYSCALL); /* killed */
    w.a[id].state = GAS_ST_ACTIVE;
    w.p.trace_ops = 1;
    expect_declined(&w, id, GAS_OP_SYSCALL); /* its record is to be written */
    w.p.trace = 0;
    assert_true(gas_charge_op_fast(&w.p, id, GAS_OP_SYSCALL)); /* not with tracing off */
    assert_int_equal(w.a[id].balance, 94);
    assert_true(gas_conserved(&w.p));
}

static void test_trace_ops_switch(void **state)
{
    (void)state;
    static struct world w;
    world_init(&w, 1, 5);
    uint32_t id;
    assert_int_equal(gas_open(&w.p, 7, 0, 0, 100, GAS_POL_THROTTLE, 0, &id), 0);
    fake_trace_reset();
    assert_int_equal(gas_charge_op(&w.p, id, GAS_OP_IPC), GAS_OK);
    assert_int_equal(fake_trace_count_kind(TR_GAS_CHARGE), 1); /* default: written */
    w.p.trace_ops = 0;
    fake_trace_reset();
    assert_int_equal(gas_charge_op(&w.p, id, GAS_OP_SYSCALL), GAS_OK);
    assert_int_equal(fake_trace_count(), 0);
    assert_int_equal(gas_charge_time(&w.p, id, 100), GAS_THROTTLED); /* 1 unit: empties it */
    assert_int_equal(fake_trace_count_kind(TR_GAS_CHARGE), 1); /* time is still traced */
    assert_int_equal(fake_trace_count_kind(TR_GAS_EXHAUST), 1);
    assert_int_equal(w.a[id].balance, 0);
    assert_true(gas_conserved(&w.p));
}

int main(void)
{
    const char *env = getenv("GAS_SEED");
    if (env)
        seed = strtoull(env, NULL, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_equivalence),
        cmocka_unit_test(test_declines),
        cmocka_unit_test(test_trace_ops_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
