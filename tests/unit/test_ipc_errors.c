/*
 * Every error of lattice IPC (core/ipc.h), each provoked on purpose: the
 * call returns its own code, leaves every byte of the world (capability
 * spaces, transit space, gas pool, tasks, endpoints, rings) as it was, and
 * leaves a TR_IPC_REFUSE record naming the code. Then a seeded random walk
 * of operations with random (often bad) arguments checks the same property
 * for every refusal it meets. Seed: IPC_SEED overrides the default.
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

static uint64_t seed = 20261121;

static int setup(void **state)
{
    (void)state;
    fx_setup(1000, GAS_POL_THROTTLE);
    return 0;
}

/* The call must fail with err and change nothing. */
#define REFUSED(call, err)                                                                         \
    do {                                                                                           \
        struct fx_snap snap_;                                                                      \
        fx_take(&snap_);                                                                           \
        assert_int_equal((call), (err));                                                           \
        fx_same(&snap_);                                                                           \
        fx_refused(err);                                                                           \
    } while (0)

static struct ipc_res res;
static struct ipc_msg out;

static void fill_space(uint32_t space)
{
    while (fx.spaces[space].free_head != CAP_LINK_NIL)
        fx_cap(space, CAP_T_IRQ, 0, 0, 0);
}

static void test_shape_and_task_errors(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1);
    uint64_t bits;
    REFUSED(ipc_send(&fx.ipc, 99, fx.a_send, &m, 0, &res), IPC_E_TASK);
    REFUSED(ipc_call(&fx.ipc, 99, fx.a_send, &m, 0, &res), IPC_E_TASK);
    REFUSED(ipc_signal(&fx.ipc, 99, fx.a_send, 1, 0, &res), IPC_E_TASK);
    REFUSED(ipc_recv(&fx.ipc, 99, fx.b_recv, &out, 0, &res), IPC_E_TASK);
    REFUSED(ipc_wait(&fx.ipc, 99, fx.b_recv, &bits, 0, &res), IPC_E_TASK);
    REFUSED(ipc_reply(&fx.ipc, 99, &m, 0, &res), IPC_E_TASK);
    REFUSED(ipc_reply_wait(&fx.ipc, 99, &out, &res), IPC_E_TASK);
    assert_int_equal(ipc_cancel(&fx.ipc, 99), IPC_E_TASK);
    m.hdr.len = IPC_WORDS_MAX + 1;
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_LEN);
    m = fx_msg(1);
    m.hdr.ncaps = IPC_CAPS_MAX + 1;
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_NCAPS);
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_GRANT | CAP_R_DERIVE, 1, 0);
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){f, 0, 0};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_XFER);
    m.caps[0] = (struct ipc_xfer){f, 0, 3};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_XFER);
    m.caps[0] = (struct ipc_xfer){f, 1u << 20, IPC_XFER_DERIVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_XFER);
    m.hdr.ncaps = 2;
    m.caps[0] = (struct ipc_xfer){f, CAP_R_READ, IPC_XFER_DERIVE};
    m.caps[1] = (struct ipc_xfer){f, 0, IPC_XFER_MOVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_DUPCAP);
    /* The cap checks of cap.h, with their own codes. */
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){f, CAP_R_READ | CAP_R_WRITE, IPC_XFER_DERIVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), CAP_E_ESCALATE);
    cap_handle nogrant = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ, 2, 0);
    m.caps[0] = (struct ipc_xfer){nogrant, 0, IPC_XFER_MOVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), CAP_E_RIGHTS);
    m.caps[0] = (struct ipc_xfer){nogrant, CAP_R_READ, IPC_XFER_DERIVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), CAP_E_RIGHTS);
    m.caps[0] = (struct ipc_xfer){cap_handle_make(30, 1), 0, IPC_XFER_MOVE};
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), CAP_E_BADHANDLE);
}

