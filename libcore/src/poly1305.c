/*
 * The Poly1305 one-time authenticator of RFC 8439 (section 2.5): the
 * message, in 16-byte blocks each with a 1 appended, as the coefficients of
 * a polynomial evaluated at r modulo p = 2^130 - 5, plus s. Used by aead.c.
 *
 * Numbers mod p are five 26-bit limbs in 32-bit words, so every product
 * fits in 64 bits without 128-bit arithmetic. Since 2^130 = 5 (mod p), a
 * product's limbs above 2^130 fold back multiplied by 5 (the r*5 terms).
 * The final reduction to [0, p) selects h or h - p with a mask, so nothing
 * branches on the key or the message.
 */
#include "core/aead.h"

#include "core/mem.h"

#define M26 0x3ffffffu

static uint32_t load32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Split a 16-byte little-endian number into 26-bit limbs. */
static void limbs(uint32_t l[5], const uint8_t b[16])
{
    uint32_t t0 = load32(b), t1 = load32(b + 4), t2 = load32(b + 8), t3 = load32(b + 12);
    l[0] = t0 & M26;
    l[1] = ((t0 >> 26) | (t1 << 6)) & M26;
    l[2] = ((t1 >> 20) | (t2 << 12)) & M26;
    l[3] = ((t2 >> 14) | (t3 << 18)) & M26;
    l[4] = t3 >> 8;
}

void poly1305_init(struct poly1305_ctx *c, const uint8_t key[32])
{
    uint8_t r[16];
    core_memcpy(r, key, 16);
    /* clamp (2.5): top four bits of r[3,7,11,15], low two of r[4,8,12] */
    r[3] &= 15, r[7] &= 15, r[11] &= 15, r[15] &= 15;
    r[4] &= 252, r[8] &= 252, r[12] &= 252;
    limbs(c->r, r);
    for (int i = 0; i < 5; i++)
        c->h[i] = 0;
    for (int i = 0; i < 4; i++)
        c->s[i] = load32(key + 16 + 4 * i);
    c->used = 0;
    core_wipe(r, sizeof r);
}

/* h = (h + block + hibit * 2^128) * r mod p, partially reduced (limbs just
 * above 2^26 at most). */
static void block(struct poly1305_ctx *c, const uint8_t b[16], uint32_t hibit)
{
    uint32_t m[5];
    limbs(m, b);
    uint64_t h0 = c->h[0] + m[0], h1 = c->h[1] + m[1], h2 = c->h[2] + m[2];
    uint64_t h3 = c->h[3] + m[3], h4 = c->h[4] + m[4] + ((uint64_t)hibit << 24);
    uint64_t r0 = c->r[0], r1 = c->r[1], r2 = c->r[2], r3 = c->r[3], r4 = c->r[4];
    uint64_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;

    /* limbs below 2^27 times r below 2^26 * 5: each sum stays below 2^59 */
    uint64_t d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
    uint64_t d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
    uint64_t d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
    uint64_t d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
    uint64_t d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

    /* carry through the limbs; what leaves the top re-enters times 5 */
    d1 += d0 >> 26;
    d2 += d1 >> 26;
    d3 += d2 >> 26;
    d4 += d3 >> 26;
    uint64_t t0 = (d0 & M26) + (d4 >> 26) * 5;
    c->h[0] = (uint32_t)(t0 & M26);
    c->h[1] = (uint32_t)((d1 & M26) + (t0 >> 26));
    c->h[2] = (uint32_t)(d2 & M26);
    c->h[3] = (uint32_t)(d3 & M26);
    c->h[4] = (uint32_t)(d4 & M26);
}

void poly1305_update(struct poly1305_ctx *c, const uint8_t *m, size_t len)
{
    if (c->used > 0) {
        while (c->used < 16 && len > 0) {
            c->buf[c->used++] = *m++;
            len--;
        }
        if (c->used < 16)
            return;
        block(c, c->buf, 1);
        c->used = 0;
    }
    while (len >= 16) {
        block(c, m, 1);
        m += 16;
        len -= 16;
    }
    while (len > 0) {
        c->buf[c->used++] = *m++;
        len--;
    }
}

void poly1305_final(struct poly1305_ctx *c, uint8_t tag[16])
{
    if (c->used > 0) {
        /* the last, short block: append 0x01, zero-fill, no 2^128 bit */
        c->buf[c->used] = 1;
        for (size_t i = c->used + 1; i < 16; i++)
            c->buf[i] = 0;
        block(c, c->buf, 0);
    }
    uint32_t h0 = c->h[0], h1 = c->h[1], h2 = c->h[2], h3 = c->h[3], h4 = c->h[4];
    /* full carry: now h < 2^130 + 2^27 */
    h2 += h1 >> 26, h1 &= M26;
    h3 += h2 >> 26, h2 &= M26;
    h4 += h3 >> 26, h3 &= M26;
    h0 += (h4 >> 26) * 5, h4 &= M26;
    h1 += h0 >> 26, h0 &= M26;

    /* g = h + 5 - 2^130; if it does not borrow, h >= p and g = h - p */
    uint32_t g0 = h0 + 5, g1, g2, g3, g4;
    g1 = h1 + (g0 >> 26), g0 &= M26;
    g2 = h2 + (g1 >> 26), g1 &= M26;
    g3 = h3 + (g2 >> 26), g2 &= M26;
    g4 = h4 + (g3 >> 26) - (1u << 26), g3 &= M26;
    uint32_t take_g = (g4 >> 31) - 1u; /* all ones when there was no borrow */
    h0 = (h0 & ~take_g) | (g0 & take_g);
    h1 = (h1 & ~take_g) | (g1 & take_g);
    h2 = (h2 & ~take_g) | (g2 & take_g);
    h3 = (h3 & ~take_g) | (g3 & take_g);
    h4 = (h4 & ~take_g) | (g4 & take_g);

    /* tag = (h + s) mod 2^128, assembled 32 bits at a time with additive
     * carries (so a limb that is exactly 2^26 still lands right) */
    uint64_t f = (uint64_t)h0 + ((uint64_t)h1 << 26) + c->s[0];
    uint32_t w[4];
    w[0] = (uint32_t)f;
    f = (f >> 32) + ((uint64_t)h2 << 20) + c->s[1];
    w[1] = (uint32_t)f;
    f = (f >> 32) + ((uint64_t)h3 << 14) + c->s[2];
    w[2] = (uint32_t)f;
    f = (f >> 32) + ((uint64_t)h4 << 8) + c->s[3];
    w[3] = (uint32_t)f;
    for (int i = 0; i < 4; i++) {
        tag[4 * i] = (uint8_t)w[i];
        tag[4 * i + 1] = (uint8_t)(w[i] >> 8);
        tag[4 * i + 2] = (uint8_t)(w[i] >> 16);
        tag[4 * i + 3] = (uint8_t)(w[i] >> 24);
    }
    core_wipe(c, sizeof *c);
}

void poly1305(uint8_t tag[16], const uint8_t *m, size_t len, const uint8_t key[32])
{
    struct poly1305_ctx c;
    poly1305_init(&c, key);
    poly1305_update(&c, m, len);
    poly1305_final(&c, tag);
}
