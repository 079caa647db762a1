/*
 * The machine model and metrics on small cases worked out by hand: one task
 * alone, round-robin pair, an interactive task's bursts, a periodic task
 * sharing a CPU with a batch task (one deadline miss), gas throttling, and
 * bit-identical traces for the same file and seed. Also the metric
 * primitives: nearest-rank quantiles, Jain's index, 95% intervals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <cmocka.h>

#include "machine.h"
#include "metrics.h"
#include "sim_test_util.h"

#define MS 1000000ull

struct run {
    struct exp e;
    struct run_result r;
    struct metrics m;
};

static struct run *run_text(const char *text, const char *sched, FILE *trace)
{
    struct run *x = calloc(1, sizeof *x);
    char err[512], path[256];
    assert_non_null(x);
    if (load_text(&x->e, text, err, sizeof err, path, sizeof path))
        fail_msg("%s", err);
    unlink(path);
    if (machine_run(&x->e, sched, x->e.seeds[0], trace, &x->r, err, sizeof err))
        fail_msg("%s", err);
    metrics_compute(&x->r, &x->m);
    return x;
}

static void done(struct run *x)
{
    run_result_free(&x->r);
    exp_free(&x->e);
    free(x);
}

static double M(struct run *x, const char *name)
{
    int i = metric_index(name);
    assert_true(i >= 0);
    return x->m.v[i];
}

static void test_single_task(void **state)
{
    (void)state;
    struct run *x = run_text("duration: 20ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                             "groups:\n  - {behaviour: cpu-bound, work: 10ms}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].finish, 10 * MS);
    assert_int_equal(x->r.tasks[0].cpu_time, 10 * MS);
    assert_true(M(x, "turnaround_mean_ns") == 10e6);
    assert_true(M(x, "slowdown_mean") == 1.0);
    assert_true(M(x, "utilization") == 0.5);
    assert_true(M(x, "context_switches") == 1);
    assert_true(M(x, "wake_max_ns") == 0);
    assert_true(M(x, "tasks_done") == 1);
    done(x);
}

static void test_round_robin_pair(void **state)
{
    (void)state;
    /* A and B, 4ms each, 1ms quantum: ABABABAB, A ends at 7ms, B at 8ms. */
    struct run *x = run_text("duration: 20ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 1ms, tick: 0, context_switch: 0}\n"
                             "groups:\n  - {behaviour: cpu-bound, work: 4ms, count: 2}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].finish, 7 * MS);
    assert_int_equal(x->r.tasks[1].finish, 8 * MS);
    assert_true(M(x, "turnaround_mean_ns") == 7.5e6);
    assert_true(M(x, "turnaround_max_ns") == 8e6);
    assert_true(M(x, "slowdown_max") == 2.0);
    assert_true(M(x, "context_switches") == 8);
    /* Wake-up latency: A starts at 0, B at 1ms. */
    assert_true(M(x, "wake_n") == 2);
    assert_true(M(x, "wake_max_ns") == 1e6);
    /* The fluid reference serves both at half speed: both done at 8ms with
     * 4ms each, what they received. */
    assert_true(M(x, "lag_max_abs_ns") == 0);
    assert_true(M(x, "jain_fairness") == 1.0);
    done(x);
}

