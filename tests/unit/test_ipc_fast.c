/*
 * Unit tests for the IPC fast path (core/ipc.h "the fast path",
 * libcore/src/ipc_fast.c): ipc_call_fast and ipc_replyrecv_fast.
 *
 *   - Equivalence on random sequences (seeded; IPC_SEED overrides): every
 *     call and reply_recv of a random walk runs twice from the same
 *     snapshot, once fast-path-first (general path on IPC_SLOW) and once by
 *     the general calls alone, driven as the kernel drives them (a call,
 *     then the woken receiver's retried receive; a reply, the server's
 *     receive, then the caller's reply_wait). The two runs must leave the
 *     whole world (capability spaces, gas accounts, tasks, endpoints, rings)
 *     byte-identical, emit the same trace records in the same order and
 *     return the same results and messages. Every IPC_SLOW must have changed
 *     nothing and emitted nothing. The walk must take the fast path often,
 *     and fall back often, or the test fails. It runs three times: every
 *     record on (the payment goes through gas_charge_op), per-operation
 *     gas records off (the kernel's default: the fast path pays inline,
 *     the general path through gas_charge_op), and tracing off (no IPC or
 *     gas record may be built at all). Each run ends with the pool's spent
 *     equal to the sum of the accounts' spent.
 *   - The message the fast path points at (*rout, *cout) is what the
 *     general path copies out: header and words compared.
 *   - Every fallback condition, one by one, from a state where the fast
 *     path succeeds: each returns IPC_SLOW with no side effect.
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

/* Two servers share space B and its READ cap; A and C are the clients. */
static uint32_t srv_e;

static int setup(void **state)
{
    (void)state;
    fx_setup(1000, GAS_POL_THROTTLE);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_B, fx.gb, label_bottom(), &srv_e), 0);
    fake_trace_reset();
    return 0;
}

/* ---- what one step did, for comparing the two runs ---- */

#define MAX_RECS 16

struct outcome {
    int rc1, rc2, rc3;    /* call|reply, receive, reply_wait (or 99: not run) */
    uint32_t wake;        /* res.wake of the first operation */
    int8_t gas;           /* res.gas of the first operation */
    struct ipc_msg out;   /* the message the second or third operation got */
    size_t nrec;
    struct core_trace_rec rec[MAX_RECS];
};

static void outcome_init(struct outcome *o)
{
    memset(o, 0, sizeof *o);
    o->rc1 = o->rc2 = o->rc3 = 99;
    o->wake = IPC_NOBODY;
}

static void take_records(struct outcome *o)
{
    o->nrec = fake_trace_count();
    assert_true(o->nrec <= MAX_RECS);
    for (size_t i = 0; i < o->nrec; i++)
        o->rec[i] = *fake_trace_at(i);
}

static void same_outcome(const struct outcome *f, const struct outcome *g)
{
    assert_int_equal(f->rc1, g->rc1);
    assert_int_equal(f->rc2, g->rc2);
    assert_int_equal(f->rc3, g->rc3);
    assert_int_equal(f->wake, g->wake);
    assert_int_equal(f->gas, g->gas);
    assert_memory_equal(&f->out.hdr, &g->out.hdr, sizeof f->out.hdr);
    assert_memory_equal(f->out.words, g->out.words, sizeof f->out.words);
    assert_int_equal(f->nrec, g->nrec);
    assert_memory_equal(f->rec, g->rec, f->nrec * sizeof f->rec[0]);
}

/* The world after the first run, to compare with the second. */
static struct fx_snap after_fast;

/* The handle each task last parked with in a receive: what the host (the
 * kernel: the system call's argument) retries with when it is woken. */
static cap_handle parked_h[FX_TASKS];

/* ---- the general path, driven as the kernel drives it ---- */

static void general_call(uint32_t id, cap_handle h, const struct ipc_msg *m, uint64_t now,
                         struct outcome *o)
{
    struct ipc_res res, r2;
    o->rc1 = ipc_call(&fx.ipc, id, h, m, now, &res);
    o->wake = res.wake;
    o->gas = res.gas;
    if (o->rc1 == 0 && res.wake != IPC_NOBODY)
        o->rc2 = ipc_recv(&fx.ipc, res.wake, parked_h[res.wake], &o->out, now, &r2);
}

