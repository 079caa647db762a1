/*
 * The IPC test world (ipc_fixture.h).
 */
#include "ipc_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/label.h"
#include "fake_platform.h"

struct fx fx;

cap_handle fx_cap(uint32_t space, uint8_t type, uint32_t rights, uint64_t obj, uint64_t badge)
{
    struct cap_desc d = {.type = type, .obj = obj, .rights = rights, .badge = badge};
    cap_handle h = 0;
    assert_int_equal(cap_create_root(&fx.caps, space, &d, &h), 0);
    return h;
}

void fx_setup(uint64_t gas_a, enum gas_policy pol_a)
{
    memset(&fx, 0, sizeof fx);
    fake_time_set(0);
    fake_trace_reset();
    cap_system_init(&fx.caps, fx.spaces, 4);
    uint32_t idx;
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(cap_space_add(&fx.caps, fx.slots[i], FX_SLOTS, i, &idx), 0);
    assert_int_equal(cap_space_add(&fx.caps, fx.transit, FX_TRANSIT, 99, &idx), 0);
    assert_int_equal(idx, FX_SP_T);
    struct gas_costs costs = {.time_unit_ns = 1, .time_cost = 0};
    costs.op[GAS_OP_IPC] = FX_COST;
    assert_int_equal(gas_pool_init(&fx.pool, fx.accts, 4, &costs), 0);
    assert_int_equal(gas_open(&fx.pool, gas_a, 50, 1000, 1000, pol_a, 0, &fx.ga), 0);
    assert_int_equal(gas_open(&fx.pool, 1000, 0, 0, 1000, GAS_POL_THROTTLE, 0, &fx.gb), 0);
    assert_int_equal(ipc_sys_init(&fx.ipc, &fx.caps, &fx.pool, fx.tasks, FX_TASKS, fx.eps, FX_EPS,
                                  FX_SP_T),
                     0);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_A, fx.ga, label_bottom(), &fx.a), 0);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_B, fx.gb, label_bottom(), &fx.b), 0);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &fx.c), 0);
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring, FX_RING, &fx.ep), 0);
    fx.a_send = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep, 0x42);
    fx.b_recv = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    fx.c_send = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep, 0);
    fake_trace_reset();
}

struct ipc_msg fx_msg(uint32_t n)
{
    struct ipc_msg m;
    memset(&m, 0, sizeof m);
    m.hdr.len = n;
    for (uint32_t i = 0; i < n && i < IPC_WORDS_MAX; i++)
        m.words[i] = i * 11 + 1;
    return m;
}

void fx_take(struct fx_snap *s)
{
    memcpy(&s->w, &fx, sizeof fx);
}

void fx_same(const struct fx_snap *s)
{
    assert_memory_equal(s->w.slots, fx.slots, sizeof fx.slots);
    assert_memory_equal(s->w.transit, fx.transit, sizeof fx.transit);
    assert_memory_equal(s->w.spaces, fx.spaces, sizeof fx.spaces);
    assert_memory_equal(s->w.accts, fx.accts, sizeof fx.accts);
    assert_memory_equal(&s->w.pool, &fx.pool, sizeof fx.pool);
    assert_memory_equal(s->w.tasks, fx.tasks, sizeof fx.tasks);
    assert_memory_equal(s->w.eps, fx.eps, sizeof fx.eps);
    assert_memory_equal(s->w.ring, fx.ring, sizeof fx.ring);
    assert_memory_equal(s->w.ring2, fx.ring2, sizeof fx.ring2);
    assert_memory_equal(&s->w.ipc, &fx.ipc, sizeof fx.ipc);
}

void fx_refused(int err)
{
    const struct core_trace_rec *r = fake_trace_at(fake_trace_count() - 1);
    assert_non_null(r);
    assert_int_equal(r->kind, TR_IPC_REFUSE);
    assert_int_equal(r->c, (uint64_t)(-(int64_t)err));
}
