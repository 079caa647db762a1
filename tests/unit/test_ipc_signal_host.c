/*
 * Unit tests for the host's notification, ipc_signal_host (core/ipc.h): the
 * kernel calls it when a gas account it watches runs dry. Delivery ORs the
 * bits into the endpoint's word and wakes the oldest notification waiter
 * (never a message receiver), with the same TR_IPC_SEND record as
 * ipc_signal but task IPC_NOBODY; refusals (stale endpoint, empty bits,
 * invalid label, the flow rule) change no byte of the world; no gas is ever
 * charged. A seeded random walk mixes host signals with waits and stale
 * references and checks both properties at every step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/ipc.h"
#include "core/label.h"
#include "fake_platform.h"
#include "ipc_fixture.h"

static int setup(void **state)
{
    (void)state;
    fx_setup(1000, GAS_POL_NOTIFY);
    return 0;
}

static const struct core_trace_rec *last_rec(void)
{
    return fake_trace_at(fake_trace_count() - 1);
}

static void test_delivery_and_wake(void **state)
{
    (void)state;
    struct ipc_res res;
    uint64_t bits = 0;
    struct ipc_msg out;
    /* B waits for a message, C (a new task) for a notification, behind B. */
    uint32_t w;
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &w), 0);
    cap_handle wr = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), IPC_WOULD_BLOCK);
    struct gas_pool pool = fx.pool;
    struct gas_account accts[4];
    memcpy(accts, fx.accts, sizeof accts);
    fake_trace_reset();

    assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), 0x8, 0, &res), 0);
    assert_int_equal(res.wake, w); /* the notification waiter, not B */
    assert_int_equal(res.block, IPC_BLOCK_NONE);
    assert_int_equal(res.gas, GAS_OK);
    assert_int_equal(fx.tasks[w].state, IPC_TS_IDLE);
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_WAIT_RECV);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, 0x8);
    assert_int_equal(fake_trace_count(), 1);
    const struct core_trace_rec *r = last_rec();
    assert_int_equal(r->kind, TR_IPC_SEND);
    assert_int_equal(r->a, 0);          /* endpoint index */
    assert_int_equal(r->b, IPC_NOBODY); /* no task: the host */
    assert_int_equal(r->c, 0);
    assert_int_equal(r->d, 0x8);
    /* A second signal before the wait: OR-ed, nobody left to wake. */
    assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), 0x3, 0, &res), 0);
    assert_int_equal(res.wake, IPC_NOBODY);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), 0);
    assert_int_equal(bits, 0xb);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, 0);
    /* Host signals never touch the ring, and never gas. */
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->count, 0);
    assert_memory_equal(&pool, &fx.pool, sizeof pool);
    assert_memory_equal(accts, fx.accts, sizeof accts);
    assert_true(gas_conserved(&fx.pool));
    /* The host's signal and a task's land in the same word. */
    assert_int_equal(ipc_signal(&fx.ipc, fx.c, fx.c_send, 0x100, 0, &res), 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), 0x1, 0, &res), 0);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), 0);
    assert_int_equal(bits, 0x101);
}

/* Even a sender whose every account is dry or killed: the host pays nothing
 * and asks nobody's gas. */
static void test_gas_untouched_when_dry(void **state)
{
    (void)state;
    fx_setup(0, GAS_POL_KILL);
    struct ipc_res res;
    struct ipc_msg m = fx_msg(1);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_NOGAS); /* A is dry */
    struct fx_snap before;
    fx_take(&before);
    for (int i = 0; i < 100; i++)
        assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), (uint64_t)1 << (i % 64), 0, &res),
                         0);
    assert_memory_equal(&before.w.pool, &fx.pool, sizeof fx.pool);
    assert_memory_equal(before.w.accts, fx.accts, sizeof fx.accts);
    assert_true(gas_conserved(&fx.pool));
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, UINT64_MAX);
}

/* Each refusal: its own code, a TR_IPC_REFUSE for task IPC_NOBODY, and no
 * other effect at all. */
static void refused(uint64_t ref, struct label from, uint64_t bits, int err, uint64_t ep_idx)
{
    struct fx_snap before;
    struct ipc_res res;
    fx_take(&before);
    size_t n = fake_trace_count();
    assert_int_equal(ipc_signal_host(&fx.ipc, ref, from, bits, 0, &res), err);
    fx_same(&before);
    assert_int_equal(fake_trace_count(), n + 1);
    fx_refused(err);
    const struct core_trace_rec *r = last_rec();
    assert_int_equal(r->a, ep_idx);
    assert_int_equal(r->b, IPC_NOBODY);
    assert_int_equal(res.wake, IPC_NOBODY);
}