static void general_replyrecv(uint32_t id, const struct ipc_msg *m, cap_handle h, uint64_t now,
                              struct outcome *o)
{
    struct ipc_res res, r2, r3;
    struct ipc_msg in;
    memset(&in, 0, sizeof in);
    o->rc1 = ipc_reply(&fx.ipc, id, m, now, &res);
    o->wake = res.wake;
    o->gas = res.gas;
    if (o->rc1 != 0 && o->rc1 != IPC_E_NOCALLER)
        return;
    o->rc2 = ipc_recv(&fx.ipc, id, h, &in, now, &r2);
    if (o->rc2 == IPC_WOULD_BLOCK)
        parked_h[id] = h;
    if (o->rc1 == 0)
        o->rc3 = ipc_reply_wait(&fx.ipc, res.wake, &o->out, &r3);
}

/* ---- the fast path first ---- */

static unsigned n_fast, n_slow;

static void assert_untouched(const struct fx_snap *before)
{
    fx_same(before);
    assert_int_equal(fake_trace_count(), 0);
}

/* What the host copies out of the message the fast path points at: the
 * header and the words it declares (as ipc_recv / ipc_reply_wait would). */
static void take_msg(struct ipc_msg *out, const struct ipc_msg *got)
{
    assert_non_null(got);
    out->hdr = got->hdr;
    assert_true(got->hdr.len <= IPC_WORDS_MAX);
    memcpy(out->words, got->words, got->hdr.len * sizeof got->words[0]);
}

static void fast_call(uint32_t id, cap_handle h, const struct ipc_msg *m, uint64_t now,
                      struct outcome *o, const struct fx_snap *before)
{
    struct ipc_res res;
    uint32_t rcv = 12345;
    const struct ipc_msg *got = 0;
    int r = ipc_call_fast(&fx.ipc, id, h, m, now, &res, &rcv, &got);
    if (r == IPC_SLOW) {
        n_slow++;
        assert_untouched(before);
        assert_null(got);
        memset(&o->out, 0, sizeof o->out);
        general_call(id, h, m, now, o);
        return;
    }
    assert_int_equal(r, 0);
    n_fast++;
    assert_int_equal(rcv, res.wake);
    take_msg(&o->out, got);
    o->rc1 = 0;
    o->rc2 = 0;
    o->wake = res.wake;
    o->gas = res.gas;
}

static void fast_replyrecv(uint32_t id, const struct ipc_msg *m, cap_handle h, uint64_t now,
                           struct outcome *o, const struct fx_snap *before)
{
    struct ipc_res res;
    uint32_t caller = 12345;
    const struct ipc_msg *got = 0;
    int r = ipc_replyrecv_fast(&fx.ipc, id, m, h, now, &res, &caller, &got);
    if (r == IPC_SLOW) {
        n_slow++;
        assert_untouched(before);
        assert_null(got);
        memset(&o->out, 0, sizeof o->out);
        general_replyrecv(id, m, h, now, o);
        return;
    }
    assert_int_equal(r, 0);
    n_fast++;
    assert_int_equal(caller, res.wake);
    take_msg(&o->out, got);
    parked_h[id] = h;
    o->rc1 = 0;
    o->rc2 = IPC_WOULD_BLOCK;
    o->rc3 = 0;
    o->wake = res.wake;
    o->gas = res.gas;
}

/* Records of these kinds the walk emitted (trace-off runs must emit none). */
static unsigned n_ipc_gas_recs;

static void count_ipc_gas_records(void)
{
    n_ipc_gas_recs += (unsigned)(fake_trace_count_kind(TR_IPC_SEND) +
                                 fake_trace_count_kind(TR_IPC_RECV) +
                                 fake_trace_count_kind(TR_IPC_REFUSE) +
                                 fake_trace_count_kind(TR_GAS_CHARGE));
}

/* Run one call (is_call) or reply_recv both ways from the same state. */
static void both_ways(bool is_call, uint32_t id, cap_handle h, const struct ipc_msg *m,
                      uint64_t now)
{
    static struct fx_snap before;
    struct outcome f, g;
    outcome_init(&f);
    outcome_init(&g);
    fx_take(&before);
    fake_trace_reset();
    if (is_call)
        fast_call(id, h, m, now, &f, &before);
    else
        fast_replyrecv(id, m, h, now, &f, &before);
    take_records(&f);
    fx_take(&after_fast);
    memcpy(&fx, &before.w, sizeof fx);
    fake_trace_reset();
    if (is_call)
        general_call(id, h, m, now, &g);
    else
        general_replyrecv(id, m, h, now, &g);
    take_records(&g);
    fx_same(&after_fast);
    same_outcome(&f, &g);
    count_ipc_gas_records();
    fake_trace_reset();
}

