/*
 * Private to libcore: the pieces ML-KEM (FIPS 203) is built from, shared by
 * the mlkem_*.c files and by the arithmetic unit tests. Layers, bottom up:
 *   mlkem_poly.c   - arithmetic mod q: reductions, NTT, products, poly ops
 *   mlkem_sample.c - SampleNTT (matrix entries) and SamplePolyCBD (noise)
 *   mlkem_encode.c - ByteEncode/ByteDecode, Compress/Decompress
 *   mlkem_kpke.c   - K-PKE KeyGen/Encrypt/Decrypt (FIPS 203 section 5)
 *   mlkem.c        - ML-KEM KeyGen/Encaps/Decaps with the input checks
 *   mlkem_sets.c   - the public per-parameter-set entry points
 * One implementation serves the three parameter sets: k and the other
 * parameters arrive at run time in struct mlkem_params, and every buffer is
 * sized for the largest set (k = 4), which bounds the stack.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MLKEM_N 256
#define MLKEM_Q 3329
#define MLKEM_K_MAX 4
#define MLKEM_POLY_BYTES 384 /* ByteEncode12 of one polynomial */
#define MLKEM_CT_MAX 1568    /* largest ciphertext (ML-KEM-1024) */

/* A parameter set (FIPS 203 Table 2); eta2 is 2 for all three. */
struct mlkem_params {
    unsigned k;      /* module rank: 2, 3, 4 */
    unsigned eta1;   /* noise width of s, e, y: 3, 2, 2 */
    unsigned du, dv; /* ciphertext compression: (10, 4), (10, 4), (11, 5) */
};

/* Sizes derived from a parameter set. */
#define MLKEM_EK_LEN(p) (384u * (p)->k + 32u)
#define MLKEM_DK_LEN(p) (768u * (p)->k + 96u)
#define MLKEM_CT_LEN(p) (32u * ((p)->du * (p)->k + (p)->dv))

/* A polynomial of R_q. Coefficients are int16 representatives whose range
 * each function states; "canonical" means 0 <= c < q. */
struct mlkem_poly {
    int16_t c[MLKEM_N];
};

/* ---- mlkem_poly.c ---- */
/* a * 2^-16 mod q, for |a| < q * 2^15; result in (-q, q). */
int16_t mlkem_montgomery_reduce(int32_t a);
/* a mod q for any int16 a; result in [-(q-1)/2, (q-1)/2]. */
int16_t mlkem_barrett_reduce(int16_t a);
/* Forward NTT (FIPS 203 Alg. 9) in place: input |c| < q, output reduced to
 * [-(q-1)/2, (q-1)/2]. */
void mlkem_ntt(struct mlkem_poly *p);
/* Inverse NTT (Alg. 10) in place, also multiplying by 2^16 to cancel the
 * 2^-16 that mlkem_poly_from_acc leaves: input |c| < q, output |c| < q. */
void mlkem_invntt(struct mlkem_poly *p);
/* acc += a (x) b, the NTT-domain product (Alg. 11/12) scaled by 2^-16 after
 * mlkem_poly_from_acc. Bounds: |a| < 2^12, |b| <= (q-1)/2; up to
 * MLKEM_K_MAX products may be accumulated. */
void mlkem_basemul_acc(int32_t acc[MLKEM_N], const struct mlkem_poly *a,
                       const struct mlkem_poly *b);
/* r = acc * 2^-16 mod q, |r| < q. */
void mlkem_poly_from_acc(struct mlkem_poly *r, const int32_t acc[MLKEM_N]);
/* r *= 2^16 mod q (undo the 2^-16 of a product); |r| < q after. */
void mlkem_poly_tomont(struct mlkem_poly *r);
/* r += a / r -= a, coefficient-wise, without reduction. */
void mlkem_poly_add(struct mlkem_poly *r, const struct mlkem_poly *a);
void mlkem_poly_sub(struct mlkem_poly *r, const struct mlkem_poly *a);
/* Reduce every coefficient to canonical [0, q). */
void mlkem_poly_freeze(struct mlkem_poly *r);

