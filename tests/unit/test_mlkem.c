/*
 * Tests for core/mlkem.h against the shared FIPS 203 vectors, for all three
 * parameter sets: ACVP keygen, encaps (with the Decaps round trip) and
 * decaps (including implicit rejection), the CCTV strcmp and unlucky
 * vectors, invalid encapsulation keys (modulus check) and invalid
 * decapsulation keys (hash check). Then seeded random round trips through
 * the randomized API, and the error contract (distinct codes, no writes on
 * failure). The 10,000-iteration accumulated test lives in tests/ct (built
 * at -O2) to keep the sanitized suite fast.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/mlkem.h"
#include "core/platform.h"
#include "core/sha3.h"
#include "fake_platform.h"
#include "vectors.h"

struct set {
    const char *name; /* file prefix, "mlkem768" */
    size_t ek_len, dk_len, ct_len;
    int (*keygen_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
    int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
    int (*keygen)(uint8_t *, uint8_t *);
    int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
};

static const struct set sets[3] = {
    {"mlkem512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES, mlkem512_keygen_derand,
     mlkem512_encaps_derand, mlkem512_decaps, mlkem512_keygen, mlkem512_encaps},
    {"mlkem768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, mlkem768_keygen_derand,
     mlkem768_encaps_derand, mlkem768_decaps, mlkem768_keygen, mlkem768_encaps},
    {"mlkem1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keygen_derand, mlkem1024_encaps_derand, mlkem1024_decaps, mlkem1024_keygen,
     mlkem1024_encaps},
};

#define EK_MAX MLKEM1024_EK_BYTES
#define DK_MAX MLKEM1024_DK_BYTES
#define CT_MAX MLKEM1024_CT_BYTES

static struct vec_file *open_set(const struct set *s, const char *what)
{
    char rel[128];
    snprintf(rel, sizeof rel, "mlkem/%s_%s.txt", s->name, what);
    return vec_open(rel);
}

static void expect_equal(const struct vec_file *v, const char *field, const uint8_t *got,
                         const uint8_t *want, size_t n)
{
    if (memcmp(got, want, n) != 0) {
        size_t i = 0;
        while (got[i] == want[i])
            i++;
        fail_msg("%s: %s differs from the vector at byte %zu of %zu", vec_where(v), field, i, n);
    }
}

/* Runs `what` for each set and checks the record count. */
static void each_set(void (*fn)(const struct set *, struct vec_file *), const char *what,
                     size_t expect_records)
{
    for (int i = 0; i < 3; i++) {
        struct vec_file *v = open_set(&sets[i], what);
        size_t n = 0;
        while (vec_next(v)) {
            fn(&sets[i], v);
            n++;
        }
        if (n != expect_records)
            fail_msg("%s_%s.txt: %zu records, expected %zu", sets[i].name, what, n, expect_records);
        vec_close(v);
    }
}

static void keygen_one(const struct set *s, struct vec_file *v)
{
    uint8_t ek[EK_MAX], dk[DK_MAX];
    const uint8_t *d = vec_get_len(v, "d", 32), *z = vec_get_len(v, "z", 32);
    assert_int_equal(s->keygen_derand(ek, dk, d, z), 0);
    expect_equal(v, "ek", ek, vec_get_len(v, "ek", s->ek_len), s->ek_len);
    expect_equal(v, "dk", dk, vec_get_len(v, "dk", s->dk_len), s->dk_len);
}

static void encaps_one(const struct set *s, struct vec_file *v)
{
    uint8_t c[CT_MAX], k[32], k2[32];
    const uint8_t *ek = vec_get_len(v, "ek", s->ek_len), *m = vec_get_len(v, "m", 32);
    assert_int_equal(s->encaps_derand(c, k, ek, m), 0);
    expect_equal(v, "c", c, vec_get_len(v, "c", s->ct_len), s->ct_len);
    expect_equal(v, "k", k, vec_get_len(v, "k", 32), 32);
    if (vec_has(v, "dk")) {
        assert_int_equal(s->decaps(k2, c, vec_get_len(v, "dk", s->dk_len)), 0);
        expect_equal(v, "k (decaps round trip)", k2, k, 32);
    }
}

