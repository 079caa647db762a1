/*
 * Sampling for ML-KEM (FIPS 203 section 4.2.2): the matrix entries of A-hat
 * by rejection from SHAKE128 (SampleNTT, Alg. 7) and the small noise
 * polynomials from SHAKE256 (PRF, section 4.1, then SamplePolyCBD, Alg. 8).
 * Called by mlkem_kpke.c.
 *
 * SampleNTT branches on its bytes, which is fine: they come from rho, a
 * public part of the encapsulation key. The noise comes from secret seeds
 * and is computed with shifts and masks only.
 */
#include "core/mem.h"
#include "core/sha3.h"
#include "mlkem_internal.h"

void mlkem_sample_ntt(struct mlkem_poly *a, const uint8_t rho[32], uint8_t x, uint8_t y)
{
    struct shake_ctx xof;
    uint8_t seed[34];
    uint8_t buf[SHAKE128_RATE]; /* 168 bytes = 56 whole 3-byte groups */
    unsigned n = 0;

    core_memcpy(seed, rho, 32);
    seed[32] = x;
    seed[33] = y;
    shake128_init(&xof);
    shake_absorb(&xof, seed, sizeof seed);
    while (n < MLKEM_N) {
        shake_squeeze(&xof, buf, sizeof buf);
        for (unsigned i = 0; i < sizeof buf && n < MLKEM_N; i += 3) {
            /* two 12-bit candidates per 3 bytes, each kept if below q */
            uint16_t d1 = (uint16_t)(buf[i] | ((buf[i + 1] & 0x0f) << 8));
            uint16_t d2 = (uint16_t)((buf[i + 1] >> 4) | (buf[i + 2] << 4));
            if (d1 < MLKEM_Q)
                a->c[n++] = (int16_t)d1;
            if (d2 < MLKEM_Q && n < MLKEM_N)
                a->c[n++] = (int16_t)d2;
        }
    }
}

/* eta = 2: every 4 bits give one coefficient (x1 + x2) - (y1 + y2). */
static void cbd2(struct mlkem_poly *p, const uint8_t buf[128])
{
    for (unsigned i = 0; i < MLKEM_N / 8; i++) {
        uint32_t w = (uint32_t)buf[4 * i] | (uint32_t)buf[4 * i + 1] << 8 |
                     (uint32_t)buf[4 * i + 2] << 16 | (uint32_t)buf[4 * i + 3] << 24;
        /* add adjacent bits: each 2-bit field of t holds a pair's sum */
        uint32_t t = (w & 0x55555555u) + ((w >> 1) & 0x55555555u);
        for (unsigned j = 0; j < 8; j++) {
            int32_t s = (int32_t)((t >> (4 * j)) & 3u);
            int32_t u = (int32_t)((t >> (4 * j + 2)) & 3u);
            p->c[8 * i + j] = (int16_t)(s - u);
        }
    }
}

/* eta = 3: every 6 bits give (x1 + x2 + x3) - (y1 + y2 + y3). */
static void cbd3(struct mlkem_poly *p, const uint8_t buf[192])
{
    for (unsigned i = 0; i < MLKEM_N / 4; i++) {
        uint32_t w =
            (uint32_t)buf[3 * i] | (uint32_t)buf[3 * i + 1] << 8 | (uint32_t)buf[3 * i + 2] << 16;
        uint32_t t = (w & 0x249249u) + ((w >> 1) & 0x249249u) + ((w >> 2) & 0x249249u);
        for (unsigned j = 0; j < 4; j++) {
            int32_t s = (int32_t)((t >> (6 * j)) & 7u);
            int32_t u = (int32_t)((t >> (6 * j + 3)) & 7u);
            p->c[4 * i + j] = (int16_t)(s - u);
        }
    }
}

void mlkem_sample_cbd(struct mlkem_poly *p, unsigned eta, const uint8_t seed[32], uint8_t n)
{
    /* PRF_eta(s, b) = SHAKE256(s || b, 64 eta) */
    uint8_t in[33];
    uint8_t buf[64 * 3];
    core_memcpy(in, seed, 32);
    in[32] = n;
    shake256(buf, 64 * eta, in, sizeof in);
    if (eta == 2)
        cbd2(p, buf);
    else
        cbd3(p, buf);
    core_wipe(in, sizeof in);
    core_wipe(buf, 64 * eta);
}
