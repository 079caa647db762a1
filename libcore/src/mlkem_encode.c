/*
 * Encodings for ML-KEM (FIPS 203 section 4.2.1): ByteEncode_d/ByteDecode_d
 * (Alg. 5, 6) and Compress_d/Decompress_d. Called by mlkem_kpke.c (and the
 * modulus check of mlkem.c).
 *
 * Compression of secret-dependent values must not divide by q (division time
 * can depend on the operands), so Compress_d uses a fixed-point reciprocal:
 * floor(n / q) = (n * 10321340) >> 35 for every n < 2^23, which covers
 * n = x * 2^d + (q-1)/2 for d <= 11 (tested exhaustively).
 */
#include "mlkem_internal.h"

#define RECIP_Q 10321340u /* ceil(2^35 / q) */

uint16_t mlkem_compress(uint16_t x, unsigned d)
{
    /* round(x * 2^d / q) = floor((x * 2^d + (q-1)/2) / q) for odd q */
    uint64_t n = ((uint64_t)x << d) + (MLKEM_Q - 1) / 2;
    uint64_t quot = (n * RECIP_Q) >> 35;
    return (uint16_t)(quot & ((1u << d) - 1u));
}

uint16_t mlkem_decompress(uint16_t y, unsigned d)
{
    /* round(y * q / 2^d), ties upward as in FIPS 203 */
    return (uint16_t)(((uint32_t)y * MLKEM_Q + (1u << (d - 1))) >> d);
}

void mlkem_encode12(uint8_t out[MLKEM_POLY_BYTES], const struct mlkem_poly *p)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        uint16_t a = (uint16_t)p->c[2 * i], b = (uint16_t)p->c[2 * i + 1];
        out[3 * i] = (uint8_t)a;
        out[3 * i + 1] = (uint8_t)((a >> 8) | (b << 4));
        out[3 * i + 2] = (uint8_t)(b >> 4);
    }
}

void mlkem_decode12(struct mlkem_poly *p, const uint8_t in[MLKEM_POLY_BYTES])
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        p->c[2 * i] = (int16_t)(in[3 * i] | ((in[3 * i + 1] & 0x0f) << 8));
        p->c[2 * i + 1] = (int16_t)((in[3 * i + 1] >> 4) | (in[3 * i + 2] << 4));
    }
}

int mlkem_check12(const uint8_t in[MLKEM_POLY_BYTES])
{
    struct mlkem_poly p;
    mlkem_decode12(&p, in);
    for (unsigned i = 0; i < MLKEM_N; i++) {
        if (p.c[i] >= MLKEM_Q)
            return 0;
    }
    return 1;
}

void mlkem_compress_encode(uint8_t *out, const struct mlkem_poly *p, unsigned d)
{
    /* Pack d-bit values little-endian; the loop shape depends on d only. */
    uint32_t acc = 0;
    unsigned bits = 0;
    for (unsigned i = 0; i < MLKEM_N; i++) {
        acc |= (uint32_t)mlkem_compress((uint16_t)p->c[i], d) << bits;
        bits += d;
        while (bits >= 8) {
            *out++ = (uint8_t)acc;
            acc >>= 8;
            bits -= 8;
        }
    }
}

void mlkem_decode_decompress(struct mlkem_poly *p, const uint8_t *in, unsigned d)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    uint32_t mask = (1u << d) - 1u;
    for (unsigned i = 0; i < MLKEM_N; i++) {
        while (bits < d) {
            acc |= (uint32_t)*in++ << bits;
            bits += 8;
        }
        p->c[i] = (int16_t)mlkem_decompress((uint16_t)(acc & mask), d);
        acc >>= d;
        bits -= d;
    }
}

void mlkem_msg_to_poly(struct mlkem_poly *p, const uint8_t m[32])
{
    /* Decompress_1(bit) = bit * (q+1)/2, selected with a mask, not a branch. */
    for (unsigned i = 0; i < MLKEM_N; i++) {
        uint32_t bit = ((uint32_t)m[i / 8] >> (i % 8)) & 1u;
        p->c[i] = (int16_t)((0u - bit) & ((MLKEM_Q + 1u) / 2u));
    }
}

void mlkem_poly_to_msg(uint8_t m[32], const struct mlkem_poly *p)
{
    for (unsigned i = 0; i < 32; i++) {
        uint8_t byte = 0;
        for (unsigned j = 0; j < 8; j++)
            byte |= (uint8_t)(mlkem_compress((uint16_t)p->c[8 * i + j], 1) << j);
        m[i] = byte;
    }
}