static void decaps_one(const struct set *s, struct vec_file *v)
{
    uint8_t k[32];
    const uint8_t *dk = vec_get_len(v, "dk", s->dk_len), *c = vec_get_len(v, "c", s->ct_len);
    assert_int_equal(s->decaps(k, c, dk), 0);
    expect_equal(v, "k", k, vec_get_len(v, "k", 32), 32);
}

/* The expected k of a rejection record must be J(z || c); check it here too
 * so the strcmp vector really exercises the rejection path. */
static void decaps_reject_one(const struct set *s, struct vec_file *v)
{
    decaps_one(s, v);
    const uint8_t *dk = vec_get_len(v, "dk", s->dk_len), *c = vec_get_len(v, "c", s->ct_len);
    uint8_t zc[32 + CT_MAX], j[32];
    memcpy(zc, dk + s->dk_len - 32, 32);
    memcpy(zc + 32, c, s->ct_len);
    shake256(j, 32, zc, 32 + s->ct_len);
    expect_equal(v, "k (= J(z||c))", j, vec_get_len(v, "k", 32), 32);
}

static void ek_invalid_one(const struct set *s, struct vec_file *v)
{
    uint8_t c[CT_MAX], k[32], m[32] = {1};
    memset(c, 0xa5, sizeof c);
    memset(k, 0x5a, sizeof k);
    const uint8_t *ek = vec_get_len(v, "ek", s->ek_len);
    if (s->encaps_derand(c, k, ek, m) != MLKEM_E_EK_MODULUS)
        fail_msg("%s: encaps accepted an ek that fails the modulus check", vec_where(v));
    assert_int_equal(s->encaps(c, k, ek), MLKEM_E_EK_MODULUS);
    /* no side effects */
    for (size_t i = 0; i < sizeof c; i++)
        assert_int_equal(c[i], 0xa5);
    for (size_t i = 0; i < sizeof k; i++)
        assert_int_equal(k[i], 0x5a);
}

static void dk_invalid_one(const struct set *s, struct vec_file *v)
{
    uint8_t c[CT_MAX] = {0}, k[32];
    memset(k, 0x5a, sizeof k);
    const uint8_t *dk = vec_get_len(v, "dk", s->dk_len);
    if (s->decaps(k, c, dk) != MLKEM_E_DK_HASH)
        fail_msg("%s: decaps accepted a dk that fails the hash check", vec_where(v));
    for (size_t i = 0; i < sizeof k; i++)
        assert_int_equal(k[i], 0x5a);
}

static void test_keygen_vectors(void **state)
{
    (void)state;
    each_set(keygen_one, "keygen", 25);
}

static void test_encaps_vectors(void **state)
{
    (void)state;
    each_set(encaps_one, "encaps", 25);
}

static void test_decaps_vectors(void **state)
{
    (void)state;
    each_set(decaps_one, "decaps", 10);
}

static void test_strcmp_vectors(void **state)
{
    (void)state;
    each_set(decaps_reject_one, "decaps_cctv_strcmp", 1);
}

static void test_unlucky_vectors(void **state)
{
    (void)state;
    each_set(encaps_one, "encaps_cctv_unlucky", 1);
}

static void test_ek_invalid_vectors(void **state)
{
    (void)state;
    each_set(ek_invalid_one, "ek_invalid_cctv_modulus", 24);
}

static void test_dk_invalid_vectors(void **state)
{
    (void)state;
    each_set(dk_invalid_one, "dk_invalid_derived", 9);
}

/* Random keys through the randomized API: the shared key agrees, a flipped
 * ciphertext bit gives J(z || c') instead, and every call is deterministic
 * in the platform's seeded stream. */
