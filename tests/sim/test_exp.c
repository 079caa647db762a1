/*
 * Experiment files: a complete file loads into the expected values (units,
 * distributions, arrivals, gas, sweep), and each kind of mistake is refused
 * with "file:line: what was expected" pointing at the offending line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim_test_util.h"

static void test_full_file(void **state)
{
    (void)state;
    static struct exp e;
    char err[512], path[256];
    const char *text = "# comment\n"
                       "name: full\n"
                       "duration: 1.5s\n"
                       "seeds: [4, 5]\n"
                       "schedulers: [rr]\n"
                       "machine:\n"
                       "  cpus: 8\n"
                       "  quantum: 2500us\n"
                       "  tick: 0\n"
                       "  context_switch: 3us\n"
                       "  balance: none\n"
                       "gas:\n"
                       "  - {name: g, refill: 2ms, period: 10ms, cap: 4ms, policy: kill}\n"
                       "groups:\n"
                       "  - name: web\n"
                       "    count: 3\n"
                       "    weight: 7\n"
                       "    gas: g\n"
                       "    behaviour: interactive\n"
                       "    burst: uniform(1ms, 3ms)\n"
                       "    sleep: exp(5ms)\n"
                       "    work: 40ms\n"
                       "  - name: rt\n"
                       "    behaviour: periodic\n"
                       "    period: 10ms\n"
                       "    exec: 2ms\n"
                       "    jobs: 5\n"
                       "    arrival: [0, 1ms, 2.5ms]\n"
                       "sweep:\n"
                       "  param: groups.web.weight\n"
                       "  values: [1, 2, 4]\n";
    assert_int_equal(load_text(&e, text, err, sizeof err, path, sizeof path), 0);
    assert_string_equal(e.name, "full");
    assert_int_equal(e.duration, 1500000000ull);
    assert_int_equal(e.nseeds, 2);
    assert_int_equal(e.seeds[1], 5);
    assert_int_equal(e.ncpu, 8);
    assert_int_equal(e.quantum, 2500000);
    assert_int_equal(e.tick, 0);
    assert_int_equal(e.cs_cost, 3000);
    assert_int_equal(e.balance, BAL_NONE);
    assert_int_equal(e.ngas, 1);
    assert_int_equal(e.gas[0].balance, 4000000); /* defaults to the cap */
    assert_int_equal(e.gas[0].policy, GASP_KILL);
    assert_int_equal(e.ngroups, 2);
    assert_int_equal(e.groups[0].weight, 7);
    assert_int_equal(e.groups[0].gas, 0);
    assert_int_equal(e.groups[0].burst.kind, DIST_UNIFORM);
    assert_true(e.groups[0].burst.b == 3e6);
    assert_int_equal(e.groups[0].endless, 0);
    assert_int_equal(e.groups[1].beh, BEH_PERIODIC);
    assert_int_equal(e.groups[1].deadline, 10000000); /* defaults to the period */
    assert_int_equal(e.groups[1].count, 3);           /* from the arrival list */
    assert_int_equal(e.groups[1].arr_times[2], 2500000);
    assert_int_equal(e.ntasks, 6);
    assert_int_equal(e.sweep.nvalues, 3);
    assert_int_equal(exp_set(&e, "groups.web.weight", "4", err, sizeof err), 0);
    assert_int_equal(e.groups[0].weight, 4);
    assert_int_equal(exp_set(&e, "machine.cpus", "0", err, sizeof err), -1);
    exp_free(&e);
    unlink(path);
}

