/*
 * Tests for core/trace.h and core/mem.h: the text form of every record kind,
 * buffer-size handling, emission through the platform sink, and the byte
 * helpers every module builds on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/mem.h"
#include "core/trace.h"
#include "fake_platform.h"

static void test_format_switch(void **state)
{
    (void)state;
    struct core_trace_rec r = {.time_ns = 1500, .kind = TR_SCHED_SWITCH, .cpu = 3,
                               .a = 7, .b = 2, .c = 1};
    char buf[128];
    int n = core_trace_format(buf, sizeof buf, &r);
    assert_string_equal(buf, "1500 sched.switch cpu=3 task=7 prev=2 policy=1");
    assert_int_equal(n, (int)strlen(buf));
}

static void test_format_all_kinds_named(void **state)
{
    (void)state;
    char buf[256];
    for (unsigned k = 1; k < TR_KIND_COUNT; k++) {
        struct core_trace_rec r = {.time_ns = UINT64_MAX, .kind = (uint16_t)k, .cpu = 65535,
                                   .a = UINT64_MAX, .b = UINT64_MAX, .c = UINT64_MAX,
                                   .d = UINT64_MAX};
        assert_non_null(core_trace_kind_name(k));
        assert_true(core_trace_format(buf, sizeof buf, &r) > 0);
        /* The kind name is the second field. */
        assert_non_null(strstr(buf, core_trace_kind_name(k)));
    }
}

static void test_format_rejects_unknown_and_short(void **state)
{
    (void)state;
    char buf[16];
    struct core_trace_rec r = {.kind = TR_KIND_COUNT};
    assert_int_equal(core_trace_format(buf, sizeof buf, &r), -1);
    assert_string_equal(buf, "");
    r.kind = TR_GAS_CHARGE;
    r.time_ns = 123456789;
    assert_int_equal(core_trace_format(buf, sizeof buf, &r), -1);
    assert_string_equal(buf, "");
    assert_int_equal(core_trace_format(buf, 0, &r), -1);
}

static void test_emit_goes_to_sink_with_time(void **state)
{
    (void)state;
    fake_trace_reset();
    fake_time_set(42);
    core_trace(TR_GAS_REFILL, 1, 9, 100, 250, 0);
    assert_int_equal(fake_trace_count(), 1);
    assert_int_equal(fake_trace_count_kind(TR_GAS_REFILL), 1);
    const struct core_trace_rec *r = fake_trace_at(0);
    assert_non_null(r);
    assert_int_equal(r->time_ns, 42);
    assert_int_equal(r->a, 9);
    assert_int_equal(r->c, 250);
}

static void test_mem_helpers(void **state)
{
    (void)state;
    uint8_t a[16], b[16];
    for (int i = 0; i < 16; i++)
        a[i] = (uint8_t)i;
    core_memcpy(b, a, 16);
    assert_memory_equal(a, b, 16);
    assert_int_equal(core_memcmp(a, b, 16), 0);
    assert_int_equal(core_ct_equal(a, b, 16), 1);
    b[15] ^= 0x80;
    assert_int_equal(core_ct_equal(a, b, 16), 0);
    assert_true(core_memcmp(a, b, 16) < 0);
    core_memmove(a + 1, a, 15); /* overlapping, forward */
    assert_int_equal(a[1], 0);
    assert_int_equal(a[15], 14);
    core_memmove(a, a + 1, 15); /* overlapping, backward */
    assert_int_equal(a[0], 0);
    assert_int_equal(a[14], 14);
    core_memset(b, 0xab, 16);
    assert_int_equal(b[7], 0xab);
    core_wipe(b, 16);
    for (int i = 0; i < 16; i++)
        assert_int_equal(b[i], 0);
    assert_string_equal(core_strerror(CORE_E_FULL), "CORE_E_FULL");
    assert_string_equal(core_strerror(12345), "CORE_E_UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_switch),
        cmocka_unit_test(test_format_all_kinds_named),
        cmocka_unit_test(test_format_rejects_unknown_and_short),
        cmocka_unit_test(test_emit_goes_to_sink_with_time),
        cmocka_unit_test(test_mem_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