static void test_lag_against_fluid_share(void **state)
{
    (void)state;
    /* Weights 3:1 under round-robin for 4ms: each receives 2ms; the fluid
     * reference gives 3ms and 1ms. Lag 1ms; Jain over received/entitled
     * (2/3, 2): (8/3)^2 / (2 (4/9 + 4)) = 0.8. */
    struct run *x = run_text("duration: 4ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 1ms, tick: 0}\n"
                             "groups:\n  - {behaviour: cpu-bound, weight: 3}\n"
                             "  - {behaviour: cpu-bound, weight: 1}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].cpu_time, 2 * MS);
    assert_true(x->r.tasks[0].entitled == 3e6);
    assert_true(x->r.tasks[1].entitled == 1e6);
    assert_true(M(x, "lag_max_abs_ns") == 1e6);
    assert_true(fabs(M(x, "jain_fairness") - 0.8) < 1e-12);
    done(x);
    /* An interactive task is entitled to its bursts, not to the time it
     * waited: 1ms bursts every 4ms beside a batch task on one CPU, 2ms
     * quantum. The fluid machine serves each burst in 2ms at half speed. */
    x = run_text("duration: 20ms\nschedulers: [rr]\n"
                 "machine: {cpus: 1, quantum: 2ms, tick: 0}\n"
                 "groups:\n  - {behaviour: interactive, burst: 1ms, sleep: 4ms}\n"
                 "  - {behaviour: cpu-bound}\n",
                 "rr", NULL);
    double got = (double)x->r.tasks[0].cpu_time, ent = x->r.tasks[0].entitled;
    assert_true(ent <= got + 1e6); /* at most the burst in progress at the end */
    assert_true(ent >= got - 1e6);
    assert_true(fabs(ent + x->r.tasks[1].entitled - 20e6) < 1); /* one CPU, always busy */
    done(x);
}

static void test_fluid_reference_on_two_cpus(void **state)
{
    (void)state;
    /* Weights 4, 1, 1 on 2 CPUs: proportional shares would give the heavy
     * task 4/3 of a CPU; no task exceeds one, so it gets 1 and the others
     * share the second CPU: 10, 5 and 5 ms over 10 ms. */
    struct run *x = run_text("duration: 10ms\nschedulers: [rr]\n"
                             "machine: {cpus: 2, quantum: 1ms, tick: 0}\n"
                             "groups:\n  - {behaviour: cpu-bound, weight: 4}\n"
                             "  - {behaviour: cpu-bound, count: 2}\n",
                             "rr", NULL);
    assert_true(fabs(x->r.tasks[0].entitled - 10e6) < 1e-3);
    assert_true(fabs(x->r.tasks[1].entitled - 5e6) < 1e-3);
    assert_true(fabs(x->r.tasks[2].entitled - 5e6) < 1e-3);
    done(x);
    /* Fewer tasks than CPUs: each is entitled to a whole CPU, whatever the
     * weights; a 3ms job arriving at 2ms is entitled to exactly 3ms. */
    x = run_text("duration: 10ms\nschedulers: [rr]\n"
                 "machine: {cpus: 3, quantum: 1ms, tick: 0}\n"
                 "groups:\n  - {behaviour: cpu-bound, weight: 5}\n"
                 "  - {behaviour: cpu-bound, weight: 1}\n"
                 "  - {behaviour: cpu-bound, work: 3ms, arrival: [2ms]}\n",
                 "rr", NULL);
    assert_true(fabs(x->r.tasks[0].entitled - 10e6) < 1e-3);
    assert_true(fabs(x->r.tasks[1].entitled - 10e6) < 1e-3);
    assert_true(fabs(x->r.tasks[2].entitled - 3e6) < 1e-3);
    assert_true(M(x, "lag_max_abs_ns") < 1e-3);
    done(x);
}

static void test_context_switch_cost_and_tick(void **state)
{
    (void)state;
    /* Quantum 1.5ms on a 1ms tick ends on the 2ms grid; each switch costs
     * 0.5ms before the task runs. A: runs 0.5-2 (1.5ms), B: 2.5-4 (1.5),
     * A: 4.5-5 (0.5 left, done at 5), B: 5.5-6 (done at 6). */
    struct run *x = run_text("duration: 10ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 1.5ms, tick: 1ms, "
                             "context_switch: 500us}\n"
                             "groups:\n  - {behaviour: cpu-bound, work: 2ms, count: 2}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].finish, 5 * MS);
    assert_int_equal(x->r.tasks[1].finish, 6 * MS);
    assert_true(M(x, "context_switches") == 4);
    assert_true(M(x, "cs_overhead") == 0.2); /* 2ms of 10ms */
    assert_true(M(x, "utilization") == 0.4);
    done(x);
}

static void test_wakeup_preemption(void **state)
{
    (void)state;
    /* A batch task holds the CPU for 10ms quanta; an interactive task (1ms
     * bursts, 4.5ms sleeps) wakes at 5.5, 11.5, ... With preempt: tick the
     * next 1ms tick ends the batch slice and round-robin puts the batch task
     * behind: the burst starts 0.5ms after its wake-up. Without, it waits
     * for the quantum to end. */
    const char *fmt = "duration: 30ms\nschedulers: [rr]\n"
                      "machine: {cpus: 1, quantum: 10ms, tick: 1ms, preempt: %s}\n"
                      "groups:\n  - {behaviour: cpu-bound}\n"
                      "  - {behaviour: interactive, burst: 1ms, sleep: 4.5ms}\n";
    char text[400];
    snprintf(text, sizeof text, fmt, "tick");
    struct run *x = run_text(text, "rr", NULL);
    assert_true(M(x, "wake_max_ns") == 0.5e6);
    assert_true(M(x, "resp_max_ns") == 1.5e6);
    assert_true(M(x, "resp_n") >= 4);
    done(x);
    snprintf(text, sizeof text, fmt, "none");
    x = run_text(text, "rr", NULL);
    assert_true(M(x, "wake_max_ns") > 4e6);
    done(x);
}

static void test_interactive_bursts(void **state)
{
    (void)state;
    /* Burst 1ms, sleep 4ms, alone: bursts at 0, 5, 10, 15; the fifth at 20
     * is cut by the end of the run at 22ms. */
    struct run *x = run_text("duration: 22ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                             "groups:\n  - {behaviour: interactive, burst: 1ms, sleep: 4ms}\n",
                             "rr", NULL);
    assert_true(M(x, "resp_n") == 5);
    assert_true(M(x, "resp_max_ns") == 1e6);
    assert_true(M(x, "wake_n") == 5);
    assert_true(M(x, "wake_max_ns") == 0);
    assert_int_equal(x->r.tasks[0].cpu_time, 5 * MS);
    assert_true(M(x, "utilization") == 5.0 / 22.0);
    done(x);
}

static void test_periodic_with_batch(void **state)
{
    (void)state;
    /* P: period 10, exec 3, deadline 5; B: endless; RR quantum 4, no tick.
     * P 0-3 (resp 3); B 3-11 (two quanta); P 11-14 (4); B 14-22; P 22-25 (5,
     * on time); B 25-33; P 33-36 (6: a miss); B 36-40. */
    struct run *x = run_text("duration: 40ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                             "groups:\n"
                             "  - {name: p, behaviour: periodic, period: 10ms, exec: 3ms, "
                             "deadline: 5ms}\n"
                             "  - {name: b, behaviour: cpu-bound}\n",
                             "rr", NULL);
    assert_true(M(x, "jobs_done") == 4);
    assert_true(M(x, "deadline_misses") == 1);
    assert_true(M(x, "resp_max_ns") == 6e6);
    assert_true(M(x, "resp_p50_ns") == 4e6);
    assert_int_equal(x->r.tasks[0].cpu_time, 12 * MS);
    assert_int_equal(x->r.tasks[1].cpu_time, 28 * MS);
    assert_true(M(x, "utilization") == 1.0);
    done(x);
}

static void test_gas_throttle(void **state)
{
    (void)state;
    /* 2ms of gas every 10ms: runs 2ms, throttled 8ms, ten times. */
    struct run *x = run_text("duration: 100ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                             "gas:\n  - {name: g, refill: 2ms, period: 10ms}\n"
                             "groups:\n  - {behaviour: cpu-bound, gas: g}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].cpu_time, 20 * MS);
    assert_true(M(x, "gas_throttled_ns") == 80e6);
    assert_true(M(x, "gas_exhaustions") == 10);
    done(x);
}

static void test_gas_shared_across_cpus(void **state)
{
    (void)state;
    /* Two tasks of one account on two CPUs drain it together: 2ms of gas
     * per 10ms is 1ms each per period, never more (no overdraft). */
    struct run *x = run_text("duration: 100ms\nschedulers: [rr]\n"
                             "machine: {cpus: 2, quantum: 4ms, tick: 0}\n"
                             "gas:\n  - {name: g, refill: 2ms, period: 10ms}\n"
                             "groups:\n  - {behaviour: cpu-bound, gas: g, count: 2}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].cpu_time, 10 * MS);
    assert_int_equal(x->r.tasks[1].cpu_time, 10 * MS);
    assert_true(M(x, "gas_throttled_ns") == 2 * 90e6);
    done(x);
}

static void test_gas_kill_and_notify(void **state)
{
    (void)state;
    /* kill: the task is ended when its 2ms run dry; a second task of the
     * account that had not arrived yet is ended on arrival. */
    struct run *x = run_text("duration: 100ms\nschedulers: [rr]\n"
                             "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                             "gas:\n  - {name: g, refill: 2ms, period: 10ms, policy: kill}\n"
                             "groups:\n  - {behaviour: cpu-bound, gas: g}\n"
                             "  - {behaviour: cpu-bound, gas: g, arrival: [50ms]}\n",
                             "rr", NULL);
    assert_int_equal(x->r.tasks[0].cpu_time, 2 * MS);
    assert_int_equal(x->r.tasks[0].finish, 2 * MS);
    assert_int_equal(x->r.tasks[0].exit_status, 2);
    assert_int_equal(x->r.tasks[1].cpu_time, 0);
    assert_int_equal(x->r.tasks[1].exit_status, 2);
    done(x);
    /* notify: never stopped; one exhaustion per refill period. */
    x = run_text("duration: 100ms\nschedulers: [rr]\n"
                 "machine: {cpus: 1, quantum: 4ms, tick: 0}\n"
                 "gas:\n  - {name: g, refill: 2ms, period: 10ms, policy: notify}\n"
                 "groups:\n  - {behaviour: cpu-bound, gas: g}\n",
                 "rr", NULL);
    assert_int_equal(x->r.tasks[0].cpu_time, 100 * MS);
    assert_true(M(x, "gas_exhaustions") == 10);
    assert_true(M(x, "gas_throttled_ns") == 0);
    done(x);
}

static char *slurp(FILE *f, size_t *n)
{
    fflush(f);
    long len = ftell(f);
    char *b = malloc((size_t)len + 1);
    rewind(f);
    *n = fread(b, 1, (size_t)len, f);
    return b;
}

static void test_deterministic_trace(void **state)
{
    (void)state;
    const char *text = "duration: 300ms\nseeds: [42]\nschedulers: [rr]\n"
                       "machine: {cpus: 3, quantum: 2ms, context_switch: 10us}\n"
                       "groups:\n"
                       "  - {behaviour: interactive, count: 6, burst: exp(400us), "
                       "sleep: exp(3ms)}\n"
                       "  - {behaviour: cpu-bound, count: 4, work: exp(20ms), "
                       "arrival: poisson(10ms)}\n";
    FILE *a = tmpfile(), *b = tmpfile();
    struct run *x = run_text(text, "rr", a), *y = run_text(text, "rr", b);
    size_t na, nb;
    char *ba = slurp(a, &na), *bb = slurp(b, &nb);
    printf("seed 42: %zu trace bytes\n", na);
    assert_true(na > 10000);
    assert_true(na == nb && !memcmp(ba, bb, na));
    assert_true(M(x, "wake_p99_ns") == M(y, "wake_p99_ns"));
    free(ba);
    free(bb);
    fclose(a);
    fclose(b);
    done(x);
    done(y);
}

static void test_metric_primitives(void **state)
{
    (void)state;
    uint64_t v[100];
    for (int i = 0; i < 100; i++)
        v[i] = (uint64_t)i + 1;
    assert_int_equal(quant_rank(v, 100, 50, 100), 50);
    assert_int_equal(quant_rank(v, 100, 90, 100), 90);
    assert_int_equal(quant_rank(v, 100, 99, 100), 99);
    assert_int_equal(quant_rank(v, 100, 999, 1000), 100);
    assert_int_equal(quant_rank(v, 3, 50, 100), 2);
    assert_int_equal(quant_rank(v, 1, 999, 1000), 1);
    double ones[4] = {1, 1, 1, 1}, one[4] = {1, 0, 0, 0}, two[2] = {1, 2};
    assert_true(jain_index(ones, 4) == 1.0);
    assert_true(jain_index(one, 4) == 0.25);
    assert_true(jain_index(two, 2) == 0.9);
    double x[3] = {1, 2, 3}, mean, half;
    assert_int_equal(mean_ci95(x, 3, &mean, &half), 3);
    assert_true(mean == 2.0);
    assert_true(half > 2.4842 && half < 2.4846); /* 4.303 / sqrt(3) */
    assert_int_equal(mean_ci95(x, 1, &mean, &half), 1);
    assert_true(half == 0);
}

int main(void)
{
    sim_test_platform();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_task),
        cmocka_unit_test(test_round_robin_pair),
        cmocka_unit_test(test_lag_against_fluid_share),
        cmocka_unit_test(test_fluid_reference_on_two_cpus),
        cmocka_unit_test(test_context_switch_cost_and_tick),
        cmocka_unit_test(test_wakeup_preemption),
        cmocka_unit_test(test_interactive_bursts),
        cmocka_unit_test(test_periodic_with_batch),
        cmocka_unit_test(test_gas_throttle),
        cmocka_unit_test(test_gas_shared_across_cpus),
        cmocka_unit_test(test_gas_kill_and_notify),
        cmocka_unit_test(test_deterministic_trace),
        cmocka_unit_test(test_metric_primitives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
