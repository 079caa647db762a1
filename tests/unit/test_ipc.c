/*
 * Unit tests for lattice IPC's message paths (core/ipc.h): send/receive with
 * header fields and trace records, receivers parked on an empty endpoint and
 * woken by a send, senders parked on a full ring and woken by a receive,
 * call/reply, notifications, cancellation, endpoint destruction, the flow
 * check with its declassification right on sends and replies, and a flood
 * throttled by the flooder's own gas while the receiver's account is
 * untouched. Capability transfer is test_ipc_xfer.c; every error with its
 * no-side-effect snapshot is test_ipc_errors.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/ipc.h"
#include "core/label.h"
#include "fake_platform.h"
#include "ipc_fixture.h"

static int setup(void **state)
{
    (void)state;
    fx_setup(1000, GAS_POL_THROTTLE);
    return 0;
}

static const struct core_trace_rec *last_of(enum core_trace_kind kind)
{
    for (size_t i = fake_trace_count(); i-- > 0;) {
        const struct core_trace_rec *r = fake_trace_at(i);
        if (r && r->kind == kind)
            return r;
    }
    return NULL;
}

static void test_send_recv(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(3), out;
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(res.wake, IPC_NOBODY);
    assert_int_equal(res.gas, GAS_OK);
    assert_int_equal(fx.accts[fx.ga].balance, 1000 - FX_COST);
    const struct core_trace_rec *r = last_of(TR_IPC_SEND);
    assert_non_null(r);
    assert_int_equal(r->a, 0);
    assert_int_equal(r->b, fx.a);
    assert_int_equal(r->c, 3);
    assert_int_equal(r->d, 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->count, 1);

    memset(&out, 0xee, sizeof out);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.hdr.len, 3);
    assert_int_equal(out.hdr.ncaps, 0);
    assert_int_equal(out.hdr.badge, 0x42); /* from A's cap, not from A */
    assert_int_equal(out.hdr.seq, 0);
    assert_int_equal(out.hdr.flags, 0);
    assert_true(label_eq(out.hdr.label, label_bottom()));
    assert_memory_equal(out.words, m.words, 3 * sizeof m.words[0]);
    r = last_of(TR_IPC_RECV);
    assert_non_null(r);
    assert_int_equal(r->b, fx.b);
    assert_int_equal(r->c, 3);
    /* Receiving is free. */
    assert_int_equal(fx.accts[fx.gb].balance, 1000);
    assert_int_equal(fx.accts[fx.gb].spent, 0);
    /* Sequence numbers count per endpoint. */
    m = fx_msg(0);
    assert_int_equal(ipc_send(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.hdr.seq, 1);
    assert_int_equal(out.hdr.badge, 0);
    assert_true(gas_conserved(&fx.pool));
}

static void test_recv_parks_and_send_wakes(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1), out;
    struct ipc_res res;
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(res.block, IPC_BLOCK_EMPTY);
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_WAIT_RECV);
    /* A retry keeps one place in the FIFO. */
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->nrecv, 1);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(res.wake, fx.b);
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_IDLE);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->nrecv, 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.words[0], 1);
    assert_int_equal(res.wake, IPC_NOBODY);
}

static void test_full_parks_sender(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1), out;
    struct ipc_res res;
    for (uint32_t i = 0; i < FX_RING; i++) {
        m.words[0] = i;
        assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    }
    uint64_t bal = fx.accts[fx.ga].balance;
    m.words[0] = FX_RING;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(res.block, IPC_BLOCK_FULL);
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_WAIT_SEND);
    assert_int_equal(fx.accts[fx.ga].balance, bal); /* nothing queued, nothing paid */
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.words[0], 0);
    assert_int_equal(res.wake, fx.a);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    /* FIFO order and sequence numbers survive the wrap of the ring. */
    for (uint32_t i = 1; i <= FX_RING; i++) {
        assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
        assert_int_equal(out.words[0], i);
        assert_int_equal(out.hdr.seq, i);
    }
}