static struct ipc_msg random_msg(void)
{
    uint64_t r = fake_random_u64();
    /* Mostly valid inline messages; sometimes too long or carrying a cap. */
    uint32_t len = r % 64 == 0 ? IPC_WORDS_MAX + 1 : (uint32_t)(r >> 8) % 5;
    struct ipc_msg m = fx_msg(len);
    m.words[0] = r;
    if (r % 32 == 1) {
        m.hdr.ncaps = 1;
        m.caps[0] = (struct ipc_xfer){.h = 12345, .rights = 0, .mode = IPC_XFER_MOVE};
    }
    return m;
}

static void random_walk(void)
{
    printf("test_ipc_fast: seed %llu (ipc trace %d, gas trace %d, op records %d)\n",
           (unsigned long long)seed, fx.ipc.trace, fx.pool.trace, fx.pool.trace_ops);
    fake_random_seed(seed);
    n_ipc_gas_recs = 0;
    const uint32_t clients[2] = {fx.a, fx.c};
    const cap_handle sends[2] = {fx.a_send, fx.c_send};
    const uint32_t servers[2] = {fx.b, srv_e};
    /* Read caps for the servers, swapped in now and then: one expiring,
     * one with DECLASSIFY (replies down the lattice). */
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = fx.ep, .rights = CAP_R_READ,
                         .expiry = 5000};
    cap_handle expiring;
    assert_int_equal(cap_create_root(&fx.caps, FX_SP_B, &d, &expiring), 0);
    cap_handle normal_recv = fx.b_recv;
    cap_handle declass_recv =
        fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ | CAP_R_DECLASSIFY, fx.ep, 0);
    n_fast = n_slow = 0;
    memset(parked_h, 0, sizeof parked_h);
    uint64_t now = 0;
    for (int step = 0; step < 12000; step++) {
        uint64_t r = fake_random_u64();
        uint32_t k = (uint32_t)(r >> 8) & 1;
        struct ipc_msg m = random_msg(), out;
        struct ipc_res res;
        /* Mostly the round trip itself; now and then something that takes
         * it out of the common case (and, later, back into it). */
        switch (r % 40) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9:
        case 10: /* a client calls */
            both_ways(true, clients[k], sends[k], &m, now);
            break;
        case 11: case 12: case 13: case 14: case 15: case 16: case 17: case 18: case 19:
        case 20: case 21: /* a server answers and waits */
            both_ways(false, servers[k], fx.b_recv, &m, now);
            break;
        case 22: case 23: case 24: /* a server receives (general path) */
            if (ipc_recv(&fx.ipc, servers[k], fx.b_recv, &out, now, &res) == IPC_WOULD_BLOCK)
                parked_h[servers[k]] = fx.b_recv;
            break;
        case 25: case 26: case 27: /* a client takes its reply (general path) */
            ipc_reply_wait(&fx.ipc, clients[k], &out, &res);
            break;
        case 28: /* C sends (fills the ring) */
            m.hdr.ncaps = 0;
            ipc_send(&fx.ipc, fx.c, fx.c_send, &m, now, &res);
            break;
        case 29: /* a server waits for a notification; C signals */
            if (r & 0x100)
                ipc_wait(&fx.ipc, servers[k], fx.b_recv, &out.words[0], now, &res);
            else
                ipc_signal(&fx.ipc, fx.c, fx.c_send, 1, now, &res);
            break;
        case 30: case 31: /* labels move up, and mostly back down */
            ipc_task_set_label(&fx.ipc,
                               (uint32_t)(r >> 16) % 4 == 3 ? srv_e : (uint32_t)(r >> 16) % 3,
                               (r >> 24) % 4 ? label_bottom() : label_make(1, 0));
            break;
        case 32: case 33: /* A's gas: plenty, just enough, too little; B's topped up */
            fx.accts[fx.ga].balance = (uint64_t[]){1000, 1000, FX_COST + 1, FX_COST}[(r >> 16) % 4];
            fx.accts[fx.gb].balance = 1000;
            break;
        case 34: /* a task gives up what it waits for */
            ipc_cancel(&fx.ipc, (uint32_t)(r >> 20) % 3);
            break;
        case 35: /* the servers' cap: plain, with DECLASSIFY, or one that expires */
            fx.b_recv = (cap_handle[]){normal_recv, declass_recv, declass_recv,
                                       expiring}[(r >> 16) % 4];
            break;
        default: /* time passes */
            now += (r >> 20) % 200;
            break;
        }
        count_ipc_gas_records();
        fake_trace_reset();
    }
    fx.b_recv = normal_recv;
    printf("test_ipc_fast: %u fast, %u fell back, %u ipc/gas records\n", n_fast, n_slow,
           n_ipc_gas_recs);
    assert_true(n_fast > 300);
    assert_true(n_slow > 300);
    assert_int_equal(cap_system_verify(&fx.caps), 0);
    /* The walk sets balances by hand, so minted is not kept; what every
     * charge must keep is the pool's spent = the accounts' spent. */
    uint64_t spent = 0;
    for (uint32_t i = 0; i < fx.pool.cap; i++)
        spent += fx.accts[i].spent;
    assert_int_equal(spent, fx.pool.spent);
    assert_true(spent > 0);
}

