/*
 * Lattice IPC driven the way a host drives it (docs/ipc.md, "State machine
 * and how a host drives it"): a toy scheduler runs tasks in a seeded random
 * order, one IPC operation per step. IPC_WOULD_BLOCK blocks the task and
 * res.wake makes a task runnable again, which then retries its operation.
 * Six clients call two servers through one endpoint whose ring holds two
 * messages (so senders park), while two notifiers signal the same endpoint
 * and a waiter waits on it (so message receivers and a notification waiter
 * share the receiver FIFO; the notifiers start when the calls are over).
 * Every call must be answered exactly once with
 * the right reply, nobody may be left blocked with work to do (no lost
 * wake-up), gas must be conserved, and each server must have paid exactly
 * for its replies. Repeated over many seeds (IPC_HOST_SEED overrides the
 * first; printed).
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

enum { CLIENTS = 6, SERVERS = 2, NOTIFIERS = 2, TASKS = CLIENTS + SERVERS + NOTIFIERS + 1 };
enum { CALLS = 40, SIGNALS = 2, COST = 3, SEEDS = 30 };
enum role { CLIENT, SERVER, NOTIFIER, WAITER };

struct task {
    enum role role;
    uint32_t id, gas;
    cap_handle cap;
    int step;      /* client: 0 call, 1 reply_wait; server: 0 recv, 1 reply */
    int done;      /* calls answered / signals sent */
    int runnable;
    int finished;
    uint64_t pending; /* server: the payload to answer */
    uint64_t seen;    /* waiter: bits received */
    uint64_t replies; /* server: replies sent */
};

static struct cap_system caps;
static struct cap_space spaces[TASKS + 1];
static struct cap_slot slots[TASKS + 1][8];
static struct gas_pool pool;
static struct gas_account accts[TASKS];
static struct ipc_sys sys;
static struct ipc_task itasks[TASKS];
static struct ipc_ep eps[1];
static struct ipc_slot ring[2];
static struct task tk[TASKS];

static void build(void)
{
    uint32_t idx;
    cap_system_init(&caps, spaces, TASKS + 1);
    for (uint32_t i = 0; i <= TASKS; i++)
        assert_int_equal(cap_space_add(&caps, slots[i], 8, i, &idx), 0);
    struct gas_costs costs = {.time_unit_ns = 1};
    costs.op[GAS_OP_IPC] = COST;
    assert_int_equal(gas_pool_init(&pool, accts, TASKS, &costs), 0);
    pool.trace = 0;
    assert_int_equal(ipc_sys_init(&sys, &caps, &pool, itasks, TASKS, eps, 1, TASKS), 0);
    sys.trace = 0;
    uint64_t ref;
    assert_int_equal(ipc_ep_create(&sys, label_bottom(), ring, 2, &ref), 0);
    for (uint32_t i = 0; i < TASKS; i++) {
        struct task *t = &tk[i];
        memset(t, 0, sizeof *t);
        t->role = i < CLIENTS ? CLIENT
                  : i < CLIENTS + SERVERS ? SERVER
                  : i < CLIENTS + SERVERS + NOTIFIERS ? NOTIFIER
                                                      : WAITER;
        assert_int_equal(gas_open(&pool, 1000, 0, 0, 1000, GAS_POL_THROTTLE, 0, &t->gas), 0);
        assert_int_equal(ipc_task_add(&sys, i, t->gas, label_bottom(), &t->id), 0);
        assert_int_equal(t->id, i);
        uint32_t r = t->role == SERVER || t->role == WAITER ? CAP_R_READ : CAP_R_WRITE;
        struct cap_desc d = {.type = CAP_T_ENDPOINT, .obj = ref, .rights = r,
                             .badge = t->role == CLIENT ? 100 + i : 0};
        assert_int_equal(cap_create_root(&caps, i, &d, &t->cap), 0);
        t->runnable = 1;
    }
}

