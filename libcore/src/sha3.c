/*
 * The Keccak sponge (FIPS 202, section 4) and the SHA-3 / SHAKE functions of
 * core/sha3.h built on it. The permutation itself is in keccak.c. Callers:
 * ML-KEM (mlkem_*.c) and whoever derives keys.
 *
 * Bytes are XORed into and read out of the 64-bit lanes little-endian, so the
 * code is correct on any host byte order. Whole blocks and aligned runs go
 * lane by lane; only the ragged ends go byte by byte.
 */
#include "core/sha3.h"

#include "core/mem.h"
#include "core/platform.h"
#include "keccak.h"

/* Domain separation bits plus the first bit of pad10*1 (FIPS 202 B.2). */
#define DS_SHA3 0x06u
#define DS_SHAKE 0x1fu

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void store64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void sponge_init(struct shake_ctx *c, uint32_t rate, uint8_t dsbyte)
{
    for (int i = 0; i < 25; i++)
        c->s[i] = 0;
    c->rate = rate;
    c->pos = 0;
    c->dsbyte = dsbyte;
    c->squeezing = 0;
}

void shake128_init(struct shake_ctx *c)
{
    sponge_init(c, SHAKE128_RATE, DS_SHAKE);
}

void shake256_init(struct shake_ctx *c)
{
    sponge_init(c, SHAKE256_RATE, DS_SHAKE);
}

void shake_absorb(struct shake_ctx *c, const uint8_t *in, size_t len)
{
    if (c->squeezing)
        plat_panic("shake_absorb: already squeezing");
    while (len > 0) {
        if (c->pos == 0 && len >= c->rate) {
            /* A whole block straight from the input. */
            for (uint32_t i = 0; i < c->rate / 8; i++)
                c->s[i] ^= load64(in + 8 * i);
            keccak_f1600(c->s);
            in += c->rate;
            len -= c->rate;
            continue;
        }
        if (c->pos % 8 == 0 && len >= 8) {
            /* a whole lane */
            c->s[c->pos / 8] ^= load64(in);
            in += 8;
            len -= 8;
            c->pos += 8;
        } else {
            c->s[c->pos / 8] ^= (uint64_t)*in++ << (8 * (c->pos % 8));
            len--;
            c->pos++;
        }
        if (c->pos == c->rate) {
            keccak_f1600(c->s);
            c->pos = 0;
        }
    }
}

void shake_finalize(struct shake_ctx *c)
{
    if (c->squeezing)
        return;
    /* pad10*1 after the domain bits; when pos == rate - 1 both land in the
     * same byte, which the XORs handle. */
    c->s[c->pos / 8] ^= (uint64_t)c->dsbyte << (8 * (c->pos % 8));
    c->s[(c->rate - 1) / 8] ^= 0x80ull << (8 * ((c->rate - 1) % 8));
    keccak_f1600(c->s);
    c->pos = 0;
    c->squeezing = 1;
}

void shake_squeeze(struct shake_ctx *c, uint8_t *out, size_t len)
{
    shake_finalize(c);
    while (len > 0) {
        if (c->pos == c->rate) {
            keccak_f1600(c->s);
            c->pos = 0;
        }
        if (c->pos == 0 && len >= c->rate) {
            for (uint32_t i = 0; i < c->rate / 8; i++)
                store64(out + 8 * i, c->s[i]);
            out += c->rate;
            len -= c->rate;
            c->pos = c->rate;
            continue;
        }
        if (c->pos % 8 == 0 && len >= 8) {
            store64(out, c->s[c->pos / 8]);
            out += 8;
            len -= 8;
            c->pos += 8;
            continue;
        }
        *out++ = (uint8_t)(c->s[c->pos / 8] >> (8 * (c->pos % 8)));
        len--;
        c->pos++;
    }
}

void shake_wipe(struct shake_ctx *c)
{
    core_wipe(c, sizeof *c);
}

/* One-shot: absorb everything, squeeze outlen bytes, wipe the state. */
static void sponge_oneshot(uint32_t rate, uint8_t ds, uint8_t *out, size_t outlen,
                           const uint8_t *in, size_t inlen)
{
    struct shake_ctx c;
    sponge_init(&c, rate, ds);
    shake_absorb(&c, in, inlen);
    shake_squeeze(&c, out, outlen);
    shake_wipe(&c);
}

void sha3_256(uint8_t out[32], const uint8_t *in, size_t len)
{
    sponge_oneshot(SHA3_256_RATE, DS_SHA3, out, 32, in, len);
}

void sha3_512(uint8_t out[64], const uint8_t *in, size_t len)
{
    sponge_oneshot(SHA3_512_RATE, DS_SHA3, out, 64, in, len);
}

void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    sponge_oneshot(SHAKE128_RATE, DS_SHAKE, out, outlen, in, inlen);
}

void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    sponge_oneshot(SHAKE256_RATE, DS_SHAKE, out, outlen, in, inlen);
}