/* Load text, expect failure at line, with `what` in the message. */
static void expect_error(const char *text, int line, const char *what)
{
    static struct exp e;
    char err[512], path[256], at[300];
    assert_int_equal(load_text(&e, text, err, sizeof err, path, sizeof path), -1);
    snprintf(at, sizeof at, "%s:%d: ", path, line);
    if (strncmp(err, at, strlen(at)) || !strstr(err, what))
        fail_msg("got '%s', wanted '%s...%s'", err, at, what);
    unlink(path);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    const char *head = "duration: 1s\nschedulers: [rr]\n";
    char buf[1024];
    snprintf(buf, sizeof buf,
             "%smachine:\n  cpus: 2\n  qantum: 4ms\ngroups:\n"
             "  - {behaviour: cpu-bound}\n",
             head);
    expect_error(buf, 5, "unknown key 'qantum' in machine");
    snprintf(buf, sizeof buf, "%sgroups:\n  - behaviour: interactive\n    burst: 3 parsecs\n",
             head);
    expect_error(buf, 5, "burst: expected a duration or a distribution");
    expect_error("duration: 1s\nschedulers: [rr, nosuch]\ngroups:\n  - {behaviour: cpu-bound}\n", 2,
                 "unknown scheduler 'nosuch'");
    snprintf(buf, sizeof buf,
             "%sgroups:\n  - behaviour: periodic\n    period: 1ms\n"
             "    exec: 2ms\n",
             head);
    expect_error(buf, 4, "exec must not exceed period");
    snprintf(buf, sizeof buf, "%sgroups:\n  - behaviour: cpu-bound\n    gas: nope\n", head);
    expect_error(buf, 5, "expected the name of an account");
    snprintf(buf, sizeof buf,
             "%sgroups:\n  - behaviour: cpu-bound\nsweep:\n"
             "  param: machine.cpus\n  values: [1, 0]\n",
             head);
    expect_error(buf, 7, "machine.cpus: expected 1..4096");
    snprintf(buf, sizeof buf, "%sgroups:\n  - behaviour: cpu-bound\n   count: 2\n", head);
    expect_error(buf, 5, "not valid YAML");
    expect_error("duration: 1s\ngroups:\n  - {behaviour: cpu-bound}\n", 1, "expected schedulers");
    snprintf(buf, sizeof buf, "%sgroups:\n  - behaviour: cpu-bound\n    count: -3\n", head);
    expect_error(buf, 5, "count: expected an integer in 1..10000000");
    snprintf(buf, sizeof buf, "%sgroups:\n  - behaviour: cpu-bound\n    arrival: poisson(x)\n",
             head);
    expect_error(buf, 5, "arrival: expected start, poisson(MEAN_GAP)");
    snprintf(buf, sizeof buf,
             "%sgroups:\n  - behaviour: cpu-bound\n    weight: 2\n"
             "    weight: 3\n",
             head);
    expect_error(buf, 6, "key 'weight' given twice");
}

static void test_scalars(void **state)
{
    (void)state;
    uint64_t v;
    assert_int_equal(exp_parse_duration("250", &v), 0);
    assert_int_equal(v, 250);
    assert_int_equal(exp_parse_duration("1.5us", &v), 0);
    assert_int_equal(v, 1500);
    assert_int_equal(exp_parse_duration("2s", &v), 0);
    assert_int_equal(v, 2000000000ull);
    assert_int_equal(exp_parse_duration("0.5ns", &v), -1); /* not whole ns */
    assert_int_equal(exp_parse_duration("-1ms", &v), -1);
    assert_int_equal(exp_parse_duration("3 ms", &v), -1);
    assert_int_equal(exp_parse_duration("", &v), -1);
    struct dist d;
    assert_int_equal(exp_parse_dist("exp(2ms)", &d), 0);
    assert_int_equal(d.kind, DIST_EXP);
    assert_true(d.a == 2e6);
    assert_int_equal(exp_parse_dist("normal(5ms, 1ms)", &d), 0);
    assert_int_equal(d.kind, DIST_NORMAL);
    assert_int_equal(exp_parse_dist("uniform(3ms,1ms)", &d), -1);
    assert_int_equal(exp_parse_dist("exp(2ms", &d), -1);
    assert_int_equal(exp_parse_dist("pareto(1ms)", &d), -1);
}

int main(void)
{
    sim_test_platform();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_scalars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