/* Every record built, per-operation gas charges included: the fast path's
 * payment goes through gas_charge_op (its record must appear in order). */
static void test_random_equivalence(void **state)
{
    (void)state;
    random_walk();
    assert_true(n_ipc_gas_recs > 1000);
}

/* The kernel's default: no per-operation gas.charge records, so the fast
 * path pays inline (gas_charge_op_fast's charge) while the general path
 * calls gas_charge_op; both must leave the same accounts and totals. */
static void test_random_equivalence_ops_untraced(void **state)
{
    (void)state;
    fx.pool.trace_ops = 0;
    random_walk();
    assert_true(n_ipc_gas_recs > 1000); /* ipc.send/recv still written */
}

/* trace=off: neither path builds an IPC or gas record at all. */
static void test_random_equivalence_trace_off(void **state)
{
    (void)state;
    fx.ipc.trace = 0;
    fx.pool.trace = 0;
    random_walk();
    assert_int_equal(n_ipc_gas_recs, 0);
}

/* ---- every fallback condition ---- */

/* B parked on the endpoint, A about to call: the fast path's common case. */
static void common_call_state(void)
{
    fx_setup(1000, GAS_POL_THROTTLE);
    assert_int_equal(ipc_task_add(&fx.ipc, FX_SP_B, fx.gb, label_bottom(), &srv_e), 0);
    struct ipc_msg out;
    struct ipc_res res;
    assert_int_equal(ipc_recv(&fx.ipc, fx.b, fx.b_recv, &out, 0, &res), IPC_WOULD_BLOCK);
    fake_trace_reset();
}

static void expect_slow_call(uint32_t id, cap_handle h, const struct ipc_msg *m, uint64_t now)
{
    struct fx_snap s;
    fx_take(&s);
    fake_trace_reset();
    struct ipc_res res;
    const struct ipc_msg *out = 0;
    uint32_t rcv;
    assert_int_equal(ipc_call_fast(&fx.ipc, id, h, m, now, &res, &rcv, &out), IPC_SLOW);
    assert_null(out);
    assert_untouched(&s);
}

