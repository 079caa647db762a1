/*
 * The ChaCha20 stream cipher of RFC 8439 (sections 2.1-2.4): the quarter
 * round, the 20-round block function and the counter-mode XOR. Used by
 * aead.c for both the one-time Poly1305 key and the encryption.
 *
 * Only 32-bit additions, XORs and fixed rotations: constant time for any
 * key and data. The state is kept in 16 locals so the compiler can hold it
 * in registers; key-stream blocks are wiped after use.
 */
#include "core/aead.h"

#include "core/mem.h"

#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

/* a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12; ... (2.1) */
#define QR(a, b, c, d)                                                                             \
    do {                                                                                           \
        a += b, d ^= a, d = ROTL32(d, 16);                                                         \
        c += d, b ^= c, b = ROTL32(b, 12);                                                         \
        a += b, d ^= a, d = ROTL32(d, 8);                                                          \
        c += d, b ^= c, b = ROTL32(b, 7);                                                          \
    } while (0)

static uint32_t load32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

void chacha20_quarter_round(uint32_t v[4])
{
    uint32_t a = v[0], b = v[1], c = v[2], d = v[3];
    QR(a, b, c, d);
    v[0] = a, v[1] = b, v[2] = c, v[3] = d;
}

/* The initial state (2.3): "expand 32-byte k" | key | counter | nonce. */
static void setup(uint32_t in[16], const uint8_t key[32], uint32_t counter, const uint8_t nonce[12])
{
    in[0] = 0x61707865u, in[1] = 0x3320646eu, in[2] = 0x79622d32u, in[3] = 0x6b206574u;
    for (int i = 0; i < 8; i++)
        in[4 + i] = load32(key + 4 * i);
    in[12] = counter;
    for (int i = 0; i < 3; i++)
        in[13 + i] = load32(nonce + 4 * i);
}

/* out = 20 rounds of in, plus in (the block function on words). */
static void rounds(uint32_t out[16], const uint32_t in[16])
{
    uint32_t x0 = in[0], x1 = in[1], x2 = in[2], x3 = in[3], x4 = in[4], x5 = in[5];
    uint32_t x6 = in[6], x7 = in[7], x8 = in[8], x9 = in[9], x10 = in[10], x11 = in[11];
    uint32_t x12 = in[12], x13 = in[13], x14 = in[14], x15 = in[15];
    for (int i = 0; i < 10; i++) {
        /* column round */
        QR(x0, x4, x8, x12);
        QR(x1, x5, x9, x13);
        QR(x2, x6, x10, x14);
        QR(x3, x7, x11, x15);
        /* diagonal round */
        QR(x0, x5, x10, x15);
        QR(x1, x6, x11, x12);
        QR(x2, x7, x8, x13);
        QR(x3, x4, x9, x14);
    }
    out[0] = x0 + in[0], out[1] = x1 + in[1], out[2] = x2 + in[2], out[3] = x3 + in[3];
    out[4] = x4 + in[4], out[5] = x5 + in[5], out[6] = x6 + in[6], out[7] = x7 + in[7];
    out[8] = x8 + in[8], out[9] = x9 + in[9], out[10] = x10 + in[10], out[11] = x11 + in[11];
    out[12] = x12 + in[12], out[13] = x13 + in[13], out[14] = x14 + in[14];
    out[15] = x15 + in[15];
}

void chacha20_block(uint8_t out[64], const uint8_t key[32], uint32_t counter,
                    const uint8_t nonce[12])
{
    uint32_t in[16], x[16];
    setup(in, key, counter, nonce);
    rounds(x, in);
    for (int i = 0; i < 16; i++)
        store32(out + 4 * i, x[i]);
    core_wipe(in, sizeof in);
    core_wipe(x, sizeof x);
}

void chacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                  uint32_t counter, const uint8_t nonce[12])
{
    /* The state is set up once and only its counter word moves (RFC 8439
     * section 3); the key stream is wiped once at the end. */
    uint32_t st[16], ks[16];
    uint8_t tail[64];
    setup(st, key, counter, nonce);
    while (len >= 64) {
        rounds(ks, st);
        st[12]++;
        for (int i = 0; i < 16; i++)
            store32(out + 4 * i, load32(in + 4 * i) ^ ks[i]);
        out += 64;
        in += 64;
        len -= 64;
    }
    if (len > 0) {
        rounds(ks, st);
        for (int i = 0; i < 16; i++)
            store32(tail + 4 * i, ks[i]);
        for (size_t i = 0; i < len; i++)
            out[i] = (uint8_t)(in[i] ^ tail[i]);
    }
    core_wipe(st, sizeof st);
    core_wipe(ks, sizeof ks);
    core_wipe(tail, sizeof tail);
}