static void test_call_reply(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(2), out, rep = fx_msg(4);
    struct ipc_res res;
    rep.words[3] = 777;
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_WAIT_REPLY);
    assert_int_equal(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), IPC_WOULD_BLOCK);
    assert_int_equal(res.block, IPC_BLOCK_REPLY);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(out.hdr.flags, IPC_F_CALL);
    assert_int_equal(fx.tasks[fx.b].owe, fx.a);
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &rep, 0, &res), 0);
    assert_int_equal(res.wake, fx.a);
    assert_int_equal(fx.accts[fx.gb].balance, 1000 - FX_COST); /* the replier pays its reply */
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_REPLIED);
    memset(&out, 0, sizeof out);
    assert_int_equal(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), 0);
    assert_int_equal(out.hdr.len, 4);
    assert_int_equal(out.words[3], 777);
    assert_int_equal(out.hdr.seq, 0);
    assert_int_equal(out.hdr.flags, IPC_F_REPLY);
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_IDLE);
    /* One reply per call. */
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &rep, 0, &res), IPC_E_NOREPLY);
    /* A second round trip reuses everything. */
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &rep, 0, &res), 0);
    assert_int_equal(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), 0);
    assert_int_equal(out.hdr.seq, 1);
}

static void test_cancel_and_stale_reply(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1), out;
    struct ipc_res res;
    assert_int_equal(ipc_call(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(ipc_cancel(&fx.ipc, fx.a), 0); /* the caller was killed, say */
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_NOCALLER);
    /* A stale debt does not block the server from taking the next call. */
    assert_int_equal(ipc_call(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), 0);
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), 0);
    assert_int_equal(res.wake, fx.c);
    /* Cancelling a parked receiver takes it out of the FIFO. */
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->nrecv, 1);
    assert_int_equal(ipc_cancel(&fx.ipc, fx.b), 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->nrecv, 0);
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_IDLE);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(res.wake, IPC_NOBODY);
}

static void test_notifications(void **state)
{
    (void)state;
    struct ipc_res res;
    uint64_t bits = 0;
    assert_int_equal(ipc_wait(&fx.ipc, fx.b, fx.b_recv, &bits, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(res.block, IPC_BLOCK_EMPTY);
    /* A's cap is badged: its badge is what gets OR-ed in, whatever A asks. */
    assert_int_equal(ipc_signal(&fx.ipc, fx.a, fx.a_send, 0x1, 0, &res), 0);
    assert_int_equal(res.wake, fx.b);
    assert_int_equal(fx.accts[fx.ga].balance, 1000 - FX_COST);
    assert_int_equal(ipc_signal(&fx.ipc, fx.c, fx.c_send, 0x100, 0, &res), 0);
    assert_int_equal(ipc_signal(&fx.ipc, fx.c, fx.c_send, 0x100, 0, &res), 0);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, 0x142);
    assert_int_equal(ipc_wait(&fx.ipc, fx.b, fx.b_recv, &bits, 0, &res), 0);
    assert_int_equal(bits, 0x142);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->ntfn, 0);
    assert_int_equal(ipc_wait(&fx.ipc, fx.b, fx.b_recv, &bits, 0, &res), IPC_WOULD_BLOCK);
    /* Signals never touch the message ring. */
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->count, 0);
}

/* Message receivers and notification waiters share the receiver FIFO, but
 * each event wakes only a task waiting for it: otherwise a signal could
 * spend its one wake-up on a task that waits for a message (lost wake-up). */