static void test_random_round_trips(void **state)
{
    (void)state;
    const uint64_t seed = 20261120;
    printf("round-trip seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    for (int si = 0; si < 3; si++) {
        const struct set *s = &sets[si];
        for (int it = 0; it < 8; it++) {
            uint8_t ek[EK_MAX], dk[DK_MAX], c[CT_MAX], k1[32], k2[32], k3[32];
            assert_int_equal(s->keygen(ek, dk), 0);
            assert_int_equal(s->encaps(c, k1, ek), 0);
            assert_int_equal(s->decaps(k2, c, dk), 0);
            assert_memory_equal(k1, k2, 32);
            size_t bit = (size_t)(fake_random_u64() % (s->ct_len * 8));
            c[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            assert_int_equal(s->decaps(k3, c, dk), 0);
            assert_memory_not_equal(k1, k3, 32);
            uint8_t zc[32 + CT_MAX], j[32];
            memcpy(zc, dk + s->dk_len - 32, 32);
            memcpy(zc + 32, c, s->ct_len);
            shake256(j, 32, zc, 32 + s->ct_len);
            assert_memory_equal(k3, j, 32);
        }
    }
}

/* The randomized API draws d then z (keygen) and m (encaps) from the
 * platform: replaying the stream through the derand API gives the same. */
static void test_randomized_uses_platform_stream(void **state)
{
    (void)state;
    for (int si = 0; si < 3; si++) {
        const struct set *s = &sets[si];
        uint8_t ek[EK_MAX], dk[DK_MAX], ek2[EK_MAX], dk2[DK_MAX], c[CT_MAX], c2[CT_MAX];
        uint8_t k[32], k2[32], dz[64], m[32];
        fake_random_seed(77 + (uint64_t)si);
        assert_int_equal(s->keygen(ek, dk), 0);
        assert_int_equal(s->encaps(c, k, ek), 0);
        fake_random_seed(77 + (uint64_t)si);
        plat_random_bytes(dz, 32);
        plat_random_bytes(dz + 32, 32);
        plat_random_bytes(m, 32);
        assert_int_equal(s->keygen_derand(ek2, dk2, dz, dz + 32), 0);
        assert_int_equal(s->encaps_derand(c2, k2, ek2, m), 0);
        assert_memory_equal(ek, ek2, s->ek_len);
        assert_memory_equal(dk, dk2, s->dk_len);
        assert_memory_equal(c, c2, s->ct_len);
        assert_memory_equal(k, k2, 32);
    }
}

static void test_null_arguments(void **state)
{
    (void)state;
    uint8_t buf[DK_MAX] = {0}, k[32];
    for (int si = 0; si < 3; si++) {
        const struct set *s = &sets[si];
        assert_int_equal(s->keygen_derand(NULL, buf, buf, buf), MLKEM_E_NULL);
        assert_int_equal(s->keygen_derand(buf, buf, NULL, buf), MLKEM_E_NULL);
        assert_int_equal(s->encaps_derand(buf, k, NULL, buf), MLKEM_E_NULL);
        assert_int_equal(s->decaps(k, NULL, buf), MLKEM_E_NULL);
        assert_int_equal(s->decaps(k, buf, NULL), MLKEM_E_NULL);
        assert_int_equal(s->keygen(buf, NULL), MLKEM_E_NULL);
        assert_int_equal(s->encaps(buf, NULL, buf), MLKEM_E_NULL);
    }
    assert_string_equal(core_strerror(MLKEM_E_EK_MODULUS), "MLKEM_E_EK_MODULUS");
    assert_string_equal(core_strerror(MLKEM_E_DK_HASH), "MLKEM_E_DK_HASH");
    assert_string_equal(core_strerror(MLKEM_E_NULL), "MLKEM_E_NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keygen_vectors),
        cmocka_unit_test(test_encaps_vectors),
        cmocka_unit_test(test_decaps_vectors),
        cmocka_unit_test(test_strcmp_vectors),
        cmocka_unit_test(test_unlucky_vectors),
        cmocka_unit_test(test_ek_invalid_vectors),
        cmocka_unit_test(test_dk_invalid_vectors),
        cmocka_unit_test(test_random_round_trips),
        cmocka_unit_test(test_randomized_uses_platform_stream),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
