/*
 * A minimal platform (core/platform.h) for the tests/ct programs, which link
 * the unsanitized core_ct library and run under valgrind, so they cannot use
 * the sanitized fake platform of tests/support. Random bytes come from a
 * fixed xorshift stream and are marked undefined for memcheck: everything
 * the randomized ML-KEM API draws is treated as secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

#include "core/platform.h"

static uint64_t state = 0x9e3779b97f4a7c15ull;

_Noreturn void plat_panic(const char *msg)
{
    fprintf(stderr, "libcore panic: %s\n", msg);
    abort();
}

void plat_log(const char *msg)
{
    fprintf(stderr, "libcore: %s\n", msg);
}

uint64_t plat_now_ns(void)
{
    return 0;
}

void plat_random_bytes(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        buf[i] = (uint8_t)state;
    }
    VALGRIND_MAKE_MEM_UNDEFINED(buf, len);
}

void plat_trace(const struct core_trace_rec *rec)
{
    (void)rec;
}