static void test_endpoint_cap_errors(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1);
    uint64_t bits;
    /* Wrong right each way. */
    REFUSED(ipc_recv(&fx.ipc, fx.a, fx.a_send, &out, 0, &res), CAP_E_RIGHTS);
    REFUSED(ipc_wait(&fx.ipc, fx.a, fx.a_send, &bits, 0, &res), CAP_E_RIGHTS);
    cap_handle rd = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, rd, &m, 0, &res), CAP_E_RIGHTS);
    REFUSED(ipc_signal(&fx.ipc, fx.a, rd, 1, 0, &res), CAP_E_RIGHTS);
    /* Not an endpoint, an empty slot, a stale handle, an expired cap. */
    cap_handle fr = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_ALL, fx.ep, 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, fr, &m, 0, &res), CAP_E_TYPE);
    REFUSED(ipc_send(&fx.ipc, fx.a, cap_handle_make(31, 1), &m, 0, &res), CAP_E_BADHANDLE);
    REFUSED(ipc_send(&fx.ipc, fx.a, cap_handle_make(500, 1), &m, 0, &res), CAP_E_BADHANDLE);
    struct cap_loc l = {FX_SP_A, rd};
    assert_int_equal(cap_delete(&fx.caps, l), 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, rd, &m, 0, &res), CAP_E_STALE);
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = fx.ep, .rights = CAP_R_WRITE,
                         .expiry = 10};
    cap_handle ex;
    assert_int_equal(cap_create_root(&fx.caps, FX_SP_A, &d, &ex), 0);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, ex, &m, 9, &res), 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, ex, &m, 10, &res), CAP_E_EXPIRED);
    /* An endpoint cap whose object names no live endpoint. */
    cap_handle dead = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_ALL, fx.ep + (1ull << 32), 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, dead, &m, 0, &res), IPC_E_DEAD);
    REFUSED(ipc_recv(&fx.ipc, fx.a, dead, &out, 0, &res), IPC_E_DEAD);
    cap_handle far = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_ALL, 3, 0);
    REFUSED(ipc_signal(&fx.ipc, fx.a, far, 1, 0, &res), IPC_E_DEAD);
    /* An unbadged signal of no bits says nothing. */
    REFUSED(ipc_signal(&fx.ipc, fx.c, fx.c_send, 0, 0, &res), IPC_E_PARAM);
}

static void test_label_errors(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1);
    uint64_t bits;
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, label_make(1, 0)), 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_FLOW);
    REFUSED(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_FLOW);
    REFUSED(ipc_signal(&fx.ipc, fx.a, fx.a_send, 1, 0, &res), IPC_E_FLOW);
    uint64_t ref2;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_make(0, 4), fx.ring2, FX_RING, &ref2), 0);
    cap_handle r2 = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, ref2, 0);
    REFUSED(ipc_recv(&fx.ipc, fx.b, r2, &out, 0, &res), IPC_E_RECVFLOW);
    REFUSED(ipc_wait(&fx.ipc, fx.b, r2, &bits, 0, &res), IPC_E_RECVFLOW);
    /* Reply down the lattice. */
    assert_int_equal(ipc_call(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.b, label_make(0, 1)), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    REFUSED(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_FLOW);
    /* Invalid labels never get in. */
    struct label bad = {0, LABEL_LEVEL_MAX + 1, 0};
    uint32_t id;
    uint64_t ref;
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, bad, &id), IPC_E_LABEL);
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, bad), IPC_E_LABEL);
    assert_int_equal(ipc_task_set_label(&fx.ipc, 99, label_bottom()), IPC_E_TASK);
    assert_int_equal(ipc_ep_create(&fx.ipc, bad, fx.ring2, FX_RING, &ref), IPC_E_LABEL);
}