static void test_flow_refused(void **state)
{
    (void)state;
    struct ipc_res res;
    uint64_t hi;
    /* An endpoint at level 2 with category 1. */
    assert_int_equal(ipc_ep_create(&fx.ipc, label_make(2, 0x2), fx.ring2, FX_RING, &hi), 0);
    uint32_t idx = (uint32_t)hi;
    refused(hi, label_make(3, 0), 1, IPC_E_FLOW, idx);   /* above */
    refused(hi, label_make(2, 0x4), 1, IPC_E_FLOW, idx); /* sideways */
    refused(hi, label_make(0, 0x3), 1, IPC_E_FLOW, idx); /* a category more */
    refused(fx.ep, label_make(1, 0), 1, IPC_E_FLOW, 0);  /* anything above bottom */
    /* Below and equal flow. */
    assert_int_equal(ipc_signal_host(&fx.ipc, hi, label_make(1, 0x2), 1, 0, &res), 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, hi, label_make(2, 0x2), 2, 0, &res), 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, hi, label_bottom(), 4, 0, &res), 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, hi)->ntfn, 7);
}

static void test_param_and_label_refused(void **state)
{
    (void)state;
    refused(fx.ep, label_bottom(), 0, IPC_E_PARAM, 0);
    struct label bad = label_bottom();
    bad.pad = 1;
    refused(fx.ep, bad, 1, IPC_E_LABEL, 0);
    bad = label_bottom();
    bad.level = LABEL_LEVEL_MAX + 1;
    refused(fx.ep, bad, 1, IPC_E_LABEL, 0);
    /* The endpoint is decoded first: a stale one is IPC_E_DEAD even with
     * empty bits. */
    refused(fx.ep + 1, label_bottom(), 0, IPC_E_DEAD, IPC_NOBODY);
}

static void test_stale_endpoint(void **state)
{
    (void)state;
    struct ipc_res res;
    uint64_t ref2, ref3;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref2), 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, ref2, label_bottom(), 1, 0, &res), 0);
    uint64_t bits;
    cap_handle r2 = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, ref2, 0);
    assert_int_equal(ipc_wait(&fx.ipc, fx.b, r2, &bits, 0, &res), 0);
    assert_int_equal(ipc_ep_destroy(&fx.ipc, ref2), 0);
    /* Destroyed. */
    refused(ref2, label_bottom(), 1, IPC_E_DEAD, IPC_NOBODY);
    /* Its index reused by a new endpoint: the old reference stays dead, the
     * new one works, and the old one never reaches the new word. */
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref3), 0);
    assert_int_equal((uint32_t)ref3, (uint32_t)ref2);
    assert_true(ref3 != ref2);
    refused(ref2, label_bottom(), 1, IPC_E_DEAD, IPC_NOBODY);
    assert_int_equal(ipc_ep_get(&fx.ipc, ref3)->ntfn, 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, ref3, label_bottom(), 2, 0, &res), 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, ref3)->ntfn, 2);
    /* Never created. */
    refused((uint64_t)1 << 32 | 3u, label_bottom(), 1, IPC_E_DEAD, IPC_NOBODY);
    refused(0, label_bottom(), 1, IPC_E_DEAD, IPC_NOBODY);
}

/* Trace records off: nothing built, the effect unchanged. */
static void test_trace_off(void **state)
{
    (void)state;
    struct ipc_res res;
    fx.ipc.trace = 0;
    fake_trace_reset();
    assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), 5, 0, &res), 0);
    assert_int_equal(ipc_signal_host(&fx.ipc, fx.ep, label_bottom(), 0, 0, &res), IPC_E_PARAM);
    assert_int_equal(fake_trace_count(), 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, 5);
}

/* A seeded walk: host signals with random labels, bits and references
 * (live, destroyed, reused, never made) mixed with waits of two tasks on
 * two endpoints. Every refusal leaves the world byte-identical; every
 * delivery changes only the endpoint's word and the woken waiter, wakes a
 * task that waited for a notification on that endpoint (or nobody), and
 * charges no gas. */
static uint64_t walk_seed(void)
{
    const char *e = getenv("IPC_SEED");
    return e ? strtoull(e, 0, 10) : 20261121u;
}

