/*
 * IPC workloads in the simulator (sim/ipcrun.c, sim/policy_ipc.c): request
 * latencies checked by hand on one CPU for a client and a server, a chain
 * of three servers and a pipeline; a gas budget that bounds the messages;
 * a comparison across schedulers that is bit-identical for the same seed;
 * and the loader's errors.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ipcrun.h"
#include "sim_test_util.h"

#include "metrics.h"
#include "results.h"

static void run_text(const char *text, const char *sched, struct exp *e, struct run_result *r)
{
    char path[256], err[1024];
    if (load_text(e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    unlink(path);
    if (ipcrun_run(e, sched, 1, NULL, r, err, sizeof err))
        fail_msg("%s", err);
}

/* One client, one server, one CPU, context switch 2us, client_cost 10us,
 * server 100us; requests at 500us, 1500us, 2500us (the server is parked
 * in ipc_recv long before). Request 1: switch to the client 2 + 10, call;
 * switch to the server 2 + 100, reply; switch to the client 2: 116us.
 * Later requests find the client's context loaded (it ran last): 114us. */
static void client_server_by_hand(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    const char *scheds[] = {"beatty", "stride", "eevdf", "lottery", "rr", "prio"};
    for (size_t s = 0; s < sizeof scheds / sizeof scheds[0]; s++) {
        run_text("name: cs\nduration: 1s\nschedulers: [beatty]\n"
                 "machine: {cpus: 1, quantum: 1ms, tick: 0, context_switch: 2us}\n"
                 "ipc:\n  - {name: rpc, kind: chain, client_cost: 10us, hops: [100us], "
                 "arrival: periodic(1ms), start: 500us, requests: 3}\n",
                 scheds[s], &e, &r);
        assert_int_equal(r.nreqs, 3);
        assert_int_equal(r.reqs[0].issue, 500000);
        assert_int_equal(r.reqs[0].done - r.reqs[0].issue, 116000);
        assert_int_equal(r.reqs[1].done - r.reqs[1].issue, 114000);
        assert_int_equal(r.reqs[2].done - r.reqs[2].issue, 114000);
        /* 3 calls and 3 replies, one gas unit each. */
        assert_int_equal(r.ipcwl[0].messages, 6);
        assert_int_equal(r.ipcwl[0].gas_spent, 6);
        assert_int_equal(r.ipcwl[0].arrived, 3);
        assert_int_equal(r.ipcwl[0].done, 3);
        /* Busy: the server's first receive (2) + per request 10 + 100 of
         * work; switches: server at 0, then 3, 2, 2 per request. */
        assert_int_equal(r.busy_ns, 3 * 110000);
        assert_int_equal(r.ctx_switches, 1 + 3 + 2 + 2);
        run_result_free(&r);
        exp_free(&e);
    }
}

/* A chain client -> s1 -> s2 -> s3 on one CPU: each request costs the
 * client 10us and the hops 100, 200, 300us, and six switches of 2us
 * (client->s1->s2->s3, then the replies s3->s2->s1->client), plus one to
 * load the client's context for the first request: 624us, then 622us. */
static void chain_of_three(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    run_text("name: ch\nduration: 1s\nschedulers: [beatty]\n"
             "machine: {cpus: 1, quantum: 1ms, tick: 0, context_switch: 2us}\n"
             "ipc:\n  - {name: rpc, kind: chain, client_cost: 10us, hops: [100us, 200us, 300us], "
             "arrival: periodic(2ms), start: 1ms, requests: 4}\n",
             "beatty", &e, &r);
    assert_int_equal(r.nreqs, 4);
    assert_int_equal(r.reqs[0].done - r.reqs[0].issue, 624000);
    for (int i = 1; i < 4; i++) {
        assert_int_equal(r.reqs[i].issue, 1000000 + 2000000ull * (uint64_t)i);
        assert_int_equal(r.reqs[i].done - r.reqs[i].issue, 622000);
    }
    /* Per request: 3 calls, 3 replies. */
    assert_int_equal(r.ipcwl[0].messages, 24);
    run_result_free(&r);
    exp_free(&e);

    /* The same chain on 3 CPUs: task i runs on CPU i mod 3, so the client
     * and s3 share CPU 0 and every other hop finds its CPU idle with its
     * own context loaded. Only CPU 0 switches: to s3 and back to the
     * client (4us), and for the first request also to the client, whose
     * CPU last ran s3's first receive: 616us, then 614us. */
    run_text("name: ch\nduration: 1s\nschedulers: [beatty]\n"
             "machine: {cpus: 3, quantum: 1ms, tick: 0, context_switch: 2us}\n"
             "ipc:\n  - {name: rpc, kind: chain, client_cost: 10us, hops: [100us, 200us, 300us], "
             "arrival: periodic(2ms), start: 1ms, requests: 2}\n",
             "beatty", &e, &r);
    assert_int_equal(r.nreqs, 2);
    assert_int_equal(r.reqs[0].done - r.reqs[0].issue, 616000);
    assert_int_equal(r.reqs[1].done - r.reqs[1].issue, 614000);
    run_result_free(&r);
    exp_free(&e);
}