/* One operation of task t; returns the IPC result and fills res. */
static int step(struct task *t, struct ipc_res *res)
{
    struct ipc_msg m, out;
    memset(&m, 0, sizeof m);
    int r = 0;
    uint64_t bits;
    switch (t->role) {
    case CLIENT:
        if (t->step == 0) {
            m.hdr.len = 2;
            m.words[0] = t->id;
            m.words[1] = (uint64_t)t->done;
            r = ipc_call(&sys, t->id, t->cap, &m, 0, res);
            if (r == 0)
                t->step = 1;
        } else {
            r = ipc_reply_wait(&sys, t->id, &out, res);
            if (r == 0) {
                assert_int_equal(out.hdr.flags, IPC_F_REPLY);
                assert_int_equal(out.words[0], t->id * 1000 + (uint64_t)t->done);
                t->step = 0;
                if (++t->done == CALLS)
                    t->finished = 1;
            }
        }
        break;
    case SERVER:
        if (t->step == 0) {
            r = ipc_recv(&sys, t->id, t->cap, &out, 0, res);
            if (r == 0) {
                assert_int_equal(out.hdr.flags, IPC_F_CALL);
                assert_int_equal(out.hdr.badge, 100 + out.words[0]); /* who called */
                t->pending = out.words[0] * 1000 + out.words[1];
                t->step = 1;
            }
        } else {
            m.hdr.len = 1;
            m.words[0] = t->pending;
            r = ipc_reply(&sys, t->id, &m, 0, res);
            if (r == 0) {
                t->replies++;
                t->step = 0;
            }
        }
        break;
    case NOTIFIER:
        r = ipc_signal(&sys, t->id, t->cap, 1ull << t->id, 0, res);
        if (r == 0 && ++t->done == SIGNALS)
            t->finished = 1;
        break;
    case WAITER:
        r = ipc_wait(&sys, t->id, t->cap, &bits, 0, res);
        if (r == 0) {
            t->seen |= bits;
            uint64_t all = 0;
            for (uint32_t i = CLIENTS + SERVERS; i < CLIENTS + SERVERS + NOTIFIERS; i++)
                all |= 1ull << i;
            assert_int_equal(bits & ~all, 0);
            int over = 1;
            for (uint32_t i = CLIENTS + SERVERS; i < CLIENTS + SERVERS + NOTIFIERS; i++)
                over &= tk[i].finished;
            /* Done once both notifiers finished and their bits came. */
            if (over && t->seen == all)
                t->finished = 1;
        }
        break;
    }
    assert_true(r == 0 || r == IPC_WOULD_BLOCK);
    return r;
}

static void run(uint64_t seed)
{
    fake_random_seed(seed);
    build();
    unsigned long steps = 0, blocks = 0;
    for (;;) {
        uint32_t ready[TASKS], n = 0;
        int clients_done = 1;
        for (uint32_t i = 0; i < CLIENTS; i++)
            clients_done &= tk[i].finished;
        for (uint32_t i = 0; i < TASKS; i++) {
            /* Notifiers start once the calls are over, so their few signals
             * meet the servers parked in the receiver FIFO beside the
             * waiter: a signal that woke a server would be lost. */
            if (tk[i].role == NOTIFIER && !clients_done)
                continue;
            if (tk[i].runnable && !tk[i].finished)
                ready[n++] = i;
        }
        if (!n)
            break;
        struct task *t = &tk[ready[fake_random_u64() % n]];
        struct ipc_res res;
        if (step(t, &res) == IPC_WOULD_BLOCK) {
            assert_true(res.block == IPC_BLOCK_FULL || res.block == IPC_BLOCK_EMPTY ||
                        res.block == IPC_BLOCK_REPLY);
            t->runnable = 0;
            blocks++;
        }
        if (res.wake != IPC_NOBODY)
            tk[res.wake].runnable = 1;
        assert_true(++steps < 1000000);
    }
    /* Nobody runnable: every client and notifier and the waiter finished;
     * only servers may be left blocked, waiting for more calls. */
    uint64_t replies = 0;
    for (uint32_t i = 0; i < TASKS; i++) {
        if (tk[i].role == SERVER) {
            assert_int_equal(itasks[i].state, IPC_TS_WAIT_RECV);
            assert_int_equal(accts[tk[i].gas].spent, tk[i].replies * COST);
            replies += tk[i].replies;
        } else {
            if (!tk[i].finished)
                fail_msg("seed %llu: task %u blocked forever (lost wake-up)",
                         (unsigned long long)seed, i);
        }
        if (tk[i].role == CLIENT)
            assert_int_equal(accts[tk[i].gas].spent, CALLS * COST);
    }
    assert_int_equal(replies, CLIENTS * CALLS);
    assert_int_equal(eps[0].count, 0);
    assert_true(gas_conserved(&pool));
    assert_true(blocks > 0);
}

static uint64_t first_seed = 20261121;

static void test_host_loop(void **state)
{
    (void)state;
    printf("test_ipc_host: seeds %llu..%llu\n", (unsigned long long)first_seed,
           (unsigned long long)(first_seed + SEEDS - 1));
    for (uint64_t s = 0; s < SEEDS; s++)
        run(first_seed + s);
}

int main(void)
{
    const char *env = getenv("IPC_HOST_SEED");
    if (env)
        first_seed = strtoull(env, NULL, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
