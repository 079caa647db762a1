/*
 * Arithmetic in R_q = Z_q[X]/(X^256 + 1), q = 3329, for ML-KEM (FIPS 203
 * section 4.3): modular reductions, the number-theoretic transform and its
 * inverse, and products in the NTT domain. Called by mlkem_kpke.c.
 *
 * Coefficients are int16. Products use Montgomery reduction with R = 2^16
 * (a * R^-1 mod q from a 32-bit a, two multiplications and a shift) and sums
 * are brought back with Barrett reduction: both are straight-line arithmetic
 * with no branch or table look-up on the value, so everything here runs in
 * time independent of the (secret) coefficients. The bound each function
 * needs and gives is stated in mlkem_internal.h and checked exhaustively or
 * by stress in tests/unit/test_mlkem_arith.c.
 *
 * Right shifts of negative int32 are arithmetic here, as on every compiler
 * libcore supports (GCC and Clang define it so).
 */
#include "mlkem_internal.h"

#define QINV 62209u     /* q^-1 mod 2^16 */
#define BARRETT_V 20159 /* round(2^26 / q) */
#define MONT_R2 1353    /* 2^32 mod q: fqmul by it multiplies by 2^16 */
#define INV_F 1441      /* 2^32 / 128 mod q: scales the inverse NTT and adds 2^16 */

/* zetas[i] = 17^BitRev7(i) * 2^16 mod q, centred: the twiddle factors of
 * Algorithms 9 and 10 in Montgomery form (so fqmul by one is a plain
 * multiplication by 17^BitRev7(i)). Computed from the definition. */
/* clang-format off: eight per row reads better than the formatter's fill */
static const int16_t zetas[128] = {
    -1044, -758,  -359,  -1517, 1493,  1422,  287,   202,   -171,  622,   1577,  182,   962,
    -1202, -1474, 1468,  573,   -1325, 264,   383,   -829,  1458,  -1602, -130,  -681,  1017,
    732,   608,   -1542, 411,   -205,  -1571, 1223,  652,   -552,  1015,  -1293, 1491,  -282,
    -1544, 516,   -8,    -320,  -666,  -1618, -1162, 126,   1469,  -853,  -90,   -271,  830,
    107,   -1421, -247,  -951,  -398,  961,   -1508, -725,  448,   -1065, 677,   -1275, -1103,
    430,   555,   843,   -1251, 871,   1550,  105,   422,   587,   177,   -235,  -291,  -460,
    1574,  1653,  -246,  778,   1159,  -147,  -777,  1483,  -602,  1119,  -1590, 644,   -872,
    349,   418,   329,   -156,  -75,   817,   1097,  603,   610,   1322,  -1285, -1465, 384,
    -1215, -136,  1218,  -1335, -874,  220,   -1187, -1659, -1185, -1530, -1278, 794,   -1510,
    -854,  -870,  478,   -108,  -308,  996,   991,   958,   -1460, 1522,  1628,
};
/* clang-format on */

/* gammas[i] = 17^(2 BitRev7(i) + 1) * 2^16 mod q, centred: the moduli
 * X^2 - gamma of the degree-2 factors in BaseCaseMultiply (Alg. 12). */
/* clang-format off */
static const int16_t gammas[128] = {
    -1103, 1103, 430, -430, 555, -555, 843, -843,
    -1251, 1251, 871, -871, 1550, -1550, 105, -105,
    422, -422, 587, -587, 177, -177, -235, 235,
    -291, 291, -460, 460, 1574, -1574, 1653, -1653,
    -246, 246, 778, -778, 1159, -1159, -147, 147,
    -777, 777, 1483, -1483, -602, 602, 1119, -1119,
    -1590, 1590, 644, -644, -872, 872, 349, -349,
    418, -418, 329, -329, -156, 156, -75, 75,
    817, -817, 1097, -1097, 603, -603, 610, -610,
    1322, -1322, -1285, 1285, -1465, 1465, 384, -384,
    -1215, 1215, -136, 136, 1218, -1218, -1335, 1335,
    -874, 874, 220, -220, -1187, 1187, -1659, 1659,
    -1185, 1185, -1530, 1530, -1278, 1278, 794, -794,
    -1510, 1510, -854, 854, -870, 870, 478, -478,
    -108, 108, -308, 308, 996, -996, 991, -991,
    958, -958, -1460, 1460, 1522, -1522, 1628, -1628,
};
/* clang-format on */

