/*
 * Tests for gas_donate_cap (core/gas_cap.h): gas moves only through a
 * gas-account capability holding the donate right, and every refusal
 * (missing right, wrong type, stale handle, expired cap, closed account,
 * insufficient funds) leaves every balance and the conservation law intact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/gas_cap.h"
#include "fake_platform.h"

#define NACCT 4
#define NSLOT 16

struct fixture {
    struct gas_pool pool;
    struct gas_account accts[NACCT];
    struct cap_system sys;
    struct cap_space spaces[1];
    struct cap_slot slots[NSLOT];
    uint32_t a, b;        /* account ids */
    cap_handle full, ro;  /* caps on a: all rights / no donate */
    cap_handle to_b;      /* cap on b, no rights */
    cap_handle ep;        /* an endpoint cap (wrong type) */
};

static const struct gas_costs costs = {.time_unit_ns = 1000, .time_cost = 1, .op = {0, 1, 1, 1}};

static cap_handle make_cap(struct fixture *f, uint8_t type, uint64_t obj, uint32_t rights,
                           uint64_t expiry)
{
    struct cap_desc d = {.type = type, .obj = obj, .rights = rights, .expiry = expiry};
    cap_handle h;
    assert_int_equal(cap_create_root(&f->sys, 0, &d, &h), 0);
    return h;
}

static void setup(struct fixture *f)
{
    uint32_t idx;
    assert_int_equal(gas_pool_init(&f->pool, f->accts, NACCT, &costs), 0);
    assert_int_equal(gas_open(&f->pool, 100, 0, 0, 1000, GAS_POL_THROTTLE, 0, &f->a), 0);
    assert_int_equal(gas_open(&f->pool, 10, 0, 0, 1000, GAS_POL_THROTTLE, 0, &f->b), 0);
    cap_system_init(&f->sys, f->spaces, 1);
    assert_int_equal(cap_space_add(&f->sys, f->slots, NSLOT, 1, &idx), 0);
    f->full = make_cap(f, CAP_T_GAS, gas_ref(&f->pool, f->a), CAP_R_ALL, 0);
    f->ro = make_cap(f, CAP_T_GAS, gas_ref(&f->pool, f->a), CAP_R_READ, 0);
    f->to_b = make_cap(f, CAP_T_GAS, gas_ref(&f->pool, f->b), 0, 0);
    f->ep = make_cap(f, CAP_T_ENDPOINT, 7, CAP_R_ALL, 0);
}

static void assert_balances(struct fixture *f, uint64_t a, uint64_t b)
{
    assert_int_equal(gas_get(&f->pool, f->a)->balance, a);
    assert_int_equal(gas_get(&f->pool, f->b)->balance, b);
    assert_true(gas_conserved(&f->pool));
}

static void test_donate_with_right(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    assert_int_equal(gas_donate_cap(&f.pool, &f.spaces[0], f.full, f.to_b, 30, 0), 0);
    assert_balances(&f, 70, 40);
}

static void test_refusals_have_no_effect(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    const struct cap_space *s = &f.spaces[0];
    fake_trace_reset();
    assert_int_equal(gas_donate_cap(&f.pool, s, f.ro, f.to_b, 30, 0), CAP_E_RIGHTS);
    assert_int_equal(gas_donate_cap(&f.pool, s, f.ep, f.to_b, 30, 0), CAP_E_TYPE);
    assert_int_equal(gas_donate_cap(&f.pool, s, f.full, f.ep, 30, 0), CAP_E_TYPE);
    assert_int_equal(gas_donate_cap(&f.pool, s, f.full, cap_handle_make(NSLOT + 3, 0), 30, 0),
                     CAP_E_BADHANDLE);
    assert_int_equal(gas_donate_cap(&f.pool, s, f.full, f.to_b, 101, 0), GAS_E_FUNDS);
    assert_int_equal(fake_trace_count_kind(TR_CAP_REFUSE), 4);
    assert_int_equal(fake_trace_count_kind(TR_GAS_DONATE), 0);
    assert_balances(&f, 100, 10);
}

static void test_expired_and_closed(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    const struct cap_space *s = &f.spaces[0];
    cap_handle soon = make_cap(&f, CAP_T_GAS, gas_ref(&f.pool, f.a), CAP_R_DONATE, 50);
    assert_int_equal(gas_donate_cap(&f.pool, s, soon, f.to_b, 5, 49), 0);
    assert_int_equal(gas_donate_cap(&f.pool, s, soon, f.to_b, 5, 50), CAP_E_EXPIRED);
    assert_balances(&f, 95, 15);
    /* Closing b makes the capability's reference stale: refused, a untouched. */
    assert_int_equal(gas_close(&f.pool, f.b), 0);
    assert_int_equal(gas_donate_cap(&f.pool, s, f.full, f.to_b, 5, 0), GAS_E_NOACCT);
    assert_int_equal(gas_get(&f.pool, f.a)->balance, 95);
    assert_true(gas_conserved(&f.pool));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_donate_with_right),
        cmocka_unit_test(test_refusals_have_no_effect),
        cmocka_unit_test(test_expired_and_closed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
