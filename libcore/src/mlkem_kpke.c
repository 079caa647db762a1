/*
 * K-PKE, the IND-CPA public-key encryption inside ML-KEM (FIPS 203 section
 * 5, Algorithms 13-15), for any k. Called by mlkem.c only.
 *
 * Memory: the k x k matrix A-hat is never stored. Each entry is sampled when
 * it is needed and multiplied into a 32-bit accumulator right away, so the
 * largest frame holds one secret vector (k <= 4 polynomials), the
 * accumulator and two scratch polynomials: about 4.2 KiB for every k. The
 * ciphertext leaves one compressed polynomial at a time, either into the
 * caller's buffer or (for the re-encryption check of decapsulation) into a
 * constant-time comparison with the received ciphertext, so decapsulation
 * needs no second ciphertext buffer. Every buffer that held secret material
 * is wiped before returning.
 */
#include "core/mem.h"
#include "core/sha3.h"
#include "ct_seam.h"
#include "mlkem_internal.h"

/* Secret scratch of the three algorithms, kept together so one wipe clears it. */
struct kpke_scratch {
    struct mlkem_poly vec[MLKEM_K_MAX]; /* s-hat (keygen) or y-hat (encrypt) */
    struct mlkem_poly a, t;
    int32_t acc[MLKEM_N];
};

static void acc_clear(int32_t acc[MLKEM_N])
{
    for (unsigned j = 0; j < MLKEM_N; j++)
        acc[j] = 0;
}

void mlkem_kpke_keygen(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk_pke,
                       const uint8_t d[32])
{
    const unsigned k = prm->k;
    struct kpke_scratch w;
    uint8_t in[33], rho_sigma[64];
    const uint8_t *rho = rho_sigma, *sigma = rho_sigma + 32;

    /* (rho, sigma) = G(d || k): the final standard's domain separation. */
    core_memcpy(in, d, 32);
    in[32] = (uint8_t)k;
    sha3_512(rho_sigma, in, sizeof in);
    CORE_DECLASSIFY(rho_sigma, 32); /* rho is published in ek */

    for (unsigned i = 0; i < k; i++) {
        mlkem_sample_cbd(&w.vec[i], prm->eta1, sigma, (uint8_t)i);
        mlkem_ntt(&w.vec[i]);
    }
    for (unsigned i = 0; i < k; i++) {
        /* t-hat[i] = sum_j A-hat[i][j] s-hat[j] + e-hat[i],
         * with A-hat[i][j] = SampleNTT(rho || j || i). */
        acc_clear(w.acc);
        for (unsigned j = 0; j < k; j++) {
            mlkem_sample_ntt(&w.a, rho, (uint8_t)j, (uint8_t)i);
            mlkem_basemul_acc(w.acc, &w.a, &w.vec[j]);
        }
        mlkem_poly_from_acc(&w.t, w.acc);
        mlkem_poly_tomont(&w.t);
        mlkem_sample_cbd(&w.a, prm->eta1, sigma, (uint8_t)(k + i));
        mlkem_ntt(&w.a);
        mlkem_poly_add(&w.t, &w.a);
        mlkem_poly_freeze(&w.t);
        mlkem_encode12(ek + MLKEM_POLY_BYTES * i, &w.t);
    }
    core_memcpy(ek + MLKEM_POLY_BYTES * k, rho, 32);
    for (unsigned i = 0; i < k; i++) {
        mlkem_poly_freeze(&w.vec[i]);
        mlkem_encode12(dk_pke + MLKEM_POLY_BYTES * i, &w.vec[i]);
    }
    core_wipe(&w, sizeof w);
    core_wipe(in, sizeof in);
    core_wipe(rho_sigma, sizeof rho_sigma);
}

/* Hand one compressed polynomial (n bytes at offset off of the ciphertext)
 * to the output, or fold its difference from the expected ciphertext into
 * *diff. The branch is on which mode the caller chose, never on data. */
static void emit(uint8_t *c_out, const uint8_t *c_cmp, uint8_t *diff, size_t off,
                 const uint8_t *chunk, size_t n)
{
    if (c_out)
        core_memcpy(c_out + off, chunk, n);
    if (c_cmp) {
        for (size_t i = 0; i < n; i++)
            *diff |= (uint8_t)(chunk[i] ^ c_cmp[off + i]);
    }
}

