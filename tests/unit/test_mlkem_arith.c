/*
 * Tests for ML-KEM's internal arithmetic and encodings (the private
 * mlkem_internal.h): the reductions and Compress exhaustively over their
 * whole input ranges, NTT products against schoolbook multiplication in
 * Z_q[X]/(X^256 + 1), the worst-case accumulator bounds, the bit packers
 * against a bit-by-bit ByteEncode, and the samplers against direct
 * transcriptions of FIPS 203 Algorithms 7 and 8. Seeded; the seed is printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../libcore/src/mlkem_internal.h"
#include "core/sha3.h"
#include "fake_platform.h"

#define Q MLKEM_Q

static int32_t mod_q(int64_t x)
{
    int64_t r = x % Q;
    return (int32_t)(r < 0 ? r + Q : r);
}

static int32_t pow_q(int64_t b, int64_t e)
{
    int64_t r = 1;
    b = mod_q(b);
    while (e) {
        if (e & 1)
            r = r * b % Q;
        b = b * b % Q;
        e >>= 1;
    }
    return (int32_t)r;
}

static const int32_t R_INV = 169; /* 2^-16 mod q */

static void test_barrett_exhaustive(void **state)
{
    (void)state;
    for (int32_t a = INT16_MIN; a <= INT16_MAX; a++) {
        int16_t r = mlkem_barrett_reduce((int16_t)a);
        if (r < -(Q - 1) / 2 || r > (Q - 1) / 2 || mod_q(r) != mod_q(a))
            fail_msg("barrett(%d) = %d", a, r);
    }
}

static void test_montgomery_range(void **state)
{
    (void)state;
    assert_int_equal(mod_q((int64_t)65536 * R_INV), 1);
    const int32_t lim = Q * 32768 - 1;
    /* Every 97th value across the whole allowed input range, plus the ends. */
    for (int64_t a = -lim; a <= lim; a += 97) {
        int16_t r = mlkem_montgomery_reduce((int32_t)a);
        if (r <= -Q || r >= Q || mod_q(r) != mod_q(a * R_INV))
            fail_msg("montgomery(%lld) = %d", (long long)a, r);
    }
    assert_int_equal(mod_q(mlkem_montgomery_reduce(lim)), mod_q((int64_t)lim * R_INV));
    assert_int_equal(mod_q(mlkem_montgomery_reduce(-lim)), mod_q((int64_t)-lim * R_INV));
}

static void test_compress_exhaustive(void **state)
{
    (void)state;
    static const unsigned ds[] = {1, 4, 5, 10, 11};
    for (unsigned di = 0; di < 5; di++) {
        unsigned d = ds[di];
        for (uint32_t x = 0; x < Q; x++) {
            /* round(x 2^d / q) = floor((2 x 2^d + q) / 2q), then mod 2^d */
            uint32_t want = ((2 * (x << d) + Q) / (2 * Q)) & ((1u << d) - 1);
            if (mlkem_compress((uint16_t)x, d) != want)
                fail_msg("compress_%u(%u) = %u, want %u", d, x, mlkem_compress((uint16_t)x, d),
                         want);
        }
        for (uint32_t y = 0; y < (1u << d); y++) {
            uint32_t want = (2 * y * Q + (1u << d)) / (2u << d);
            assert_int_equal(mlkem_decompress((uint16_t)y, d), want);
            assert_true(want < Q);
        }
    }
}

static void random_poly(struct mlkem_poly *p, int32_t lo, int32_t hi)
{
    for (int i = 0; i < MLKEM_N; i++)
        p->c[i] = (int16_t)(lo + (int32_t)(fake_random_u64() % (uint64_t)(hi - lo + 1)));
}

/* Schoolbook product in Z_q[X]/(X^256 + 1). */
static void schoolbook(int32_t out[MLKEM_N], const struct mlkem_poly *a, const struct mlkem_poly *b)
{
    int64_t t[MLKEM_N] = {0};
    for (int i = 0; i < MLKEM_N; i++) {
        for (int j = 0; j < MLKEM_N; j++) {
            int64_t p = (int64_t)a->c[i] * b->c[j];
            if (i + j < MLKEM_N)
                t[i + j] += p;
            else
                t[i + j - MLKEM_N] -= p;
        }
    }
    for (int i = 0; i < MLKEM_N; i++)
        out[i] = mod_q(t[i]);
}

