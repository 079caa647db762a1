/*
 * Host test of kernel/lib/fmt.c, the formatter the kernel console and the
 * user runtime share: conversions, widths, padding, negative numbers and
 * truncation (never writing past the buffer, always NUL-terminated).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/fmt.h"

static void test_conversions(void **state)
{
    (void)state;
    char b[128];
    assert_int_equal(fmt_snprintf(b, sizeof b, "%d %i %u %x", -42, 7, 4000000000u, 0xbeefu), 21);
    assert_string_equal(b, "-42 7 4000000000 beef");
    fmt_snprintf(b, sizeof b, "%ld %lu %lx", (long)INT64_MIN, (unsigned long)UINT64_MAX,
                 (unsigned long)0xffffffff80100000ull);
    assert_string_equal(b, "-9223372036854775808 18446744073709551615 ffffffff80100000");
    fmt_snprintf(b, sizeof b, "[%s] [%c] [%%] [%p]", "ring3", 'x', (void *)0x400000);
    assert_string_equal(b, "[ring3] [x] [%] [0x400000]");
    const char *volatile none = 0; /* volatile: the NULL is the point of the test */
    fmt_snprintf(b, sizeof b, "%s", none);
    assert_string_equal(b, "(null)");
}

static void test_width_and_padding(void **state)
{
    (void)state;
    char b[64];
    fmt_snprintf(b, sizeof b, "%016lx|%5d|%05d|%6s|%2d", (unsigned long)0x2b, 42, -7, "ab", 12345);
    assert_string_equal(b, "000000000000002b|   42|-0007|    ab|12345");
}

static void test_truncation(void **state)
{
    (void)state;
    char b[8];
    memset(b, 'Z', sizeof b);
    int n = fmt_snprintf(b, 5, "%s", "abcdefgh");
    assert_int_equal(n, 8); /* the length it would have had */
    assert_string_equal(b, "abcd");
    assert_int_equal(b[5], 'Z'); /* nothing written past n */
    assert_int_equal(fmt_snprintf(b, 0, "xyz"), 3);
    assert_int_equal(b[0], 'a'); /* n = 0 writes nothing */
    assert_int_equal(fmt_snprintf(b, 1, "xyz"), 3);
    assert_string_equal(b, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_width_and_padding),
        cmocka_unit_test(test_truncation),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