uint8_t mlkem_kpke_encrypt(const struct mlkem_params *prm, uint8_t *c_out, const uint8_t *c_cmp,
                           const uint8_t *ek, const uint8_t m[32], const uint8_t r[32])
{
    const unsigned k = prm->k;
    const uint8_t *rho = ek + MLKEM_POLY_BYTES * k;
    struct kpke_scratch w;
    uint8_t chunk[32 * 11]; /* one compressed polynomial, d <= 11 */
    uint8_t diff = 0;

    for (unsigned i = 0; i < k; i++) {
        mlkem_sample_cbd(&w.vec[i], prm->eta1, r, (uint8_t)i);
        mlkem_ntt(&w.vec[i]);
    }
    for (unsigned i = 0; i < k; i++) {
        /* u[i] = NTT^-1(sum_j A-hat[j][i] y-hat[j]) + e1[i]: the transpose,
         * so the entry is SampleNTT(rho || i || j). */
        acc_clear(w.acc);
        for (unsigned j = 0; j < k; j++) {
            mlkem_sample_ntt(&w.a, rho, (uint8_t)i, (uint8_t)j);
            mlkem_basemul_acc(w.acc, &w.a, &w.vec[j]);
        }
        mlkem_poly_from_acc(&w.t, w.acc);
        mlkem_invntt(&w.t);
        mlkem_sample_cbd(&w.a, 2, r, (uint8_t)(k + i));
        mlkem_poly_add(&w.t, &w.a);
        mlkem_poly_freeze(&w.t);
        mlkem_compress_encode(chunk, &w.t, prm->du);
        emit(c_out, c_cmp, &diff, 32 * prm->du * i, chunk, 32 * prm->du);
    }
    /* v = NTT^-1(t-hat . y-hat) + e2 + Decompress_1(m) */
    acc_clear(w.acc);
    for (unsigned j = 0; j < k; j++) {
        mlkem_decode12(&w.a, ek + MLKEM_POLY_BYTES * j);
        mlkem_basemul_acc(w.acc, &w.a, &w.vec[j]);
    }
    mlkem_poly_from_acc(&w.t, w.acc);
    mlkem_invntt(&w.t);
    mlkem_sample_cbd(&w.a, 2, r, (uint8_t)(2 * k));
    mlkem_poly_add(&w.t, &w.a);
    mlkem_msg_to_poly(&w.a, m);
    mlkem_poly_add(&w.t, &w.a);
    mlkem_poly_freeze(&w.t);
    mlkem_compress_encode(chunk, &w.t, prm->dv);
    emit(c_out, c_cmp, &diff, 32 * prm->du * k, chunk, 32 * prm->dv);
    core_wipe(&w, sizeof w);
    core_wipe(chunk, sizeof chunk);
    return diff;
}

void mlkem_kpke_decrypt(const struct mlkem_params *prm, uint8_t m[32], const uint8_t *dk_pke,
                        const uint8_t *c)
{
    const unsigned k = prm->k;
    struct mlkem_poly a, s;
    int32_t acc[MLKEM_N];

    /* w = v' - NTT^-1(s-hat . NTT(u')) */
    acc_clear(acc);
    for (unsigned i = 0; i < k; i++) {
        mlkem_decode_decompress(&a, c + 32 * prm->du * i, prm->du);
        mlkem_ntt(&a);
        mlkem_decode12(&s, dk_pke + MLKEM_POLY_BYTES * i);
        mlkem_basemul_acc(acc, &s, &a);
    }
    mlkem_poly_from_acc(&s, acc);
    mlkem_invntt(&s);
    mlkem_decode_decompress(&a, c + 32 * prm->du * k, prm->dv);
    mlkem_poly_sub(&a, &s);
    mlkem_poly_freeze(&a);
    mlkem_poly_to_msg(m, &a);
    core_wipe(&a, sizeof a);
    core_wipe(&s, sizeof s);
    core_wipe(acc, sizeof acc);
}