static void test_ntt_product_matches_schoolbook(void **state)
{
    (void)state;
    const uint64_t seed = 9001;
    printf("ntt seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    for (int trial = 0; trial < 20; trial++) {
        struct mlkem_poly a, b, ah, bh, c;
        int32_t want[MLKEM_N], acc[MLKEM_N] = {0};
        random_poly(&a, -(Q - 1), Q - 1); /* the NTT accepts |c| < q */
        random_poly(&b, -(Q - 1), Q - 1);
        schoolbook(want, &a, &b);
        ah = a;
        bh = b;
        mlkem_ntt(&ah);
        mlkem_ntt(&bh);
        for (int i = 0; i < MLKEM_N; i++)
            assert_true(ah.c[i] >= -(Q - 1) / 2 && ah.c[i] <= (Q - 1) / 2);
        mlkem_basemul_acc(acc, &ah, &bh);
        mlkem_poly_from_acc(&c, acc);
        mlkem_invntt(&c);
        for (int i = 0; i < MLKEM_N; i++)
            assert_true(c.c[i] > -Q && c.c[i] < Q);
        mlkem_poly_freeze(&c);
        for (int i = 0; i < MLKEM_N; i++)
            assert_int_equal(c.c[i], want[i]);
    }
}

/* NTT(a)[2i] + NTT(a)[2i+1] X = a mod (X^2 - zeta^(2 BitRev7(i) + 1)). */
static void test_ntt_matches_definition(void **state)
{
    (void)state;
    fake_random_seed(4242);
    struct mlkem_poly a, ah;
    random_poly(&a, 0, Q - 1);
    ah = a;
    mlkem_ntt(&ah);
    for (int i = 0; i < 128; i++) {
        int br = 0;
        for (int b = 0; b < 7; b++)
            br |= ((i >> b) & 1) << (6 - b);
        int64_t g = pow_q(17, 2 * br + 1);
        int64_t e0 = 0, e1 = 0, gp = 1; /* sum a[2j] g^j, sum a[2j+1] g^j */
        for (int j = 0; j < 128; j++) {
            e0 = (e0 + a.c[2 * j] * gp) % Q;
            e1 = (e1 + a.c[2 * j + 1] * gp) % Q;
            gp = gp * g % Q;
        }
        assert_int_equal(mod_q(ah.c[2 * i]), e0);
        assert_int_equal(mod_q(ah.c[2 * i + 1]), e1);
    }
}

/* The documented worst case of basemul_acc: |a| < 2^12, |b| <= (q-1)/2,
 * four products accumulated, stays exact. */
static void test_basemul_worst_case_bounds(void **state)
{
    (void)state;
    struct mlkem_poly a, b, r;
    int32_t acc[MLKEM_N] = {0};
    int64_t want0 = 0, want1 = 0;
    for (int i = 0; i < MLKEM_N; i++) {
        a.c[i] = 4095;
        b.c[i] = (int16_t)(i % 2 ? -(Q - 1) / 2 : (Q - 1) / 2);
    }
    for (int k = 0; k < MLKEM_K_MAX; k++)
        mlkem_basemul_acc(acc, &a, &b);
    mlkem_poly_from_acc(&r, acc);
    /* pair 0: gamma_0 = 17^1 */
    int64_t g = 17;
    want0 = 4 * ((int64_t)4095 * 1664 + (int64_t)4095 * -1664 * g);
    want1 = 4 * ((int64_t)4095 * -1664 + (int64_t)4095 * 1664);
    /* r is the product times 2^-16 */
    assert_int_equal(mod_q(r.c[0]), mod_q(mod_q(want0) * R_INV));
    assert_int_equal(mod_q(r.c[1]), mod_q(mod_q(want1) * R_INV));
    for (int i = 0; i < MLKEM_N; i++)
        assert_true(r.c[i] > -Q && r.c[i] < Q);
}

/* ByteEncode_d bit by bit, straight from Alg. 5. */
static void naive_encode(uint8_t *out, const uint16_t *v, unsigned d)
{
    memset(out, 0, 32 * d);
    for (unsigned i = 0; i < MLKEM_N; i++)
        for (unsigned j = 0; j < d; j++)
            out[(i * d + j) / 8] |= (uint8_t)(((v[i] >> j) & 1u) << ((i * d + j) % 8));
}