static void test_room_errors(void **state)
{
    (void)state;
    uint64_t bits;
    /* Too many parked receivers (each a task of its own). */
    cap_handle rd = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    uint32_t ids[IPC_WAIT_MAX + 1];
    for (uint32_t i = 0; i <= IPC_WAIT_MAX; i++)
        assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &ids[i]), 0);
    for (uint32_t i = 0; i < IPC_WAIT_MAX; i++)
        assert_int_equal(ipc_recv(&fx.ipc, ids[i], rd, &out, 0, &res), IPC_WOULD_BLOCK);
    REFUSED(ipc_recv(&fx.ipc, ids[IPC_WAIT_MAX], rd, &out, 0, &res), IPC_E_WAITERS);
    REFUSED(ipc_wait(&fx.ipc, ids[IPC_WAIT_MAX], rd, &bits, 0, &res), IPC_E_WAITERS);
    for (uint32_t i = 0; i < IPC_WAIT_MAX; i++)
        assert_int_equal(ipc_cancel(&fx.ipc, ids[i]), 0);
    /* And too many parked senders. */
    struct ipc_msg m = fx_msg(1);
    cap_handle wr = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep, 0);
    for (uint32_t i = 0; i < FX_RING; i++)
        assert_int_equal(ipc_send(&fx.ipc, fx.c, wr, &m, 0, &res), 0);
    for (uint32_t i = 0; i < IPC_WAIT_MAX; i++)
        assert_int_equal(ipc_send(&fx.ipc, ids[i], wr, &m, 0, &res), IPC_WOULD_BLOCK);
    REFUSED(ipc_send(&fx.ipc, ids[IPC_WAIT_MAX], wr, &m, 0, &res), IPC_E_WAITERS);
    /* The task table is full now? Fill it, then one more. */
    uint32_t id;
    while (fx.ipc.ntasks < FX_TASKS)
        assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &id), 0);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &id), IPC_E_FULL);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_T, IPC_NOGAS, label_bottom(), &id), IPC_E_PARAM);
    assert_int_equal(ipc_task_add(&fx.ipc, 9, IPC_NOGAS, label_bottom(), &id), IPC_E_PARAM);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, 3, label_bottom(), &id), IPC_E_PARAM);
    /* Busy endpoint cannot be destroyed. */
    assert_int_equal(ipc_ep_destroy(&fx.ipc, fx.ep), IPC_E_BUSY);
}

static void test_space_errors(void **state)
{
    (void)state;
    cap_handle f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_GRANT, 1, 0);
    struct ipc_msg m = fx_msg(1);
    m.hdr.ncaps = 1;
    m.caps[0] = (struct ipc_xfer){f, 0, IPC_XFER_MOVE};
    /* Transit full: the host sized it too small. */
    while (fx.spaces[FX_SP_T].free_head != CAP_LINK_NIL)
        fx_cap(FX_SP_T, CAP_T_IRQ, 0, 0, 0);
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_TRANSIT);
    fx_setup(1000, GAS_POL_THROTTLE);
    f = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_READ | CAP_R_GRANT, 1, 0);
    m.caps[0] = (struct ipc_xfer){f, 0, IPC_XFER_MOVE};
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    fill_space(FX_SP_B);
    REFUSED(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_E_DSTFULL);
    /* The message stays queued for when B has room. */
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->count, 1);
    /* A reply whose caps do not fit the caller's space. */
    fx_setup(1000, GAS_POL_THROTTLE);
    struct ipc_msg c = fx_msg(0);
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &c, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    cap_handle g = fx_cap(FX_SP_B, CAP_T_FRAME, CAP_R_GRANT, 1, 0);
    m.caps[0] = (struct ipc_xfer){g, 0, IPC_XFER_MOVE};
    fill_space(FX_SP_A);
    REFUSED(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_DSTFULL);
}