static void test_random_walk(void **state)
{
    (void)state;
    uint64_t seed = walk_seed();
    printf("test_ipc_signal_host: seed %llu (IPC_SEED overrides)\n", (unsigned long long)seed);
    fake_random_seed(seed);
    struct ipc_res res;
    uint64_t refs[8], ep2;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_make(1, 0x1), fx.ring2, FX_RING, &ep2), 0);
    for (int i = 0; i < 3; i++) {
        refs[i] = fx.ep;
        refs[3 + i] = ep2;
    }
    refs[6] = ep2 + ((uint64_t)1 << 32); /* a future generation of ep2's index */
    refs[7] = 3;                         /* an index never used */
    cap_handle rd[2][2] = {
        {fx.b_recv, fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, ep2, 0)},
        {fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0),
         fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, ep2, 0)},
    };
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.c, label_make(1, 0x1)), 0);
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.b, label_make(1, 0x1)), 0);
    uint32_t who[2] = {fx.b, fx.c};
    unsigned ok = 0, bad = 0, woke = 0, waits = 0;
    for (int step = 0; step < 20000; step++) {
        uint64_t x = fake_random_u64();
        if (x % 3 == 0) {
            uint32_t t = (uint32_t)(x >> 8) & 1, e = (uint32_t)(x >> 9) & 1;
            uint64_t bits;
            int r = ipc_wait(&fx.ipc, who[t], rd[t][e], &bits, 0, &res);
            assert_true(r == 0 || r == IPC_WOULD_BLOCK);
            waits += r == 0;
            continue;
        }
        uint64_t ref = refs[(x >> 8) & 7];
        struct label from = label_make((uint32_t)(x >> 11) & 1, (x >> 12) & 3);
        if (((x >> 14) & 15) == 0)
            from.pad = 1;
        uint64_t bits = ((x >> 18) & 7) == 0 ? 0 : (uint64_t)1 << ((x >> 21) & 63);
        struct fx_snap before;
        fx_take(&before);
        const struct ipc_ep *ep = ipc_ep_get(&fx.ipc, ref);
        int want = !ep                                   ? IPC_E_DEAD
                   : !bits                               ? IPC_E_PARAM
                   : !label_valid(from)                  ? IPC_E_LABEL
                   : !label_leq(from, ep->label)         ? IPC_E_FLOW
                                                         : 0;
        int r = ipc_signal_host(&fx.ipc, ref, from, bits, 0, &res);
        assert_int_equal(r, want);
        if (r) {
            fx_same(&before);
            bad++;
            continue;
        }
        ok++;
        uint32_t idx = (uint32_t)ref;
        assert_int_equal(fx.eps[idx].ntfn, before.w.eps[idx].ntfn | bits);
        assert_memory_equal(&before.w.pool, &fx.pool, sizeof fx.pool);
        assert_memory_equal(before.w.accts, fx.accts, sizeof fx.accts);
        assert_memory_equal(before.w.slots, fx.slots, sizeof fx.slots);
        if (res.wake != IPC_NOBODY) {
            woke++;
            assert_int_equal(before.w.tasks[res.wake].state, IPC_TS_WAIT_NTFN);
            assert_int_equal(before.w.tasks[res.wake].wait_ep, idx);
            assert_int_equal(fx.tasks[res.wake].state, IPC_TS_IDLE);
        } else {
            for (uint32_t i = 0; i < before.w.eps[idx].nrecv; i++)
                assert_int_not_equal(before.w.tasks[before.w.eps[idx].wrecv[i]].state,
                                     IPC_TS_WAIT_NTFN);
        }
    }
    printf("test_ipc_signal_host: %u delivered (%u woke a waiter), %u refused, %u waits took bits\n",
           ok, woke, bad, waits);
    assert_true(ok > 2000 && bad > 2000 && woke > 500 && waits > 500);
    assert_true(gas_conserved(&fx.pool));
    assert_int_equal(fx.pool.spent, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_delivery_and_wake, setup),
        cmocka_unit_test_setup(test_gas_untouched_when_dry, setup),
        cmocka_unit_test_setup(test_flow_refused, setup),
        cmocka_unit_test_setup(test_param_and_label_refused, setup),
        cmocka_unit_test_setup(test_stale_endpoint, setup),
        cmocka_unit_test_setup(test_trace_off, setup),
        cmocka_unit_test_setup(test_random_walk, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
