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
#define QR(a, b, c, d)                                                                        \
    do {                                                                                      \
        a += b, d ^= a, d = ROTL32(d, 16);                                                    \
        c += d, b ^= c, b = ROTL32(b, 12);                                                    \
        a += b, d ^= a, d = ROTL32(d, 8);                                                     \
        c += d, b ^= c, b = ROTL32(b, 7);                                                     \
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

void chacha20_block(uint8_t out[64], const uint8_t key[32], uint32_t counter,
                    const uint8_t nonce[12])
{
    /* constants "expand 32-byte k" | key | counter | nonce (2.3) */
    uint32_t in[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u};
    for (int i = 0; i < 8; i++)
        in[4 + i] = load32(key + 4 * i);
    in[12] = counter;
    for (int i = 0; i < 3; i++)
        in[13 + i] = load32(nonce + 4 * i);

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
    uint32_t x[16] = {x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15};
    for (int i = 0; i < 16; i++)
        store32(out + 4 * i, x[i] + in[i]);
    core_wipe(in, sizeof in);
    core_wipe(x, sizeof x);
}

void chacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                  uint32_t counter, const uint8_t nonce[12])
{
    uint8_t ks[64];
    while (len > 0) {
        size_t n = len < 64 ? len : 64;
        chacha20_block(ks, key, counter++, nonce);
        for (size_t i = 0; i < n; i++)
            out[i] = (uint8_t)(in[i] ^ ks[i]);
        out += n;
        in += n;
        len -= n;
    }
    core_wipe(ks, sizeof ks);
}