/* A pipeline client -> stage 1 -> stage 2 on one CPU: the client sends and
 * goes idle; stage 1 receives, works 50us, sends; stage 2 works 70us and
 * the request is done: 2 + 10 + 2 + 50 + 2 + 70 = 136us. */
static void pipeline_by_hand(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    run_text("name: pl\nduration: 1s\nschedulers: [stride]\n"
             "machine: {cpus: 1, quantum: 1ms, tick: 0, context_switch: 2us}\n"
             "ipc:\n  - {name: p, kind: pipeline, client_cost: 10us, hops: [50us, 70us], "
             "arrival: periodic(1ms), start: 1ms, requests: 3}\n",
             "stride", &e, &r);
    assert_int_equal(r.nreqs, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(r.reqs[i].done - r.reqs[i].issue, 136000);
    assert_int_equal(r.ipcwl[0].messages, 6);
    run_result_free(&r);
    exp_free(&e);
}

/* A closed-loop client under a gas budget of 4 messages refilled by 2
 * every ms: each request is 2 messages, so at most 4 + 2 x 10 = 24
 * messages (12 requests) go in 10ms, and the tasks wait for refills. */
static void gas_bounds_messages(void **state)
{
    (void)state;
    static struct exp e;
    struct run_result r;
    run_text("name: g\nduration: 10ms\nschedulers: [beatty]\n"
             "machine: {cpus: 1, quantum: 1ms, tick: 0}\n"
             "ipc:\n  - {name: rpc, kind: chain, hops: [10us], arrival: closed, "
             "gas_budget: 4, gas_refill: 2, gas_period: 1ms}\n",
             "beatty", &e, &r);
    assert_true(r.ipcwl[0].messages <= 24);
    assert_true(r.ipcwl[0].messages >= 20);
    assert_true(r.ipcwl[0].gas_waits > 0);
    assert_true(r.nreqs >= 10 && r.nreqs <= 12);
    assert_int_equal(r.ipcwl[0].gas_spent, r.ipcwl[0].messages);
    run_result_free(&r);
    exp_free(&e);
    /* Without a budget the same loop runs unhindered: far more. */
    run_text("name: g\nduration: 10ms\nschedulers: [beatty]\n"
             "machine: {cpus: 1, quantum: 1ms, tick: 0}\n"
             "ipc:\n  - {name: rpc, kind: chain, hops: [10us], arrival: closed}\n",
             "beatty", &e, &r);
    /* 10us each and no switch cost: request k ends at 10k us; the 1000th
     * would end exactly at the end, which comes first. */
    assert_int_equal(r.nreqs, 999);
    assert_int_equal(r.ipcwl[0].gas_waits, 0);
    run_result_free(&r);
    exp_free(&e);
}

static void read_until_wall(const char *dir, char *buf, size_t cap)
{
    char p[400];
    sim_fmt(p, sizeof p, "%s/summary.json", dir);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = 0;
    fclose(f);
    char *w = strstr(buf, "\"wall_seconds\"");
    assert_non_null(w);
    *w = 0; /* wall time is the one field that differs between runs */
}

/* The example experiment under every scheduler, twice: the same seed gives
 * a bit-identical summary (up to wall time); results hold requests.csv and
 * the request percentiles, ordered p50 <= p90 <= p99 <= p99.9 <= max. */
static void schedulers_deterministic(void **state)
{
    (void)state;
    static struct exp e;
    char err[1024], path[700];
    sim_fmt(path, sizeof path, "%s", __FILE__);
    *strrchr(path, '/') = 0;
    strcat(path, "/../../sim/experiments/ipc.yaml");
    if (exp_load(&e, path, err, sizeof err))
        fail_msg("%s", err);
    e.duration = 300000000; /* 0.3s keeps the Debug build fast */
    static char a[1 << 16], b[1 << 16];
    struct run_opts o = {.trace = 0, .latency = 1};
    double p99[EXP_MAX_SCHED];
    for (unsigned s = 0; s < e.nsched; s++) {
        char dir[2][300];
        for (int i = 0; i < 2; i++) {
            struct metrics m;
            sim_fmt(dir[i], sizeof dir[i], "/tmp/phoenix-ipcrun-%ld-%s-%d", (long)getpid(),
                     e.sched[s], i);
            if (run_to_dir(&e, e.sched[s], 5, dir[i], &o, &m, err, sizeof err))
                fail_msg("%s", err);
            assert_true(metric_get(&m, "req_n") > 50);
            assert_true(metric_get(&m, "req_p50_ns") <= metric_get(&m, "req_p90_ns"));
            assert_true(metric_get(&m, "req_p90_ns") <= metric_get(&m, "req_p99_ns"));
            assert_true(metric_get(&m, "req_p99_ns") <= metric_get(&m, "req_p999_ns"));
            assert_true(metric_get(&m, "req_p999_ns") <= metric_get(&m, "req_max_ns"));
            p99[s] = metric_get(&m, "req_p99_ns");
        }
        read_until_wall(dir[0], a, sizeof a);
        read_until_wall(dir[1], b, sizeof b);
        assert_string_equal(a, b);
        assert_non_null(strstr(a, "\"ipc_workloads\""));
        char p[400];
        sim_fmt(p, sizeof p, "%s/requests.csv", dir[0]);
        FILE *f = fopen(p, "r");
        assert_non_null(f);
        char line[256];
        assert_non_null(fgets(line, sizeof line, f));
        assert_string_equal(line, "request,workload,client,issue_ns,done_ns,latency_ns\n");
        fclose(f);
        for (int i = 0; i < 2; i++)
            sim_rm_rf(dir[i]);
        printf("# %-8s request p99 %.3f ms\n", e.sched[s], p99[s] / 1e6);
    }
    exp_free(&e);
}

static void errors(void **state)
{
    (void)state;
    static struct exp e;
    char path[256], err[1024];
    struct {
        const char *text, *want;
    } cases[] = {
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {hops: [1ms]}\n",
         ":5: IPC workload 'ipc0': expected kind: chain or pipeline"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: chain}\n",
         ":5: IPC workload 'ipc0': expected hops"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: ring, hops: [1ms]}\n",
         ":5: kind: expected chain or pipeline"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: chain, hops: [1ms], "
         "arrival: [1ms]}\n",
         ":5: arrival: expected closed, poisson(MEAN_GAP) or periodic(INTERVAL)"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: chain, hops: [1ms], "
         "speed: 3}\n",
         ":5: unknown key 'speed' in an IPC workload"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: chain, hops: [1ms], "
         "gas_refill: 3}\n",
         "gas_refill needs gas_budget and gas_period"},
        {"name: x\nduration: 1s\nschedulers: [beatty]\nipc:\n  - {kind: chain, hops: [1ms]}\n"
         "groups:\n  - {behaviour: interactive, burst: 1ms, sleep: 1ms}\n",
         "beside ipc:, groups must be background load"},
        {"name: x\nduration: 1s\nschedulers: [cp]\nipc:\n  - {kind: chain, hops: [1ms]}\n",
         ":3: schedulers: 'cp' is a DAG policy"},
        {"name: x\nduration: 1s\nschedulers: [cp]\nipc:\n  - {kind: chain, hops: [1ms]}\n"
         "jobs:\n  - {graph: \"gen:n=3\"}\n",
         "not both"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(load_text(&e, cases[i].text, err, sizeof err, path, sizeof path), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
        unlink(path);
    }
}

int main(void)
{
    sim_test_platform();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(client_server_by_hand),    cmocka_unit_test(chain_of_three),
        cmocka_unit_test(pipeline_by_hand),         cmocka_unit_test(gas_bounds_messages),
        cmocka_unit_test(schedulers_deterministic), cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