static void test_wake_matches_event(void **state)
{
    (void)state;
    struct ipc_res res;
    struct ipc_msg m = fx_msg(1), out;
    uint64_t bits;
    uint32_t w;
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_C, IPC_NOGAS, label_bottom(), &w), 0);
    cap_handle wr = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(fx.tasks[w].state, IPC_TS_WAIT_NTFN);
    assert_int_equal(ipc_signal(&fx.ipc, fx.c, fx.c_send, 4, 0, &res), 0);
    assert_int_equal(res.wake, w); /* not B, although B parked first */
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_WAIT_RECV);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), 0);
    assert_int_equal(bits, 4);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), IPC_WOULD_BLOCK);
    /* Now the waiter is parked behind B; a send wakes B, a second send
     * nobody (the waiter waits for bits, not messages). */
    assert_int_equal(ipc_send(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(res.wake, fx.b);
    assert_int_equal(ipc_send(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    assert_int_equal(res.wake, IPC_NOBODY);
    assert_int_equal(fx.tasks[w].state, IPC_TS_WAIT_NTFN);
    /* A parked receiver may switch what it waits for and keep its place. */
    assert_int_equal(ipc_recv(&fx.ipc, w, wr, &out, 0, &res), 0); /* a message was there */
    assert_int_equal(ipc_recv(&fx.ipc, w, wr, &out, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, w, wr, &out, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(ipc_wait(&fx.ipc, w, wr, &bits, 0, &res), IPC_WOULD_BLOCK);
    assert_int_equal(fx.tasks[w].state, IPC_TS_WAIT_NTFN);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->nrecv, 1);
}

static void test_endpoint_lifecycle(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(0), out;
    struct ipc_res res;
    uint64_t ref2;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref2), 0);
    cap_handle s2 = fx_cap(FX_SP_C, CAP_T_ENDPOINT, CAP_R_WRITE, ref2, 0);
    assert_int_equal(ipc_send(&fx.ipc, fx.c, s2, &m, 0, &res), 0);
    assert_int_equal(ipc_ep_destroy(&fx.ipc, ref2), IPC_E_BUSY);
    cap_handle r2 = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, ref2, 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, r2, &out, 0, &res), 0);
    assert_int_equal(ipc_ep_destroy(&fx.ipc, ref2), 0);
    assert_null(ipc_ep_get(&fx.ipc, ref2));
    assert_int_equal(ipc_send(&fx.ipc, fx.c, s2, &m, 0, &res), IPC_E_DEAD);
    assert_int_equal(ipc_ep_destroy(&fx.ipc, ref2), IPC_E_DEAD);
    /* The index is reused with a new generation: the old caps stay dead. */
    uint64_t ref3;
    assert_int_equal(ipc_ep_create(&fx.ipc, label_bottom(), fx.ring2, FX_RING, &ref3), 0);
    assert_int_equal((uint32_t)ref3, (uint32_t)ref2);
    assert_int_not_equal(ref3, ref2);
    assert_int_equal(ipc_send(&fx.ipc, fx.c, s2, &m, 0, &res), IPC_E_DEAD);
}

/* Labels: secret = (2, {0}), the endpoint (1, {}) and a public receiver. */
static void test_flow_and_declassify(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(1), out;
    struct ipc_res res;
    uint64_t ref2;
    struct label mid = label_make(1, 0), secret = label_make(2, 1), side = label_make(0, 2);
    assert_int_equal(ipc_ep_create(&fx.ipc, mid, fx.ring2, FX_RING, &ref2), 0);
    cap_handle plain = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_WRITE, ref2, 7);
    cap_handle decl = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_WRITE | CAP_R_DECLASSIFY, ref2, 8);
    cap_handle recv = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, ref2, 0);

    /* Upward (bottom ⊑ mid): allowed, labelled with the sender's label. */
    assert_int_equal(ipc_send(&fx.ipc, fx.a, plain, &m, 0, &res), 0);
    /* A receiver below the endpoint's label may not receive at all. */
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, recv, &out, 0, &res), IPC_E_RECVFLOW);
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.b, mid), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, recv, &out, 0, &res), 0);
    assert_true(label_eq(out.hdr.label, label_bottom()));

    /* Downward and sideways: refused without the right, before anything
     * is queued or charged. */
    uint64_t bal = fx.accts[fx.ga].balance;
    struct label bad[2] = {secret, side};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, bad[i]), 0);
        assert_int_equal(ipc_send(&fx.ipc, fx.a, plain, &m, 0, &res), IPC_E_FLOW);
        fx_refused(IPC_E_FLOW);
        assert_int_equal(ipc_signal(&fx.ipc, fx.a, plain, 1, 0, &res), IPC_E_FLOW);
        assert_int_equal(ipc_ep_get(&fx.ipc, ref2)->count, 0);
        assert_int_equal(fx.accts[fx.ga].balance, bal);
        /* With CAP_R_DECLASSIFY the message goes, relabelled to the
         * endpoint's label and flagged. */
        assert_int_equal(ipc_send(&fx.ipc, fx.a, decl, &m, 0, &res), 0);
        assert_int_equal(ipc_recv(&fx.ipc, fx.b, recv, &out, 0, &res), 0);
        assert_true(label_eq(out.hdr.label, mid));
        assert_int_equal(out.hdr.flags, IPC_F_DECLASSIFIED);
        assert_int_equal(out.hdr.badge, 8);
        bal -= FX_COST;
    }

    /* Replies obey the lattice too: a mid server answering a bottom caller
     * needs DECLASSIFY on the cap it received the call on. */
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, label_bottom()), 0);
    assert_int_equal(ipc_call(&fx.ipc, fx.a, plain, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, recv, &out, 0, &res), 0);
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), IPC_E_FLOW);
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_WAIT_REPLY);
    assert_int_equal(ipc_cancel(&fx.ipc, fx.a), 0);
    cap_handle recv_decl =
        fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ | CAP_R_DECLASSIFY, ref2, 0);
    assert_int_equal(ipc_call(&fx.ipc, fx.a, plain, &m, 0, &res), 0);
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, recv_decl, &out, 0, &res), 0);
    assert_int_equal(ipc_reply(&fx.ipc, fx.b, &m, 0, &res), 0);
    assert_int_equal(ipc_reply_wait(&fx.ipc, fx.a, &out, &res), 0);
    assert_int_equal(out.hdr.flags, IPC_F_REPLY | IPC_F_DECLASSIFIED);
    assert_true(label_eq(out.hdr.label, label_bottom()));
}