static void test_call_fallbacks(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(2);
    const struct ipc_msg *out;
    struct ipc_res res;
    uint32_t rcv;
    /* The common case succeeds. */
    common_call_state();
    assert_int_equal(ipc_call_fast(&fx.ipc, fx.a, fx.a_send, &m, 0, &res, &rcv, &out), 0);
    assert_int_equal(rcv, fx.b);
    assert_int_equal(out->hdr.len, 2);
    assert_int_equal(out->hdr.badge, 0x42);
    assert_int_equal(fake_trace_count_kind(TR_IPC_SEND), 1);
    assert_int_equal(fake_trace_count_kind(TR_IPC_RECV), 1);

    common_call_state();
    expect_slow_call(FX_TASKS + 1, fx.a_send, &m, 0); /* unknown task */
    struct ipc_msg big = fx_msg(IPC_WORDS_MAX);
    big.hdr.len = IPC_WORDS_MAX + 1;
    expect_slow_call(fx.a, fx.a_send, &big, 0); /* too long */
    struct ipc_msg capped = fx_msg(1);
    capped.hdr.ncaps = 1;
    expect_slow_call(fx.a, fx.a_send, &capped, 0); /* caps to transfer */
    expect_slow_call(fx.a, fx.a_send + 1, &m, 0);  /* bad handle */
    expect_slow_call(fx.a, fx.a_send + (1ull << 32), &m, 0); /* stale generation */
    cap_handle ro = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_READ, fx.ep, 0);
    expect_slow_call(fx.a, ro, &m, 0); /* no WRITE */
    cap_handle frame = fx_cap(FX_SP_A, CAP_T_FRAME, CAP_R_WRITE, fx.ep, 0);
    expect_slow_call(fx.a, frame, &m, 0); /* not an endpoint */
    struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = fx.ep, .rights = CAP_R_WRITE, .expiry = 5};
    cap_handle exp;
    assert_int_equal(cap_create_root(&fx.caps, FX_SP_A, &d, &exp), 0);
    expect_slow_call(fx.a, exp, &m, 5); /* expired */
    cap_handle dead = fx_cap(FX_SP_A, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep + (1ull << 32), 0);
    expect_slow_call(fx.a, dead, &m, 0); /* endpoint not live */
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, label_make(1, 0)), 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0); /* would need declassification */
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, label_bottom()), 0);
    fx.accts[fx.ga].balance = FX_COST;
    expect_slow_call(fx.a, fx.a_send, &m, 0); /* the charge would empty the account */
    fx.accts[fx.ga].balance = 3;
    expect_slow_call(fx.a, fx.a_send, &m, 0); /* cannot pay */
    fx.accts[fx.ga].balance = 1000;
    fx.accts[fx.ga].state = GAS_ST_THROTTLED;
    expect_slow_call(fx.a, fx.a_send, &m, 0); /* throttled */
    fx.accts[fx.ga].state = GAS_ST_ACTIVE;
    fx.eps[0].label = label_make(0, 1);
    expect_slow_call(fx.c, fx.c_send, &m, 0); /* C's bottom flows; B cannot read it */
    fx.eps[0].label = label_bottom();

    /* The caller is not idle. */
    common_call_state();
    assert_int_equal(ipc_call(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    expect_slow_call(fx.c, fx.c_send, &m, 0);
    /* The ring is not empty (and nobody parked). */
    common_call_state();
    assert_int_equal(ipc_send(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* Nobody parked to receive. */
    fx_setup(1000, GAS_POL_THROTTLE);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* The oldest parked receiver waits for a notification. */
    fx_setup(1000, GAS_POL_THROTTLE);
    uint64_t bits;
    assert_int_equal(ipc_wait(&fx.ipc, fx.b, fx.b_recv, &bits, 0, &res), IPC_WOULD_BLOCK);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* A sender is parked (the ring filled, then drained). */
    common_call_state();
    fx.eps[0].nsend = 1;
    fx.eps[0].wsend[0] = fx.c;
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* The receiver owes a reply. */
    common_call_state();
    fx.tasks[fx.b].owe = fx.c;
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* The receiver's cap is gone. */
    common_call_state();
    struct cap_loc l = {FX_SP_B, fx.b_recv};
    assert_int_equal(cap_delete(&fx.caps, l), 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* The receiver's cap names another endpoint now (its handle was reused
     * for another endpoint's cap). */
    common_call_state();
    fx.tasks[fx.b].recv_h = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, fx.ep + 1, 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* ... or this endpoint's index with another generation (a dead one). */
    common_call_state();
    fx.tasks[fx.b].recv_h =
        fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, fx.ep + (1ull << 32), 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
    /* The receiver's label no longer dominates the endpoint's. */
    common_call_state();
    fx.eps[0].label = label_make(1, 0);
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.a, label_make(1, 0)), 0);
    expect_slow_call(fx.a, fx.a_send, &m, 0);
}

/* B has received A's call and owes the reply: reply_recv's common case. */
static void common_reply_state(void)
{
    common_call_state();
    struct ipc_msg m = fx_msg(2);
    const struct ipc_msg *out;
    struct ipc_res res;
    uint32_t rcv;
    assert_int_equal(ipc_call_fast(&fx.ipc, fx.a, fx.a_send, &m, 0, &res, &rcv, &out), 0);
    fake_trace_reset();
}

static void expect_slow_reply(uint32_t id, const struct ipc_msg *m, cap_handle h, uint64_t now)
{
    struct fx_snap s;
    fx_take(&s);
    fake_trace_reset();
    struct ipc_res res;
    const struct ipc_msg *out = 0;
    uint32_t caller;
    assert_int_equal(ipc_replyrecv_fast(&fx.ipc, id, m, h, now, &res, &caller, &out), IPC_SLOW);
    assert_null(out);
    assert_untouched(&s);
}

static void test_reply_fallbacks(void **state)
{
    (void)state;
    struct ipc_msg m = fx_msg(3);
    const struct ipc_msg *out;
    struct ipc_res res;
    uint32_t caller;
    common_reply_state();
    assert_int_equal(ipc_replyrecv_fast(&fx.ipc, fx.b, &m, fx.b_recv, 0, &res, &caller, &out), 0);
    assert_int_equal(caller, fx.a);
    assert_int_equal(out->hdr.len, 3);
    assert_int_equal(out->hdr.flags, IPC_F_REPLY);
    assert_int_equal(fx.tasks[fx.a].state, IPC_TS_IDLE);
    assert_int_equal(fx.tasks[fx.b].state, IPC_TS_WAIT_RECV);
    assert_int_equal(fx.accts[fx.gb].balance, 1000 - FX_COST);

    common_reply_state();
    expect_slow_reply(FX_TASKS + 1, &m, fx.b_recv, 0); /* unknown task */
    expect_slow_reply(srv_e, &m, fx.b_recv, 0);        /* owes nobody */
    struct ipc_msg big = fx_msg(1);
    big.hdr.len = IPC_WORDS_MAX + 1;
    expect_slow_reply(fx.b, &big, fx.b_recv, 0); /* too long */
    struct ipc_msg capped = fx_msg(1);
    capped.hdr.ncaps = 1;
    expect_slow_reply(fx.b, &capped, fx.b_recv, 0); /* caps */
    expect_slow_reply(fx.b, &m, fx.b_recv + 1, 0);  /* bad receive handle */
    cap_handle wo = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_WRITE, fx.ep, 0);
    expect_slow_reply(fx.b, &m, wo, 0); /* no READ */
    cap_handle dead = fx_cap(FX_SP_B, CAP_T_ENDPOINT, CAP_R_READ, fx.ep + (1ull << 32), 0);
    expect_slow_reply(fx.b, &m, dead, 0); /* endpoint not live */
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.b, label_make(1, 0)), 0);
    expect_slow_reply(fx.b, &m, fx.b_recv, 0); /* reply would go down the lattice */
    assert_int_equal(ipc_task_set_label(&fx.ipc, fx.b, label_bottom()), 0);
    fx.eps[0].label = label_make(0, 1);
    expect_slow_reply(fx.b, &m, fx.b_recv, 0); /* B may not read the endpoint */
    fx.eps[0].label = label_bottom();
    fx.accts[fx.gb].balance = FX_COST;
    expect_slow_reply(fx.b, &m, fx.b_recv, 0); /* the charge would empty it */
    fx.accts[fx.gb].balance = 1000;
    assert_int_equal(ipc_send(&fx.ipc, fx.c, fx.c_send, &m, 0, &res), 0);
    expect_slow_reply(fx.b, &m, fx.b_recv, 0); /* a message is waiting */

    /* The caller gave up. */
    common_reply_state();
    assert_int_equal(ipc_cancel(&fx.ipc, fx.a), 0);
    expect_slow_reply(fx.b, &m, fx.b_recv, 0);
    /* The server is parked (not idle). */
    common_reply_state();
    fx.tasks[fx.b].state = IPC_TS_WAIT_NTFN;
    expect_slow_reply(fx.b, &m, fx.b_recv, 0);
    /* The receiver FIFO is full. */
    common_reply_state();
    fx.eps[0].nrecv = IPC_WAIT_MAX;
    expect_slow_reply(fx.b, &m, fx.b_recv, 0);
}

int main(void)
{
    const char *env = getenv("IPC_SEED");
    if (env)
        seed = strtoull(env, NULL, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_random_equivalence, setup),
        cmocka_unit_test_setup(test_random_equivalence_ops_untraced, setup),
        cmocka_unit_test_setup(test_random_equivalence_trace_off, setup),
        cmocka_unit_test(test_call_fallbacks),
        cmocka_unit_test(test_reply_fallbacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