int16_t mlkem_montgomery_reduce(int32_t a)
{
    /* t = a * q^-1 mod 2^16 (as a signed value), so a - t*q is divisible by
     * 2^16 and |a - t*q| < q * 2^16 when |a| < q * 2^15. */
    int16_t t = (int16_t)(uint16_t)((uint32_t)a * QINV);
    return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

int16_t mlkem_barrett_reduce(int16_t a)
{
    /* t = round(a / q) via the fixed-point reciprocal; a - t*q is then the
     * centred residue (exhaustively tested for all int16). */
    int32_t t = (BARRETT_V * (int32_t)a + (1 << 25)) >> 26;
    return (int16_t)(a - t * MLKEM_Q);
}

static inline int16_t fqmul(int16_t a, int16_t b)
{
    return mlkem_montgomery_reduce((int32_t)a * b);
}

void mlkem_ntt(struct mlkem_poly *p)
{
    int16_t *r = p->c;
    unsigned i = 1;
    /* Cooley-Tukey butterflies; each layer grows |c| by at most q, so from
     * |c| < q the seven layers stay below 8q < 2^15 without reduction. */
    for (unsigned len = 128; len >= 2; len >>= 1) {
        for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
            int16_t zeta = zetas[i++];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = fqmul(zeta, r[j + len]);
                r[j + len] = (int16_t)(r[j] - t);
                r[j] = (int16_t)(r[j] + t);
            }
        }
    }
    for (unsigned j = 0; j < MLKEM_N; j++)
        r[j] = mlkem_barrett_reduce(r[j]);
}

void mlkem_invntt(struct mlkem_poly *p)
{
    int16_t *r = p->c;
    unsigned i = 127;
    /* Gentleman-Sande butterflies; the sum is Barrett-reduced each layer and
     * the difference goes through fqmul, so |c| < q holds throughout. */
    for (unsigned len = 2; len <= 128; len <<= 1) {
        for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
            int16_t zeta = zetas[i--];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = r[j];
                r[j] = mlkem_barrett_reduce((int16_t)(t + r[j + len]));
                r[j + len] = fqmul(zeta, (int16_t)(r[j + len] - t));
            }
        }
    }
    /* 128^-1 of Alg. 10, times 2^16 to cancel the product's 2^-16. */
    for (unsigned j = 0; j < MLKEM_N; j++)
        r[j] = fqmul(r[j], INV_F);
}

void mlkem_basemul_acc(int32_t acc[MLKEM_N], const struct mlkem_poly *a, const struct mlkem_poly *b)
{
    /* BaseCaseMultiply: (a0 + a1 X)(b0 + b1 X) mod (X^2 - gamma). The sums
     * are kept unreduced in 32 bits: each term is below 2^12 * 1665 +
     * q * 1665 < 1.4e7, and four products stay below q * 2^15, the input
     * bound of the final Montgomery reduction. a1*b1 is reduced first so the
     * gamma factor (in Montgomery form) restores the common 2^-16 scale. */
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        int32_t a0 = a->c[2 * i], a1 = a->c[2 * i + 1];
        int32_t b0 = b->c[2 * i], b1 = b->c[2 * i + 1];
        int32_t a1b1 = mlkem_montgomery_reduce(a1 * b1);
        acc[2 * i] += a0 * b0 + a1b1 * gammas[i];
        acc[2 * i + 1] += a0 * b1 + a1 * b0;
    }
}

void mlkem_poly_from_acc(struct mlkem_poly *r, const int32_t acc[MLKEM_N])
{
    for (unsigned j = 0; j < MLKEM_N; j++)
        r->c[j] = mlkem_montgomery_reduce(acc[j]);
}

void mlkem_poly_tomont(struct mlkem_poly *r)
{
    for (unsigned j = 0; j < MLKEM_N; j++)
        r->c[j] = fqmul(r->c[j], MONT_R2);
}

void mlkem_poly_add(struct mlkem_poly *r, const struct mlkem_poly *a)
{
    for (unsigned j = 0; j < MLKEM_N; j++)
        r->c[j] = (int16_t)(r->c[j] + a->c[j]);
}

void mlkem_poly_sub(struct mlkem_poly *r, const struct mlkem_poly *a)
{
    for (unsigned j = 0; j < MLKEM_N; j++)
        r->c[j] = (int16_t)(r->c[j] - a->c[j]);
}

void mlkem_poly_freeze(struct mlkem_poly *r)
{
    for (unsigned j = 0; j < MLKEM_N; j++) {
        int16_t x = mlkem_barrett_reduce(r->c[j]);
        /* add q exactly when x is negative: the sign bit as a mask */
        x = (int16_t)(x + ((x >> 15) & MLKEM_Q));
        r->c[j] = x;
    }
}