/* A floods B: it pays for every message until its account is dry, then it
 * is throttled (would block on gas) while B, which receives everything, has
 * not paid a unit. A refill lets it go on. */
static void test_flood_throttled_by_gas(void **state)
{
    (void)state;
    fx_setup(100, GAS_POL_THROTTLE);
    struct ipc_msg m = fx_msg(IPC_WORDS_MAX), out;
    struct ipc_res res;
    uint64_t b_before = fx.accts[fx.gb].balance;
    int sent = 0, r;
    for (;;) {
        r = ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res);
        if (r != 0)
            break;
        sent++;
        if (res.gas == GAS_THROTTLED)
            assert_int_equal(sent, 100 / FX_COST); /* the charge that emptied it */
        struct ipc_res rr;
        assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &rr), 0);
    }
    assert_int_equal(sent, 100 / FX_COST);
    assert_int_equal(r, IPC_WOULD_BLOCK);
    assert_int_equal(res.block, IPC_BLOCK_GAS);
    assert_int_equal(res.retry_ns, 1000);
    assert_int_equal(fx.accts[fx.ga].state, GAS_ST_THROTTLED);
    /* Further attempts change nothing at all. */
    struct fx_snap snap;
    fx_take(&snap);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_WOULD_BLOCK);
    fx_same(&snap);
    assert_int_equal(fx.accts[fx.gb].balance, b_before);
    assert_int_equal(fx.accts[fx.gb].spent, 0);
    assert_true(gas_conserved(&fx.pool));
    /* The refill wakes the account; the flooder gets exactly its refill. */
    uint32_t woken[4];
    assert_int_equal(gas_tick(&fx.pool, 1000, woken, 4), 1);
    assert_int_equal(woken[0], fx.ga);
    sent = 0;
    while (ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 1000, &res) == 0) {
        sent++;
        assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 1000, &res), 0);
    }
    assert_int_equal(sent, 50 / FX_COST);
    assert_int_equal(fx.accts[fx.gb].balance, b_before);
}

/* The other policies fail instead of blocking. */
static void test_gas_policies(void **state)
{
    (void)state;
    fx_setup(15, GAS_POL_NOTIFY);
    struct ipc_msg m = fx_msg(1);
    struct ipc_res res;
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(res.gas, GAS_OK);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), IPC_E_NOGAS);
    fx_refused(IPC_E_NOGAS);
    fx_setup(10, GAS_POL_KILL);
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), 0);
    assert_int_equal(res.gas, GAS_KILLED); /* the host ends A */
    assert_int_equal(ipc_send(&fx.ipc, fx.a, fx.a_send, &m, 0, &res), GAS_E_KILLED);
    fx_refused(GAS_E_KILLED);
    assert_int_equal(ipc_ep_get(&fx.ipc, fx.ep)->count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_send_recv, setup),
        cmocka_unit_test_setup(test_recv_parks_and_send_wakes, setup),
        cmocka_unit_test_setup(test_full_parks_sender, setup),
        cmocka_unit_test_setup(test_call_reply, setup),
        cmocka_unit_test_setup(test_cancel_and_stale_reply, setup),
        cmocka_unit_test_setup(test_notifications, setup),
        cmocka_unit_test_setup(test_wake_matches_event, setup),
        cmocka_unit_test_setup(test_endpoint_lifecycle, setup),
        cmocka_unit_test_setup(test_flow_and_declassify, setup),
        cmocka_unit_test_setup(test_flood_throttled_by_gas, setup),
        cmocka_unit_test_setup(test_gas_policies, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