static void test_call_state_errors(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1);
    uint64_t bits;
    REFUSED(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_NOREPLY);
    REFUSED(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), IPC_E_STATE);
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    /* Inside its call a task can do nothing but wait for the reply. */
    REFUSED(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_STATE);
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_STATE);
    REFUSED(ipc_signal(&fx.ipc, fx.a, fx.a_send, 1, 0, &res), IPC_E_STATE);
    cap_handle rd = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    REFUSED(ipc_recv(&fx.ipc, fx.a, rd, &out, 0, &res), IPC_E_STATE);
    REFUSED(ipc_wait(&fx.ipc, fx.a, rd, &bits, 0, &res), IPC_E_STATE);
    REFUSED(ipc_reply(&fx.ipc, fx.a, &m, 0, &res), IPC_E_STATE);
    /* A server owing a reply may not take another call ... */
    assert_int_equal(ipc_call(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    REFUSED(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_E_REPLYPENDING);
    /* ... and a reply to a caller that gave up is refused. */
    assert_int_equal(ipc_cancel(&fx.ipc, fx.a), 0);
    REFUSED(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_NOCALLER);
    /* A shape error in a reply. */
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    m.hdr.len = IPC_WORDS_MAX + 1;
    REFUSED(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_LEN);
}

static void test_gas_and_admin_errors(void **state)
{
    (void)state;
    fx_setup(5, GAS_POL_NOTIFY);
    struct ipc_msg m = fx_msg(1);
    REFUSED(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_NOGAS);
    REFUSED(ipc_signal(&fx.ipc, fx.a, fx.a_send, 1, 0, &res), IPC_E_NOGAS);
    /* Replies are paid too. */
    assert_int_equal(ipc_call(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    cap_handle rd = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.a, rd, &out, 0, &res), 0);
    REFUSED(ipc_reply(&fx.ipc, fx.a, &m, 0, &res), IPC_E_NOGAS);
    /* Administrative refusals. */
    struct ipc_sys s2;
    assert_int_equal(ipc_sys_init(&s2, &fx.caps, NULL, fx.tasks, 0, fx.eps, FX_EPS, FX_SP_T),
                     IPC_E_PARAM);
    assert_int_equal(ipc_sys_init(&s2, &fx.caps, NULL, fx.tasks, FX_TASKS, fx.eps, FX_EPS, 4),
                     IPC_E_PARAM);
    uint64_t ref;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), NULL, 4, &ref), IPC_E_PARAM);
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, 0, &ref), IPC_E_PARAM);
    for (uint32_t i = fx.ipc.neps; i < FX_EPS; i++)
        assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref), 0);
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref), IPC_E_FULL);
    for (int e = IPC_E_LABEL; e <= IPC_E_TASK; e++)
        assert_string_not_equal(core_strerror(e), "CORE_E_UNKNOWN");
}

/* A random walk: tasks A, B, C and now and then an unknown task id, two endpoints at different labels, a pool of caps of every kind
 * (some bad handles), random operations with random shapes. Each call that
 * returns an error must leave the world byte-identical. */
