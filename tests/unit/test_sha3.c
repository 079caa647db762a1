/*
 * Tests for core/sha3.h: every record of the shared FIPS 202 vectors
 * (SHA3-256, SHA3-512, SHAKE128, SHAKE256), and the incremental SHAKE
 * interface against the one-shot calls for seeded random splits of input and
 * output across block boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/sha3.h"
#include "fake_platform.h"
#include "vectors.h"

static void hexdump_diff(const char *where, const uint8_t *got, const uint8_t *want, size_t n)
{
    if (memcmp(got, want, n) == 0)
        return;
    size_t i = 0;
    while (got[i] == want[i])
        i++;
    fail_msg("%s: output differs from the vector at byte %zu of %zu", where, i, n);
}

/* Run one vector file: `hash` gets (out, outlen, msg, msglen). */
static size_t run_file(const char *file, const char *outname, size_t fixed_len,
                       void (*hash)(uint8_t *, size_t, const uint8_t *, size_t))
{
    struct vec_file *v = vec_open(file);
    size_t n = 0;
    while (vec_next(v)) {
        size_t mlen, olen;
        const uint8_t *msg = vec_get(v, "msg", &mlen);
        const uint8_t *want = vec_get(v, outname, &olen);
        if (fixed_len)
            assert_int_equal(olen, fixed_len);
        uint8_t *got = malloc(olen + 1);
        assert_non_null(got);
        hash(got, olen, msg, mlen);
        hexdump_diff(vec_where(v), got, want, olen);
        free(got);
        n++;
    }
    vec_close(v);
    return n;
}

static void h256(uint8_t *o, size_t ol, const uint8_t *m, size_t ml)
{
    (void)ol;
    sha3_256(o, m, ml);
}

static void h512(uint8_t *o, size_t ol, const uint8_t *m, size_t ml)
{
    (void)ol;
    sha3_512(o, m, ml);
}

static void test_sha3_256_vectors(void **state)
{
    (void)state;
    assert_int_equal(run_file("sha3/sha3_256.txt", "md", 32, h256), 21);
}

static void test_sha3_512_vectors(void **state)
{
    (void)state;
    assert_int_equal(run_file("sha3/sha3_512.txt", "md", 64, h512), 21);
}

static void test_shake128_vectors(void **state)
{
    (void)state;
    assert_int_equal(run_file("sha3/shake128.txt", "out", 0, shake128), 84);
}

static void test_shake256_vectors(void **state)
{
    (void)state;
    assert_int_equal(run_file("sha3/shake256.txt", "out", 0, shake256), 84);
}

/* The known-answer anchors named in the vector README, typed in, so a broken
 * vector file cannot hide a broken hash. */
static void test_published_anchors(void **state)
{
    (void)state;
    uint8_t out[64];
    static const uint8_t e256[4] = {0xa7, 0xff, 0xc6, 0xf8};
    static const uint8_t abc256[4] = {0x3a, 0x98, 0x5d, 0xa7};
    static const uint8_t abc512[4] = {0xb7, 0x51, 0x85, 0x0b};
    sha3_256(out, (const uint8_t *)"", 0);
    assert_memory_equal(out, e256, 4);
    assert_int_equal(out[30], 0x43);
    assert_int_equal(out[31], 0x4a);
    sha3_256(out, (const uint8_t *)"abc", 3);
    assert_memory_equal(out, abc256, 4);
    sha3_512(out, (const uint8_t *)"abc", 3);
    assert_memory_equal(out, abc512, 4);
    static const uint8_t shake_empty[16] = {0x7f, 0x9c, 0x2b, 0xa4, 0xe8, 0x8f, 0x82, 0x7d,
                                            0x61, 0x60, 0x45, 0x50, 0x76, 0x05, 0x85, 0x3e};
    shake128(out, 16, NULL, 0);
    assert_memory_equal(out, shake_empty, 16);
}

/* Incremental absorb and squeeze in random pieces give the one-shot output. */
static void check_incremental(void (*init)(struct shake_ctx *),
                              void (*oneshot)(uint8_t *, size_t, const uint8_t *, size_t))
{
    enum { MSG = 1200, OUT = 1100 };
    static uint8_t msg[MSG], want[OUT], got[OUT];
    uint64_t seed = 0x5ea3;
    printf("incremental SHAKE seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    for (int trial = 0; trial < 200; trial++) {
        size_t mlen = (size_t)(fake_random_u64() % MSG);
        size_t olen = 1 + (size_t)(fake_random_u64() % (OUT - 1));
        for (size_t i = 0; i < mlen; i++)
            msg[i] = (uint8_t)fake_random_u64();
        oneshot(want, olen, msg, mlen);

        struct shake_ctx c;
        init(&c);
        for (size_t at = 0; at < mlen;) {
            size_t step = (size_t)(fake_random_u64() % 200);
            if (step > mlen - at)
                step = mlen - at;
            shake_absorb(&c, msg + at, step);
            at += step;
        }
        if (trial % 2)
            shake_finalize(&c); /* explicit or implied by the first squeeze */
        memset(got, 0, sizeof got);
        for (size_t at = 0; at < olen;) {
            size_t step = (size_t)(fake_random_u64() % 340);
            if (step > olen - at)
                step = olen - at;
            shake_squeeze(&c, got + at, step);
            at += step;
        }
        assert_memory_equal(got, want, olen);
        shake_wipe(&c);
        for (int i = 0; i < 25; i++)
            assert_true(c.s[i] == 0);
    }
}

static void test_shake128_incremental(void **state)
{
    (void)state;
    check_incremental(shake128_init, shake128);
}

static void test_shake256_incremental(void **state)
{
    (void)state;
    check_incremental(shake256_init, shake256);
}

/* Absorbing after squeezing is a caller bug and must stop loudly. */
static void test_absorb_after_squeeze_panics(void **state)
{
    (void)state;
    struct shake_ctx c;
    uint8_t b = 0;
    jmp_buf jb;
    shake128_init(&c);
    shake_squeeze(&c, &b, 1);
    fake_panic_jmp = &jb;
    if (setjmp(jb) == 0) {
        shake_absorb(&c, &b, 1);
        fake_panic_jmp = NULL;
        fail_msg("shake_absorb after squeeze did not panic");
    }
    fake_panic_jmp = NULL;
    assert_non_null(strstr(fake_panic_msg, "shake_absorb"));
}

/* A missing vector file is reported with its full path, not skipped. */
static void test_missing_vectors_named(void **state)
{
    (void)state;
    char err[1400];
    assert_null(vec_try_open("sha3/no_such_file.txt", err, sizeof err));
    assert_non_null(strstr(err, PHOENIX_SHARED_DIR "/testvectors/sha3/no_such_file.txt"));
    struct vec_file *v = vec_try_open("sha3/sha3_256.txt", err, sizeof err);
    assert_non_null(v);
    vec_close(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha3_256_vectors),
        cmocka_unit_test(test_sha3_512_vectors),
        cmocka_unit_test(test_shake128_vectors),
        cmocka_unit_test(test_shake256_vectors),
        cmocka_unit_test(test_published_anchors),
        cmocka_unit_test(test_shake128_incremental),
        cmocka_unit_test(test_shake256_incremental),
        cmocka_unit_test(test_absorb_after_squeeze_panics),
        cmocka_unit_test(test_missing_vectors_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