static void test_encodings_match_bitwise(void **state)
{
    (void)state;
    fake_random_seed(77);
    static const unsigned ds[] = {1, 4, 5, 10, 11, 12};
    for (unsigned di = 0; di < 6; di++) {
        unsigned d = ds[di];
        for (int trial = 0; trial < 10; trial++) {
            struct mlkem_poly p, back;
            uint16_t v[MLKEM_N];
            uint8_t got[384], want[384];
            random_poly(&p, 0, Q - 1);
            for (int i = 0; i < MLKEM_N; i++)
                v[i] = d == 12 ? (uint16_t)p.c[i] : mlkem_compress((uint16_t)p.c[i], d);
            naive_encode(want, v, d);
            if (d == 12) {
                mlkem_encode12(got, &p);
                mlkem_decode12(&back, got);
                assert_memory_equal(back.c, p.c, sizeof p.c);
                assert_int_equal(mlkem_check12(got), 1);
            } else if (d == 1) {
                mlkem_poly_to_msg(got, &p);
                mlkem_msg_to_poly(&back, got);
                for (int i = 0; i < MLKEM_N; i++)
                    assert_int_equal(back.c[i], mlkem_decompress(v[i], 1));
            } else {
                mlkem_compress_encode(got, &p, d);
                mlkem_decode_decompress(&back, got, d);
                for (int i = 0; i < MLKEM_N; i++)
                    assert_int_equal(back.c[i], mlkem_decompress(v[i], d));
            }
            assert_memory_equal(got, want, 32 * d);
        }
    }
    /* The modulus check rejects exactly the values q..4095. */
    struct mlkem_poly p;
    uint8_t buf[384];
    for (int i = 0; i < MLKEM_N; i++)
        p.c[i] = Q - 1;
    mlkem_encode12(buf, &p);
    assert_int_equal(mlkem_check12(buf), 1);
    p.c[255] = Q;
    mlkem_encode12(buf, &p);
    assert_int_equal(mlkem_check12(buf), 0);
}

/* Alg. 7 transcribed: 3 bytes at a time from the XOF stream. */
static void naive_sample_ntt(int16_t out[MLKEM_N], const uint8_t rho[32], uint8_t x, uint8_t y)
{
    struct shake_ctx c;
    uint8_t seed[34], b[3];
    memcpy(seed, rho, 32);
    seed[32] = x;
    seed[33] = y;
    shake128_init(&c);
    shake_absorb(&c, seed, 34);
    int j = 0;
    while (j < MLKEM_N) {
        shake_squeeze(&c, b, 3);
        int d1 = b[0] + 256 * (b[1] % 16), d2 = b[1] / 16 + 16 * b[2];
        if (d1 < Q)
            out[j++] = (int16_t)d1;
        if (d2 < Q && j < MLKEM_N)
            out[j++] = (int16_t)d2;
    }
}

static void test_sample_ntt_matches_algorithm(void **state)
{
    (void)state;
    fake_random_seed(5);
    for (int trial = 0; trial < 16; trial++) {
        uint8_t rho[32];
        for (int i = 0; i < 32; i++)
            rho[i] = (uint8_t)fake_random_u64();
        struct mlkem_poly a;
        int16_t want[MLKEM_N];
        uint8_t x = (uint8_t)(trial % 4), y = (uint8_t)(trial / 4);
        mlkem_sample_ntt(&a, rho, x, y);
        naive_sample_ntt(want, rho, x, y);
        assert_memory_equal(a.c, want, sizeof want);
    }
}

static void test_cbd_matches_algorithm(void **state)
{
    (void)state;
    fake_random_seed(6);
    for (unsigned eta = 2; eta <= 3; eta++) {
        for (int trial = 0; trial < 8; trial++) {
            uint8_t s[33], b[192];
            for (int i = 0; i < 32; i++)
                s[i] = (uint8_t)fake_random_u64();
            s[32] = (uint8_t)trial;
            struct mlkem_poly p;
            mlkem_sample_cbd(&p, eta, s, (uint8_t)trial);
            shake256(b, 64 * eta, s, 33);
            for (unsigned i = 0; i < MLKEM_N; i++) {
                int x = 0, y = 0;
                for (unsigned j = 0; j < eta; j++) {
                    unsigned bx = 2 * i * eta + j, by = 2 * i * eta + eta + j;
                    x += (b[bx / 8] >> (bx % 8)) & 1;
                    y += (b[by / 8] >> (by % 8)) & 1;
                }
                assert_int_equal(p.c[i], x - y);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_barrett_exhaustive),
        cmocka_unit_test(test_montgomery_range),
        cmocka_unit_test(test_compress_exhaustive),
        cmocka_unit_test(test_ntt_product_matches_schoolbook),
        cmocka_unit_test(test_ntt_matches_definition),
        cmocka_unit_test(test_basemul_worst_case_bounds),
        cmocka_unit_test(test_encodings_match_bitwise),
        cmocka_unit_test(test_sample_ntt_matches_algorithm),
        cmocka_unit_test(test_cbd_matches_algorithm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