static void test_random_refusals(void **state)
{
    (void)state;
    printf("test_ipc_errors: seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    fake_trace_enable(0);
    uint64_t ref2;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_make(1, 1), fx.ring2, FX_RING, &ref2), 0);
    cap_handle pool[3][8];
    for (uint32_t sp = 0; sp < 3; sp++) {
        pool[sp][0] = fx_cap(sp, CAP_T_ENDPOINT, CAP_R_READ | CAP_R_WRITE, fx.ep, sp);
        pool[sp][1] = fx_cap(sp, CAP_T_ENDPOINT, CAP_R_WRITE | CAP_R_DECLASSIFY, ref2, 0);
        pool[sp][2] = fx_cap(sp, CAP_T_ENDPOINT, CAP_R_READ, ref2, 0);
        pool[sp][3] = cap_handle_make(FX_SLOTS + 1, 1);
    }
    unsigned long refused = 0, ok = 0, blocked = 0;
    for (long step = 0; step < 20000; step++) {
        uint64_t r = fake_random_u64();
        uint32_t task = (r % 16) == 15 ? 7 : (uint32_t)(r % 3);
        uint32_t sp = task < 3 ? task : 0;
        /* Refresh a few frame caps to transfer. */
        for (uint32_t i = 4; i < 8; i++) {
            struct cap_desc d;
            struct cap_loc l = {sp, pool[sp][i]};
            if (pool[sp][i] == 0 || cap_lookup(&fx.caps, l, &d)) {
                pool[sp][i] = fx.spaces[sp].free_head == CAP_LINK_NIL
                                  ? 0
                                  : fx_cap(sp, CAP_T_FRAME,
                                           (uint32_t)(r >> 20) & CAP_R_ALL, i, 0);
            }
        }
        cap_handle ep = pool[sp][(r >> 2) % 4];
        struct ipc_msg m = fx_msg((uint32_t)((r >> 4) % (IPC_WORDS_MAX + 2)));
        m.hdr.ncaps = (uint16_t)((r >> 9) % 3);
        for (uint32_t i = 0; i < m.hdr.ncaps; i++) {
            uint64_t q = fake_random_u64();
            m.caps[i].h = pool[sp][4 + q % 4];
            m.caps[i].mode = (q >> 3) % 8 ? 1 + (uint32_t)(q >> 6) % 2 : 0;
            m.caps[i].rights = (uint32_t)(q >> 8) & (CAP_R_READ | CAP_R_WRITE);
        }
        if ((r >> 12) % 5 == 0)
            ipc_task_set_label(&fx.ipc, task < 3 ? task : 0, label_make((r >> 14) & 1, (r >> 15) & 1));
        struct fx_snap snap;
        fx_take(&snap);
        int e;
        uint64_t bits;
        switch ((r >> 16) % 7) {
        case 0: e = ipc_send(&fx.ipc, task, ep, &m, 0, &res); break;
        case 1: e = ipc_call(&fx.ipc, task, ep, &m, 0, &res); break;
        case 2: e = ipc_signal(&fx.ipc, task, ep, r >> 40, 0, &res); break;
        case 3: e = ipc_recv(&fx.ipc, task, ep, &out, 0, &res); break;
        case 4: e = ipc_wait(&fx.ipc, task, ep, &bits, 0, &res); break;
        case 5: e = ipc_reply(&fx.ipc, task, &m, 0, &res); break;
        default: e = ipc_reply_wait(&fx.ipc, task, &out, &res); break;
        }
        if (e < 0) {
            fx_same(&snap);
            refused++;
        } else if (e == IPC_WOULD_BLOCK) {
            blocked++;
        } else {
            ok++;
        }
        if ((r >> 30) % 50 == 0)
            for (uint32_t t = 0; t < 3; t++)
                ipc_cancel(&fx.ipc, t);
        /* Received caps pile up: clear B's and C's spare slots now and then. */
        if (fx.spaces[FX_SP_B].used > FX_SLOTS - 6 || fx.spaces[FX_SP_C].used > FX_SLOTS - 6 ||
            fx.spaces[FX_SP_A].used > FX_SLOTS - 6) {
            for (uint32_t s = 0; s < 3; s++)
                for (uint32_t k = 0; k < FX_SLOTS; k++) {
                    const struct cap_slot *c = &fx.slots[s][k];
                    if (c->type == CAP_T_FRAME) {
                        struct cap_loc l = {s, cap_handle_make(k, c->gen)};
                        cap_delete(&fx.caps, l);
                    }
                }
        }
        if (step % 1000 == 0) {
            assert_int_equal(cap_system_verify(&fx.caps), 0);
            assert_true(gas_conserved(&fx.pool));
        }
    }
    fake_trace_enable(1);
    printf("test_ipc_errors: %lu ok, %lu would block, %lu refused\n", ok, blocked, refused);
    assert_true(ok > 500 && refused > 1000 && blocked > 500);
    assert_int_equal(cap_system_verify(&fx.caps), 0);
}

int main(void)
{
    const char *env = getenv("IPC_SEED");
    if (env)
        seed = strtoull(env, NULL, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_shape_and_task_errors, setup),
        cmocka_unit_test_setup(test_endpoint_cap_errors, setup),
        cmocka_unit_test_setup(test_label_errors, setup),
        cmocka_unit_test_setup(test_room_errors, setup),
        cmocka_unit_test_setup(test_space_errors, setup),
        cmocka_unit_test_setup(test_call_state_errors, setup),
        cmocka_unit_test_setup(test_gas_and_admin_errors, setup),
        cmocka_unit_test_setup(test_random_refusals, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