/* ---- mlkem_sample.c ---- */
/* SampleNTT(rho || x || y) (Alg. 7): a uniform NTT-domain polynomial, canonical. */
void mlkem_sample_ntt(struct mlkem_poly *a, const uint8_t rho[32], uint8_t x, uint8_t y);
/* SamplePolyCBD_eta(PRF_eta(seed, n)) (Alg. 8), eta in {2, 3}; |c| <= eta. */
void mlkem_sample_cbd(struct mlkem_poly *p, unsigned eta, const uint8_t seed[32], uint8_t n);

/* ---- mlkem_encode.c ---- */
/* Compress_d (d <= 11) of a canonical x, without division. */
uint16_t mlkem_compress(uint16_t x, unsigned d);
/* Decompress_d of y < 2^d; result canonical. */
uint16_t mlkem_decompress(uint16_t y, unsigned d);
/* ByteEncode12 of a canonical polynomial: 384 bytes. */
void mlkem_encode12(uint8_t out[MLKEM_POLY_BYTES], const struct mlkem_poly *p);
/* ByteDecode12 without the final mod q: coefficients in [0, 4096). */
void mlkem_decode12(struct mlkem_poly *p, const uint8_t in[MLKEM_POLY_BYTES]);
/* 1 if all 256 12-bit values in `in` are < q (the FIPS 203 7.2 modulus
 * check for one polynomial), else 0. Variable time: ek is public. */
int mlkem_check12(const uint8_t in[MLKEM_POLY_BYTES]);
/* ByteEncode_d(Compress_d(p)) of a canonical p: 32*d bytes. */
void mlkem_compress_encode(uint8_t *out, const struct mlkem_poly *p, unsigned d);
/* Decompress_d(ByteDecode_d(in)) from 32*d bytes; canonical. */
void mlkem_decode_decompress(struct mlkem_poly *p, const uint8_t *in, unsigned d);
/* Decompress_1(ByteDecode_1(m)) and ByteEncode_1(Compress_1(p)), p canonical. */
void mlkem_msg_to_poly(struct mlkem_poly *p, const uint8_t m[32]);
void mlkem_poly_to_msg(uint8_t m[32], const struct mlkem_poly *p);

/* ---- mlkem_kpke.c ---- */
/* K-PKE.KeyGen(d) (Alg. 13): ek (384k+32 bytes) and dk_pke (384k bytes). */
void mlkem_kpke_keygen(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk_pke,
                       const uint8_t d[32]);
/* K-PKE.Encrypt(ek, m, r) (Alg. 14) of a ciphertext c of MLKEM_CT_LEN bytes:
 * written to c_out if it is not NULL; if c_cmp is not NULL, compared with it
 * in constant time, and the OR of all byte differences returned (0 iff
 * c == c_cmp; 0 when c_cmp is NULL). ek must have passed the modulus check,
 * or come from a dk that passed the hash check. */
uint8_t mlkem_kpke_encrypt(const struct mlkem_params *prm, uint8_t *c_out, const uint8_t *c_cmp,
                           const uint8_t *ek, const uint8_t m[32], const uint8_t r[32]);
/* K-PKE.Decrypt(dk_pke, c) (Alg. 15). */
void mlkem_kpke_decrypt(const struct mlkem_params *prm, uint8_t m[32], const uint8_t *dk_pke,
                        const uint8_t *c);

/* ---- mlkem.c: ML-KEM for any parameter set (the core/mlkem.h contracts) ---- */
int mlkem_keygen_derand(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk,
                        const uint8_t d[32], const uint8_t z[32]);
int mlkem_encaps_derand(const struct mlkem_params *prm, uint8_t *c, uint8_t k[32],
                        const uint8_t *ek, const uint8_t m[32]);
int mlkem_decaps(const struct mlkem_params *prm, uint8_t k[32], const uint8_t *c,
                 const uint8_t *dk);
int mlkem_keygen(const struct mlkem_params *prm, uint8_t *ek, uint8_t *dk);
int mlkem_encaps(const struct mlkem_params *prm, uint8_t *c, uint8_t k[32], const uint8_t *ek);
